#!/bin/sh
# Boots a private systemd, with its own journald, in which the packaged lector.service can be
# started, reloaded, watched and stopped with systemctl, without touching the host.
#
#   mkdir /sys/fs/cgroup/unified/NAME
#   setsid --wait unshare --pid --fork --kill-child --mount --propagation private --mount-proc \
#       tests/systemd/private-systemd.sh STAGE /sys/fs/cgroup/unified/NAME
#
# STAGE is a folder holding what the service needs: lector.service (the packaged unit, with only
# ExecStart pointed at the binary under test), lector.sysusers, lector.tmpfiles, lector.yaml, and
# the binary with its resource bundles under bin/ (ExecStart points at /run/lector-test/bin/lector).
#
# It runs as PID 1 of a new PID namespace, in a private mount namespace, and only then execs
# systemd. Everything systemd could write that the host shares is hidden behind private mounts
# first: /run, /tmp, /var/tmp, /var/log/journal, /var/lib (tmpfs), and /etc (an overlay whose
# writes land in /run). Every start-up unit that would touch the host (tmpfiles' `D /tmp` rule
# would empty the host's /tmp, sysctl would change kernel settings, ...) is masked.
#
# systemd gets a cgroup namespace rooted at the empty cgroup2 folder CGROUP, with only that
# hierarchy mounted: every cgroup it makes stays below CGROUP. (Given the host's hybrid
# /sys/fs/cgroup instead, systemd creates folders in that tmpfs and then remounts it read-only,
# for the whole machine.) End it with SIGKILL to its PID 1, never `systemctl poweroff`, then remove
# CGROUP's sub-folders, deepest first, and CGROUP.
set -eu

stage=$1
cgroup=$2

# Refuse to run anywhere but as PID 1 of a private PID and mount namespace: every mount below
# would otherwise hide the host's folders, and systemd would take over the machine.
if [ "$$" != 1 ]; then
    echo "private-systemd.sh: not PID 1 of a new PID namespace; run it through unshare --pid --fork" >&2
    exit 2
fi
if [ ! -f "$cgroup/cgroup.procs" ]; then
    echo "private-systemd.sh: $cgroup is not a cgroup2 folder" >&2
    exit 2
fi

mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/systemd/system /run/lector-test /run/lector-etc/upper /run/lector-etc/work
# Copy what the service needs before /tmp is hidden: the stage usually lives there.
cp -R "$stage/." /run/lector-test/
chmod -R a+rX /run/lector-test

# A target that brings up journald and nothing else of a normal boot.
cat > /run/systemd/system/lector-test.target <<'UNIT'
[Unit]
Description=Lector's private test system
Wants=systemd-journald.socket systemd-journald.service
After=systemd-journald.socket systemd-journald.service
AllowIsolate=yes
UNIT

for unit in systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service \
    systemd-tmpfiles-clean.service systemd-tmpfiles-clean.timer systemd-sysctl.service \
    systemd-sysusers.service systemd-remount-fs.service systemd-binfmt.service \
    systemd-modules-load.service systemd-update-utmp.service systemd-journal-flush.service \
    systemd-random-seed.service systemd-machine-id-commit.service systemd-hwdb-update.service \
    systemd-firstboot.service ldconfig.service proc-sys-fs-binfmt_misc.automount; do
    ln -sf /dev/null "/run/systemd/system/$unit"
done

mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /var/tmp
mkdir -p /var/log/journal
mount -t tmpfs -o mode=2755 tmpfs /var/log/journal
mount -t tmpfs -o mode=755 tmpfs /var/lib
mount -t overlay overlay -o lowerdir=/etc,upperdir=/run/lector-etc/upper,workdir=/run/lector-etc/work /etc

# What the package's installation does: the user, the folders, the configuration.
cp /run/lector-test/lector.service /run/systemd/system/lector.service
systemd-sysusers /run/lector-test/lector.sysusers
systemd-tmpfiles --create /run/lector-test/lector.tmpfiles
mkdir -p /etc/lector
cp /run/lector-test/lector.yaml /etc/lector/lector.yaml

echo 0 > "$cgroup/cgroup.procs"
exec unshare --cgroup /bin/sh -c '
    mount -t cgroup2 cgroup2 /sys/fs/cgroup
    exec env container=lector-test /lib/systemd/systemd --system --unit=lector-test.target --show-status=no'

