# cmake -DVITALS=<vitals CLI> -DDIR=<output folder> -DSET=<scorecard set> -DAS_OF=<YYYY-MM-DD>
#       -DACCOUNTS=<n> -P random_book.cmake
# Writes a random book with every side file (`vitals sample`) into DIR, then `vitals score`'s CSV of
# it with all of them (DIR/cli_scores.csv): the test capi_session_random compares the C session's
# columns with it.
file(MAKE_DIRECTORY ${DIR})
execute_process(
    COMMAND ${VITALS} sample --accounts ${ACCOUNTS} --seed 12 --segments --as-of ${AS_OF} --no-progress
            --out ${DIR}/accounts.csv --history ${DIR}/history.csv --previous ${DIR}/previous.csv
            --surveys ${DIR}/surveys.csv --overrides ${DIR}/overrides.csv
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "vitals sample failed (${rc})")
endif()
execute_process(
    COMMAND ${VITALS} score ${DIR}/accounts.csv --scorecard ${SET} --history ${DIR}/history.csv
            --previous ${DIR}/previous.csv --overrides ${DIR}/overrides.csv --surveys ${DIR}/surveys.csv
            --as-of ${AS_OF} --format csv --out ${DIR}/cli_scores.csv --quiet --no-progress
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "vitals score failed (${rc})")
endif()
