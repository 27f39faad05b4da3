#!/usr/bin/env bash
# Runs the libFuzzer targets built by the clang preset, each for SECONDS (default 60), seeded from
# the committed corpus tests/fuzz/corpus/<target>/ (read only: new inputs go to a working corpus in
# the build folder). Prints the executions per target; exits non-zero when a target finds a crash,
# a broken property, a leak, a timeout or an out-of-memory, leaving the input in
# <build>/fuzz/artifacts/ (commit it to the target's corpus as a regression case once fixed).
#
#   tests/fuzz/run.sh [--build DIR] [--seconds N] [--jobs J] [target...]   (default: every target)
#
# Targets run J at a time (default: the number of CPUs), each on one core, so every target still
# gets its full SECONDS of fuzzing; the summary lists them in the order given.
#
# CI (.ci/test) runs it with the defaults. For longer runs see tests/fuzz/run_long.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$root/build/clang"
seconds=60
jobs=$(nproc)
targets=()
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build="$(cd "$2" && pwd)"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) targets+=("$1"); shift ;;
    esac
done
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_scorecard fuzz_scorecard_set fuzz_expression fuzz_csv_reader fuzz_overrides fuzz_capi_score
             fuzz_capi_path_to_green fuzz_model_options fuzz_session)
fi

for t in "${targets[@]}"; do
    if [ ! -x "$build/tests/fuzz/$t" ]; then
        echo "run.sh: $build/tests/fuzz/$t is not built (cmake --preset clang && cmake --build build/clang --target fuzzers)" >&2
        exit 2
    fi
done

fuzz_one() {  # fuzz_one <target>: fuzzes it, writes its summary line to <build>/fuzz/<target>/result
    local t="$1" bin="$build/tests/fuzz/$1" work="$build/fuzz/$1/corpus" art="$build/fuzz/artifacts"
    local log="$build/fuzz/$1/log.txt" dict=() start rc=0 took execs cov
    mkdir -p "$work" "$art"
    case "$t" in
    fuzz_scorecard* | fuzz_model_options) dict=(-dict="$here/json.dict") ;;
    fuzz_expression) dict=(-dict="$here/expression.dict") ;;
    fuzz_csv_reader | fuzz_overrides) dict=(-dict="$here/csv.dict") ;;
    esac
    echo "== fuzz $t: ${seconds} s, seeds tests/fuzz/corpus/$t ($(ls "$here/corpus/$t" | wc -l) files)"
    start=$(date +%s)
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
        "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
            -artifact_prefix="$art/$t-" "${dict[@]}" "${extra[@]}" "$work" "$here/corpus/$t" > "$log" 2>&1 || rc=$?
    took=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    echo "$rc $t: ${execs:-?} execs in ${took} s (${cov:-?} coverage points), exit $rc" > "$build/fuzz/$t/result"
}

running=0
for t in "${targets[@]}"; do
    rm -f "$build/fuzz/$t/result"
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
    fuzz_one "$t" &
    running=$((running + 1))
done
wait

failed=()
echo "== fuzz summary"
for t in "${targets[@]}"; do
    read -r rc line < "$build/fuzz/$t/result" || { rc=1; line="$t: no result"; }
    echo "   $line"
    if [ "$rc" -ne 0 ]; then
        failed+=("$t")
        echo "--- $t failed; the end of its log ($build/fuzz/$t/log.txt):"
        tail -n 60 "$build/fuzz/$t/log.txt"
        ls -1 "$build/fuzz/artifacts" | sed -n "/^$t-/s|^|    artifact: $build/fuzz/artifacts/|p"
    fi
done
if [ ${#failed[@]} -ne 0 ]; then
    echo "== fuzz FAILED: ${failed[*]}" >&2
    exit 1
fi
