#!/usr/bin/env bash
# Builds medtls, makes a test PKI with `medtls vectors`, starts the bundled demo peer — DCMTK
# storescp with TLS, requiring a client certificate from that PKI and checking its CRL, beside a
# cleartext storescp on another port — scans it (TLS, server certificate, client-certificate
# matrix, DICOM associations over every accepted version and suite, cleartext on both ports) and
# shows the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/install-deps.sh
cmake -S . -B build >/dev/null
cmake --build build -j"$(nproc)" --target medtls
demo=build/demo
rm -rf "$demo" && mkdir -p "$demo/received"
build/medtls vectors --out "$demo/vectors" >/dev/null
v=$demo/vectors
port=${MEDTLS_DEMO_PORT:-11762}
storescp --enable-tls "$v/server/good-rsa.key" "$v/server/good-rsa.pem" --null-passwd \
  --add-cert-file "$v/ca/roots.pem" --add-crl-file "$v/client/crl.pem" --require-peer-cert \
  --output-directory "$demo/received" "$port" >"$demo/storescp.log" 2>&1 &
peer=$!
plain_port=${MEDTLS_DEMO_PLAIN_PORT:-11763}
storescp --output-directory "$demo/received" "$plain_port" >"$demo/storescp-plain.log" 2>&1 &
plain=$!
trap 'kill $peer $plain 2>/dev/null || true' EXIT
for p in "$port" "$plain_port"; do
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
done
echo "demo peer: DCMTK storescp (TLS, client certificate required, CRL checked) on 127.0.0.1:$port,"
echo "           and cleartext DICOM on 127.0.0.1:$plain_port"
cmd=(build/medtls scan "dicom://localhost:$port" --ca "$v/ca/roots.pem" --crl "$v/ca/crls.pem"
     --client-vectors "$v" --association-matrix --plain-port "$plain_port"
     --out "$demo/report")
echo "\$ ${cmd[*]}"
set +e
"${cmd[@]}"
rc=$?
set -e
echo "medtls exit code: $rc (0 all profiles pass, 1 a profile fails, 2 bad input, 3 unreachable, 4 inconclusive)"
