#!/usr/bin/env bash
# Builds the libFuzzer targets of this package and runs each in turn.
#
#   Fuzz/run.sh [SECONDS] [TARGET...]   fuzz each target for SECONDS (default $FUZZ_SECONDS or 300)
#   FUZZ_SMOKE=1 Fuzz/run.sh [TARGET...] run each target once over its committed corpus and stop
#   FUZZ_FLAGS="-use_value_profile=1" …  extra libFuzzer flags for every target
#
# Everything is built into Fuzz/.build (never the root package's .build). Each target starts from
# its committed seeds in Fuzz/corpus/<target>/ and keeps what it discovers in
# Fuzz/.build/corpus/<target>/, so a later run carries on where the last one stopped. Crashes,
# timeouts and out-of-memory inputs land in Fuzz/crashes/<target>/, the full output in
# Fuzz/logs/<target>.log. The exit status is 1 when any target found a problem.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${FUZZ_SECONDS:-300}
if [[ ${1:-} =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
if (($# > 0)); then
    targets=("$@")
else
    targets=()
    for dir in Sources/Fuzz*/; do
        name=$(basename "$dir")
        [[ $name == FuzzSupport ]] || targets+=("$name")
    done
fi

# -sanitize=fuzzer adds libFuzzer's coverage instrumentation and links its runtime; address adds
# AddressSanitizer, which turns out-of-bounds reads in the C libraries' callers into crashes.
swift build -c release -Xswiftc -sanitize=fuzzer,address

bin=$(swift build -c release -Xswiftc -sanitize=fuzzer,address --show-bin-path)
dictionary_for() {
    case $1 in
        FuzzJSONValue | FuzzPluginProtocol) echo dictionaries/json.dict ;;
        FuzzTextProcessor) echo dictionaries/text.dict ;;
        *) echo dictionaries/html.dict ;;
    esac
}

mkdir -p logs
failed=()
for target in "${targets[@]}"; do
    mkdir -p ".build/corpus/$target" "crashes/$target"
    flags=(
        -dict="$(dictionary_for "$target")"
        -artifact_prefix="crashes/$target/"
        -timeout=10          # an input that takes 10 s is a hang (libFuzzer's default is 20 minutes)
        -rss_limit_mb=2048
        -max_len=65536
        -print_final_stats=1
        ${FUZZ_FLAGS:-}
    )
    if [[ ${FUZZ_SMOKE:-0} == 1 ]]; then
        echo "== $target: every committed seed once"
        "$bin/$target" "${flags[@]}" -runs=0 "corpus/$target" >"logs/$target.log" 2>&1 || failed+=("$target")
    else
        echo "== $target: fuzzing for $seconds s"
        "$bin/$target" "${flags[@]}" -max_total_time="$seconds" ".build/corpus/$target" "corpus/$target" \
            >"logs/$target.log" 2>&1 || failed+=("$target")
    fi
    # libFuzzer's last status line carries coverage (cov), features (ft) and the corpus size.
    grep -E '^#[0-9]+' "logs/$target.log" | tail -1 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "logs/$target.log" || true
done

if ((${#failed[@]} > 0)); then
    echo "Problems found by: ${failed[*]} (inputs in Fuzz/crashes/, output in Fuzz/logs/)" >&2
    exit 1
fi
echo "No crash, hang or leak found."
