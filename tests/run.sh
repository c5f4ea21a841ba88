#!/usr/bin/env bash
# Installs what is needed, builds with AddressSanitizer and UndefinedBehaviorSanitizer, and runs
# every test: unit tests on captured bytes, integration tests against real peers on loopback (the
# hostile-peer suite included), the replay of every fuzz seed and past crash, then builds the
# Debian package and checks it installed (tests/package.sh), and then each libFuzzer target for
# FUZZ_SECONDS (default 60) on its own clang build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/install-deps.sh
cmake -S . -B build-tests -DMEDTLS_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-tests -j"$(nproc)"
(cd build-tests && ctest --output-on-failure --timeout 600 -j2)
bash tests/package.sh
bash tests/fuzz.sh "${FUZZ_SECONDS:-60}"
