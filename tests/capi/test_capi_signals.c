/* The C ABI's signals section from a C99 host: trend measures over strided histories (against a
 * plain C reference on random data with missing values), the score trend, a scorecard's trends and
 * alert rules, alert evaluation with a cooldown, and the error classes.
 * Compiled with -std=c99 -pedantic -Werror; run under ASan/LeakSanitizer in the sanitizer build. */
#include "vitals/vitals.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int same(double a, double b) {
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    return fabs(a - b) <= 1e-9 * (1.0 + fabs(b));
}

/* ---- the reference: one account's history h[0..n) (stride 1), plainly -------------------------- */
static double reference(int kind, const double* h, int n, int window) {
    double xs[64], ys[64];
    int m = 0, j, w = n < window ? n : window;
    for (j = n - w; j < n; ++j)
        if (!isnan(h[j])) {
            xs[m] = (double)(j - (n - w));
            ys[m] = h[j];
            ++m;
        }
    if (m < 2) return NAN;
    if (kind == VITALS_TREND_SLOPE) {
        double mx = 0, my = 0, sxy = 0, sxx = 0;
        int flat = 1;
        for (j = 0; j < m; ++j) {
            mx += xs[j];
            my += ys[j];
            if (ys[j] != ys[0]) flat = 0;
        }
        if (flat) return 0.0;
        mx /= m;
        my /= m;
        for (j = 0; j < m; ++j) {
            sxy += (xs[j] - mx) * (ys[j] - my);
            sxx += (xs[j] - mx) * (xs[j] - mx);
        }
        return my == 0.0 ? NAN : sxy / sxx / fabs(my);
    }
    if (kind == VITALS_TREND_PERCENT_CHANGE) {
        if (ys[0] == 0.0) return ys[m - 1] == 0.0 ? 0.0 : NAN;
        return (ys[m - 1] - ys[0]) / fabs(ys[0]) * 100.0;
    } else {
        double run = 0;
        for (j = 1; j < m; ++j) run = ys[j] < ys[j - 1] ? run + 1 : 0;
        return run;
    }
}

#define ROWS 500
#define PERIODS 12

static void test_trends(void) {
    /* column-major history (periods one after another), random with ~25 % missing */
    static double hist[ROWS * PERIODS];
    static float hist_f[ROWS * PERIODS];
    double row[PERIODS], out[ROWS], out_f[ROWS];
    int i, j, kind, window, bad = 0;
    unsigned seed = 12345u;
    for (i = 0; i < ROWS * PERIODS; ++i) {
        seed = seed * 1103515245u + 12345u;
        hist[i] = (double)((seed >> 8) % 64u);
        seed = seed * 1103515245u + 12345u;
        if ((seed >> 8) % 4u == 0u) hist[i] = NAN;
        hist_f[i] = (float)hist[i];
    }
    for (kind = VITALS_TREND_SLOPE; kind <= VITALS_TREND_DECLINES; ++kind)
        for (window = 2; window <= 14; window += 4) {
            CHECK_OK(vitals_trend_compute(kind, hist, VITALS_DTYPE_FLOAT64, ROWS, PERIODS, 1, ROWS, window, out, ROWS));
            CHECK_OK(vitals_trend_compute(kind, hist_f, VITALS_DTYPE_FLOAT32, ROWS, PERIODS, 1, ROWS, window, out_f,
                                          ROWS));
            for (i = 0; i < ROWS; ++i) {
                double ref;
                for (j = 0; j < PERIODS; ++j) row[j] = hist[j * ROWS + i];
                ref = reference(kind, row, PERIODS, window);
                if (!same(out[i], ref) || !same(out_f[i], ref)) ++bad;
            }
        }
    CHECK(bad == 0);

    /* edges: all missing, shorter than the window, constant */
    {
        const double all_nan[4] = {NAN, NAN, NAN, NAN};
        const double short_h[3] = {10, 8, 6};
        const double flat[4] = {5, 5, 5, 5};
        double o[1];
        CHECK_OK(vitals_trend_compute(VITALS_TREND_SLOPE, all_nan, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1, 3, o, 1));
        CHECK(isnan(o[0]));
        CHECK_OK(vitals_trend_compute(VITALS_TREND_DECLINES, short_h, VITALS_DTYPE_FLOAT64, 1, 3, 3, 1, 6, o, 1));
        CHECK(o[0] == 2.0);
        CHECK_OK(vitals_trend_compute(VITALS_TREND_PERCENT_CHANGE, short_h, VITALS_DTYPE_FLOAT64, 1, 3, 3, 1, 6, o, 1));
        CHECK(same(o[0], -40.0));
        CHECK_OK(vitals_trend_compute(VITALS_TREND_SLOPE, flat, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1, 4, o, 1));
        CHECK(o[0] == 0.0);
        /* errors */
        CHECK_FAILS(vitals_trend_compute(VITALS_TREND_SLOPE, flat, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1, 1, o, 1),
                    VITALS_ERR_INVALID_ARGUMENT, "window: must be at least 2");
        CHECK_FAILS(vitals_trend_compute(7, flat, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1, 3, o, 1), VITALS_ERR_INVALID_ARGUMENT,
                    "kind: 7");
        CHECK_FAILS(vitals_trend_compute(VITALS_TREND_SLOPE, flat, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1, 3, o, 0),
                    VITALS_ERR_SHAPE_MISMATCH, "out_length: 0 elements, 1 needed");
        CHECK_FAILS(vitals_trend_compute(VITALS_TREND_SLOPE, NULL, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1, 3, o, 1),
                    VITALS_ERR_INVALID_ARGUMENT, "data is NULL");
        CHECK_FAILS(vitals_trend_compute(VITALS_TREND_SLOPE, flat, VITALS_DTYPE_FLOAT64, -1, 4, 4, 1, 3, o, 1),
                    VITALS_ERR_SHAPE_MISMATCH, "rows: -1 is negative");
    }
}

static void test_score_trend(void) {
    /* previous scores, row-major, 3 periods */
    const double previous[4 * 3] = {60, 62, 64, 60, 62, 64, NAN, NAN, NAN, 70, 70, NAN};
    const double score[4] = {70, 63, 50, 60};
    double change[4];
    int32_t direction[4];
    CHECK_OK(vitals_score_trend_compute(score, 4, previous, 3, 3, 1, 2.0, 1, change, 4, direction, 4));
    CHECK(change[0] == 6.0 && direction[0] == VITALS_DIRECTION_IMPROVING);
    CHECK(change[1] == -1.0 && direction[1] == VITALS_DIRECTION_STABLE);
    CHECK(isnan(change[2]) && direction[2] == VITALS_DIRECTION_UNKNOWN);
    CHECK(change[3] == -10.0 && direction[3] == VITALS_DIRECTION_DECLINING);
    /* direction only; no history at all */
    CHECK_OK(vitals_score_trend_compute(score, 4, NULL, 0, 0, 0, 2.0, 1, NULL, 0, direction, 4));
    CHECK(direction[0] == VITALS_DIRECTION_UNKNOWN);
    CHECK_FAILS(vitals_score_trend_compute(score, 4, previous, 3, 3, 1, -1.0, 1, change, 4, direction, 4),
                VITALS_ERR_INVALID_ARGUMENT, "dead_band: must be a finite number >= 0");
    CHECK_FAILS(vitals_score_trend_compute(score, 4, previous, 3, 3, 1, 2.0, 1, change, 3, direction, 4),
                VITALS_ERR_SHAPE_MISMATCH, "change_length: 3 elements, 4 needed");
}

static const char card_json[] =
    "{\"vitals_scorecard\": 1, \"name\": \"c-signals\",\n"
    " \"measures\": [{\"name\": \"adoption\", \"input\": {\"numerator\": \"active_users\", \"denominator\": "
    "\"seats\"},\n"
    "   \"normaliser\": {\"kind\": \"linear\", \"worst\": 0.2, \"best\": 0.8}}],\n"
    " \"trends\": [{\"name\": \"users_declines\", \"metric\": \"active_users\", \"kind\": \"declines\", "
    "\"window\": 6}],\n"
    " \"score_trend\": {\"dead_band\": 3, \"window\": 2},\n"
    " \"alerts\": [\n"
    "  {\"name\": \"band_downgrade\", \"kind\": \"band_downgrade\", \"severity\": \"warning\", \"cooldown\": 2,\n"
    "   \"reason\": \"Fell into a lower band.\"},\n"
    "  {\"name\": \"usage_declining\", \"kind\": \"threshold\", \"column\": \"users_declines\", \"when\": "
    "\"at_least\",\n"
    "   \"threshold\": 3, \"severity\": \"critical\", \"reason\": \"Users fell 3 periods in a row.\", \"cooldown\": 3},\n"
    "  {\"name\": \"low_adoption\", \"kind\": \"threshold\", \"measure\": \"adoption\", \"when\": \"below\", "
    "\"threshold\": 50,\n"
    "   \"severity\": \"info\"}]}";

static void test_alerts(void) {
    vitals_scorecard* card = NULL;
    int64_t n = 0, window = 0;
    double dead_band = 0;
    const char* s = NULL;
    const char* metric = NULL;
    int32_t kind = -1, severity = -1;
    CHECK_OK(vitals_scorecard_create_from_json(card_json, VITALS_NUL_TERMINATED, NULL, &card));
    if (card == NULL) return;
    CHECK_OK(vitals_scorecard_score_trend_settings(card, &dead_band, &window));
    CHECK(dead_band == 3.0 && window == 2);
    CHECK_OK(vitals_scorecard_trend_count(card, &n));
    CHECK(n == 1);
    CHECK_OK(vitals_scorecard_trend_info(card, 0, &s, &metric, &kind, &window));
    CHECK(strcmp(s, "users_declines") == 0 && strcmp(metric, "active_users") == 0);
    CHECK(kind == VITALS_TREND_DECLINES && window == 6);
    CHECK_FAILS(vitals_scorecard_trend_info(card, 1, &s, NULL, NULL, NULL), VITALS_ERR_OUT_OF_RANGE, "index: 1");
    CHECK(s == NULL);
    CHECK_OK(vitals_scorecard_alert_count(card, &n));
    CHECK(n == 3);
    CHECK_OK(vitals_scorecard_alert_name(card, 1, &s));
    CHECK(strcmp(s, "usage_declining") == 0);
    CHECK_OK(vitals_scorecard_alert_reason(card, 1, &s));
    CHECK(strcmp(s, "Users fell 3 periods in a row.") == 0);
    CHECK_OK(vitals_scorecard_alert_reason(card, 2, &s));
    CHECK(strcmp(s, "") == 0);
    CHECK_OK(vitals_scorecard_alert_severity(card, 1, &severity));
    CHECK(severity == VITALS_SEVERITY_CRITICAL);
    CHECK_FAILS(vitals_scorecard_alert_name(card, -1, &s), VITALS_ERR_OUT_OF_RANGE, "index: -1");
    CHECK_FAILS(vitals_scorecard_alert_count(NULL, &n), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");

    {
        /* 3 accounts; values column-major: active_users, seats, users_declines */
        const double values[3 * 3] = {10, 90, NAN, 100, 100, 100, 4, 0, NAN};
        const char* const columns[3] = {"active_users", "seats", "users_declines"};
        const double score[3] = {35, 80, 50};
        const double previous[3 * 2] = {50, 45, 80, 81, NAN, NAN}; /* row-major, 2 periods */
        int32_t since_in[3 * 3], outcome[3 * 3], since_out[3 * 3];
        double value[3 * 3], threshold[3 * 3];
        vitals_alert_input in;
        vitals_alert_output out;
        int k;
        for (k = 0; k < 9; ++k) since_in[k] = -1;
        since_in[1] = 1; /* account 0, usage_declining fired last period: cooldown 3 holds it back */
        memset(&in, 0, sizeof in);
        in.struct_size = sizeof in;
        in.values = values;
        in.rows = 3;
        in.cols = 3;
        in.row_stride = 1;
        in.col_stride = 3;
        in.columns = columns;
        in.n_columns = 3;
        in.score = score;
        in.score_length = 3;
        in.previous = previous;
        in.periods = 2;
        in.previous_row_stride = 2;
        in.previous_col_stride = 1;
        in.since_fired = since_in;
        in.since_fired_length = 9;
        memset(&out, 0, sizeof out);
        out.struct_size = sizeof out;
        out.outcome = outcome;
        out.outcome_length = 9;
        out.value = value;
        out.value_length = 9;
        out.threshold = threshold;
        out.threshold_length = 9;
        out.since_fired = since_out;
        out.since_fired_length = 9;
        CHECK_OK(vitals_scorecard_evaluate_alerts(card, &in, &out));
        CHECK(outcome[0] == VITALS_ALERT_FIRED); /* 35 red < 45 yellow */
        CHECK(value[0] == 35.0 && threshold[0] == 45.0 && since_out[0] == 1);
        CHECK(outcome[1] == VITALS_ALERT_SUPPRESSED); /* in cooldown */
        CHECK(value[1] == 4.0 && since_out[1] == 2);
        CHECK(outcome[2] == VITALS_ALERT_FIRED); /* adoption 10 % -> 0 points < 50 */
        CHECK(value[2] == 0.0);
        for (k = 3; k < 9; ++k) CHECK(outcome[k] == VITALS_ALERT_QUIET);
        CHECK(isnan(threshold[6])); /* account 2: no previous score */

        /* errors: an absent column; allowed absent; short buffers; NULL pointers; struct size */
        in.n_columns = 2;
        in.cols = 2;
        CHECK_FAILS(vitals_scorecard_evaluate_alerts(card, &in, &out), VITALS_ERR_UNKNOWN_COLUMN, "users_declines");
        in.allow_absent_columns = 1;
        CHECK_OK(vitals_scorecard_evaluate_alerts(card, &in, &out));
        CHECK(outcome[1] == VITALS_ALERT_QUIET);
        in.n_columns = 3;
        CHECK_FAILS(vitals_scorecard_evaluate_alerts(card, &in, &out), VITALS_ERR_SHAPE_MISMATCH,
                    "input->n_columns: 3 names for 2 columns");
        in.cols = 3;
        out.outcome_length = 8;
        CHECK_FAILS(vitals_scorecard_evaluate_alerts(card, &in, &out), VITALS_ERR_SHAPE_MISMATCH,
                    "output->outcome_length: 8 elements, 9 needed");
        out.outcome_length = 9;
        in.since_fired_length = 3;
        CHECK_FAILS(vitals_scorecard_evaluate_alerts(card, &in, &out), VITALS_ERR_SHAPE_MISMATCH,
                    "input->since_fired_length");
        in.since_fired_length = 9;
        in.score = NULL;
        CHECK_FAILS(vitals_scorecard_evaluate_alerts(card, &in, &out), VITALS_ERR_INVALID_ARGUMENT,
                    "input->score is NULL");
        in.score = score;
        in.struct_size = 8;
        CHECK_FAILS(vitals_scorecard_evaluate_alerts(card, &in, &out), VITALS_ERR_INVALID_ARGUMENT,
                    "input->struct_size");
        in.struct_size = sizeof in;
        CHECK_FAILS(vitals_scorecard_evaluate_alerts(NULL, &in, &out), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
        CHECK_FAILS(vitals_scorecard_evaluate_alerts(card, NULL, &out), VITALS_ERR_INVALID_ARGUMENT, "input is NULL");
        /* only the outcome wanted */
        out.value = NULL;
        out.threshold = NULL;
        out.since_fired = NULL;
        CHECK_OK(vitals_scorecard_evaluate_alerts(card, &in, &out));
        CHECK(outcome[0] == VITALS_ALERT_FIRED);
    }

    /* a scorecard with invalid alerts is refused with JSON pointers */
    {
        vitals_scorecard* bad = NULL;
        CHECK_FAILS(vitals_scorecard_create_from_json(
                        "{\"vitals_scorecard\": 1, \"measures\": [{\"name\": \"m\", \"input\": \"x\", \"normaliser\": "
                        "{\"kind\": \"flag\", \"good_when\": true}}], \"alerts\": [{\"name\": \"a\", \"kind\": "
                        "\"band_downgrade\", \"severity\": \"loud\", \"cooldown\": -1}]}",
                        VITALS_NUL_TERMINATED, NULL, &bad),
                    VITALS_ERR_INVALID_SCORECARD, "/alerts/0/severity: unknown severity \"loud\"");
        CHECK(strstr(vitals_last_error(), "/alerts/0/cooldown: must be >= 0 periods") != NULL);
        CHECK(bad == NULL);
    }
    vitals_scorecard_destroy(card);
}

/* The versioned structs' layout is part of the ABI: every member's offset is pinned (LP64). */
static void test_layout(void) {
    static const char* const in_names[] = {"struct_size", "values", "rows", "cols", "row_stride", "col_stride",
                                           "columns", "n_columns", "score", "score_length", "previous",
                                           "periods", "previous_row_stride", "previous_col_stride",
                                           "since_fired", "since_fired_length", "allow_absent_columns"};
    const size_t in_offsets[] = {
        offsetof(vitals_alert_input, struct_size), offsetof(vitals_alert_input, values),
        offsetof(vitals_alert_input, rows), offsetof(vitals_alert_input, cols),
        offsetof(vitals_alert_input, row_stride), offsetof(vitals_alert_input, col_stride),
        offsetof(vitals_alert_input, columns), offsetof(vitals_alert_input, n_columns),
        offsetof(vitals_alert_input, score), offsetof(vitals_alert_input, score_length),
        offsetof(vitals_alert_input, previous), offsetof(vitals_alert_input, periods),
        offsetof(vitals_alert_input, previous_row_stride), offsetof(vitals_alert_input, previous_col_stride),
        offsetof(vitals_alert_input, since_fired), offsetof(vitals_alert_input, since_fired_length),
        offsetof(vitals_alert_input, allow_absent_columns)};
    const size_t out_offsets[] = {
        offsetof(vitals_alert_output, struct_size), offsetof(vitals_alert_output, outcome),
        offsetof(vitals_alert_output, outcome_length), offsetof(vitals_alert_output, value),
        offsetof(vitals_alert_output, value_length), offsetof(vitals_alert_output, threshold),
        offsetof(vitals_alert_output, threshold_length), offsetof(vitals_alert_output, since_fired),
        offsetof(vitals_alert_output, since_fired_length)};
    size_t k;
    if (sizeof(void*) != 8) return;
    for (k = 0; k < sizeof in_offsets / sizeof in_offsets[0]; ++k)
        if (in_offsets[k] != 8 * k) {
            fprintf(stderr, "vitals_alert_input.%s at offset %u, expected %u\n", in_names[k], (unsigned)in_offsets[k],
                    (unsigned)(8 * k));
            ++failures;
        }
    for (k = 0; k < sizeof out_offsets / sizeof out_offsets[0]; ++k) CHECK(out_offsets[k] == 8 * k);
    CHECK(sizeof(vitals_alert_input) == 17 * 8);
    CHECK(sizeof(vitals_alert_output) == 9 * 8);
}

int main(void) {
    test_layout();
    test_trends();
    test_score_trend();
    test_alerts();
    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("test_capi_signals: all checks passed\n");
    return 0;
}
