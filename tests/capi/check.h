/* The checks every C99 host test of libvitals uses: a failed check prints where it failed and counts;
 * main() returns the count. CHECK_FAILS also checks the thread's error message (vitals_last_error). */
#ifndef VITALS_TESTS_CAPI_CHECK_H
#define VITALS_TESTS_CAPI_CHECK_H

#include "vitals/vitals.h"

#include <stdio.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            ++failures;                                                              \
        }                                                                            \
    } while (0)

/* A call must fail with `code`, and the thread's message must contain `text`. */
#define CHECK_FAILS(call, code, text)                                                                  \
    do {                                                                                               \
        vitals_status s_ = (call);                                                                     \
        if (s_ != (code) || strstr(vitals_last_error(), (text)) == NULL) {                             \
            fprintf(stderr, "%s:%d: %s\n  returned %d (%s), expected %d (%s)\n  message: \"%s\"\n"      \
                            "  expected it to contain: \"%s\"\n",                                      \
                    __FILE__, __LINE__, #call, (int)s_, vitals_status_string(s_), (int)(code),         \
                    vitals_status_string(code), vitals_last_error(), (text));                          \
            ++failures;                                                                                \
        }                                                                                              \
    } while (0)

#define CHECK_OK(call)                                                                                  \
    do {                                                                                                \
        vitals_status s_ = (call);                                                                      \
        if (s_ != VITALS_OK) {                                                                          \
            fprintf(stderr, "%s:%d: %s failed: %d (%s): %s\n", __FILE__, __LINE__, #call, (int)s_,     \
                    vitals_status_string(s_), vitals_last_error());                                     \
            ++failures;                                                                                 \
        } else if (vitals_last_error()[0] != '\0') {                                                    \
            fprintf(stderr, "%s:%d: %s succeeded but left an error message\n", __FILE__, __LINE__, #call); \
            ++failures;                                                                                 \
        }                                                                                               \
    } while (0)

#endif
