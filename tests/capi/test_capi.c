/* The C ABI from a C99 host: every function, every error class, everything freed.
 * Compiled with -std=c99 -pedantic -Werror; run under ASan/LeakSanitizer in the sanitizer build.
 * Usage: test_capi_c <data dir> (holds small.json). */
#include "vitals/vitals.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* The default scorecard's inputs, and four accounts (rows): healthy, middling, in trouble, empty. */
#define N_ACCOUNTS 4
#define N_INPUTS 12
static const char* const input_names[N_INPUTS] = {
    "active_users", "licensed_seats", "logins_trend", "training_completion",
    "tickets_per_seat", "ticket_sentiment", "nps", "days_late",
    "tenure_months", "contact_tenure_days", "executive_sponsor", "seat_change_pct"};
static double accounts[N_ACCOUNTS][N_INPUTS];

static void fill_accounts(void) {
    static const double rows[3][N_INPUTS] = {
        {90, 100, 0.15, 0.8, 0.04, 0.6, 55, 0, 40, 400, 1, 0.12},
        {50, 100, 0.0, 0.5, 0.2, 0.1, 10, 5, 14, 100, 1, 0.0},
        {10, 100, -0.4, 0.1, 0.6, -0.7, -60, 60, 3, 10, 0, -0.3}};
    int i, j;
    for (i = 0; i < 3; ++i)
        for (j = 0; j < N_INPUTS; ++j) accounts[i][j] = rows[i][j];
    for (j = 0; j < N_INPUTS; ++j) accounts[3][j] = NAN; /* no data at all */
}

static vitals_score_output output_for(double* score, int32_t* band, double* coverage, int32_t* status,
                                      int64_t rows) {
    vitals_score_output out;
    memset(&out, 0, sizeof out);
    out.struct_size = sizeof out;
    out.score = score;
    out.score_length = rows;
    out.band = band;
    out.band_length = rows;
    out.coverage = coverage;
    out.coverage_length = rows;
    out.status = status;
    out.status_length = rows;
    return out;
}

static int same(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

/* ---- versions, status strings ---------------------------------------------------------------- */
static void test_versions(void) {
    CHECK(strcmp(vitals_version_string(), VITALS_VERSION_STRING) == 0);
    CHECK(vitals_version_number() == VITALS_VERSION_NUMBER);
    CHECK(vitals_abi_version() == VITALS_ABI_VERSION);
    CHECK(strcmp(vitals_status_string(VITALS_OK), "ok") == 0);
    CHECK(strcmp(vitals_status_string(VITALS_ERR_INVALID_ARGUMENT), "invalid_argument") == 0);
    CHECK(strcmp(vitals_status_string(VITALS_ERR_INVALID_SCORECARD), "invalid_scorecard") == 0);
    CHECK(strcmp(vitals_status_string(VITALS_ERR_PARSE), "parse_error") == 0);
    CHECK(strcmp(vitals_status_string(VITALS_ERR_IO), "io_error") == 0);
    CHECK(strcmp(vitals_status_string(VITALS_ERR_SHAPE_MISMATCH), "shape_mismatch") == 0);
    CHECK(strcmp(vitals_status_string(VITALS_ERR_UNKNOWN_COLUMN), "unknown_column") == 0);
    CHECK(strcmp(vitals_status_string(VITALS_ERR_OUT_OF_RANGE), "out_of_range") == 0);
    CHECK(strcmp(vitals_status_string(VITALS_ERR_NOT_SUPPORTED), "not_supported") == 0);
    CHECK(strcmp(vitals_status_string(VITALS_ERR_INTERNAL), "internal") == 0);
    CHECK(strcmp(vitals_status_string(-1000), "unknown") == 0);
    CHECK(strcmp(vitals_status_string(5), "unknown") == 0);
    CHECK(vitals_last_error() != NULL);
    {
        /* "vitals 0.1.0; isa <level>..."; with VITALS_ISA set (ctest capi_c_isa_*), that level, or
           the CPU's best and a note that the CPU lacks it */
        const char* info = vitals_build_info();
        const char* wanted = getenv("VITALS_ISA");
        char expect[64], lacks[96];
        CHECK(info != NULL && info == vitals_build_info());
        CHECK(strncmp(info, "vitals " VITALS_VERSION_STRING "; isa ", strlen("vitals " VITALS_VERSION_STRING "; isa ")) == 0);
        CHECK(strstr(info, "; cpu ") != NULL);
        if (wanted != NULL && strlen(wanted) < 20) {
            sprintf(expect, "; isa %s;", wanted);
            sprintf(lacks, "(VITALS_ISA=%s, but this CPU lacks %s; using ", wanted, wanted);
            CHECK(strstr(info, expect) != NULL || strstr(info, lacks) != NULL);
        }
        printf("%s\n", info);
    }
}

/* ---- the versioned structs' first-version layout -------------------------------------------- */
/* Members may only be appended. The ABI check (abidiff) cannot tell an append from an insertion
 * for these two structs (see capi/abi/libvitals.abignore), so their version-1 layout is pinned
 * here: every member's offset (on LP64 targets). */
static void test_layout(void) {
    if (sizeof(void*) != 8) return; /* the offsets below are for LP64 targets */
    CHECK(offsetof(vitals_score_options, struct_size) == 0);
    CHECK(offsetof(vitals_score_options, threads) == 8);
    CHECK(offsetof(vitals_score_options, top_k) == 16);
    CHECK(offsetof(vitals_score_options, allow_absent_columns) == 24);
    CHECK(offsetof(vitals_score_options, block_size) == 32);
    CHECK(sizeof(vitals_score_options) >= 40);
    CHECK(offsetof(vitals_score_output, struct_size) == 0);
    CHECK(offsetof(vitals_score_output, score) == 8);
    CHECK(offsetof(vitals_score_output, score_length) == 16);
    CHECK(offsetof(vitals_score_output, band) == 24);
    CHECK(offsetof(vitals_score_output, band_length) == 32);
    CHECK(offsetof(vitals_score_output, coverage) == 40);
    CHECK(offsetof(vitals_score_output, coverage_length) == 48);
    CHECK(offsetof(vitals_score_output, status) == 56);
    CHECK(offsetof(vitals_score_output, status_length) == 64);
    CHECK(offsetof(vitals_score_output, contributions) == 72);
    CHECK(offsetof(vitals_score_output, contributions_length) == 80);
    CHECK(offsetof(vitals_score_output, points_lost) == 88);
    CHECK(offsetof(vitals_score_output, points_lost_length) == 96);
    CHECK(offsetof(vitals_score_output, drivers) == 104);
    CHECK(offsetof(vitals_score_output, drivers_length) == 112);
    CHECK(sizeof(vitals_score_output) >= 120);
}

/* ---- the default scorecard: names, describe, JSON round trip -------------------------------- */
static void test_scorecard(vitals_scorecard* card) {
    int64_t n = -1, i;
    const char* name = NULL;
    size_t needed = 0;
    char* text;
    vitals_scorecard* again = NULL;

    CHECK_OK(vitals_scorecard_input_count(card, &n));
    CHECK(n == N_INPUTS);
    for (i = 0; i < n && i < N_INPUTS; ++i) {
        CHECK_OK(vitals_scorecard_input_name(card, i, &name));
        CHECK(name != NULL && strcmp(name, input_names[i]) == 0);
    }
    CHECK_OK(vitals_scorecard_measure_count(card, &n));
    CHECK(n == 11);
    CHECK_OK(vitals_scorecard_measure_name(card, 0, &name));
    CHECK(strcmp(name, "adoption_rate") == 0);
    CHECK_OK(vitals_scorecard_band_count(card, &n));
    CHECK(n == 3);
    CHECK_OK(vitals_scorecard_band_label(card, 2, &name));
    CHECK(strcmp(name, "green") == 0);
    CHECK_OK(vitals_scorecard_band_label(card, VITALS_BAND_NONE, &name));
    CHECK(strcmp(name, "no data") == 0);

    /* describe: size query, then the text */
    CHECK_OK(vitals_scorecard_describe(card, NULL, 0, &needed));
    CHECK(needed > 100);
    text = (char*)malloc(needed);
    CHECK_OK(vitals_scorecard_describe(card, text, needed, NULL));
    CHECK(strlen(text) + 1 == needed);
    CHECK(strstr(text, "\"name\":\"vitals-default\"") != NULL);
    CHECK(strstr(text, "\"inputs\":[\"active_users\",\"licensed_seats\"") != NULL);
    CHECK(strstr(text, "\"share\":") != NULL);
    free(text);

    /* to_json round-trips */
    CHECK_OK(vitals_scorecard_to_json(card, NULL, 0, &needed));
    text = (char*)malloc(needed);
    CHECK_OK(vitals_scorecard_to_json(card, text, needed, &needed));
    CHECK(strstr(text, "\"vitals_scorecard\": 1") != NULL);
    CHECK_OK(vitals_scorecard_create_from_json(text, VITALS_NUL_TERMINATED, NULL, &again));
    CHECK(again != NULL);
    vitals_scorecard_destroy(again);
    again = NULL;
    CHECK_OK(vitals_scorecard_create_from_json(text, strlen(text), NULL, &again)); /* explicit length */
    vitals_scorecard_destroy(again);
    free(text);
}

/* ---- scoring a small batch in several layouts ---------------------------------------------- */
static void test_score(vitals_scorecard* card) {
    double score[N_ACCOUNTS], coverage[N_ACCOUNTS];
    int32_t band[N_ACCOUNTS], status[N_ACCOUNTS];
    double score2[N_ACCOUNTS], coverage2[N_ACCOUNTS];
    int32_t band2[N_ACCOUNTS], status2[N_ACCOUNTS];
    double contributions[N_ACCOUNTS * 11], points_lost[N_ACCOUNTS * 11];
    int32_t drivers[N_ACCOUNTS * 5];
    double colmajor[N_INPUTS * N_ACCOUNTS];
    float f32[N_ACCOUNTS][N_INPUTS];
    /* the columns shuffled, with one the scorecard does not read ("account_id") */
    const char* shuffled[N_INPUTS + 1];
    double wide[N_ACCOUNTS][N_INPUTS + 1];
    vitals_score_output out = output_for(score, band, coverage, status, N_ACCOUNTS);
    vitals_score_output out2 = output_for(score2, band2, coverage2, status2, N_ACCOUNTS);
    vitals_score_options options;
    int i, j, m;

    /* row-major doubles, columns in the scorecard's order (columns = NULL) */
    CHECK_OK(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL, 0,
                                    NULL, &out));
    CHECK(status[0] == VITALS_ACCOUNT_OK && status[1] == VITALS_ACCOUNT_OK && status[2] == VITALS_ACCOUNT_OK);
    CHECK(score[0] > 85 && score[0] <= 100 && band[0] == 2);
    CHECK(score[1] > 40 && score[1] < 85);
    CHECK(score[2] < 40 && band[2] == 0);
    CHECK(fabs(coverage[0] - 1.0) < 1e-12);
    CHECK(status[3] == VITALS_ACCOUNT_INSUFFICIENT_DATA && isnan(score[3]) && band[3] == VITALS_BAND_NONE &&
          coverage[3] == 0.0);

    /* column-major: the same numbers */
    for (i = 0; i < N_ACCOUNTS; ++i)
        for (j = 0; j < N_INPUTS; ++j) colmajor[j * N_ACCOUNTS + i] = accounts[i][j];
    CHECK_OK(vitals_scorecard_score(card, colmajor, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, 1, N_ACCOUNTS,
                                    input_names, N_INPUTS, NULL, &out2));
    for (i = 0; i < N_ACCOUNTS; ++i)
        CHECK(same(score[i], score2[i]) && band[i] == band2[i] && coverage[i] == coverage2[i] &&
              status[i] == status2[i]);

    /* shuffled names with an extra column, one thread, small blocks: the same numbers */
    shuffled[0] = "account_id";
    for (j = 0; j < N_INPUTS; ++j) shuffled[j + 1] = input_names[N_INPUTS - 1 - j];
    for (i = 0; i < N_ACCOUNTS; ++i) {
        wide[i][0] = 1000 + i;
        for (j = 0; j < N_INPUTS; ++j) wide[i][j + 1] = accounts[i][N_INPUTS - 1 - j];
    }
    memset(&options, 0, sizeof options);
    options.struct_size = sizeof options;
    options.threads = 1;
    options.block_size = 1;
    memset(score2, 0, sizeof score2);
    CHECK_OK(vitals_scorecard_score(card, wide, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS + 1, N_INPUTS + 1, 1,
                                    shuffled, N_INPUTS + 1, &options, &out2));
    for (i = 0; i < N_ACCOUNTS; ++i) CHECK(same(score[i], score2[i]) && band[i] == band2[i]);

    /* floats: close (the inputs were rounded to float) */
    for (i = 0; i < N_ACCOUNTS; ++i)
        for (j = 0; j < N_INPUTS; ++j) f32[i][j] = (float)accounts[i][j];
    CHECK_OK(vitals_scorecard_score(card, f32, VITALS_DTYPE_FLOAT32, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL, 0,
                                    NULL, &out2));
    for (i = 0; i < 3; ++i) CHECK(fabs(score[i] - score2[i]) < 1e-4);

    /* a strided view: every other account (rows 0 and 2) */
    CHECK_OK(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, 2, N_INPUTS, 2 * N_INPUTS, 1, NULL, 0,
                                    NULL, &out2));
    CHECK(score2[0] == score[0] && score2[1] == score[2]);

    /* contributions, points lost and five drivers */
    out.contributions = contributions;
    out.contributions_length = N_ACCOUNTS * 11;
    out.points_lost = points_lost;
    out.points_lost_length = N_ACCOUNTS * 11;
    out.drivers = drivers;
    out.drivers_length = N_ACCOUNTS * 5;
    options.threads = 0;
    options.block_size = 0;
    options.top_k = 5;
    CHECK_OK(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL, 0,
                                    &options, &out));
    for (i = 0; i < 3; ++i) {
        double sum = 0, lost = 0;
        for (m = 0; m < 11; ++m) {
            sum += contributions[i * 11 + m];
            lost += points_lost[i * 11 + m];
        }
        CHECK(fabs(sum - score[i]) < 1e-9 && fabs(lost - (100 - score[i])) < 1e-9);
    }
    CHECK(drivers[2 * 5] >= 0 && drivers[2 * 5] < 11);              /* the troubled account has drivers */
    CHECK(drivers[3 * 5] == -1 && isnan(contributions[3 * 11]));   /* the empty one has none */
    for (i = 2 * 5; i + 1 < 3 * 5; ++i)                             /* most points lost first */
        if (drivers[i + 1] >= 0) CHECK(points_lost[2 * 11 + drivers[i]] >= points_lost[2 * 11 + drivers[i + 1]]);

    /* zero accounts: nothing to do, NULL data allowed */
    CHECK_OK(vitals_scorecard_score(card, NULL, VITALS_DTYPE_FLOAT64, 0, N_INPUTS, N_INPUTS, 1, NULL, 0, NULL, &out));
}

/* ---- explain one account -------------------------------------------------------------------- */
static double json_number_after(const char* text, const char* key) {
    const char* p = strstr(text, key);
    return p ? strtod(p + strlen(key), NULL) : NAN;
}

static void test_explain(vitals_scorecard* card) {
    double score[1], coverage[1];
    int32_t band[1], status[1];
    vitals_score_output out = output_for(score, band, coverage, status, 1);
    size_t needed = 0;
    char* text;
    const char* names[2] = {"nps", "days_late"};
    double two[2] = {30, 0};

    CHECK_OK(vitals_scorecard_score(card, accounts[1], VITALS_DTYPE_FLOAT64, 1, N_INPUTS, N_INPUTS, 1, NULL, 0, NULL,
                                    &out));
    CHECK_OK(vitals_scorecard_explain(card, accounts[1], NULL, N_INPUTS, NULL, 0, &needed));
    text = (char*)malloc(needed);
    CHECK_OK(vitals_scorecard_explain(card, accounts[1], NULL, N_INPUTS, text, needed, NULL));
    CHECK(strstr(text, "\"status\":\"ok\"") != NULL);
    CHECK(json_number_after(text, "\"score\":") == score[0]); /* the same number as the batch */
    CHECK(strstr(text, "\"name\":\"adoption_rate\"") != NULL);
    CHECK(json_number_after(text, "\"raw\":") == 0.5); /* 50 active of 100 seats */
    CHECK(strstr(text, "\"points_lost\":") != NULL && strstr(text, "\"drivers\":[") != NULL);
    free(text);

    /* by column name: two values only, so too little coverage for a score */
    CHECK_OK(vitals_scorecard_explain(card, two, names, 2, NULL, 0, &needed));
    text = (char*)malloc(needed);
    CHECK_OK(vitals_scorecard_explain(card, two, names, 2, text, needed, NULL));
    CHECK(strstr(text, "\"status\":\"insufficient_data\"") != NULL);
    CHECK(strstr(text, "\"score\":null") != NULL);
    CHECK(strstr(text, "\"band_label\":\"no data\"") != NULL);
    free(text);
}

/* ---- text categories: a column of levels, passed as codes ------------------------------------ */

static void test_levels(vitals_scorecard* default_card) {
    static const char* card_text =
        "{\"vitals_scorecard\": 1, \"name\": \"c\", \"measures\": ["
        "{\"name\": \"contract\", \"input\": \"contract\", \"normaliser\": {\"kind\": \"categories\", "
        "\"levels\": [\"Month-to-month\", \"One year\", \"Two year\"], \"scores\": [0, 0.6, 1], \"unseen\": \"error\"}},"
        "{\"name\": \"nps\", \"input\": \"nps\", \"normaliser\": {\"kind\": \"linear\", \"worst\": -100, \"best\": 100}}]}";
    vitals_scorecard* card = NULL;
    int64_t count = -1;
    int32_t unseen = -1;
    const char* name = NULL;
    double score[3], coverage[3];
    int32_t band[3], status[3];
    /* column-major: contract codes (One year, Two year, not a code), then nps */
    const double data[6] = {1, 2, 7.5, 0, 0, 0};
    vitals_score_output out = output_for(score, band, coverage, status, 3);

    CHECK_OK(vitals_scorecard_create_from_json(card_text, VITALS_NUL_TERMINATED, NULL, &card));
    if (card == NULL) return;
    CHECK_OK(vitals_scorecard_input_levels(card, 0, &count, &unseen));
    CHECK(count == 3 && unseen == 1);
    CHECK_OK(vitals_scorecard_input_level(card, 0, 2, &name));
    CHECK(name != NULL && strcmp(name, "Two year") == 0);
    CHECK_OK(vitals_scorecard_input_levels(card, 1, &count, NULL));
    CHECK(count == 0); /* nps: a number column */
    CHECK_OK(vitals_scorecard_input_levels(default_card, 0, &count, &unseen));
    CHECK(count == 0 && unseen == 0);
    CHECK_OK(vitals_scorecard_score(card, data, VITALS_DTYPE_FLOAT64, 3, 2, 1, 3, NULL, 0, NULL, &out));
    CHECK(fabs(score[0] - 55.0) < 1e-9); /* (0.6 + 0.5) / 2 */
    CHECK(fabs(score[1] - 75.0) < 1e-9);
    CHECK(coverage[2] == 0.5); /* 7.5 is no code: missing */
    vitals_scorecard_destroy(card);
}

/* ---- user-defined normalisers through a C callback ------------------------------------------ */
struct counter {
    int calls;
    int64_t largest_chunk;
    int released;
    int fail;
};

static int32_t halve(void* user, const double* in, double* out, int64_t n) {
    struct counter* c = (struct counter*)user;
    int64_t i;
    if (c->fail) return 42;
    c->calls++; /* scored with threads = 1 below, so no data race */
    if (n > c->largest_chunk) c->largest_chunk = n;
    for (i = 0; i < n; ++i) out[i] = isnan(in[i]) ? in[i] : (in[i] > 1 ? 1 : in[i] < 0 ? 0 : in[i]) / 2;
    return 0;
}

static int32_t out_of_range(void* user, const double* in, double* out, int64_t n) {
    int64_t i;
    (void)user;
    for (i = 0; i < n; ++i) out[i] = in[i] * 0 + 1.5;
    return 0;
}

/* Maps NaN (missing) to 0.5: turns missing data into data, which the library refuses. */
static int32_t invent(void* user, const double* in, double* out, int64_t n) {
    int64_t i;
    (void)user;
    for (i = 0; i < n; ++i) out[i] = isnan(in[i]) ? 0.5 : (in[i] > 1 ? 1 : in[i] < 0 ? 0 : in[i]);
    return 0;
}

static void release_counter(void* user) { ((struct counter*)user)->released++; }

static const char custom_card[] =
    "{\"vitals_scorecard\": 1, \"name\": \"custom\", \"min_coverage\": 0.5,"
    " \"measures\": ["
    "  {\"name\": \"a\", \"input\": \"x\", \"normaliser\": {\"kind\": \"custom\", \"name\": \"halve\"}},"
    "  {\"name\": \"b\", \"input\": \"y\", \"normaliser\": {\"kind\": \"linear\", \"worst\": 0, \"best\": 1}}]}";

static void test_custom_normaliser(void) {
    struct counter c = {0, 0, 0, 0};
    vitals_load_options* options = NULL;
    vitals_scorecard* card = NULL;
    vitals_score_options so;
    enum { n = 3000 };
    static double data[n][2];
    static double score[n];
    vitals_score_output out;
    int i;
    size_t needed = 0;
    char* text;

    CHECK_OK(vitals_load_options_create(&options));
    CHECK_OK(vitals_load_options_add_normaliser(options, "halve", halve, &c, release_counter));
    CHECK_OK(vitals_load_options_add_normaliser(options, "too_high", out_of_range, NULL, NULL));
    CHECK_FAILS(vitals_load_options_add_normaliser(options, "halve", halve, &c, release_counter),
                VITALS_ERR_INVALID_ARGUMENT, "already registered");
    CHECK_FAILS(vitals_load_options_add_normaliser(options, "", halve, &c, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "name is empty");
    CHECK_FAILS(vitals_load_options_add_normaliser(options, NULL, halve, &c, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "name is NULL");
    CHECK_FAILS(vitals_load_options_add_normaliser(options, "x", NULL, &c, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "apply is NULL");
    CHECK_FAILS(vitals_load_options_add_normaliser(NULL, "x", halve, &c, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "options is NULL");

    /* without the options, the file's custom normaliser is unknown */
    CHECK_FAILS(vitals_scorecard_create_from_json(custom_card, VITALS_NUL_TERMINATED, NULL, &card),
                VITALS_ERR_INVALID_SCORECARD, "/measures/0/normaliser/name");
    CHECK(card == NULL);
    CHECK_OK(vitals_scorecard_create_from_json(custom_card, VITALS_NUL_TERMINATED, options, &card));
    vitals_load_options_destroy(options); /* the scorecard keeps its normaliser */
    CHECK(c.released == 0);

    for (i = 0; i < n; ++i) {
        data[i][0] = (i % 10) / 10.0;
        data[i][1] = 1.0;
    }
    memset(&so, 0, sizeof so);
    so.struct_size = sizeof so;
    so.threads = 1;
    memset(&out, 0, sizeof out);
    out.struct_size = sizeof out;
    out.score = score;
    out.score_length = n;
    CHECK_OK(vitals_scorecard_score(card, data, VITALS_DTYPE_FLOAT64, n, 2, 2, 1, NULL, 0, &so, &out));
    CHECK(fabs(score[3] - 100 * (0.3 / 2 + 1) / 2) < 1e-12);
    CHECK(c.calls > 0 && c.calls < n / 100); /* whole chunks, not one call per value */
    CHECK(c.largest_chunk >= 100);

    /* the callback writes back under its name */
    CHECK_OK(vitals_scorecard_to_json(card, NULL, 0, &needed));
    text = (char*)malloc(needed);
    CHECK_OK(vitals_scorecard_to_json(card, text, needed, NULL));
    CHECK(strstr(text, "\"kind\": \"custom\"") != NULL && strstr(text, "\"name\": \"halve\"") != NULL);
    free(text);

    /* a failing callback fails the call, with its name and return value */
    c.fail = 1;
    CHECK_FAILS(vitals_scorecard_score(card, data, VITALS_DTYPE_FLOAT64, n, 2, 2, 1, NULL, 0, &so, &out),
                VITALS_ERR_OUT_OF_RANGE, "\"halve\" failed: its callback returned 42");
    CHECK_FAILS(vitals_scorecard_explain(card, data[3], NULL, 2, NULL, 0, &needed), VITALS_ERR_OUT_OF_RANGE,
                "\"halve\" failed");
    c.fail = 0;
    vitals_scorecard_destroy(card);
    CHECK(c.released == 1); /* released once, when nothing uses it any more */

    /* a callback returning sub-scores outside [0, 1] */
    CHECK_OK(vitals_load_options_create(&options));
    CHECK_OK(vitals_load_options_add_normaliser(options, "halve", out_of_range, NULL, NULL));
    CHECK_OK(vitals_scorecard_create_from_json(custom_card, VITALS_NUL_TERMINATED, options, &card));
    CHECK_FAILS(vitals_scorecard_score(card, data, VITALS_DTYPE_FLOAT64, n, 2, 2, 1, NULL, 0, &so, &out),
                VITALS_ERR_OUT_OF_RANGE, "must lie in [0, 1]");
    vitals_scorecard_destroy(card);
    vitals_load_options_destroy(options);

    /* missing in, missing out: a callback that maps NaN to a value fails the call, naming itself
     * (issue 13 item 5: the account came out scored, coverage 1, from no data) */
    CHECK_OK(vitals_load_options_create(&options));
    CHECK_OK(vitals_load_options_add_normaliser(options, "halve", invent, NULL, NULL));
    CHECK_OK(vitals_scorecard_create_from_json(custom_card, VITALS_NUL_TERMINATED, options, &card));
    CHECK_OK(vitals_scorecard_score(card, data, VITALS_DTYPE_FLOAT64, n, 2, 2, 1, NULL, 0, &so, &out)); /* no NaN */
    data[7][0] = NAN;
    CHECK_FAILS(vitals_scorecard_score(card, data, VITALS_DTYPE_FLOAT64, n, 2, 2, 1, NULL, 0, &so, &out),
                VITALS_ERR_OUT_OF_RANGE, "\"halve\" mapped a missing value (NaN) to 0.5");
    so.threads = 2;
    CHECK_FAILS(vitals_scorecard_score(card, data, VITALS_DTYPE_FLOAT64, n, 2, 2, 1, NULL, 0, &so, &out),
                VITALS_ERR_OUT_OF_RANGE, "missing in, missing out");
    so.threads = 1;
    CHECK_FAILS(vitals_scorecard_explain(card, data[7], NULL, 2, NULL, 0, &needed), VITALS_ERR_OUT_OF_RANGE,
                "mapped a missing value");
    data[7][0] = 0.7;
    vitals_scorecard_destroy(card);
    vitals_load_options_destroy(options);
}

/* ---- every error class ---------------------------------------------------------------------- */
static void test_errors(vitals_scorecard* card, const char* data_dir) {
    double score[N_ACCOUNTS], coverage[N_ACCOUNTS];
    int32_t band[N_ACCOUNTS], status[N_ACCOUNTS], drivers[N_ACCOUNTS * 3];
    vitals_score_output out = output_for(score, band, coverage, status, N_ACCOUNTS);
    vitals_score_output short_out = output_for(score, band, coverage, status, N_ACCOUNTS - 1);
    vitals_score_options options;
    unsigned char big_options[sizeof(vitals_score_options) + 8];
    vitals_scorecard* made = (vitals_scorecard*)&made; /* not NULL: failures must reset it */
    vitals_load_options* lo = NULL;
    const char* name = (const char*)&made;
    const char* few[3] = {"nps", "days_late", "tenure_months"};
    const char* with_null[2] = {"nps", NULL};
    const char* twice[N_INPUTS + 1];
    char small[8];
    char path[1024];
    size_t needed = 0;
    int64_t count = 0;
    int j;

    /* NULL pointers */
    CHECK_FAILS(vitals_scorecard_create_default(NULL), VITALS_ERR_INVALID_ARGUMENT, "out-pointer is NULL");
    CHECK_FAILS(vitals_load_options_create(NULL), VITALS_ERR_INVALID_ARGUMENT, "out-pointer is NULL");
    CHECK_FAILS(vitals_scorecard_create_from_json(NULL, 0, NULL, &made), VITALS_ERR_INVALID_ARGUMENT,
                "json is NULL");
    CHECK(made == NULL);
    made = (vitals_scorecard*)&made;
    CHECK_FAILS(vitals_scorecard_create_from_file(NULL, NULL, &made), VITALS_ERR_INVALID_ARGUMENT, "path is NULL");
    CHECK(made == NULL);
    CHECK_FAILS(vitals_scorecard_score(NULL, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, NULL, &out),
                VITALS_ERR_INVALID_ARGUMENT, "vitals_scorecard_score: card is NULL");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, NULL, NULL),
                VITALS_ERR_INVALID_ARGUMENT, "output is NULL");
    CHECK_FAILS(vitals_scorecard_score(card, NULL, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL, 0,
                                       NULL, &out),
                VITALS_ERR_INVALID_ARGUMENT, "data is NULL");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, 3, N_INPUTS, 1, few, 2, NULL,
                                       &out),
                VITALS_ERR_SHAPE_MISMATCH, "n_columns: 2 names for 3");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, 2, N_INPUTS, 1, with_null, 2,
                                       NULL, &out),
                VITALS_ERR_INVALID_ARGUMENT, "columns[1] is NULL");
    CHECK_FAILS(vitals_scorecard_describe(NULL, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK_FAILS(vitals_scorecard_to_json(NULL, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK_FAILS(vitals_scorecard_describe(card, NULL, 10, &needed), VITALS_ERR_INVALID_ARGUMENT,
                "buffer: NULL with size 10");
    CHECK_FAILS(vitals_scorecard_input_count(card, NULL), VITALS_ERR_INVALID_ARGUMENT, "out-pointer is NULL");
    CHECK_FAILS(vitals_scorecard_input_count(NULL, &count), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK_FAILS(vitals_scorecard_measure_count(NULL, &count), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK_FAILS(vitals_scorecard_band_count(NULL, &count), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK_FAILS(vitals_scorecard_input_name(card, 0, NULL), VITALS_ERR_INVALID_ARGUMENT, "out-pointer is NULL");
    CHECK_FAILS(vitals_scorecard_input_name(NULL, 0, &name), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK(name == NULL);
    CHECK_FAILS(vitals_scorecard_measure_name(NULL, 0, &name), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK_FAILS(vitals_scorecard_band_label(NULL, 0, &name), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK_FAILS(vitals_scorecard_explain(NULL, accounts[0], NULL, N_INPUTS, NULL, 0, &needed),
                VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK_FAILS(vitals_scorecard_explain(card, NULL, NULL, N_INPUTS, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT,
                "values is NULL");
    CHECK_FAILS(vitals_scorecard_explain(card, accounts[0], with_null, 2, NULL, 0, &needed),
                VITALS_ERR_INVALID_ARGUMENT, "columns[1] is NULL");

    /* indices out of range */
    CHECK_FAILS(vitals_scorecard_input_name(card, N_INPUTS, &name), VITALS_ERR_OUT_OF_RANGE, "index: 12");
    CHECK_FAILS(vitals_scorecard_measure_name(card, -1, &name), VITALS_ERR_OUT_OF_RANGE, "index: -1");
    CHECK_FAILS(vitals_scorecard_band_label(card, 3, &name), VITALS_ERR_OUT_OF_RANGE, "index: 3");

    /* negative and overflowing sizes */
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, -1, N_INPUTS, N_INPUTS, 1, NULL, 0, NULL,
                                       &out),
                VITALS_ERR_SHAPE_MISMATCH, "rows: -1 is negative");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, -3, N_INPUTS, 1, NULL, 0,
                                       NULL, &out),
                VITALS_ERR_SHAPE_MISMATCH, "cols: -3 is negative");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, -N_INPUTS, 1, NULL,
                                       0, NULL, &out),
                VITALS_ERR_SHAPE_MISMATCH, "row_stride: -12 is negative");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, -1, NULL,
                                       0, NULL, &out),
                VITALS_ERR_SHAPE_MISMATCH, "col_stride: -1 is negative");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, (int64_t)1 << 61, N_INPUTS, N_INPUTS, 1,
                                       NULL, 0, NULL, &out),
                VITALS_ERR_SHAPE_MISMATCH, "overflow");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT32, N_ACCOUNTS, N_INPUTS,
                                       INT64_MAX / 2, 1, NULL, 0, NULL, &out),
                VITALS_ERR_SHAPE_MISMATCH, "overflow");
    /* stride 0 makes a huge row count addressable; rows x measures then overflows */
    out.contributions = score;
    out.contributions_length = N_ACCOUNTS;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, INT64_MAX / 2, N_INPUTS, 0, 1, NULL, 0,
                                       NULL, &out),
                VITALS_ERR_SHAPE_MISMATCH, "rows x measures");
    out.contributions = NULL;
    CHECK_FAILS(vitals_scorecard_explain(card, accounts[0], NULL, -1, NULL, 0, &needed), VITALS_ERR_SHAPE_MISMATCH,
                "n_values: -1 is negative");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1,
                                       input_names, -1, NULL, &out),
                VITALS_ERR_SHAPE_MISMATCH, "n_columns: -1 is negative");

    /* short buffers */
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, NULL, &short_out),
                VITALS_ERR_SHAPE_MISMATCH, "output->score_length: 3 elements, 4 needed");
    out.drivers = drivers;
    out.drivers_length = N_ACCOUNTS * 3 - 1;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, NULL, &out),
                VITALS_ERR_SHAPE_MISMATCH, "output->drivers_length: 11 elements, 12 needed");
    out.drivers_length = -5;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, NULL, &out),
                VITALS_ERR_SHAPE_MISMATCH, "output->drivers_length: -5 is negative");
    out.drivers = NULL;
    memset(small, 'x', sizeof small);
    CHECK_FAILS(vitals_scorecard_describe(card, small, sizeof small, &needed), VITALS_ERR_SHAPE_MISMATCH,
                "buffer: 8 bytes");
    CHECK(needed > sizeof small && small[0] == '\0');
    CHECK_FAILS(vitals_scorecard_explain(card, accounts[0], NULL, N_INPUTS, small, sizeof small, &needed),
                VITALS_ERR_SHAPE_MISMATCH, "needed (including the terminating NUL)");
    CHECK(needed > sizeof small);

    /* unknown columns, columns that do not fit, columns given twice */
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, 3, N_INPUTS, 1, few, 3, NULL,
                                       &out),
                VITALS_ERR_UNKNOWN_COLUMN, "not given: active_users, licensed_seats");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, 3, N_INPUTS, 1, NULL, 0, NULL,
                                       &out),
                VITALS_ERR_SHAPE_MISMATCH, "12 inputs are expected in order");
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, 3, N_INPUTS, 1, NULL, 3, NULL,
                                       &out),
                VITALS_ERR_INVALID_ARGUMENT, "columns: NULL with n_columns 3");
    for (j = 0; j < N_INPUTS; ++j) twice[j] = input_names[j];
    twice[N_INPUTS] = "nps";
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, 1, N_INPUTS + 1, N_INPUTS, 1, twice,
                                       N_INPUTS + 1, NULL, &out),
                VITALS_ERR_INVALID_ARGUMENT, "\"nps\" appears more than once");
    CHECK_FAILS(vitals_scorecard_explain(card, accounts[0], NULL, 3, NULL, 0, &needed), VITALS_ERR_SHAPE_MISMATCH,
                "12 inputs are expected");
    /* absent columns allowed: the remaining three are too little coverage, but it is not an error */
    memset(&options, 0, sizeof options);
    options.struct_size = sizeof options;
    options.allow_absent_columns = 1;
    CHECK_OK(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, 3, N_INPUTS, 1, few, 3,
                                    &options, &out));
    CHECK(status[0] == VITALS_ACCOUNT_INSUFFICIENT_DATA);

    /* bad options and structs */
    CHECK_FAILS(vitals_scorecard_score(card, accounts, 7, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL, 0, NULL, &out),
                VITALS_ERR_INVALID_ARGUMENT, "dtype: 7");
    options.allow_absent_columns = 0;
    options.top_k = VITALS_MAX_TOP_K + 1;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, &options, &out),
                VITALS_ERR_INVALID_ARGUMENT, "options->top_k: 65");
    options.top_k = 0;
    options.threads = -2;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, &options, &out),
                VITALS_ERR_INVALID_ARGUMENT, "options->threads: -2");
    options.threads = 0;
    options.block_size = -1;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, &options, &out),
                VITALS_ERR_INVALID_ARGUMENT, "options->block_size: -1");
    options.block_size = 65536 + 1;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, &options, &out),
                VITALS_ERR_INVALID_ARGUMENT, "options->block_size: 65537 is not in [0, 65536]");
    options.block_size = 0;
    options.struct_size = 0;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, &options, &out),
                VITALS_ERR_INVALID_ARGUMENT, "options->struct_size: 0");
    out.struct_size = 8;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, NULL, &out),
                VITALS_ERR_INVALID_ARGUMENT, "output->struct_size: 8");
    out.struct_size = sizeof out;
    /* a newer caller's struct: unknown members that are zero are fine, set ones are not supported */
    memset(big_options, 0, sizeof big_options);
    options.struct_size = sizeof big_options;
    memcpy(big_options, &options, sizeof options);
    CHECK_OK(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL, 0,
                                    (const vitals_score_options*)(const void*)big_options, &out));
    big_options[sizeof options + 3] = 1;
    CHECK_FAILS(vitals_scorecard_score(card, accounts, VITALS_DTYPE_FLOAT64, N_ACCOUNTS, N_INPUTS, N_INPUTS, 1, NULL,
                                       0, (const vitals_score_options*)(const void*)big_options, &out),
                VITALS_ERR_NOT_SUPPORTED, "does not know");

    /* bad JSON, invalid scorecards, unreadable files */
    made = (vitals_scorecard*)&made;
    CHECK_FAILS(vitals_scorecard_create_from_json("{\"vitals_scorecard\": 1,,}", VITALS_NUL_TERMINATED, NULL, &made),
                VITALS_ERR_PARSE, "<text>:1:");
    CHECK(made == NULL);
    CHECK_FAILS(vitals_scorecard_create_from_json("{\"vitals_scorecard\": 1}", 5, NULL, &made), VITALS_ERR_PARSE,
                "not valid JSON");
    CHECK_FAILS(vitals_scorecard_create_from_json("{\"vitals_scorecard\": 1, \"measures\": []}", VITALS_NUL_TERMINATED,
                                                  NULL, &made),
                VITALS_ERR_INVALID_SCORECARD, "/measures");
    CHECK_FAILS(vitals_scorecard_create_from_file("/nonexistent/vitals/card.json", NULL, &made), VITALS_ERR_IO,
                "/nonexistent/vitals/card.json: cannot open");
    CHECK(made == NULL);
    CHECK_FAILS(vitals_scorecard_create_from_file("", NULL, &made), VITALS_ERR_INVALID_ARGUMENT, "path is empty");

    /* a file that loads */
    snprintf(path, sizeof path, "%s/small.json", data_dir);
    CHECK_OK(vitals_scorecard_create_from_file(path, NULL, &made));
    CHECK(made != NULL);
    CHECK_OK(vitals_scorecard_input_count(made, &count));
    CHECK(count == 3);
    vitals_scorecard_destroy(made);

    /* a success clears the message; destroy accepts NULL */
    CHECK(vitals_scorecard_input_count(card, NULL) != VITALS_OK && vitals_last_error()[0] != '\0');
    CHECK_OK(vitals_scorecard_input_count(card, &count));
    CHECK(vitals_last_error()[0] == '\0');
    vitals_scorecard_destroy(NULL);
    vitals_load_options_destroy(NULL);
    CHECK(lo == NULL);
}

int main(int argc, char** argv) {
    vitals_scorecard* card = NULL;
    if (argc < 2) {
        fprintf(stderr, "usage: %s <data dir>\n", argv[0]);
        return 2;
    }
    fill_accounts();
    test_layout();
    test_versions();
    CHECK_OK(vitals_scorecard_create_default(&card));
    if (card == NULL) return 1;
    test_scorecard(card);
    test_score(card);
    test_explain(card);
    test_levels(card);
    test_custom_normaliser();
    test_errors(card, argv[1]);
    vitals_scorecard_destroy(card);
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("C ABI: all checks passed\n");
    return 0;
}
