#!/bin/sh
# Checks packaging/lector.service offline: `systemd-analyze verify` must be clean and
# `systemd-analyze security --offline=true` must score it at most 1.0. Only the binary's path is changed,
# in a copy (ExecStart, ExecReload), to the built binary (verify fails when it does not exist).
#
#   tests/systemd/check-unit.sh BINARY
set -eu
binary=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "check-unit.sh: SKIPPED: systemd-analyze is not installed"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s|=/usr/bin/lector |=$binary |" "$repo/packaging/lector.service" > "$work/lector.service"
grep -q "^ExecStart=$binary " "$work/lector.service" || { echo "check-unit.sh: ExecStart not found in the unit" >&2; exit 1; }

out=$(systemd-analyze verify --man=no "$work/lector.service" 2>&1) || { echo "$out" >&2; exit 1; }
if [ -n "$out" ]; then echo "check-unit.sh: systemd-analyze verify is not clean:" >&2; echo "$out" >&2; exit 1; fi
echo "check-unit.sh: systemd-analyze verify: clean"

# systemd 252 takes the threshold in tenths (0..100): 10 means an exposure of 1.0.
if ! report=$(systemd-analyze security --offline=true --threshold=10 "$work/lector.service" 2>&1); then
    echo "$report" >&2
    echo "check-unit.sh: the unit's exposure is above 1.0" >&2
    exit 1
fi
echo "check-unit.sh: $(echo "$report" | grep 'Overall exposure level')"
