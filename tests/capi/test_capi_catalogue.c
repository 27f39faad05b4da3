/* The bad-input catalogue of the C ABI (issue 13): one row per hostile call — NULL handles and
 * pointers of every kind, zero and oversized struct sizes, bad sizes, strides and dtypes, hostile
 * scorecard JSON, bad side inputs of a session, bad fit / evaluate options, bad dates, overrides,
 * portfolio views — each with the status vitals.h promises and a piece of the message that names
 * the place (the C argument or member, the JSON pointer, the row). Every message must also name
 * the function called, as vitals.h says of vitals_last_error.
 *
 * The table is written as CASE rows in order (C has no closures; a row may be preceded by the
 * statement that makes its input): CASE(label, call, status, place). The label identifies the row;
 * the program counts the rows, refuses a label listed twice, prints the count and returns the
 * number of failures. Every handle it makes is freed.
 * Usage: test_capi_catalogue <docs/examples dir> */
#include "vitals/vitals.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define MAX_CASES 512
static const char* labels[MAX_CASES];
static int n_cases = 0;
static int case_failures = 0;

/* One row of the catalogue: `got` is what `call` returned; the thread's message must contain the
 * function's name (the text of `call` up to its '(') and `place`. */
static void catalogue_row(const char* label, const char* call, vitals_status got, vitals_status want,
                          const char* place, int line) {
    char message[4096];
    char function[128];
    size_t k = 0;
    int i;
    /* copy the message first: any call into the library replaces it */
    strncpy(message, vitals_last_error(), sizeof message - 1);
    message[sizeof message - 1] = '\0';
    while (call[k] == ' ') ++k;
    {
        size_t n = strcspn(call + k, "(");
        if (n >= sizeof function) n = sizeof function - 1;
        memcpy(function, call + k, n);
        function[n] = '\0';
    }
    /* the shorthands below for the long calls */
    if (strcmp(function, "SCORE") == 0) strcpy(function, "vitals_scorecard_score");
    if (strcmp(function, "FIT") == 0) strcpy(function, "vitals_scorecard_fit");
    if (strcmp(function, "FIT_SEG") == 0) strcpy(function, "vitals_scorecard_fit_segments");
    if (strcmp(function, "EVAL") == 0) strcpy(function, "vitals_scorecard_evaluate");
    for (i = 0; i < n_cases; ++i)
        if (strcmp(labels[i], label) == 0) {
            fprintf(stderr, "%s:%d: case \"%s\" is listed twice\n", __FILE__, line, label);
            ++failures;
        }
    if (n_cases < MAX_CASES) labels[n_cases] = label;
    ++n_cases;
    if (got != want || strstr(message, place) == NULL || strstr(message, function) == NULL) {
        fprintf(stderr,
                "%s:%d: case \"%s\": %s\n  returned %d (%s), expected %d (%s)\n  message: \"%s\"\n"
                "  expected it to name \"%s\" and \"%s\"\n",
                __FILE__, line, label, call, (int)got, vitals_status_string(got), (int)want,
                vitals_status_string(want), message, function, place);
        ++failures;
        ++case_failures;
    }
}

#define CASE(label, call, want, place) catalogue_row(label, #call, (call), want, place, __LINE__)

/* ---- inputs ------------------------------------------------------------------------------- */

/* A scorecard with one linear measure over input "nps"; `fields` go into the measure, `tail`
 * into the top-level object. */
static const char* card_json(char* buf, size_t size, const char* fields, const char* tail) {
    snprintf(buf, size,
             "{\"vitals_scorecard\": 1, \"name\": \"c\", \"measures\": [{\"name\": \"nps\", \"input\": \"nps\", "
             "%s}]%s}",
             fields, tail);
    return buf;
}
#define LINEAR "\"normaliser\": {\"kind\": \"linear\", \"worst\": -100, \"best\": 100}"

/* {"vitals_scorecard": 1, "description": {"a": {"a": ... 1 ...}}} nested `depth` deep. */
static char* deep_json(int depth) {
    const char* head = "{\"vitals_scorecard\": 1, \"description\": ";
    size_t n = strlen(head) + (size_t)depth * 6 + 3;
    char* s = (char*)malloc(n + 1);
    char* p;
    int i;
    if (s == NULL) exit(2);
    strcpy(s, head);
    p = s + strlen(head);
    for (i = 0; i < depth; ++i) {
        memcpy(p, "{\"a\":", 5);
        p += 5;
    }
    *p++ = '1';
    for (i = 0; i < depth; ++i) *p++ = '}';
    *p++ = '}';
    *p = '\0';
    return s;
}

static int32_t failing_normaliser(void* user, const double* in, double* out, int64_t n) {
    int64_t i;
    (void)user;
    for (i = 0; i < n; ++i) out[i] = in[i];
    return 0;
}

/* ---- the catalogue ------------------------------------------------------------------------- */

static void scorecards(void) {
    char buf[2048];
    vitals_scorecard* made = NULL;
    vitals_load_options* opts = NULL;
    char* deep = deep_json(100000);

    CASE("create_default: card NULL", vitals_scorecard_create_default(NULL), VITALS_ERR_INVALID_ARGUMENT, "out-pointer is NULL");
    CASE("load_options_create: options NULL", vitals_load_options_create(NULL), VITALS_ERR_INVALID_ARGUMENT, "out-pointer is NULL");
    CHECK_OK(vitals_load_options_create(&opts));
    CASE("add_normaliser: options NULL", vitals_load_options_add_normaliser(NULL, "x", failing_normaliser, NULL, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "options");
    CASE("add_normaliser: name NULL", vitals_load_options_add_normaliser(opts, NULL, failing_normaliser, NULL, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "name");
    CASE("add_normaliser: name empty", vitals_load_options_add_normaliser(opts, "", failing_normaliser, NULL, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "name");
    CASE("add_normaliser: apply NULL", vitals_load_options_add_normaliser(opts, "x", NULL, NULL, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "apply");
    CHECK_OK(vitals_load_options_add_normaliser(opts, "x", failing_normaliser, NULL, NULL));
    CASE("add_normaliser: name twice", vitals_load_options_add_normaliser(opts, "x", failing_normaliser, NULL, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "\"x\"");

    card_json(buf, sizeof buf, "\"weight\": 1, " LINEAR, "");
    CASE("create_from_json: json NULL", vitals_scorecard_create_from_json(NULL, 0, NULL, &made),
         VITALS_ERR_INVALID_ARGUMENT, "json");
    CASE("create_from_json: card NULL", vitals_scorecard_create_from_json(buf, VITALS_NUL_TERMINATED, NULL, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "card");
    CASE("create_from_json: not JSON", vitals_scorecard_create_from_json("{ nope", VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_PARSE, "<text>:1:");
    CASE("create_from_json: empty text", vitals_scorecard_create_from_json("", 0, NULL, &made), VITALS_ERR_PARSE,
         "<text>:1:");
    CASE("create_from_json: cut short by length", vitals_scorecard_create_from_json(buf, 20, NULL, &made),
         VITALS_ERR_PARSE, "<text>:1:");
    CASE("create_from_json: NaN weight (not JSON)",
         vitals_scorecard_create_from_json(card_json(buf, sizeof buf, "\"weight\": NaN, " LINEAR, ""),
                                           VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_PARSE, "<text>:1:");
    CASE("create_from_json: nested 100,000 deep", vitals_scorecard_create_from_json(deep, VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_PARSE, "/description");
    CASE("create_from_json: weight 1e999",
         vitals_scorecard_create_from_json(card_json(buf, sizeof buf, "\"weight\": 1e999, " LINEAR, ""),
                                           VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_PARSE, "/measures/0/weight");
    CASE("create_from_json: knot 1e999",
         vitals_scorecard_create_from_json(
             card_json(buf, sizeof buf, "\"weight\": 1, \"normaliser\": {\"kind\": \"linear\", \"worst\": -1e999, \"best\": 100}", ""),
             VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_PARSE, "/measures/0/normaliser/worst");
    CASE("create_from_json: weight -1",
         vitals_scorecard_create_from_json(card_json(buf, sizeof buf, "\"weight\": -1, " LINEAR, ""),
                                           VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/measures/0/weight");
    CASE("create_from_json: weight twice",
         vitals_scorecard_create_from_json(card_json(buf, sizeof buf, "\"weight\": 1, \"weight\": 5, " LINEAR, ""),
                                           VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_PARSE, "/measures/0/weight");
    CASE("create_from_json: weight text",
         vitals_scorecard_create_from_json(card_json(buf, sizeof buf, "\"weight\": \"heavy\", " LINEAR, ""),
                                           VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/measures/0/weight");
    CASE("create_from_json: weights summing past a double",
         vitals_scorecard_create_from_json(
             "{\"vitals_scorecard\": 1, \"name\": \"c\", \"measures\": ["
             "{\"name\": \"a\", \"input\": \"a\", \"weight\": 1e308, " LINEAR "},"
             "{\"name\": \"b\", \"input\": \"b\", \"weight\": 1e308, " LINEAR "}]}",
             VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "the top-level weights");
    CASE("create_from_json: min_coverage 2",
         vitals_scorecard_create_from_json(card_json(buf, sizeof buf, "\"weight\": 1, " LINEAR, ", \"min_coverage\": 2"),
                                           VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/min_coverage");
    CASE("create_from_json: normaliser kind unknown",
         vitals_scorecard_create_from_json(card_json(buf, sizeof buf, "\"weight\": 1, \"normaliser\": {\"kind\": \"magic\"}", ""),
                                           VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/measures/0/normaliser");
    CASE("create_from_json: linear worst == best",
         vitals_scorecard_create_from_json(
             card_json(buf, sizeof buf, "\"weight\": 1, \"normaliser\": {\"kind\": \"linear\", \"worst\": 0, \"best\": 0}", ""),
             VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/measures/0/normaliser");
    CASE("create_from_json: custom normaliser not registered",
         vitals_scorecard_create_from_json(
             card_json(buf, sizeof buf, "\"weight\": 1, \"normaliser\": {\"kind\": \"custom\", \"name\": \"nobody\"}", ""),
             VITALS_NUL_TERMINATED, opts, &made),
         VITALS_ERR_INVALID_SCORECARD, "/measures/0/normaliser");
    CASE("create_from_json: format version 2",
         vitals_scorecard_create_from_json("{\"vitals_scorecard\": 2, \"name\": \"c\", \"measures\": []}",
                                           VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/vitals_scorecard");
    CASE("create_from_json: measures not an array",
         vitals_scorecard_create_from_json("{\"vitals_scorecard\": 1, \"name\": \"c\", \"measures\": 7}",
                                           VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/measures");
    CASE("create_from_json: a measure name twice",
         vitals_scorecard_create_from_json(
             "{\"vitals_scorecard\": 1, \"name\": \"c\", \"measures\": ["
             "{\"name\": \"a\", \"input\": \"a\", \"weight\": 1, " LINEAR "},"
             "{\"name\": \"a\", \"input\": \"b\", \"weight\": 1, " LINEAR "}]}",
             VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/measures/1/name");
    CASE("create_from_json: top-level array", vitals_scorecard_create_from_json("[1, 2]", VITALS_NUL_TERMINATED, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "vitals_scorecard");
    CHECK(made == NULL);
    CASE("create_from_file: path NULL", vitals_scorecard_create_from_file(NULL, NULL, &made), VITALS_ERR_INVALID_ARGUMENT,
         "path");
    CASE("create_from_file: no such file", vitals_scorecard_create_from_file("no/such/card.json", NULL, &made),
         VITALS_ERR_IO, "no/such/card.json");
    CASE("create_from_file: card NULL", vitals_scorecard_create_from_file("no/such/card.json", NULL, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "card");
    CHECK(made == NULL);
    vitals_load_options_destroy(opts);
    free(deep);
}

static void scoring(void) {
    vitals_scorecard* card = NULL;
    double data[2 * 12];
    double score[2];
    int32_t drivers[2 * 3];
    const char* few[3] = {"nps", "days_late", "tenure_months"};
    const char* with_null[3] = {"nps", NULL, "tenure_months"};
    const char* names[12];
    const char* twice[12];
    char small[4];
    size_t needed = 0;
    const char* name = NULL;
    int64_t count = 0;
    vitals_score_options so;
    vitals_score_output out;
    int i;
    for (i = 0; i < 24; ++i) data[i] = 1.0;
    CHECK_OK(vitals_scorecard_create_default(&card));
    for (i = 0; i < 12; ++i) CHECK_OK(vitals_scorecard_input_name(card, i, &names[i]));
    memcpy(twice, names, sizeof names);
    twice[11] = names[0];
    memset(&out, 0, sizeof out);
    out.struct_size = sizeof out;
    out.score = score;
    out.score_length = 2;
    memset(&so, 0, sizeof so);
    so.struct_size = sizeof so;

#define SCORE(card_, data_, dtype_, rows_, cols_, rs_, cs_, cols_names_, n_cols_, opts_, out_) \
    vitals_scorecard_score(card_, data_, dtype_, rows_, cols_, rs_, cs_, cols_names_, n_cols_, opts_, out_)
    CASE("score: card NULL", SCORE(NULL, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, NULL, &out),
         VITALS_ERR_INVALID_ARGUMENT, "card");
    CASE("score: data NULL", SCORE(card, NULL, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, NULL, &out),
         VITALS_ERR_INVALID_ARGUMENT, "data");
    CASE("score: output NULL", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, NULL, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "output");
    CASE("score: dtype 7", SCORE(card, data, 7, 2, 12, 12, 1, NULL, 0, NULL, &out), VITALS_ERR_INVALID_ARGUMENT, "dtype");
    CASE("score: dtype 0", SCORE(card, data, 0, 2, 12, 12, 1, NULL, 0, NULL, &out), VITALS_ERR_INVALID_ARGUMENT, "dtype");
    CASE("score: rows -1", SCORE(card, data, VITALS_DTYPE_FLOAT64, -1, 12, 12, 1, NULL, 0, NULL, &out),
         VITALS_ERR_SHAPE_MISMATCH, "rows");
    CASE("score: cols -3", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, -3, 12, 1, NULL, 0, NULL, &out),
         VITALS_ERR_SHAPE_MISMATCH, "cols");
    CASE("score: row_stride -1", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, -1, 1, NULL, 0, NULL, &out),
         VITALS_ERR_SHAPE_MISMATCH, "row_stride");
    CASE("score: col_stride -1", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, -1, NULL, 0, NULL, &out),
         VITALS_ERR_SHAPE_MISMATCH, "col_stride");
    CASE("score: largest offset past 64 bits",
         SCORE(card, data, VITALS_DTYPE_FLOAT64, INT64_MAX / 2, 12, 12, 1, NULL, 0, NULL, &out),
         VITALS_ERR_SHAPE_MISMATCH, "rows");
    CASE("score: cols not the input count", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 11, 12, 1, NULL, 0, NULL, &out),
         VITALS_ERR_SHAPE_MISMATCH, "cols");
    CASE("score: n_columns != cols", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 3, 12, 1, few, 2, NULL, &out),
         VITALS_ERR_SHAPE_MISMATCH, "n_columns");
    CASE("score: columns NULL with n_columns 3", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 3, 12, 1, NULL, 3, NULL, &out),
         VITALS_ERR_INVALID_ARGUMENT, "columns");
    CASE("score: a NULL column name", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 3, 12, 1, with_null, 3, NULL, &out),
         VITALS_ERR_INVALID_ARGUMENT, "columns[1]");
    CASE("score: a column named twice", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, twice, 12, NULL, &out),
         VITALS_ERR_INVALID_ARGUMENT, names[0]);
    CASE("score: a column the card reads is not given", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 3, 12, 1, few, 3, NULL, &out),
         VITALS_ERR_UNKNOWN_COLUMN, "active_users");
    so.struct_size = 0;
    CASE("score: options->struct_size 0", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, &so, &out),
         VITALS_ERR_INVALID_ARGUMENT, "options->struct_size");
    so.struct_size = sizeof so;
    so.threads = 5000;
    CASE("score: options->threads 5000", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, &so, &out),
         VITALS_ERR_INVALID_ARGUMENT, "options->threads");
    so.threads = -1;
    CASE("score: options->threads -1", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, &so, &out),
         VITALS_ERR_INVALID_ARGUMENT, "options->threads");
    so.threads = 0;
    so.top_k = VITALS_MAX_TOP_K + 1;
    CASE("score: options->top_k 65", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, &so, &out),
         VITALS_ERR_INVALID_ARGUMENT, "options->top_k");
    so.top_k = 0;
    so.block_size = 65537;
    CASE("score: options->block_size 65537", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, &so, &out),
         VITALS_ERR_INVALID_ARGUMENT, "options->block_size");
    so.block_size = 0;
    {
        /* a newer caller's struct: one more member, set */
        struct { vitals_score_options v1; int64_t newer; } big;
        memset(&big, 0, sizeof big);
        big.v1.struct_size = sizeof big;
        big.newer = 1;
        CASE("score: options with an unknown member set",
             SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, &big.v1, &out), VITALS_ERR_NOT_SUPPORTED,
             "options");
    }
    out.struct_size = 0;
    CASE("score: output->struct_size 0", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, NULL, &out),
         VITALS_ERR_INVALID_ARGUMENT, "output->struct_size");
    out.struct_size = sizeof out;
    out.score_length = 1;
    CASE("score: output->score_length short", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, NULL, &out),
         VITALS_ERR_SHAPE_MISMATCH, "score_length");
    out.score_length = 2;
    out.drivers = drivers;
    out.drivers_length = 5;
    CASE("score: output->drivers_length short", SCORE(card, data, VITALS_DTYPE_FLOAT64, 2, 12, 12, 1, NULL, 0, NULL, &out),
         VITALS_ERR_SHAPE_MISMATCH, "drivers_length");
    out.drivers = NULL;
#undef SCORE

    CASE("explain: card NULL", vitals_scorecard_explain(NULL, data, NULL, 12, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT,
         "card");
    CASE("explain: values NULL", vitals_scorecard_explain(card, NULL, NULL, 12, NULL, 0, &needed),
         VITALS_ERR_INVALID_ARGUMENT, "values");
    CASE("explain: n_values -1", vitals_scorecard_explain(card, data, NULL, -1, NULL, 0, &needed), VITALS_ERR_SHAPE_MISMATCH,
         "n_values");
    CASE("explain: n_values not the input count", vitals_scorecard_explain(card, data, NULL, 3, NULL, 0, &needed),
         VITALS_ERR_SHAPE_MISMATCH, "n_values");
    CASE("explain: a NULL column name", vitals_scorecard_explain(card, data, with_null, 3, NULL, 0, &needed),
         VITALS_ERR_INVALID_ARGUMENT, "columns[1]");
    CASE("explain: buffer NULL with size 10", vitals_scorecard_explain(card, data, NULL, 12, NULL, 10, &needed),
         VITALS_ERR_INVALID_ARGUMENT, "buffer");
    CASE("explain: buffer too short", vitals_scorecard_explain(card, data, NULL, 12, small, sizeof small, &needed),
         VITALS_ERR_SHAPE_MISMATCH, "buffer");
    {
        const char* fixed_null[] = {NULL};
        const char* fixed_unknown[] = {"no_such_measure"};
        CASE("path_to_green: card NULL", vitals_scorecard_path_to_green(NULL, data, NULL, 12, -1, NULL, 0, NULL, 0, &needed),
             VITALS_ERR_INVALID_ARGUMENT, "card");
        CASE("path_to_green: values NULL", vitals_scorecard_path_to_green(card, NULL, NULL, 12, -1, NULL, 0, NULL, 0, &needed),
             VITALS_ERR_INVALID_ARGUMENT, "values");
        CASE("path_to_green: n_values not the input count",
             vitals_scorecard_path_to_green(card, data, NULL, 3, -1, NULL, 0, NULL, 0, &needed), VITALS_ERR_SHAPE_MISMATCH,
             "n_values");
        CASE("path_to_green: target_band 7", vitals_scorecard_path_to_green(card, data, NULL, 12, 7, NULL, 0, NULL, 0, &needed),
             VITALS_ERR_INVALID_ARGUMENT, "target_band");
        CASE("path_to_green: target_band -2", vitals_scorecard_path_to_green(card, data, NULL, 12, -2, NULL, 0, NULL, 0, &needed),
             VITALS_ERR_INVALID_ARGUMENT, "target_band");
        CASE("path_to_green: not_actionable NULL with 1",
             vitals_scorecard_path_to_green(card, data, NULL, 12, -1, NULL, 1, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT,
             "not_actionable");
        CASE("path_to_green: a NULL not-actionable name",
             vitals_scorecard_path_to_green(card, data, NULL, 12, -1, fixed_null, 1, NULL, 0, &needed),
             VITALS_ERR_INVALID_ARGUMENT, "not_actionable[0]");
        CASE("path_to_green: n_not_actionable -1",
             vitals_scorecard_path_to_green(card, data, NULL, 12, -1, fixed_unknown, -1, NULL, 0, &needed),
             VITALS_ERR_SHAPE_MISMATCH, "n_not_actionable");
        CASE("path_to_green: an unknown measure",
             vitals_scorecard_path_to_green(card, data, NULL, 12, -1, fixed_unknown, 1, NULL, 0, &needed),
             VITALS_ERR_UNKNOWN_COLUMN, "no_such_measure");
        CASE("path_to_green: buffer too short",
             vitals_scorecard_path_to_green(card, data, NULL, 12, -1, NULL, 0, small, sizeof small, &needed),
             VITALS_ERR_SHAPE_MISMATCH, "buffer");
    }
    {
        int64_t levels = 0;
        CASE("input_levels: card NULL", vitals_scorecard_input_levels(NULL, 0, &levels, NULL), VITALS_ERR_INVALID_ARGUMENT,
             "card");
        CASE("input_levels: count NULL", vitals_scorecard_input_levels(card, 0, NULL, NULL), VITALS_ERR_INVALID_ARGUMENT,
             "count");
        CASE("input_levels: index 12", vitals_scorecard_input_levels(card, 12, &levels, NULL), VITALS_ERR_OUT_OF_RANGE,
             "index: 12");
        CASE("input_level: a number column", vitals_scorecard_input_level(card, 0, 0, &name), VITALS_ERR_OUT_OF_RANGE,
             "level: 0 is not a level");
        CASE("input_level: name NULL", vitals_scorecard_input_level(card, 0, 0, NULL), VITALS_ERR_INVALID_ARGUMENT, "name");
    }
    CASE("describe: card NULL", vitals_scorecard_describe(NULL, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT, "card");
    CASE("describe: buffer too short", vitals_scorecard_describe(card, small, sizeof small, &needed),
         VITALS_ERR_SHAPE_MISMATCH, "buffer");
    CASE("to_json: buffer NULL with size 10", vitals_scorecard_to_json(card, NULL, 10, &needed), VITALS_ERR_INVALID_ARGUMENT,
         "buffer");
    CASE("input_count: count NULL", vitals_scorecard_input_count(card, NULL), VITALS_ERR_INVALID_ARGUMENT, "out-pointer is NULL");
    CASE("input_name: index 12", vitals_scorecard_input_name(card, 12, &name), VITALS_ERR_OUT_OF_RANGE, "index");
    CASE("measure_name: index -1", vitals_scorecard_measure_name(card, -1, &name), VITALS_ERR_OUT_OF_RANGE, "index");
    CASE("band_label: index 3", vitals_scorecard_band_label(card, 3, &name), VITALS_ERR_OUT_OF_RANGE, "index");
    CASE("measure_count: card NULL", vitals_scorecard_measure_count(NULL, &count), VITALS_ERR_INVALID_ARGUMENT, "card");
    vitals_scorecard_destroy(card);
}

static void dates_and_overrides(void) {
    int32_t day = 0;
    char buf[32];
    char tiny[4];
    size_t needed = 0;
    int64_t count = 0;
    vitals_override_book* book = NULL;
    vitals_override_entry entry;
    vitals_scorecard* card = NULL;
    vitals_override_book* clash = NULL;

    CASE("date_parse: text NULL", vitals_date_parse(NULL, 0, &day), VITALS_ERR_INVALID_ARGUMENT, "text");
    CASE("date_parse: day NULL", vitals_date_parse("2026-01-01", VITALS_NUL_TERMINATED, NULL), VITALS_ERR_INVALID_ARGUMENT,
         "day");
    CASE("date_parse: 2026-02-30", vitals_date_parse("2026-02-30", VITALS_NUL_TERMINATED, &day), VITALS_ERR_PARSE,
         "\"2026-02-30\"");
    CASE("date_parse: 30/11/2026", vitals_date_parse("30/11/2026", VITALS_NUL_TERMINATED, &day), VITALS_ERR_PARSE,
         "\"30/11/2026\"");
    CASE("date_parse: 2026-1-1", vitals_date_parse("2026-1-1", VITALS_NUL_TERMINATED, &day), VITALS_ERR_PARSE, "\"2026-1-1\"");
    CASE("date_parse: year 0", vitals_date_parse("0000-01-01", VITALS_NUL_TERMINATED, &day), VITALS_ERR_PARSE,
         "\"0000-01-01\"");
    CASE("date_parse: cut short by length", vitals_date_parse("2026-01-01", 7, &day), VITALS_ERR_PARSE, "\"2026-01\"");
    CHECK(day == 0);
    CASE("date_format: day past year 9999", vitals_date_format(3000000, buf, sizeof buf, &needed),
         VITALS_ERR_INVALID_ARGUMENT, "day");
    CASE("date_format: day before year 1", vitals_date_format(-800000, buf, sizeof buf, &needed),
         VITALS_ERR_INVALID_ARGUMENT, "day");
    CHECK(buf[0] == '\0');
    CASE("date_format: buffer too short", vitals_date_format(0, tiny, sizeof tiny, &needed), VITALS_ERR_SHAPE_MISMATCH,
         "buffer");
    CASE("date_format: buffer NULL with size 10", vitals_date_format(0, NULL, 10, &needed), VITALS_ERR_INVALID_ARGUMENT,
         "buffer");

    CASE("override_book_create: book NULL", vitals_override_book_create(NULL), VITALS_ERR_INVALID_ARGUMENT, "book");
    CHECK_OK(vitals_override_book_create(&book));
    CASE("override_book_add: book NULL", vitals_override_book_add(NULL, "A", "score", 50, "why", "who", 0, "o.csv:2"),
         VITALS_ERR_INVALID_ARGUMENT, "book");
    CASE("override_book_add: account_id NULL", vitals_override_book_add(book, NULL, "score", 50, "why", "who", 0, "o.csv:2"),
         VITALS_ERR_INVALID_ARGUMENT, "account_id");
    CASE("override_book_add: value 150", vitals_override_book_add(book, "A", "score", 150, "why", "who", 0, "o.csv:3"),
         VITALS_ERR_INVALID_ARGUMENT, "o.csv:3");
    CASE("override_book_add: value NaN", vitals_override_book_add(book, "A", "score", NAN, "why", "who", 0, "o.csv:4"),
         VITALS_ERR_INVALID_ARGUMENT, "o.csv:4");
    CASE("override_book_add: reason empty", vitals_override_book_add(book, "A", "score", 50, "", "who", 0, "o.csv:5"),
         VITALS_ERR_INVALID_ARGUMENT, "reason");
    CASE("override_book_add: author NULL", vitals_override_book_add(book, "A", "score", 50, "why", NULL, 0, "o.csv:6"),
         VITALS_ERR_INVALID_ARGUMENT, "author");
    CASE("override_book_add: target empty", vitals_override_book_add(book, "A", "", 50, "why", "who", 0, "o.csv:7"),
         VITALS_ERR_INVALID_ARGUMENT, "target");
    CASE("override_book_add_text: value fifty",
         vitals_override_book_add_text(book, "A", "score", "fifty", "why", "who", "2099-01-01", "o.csv:8"), VITALS_ERR_PARSE,
         "o.csv:8: column value");
    CASE("override_book_add_text: value 1e999",
         vitals_override_book_add_text(book, "A", "score", "1e999", "why", "who", "2099-01-01", "o.csv:9"), VITALS_ERR_PARSE,
         "o.csv:9: column value");
    CASE("override_book_add_text: expires someday",
         vitals_override_book_add_text(book, "A", "score", "50", "why", "who", "someday", "o.csv:10"), VITALS_ERR_PARSE,
         "o.csv:10: column expires");
    CASE("override_book_add_text: reason empty",
         vitals_override_book_add_text(book, "A", "score", "50", "", "who", "2099-01-01", "o.csv:11"),
         VITALS_ERR_INVALID_ARGUMENT, "o.csv:11: column reason");
    CASE("override_book_add_text: value NULL",
         vitals_override_book_add_text(book, "A", "score", NULL, "why", "who", "2099-01-01", "o.csv:12"),
         VITALS_ERR_INVALID_ARGUMENT, "value");
    CHECK_OK(vitals_override_book_count(book, &count));
    CHECK(count == 0);
    CASE("override_book_count: count NULL", vitals_override_book_count(book, NULL), VITALS_ERR_INVALID_ARGUMENT, "out-pointer is NULL");
    CHECK_OK(vitals_override_book_add(book, "A", "happiness", 50, "why", "who", 20000, "o.csv:13"));
    memset(&entry, 0, sizeof entry);
    entry.struct_size = sizeof entry;
    CASE("override_book_entry: index 1", vitals_override_book_entry(book, 1, &entry), VITALS_ERR_OUT_OF_RANGE, "index");
    entry.struct_size = 0;
    CASE("override_book_entry: entry->struct_size 0", vitals_override_book_entry(book, 0, &entry),
         VITALS_ERR_INVALID_ARGUMENT, "struct_size");
    CHECK_OK(vitals_scorecard_create_default(&card));
    CASE("override_book_validate: a measure the card lacks", vitals_override_book_validate(book, card),
         VITALS_ERR_UNKNOWN_COLUMN, "o.csv:13");
    CASE("override_book_validate: card NULL", vitals_override_book_validate(book, NULL), VITALS_ERR_INVALID_ARGUMENT, "card");
    CHECK_OK(vitals_override_book_create(&clash));
    CHECK_OK(vitals_override_book_add(clash, "A", "score", 50, "why", "who", 20000, "o.csv:2"));
    CHECK_OK(vitals_override_book_add(clash, "A", "score", 60, "why", "who", 20000, "o.csv:3"));
    CASE("override_book_check_conflicts: two score overrides active", vitals_override_book_check_conflicts(clash, 19000),
         VITALS_ERR_INVALID_ARGUMENT, "o.csv:3");
    vitals_override_book_destroy(clash);
    vitals_scorecard_destroy(card);
    vitals_override_book_destroy(book);
}

static void portfolio(void) {
    double arr[3] = {100, 200, 300};
    double score[3] = {50, 60, 70};
    double bad_arr[3] = {100, -5, 300};
    double inf_arr[3] = {100, 200, INFINITY};
    double bad_score[3] = {50, 101, 70};
    int32_t quadrant[3];
    int64_t order[3];
    int64_t parent[3];
    vitals_quadrant_rule rule;
    vitals_quadrant_summary summary;
    vitals_priority_options po;
    vitals_rollup_output ro;
    double rolled[3];
    const char* ids[3] = {"A", "B", "C"};
    const char* dup_ids[3] = {"A", "B", "A"};
    const char* empty_ids[3] = {"A", "", "C"};
    const char* parents[3] = {NULL, "A", "NOBODY"};
    const char* no_parents[3] = {NULL, "", NULL};
    int64_t cycle[3] = {1, 2, 0};
    int64_t far_parent[3] = {VITALS_NO_PARENT, 7, VITALS_NO_PARENT};

    CASE("classify: arr NULL", vitals_portfolio_classify(NULL, score, 3, NULL, quadrant, 3, NULL), VITALS_ERR_INVALID_ARGUMENT,
         "arr");
    CASE("classify: score NULL", vitals_portfolio_classify(arr, NULL, 3, NULL, quadrant, 3, NULL), VITALS_ERR_INVALID_ARGUMENT,
         "score");
    CASE("classify: an ARR negative", vitals_portfolio_classify(bad_arr, score, 3, NULL, quadrant, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "arr[1]");
    CASE("classify: an ARR infinite", vitals_portfolio_classify(inf_arr, score, 3, NULL, quadrant, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "arr[2]");
    CASE("classify: a score 101", vitals_portfolio_classify(arr, bad_score, 3, NULL, quadrant, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "score[1]");
    CASE("classify: n -1", vitals_portfolio_classify(arr, score, -1, NULL, quadrant, 3, NULL), VITALS_ERR_SHAPE_MISMATCH, "n");
    CASE("classify: quadrant_length short", vitals_portfolio_classify(arr, score, 3, NULL, quadrant, 2, NULL),
         VITALS_ERR_SHAPE_MISMATCH, "quadrant_length");
    memset(&rule, 0, sizeof rule);
    CASE("classify: rule->struct_size 0", vitals_portfolio_classify(arr, score, 3, &rule, quadrant, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "rule->struct_size");
    rule.struct_size = sizeof rule;
    rule.revenue_percent = 150;
    CASE("classify: rule->revenue_percent 150", vitals_portfolio_classify(arr, score, 3, &rule, quadrant, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "rule->revenue_percent: ");
    rule.revenue_percent = 0;
    rule.value_rule = 9;
    CASE("classify: rule->value_rule 9", vitals_portfolio_classify(arr, score, 3, &rule, quadrant, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "rule->value_rule");
    rule.value_rule = VITALS_VALUE_ARR_CUTOFF;
    rule.arr_cutoff = -1;
    CASE("classify: rule->arr_cutoff -1", vitals_portfolio_classify(arr, score, 3, &rule, quadrant, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "rule->arr_cutoff: ");
    rule.value_rule = 0;
    rule.arr_cutoff = 0;
    rule.health_threshold_set = 1;
    rule.health_threshold = 101;
    CASE("classify: rule->health_threshold 101", vitals_portfolio_classify(arr, score, 3, &rule, quadrant, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "rule->health_threshold: ");
    memset(&summary, 0, sizeof summary);
    CASE("classify: summary->struct_size 0", vitals_portfolio_classify(arr, score, 3, NULL, quadrant, 3, &summary),
         VITALS_ERR_INVALID_ARGUMENT, "summary->struct_size");
    /* not a failure: a summary as small as struct_size alone gets the members that fit (none) */
    summary.struct_size = 8;
    CHECK_OK(vitals_portfolio_classify(arr, score, 3, NULL, quadrant, 3, &summary));

    memset(&po, 0, sizeof po);
    po.struct_size = sizeof po;
    po.limit = -1;
    CASE("prioritise: options->limit -1", vitals_portfolio_prioritise(arr, score, 3, &po, order, NULL, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "limit");
    po.limit = 0;
    po.revenue_percent = -3;
    CASE("prioritise: options->revenue_percent -3", vitals_portfolio_prioritise(arr, score, 3, &po, order, NULL, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "options->revenue_percent: ");
    CASE("prioritise: length short", vitals_portfolio_prioritise(arr, score, 3, NULL, order, NULL, 2, NULL),
         VITALS_ERR_SHAPE_MISMATCH, "length");
    CASE("prioritise: order NULL", vitals_portfolio_prioritise(arr, score, 3, NULL, NULL, NULL, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "order");
    CASE("prioritise: a score 101", vitals_portfolio_prioritise(arr, bad_score, 3, NULL, order, NULL, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "score[1]");

    CASE("resolve_parents: an id twice", vitals_portfolio_resolve_parents(dup_ids, no_parents, 3, parent, 3),
         VITALS_ERR_INVALID_ARGUMENT, "\"A\"");
    CASE("resolve_parents: an id empty", vitals_portfolio_resolve_parents(empty_ids, no_parents, 3, parent, 3),
         VITALS_ERR_INVALID_ARGUMENT, "ids[1]");
    CASE("resolve_parents: a parent no account has", vitals_portfolio_resolve_parents(ids, parents, 3, parent, 3),
         VITALS_ERR_UNKNOWN_COLUMN, "NOBODY");
    CASE("resolve_parents: parent_length short", vitals_portfolio_resolve_parents(ids, no_parents, 3, parent, 2),
         VITALS_ERR_SHAPE_MISMATCH, "parent_length");
    CASE("resolve_parents: parent_ids NULL", vitals_portfolio_resolve_parents(ids, NULL, 3, parent, 3),
         VITALS_ERR_INVALID_ARGUMENT, "parent_ids");
    CASE("resolve_parents: ids NULL", vitals_portfolio_resolve_parents(NULL, no_parents, 3, parent, 3), VITALS_ERR_INVALID_ARGUMENT,
         "ids");

    memset(&ro, 0, sizeof ro);
    ro.struct_size = sizeof ro;
    ro.score = rolled;
    ro.score_length = 3;
    CASE("roll_up: a cycle", vitals_portfolio_roll_up(arr, score, cycle, 3, ids, &ro), VITALS_ERR_INVALID_ARGUMENT, "cycle");
    CASE("roll_up: a parent index out of range", vitals_portfolio_roll_up(arr, score, far_parent, 3, ids, &ro),
         VITALS_ERR_INVALID_ARGUMENT, "parent[1]");
    CASE("roll_up: output NULL", vitals_portfolio_roll_up(arr, score, far_parent, 3, ids, NULL), VITALS_ERR_INVALID_ARGUMENT,
         "output");
    ro.score_length = 2;
    CASE("roll_up: output->score_length short", vitals_portfolio_roll_up(arr, score, cycle, 3, ids, &ro),
         VITALS_ERR_SHAPE_MISMATCH, "score_length");

    {
        double psi = 0, cut[2];
        int64_t counts[3];
        const double share[3] = {0.2, NAN, NAN};
        const double too_much[3] = {0.7, 0.7, NAN};
        const double none[3] = {NAN, NAN, NAN};
        const double inf_scores[3] = {10, INFINITY, 30};
        vitals_scorecard* card = NULL;
        CASE("population_stability: expected NULL", vitals_population_stability(NULL, 3, score, 3, 0, &psi, NULL),
             VITALS_ERR_INVALID_ARGUMENT, "expected is NULL");
        CASE("population_stability: n_actual -1", vitals_population_stability(score, 3, score, -1, 0, &psi, NULL),
             VITALS_ERR_SHAPE_MISMATCH, "n_actual");
        CASE("population_stability: psi NULL", vitals_population_stability(score, 3, score, 3, 0, NULL, NULL),
             VITALS_ERR_INVALID_ARGUMENT, "psi");
        CASE("population_stability: bins 1", vitals_population_stability(score, 3, score, 3, 1, &psi, NULL),
             VITALS_ERR_INVALID_ARGUMENT, "bins");
        CASE("population_stability: empty", vitals_population_stability(score, 0, score, 3, 0, &psi, NULL),
             VITALS_ERR_INVALID_ARGUMENT, "empty");
        CASE("population_stability: an infinite value", vitals_population_stability(score, 3, inf_scores, 3, 0, &psi, NULL),
             VITALS_ERR_INVALID_ARGUMENT, "actual[1] is infinite");
        CASE("propose_bands: card NULL", vitals_scorecard_propose_bands(NULL, score, 3, share, 3, cut, 2, NULL, 0),
             VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
        CHECK_OK(vitals_scorecard_create_default(&card));
        CASE("propose_bands: scores NULL", vitals_scorecard_propose_bands(card, NULL, 3, share, 3, cut, 2, NULL, 0),
             VITALS_ERR_INVALID_ARGUMENT, "scores is NULL");
        CASE("propose_bands: n_targets 2", vitals_scorecard_propose_bands(card, score, 3, share, 2, cut, 2, NULL, 0),
             VITALS_ERR_SHAPE_MISMATCH, "n_targets");
        CASE("propose_bands: cutoffs NULL", vitals_scorecard_propose_bands(card, score, 3, share, 3, NULL, 2, NULL, 0),
             VITALS_ERR_INVALID_ARGUMENT, "cutoffs is NULL");
        CASE("propose_bands: cutoffs_length short", vitals_scorecard_propose_bands(card, score, 3, share, 3, cut, 1, NULL, 0),
             VITALS_ERR_SHAPE_MISMATCH, "cutoffs_length");
        CASE("propose_bands: counts_length short", vitals_scorecard_propose_bands(card, score, 3, share, 3, cut, 2, counts, 2),
             VITALS_ERR_SHAPE_MISMATCH, "counts_length");
        CASE("propose_bands: no target", vitals_scorecard_propose_bands(card, score, 3, none, 3, cut, 2, NULL, 0),
             VITALS_ERR_INVALID_ARGUMENT, "no band has a target");
        CASE("propose_bands: shares above 1", vitals_scorecard_propose_bands(card, score, 3, too_much, 3, cut, 2, NULL, 0),
             VITALS_ERR_INVALID_ARGUMENT, "more than 100");
        vitals_scorecard_destroy(card);
    }
}

static void surveys_and_signals(void) {
    int32_t role = 0;
    int64_t account[2] = {0, 1};
    int64_t far_account[2] = {0, 5};
    int64_t one_account[2] = {0, 0};
    int32_t roles[2] = {VITALS_ROLE_VP, VITALS_ROLE_USER};
    int32_t bad_roles[2] = {VITALS_ROLE_VP, 9};
    double answers[2] = {9, 3};
    double eleven[2] = {9, 11};
    double half[2] = {5.5, 3};
    double out[2 * VITALS_SURVEY_COLUMN_COUNT];
    vitals_survey_options so;
    double history[6] = {1, 2, 3, 4, 5, 6};
    double change[2];
    double now[2] = {50, 60};

    CASE("survey_parse_role: ceo", vitals_survey_parse_role("ceo", VITALS_NUL_TERMINATED, &role), VITALS_ERR_PARSE, "\"ceo\"");
    CASE("survey_parse_role: text NULL", vitals_survey_parse_role(NULL, 0, &role), VITALS_ERR_INVALID_ARGUMENT, "text");
    CASE("survey_measures: an account out of range",
         vitals_survey_measures(2, far_account, roles, answers, 2, NULL, out, 2 * VITALS_SURVEY_COLUMN_COUNT),
         VITALS_ERR_INVALID_ARGUMENT, "row 1");
    CASE("survey_measures: a role out of range",
         vitals_survey_measures(2, account, bad_roles, answers, 2, NULL, out, 2 * VITALS_SURVEY_COLUMN_COUNT),
         VITALS_ERR_INVALID_ARGUMENT, "row 1");
    CASE("survey_measures: an answer of 11",
         vitals_survey_measures(2, account, roles, eleven, 2, NULL, out, 2 * VITALS_SURVEY_COLUMN_COUNT),
         VITALS_ERR_INVALID_ARGUMENT, "row 1");
    CASE("survey_measures: an answer of 5.5",
         vitals_survey_measures(2, account, roles, half, 2, NULL, out, 2 * VITALS_SURVEY_COLUMN_COUNT),
         VITALS_ERR_INVALID_ARGUMENT, "row 0");
    CASE("survey_measures: out_length short", vitals_survey_measures(2, account, roles, answers, 2, NULL, out, 3),
         VITALS_ERR_SHAPE_MISMATCH, "out_length");
    memset(&so, 0, sizeof so);
    so.struct_size = sizeof so;
    so.role_weights[0] = -1;
    CASE("survey_measures: a role weight -1",
         vitals_survey_measures(2, account, roles, answers, 2, &so, out, 2 * VITALS_SURVEY_COLUMN_COUNT),
         VITALS_ERR_INVALID_ARGUMENT, "role_weights");
    /* not a failure: role weights whose sums overflow a double (two promoters of 1e308) still
     * give the NPS of the weights' ratios, 100 (it was NaN with status OK; issue 13 item 4) */
    so.role_weights[0] = 0;
    so.role_weights[VITALS_ROLE_VP] = 1e308;
    so.role_weights[VITALS_ROLE_USER] = 1e308;
    answers[1] = 10;
    CHECK_OK(vitals_survey_measures(1, one_account, roles, answers, 2, &so, out, VITALS_SURVEY_COLUMN_COUNT));
    CHECK(out[VITALS_SURVEY_NPS] == 100.0);
    answers[1] = 3; /* a promoter and a detractor of equal weight: 0 */
    CHECK_OK(vitals_survey_measures(1, one_account, roles, answers, 2, &so, out, VITALS_SURVEY_COLUMN_COUNT));
    CHECK(out[VITALS_SURVEY_NPS] == 0.0);
    memset(&so, 0, sizeof so);
    so.struct_size = sizeof so;
    so.participation_target = 2;
    CASE("survey_measures: participation_target 2",
         vitals_survey_measures(2, account, roles, answers, 2, &so, out, 2 * VITALS_SURVEY_COLUMN_COUNT),
         VITALS_ERR_INVALID_ARGUMENT, "participation_target");

    CASE("trend_compute: kind 9", vitals_trend_compute(9, history, VITALS_DTYPE_FLOAT64, 2, 3, 3, 1, 3, change, 2),
         VITALS_ERR_INVALID_ARGUMENT, "kind");
    CASE("trend_compute: window 1",
         vitals_trend_compute(VITALS_TREND_SLOPE, history, VITALS_DTYPE_FLOAT64, 2, 3, 3, 1, 1, change, 2),
         VITALS_ERR_INVALID_ARGUMENT, "window");
    CASE("trend_compute: dtype 3", vitals_trend_compute(VITALS_TREND_SLOPE, history, 3, 2, 3, 3, 1, 3, change, 2),
         VITALS_ERR_INVALID_ARGUMENT, "dtype");
    CASE("trend_compute: out_length short",
         vitals_trend_compute(VITALS_TREND_SLOPE, history, VITALS_DTYPE_FLOAT64, 2, 3, 3, 1, 3, change, 1),
         VITALS_ERR_SHAPE_MISMATCH, "out_length");
    CASE("score_trend_compute: dead_band -1",
         vitals_score_trend_compute(now, 2, history, 3, 3, 1, -1, 1, change, 2, NULL, 0), VITALS_ERR_INVALID_ARGUMENT,
         "dead_band");
    CASE("score_trend_compute: dead_band NaN",
         vitals_score_trend_compute(now, 2, history, 3, 3, 1, NAN, 1, change, 2, NULL, 0), VITALS_ERR_INVALID_ARGUMENT,
         "dead_band");
    {
        vitals_scorecard* card = NULL;
        vitals_alert_input in;
        vitals_alert_output ao;
        CHECK_OK(vitals_scorecard_create_default(&card));
        memset(&in, 0, sizeof in);
        in.struct_size = sizeof in;
        in.rows = 2;
        in.score = now;
        in.score_length = 2;
        in.allow_absent_columns = 1;
        memset(&ao, 0, sizeof ao);
        ao.struct_size = sizeof ao;
        CASE("evaluate_alerts: input NULL", vitals_scorecard_evaluate_alerts(card, NULL, &ao), VITALS_ERR_INVALID_ARGUMENT,
             "input");
        CASE("evaluate_alerts: output NULL", vitals_scorecard_evaluate_alerts(card, &in, NULL), VITALS_ERR_INVALID_ARGUMENT,
             "output");
        in.struct_size = 0;
        CASE("evaluate_alerts: input->struct_size 0", vitals_scorecard_evaluate_alerts(card, &in, &ao),
             VITALS_ERR_INVALID_ARGUMENT, "input->struct_size");
        in.struct_size = sizeof in;
        in.rows = -1;
        CASE("evaluate_alerts: input->rows -1", vitals_scorecard_evaluate_alerts(card, &in, &ao), VITALS_ERR_SHAPE_MISMATCH,
             "rows");
        vitals_scorecard_destroy(card);
    }
    CASE("score_trend_compute: window 0", vitals_score_trend_compute(now, 2, history, 3, 3, 1, 2, 0, change, 2, NULL, 0),
         VITALS_ERR_INVALID_ARGUMENT, "window");
}

static void fit_and_evaluate(void) {
    vitals_scorecard* card = NULL;
    vitals_scorecard* fitted = NULL;
    const vitals_scorecard* cards[2];
    double data[4 * 12];
    double labels[4] = {0, 1, 0, 1};
    double bad_labels[4] = {0, 1, 2, 1};
    size_t needed = 0;
    int i;
    for (i = 0; i < 48; ++i) data[i] = (double)(i % 7);
    CHECK_OK(vitals_scorecard_create_default(&card));
    cards[0] = card;
    cards[1] = NULL;
#define FIT(opts, lab, n_lab) \
    vitals_scorecard_fit(card, data, VITALS_DTYPE_FLOAT64, 4, 12, 12, 1, NULL, 0, lab, n_lab, opts, VITALS_NUL_TERMINATED, \
                         NULL, 0, &needed, &fitted)
    CASE("fit: options l2 1e999", FIT("{\"l2\": 1e999}", labels, 4), VITALS_ERR_PARSE, "options.l2");
    CASE("fit: options l2 -1", FIT("{\"l2\": -1}", labels, 4), VITALS_ERR_INVALID_ARGUMENT, "options.l2");
    CASE("fit: options not JSON", FIT("{l2: 1}", labels, 4), VITALS_ERR_PARSE, "options");
    CASE("fit: options an array", FIT("[1]", labels, 4), VITALS_ERR_INVALID_ARGUMENT, "options");
    CASE("fit: options unknown key", FIT("{\"frobnicate\": 1}", labels, 4), VITALS_ERR_INVALID_ARGUMENT, "frobnicate");
    CASE("fit: options weights magic", FIT("{\"weights\": \"magic\"}", labels, 4), VITALS_ERR_INVALID_ARGUMENT,
         "options.weights");
    CASE("fit: options max_iterations -1", FIT("{\"max_iterations\": -1}", labels, 4), VITALS_ERR_INVALID_ARGUMENT,
         "options.max_iterations");
    CASE("fit: options l2 twice", FIT("{\"l2\": 1, \"l2\": 2}", labels, 4), VITALS_ERR_PARSE, "options.l2");
    CASE("fit: a label of 2", FIT(NULL, bad_labels, 4), VITALS_ERR_INVALID_ARGUMENT, "labels[2]");
    CASE("fit: n_labels != rows", FIT(NULL, labels, 3), VITALS_ERR_SHAPE_MISMATCH, "n_labels");
    CASE("fit: labels NULL", FIT(NULL, NULL, 4), VITALS_ERR_INVALID_ARGUMENT, "labels");
    CASE("fit: start NULL",
         vitals_scorecard_fit(NULL, data, VITALS_DTYPE_FLOAT64, 4, 12, 12, 1, NULL, 0, labels, 4, NULL, 0, NULL, 0, &needed,
                              &fitted),
         VITALS_ERR_INVALID_ARGUMENT, "start");
    CASE("fit: fitted NULL",
         vitals_scorecard_fit(card, data, VITALS_DTYPE_FLOAT64, 4, 12, 12, 1, NULL, 0, labels, 4, NULL, 0, NULL, 0, &needed,
                              NULL),
         VITALS_ERR_INVALID_ARGUMENT, "fitted");
    CASE("fit: dtype 5",
         vitals_scorecard_fit(card, data, 5, 4, 12, 12, 1, NULL, 0, labels, 4, NULL, 0, NULL, 0, &needed, &fitted),
         VITALS_ERR_INVALID_ARGUMENT, "dtype");
#undef FIT
    CHECK(fitted == NULL);
    {
        const char* segs[4] = {"a", "b", NULL, "a"};
        vitals_scorecard_set* set = NULL;
#define FIT_SEG(column, segs_, n_segs, min_a)                                                                          \
    vitals_scorecard_fit_segments(card, data, VITALS_DTYPE_FLOAT64, 4, 12, 12, 1, NULL, 0, labels, 4, column, segs_, \
                                  n_segs, min_a, -1, NULL, 0, NULL, 0, &needed, &set)
        CASE("fit_segments: segment_column NULL", FIT_SEG(NULL, segs, 4, -1), VITALS_ERR_INVALID_ARGUMENT, "segment_column");
        CASE("fit_segments: segment_column empty", FIT_SEG("", segs, 4, -1), VITALS_ERR_INVALID_ARGUMENT, "segment_column is empty");
        CASE("fit_segments: segments NULL", FIT_SEG("plan", NULL, 4, -1), VITALS_ERR_INVALID_ARGUMENT, "segments is NULL");
        CASE("fit_segments: n_segments != rows", FIT_SEG("plan", segs, 3, -1), VITALS_ERR_SHAPE_MISMATCH, "n_segments: 3 segments for 4 rows");
        CASE("fit_segments: min_accounts 0", FIT_SEG("plan", segs, 4, 0), VITALS_ERR_INVALID_ARGUMENT, "min_accounts: 0");
        CASE("fit_segments: fitted NULL",
             vitals_scorecard_fit_segments(card, data, VITALS_DTYPE_FLOAT64, 4, 12, 12, 1, NULL, 0, labels, 4, "plan", segs, 4,
                                           -1, -1, NULL, 0, NULL, 0, &needed, NULL),
             VITALS_ERR_INVALID_ARGUMENT, "fitted");
#undef FIT_SEG
        CHECK(set == NULL);
    }
#define EVAL(cards_, n_, opts)                                                                                         \
    vitals_scorecard_evaluate(cards_, NULL, n_, data, VITALS_DTYPE_FLOAT64, 4, 12, 12, 1, NULL, 0, labels, 4, opts, \
                              VITALS_NUL_TERMINATED, NULL, 0, &needed)
    CASE("evaluate: n_cards 0", EVAL(cards, 0, NULL), VITALS_ERR_INVALID_ARGUMENT, "n_cards");
    CASE("evaluate: cards NULL", EVAL(NULL, 1, NULL), VITALS_ERR_INVALID_ARGUMENT, "cards");
    CASE("evaluate: a NULL card", EVAL(cards, 2, NULL), VITALS_ERR_INVALID_ARGUMENT, "cards[1]");
    CASE("evaluate: options folds 1", EVAL(cards, 1, "{\"folds\": 1}"), VITALS_ERR_INVALID_ARGUMENT, "options.folds");
    CASE("evaluate: options top [2]", EVAL(cards, 1, "{\"top\": [2]}"), VITALS_ERR_INVALID_ARGUMENT, "options.top");
    CASE("evaluate: options confidence 1.5", EVAL(cards, 1, "{\"confidence\": 1.5}"), VITALS_ERR_INVALID_ARGUMENT,
         "options.confidence");
    CASE("evaluate: options bootstrap -1", EVAL(cards, 1, "{\"bootstrap\": -1}"), VITALS_ERR_INVALID_ARGUMENT,
         "options.bootstrap");
    CASE("evaluate: options seed 1e999", EVAL(cards, 1, "{\"seed\": 1e999}"), VITALS_ERR_PARSE, "options.seed");
#undef EVAL
    vitals_scorecard_destroy(card);
}

/* ---- sessions ---------------------------------------------------------------------------------- */

static vitals_scorecard_set* set_from(const char* json, const char* dir) {
    vitals_scorecard_set* set = NULL;
    CHECK_OK(vitals_scorecard_set_create_from_json(json, VITALS_NUL_TERMINATED, dir, NULL, &set));
    return set;
}

static void sessions(const char* examples) {
    char path[1024];
    vitals_scorecard_set* set = NULL;
    vitals_scorecard_set* smb_only = NULL;
    vitals_scorecard_set* made = NULL;
    vitals_session* s = NULL;
    vitals_session* made_session = NULL;
    vitals_session_result* r = NULL;
    vitals_session_options o;
    vitals_table t, h;
    const char* cols[64];
    double values[2 * 64];
    const char* ids[2] = {"A", "B"};
    const char* null_id[2] = {"A", NULL};
    const char* segs[2] = {"SMB", "Enterprise"};
    const char* other_segs[2] = {"SMB", "Public sector"};
    int64_t n_cols = 0, i, count = 0;
    const char* metrics[4] = {"active_users", "logins", "days_late", "revenue_projection"};
    double hvalues[12] = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
    const char* hids[3] = {"A", "A", "B"};
    const char* hperiods[3] = {"2026-01", "2026-01", "2026-01"};
    const char* good_periods[3] = {"2026-01", "2026-02", "2026-01"};
    const char* empty_periods[3] = {"2026-01", "", "2026-01"};
    double scores[3] = {50, 101, 40};
    double answers[3] = {9, 11, 3};
    const char* roles[3] = {"vp", "user", "ceo"};
    int64_t card_index = 0;
    double f64[2];
    int32_t i32[2];
    char text[64];
    size_t needed = 0;

    snprintf(path, sizeof path, "%s/segments.json", examples);
    CASE("set_create_from_file: path NULL", vitals_scorecard_set_create_from_file(NULL, NULL, &made),
         VITALS_ERR_INVALID_ARGUMENT, "path");
    CASE("set_create_from_file: no such file", vitals_scorecard_set_create_from_file("no/such/set.json", NULL, &made),
         VITALS_ERR_IO, "no/such/set.json");
    CHECK_OK(vitals_scorecard_set_create_from_file(path, NULL, &set));
    CASE("set_create_from_json: json NULL", vitals_scorecard_set_create_from_json(NULL, 0, examples, NULL, &made),
         VITALS_ERR_INVALID_ARGUMENT, "json");
    CASE("set_create_from_json: a card file missing",
         vitals_scorecard_set_create_from_json(
             "{\"vitals_scorecard_set\": 1, \"segment_column\": \"segment\", \"scorecards\": {\"SMB\": \"gone.json\"}}",
             VITALS_NUL_TERMINATED, examples, NULL, &made),
         VITALS_ERR_IO, "gone.json");
    CASE("set_create_from_json: segment_column a number",
         vitals_scorecard_set_create_from_json(
             "{\"vitals_scorecard_set\": 1, \"segment_column\": 5, \"scorecards\": {\"SMB\": \"scorecard-default.json\"}}",
             VITALS_NUL_TERMINATED, examples, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/segment_column");
    CASE("set_create_from_json: an inline card's bad weight",
         vitals_scorecard_set_create_from_json(
             "{\"vitals_scorecard_set\": 1, \"segment_column\": \"segment\", \"scorecards\": {\"SMB\": "
             "{\"vitals_scorecard\": 1, \"name\": \"c\", \"measures\": [{\"name\": \"nps\", \"input\": \"nps\", "
             "\"weight\": -1, " LINEAR "}]}}}",
             VITALS_NUL_TERMINATED, examples, NULL, &made),
         VITALS_ERR_INVALID_SCORECARD, "/scorecards/SMB/measures/0/weight");
    CHECK(made == NULL);
    CASE("set_create_single: card NULL", vitals_scorecard_set_create_single(NULL, &made), VITALS_ERR_INVALID_ARGUMENT, "card");
    smb_only = set_from("{\"vitals_scorecard_set\": 1, \"segment_column\": \"segment\", \"scorecards\": "
                        "{\"SMB\": \"scorecard-default.json\"}}",
                        examples);
    CASE("set_lookup: a segment with no card and no default", vitals_scorecard_set_lookup(smb_only, "Public sector", &card_index),
         VITALS_ERR_UNKNOWN_COLUMN, "Public sector");
    CASE("set_card: card NULL", vitals_scorecard_set_card(set, 0, NULL), VITALS_ERR_INVALID_ARGUMENT, "out-pointer is NULL");

    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.as_of_set = 1;
    o.as_of = 20000;
    CASE("session_create: set NULL", vitals_session_create(NULL, &o, &made_session), VITALS_ERR_INVALID_ARGUMENT, "set");
    CASE("session_create: session NULL", vitals_session_create(set, &o, NULL), VITALS_ERR_INVALID_ARGUMENT, "session");
    o.value_rule = 5;
    CASE("session_create: options->value_rule 5", vitals_session_create(set, &o, &made_session), VITALS_ERR_INVALID_ARGUMENT,
         "options->value_rule");
    o.value_rule = 0;
    o.top_k = VITALS_MAX_TOP_K + 1;
    CASE("session_create: options->top_k 65", vitals_session_create(set, &o, &made_session), VITALS_ERR_INVALID_ARGUMENT,
         "options->top_k");
    o.top_k = 0;
    o.threads = -1;
    CASE("session_create: options->threads -1", vitals_session_create(set, &o, &made_session), VITALS_ERR_INVALID_ARGUMENT,
         "options->threads");
    o.threads = 0;
    o.revenue_percent = 150;
    CASE("session_create: options->revenue_percent 150", vitals_session_create(set, &o, &made_session),
         VITALS_ERR_INVALID_ARGUMENT, "options->revenue_percent");
    o.revenue_percent = 0;
    o.value_rule = VITALS_VALUE_ARR_CUTOFF;
    o.arr_cutoff = -1;
    CASE("session_create: options->arr_cutoff -1", vitals_session_create(set, &o, &made_session), VITALS_ERR_INVALID_ARGUMENT,
         "options->arr_cutoff");
    o.value_rule = 0;
    o.arr_cutoff = 0;
    o.health_threshold_set = 1;
    o.health_threshold = NAN;
    CASE("session_create: options->health_threshold NaN", vitals_session_create(set, &o, &made_session),
         VITALS_ERR_INVALID_ARGUMENT, "options->health_threshold");
    o.health_threshold_set = 0;
    o.health_threshold = 0;
    o.as_of = (int64_t)1 << 40;
    CASE("session_create: options->as_of past int32", vitals_session_create(set, &o, &made_session),
         VITALS_ERR_INVALID_ARGUMENT, "options->as_of");
    o.as_of = 20000;
    o.struct_size = 0;
    CASE("session_create: options->struct_size 0", vitals_session_create(set, &o, &made_session), VITALS_ERR_INVALID_ARGUMENT,
         "options->struct_size");
    o.struct_size = sizeof o;
    CHECK(made_session == NULL);
    CHECK_OK(vitals_session_create(set, &o, &s));
    CHECK_OK(vitals_session_result_create(&r));

    /* history */
    memset(&h, 0, sizeof h);
    h.struct_size = sizeof h;
    h.data = hvalues;
    h.rows = 3;
    h.cols = 4;
    h.row_stride = 4;
    h.col_stride = 1;
    h.columns = metrics;
    h.n_columns = 4;
    h.ids = hids;
    CASE("set_history: session NULL", vitals_session_set_history(NULL, &h, good_periods, 3, NULL), VITALS_ERR_INVALID_ARGUMENT,
         "session");
    CASE("set_history: history NULL", vitals_session_set_history(s, NULL, good_periods, 3, NULL), VITALS_ERR_INVALID_ARGUMENT,
         "history");
    CASE("set_history: periods NULL", vitals_session_set_history(s, &h, NULL, 3, NULL), VITALS_ERR_INVALID_ARGUMENT,
         "periods");
    CASE("set_history: n_periods != rows", vitals_session_set_history(s, &h, good_periods, 2, NULL), VITALS_ERR_SHAPE_MISMATCH,
         "n_periods");
    CASE("set_history: an account's period twice", vitals_session_set_history(s, &h, hperiods, 3, "hist"),
         VITALS_ERR_INVALID_ARGUMENT, "hist:2");
    CASE("set_history: an empty period", vitals_session_set_history(s, &h, empty_periods, 3, "hist"),
         VITALS_ERR_INVALID_ARGUMENT, "hist:2");
    h.dtype = 9;
    CASE("set_history: history->dtype 9", vitals_session_set_history(s, &h, good_periods, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "history->dtype");
    h.dtype = 0;
    h.ids = null_id;
    h.rows = 2;
    CASE("set_history: history->ids[1] NULL", vitals_session_set_history(s, &h, good_periods, 2, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "history->ids[1]");
    h.ids = hids;
    h.rows = 3;
    h.struct_size = 0;
    CASE("set_history: history->struct_size 0", vitals_session_set_history(s, &h, good_periods, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "history->struct_size");
    h.struct_size = sizeof h;
    h.n_columns = 1;
    h.cols = 1;
    CASE("set_history: a metric the trends read is missing", vitals_session_set_history(s, &h, good_periods, 3, NULL),
         VITALS_ERR_UNKNOWN_COLUMN, "days_late");
    h.n_columns = 4;
    h.cols = 4;
    h.col_stride = -1;
    CASE("set_history: history->col_stride -1", vitals_session_set_history(s, &h, good_periods, 3, NULL),
         VITALS_ERR_SHAPE_MISMATCH, "history->col_stride");
    h.col_stride = 1;

    /* previous scores, surveys, overrides */
    CASE("set_previous: a score 101", vitals_session_set_previous(s, hids, good_periods, scores, NULL, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "previous:2");
    CASE("set_previous: rows -2", vitals_session_set_previous(s, hids, good_periods, scores, NULL, -2, NULL),
         VITALS_ERR_SHAPE_MISMATCH, "rows");
    CASE("set_previous: scores NULL", vitals_session_set_previous(s, hids, good_periods, NULL, NULL, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "scores");
    scores[1] = 60;
    CASE("set_previous: a period twice", vitals_session_set_previous(s, hids, hperiods, scores, NULL, 3, "prev"),
         VITALS_ERR_INVALID_ARGUMENT, "prev:2");
    CASE("set_previous: an empty period", vitals_session_set_previous(s, hids, empty_periods, scores, NULL, 3, "prev"),
         VITALS_ERR_INVALID_ARGUMENT, "prev:2");
    CASE("set_previous: ids[1] NULL", vitals_session_set_previous(s, null_id, good_periods, scores, NULL, 2, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "ids[1]");
    CASE("set_surveys: an answer of 11", vitals_session_set_surveys(s, hids, roles, answers, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "surveys:2");
    answers[1] = 5;
    CASE("set_surveys: a role that is none", vitals_session_set_surveys(s, hids, roles, answers, 3, "surv"), VITALS_ERR_PARSE,
         "surv:3");
    CASE("set_surveys: roles NULL", vitals_session_set_surveys(s, hids, NULL, answers, 3, NULL), VITALS_ERR_INVALID_ARGUMENT,
         "roles");
    CASE("set_surveys: rows -1", vitals_session_set_surveys(s, hids, roles, answers, -1, NULL), VITALS_ERR_SHAPE_MISMATCH,
         "rows");
    {
        vitals_override_book* bad = NULL;
        CHECK_OK(vitals_override_book_create(&bad));
        CHECK_OK(vitals_override_book_add(bad, "A", "no_such_measure", 50, "why", "who", 20010, "bad.csv:2"));
        CASE("set_overrides: a measure no card has", vitals_session_set_overrides(s, bad, NULL), VITALS_ERR_UNKNOWN_COLUMN,
             "bad.csv:2");
        vitals_override_book_destroy(bad);
        CHECK_OK(vitals_override_book_create(&bad));
        CHECK_OK(vitals_override_book_add(bad, "A", "score", 50, "why", "who", 20010, "clash.csv:2"));
        CHECK_OK(vitals_override_book_add(bad, "A", "score", 60, "why", "who", 20010, "clash.csv:3"));
        CASE("set_overrides: two score overrides active", vitals_session_set_overrides(s, bad, NULL),
             VITALS_ERR_INVALID_ARGUMENT, "clash.csv:3");
        vitals_override_book_destroy(bad);
        CASE("set_overrides: book NULL", vitals_session_set_overrides(s, NULL, NULL), VITALS_ERR_INVALID_ARGUMENT, "book");
    }
    CASE("set_value_cutoff: NaN", vitals_session_set_value_cutoff(s, NAN), VITALS_ERR_INVALID_ARGUMENT, "cutoff");
    CASE("set_value_cutoff: -1", vitals_session_set_value_cutoff(s, -1), VITALS_ERR_INVALID_ARGUMENT, "cutoff");

    /* the one-page report */
    {
        vitals_report_options ro;
        memset(&ro, 0, sizeof ro);
        ro.struct_size = sizeof ro;
        CASE("keep_report: session NULL", vitals_session_keep_report(NULL, &ro), VITALS_ERR_INVALID_ARGUMENT, "session");
        CASE("session_report: session NULL", vitals_session_report(NULL, text, sizeof text, &needed),
             VITALS_ERR_INVALID_ARGUMENT, "session");
        CASE("session_report: no report kept", vitals_session_report(s, text, sizeof text, &needed),
             VITALS_ERR_INVALID_ARGUMENT, "keeps no report");
        ro.struct_size = 0;
        CASE("keep_report: options->struct_size 0", vitals_session_keep_report(s, &ro), VITALS_ERR_INVALID_ARGUMENT,
             "options->struct_size");
        ro.struct_size = sizeof ro;
        ro.top = -5;
        CASE("keep_report: options->top -5", vitals_session_keep_report(s, &ro), VITALS_ERR_INVALID_ARGUMENT,
             "options->top");
        ro.top = 0;
        ro.max_points = INT64_MAX;
        CASE("keep_report: options->max_points INT64_MAX", vitals_session_keep_report(s, &ro),
             VITALS_ERR_INVALID_ARGUMENT, "options->max_points");
        ro.max_points = 0;
        CHECK_OK(vitals_session_keep_report(s, &ro));
        CASE("session_report: no table scored", vitals_session_report(s, text, sizeof text, &needed),
             VITALS_ERR_INVALID_ARGUMENT, "no table");
    }

    /* the table: every column the session reads, plus arr */
    CHECK_OK(vitals_session_column_count(s, &n_cols));
    CHECK(n_cols > 0 && n_cols < 63);
    for (i = 0; i < n_cols && i < 63; ++i) CHECK_OK(vitals_session_column_name(s, i, &cols[i]));
    for (i = 0; i < 2 * 64; ++i) values[i] = 1.0;
    memset(&t, 0, sizeof t);
    t.struct_size = sizeof t;
    t.data = values;
    t.rows = 2;
    t.cols = n_cols;
    t.row_stride = n_cols;
    t.col_stride = 1;
    t.columns = cols;
    t.n_columns = n_cols;
    t.ids = ids;
    t.segments = segs;
    CASE("session_score: session NULL", vitals_session_score(NULL, &t, r), VITALS_ERR_INVALID_ARGUMENT, "session");
    CASE("session_score: table NULL", vitals_session_score(s, NULL, r), VITALS_ERR_INVALID_ARGUMENT, "table");
    CASE("session_score: result NULL", vitals_session_score(s, &t, NULL), VITALS_ERR_INVALID_ARGUMENT, "result");
    t.struct_size = 8;
    CASE("session_score: table->struct_size 8", vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT,
         "table->struct_size");
    t.struct_size = sizeof t;
    t.rows = -1;
    CASE("session_score: table->rows -1", vitals_session_score(s, &t, r), VITALS_ERR_SHAPE_MISMATCH, "table->rows");
    t.rows = 2;
    t.row_stride = INT64_MAX / 2;
    CASE("session_score: table->row_stride overflowing", vitals_session_score(s, &t, r), VITALS_ERR_SHAPE_MISMATCH,
         "table->data");
    t.row_stride = n_cols;
    t.dtype = 9;
    CASE("session_score: table->dtype 9", vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->dtype");
    t.dtype = 0;
    t.ids = null_id;
    CASE("session_score: table->ids[1] NULL", vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->ids[1]");
    t.ids = NULL;
    CASE("session_score: table->ids NULL", vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->ids");
    t.ids = ids;
    t.data = NULL;
    CASE("session_score: table->data NULL", vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->data");
    t.data = values;
    t.n_columns = n_cols - 1;
    CASE("session_score: table->n_columns != cols", vitals_session_score(s, &t, r), VITALS_ERR_SHAPE_MISMATCH,
         "table->n_columns");
    t.n_columns = n_cols;
    /* without the first column (a card's input; the value column comes last and is optional) */
    t.data = values + 1;
    t.columns = cols + 1;
    t.cols = n_cols - 1;
    t.n_columns = n_cols - 1;
    CASE("session_score: a column the cards read is missing", vitals_session_score(s, &t, r), VITALS_ERR_UNKNOWN_COLUMN,
         cols[0]);
    t.data = values;
    t.columns = cols;
    t.cols = n_cols;
    t.n_columns = n_cols;
    {
        const char* saved = cols[1];
        cols[1] = cols[0];
        CASE("session_score: a column named twice", vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, cols[0]);
        cols[1] = saved;
    }
    t.row_offset = -1;
    CASE("session_score: table->row_offset -1", vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT,
         "table->row_offset");
    t.row_offset = 0;
    t.segments = NULL;
    CASE("session_score: no segments for a segmented set", vitals_session_score(s, &t, r), VITALS_ERR_UNKNOWN_COLUMN,
         "segment");
    t.segments = segs;
    if (n_cols > 0) {
        /* the value column (arr, among the columns the session reads), negative in row 2 */
        int64_t arr_col = -1;
        for (i = 0; i < n_cols; ++i)
            if (strcmp(cols[i], "arr") == 0) arr_col = i;
        CHECK(arr_col >= 0);
        values[n_cols + arr_col] = -5;
        t.source = "book.csv";
        CASE("session_score: a value negative", vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT,
             "book.csv: row 2");
        values[n_cols + arr_col] = 1.0;
        t.source = NULL;
    }
    CHECK_OK(vitals_session_score(s, &t, r));
    CASE("set_history: after the first score", vitals_session_set_history(s, &h, good_periods, 3, NULL),
         VITALS_ERR_INVALID_ARGUMENT, "scored a table");
    CASE("result_width: column 99", vitals_session_result_width(r, 99, &count), VITALS_ERR_OUT_OF_RANGE, "column");
    CASE("result_f64: an int32 column", vitals_session_result_f64(r, VITALS_COLUMN_BAND, f64, 2), VITALS_ERR_INVALID_ARGUMENT,
         "column");
    CASE("result_i32: a float64 column", vitals_session_result_i32(r, VITALS_COLUMN_SCORE, i32, 2), VITALS_ERR_INVALID_ARGUMENT,
         "column");
    CASE("result_f64: length short", vitals_session_result_f64(r, VITALS_COLUMN_SCORE, f64, 1), VITALS_ERR_SHAPE_MISMATCH,
         "length");
    CASE("result_f64: a column the result lacks", vitals_session_result_f64(r, VITALS_COLUMN_CHANGE, f64, 2),
         VITALS_ERR_UNKNOWN_COLUMN, "change");
    CASE("result_text: row 2", vitals_session_result_text(r, VITALS_COLUMN_BAND, 2, text, sizeof text, &needed),
         VITALS_ERR_OUT_OF_RANGE, "row");
    CASE("result_text: a column without text",
         vitals_session_result_text(r, VITALS_COLUMN_SCORE, 0, text, sizeof text, &needed), VITALS_ERR_INVALID_ARGUMENT,
         "column");
    CASE("unmatched_count: input 7", vitals_session_unmatched_count(s, 7, &count), VITALS_ERR_OUT_OF_RANGE, "input");
    CASE("notice: index 1000", vitals_session_notice(s, 1000, text, sizeof text, &needed), VITALS_ERR_OUT_OF_RANGE, "index");
    CASE("keep_report: after the first score", vitals_session_keep_report(s, NULL), VITALS_ERR_INVALID_ARGUMENT,
         "before the first");
    CASE("session_report: a table failed to score", vitals_session_report(s, text, 8, &needed),
         VITALS_ERR_INVALID_ARGUMENT, "failed to score");
    CASE("set_value_cutoff: after a report's table", vitals_session_set_value_cutoff(s, 1.0), VITALS_ERR_INVALID_ARGUMENT,
         "before the first");
    vitals_session_destroy(s);
    s = NULL;

    /* a segment with no card and no default names the row and the account */
    CHECK_OK(vitals_session_create(smb_only, &o, &s));
    t.segments = other_segs;
    {
        int64_t n2 = 0;
        CHECK_OK(vitals_session_column_count(s, &n2));
        for (i = 0; i < n2 && i < 63; ++i) CHECK_OK(vitals_session_column_name(s, i, &cols[i]));
        t.cols = n2;
        t.n_columns = n2;
        t.row_stride = n2;
    }
    CASE("session_score: a segment with no card and no default", vitals_session_score(s, &t, r), VITALS_ERR_UNKNOWN_COLUMN,
         "Public sector");
    vitals_session_destroy(s);
    vitals_session_result_destroy(r);
    vitals_scorecard_set_destroy(smb_only);
    vitals_scorecard_set_destroy(set);
}

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_capi_catalogue <docs/examples dir>\n");
        return 2;
    }
    scorecards();
    scoring();
    dates_and_overrides();
    portfolio();
    surveys_and_signals();
    fit_and_evaluate();
    sessions(argv[1]);
    printf("C ABI bad-input catalogue: %d cases, %d failed\n", n_cases, case_failures);
    if (n_cases > MAX_CASES) {
        fprintf(stderr, "more than %d cases: raise MAX_CASES\n", MAX_CASES);
        ++failures;
    }
    CHECK(n_cases >= 60);
    return failures == 0 ? 0 : 1;
}
