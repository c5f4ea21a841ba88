#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang, ASan + UBSan + LeakSanitizer) in build-fuzz and
# runs each for SECONDS (default 60), two at a time (FUZZ_JOBS), on a working copy of its seed
# corpus (build-fuzz/corpus/<target>, kept between runs; new seeds in vectors/fuzz/<target> are
# added). Crash inputs go to build-fuzz/artifacts/<target>/, logs to build-fuzz/logs/<target>.log.
#
#   bash tests/fuzz.sh [SECONDS] [TARGET…]        e.g.  bash tests/fuzz.sh 300 fuzz_certificate
#
# Findings listed in tests/fuzz/known-findings.txt are tolerated (set MEDTLS_FUZZ_KNOWN="" to
# tolerate none); MEDTLS_FUZZ_SAVE_DIR=DIR keeps one input per tolerated finding. Extra libFuzzer
# flags: FUZZ_FLAGS="-only_ascii=1 …". Exit status 1 when a target crashed, leaked, timed out,
# ran out of memory or broke a property; the artifact path is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(fuzz_flight_parser fuzz_certificate fuzz_pdu_recorder fuzz_json_roundtrip
             fuzz_profile_loader fuzz_client_hello)
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
jobs=${FUZZ_JOBS:-2}
case $seconds in '' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET…]" >&2; exit 2 ;; esac
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "unknown target $t (${all_targets[*]})" >&2; exit 2; }
done

max_len() {
  case $1 in
    fuzz_pdu_recorder) echo 262144 ;;  # 256 KiB: several PDUs of a large association
    *) echo 65536 ;;                   # flights, hellos, certificate chains, profiles, reports: 64 KiB
  esac
}

bash tests/install-deps.sh clang libclang-rt-14-dev
build="build-fuzz"
start=$(date +%s)
CC=clang CXX=clang++ cmake -S . -B "$build" -DMEDTLS_FUZZ=ON -DMEDTLS_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"${FUZZ_BUILD_JOBS:-$(nproc)}" --target "${targets[@]}"
echo "build: $(($(date +%s) - start)) s"

if [ -z "${MEDTLS_FUZZ_KNOWN+set}" ]; then
  MEDTLS_FUZZ_KNOWN=$(sed -e 's/#.*//' tests/fuzz/known-findings.txt | tr -s ' \t\n' ' ')
fi
export MEDTLS_FUZZ_KNOWN
[ -n "${MEDTLS_FUZZ_KNOWN// /}" ] && echo "tolerated known findings: $MEDTLS_FUZZ_KNOWN"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}

run_target() {
  local t=$1 corpus=$build/corpus/$1 artifacts=$build/artifacts/$1 log=$build/logs/$1.log
  mkdir -p "$corpus" "$artifacts" "$build/logs"
  cp -n vectors/fuzz/"$t"/* "$corpus"/ 2>/dev/null || true
  local dict=() began rc=0
  [ -f tests/fuzz/"$t".dict ] && dict=(-dict=tests/fuzz/"$t".dict)
  began=$(date +%s)
  # shellcheck disable=SC2086  # FUZZ_FLAGS is a list of flags
  "$build/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=10 \
    -max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "${dict[@]}" ${FUZZ_FLAGS:-} "$corpus" >"$log" 2>&1 || rc=$?
  echo "$rc $(($(date +%s) - began))" >"$build/logs/$t.status"
}

echo "fuzzing ${targets[*]} for $seconds s each, $jobs at a time"
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  rm -f "$build/logs/$t.status"
  run_target "$t" &
done
wait

status=0
for t in "${targets[@]}"; do
  log=$build/logs/$t.log
  read -r rc took <"$build/logs/$t.status"
  last=$(grep -aE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1 || true)
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
  eps=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -1)
  [ -z "$eps" ] && eps=$(sed -nE 's/.* exec\/s: ([0-9]+).*/\1/p' <<<"$last")
  result=ok
  if [ "$rc" -ne 0 ]; then
    status=1
    if grep -aq 'ERROR: LeakSanitizer' "$log"; then result=leak
    elif grep -aq 'ERROR: libFuzzer: timeout' "$log"; then result=timeout
    elif grep -aqE 'ERROR: libFuzzer: (out-of-memory|malloc)' "$log"; then result=oom
    elif grep -aq '\*\*\* FINDING' "$log"; then
      result="finding $(grep -a -m1 '\*\*\* FINDING' "$log" | sed -E 's/^\*\*\* FINDING ([^ :]+).*/\1/')"
    elif grep -aq 'runtime error:' "$log"; then result="undefined behaviour"
    elif grep -aq 'ERROR: AddressSanitizer' "$log"; then
      result="asan $(grep -a -m1 'ERROR: AddressSanitizer' "$log" | sed -E 's/.*AddressSanitizer: ([a-z-]+).*/\1/')"
    else result="crash (exit $rc)"; fi
    artifact=$(grep -aoE 'Test unit written to [^ ]+' "$log" | tail -1 | cut -d' ' -f5 || true)
    result="$result: ${artifact:-no artifact} (log $log)"
  fi
  echo "$t: $took s, ${eps:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, $result"
done
exit $status
