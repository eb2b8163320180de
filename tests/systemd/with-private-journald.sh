#!/bin/sh
# Runs a command next to a private systemd-journald whose journal files land in JOURNAL_DIR.
#
#   unshare --mount --propagation private tests/systemd/with-private-journald.sh JOURNAL_DIR COMMAND...
#
# It must run inside a private mount namespace (the unshare above): it mounts a tmpfs over
# /run/systemd/journal (hiding any host socket), binds JOURNAL_DIR over /run/log/journal, hides
# /var/log/journal, and gives journald a configuration of its own, so nothing of the host's journal
# is read or written. journald is killed by its PID on exit, whatever happened.
set -eu

journal_dir=$1
shift

# Refuse to run in the host's mount namespace: the mounts below would hide the host's journal.
if [ "$(readlink /proc/self/ns/mnt)" = "$(readlink /proc/1/ns/mnt)" ]; then
    echo "with-private-journald.sh: not in a private mount namespace; run it through unshare --mount" >&2
    exit 2
fi

mkdir -p "$journal_dir" /run/systemd/journal /run/log/journal
mount -t tmpfs -o mode=755 tmpfs /run/systemd/journal
mount --bind "$journal_dir" /run/log/journal
if [ -d /var/log/journal ]; then mount -t tmpfs -o mode=755 tmpfs /var/log/journal; fi

config=$(mktemp)
cat > "$config" <<'CONF'
[Journal]
Storage=volatile
ReadKMsg=no
Audit=no
ForwardToSyslog=no
ForwardToKMsg=no
ForwardToConsole=no
ForwardToWall=no
RateLimitBurst=0
CONF
mkdir -p /etc/systemd
[ -f /etc/systemd/journald.conf ] || touch /etc/systemd/journald.conf
mount --bind "$config" /etc/systemd/journald.conf
if [ -d /etc/systemd/journald.conf.d ]; then mount -t tmpfs tmpfs /etc/systemd/journald.conf.d; fi

/lib/systemd/systemd-journald &
journald=$!
cleanup() {
    kill -KILL "$journald" 2>/dev/null || true
    wait "$journald" 2>/dev/null || true
    rm -f "$config"
}
trap cleanup EXIT

tries=0
until [ -S /run/systemd/journal/socket ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 200 ]; then echo "with-private-journald.sh: journald did not start" >&2; exit 3; fi
    sleep 0.05
done

status=0
"$@" || status=$?
journalctl --sync 2>/dev/null || true
exit "$status"
