#!/usr/bin/env bash
# Generates the medtls test PKI into OUTDIR (created if missing). Test-only keys, made at test
# time and never committed. Idempotent: every run overwrites every file. Silent on success;
# on failure openssl's own messages are printed and the exit status is non-zero.
#
# Why this script and harness/x509/forge* both exist: this one makes the tests' fixed PKI for
# real peers with the openssl command line, independently of the code under test and without a
# medtls binary (also used by bench/run.sh and vectors/fuzz/make_seeds.py); forge is the
# product's generator (`medtls vectors`, the client-certificate matrix). vectors/pki/README.md.
#
# Extending: add a leaf with `make_leaf NAME KEYSPEC SUBJ EXTENSIONS [extra x509 args]`
# (KEYSPEC is "rsa:BITS" or "ec:CURVE").
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out=$1
mkdir -p "$out"
cd "$out"

# Scratch files (CSRs, extension files) live in a private directory removed on exit, so that
# OUTDIR only ever holds the products.
work=$(mktemp -d "${TMPDIR:-/tmp}/medtls-pki.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Runs openssl quietly: its chatter (e.g. "Certificate request self-signature ok") is shown only
# when the command fails, so success prints nothing.
ossl() {
  local log="$work/openssl.log"
  if ! openssl "$@" >"$log" 2>&1; then
    echo "openssl $1 failed:" >&2
    cat "$log" >&2
    return 1
  fi
}

# new_key FILE KEYSPEC — an unencrypted PEM private key (PKCS#8).
new_key() {
  local file=$1 spec=$2
  case $spec in
    rsa:*) ossl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${spec#rsa:}" -out "$file" ;;
    ec:*) ossl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:${spec#ec:}" \
      -pkeyopt ec_param_enc:named_curve -out "$file" ;;
    *) echo "unknown key spec $spec" >&2; return 1 ;;
  esac
}

# make_leaf NAME KEYSPEC SUBJ EXTENSIONS [extra `openssl x509 -req` args] — NAME.key and
# NAME.pem, signed by the CA. EXTENSIONS is the body of an OpenSSL extension file.
make_leaf() {
  local name=$1 spec=$2 subj=$3 exts=$4
  shift 4
  new_key "$name.key" "$spec"
  printf '%s\n' "$exts" >"$work/$name.ext"
  ossl req -new -key "$name.key" -subj "$subj" -out "$work/$name.csr"
  # A fresh random serial per certificate (-set_serial would repeat serials across runs).
  ossl x509 -req -in "$work/$name.csr" -CA ca.pem -CAkey ca.key \
    -set_serial "0x$(openssl rand -hex 16)" -days 825 -sha256 \
    -extfile "$work/$name.ext" -out "$name.pem" "$@"
}

# Root CA.
new_key ca.key rsa:2048
ossl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=medtls Test Root CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" -out ca.pem

server_san="subjectAltName=DNS:localhost,IP:127.0.0.1"
server_eku="extendedKeyUsage=serverAuth,clientAuth"

make_leaf server-rsa rsa:2048 "/CN=localhost" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
$server_eku
$server_san
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

make_leaf server-ec ec:P-256 "/CN=localhost" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
$server_eku
$server_san
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

make_leaf client rsa:2048 "/CN=medtls test client" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

# RFC 7919 group: named parameters, so nothing to generate (instant, unlike a fresh prime).
ossl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out ffdhe2048.pem
