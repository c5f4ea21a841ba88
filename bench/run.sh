#!/usr/bin/env bash
# medtls side by side with sslscan, nmap --script ssl-enum-ciphers and testssl.sh, in one run.
#
# Starts four real TLS peers on 127.0.0.1 (the same ones as tests/integration/scan_peers_test.cpp),
# runs a full scan of each with each tool, measures wall time and the TCP connections opened to
# the peer's port (SYNs without ACK captured on lo with tcpdump, independently of the tools), and
# compares the accepted suites per TLS version. See bench/README.md for what the figures mean.
#
#   bash bench/run.sh [--repeat N] [--out DIR] [--peers "A B C D"]
#                     [--tools "medtls sslscan nmap testssl"] [--base-port P] [--no-netns]
#
# Needs root (apt-get, tcpdump, a private network namespace). Results go to
# build-bench/bench-results/<UTC time>/ (results.md, runs.tsv, every tool's raw output);
# build-bench/bench-results/latest.md is the newest results.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${MEDTLS_BENCH_BUILD:-$repo/build-bench}
repeat=1
out=""
peers="A B C D"
tools="medtls sslscan nmap testssl"
base_port=24501
netns=1

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --repeat) repeat=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --no-netns) netns=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --repeat needs a positive integer" >&2; exit 2; }
if ! [[ $base_port =~ ^[0-9]+$ ]] || ((base_port < 1024 || base_port > 65000)); then
  echo "run.sh: --base-port must be in 1024..65000" >&2; exit 2
fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- phase 1 (host network): install, build, PKI ------------------------------------------
if [[ -z ${MEDTLS_BENCH_INNER:-} ]]; then
  cd "$repo"
  log "installing what is missing (Debian packages)"
  # iproute2: `ip` and `ss` (loopback in the private namespace, listening checks).
  bash tests/install-deps.sh sslscan nmap testssl.sh tcpdump iproute2 python3 procps >&2
  log "building medtls (Release) in $build"
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j"$(nproc)" --target medtls >/dev/null
  [[ -n $out ]] || out=$build/bench-results/$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  log "test PKI in $out/pki"
  bash vectors/pki/make-test-pki.sh "$out/pki"
  export MEDTLS_BENCH_INNER=1 MEDTLS_BENCH_OUT=$out MEDTLS_BENCH_BUILD=$build
  args=(--repeat "$repeat" --peers "$peers" --tools "$tools" --base-port "$base_port")
  # gnutls-serv and storescp cannot be told an address and listen on every interface: in a
  # private network namespace (its own lo, nothing else) they are reachable from nowhere but
  # this bench, and the capture on lo sees only the bench's own traffic.
  if ((netns)) && unshare -n true 2>/dev/null; then
    export MEDTLS_BENCH_NETNS=1
    exec unshare -n -- bash "${BASH_SOURCE[0]}" "${args[@]}"
  fi
  ((netns)) && log "no private network namespace (unshare -n failed): using the host's loopback"
  export MEDTLS_BENCH_NETNS=0
  exec bash "${BASH_SOURCE[0]}" "${args[@]}"
fi

# ---- phase 2: peers, tool runs, capture ---------------------------------------------------
out=$MEDTLS_BENCH_OUT
medtls=$build/medtls
pki=$out/pki
raw=$out/raw
mkdir -p "$raw"
[[ -x $medtls ]] || { echo "run.sh: $medtls not built" >&2; exit 1; }
if [[ ${MEDTLS_BENCH_NETNS:-0} == 1 ]]; then
  ip link set lo up
fi

declare -A port pid label cmdline
canary=$((base_port + 98))   # a closed port: SYNs to it mark the start and end of a capture
i=0
for p in A B C D; do port[$p]=$((base_port + i)); i=$((i + 1)); done

tcpdump_pid=""
tool_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $tool_pid ]]; then kill "$tool_pid" 2>/dev/null || true; wait "$tool_pid" 2>/dev/null || true; fi
  if [[ -n $tcpdump_pid ]]; then kill "$tcpdump_pid" 2>/dev/null || true; fi
  for p in "${!pid[@]}"; do kill "${pid[$p]}" 2>/dev/null || true; done
  for p in "${!pid[@]}"; do wait "${pid[$p]}" 2>/dev/null || true; done
  if [[ -n $tcpdump_pid ]]; then wait "$tcpdump_pid" 2>/dev/null || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

for p in A B C D "$canary"; do
  pp=${port[$p]:-$p}
  if listening "$pp"; then echo "run.sh: port $pp is already in use (try --base-port)" >&2; exit 1; fi
done

# The four peers, as in tests/integration/scan_peers_test.cpp and tests/support/peers.cpp.
b13="NONE:+VERS-TLS1.3:+VERS-TLS1.2:+ECDHE-RSA:+ECDHE-ECDSA:+AES-256-GCM:+AES-128-GCM:"
b13+="+AES-256-CCM:+AES-128-CCM:+AES-256-CCM-8:+AES-128-CCM-8:+CHACHA20-POLY1305:+AEAD:"
b13+="+SIGN-ALL:+GROUP-ALL:+COMP-NULL:+CTYPE-X509"
b13cam="$b13:+CAMELLIA-256-GCM:+CAMELLIA-128-GCM"
c_cipher="AES128-SHA:AES256-SHA256:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:"
c_cipher+="ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0"
c_suites="TLS_AES_128_GCM_SHA256"
gnutls_creds=(--x509certfile "$pki/server-rsa.pem" --x509keyfile "$pki/server-rsa.key"
              --x509certfile "$pki/server-ec.pem" --x509keyfile "$pki/server-ec.key")
label[A]="gnutls-serv: exactly the B.13 required set, RSA + ECDSA certificates"
label[B]="gnutls-serv: B.13 required set + Camellia-GCM, RSA + ECDSA certificates"
label[C]="openssl s_server: TLS 1.0-1.3, CBC and static-RSA suites"
label[D]="DCMTK storescp: TLS (+py, BCP 195 non-downgrading), client certificate REQUIRED"

peer_argv() {  # peer_argv ID -> the peer's command line in the array `argv`
  case $1 in
    A) argv=(gnutls-serv --echo --port "${port[A]}" --priority "$b13" "${gnutls_creds[@]}"
             --disable-client-cert) ;;
    B) argv=(gnutls-serv --echo --port "${port[B]}" --priority "$b13cam" "${gnutls_creds[@]}"
             --disable-client-cert) ;;
    # -rev: without it s_server relays its stdin, and EOF on /dev/null stops it accepting.
    C) argv=(openssl s_server -accept "127.0.0.1:${port[C]}" -rev -cert "$pki/server-rsa.pem"
             -key "$pki/server-rsa.key" -cipher "$c_cipher" -ciphersuites "$c_suites"
             -min_protocol TLSv1) ;;
    D) mkdir -p "$out/storescp-incoming"
       argv=(storescp --enable-tls "$pki/server-rsa.key" "$pki/server-rsa.pem" --null-passwd
             --pem-keys +py --add-cert-file "$pki/ca.pem" --require-peer-cert
             --output-directory "$out/storescp-incoming" "${port[D]}") ;;
  esac
}

start_peer() {
  local p=$1 argv
  peer_argv "$p"
  cmdline[$p]=$(printf '%q ' "${argv[@]}")
  "${argv[@]}" </dev/null >>"$out/peer-$p.log" 2>&1 &
  pid[$p]=$!
  for _ in $(seq 200); do
    listening "${port[$p]}" && return 0
    kill -0 "${pid[$p]}" 2>/dev/null || break
    sleep 0.05
  done
  echo "run.sh: peer $p did not listen on ${port[$p]}: ${cmdline[$p]}" >&2
  tail -20 "$out/peer-$p.log" >&2 || true
  exit 1
}

ensure_peer() {  # a peer that died under a scanner is restarted (and that is recorded)
  local p=$1
  if ! kill -0 "${pid[$p]}" 2>/dev/null || ! listening "${port[$p]}"; then
    log "peer $p was down before a run: restarting it"
    echo "peer $p restarted at $(date -u +%FT%TZ)" >>"$out/restarts.txt"
    kill "${pid[$p]}" 2>/dev/null || true
    wait "${pid[$p]}" 2>/dev/null || true
    start_peer "$p"
  fi
}

syn_count() {  # syn_count PCAP PORT: connection openings (SYN without ACK) to PORT
  tcpdump -r "$1" -n "tcp dst port $2 and tcp[tcpflags] & tcp-syn != 0 and \
tcp[tcpflags] & tcp-ack == 0" 2>/dev/null | wc -l
}
poke() { (exec 3<>"/dev/tcp/127.0.0.1/$canary") 2>/dev/null || true; }

# capture_start PCAP PORT / capture_stop: the live filter only narrows to the two ports; SYNs
# are counted offline with the SYN-without-ACK filter. A SYN to the closed canary port is sent
# until it shows up in the file (the capture is running), and again after the tool (everything
# before it has been written), instead of guessing with sleeps. --immediate-mode, a small
# snapshot and a large buffer: with tcpdump's defaults packets sat in the ring until a block
# timeout, or were dropped in bursts, and runs were undercounted by one to eight connections.
capture_start() {
  cap_file=$1
  rm -f "$cap_file"
  tcpdump -i lo -n -s 128 -B 16384 --immediate-mode -U -w "$cap_file" \
    "tcp port $2 or tcp port $canary" 2>"$cap_file.log" &
  tcpdump_pid=$!
  for _ in $(seq 200); do
    poke
    [[ -s $cap_file ]] && (($(syn_count "$cap_file" "$canary") > 0)) && break
    kill -0 "$tcpdump_pid" 2>/dev/null || { cat "$cap_file.log" >&2; exit 1; }
    sleep 0.05
  done
  cap_marks=$(syn_count "$cap_file" "$canary")
  ((cap_marks > 0)) || { echo "run.sh: tcpdump captured nothing on lo" >&2; exit 1; }
}
capture_stop() {
  for _ in $(seq 200); do
    poke
    (($(syn_count "$cap_file" "$canary") > cap_marks)) && break
    sleep 0.05
  done
  kill -INT "$tcpdump_pid" 2>/dev/null || true
  wait "$tcpdump_pid" 2>/dev/null || true
  tcpdump_pid=""
  cap_drops=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$cap_file.log")
  cap_drops=${cap_drops:-?}
}

tool_argv() {  # tool_argv TOOL PEER DIR -> the tool's command line in `argv`, result file in `result`
  local t=$1 p=$2 d=$3 target=127.0.0.1:${port[$2]}
  case $t in
    medtls) result=$d/report.json
            argv=(timeout 300 "$medtls" scan "tls://$target" --out "$d" --quiet) ;;
    sslscan) result=$d/sslscan.xml
             argv=(timeout 300 sslscan --no-colour "--xml=$result" "$target") ;;
    sslscan+cert) result=$d/sslscan.xml
                  argv=(timeout 300 sslscan --no-colour "--certs=$pki/client.pem"
                        "--pk=$pki/client.key" "--xml=$result" "$target") ;;
    nmap) result=$d/nmap.xml
          argv=(timeout 300 nmap -Pn -n -p "${port[$p]}" --script ssl-enum-ciphers -oX "$result"
                127.0.0.1) ;;
    # Protocols (-p) and every cipher per protocol (-E): the part of testssl that is comparable.
    testssl) result=$d/testssl.json
             argv=(timeout 1200 testssl --quiet --color 0 --warnings off -p -E
                   --jsonfile "$result" "$target") ;;
  esac
}

# Oracles: what each peer was configured to accept, from the peers' own tooling.
mkdir -p "$out/oracle"
gnutls-cli --list --priority "$b13" >"$out/oracle/A-gnutls-list.txt" 2>&1 || true
gnutls-cli --list --priority "$b13cam" >"$out/oracle/B-gnutls-list.txt" 2>&1 || true
for v in tls1 tls1_1 tls1_2; do
  openssl ciphers -V -s "-$v" -ciphersuites "" "$c_cipher" >"$out/oracle/C-openssl-$v.txt" 2>&1 || true
done
echo "$c_suites" >"$out/oracle/C-ciphersuites.txt"   # TLS 1.3: exactly what -ciphersuites names

# Versions and machine, for the record.
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  printf 'machine\t%s, %s cores, %s\n' "$(uname -sr)" "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  printf 'network\t%s\n' "$([[ $MEDTLS_BENCH_NETNS == 1 ]] && echo 'private network namespace, lo only' || echo 'host loopback')"
  printf 'repeat\t%s\n' "$repeat"
  printf 'medtls\t%s\n' "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?') (Release build)"
  printf 'sslscan\t%s\n' "$(sslscan --version 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | awk 'NF{print $1; exit}')"
  printf 'nmap\t%s\n' "$(nmap --version | awk '/Nmap version/{print $3; exit}')"
  printf 'testssl\t%s\n' "$(testssl --version 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | awk '/testssl +[0-9]/{print $2; exit}')"
  printf 'openssl\t%s\n' "$(openssl version)"
  printf 'gnutls-serv\t%s\n' "$(gnutls-serv --version | head -1)"
  printf 'storescp\t%s\n' "$(storescp --version | sed -n 's/.*storescp \(v[^ ]*\).*/\1/p' | head -1)"
  printf 'tcpdump\t%s\n' "$(tcpdump --version 2>&1 | head -1)"
} >"$out/meta.tsv"

printf 'peer\tport\tlabel\tcommand\n' >"$out/peers.tsv"
printf 'peer\ttool\trun\texit\twall_s\tsyn\tdrops\tpeer_log_lines\tresult\n' >"$out/runs.tsv"

for p in $peers; do
  [[ -n ${port[$p]:-} ]] || { echo "run.sh: unknown peer $p" >&2; exit 2; }
  start_peer "$p"
  printf '%s\t%s\t%s\t%s\n' "$p" "${port[$p]}" "${label[$p]}" "${cmdline[$p]}" >>"$out/peers.tsv"
  log "peer $p on 127.0.0.1:${port[$p]} — ${label[$p]}"
  peer_tools=$tools
  [[ $p == D && " $tools " == *" sslscan "* ]] && peer_tools=${tools/sslscan/sslscan sslscan+cert}
  for t in $peer_tools; do
    case $t in medtls|sslscan|sslscan+cert|nmap|testssl) ;;
      *) echo "run.sh: unknown tool $t" >&2; exit 2 ;; esac
    for r in $(seq "$repeat"); do
      ensure_peer "$p"
      d=$raw/$p/$t/run$r
      rm -rf "$d" && mkdir -p "$d"
      tool_argv "$t" "$p" "$d"
      printf '%q ' "${argv[@]}" >"$d/command.txt"
      lines_before=$(wc -l <"$out/peer-$p.log")
      capture_start "$d/syn.pcap" "${port[$p]}"
      rc=0
      t0=$(date +%s.%N)
      # In the background and waited for, so that a signal to this script is handled at once
      # (the trap stops the tool: `timeout` passes the signal on to it).
      "${argv[@]}" >"$d/stdout.txt" 2>"$d/stderr.txt" </dev/null &
      tool_pid=$!
      wait "$tool_pid" || rc=$?
      t1=$(date +%s.%N)
      tool_pid=""
      capture_stop
      syn=$(syn_count "$d/syn.pcap" "${port[$p]}")
      wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
      lines=$(($(wc -l <"$out/peer-$p.log") - lines_before))
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$p" "$t" "$r" "$rc" "$wall" "$syn" \
        "$cap_drops" "$lines" "${result#"$out"/}" >>"$out/runs.tsv"
      log "  $t run $r: exit $rc, ${wall} s, $syn TCP connections"
    done
  done
  kill "${pid[$p]}" 2>/dev/null || true
  wait "${pid[$p]}" 2>/dev/null || true
  unset "pid[$p]"
done

python3 "$repo/bench/compare.py" --run-dir "$out" --iana "$repo/profiles/iana-tls-cipher-suites.csv" \
  --nmap-tls-lua /usr/share/nmap/nselib/tls.lua --markdown "$out/results.md"
mkdir -p "$build/bench-results" && cp "$out/results.md" "$build/bench-results/latest.md"
log "raw outputs and results.md in $out"
