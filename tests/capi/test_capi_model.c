/* The C ABI's fitting and back-testing (vitals_scorecard_fit, vitals_scorecard_evaluate) from a
 * C99 host: results, layouts, the report buffer protocol, and every error class named.
 * Compiled with -std=c99 -pedantic -Werror; run under ASan/LeakSanitizer in the sanitizer build. */
#include "vitals/vitals.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* A starting scorecard over three columns (two groups), and N accounts whose churn depends on them. */
static const char* const start_json =
    "{\"vitals_scorecard\": 1, \"name\": \"start\", \"min_coverage\": 0.3,"
    " \"groups\": [{\"name\": \"relationship\"}, {\"name\": \"support\"}],"
    " \"measures\": ["
    "  {\"name\": \"tenure\", \"input\": \"tenure\", \"group\": \"relationship\","
    "   \"normaliser\": {\"kind\": \"linear\", \"worst\": 0, \"best\": 36}},"
    "  {\"name\": \"tickets\", \"input\": \"tickets\", \"group\": \"support\","
    "   \"normaliser\": {\"kind\": \"linear\", \"worst\": 10, \"best\": 0}},"
    "  {\"name\": \"noise\", \"input\": \"noise\", \"group\": \"support\","
    "   \"normaliser\": {\"kind\": \"linear\", \"worst\": 0, \"best\": 1}}]}";

#define N 600
#define C 3
static const char* const names[C] = {"tenure", "tickets", "noise"};
static double rowmajor[N][C];
static double colmajor[C][N];
static float rowmajor32[N][C];
static double labels[N];

static unsigned long long rng_state = 88172645463325252ULL;
static double uniform01(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static void make_data(void) {
    int i;
    for (i = 0; i < N; ++i) {
        /* values exact in float too: whole months, whole tickets, 1/8ths */
        const double tenure = floor(uniform01() * 48.0);
        const double tickets = floor(uniform01() * 12.0);
        const double noise = floor(uniform01() * 8.0) / 8.0;
        const double z = 1.0 - 0.08 * tenure + 0.25 * tickets;
        const double p = 1.0 / (1.0 + exp(-z));
        rowmajor[i][0] = colmajor[0][i] = tenure;
        rowmajor[i][1] = colmajor[1][i] = tickets;
        rowmajor[i][2] = colmajor[2][i] = noise;
        rowmajor32[i][0] = (float)tenure;
        rowmajor32[i][1] = (float)tickets;
        rowmajor32[i][2] = (float)noise;
        labels[i] = uniform01() < p ? 1.0 : 0.0;
    }
    rowmajor[7][2] = colmajor[2][7] = NAN; /* one missing value */
    rowmajor32[7][2] = (float)NAN;
}

/* The number after "key": in JSON text (the first one), or NAN. */
static double json_number(const char* json, const char* key) {
    char pattern[64];
    const char* at;
    sprintf(pattern, "\"%s\":", key);
    at = strstr(json, pattern);
    return at == NULL ? NAN : strtod(at + strlen(pattern), NULL);
}

static char report[1 << 16];
static char report2[1 << 16];
static char evaluation[1 << 16];

static void test_fit_and_evaluate(const vitals_scorecard* start) {
    vitals_scorecard* fitted = NULL;
    vitals_scorecard* again = NULL;
    vitals_scorecard* binned = NULL;
    const vitals_scorecard* cards[3];
    const char* card_names[3] = {"start", "learned", "binned"};
    size_t needed = 0, size_only = 0;
    double fit_auc, eval_auc;
    char* text;

    /* learned weights, row-major doubles, named columns */
    CHECK_OK(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N,
                                  "{\"weights\": \"learned\"}", VITALS_NUL_TERMINATED, report, sizeof report, &needed,
                                  &fitted));
    CHECK(fitted != NULL);
    CHECK(needed == strlen(report) + 1);
    CHECK(strstr(report, "\"weights\":\"learned\"") != NULL);
    CHECK(strstr(report, "\"rows_used\":599") != NULL); /* the account with a missing value is left out */
    CHECK(strstr(report, "\"measure\":\"noise\"") != NULL || strstr(report, "\"wrong_direction\":[]") != NULL);
    fit_auc = json_number(strstr(report, "\"training\""), "roc_auc");
    CHECK(fit_auc > 0.7 && fit_auc < 1.0);

    /* the same fit: column-major, float32, and the scorecard's inputs in order (columns NULL) */
    CHECK_OK(vitals_scorecard_fit(start, colmajor, VITALS_DTYPE_FLOAT64, N, C, 1, N, names, C, labels, N, NULL, 0,
                                  report2, sizeof report2, NULL, &again));
    CHECK(strcmp(report, report2) == 0);
    vitals_scorecard_destroy(again);
    again = NULL;
    CHECK_OK(vitals_scorecard_fit(start, rowmajor32, VITALS_DTYPE_FLOAT32, N, C, C, 1, NULL, 0, labels, N, "", 0,
                                  report2, sizeof report2, NULL, &again));
    CHECK(strcmp(report, report2) == 0);
    vitals_scorecard_destroy(again);
    again = NULL;

    /* no report wanted: still fits, and says how long the report is */
    CHECK_OK(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N, NULL, 0,
                                  NULL, 0, &size_only, &again));
    CHECK(again != NULL);
    CHECK(size_only == needed);
    vitals_scorecard_destroy(again);
    again = NULL;
    /* a report buffer too short: fails, nothing created, the size given */
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N, NULL, 0,
                                     report2, 10, &size_only, &again),
                VITALS_ERR_SHAPE_MISMATCH, "vitals_scorecard_fit: buffer: 10 bytes");
    CHECK(again == NULL);
    CHECK(size_only == needed);
    CHECK(report2[0] == '\0');
    /* options that overflow a double, or repeat a key: a parse error naming the key, nothing created */
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N,
                                     "{\"l2\": 1e999}", VITALS_NUL_TERMINATED, NULL, 0, NULL, &again),
                VITALS_ERR_PARSE, ".l2: the number 1e999 is too large");
    CHECK(again == NULL);
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N,
                                     "{\"l2\": 1, \"l2\": 2}", VITALS_NUL_TERMINATED, NULL, 0, NULL, &again),
                VITALS_ERR_PARSE, ".l2: the key \"l2\" is given twice");
    CHECK(again == NULL);

    /* binning + learned weights */
    CHECK_OK(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N,
                                  "{\"bin\": true, \"missing\": \"impute\", \"name\": \"binned\"}", VITALS_NUL_TERMINATED,
                                  report2, sizeof report2, NULL, &binned));
    CHECK(strstr(report2, "\"binned\":true") != NULL);
    CHECK(strstr(report2, "\"rows_used\":600") != NULL);

    /* evaluate the three side by side; the fitted one's AUC is the fit's training AUC */
    cards[0] = start;
    cards[1] = fitted;
    cards[2] = binned;
    CHECK_OK(vitals_scorecard_evaluate(cards, card_names, 3, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels,
                                       N, "{\"bootstrap\": 100, \"top\": [0.1, 0.25]}", VITALS_NUL_TERMINATED,
                                       evaluation, sizeof evaluation, &needed));
    CHECK(needed == strlen(evaluation) + 1);
    text = strstr(evaluation, "\"name\":\"learned\"");
    CHECK(text != NULL);
    if (text != NULL) {
        eval_auc = json_number(text, "roc_auc");
        CHECK(eval_auc == fit_auc);
        CHECK(json_number(text, "lower") < eval_auc && json_number(text, "upper") > eval_auc);
        CHECK(strstr(text, "\"fraction\":0.25") != NULL);
    }
    CHECK(json_number(strstr(evaluation, "\"name\":\"binned\""), "roc_auc") >= json_number(text, "roc_auc") - 0.02);
    CHECK(strstr(evaluation, "\"probability\":\"in_sample\"") != NULL);

    /* size query, then the call: the same text (deterministic); names NULL = the scorecards' own names */
    CHECK_OK(vitals_scorecard_evaluate(cards, NULL, 2, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N,
                                       "{\"fixed_card_folds\": 4, \"bootstrap\": 0}", VITALS_NUL_TERMINATED, NULL, 0, &needed));
    {
        char* buf = (char*)malloc(needed);
        size_t again_needed = 0;
        CHECK_OK(vitals_scorecard_evaluate(cards, NULL, 2, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels,
                                           N, "{\"fixed_card_folds\": 4, \"bootstrap\": 0}", VITALS_NUL_TERMINATED, buf, needed,
                                           &again_needed));
        CHECK(again_needed == needed);
        CHECK(strstr(buf, "\"name\":\"start\"") != NULL);
        CHECK(strstr(buf, "\"probability\":\"out_of_fold\"") != NULL);
        CHECK(strstr(buf, "\"roc_auc_mean\"") != NULL);
        free(buf);
    }
    vitals_scorecard_destroy(binned);
    vitals_scorecard_destroy(fitted);
}

static void test_weights(const vitals_scorecard* start) {
    vitals_scorecard* fitted = NULL;
    char buf[4096];
    /* AHP: a consistent matrix (weights 1 : 2 : 5) gives its ratio 0 and those shares */
    CHECK_OK(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N,
                                  "{\"weights\": \"ahp\", \"pairwise\": [[1, 0.5, 0.2], [2, 1, 0.4], [5, 2.5, 1]]}",
                                  VITALS_NUL_TERMINATED, report, sizeof report, NULL, &fitted));
    CHECK(fabs(json_number(report, "consistency_ratio")) < 1e-9);
    CHECK(fabs(json_number(strstr(report, "\"name\":\"noise\""), "share") - 0.625) < 1e-9);
    CHECK_OK(vitals_scorecard_describe(fitted, buf, sizeof buf, NULL));
    CHECK(strstr(buf, "[vitals fit: AHP weights") != NULL);
    vitals_scorecard_destroy(fitted);
    fitted = NULL;
    /* entropy and equal weights */
    CHECK_OK(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N,
                                  "{\"weights\": \"entropy\"}", VITALS_NUL_TERMINATED, report, sizeof report, NULL,
                                  &fitted));
    CHECK(strstr(report, "\"entropy\":") != NULL);
    vitals_scorecard_destroy(fitted);
    fitted = NULL;
    CHECK_OK(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N,
                                  "{\"weights\": \"equal\"}", VITALS_NUL_TERMINATED, NULL, 0, NULL, &fitted));
    vitals_scorecard_destroy(fitted);
}

static void test_errors(const vitals_scorecard* start) {
    vitals_scorecard* fitted = (vitals_scorecard*)&fitted; /* must be set to NULL on failure */
    const vitals_scorecard* cards[2];
    const char* bad_names[2] = {"a", NULL};
    const char* wrong_names[C] = {"tenure", "tickets", "other"};
    double bad_labels[N];
    char buf[256];
    size_t needed = 1;
    memcpy(bad_labels, labels, sizeof bad_labels);
    bad_labels[3] = 2.0;
    cards[0] = start;
    cards[1] = NULL;

#define FIT(start_, data_, labels_, nlabels_, options_) \
    vitals_scorecard_fit(start_, data_, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels_, nlabels_, options_, \
                         VITALS_NUL_TERMINATED, NULL, 0, NULL, &fitted)
    CHECK_FAILS(FIT(NULL, rowmajor, labels, N, NULL), VITALS_ERR_INVALID_ARGUMENT, "vitals_scorecard_fit: start is NULL");
    CHECK(fitted == NULL);
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N, NULL, 0, NULL,
                                     0, NULL, NULL),
                VITALS_ERR_INVALID_ARGUMENT, "fitted is NULL");
    CHECK_FAILS(FIT(start, NULL, labels, N, NULL), VITALS_ERR_INVALID_ARGUMENT, "data is NULL");
    CHECK_FAILS(FIT(start, rowmajor, NULL, N, NULL), VITALS_ERR_INVALID_ARGUMENT, "labels is NULL");
    CHECK_FAILS(FIT(start, rowmajor, labels, N - 1, NULL), VITALS_ERR_SHAPE_MISMATCH, "n_labels: 599 labels for 600 rows");
    CHECK_FAILS(FIT(start, rowmajor, bad_labels, N, NULL), VITALS_ERR_INVALID_ARGUMENT, "labels[3]: must be 0 or 1");
    CHECK_FAILS(FIT(start, rowmajor, labels, N, "{\"weights\": \"magic\"}"), VITALS_ERR_INVALID_ARGUMENT,
                "options.weights: \"magic\" (expected learned, entropy, equal or ahp)");
    CHECK_FAILS(FIT(start, rowmajor, labels, N, "{\"wieghts\": 1}"), VITALS_ERR_INVALID_ARGUMENT,
                "options: unknown key \"wieghts\"");
    CHECK_FAILS(FIT(start, rowmajor, labels, N, "{\"l2\": -1}"), VITALS_ERR_INVALID_ARGUMENT, "options.l2: -1 is not in");
    CHECK_FAILS(FIT(start, rowmajor, labels, N, "{weights"), VITALS_ERR_PARSE, "options: not valid JSON");
    CHECK_FAILS(FIT(start, rowmajor, labels, N, "{\"weights\": \"ahp\"}"), VITALS_ERR_INVALID_ARGUMENT,
                "options.pairwise: AHP weights need a pairwise-comparison matrix");
    CHECK_FAILS(FIT(start, rowmajor, labels, N, "{\"weights\": \"ahp\", \"pairwise\": [[1, 9, 0.111111111111], "
                                                "[0.111111111111, 1, 9], [9, 0.111111111111, 1]]}"),
                VITALS_ERR_INVALID_ARGUMENT, "consistency ratio");
    CHECK_FAILS(FIT(start, rowmajor, labels, N, "{\"weights\": \"ahp\", \"pairwise\": [[1, 2], [0.5, 1]]}"),
                VITALS_ERR_SHAPE_MISMATCH, "pairwise: a 2 x 2 matrix, the scorecard has 3 measures");
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, wrong_names, C, labels, N, NULL, 0,
                                     NULL, 0, NULL, &fitted),
                VITALS_ERR_UNKNOWN_COLUMN, "noise");
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, 7, N, C, C, 1, names, C, labels, N, NULL, 0, NULL, 0, NULL, &fitted),
                VITALS_ERR_INVALID_ARGUMENT, "dtype: 7");
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, -1, C, C, 1, names, C, labels, N, NULL, 0,
                                     NULL, 0, NULL, &fitted),
                VITALS_ERR_SHAPE_MISMATCH, "rows: -1 is negative");
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, 2, labels, N, NULL, 0,
                                     NULL, 0, NULL, &fitted),
                VITALS_ERR_SHAPE_MISMATCH, "n_columns: 2 names for 3 columns");
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N, NULL, 5,
                                     NULL, 0, NULL, &fitted),
                VITALS_ERR_INVALID_ARGUMENT, "options: NULL with options_length 5");
    CHECK_FAILS(vitals_scorecard_fit(start, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N, NULL, 0,
                                     NULL, 8, NULL, &fitted),
                VITALS_ERR_INVALID_ARGUMENT, "report: NULL with report_size 8");
    {
        double one_class[N];
        int i;
        for (i = 0; i < N; ++i) one_class[i] = 0.0;
        CHECK_FAILS(FIT(start, rowmajor, one_class, N, NULL), VITALS_ERR_INVALID_ARGUMENT, "only one class");
    }
    CHECK(fitted == NULL);
#undef FIT

#define EVAL(cards_, names_, n_, options_, buf_, size_) \
    vitals_scorecard_evaluate(cards_, names_, n_, rowmajor, VITALS_DTYPE_FLOAT64, N, C, C, 1, names, C, labels, N, \
                              options_, VITALS_NUL_TERMINATED, buf_, size_, &needed)
    CHECK_FAILS(EVAL(NULL, NULL, 1, NULL, buf, sizeof buf), VITALS_ERR_INVALID_ARGUMENT,
                "vitals_scorecard_evaluate: cards is NULL");
    CHECK(needed == 0);
    CHECK_FAILS(EVAL(cards, NULL, 0, NULL, buf, sizeof buf), VITALS_ERR_INVALID_ARGUMENT, "n_cards: no scorecard");
    CHECK_FAILS(EVAL(cards, NULL, -2, NULL, buf, sizeof buf), VITALS_ERR_SHAPE_MISMATCH, "n_cards: -2 is negative");
    CHECK_FAILS(EVAL(cards, NULL, 2, NULL, buf, sizeof buf), VITALS_ERR_INVALID_ARGUMENT, "cards[1] is NULL");
    cards[1] = start;
    CHECK_FAILS(EVAL(cards, bad_names, 2, NULL, buf, sizeof buf), VITALS_ERR_INVALID_ARGUMENT, "names[1] is NULL");
    CHECK_FAILS(EVAL(cards, NULL, 1, "{\"fixed_card_folds\": 1}", buf, sizeof buf), VITALS_ERR_INVALID_ARGUMENT,
                "options.fixed_card_folds: 0 (none) or at least 2");
    CHECK_FAILS(EVAL(cards, NULL, 1, "{\"folds\": 4}", buf, sizeof buf), VITALS_ERR_INVALID_ARGUMENT,
                "options.folds: renamed; \"cv\" cross-validates");
    CHECK_FAILS(EVAL(cards, NULL, 1, "{\"cv\": 1}", buf, sizeof buf), VITALS_ERR_INVALID_ARGUMENT,
                "options.cv: 0 (none) or at least 2 folds");
    CHECK_FAILS(EVAL(cards, NULL, 1, "{\"refit\": [\"none\"]}", buf, sizeof buf), VITALS_ERR_INVALID_ARGUMENT,
                "options.refit: given without \"cv\"");
    CHECK_FAILS(EVAL(cards, NULL, 1, "{\"cv\": 3, \"refit\": [{\"bin\": 1}]}", buf, sizeof buf),
                VITALS_ERR_INVALID_ARGUMENT, "options.refit[0].bin: must be true or false");
    CHECK_FAILS(EVAL(cards, NULL, 1, "{\"top\": [0]}", buf, sizeof buf), VITALS_ERR_INVALID_ARGUMENT,
                "options.top[0]: must be a share in (0, 1]");
    CHECK_FAILS(EVAL(cards, NULL, 1, "{\"bootstrap\": 0}", buf, 16), VITALS_ERR_SHAPE_MISMATCH, "buffer: 16 bytes");
    CHECK(needed > 16);
    CHECK_FAILS(EVAL(cards, NULL, 1, NULL, NULL, 4), VITALS_ERR_INVALID_ARGUMENT, "buffer: NULL with size 4");
#undef EVAL
}

int main(void) {
    vitals_scorecard* start = NULL;
    make_data();
    CHECK_OK(vitals_scorecard_create_from_json(start_json, VITALS_NUL_TERMINATED, NULL, &start));
    if (start == NULL) return 1;
    test_fit_and_evaluate(start);
    test_weights(start);
    test_errors(start);
    vitals_scorecard_destroy(start);
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("C ABI (fit, evaluate): all checks passed\n");
    return 0;
}
