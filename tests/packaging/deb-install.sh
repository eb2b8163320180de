#!/bin/sh
# Installs a built lector_*.deb into a throw-away copy of this machine and checks what the package
# promises: the `lector` user and group exist, the folders under /var/lib/lector have the owners
# and modes of tmpfiles.d/lector.conf, /etc/lector/lector.yaml is there and valid, nothing is
# enabled or started, the binary runs with no Swift toolchain on the machine and processes an
# article, and removing the package keeps the user's articles.
#
#   tests/packaging/deb-install.sh dist/lector_VERSION_ARCH.deb SEED_ARTICLE
#
# The copy is an overlay of / whose writes land in a tmpfs, mounted in private mount and PID
# namespaces (unshare) and entered with chroot, so dpkg, systemd-sysusers and systemd-tmpfiles
# change nothing on the host; the namespaces, and all they hold, end with the script. /opt/swift
# is hidden inside the copy.
set -eu

if [ "${DEB_INSTALL_TEST_INSIDE:-}" != 1 ]; then
    [ "$(id -u)" = 0 ] || { echo "deb-install.sh: SKIPPED: needs root"; exit 0; }
    deb=$(readlink -f "$1")
    seed=$(readlink -f "$2")
    exec env DEB_INSTALL_TEST_INSIDE=1 unshare --mount --propagation private --pid --fork --mount-proc "$0" "$deb" "$seed"
fi

deb=$1
seed=$2
work=$(mktemp -d)
mount -t tmpfs tmpfs "$work"
mkdir "$work/upper" "$work/work" "$work/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$work/root"
root=$work/root
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount -t tmpfs tmpfs "$root/run"
mount -t tmpfs tmpfs "$root/tmp"
[ -d "$root/opt/swift" ] && mount -t tmpfs tmpfs "$root/opt/swift"
cp "$deb" "$root/tmp/lector.deb"
cp "$seed" "$root/tmp/article.txt"

fail=0
check() {
    description=$1
    shift
    if output=$("$@" 2>&1); then
        echo "ok - $description"
    else
        echo "not ok - $description"
        printf '%s\n' "$output" | tail -n 5 | sed 's/^/#   /'
        fail=$((fail + 1))
    fi
}
inside() { chroot "$root" /bin/sh -c "$1"; }

# Start from a machine without Lector, whatever the host has.
inside 'if getent passwd lector >/dev/null; then userdel lector; fi; if getent group lector >/dev/null; then groupdel lector; fi; rm -rf /var/lib/lector /etc/lector'

check "dpkg -i installs the package" inside 'dpkg -i /tmp/lector.deb'
check "the lector user exists, with /var/lib/lector as home" inside 'getent passwd lector | cut -d: -f6 | grep -qx /var/lib/lector'
check "the lector group exists" inside 'getent group lector'
check "the inbox is 2770 lector:lector" inside 'test "$(stat -c %a:%U:%G /var/lib/lector/inbox)" = 2770:lector:lector'
check "output is 2750 lector:lector" inside 'test "$(stat -c %a:%U:%G /var/lib/lector/output)" = 2750:lector:lector'
check "processing, archive and failed exist" inside 'test -d /var/lib/lector/processing -a -d /var/lib/lector/archive -a -d /var/lib/lector/failed'
check "the unit is installed" inside 'test -f /usr/lib/systemd/system/lector.service || test -f /lib/systemd/system/lector.service'
check "the unit is not enabled" inside '! test -e /etc/systemd/system/multi-user.target.wants/lector.service'
check "the default configuration is installed and valid" inside 'lector config check /etc/lector/lector.yaml'
check "the binary runs without a Swift toolchain" inside 'test ! -e /opt/swift/usr/bin/swift && lector --version'
check "the binary processes an article" inside 'lector process /tmp/article.txt > /tmp/result.json && python3 -c "import json, sys; sys.exit(json.load(open(\"/tmp/result.json\"))[\"status\"] != \"ok\")"'
inside 'echo "my article" > /var/lib/lector/archive/kept.txt'
check "dpkg -r removes the package" inside 'dpkg -r lector'
check "removal keeps the articles and the user" inside 'test -f /var/lib/lector/archive/kept.txt && getent passwd lector'
check "removal keeps an edited configuration" inside 'test -f /etc/lector/lector.yaml'

total=15
echo "deb-install: $((total - fail)) passed, $fail failed"
[ "$fail" = 0 ]
