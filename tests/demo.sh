#!/usr/bin/env bash
# Builds medtls, starts the bundled demo peer — DCMTK storescp with TLS and a required client
# certificate, certificates made by vectors/pki/make-test-pki.sh — scans it and shows the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/install-deps.sh
cmake -S . -B build >/dev/null
cmake --build build -j"$(nproc)" --target medtls
demo=build/demo
rm -rf "$demo" && mkdir -p "$demo/pki" "$demo/received"
bash vectors/pki/make-test-pki.sh "$demo/pki"
port=${MEDTLS_DEMO_PORT:-11762}
storescp --enable-tls "$demo/pki/server-rsa.key" "$demo/pki/server-rsa.pem" --null-passwd \
  --add-cert-file "$demo/pki/ca.pem" --require-peer-cert --output-directory "$demo/received" \
  "$port" >"$demo/storescp.log" 2>&1 &
peer=$!
trap 'kill $peer 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
echo "demo peer: DCMTK storescp (TLS, client certificate required) on 127.0.0.1:$port"
echo "\$ build/medtls scan dicom://localhost:$port --out $demo/report"
set +e
build/medtls scan "dicom://localhost:$port" --out "$demo/report"
rc=$?
set -e
echo "medtls exit code: $rc (0 all profiles pass, 1 a profile fails, 2 bad input, 3 unreachable, 4 inconclusive)"
