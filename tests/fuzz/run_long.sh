#!/usr/bin/env bash
# Longer fuzzing runs than CI's minute per target: each target for SECONDS (default 1800), its
# working corpus kept in build/clang/fuzz/<target>/corpus between runs (so a run goes on from
# where the last one stopped). Builds the clang preset first.
#
#   tests/fuzz/run_long.sh [--seconds N] [--merge] [target...]
#
# --merge: afterwards, minimise the working corpus into tests/fuzz/corpus/<target>/ (-merge=1: only
# inputs that add coverage are copied); review and commit what it adds, keeping the corpus small.
# A crash stops that target and leaves its input in build/clang/fuzz/artifacts/: reproduce it with
# `build/clang/tests/fuzz/<target> <file>`, fix it, and commit the file to the target's corpus.
# Run it on an otherwise idle machine; docs/reliability.md has the figures of the last long run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds=1800
merge=0
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --merge) merge=1; shift ;;
    *) targets+=("$1"); shift ;;
    esac
done
cd "$root"
cmake --preset clang > /dev/null
cmake --build --preset clang --target fuzzers
rc=0
bash "$here/run.sh" --build build/clang --seconds "$seconds" "${targets[@]}" || rc=$?
if [ "$merge" -eq 1 ]; then
    if [ ${#targets[@]} -eq 0 ]; then
        targets=(fuzz_scorecard fuzz_scorecard_set fuzz_expression fuzz_csv_reader fuzz_overrides fuzz_capi_score fuzz_model_options fuzz_session)
    fi
    for t in "${targets[@]}"; do
        before=$(ls "$here/corpus/$t" | wc -l)
        "build/clang/tests/fuzz/$t" -merge=1 -rss_limit_mb=2048 "$here/corpus/$t" "build/clang/fuzz/$t/corpus" \
            > "build/clang/fuzz/$t/merge.txt" 2>&1
        echo "== merge $t: $before -> $(ls "$here/corpus/$t" | wc -l) files in tests/fuzz/corpus/$t"
    done
fi
exit "$rc"
