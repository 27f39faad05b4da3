#!/usr/bin/env bash
# Bash completion for vitals, as a shell would call it: COMP_WORDS / COMP_CWORD in, COMPREPLY out.
#   check_completion.sh <vitals binary> <vitals.bash> <source dir>
set -euo pipefail
vitals=$1 script=$2 source_dir=$3
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$vitals" "$bin/vitals"
PATH="$bin:$PATH"
# shellcheck source=/dev/null
source "$script"
[[ $(complete -p vitals) == *"-F _vitals"* ]] || { echo "FAIL: no completion registered for vitals"; exit 1; }

failures=0
# complete WORD... : the last word is the one being completed
complete_line() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _vitals
    printf '%s\n' "${COMPREPLY[@]}" | sort
}
expect() {  # expect "<expected, one per line>" WORD...
    local want=$1
    shift
    local got
    got=$(complete_line "$@")
    if [[ $got != "$want" ]]; then
        echo "FAIL: completing '$*': got [$(echo $got)], want [$(echo $want)]"
        failures=$((failures + 1))
    fi
}
expect_has() {  # expect_has WORD-THAT-MUST-BE-OFFERED WORD...
    local want=$1
    shift
    if ! complete_line "$@" | grep -qxF -- "$want"; then
        echo "FAIL: completing '$*' does not offer $want"
        failures=$((failures + 1))
    fi
}

# commands, from `vitals --help`
expect $'score\nscorecard' vitals sc
expect "portfolio" vitals por
[[ $(complete_line vitals "" | wc -l) -ge 7 ]] || { echo "FAIL: fewer than 7 commands"; failures=$((failures + 1)); }
# a command's options, from `vitals score --help`
expect_has --scorecard vitals score --sc
expect_has --format vitals score docs/examples/accounts.csv --for
expect_has --help vitals explain --he
# sub-commands of a command, and their options
expect "validate" vitals scorecard va
expect_has --help vitals scorecard validate --h
# an option (and its value) between the command and the word do not lose the command
expect_has --scorecard vitals score --format csv --scorec
# arguments: files
cd "$source_dir"
expect_has docs/examples/accounts.csv vitals score docs/examples/acc
expect "" vitals score no-such-prefix-xyz

if ((failures)); then
    echo "$failures completion check(s) failed"
    exit 1
fi
echo "bash completion: all checks passed"
