#!/usr/bin/env bash
# Builds the Debian package as a user would (plain Release build of the binary only, in
# build-deb; cmake/packaging.cmake), installs it with apt, checks the installed medtls from
# /usr/bin (version, built-in profiles, man page, files), and removes it again, so the machine
# ends with the same packages it started with. Run as root or a user with sudo; tests/run.sh
# calls it after ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
build=build-deb
bash tests/install-deps.sh
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_get() { DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 -q "$@"; }
fail() { echo "package.sh: FAIL: $*" >&2; exit 1; }
installed() { dpkg-query -W -f '${Status}\n' "$1" 2>/dev/null | grep -q "install ok installed"; }
all_installed() { dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^.i/ {print $2}' | sort; }

installed medtls && fail "a medtls package is already installed; remove it first (apt-get remove medtls)"

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DMEDTLS_TESTS=OFF -DMEDTLS_SANITIZE=OFF \
  -DMEDTLS_FUZZ=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"
rm -f "$build"/medtls_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
debs=("$build"/medtls_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single $build/medtls_*.deb"
deb=./${debs[0]}
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || fail "no project version in $build/CMakeCache.txt"

# The package itself: name, version, maintainer, dependencies found by dpkg-shlibdeps.
[ "$(dpkg-deb -f "$deb" Package)" = medtls ] || fail "package name is not medtls"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version is not $version"
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || fail "no Maintainer"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libssl3 libdcmtk17; do
  [[ ",$depends" == *", $lib"* || "$depends" == "$lib"* ]] || fail "Depends lacks $lib: $depends"
done

# Install; whatever apt pulls in besides medtls is removed again at the end.
before=$(mktemp)
trap 'rm -f "$before"' EXIT
all_installed >"$before"
cleanup() {
  apt_get remove -y medtls >/dev/null || true
  local extra
  extra=$(comm -13 "$before" <(all_installed))
  [ -z "$extra" ] || apt_get remove -y $extra >/dev/null || true
  rm -f "$before"
}
trap cleanup EXIT
apt_get install -y "$deb" >/dev/null

# The installed binary, run away from the source tree (it must need only its embedded data).
cd /
[ "$(command -v medtls)" = /usr/bin/medtls ] || fail "medtls is not /usr/bin/medtls"
out=$(/usr/bin/medtls --version)
[ "$out" = "medtls $version" ] || fail "medtls --version says '$out', expected 'medtls $version'"
profiles=$(/usr/bin/medtls profiles)
for id in dicom-b12 dicom-b13; do
  grep -Eq "(^|[^[:alnum:]-])$id([^[:alnum:]-]|$)" <<<"$profiles" ||
    fail "medtls profiles does not list $id:"$'\n'"$profiles"
done
files=$(dpkg -L medtls)
for f in /usr/bin/medtls /usr/share/man/man1/medtls.1.gz /usr/share/doc/medtls/README.md \
         /usr/share/medtls/profiles/dicom-b12.json /usr/share/medtls/profiles/dicom-b13.json \
         /usr/share/medtls/profiles/iana-tls-cipher-suites.csv; do
  grep -qxF "$f" <<<"$files" || fail "dpkg -L medtls does not list $f"
done
if command -v man >/dev/null; then
  [ "$(man -w medtls)" = /usr/share/man/man1/medtls.1.gz ] || fail "man -w medtls does not find the page"
  zcat /usr/share/man/man1/medtls.1.gz | grep -q '^\.SS "medtls scan"' || fail "man page lacks medtls scan"
fi
cd - >/dev/null

trap - EXIT
cleanup
installed medtls && fail "medtls is still installed after apt-get remove"
echo "package.sh: ok: $deb ($(dpkg-deb -f "$deb" Depends)), installed, checked and removed in $((SECONDS - start)) s"
