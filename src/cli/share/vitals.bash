# bash completion for vitals. Installed to share/bash-completion/completions/vitals.
#
# It asks the program itself: `vitals [COMMAND...] --help` lists the subcommands and options of each
# level, so completion follows the installed version with nothing to keep in step.

# The subcommands listed by a --help text (the lines after "Subcommands:").
_vitals_subcommands() {
    printf '%s\n' "$1" | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'
}

# The options listed by a --help text (-x and --long, including each ",-x,--long" alias).
_vitals_options() {
    printf '%s\n' "$1" | sed -n '/^Options:/,/^$/p' |
        grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9_-]*' | sed 's/^[ ,]//' | sort -u
}

_vitals() {
    local cur=${COMP_WORDS[COMP_CWORD]} prog=${COMP_WORDS[0]}
    local -a path=()
    local help i word
    help=$("$prog" --help 2>/dev/null) || return 0
    # the command path typed so far: words that are subcommands of the level before them
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        [[ $word == -* ]] && continue
        if _vitals_subcommands "$help" | grep -qxF -- "$word"; then
            path+=("$word")
            help=$("$prog" "${path[@]}" --help 2>/dev/null) || return 0
        fi
    done
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_vitals_options "$help")" -- "$cur"))
        return 0
    fi
    local subs
    subs=$(_vitals_subcommands "$help")
    if [[ -n $subs ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))  # files: books, scorecards, side inputs
    fi
}
complete -o filenames -F _vitals vitals
