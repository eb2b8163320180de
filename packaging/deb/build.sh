#!/bin/sh
# Builds lector_VERSION_ARCH.deb with dpkg-deb from a `make install DESTDIR=... PREFIX=/usr` tree.
#
#   packaging/deb/build.sh STAGING_DIR OUTPUT_DIR VERSION
#
# Depends: is worked out from the shared libraries the binary links, so the package asks for what
# the build machine's libraries are called (libicu72 on Debian 12, for example).
set -eu
staging=$1
output=$2
version=$3
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)

binary="$staging/usr/lib/lector/lector"
[ -x "$binary" ] || { echo "build.sh: $binary missing; run make install DESTDIR=$staging PREFIX=/usr first" >&2; exit 1; }

# Only the libraries the binary names itself (NEEDED), not what they pull in.
needed=$(objdump -p "$binary" | awk '/NEEDED/ { print $2 }')
depends=$(ldd "$binary" | awk '/=> \// { print $1, $3 }' | while read -r name lib; do
    echo "$needed" | grep -qxF "$name" || continue
    dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true
done | cut -d: -f1 | sort -u | paste -sd, - | sed 's/,/, /g')
depends="${depends:+$depends, }adduser | systemd"

mkdir -p "$staging/DEBIAN"
cat > "$staging/DEBIAN/control" <<CONTROL
Package: lector
Version: $version
Architecture: $arch
Maintainer: Lector developers <lector@localhost>
Section: text
Priority: optional
Depends: $depends
Description: plugin-based document-processing daemon
 Lector watches an inbox folder, runs every article dropped there through its
 processors (text segmentation, language detection, summarization) and writes
 one JSON result per article. Runs as the systemd service lector.service,
 which the package installs but does not enable.
CONTROL
echo /etc/lector/lector.yaml > "$staging/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 755 "$here/$script" "$staging/DEBIAN/$script"; done
mkdir -p "$output"
dpkg-deb --root-owner-group --build "$staging" "$output/lector_${version}_${arch}.deb"
