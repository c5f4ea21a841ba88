#!/usr/bin/env bash
# Installs, from Debian 12's archive, what medtls needs to build and what its tests use as real
# peers, and dpkg-dev (dpkg-shlibdeps) for the Debian package (tests/package.sh). Only packages
# that are missing are installed, so a second run costs nothing.
set -euo pipefail
packages=(cmake g++ make libdcmtk-dev dcmtk libssl-dev openssl libboost-test-dev
          nlohmann-json3-dev libcli11-dev gnutls-bin python3-jsonschema orthanc
          dpkg-dev "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q \
  --no-install-recommends "${missing[@]}"
