# Script mode: writes the vitals(1) man page from the program's own --help texts with help2man.
#   -DVITALS=<the vitals binary> -DHELP2MAN=<help2man> -DOUT=<vitals.1> -DWORK=<a scratch folder>
# help2man reads `vitals --help` and `--version` for NAME, SYNOPSIS, DESCRIPTION and OPTIONS; each
# command's (and each sub-command's) `--help` becomes a subsection of COMMANDS, so the page covers
# every option the program has, in the program's own words.
file(MAKE_DIRECTORY ${WORK})

# the subcommands a --help text lists (the lines after "Subcommands:")
function(subcommands_of help out)
    set(list "")
    string(REPLACE "\n" ";" lines "${help}")
    set(in FALSE)
    foreach(line IN LISTS lines)
        if(line STREQUAL "Subcommands:")
            set(in TRUE)
        elseif(in AND line MATCHES "^  ([a-z][a-z0-9-]*) ")
            list(APPEND list ${CMAKE_MATCH_1})
        elseif(in)
            set(in FALSE)
        endif()
    endforeach()
    set(${out} "${list}" PARENT_SCOPE)
endfunction()

# troff-safe text: backslashes escaped, a line starting with . or ' not read as a request
function(troff text out)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(help_of out)
    execute_process(COMMAND ${VITALS} ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc)
    if(rc)
        message(FATAL_ERROR "vitals ${ARGN} --help failed: ${rc}")
    endif()
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of(top)
subcommands_of("${top}" commands)
set(include "[COMMANDS]\nEach command's options, as `vitals COMMAND --help` prints them.\n")
foreach(cmd IN LISTS commands)
    help_of(text ${cmd})
    troff("${text}" text)
    string(APPEND include ".SS ${cmd}\n.nf\n${text}\n.fi\n")
    subcommands_of("${text}" subs)
    foreach(sub IN LISTS subs)
        help_of(subtext ${cmd} ${sub})
        troff("${subtext}" subtext)
        string(APPEND include ".SS ${cmd} ${sub}\n.nf\n${subtext}\n.fi\n")
    endforeach()
endforeach()
string(APPEND include "[SEE ALSO]\nThe documentation in docs/ of the Vitals sources: cli.md (every command, with examples), scorecard-format.md, c-api.md, python.md.\n")
file(WRITE ${WORK}/commands.h2m "${include}")

execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1
        "--name=explainable health scores for B2B customer accounts"
        --include=${WORK}/commands.h2m --output=${OUT} ${VITALS}
    RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "help2man failed: ${rc}")
endif()
