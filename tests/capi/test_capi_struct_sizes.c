/* Every versioned struct of the C ABI, from a C99 host: its v1 size (the end of its last first-version
 * member) is pinned for LP64 at compile time, and every function that takes one accepts the v1
 * size (what a caller built against an older, smaller vitals.h passes) and today's sizeof, and
 * rejects a struct_size below v1. Compiled with -std=c99 -pedantic -Werror.
 * Usage: test_capi_struct_sizes <tests/data dir> (reads accounts/segments.json and its scorecards). */
#include "vitals/vitals.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

/* ---- the v1 sizes, pinned: members may only be appended --------------------------------------- */
#define V1_SIZE(S, last) (offsetof(S, last) + sizeof(((S*)0)->last))
#define PIN_V1(S, last, lp64) typedef char pin_##S[(sizeof(void*) != 8 || V1_SIZE(S, last) == (lp64)) ? 1 : -1]
PIN_V1(vitals_score_options, block_size, 40);
PIN_V1(vitals_score_output, drivers_length, 120);
PIN_V1(vitals_quadrant_rule, health_threshold, 48);
PIN_V1(vitals_quadrant_summary, high_value, 120);
PIN_V1(vitals_priority_options, arr_cutoff, 48);
PIN_V1(vitals_priority_summary, value_cutoff, 40);
PIN_V1(vitals_rollup_output, scored_leaves_length, 72);
PIN_V1(vitals_survey_options, participation_target, 56);
PIN_V1(vitals_override_entry, reserved, 64);
PIN_V1(vitals_overridden_row, effect_count, 72);
PIN_V1(vitals_override_effect, measure, 40);
PIN_V1(vitals_alert_input, allow_absent_columns, 136);
PIN_V1(vitals_alert_output, since_fired_length, 72);
PIN_V1(vitals_table, row_offset, 104);
PIN_V1(vitals_session_options, top_k, 104);
PIN_V1(vitals_report_options, max_points, 48);

/* `call` with s.struct_size = v1 - 1 (rejected, naming struct_size), = v1 and = sizeof s (both
 * accepted); s.struct_size is sizeof s afterwards. */
#define CHECK_SIZES(s, v1, call)                                                    \
    do {                                                                            \
        (s).struct_size = (v1) - 1;                                                 \
        CHECK_FAILS(call, VITALS_ERR_INVALID_ARGUMENT, "struct_size");              \
        (s).struct_size = (v1);                                                     \
        CHECK_OK(call);                                                             \
        (s).struct_size = sizeof(s);                                                \
        CHECK_OK(call);                                                             \
    } while (0)

/* The same for an output struct the library fills with "the members that fit": struct_size 0 is
 * rejected; struct_size alone (8), v1 - 1 (the members before the last), v1 and sizeof s are all
 * accepted. */
#define CHECK_OUT_SIZES(s, v1, call)                                                \
    do {                                                                            \
        (s).struct_size = 0;                                                        \
        CHECK_FAILS(call, VITALS_ERR_INVALID_ARGUMENT, "struct_size");              \
        (s).struct_size = sizeof(size_t);                                           \
        CHECK_OK(call);                                                             \
        (s).struct_size = (v1) - 1;                                                 \
        CHECK_OK(call);                                                             \
        (s).struct_size = (v1);                                                     \
        CHECK_OK(call);                                                             \
        (s).struct_size = sizeof(s);                                                \
        CHECK_OK(call);                                                             \
    } while (0)

#define MAX_INPUTS 64
static double score_buf[4], coverage_buf[4];
static int32_t card_buf[4];

static void score_output_init(vitals_score_output* out) {
    memset(out, 0, sizeof *out);
    out->struct_size = sizeof *out;
    out->score = score_buf;
    out->score_length = 1;
}

/* vitals_override_book_apply*: the report is destroyed at once (each call makes one). */
static vitals_status apply_card(const vitals_override_book* book, const vitals_scorecard* card, int32_t as_of,
                                const char* const* ids, const double* data, int64_t cols,
                                const vitals_score_options* options, const vitals_score_output* output) {
    vitals_override_report* report = NULL;
    vitals_status s = vitals_override_book_apply(book, card, as_of, ids, 1, data, VITALS_DTYPE_FLOAT64, 1, cols, cols,
                                                 1, NULL, 0, options, output, &report);
    vitals_override_report_destroy(report);
    return s;
}

static void test_scoring_and_overrides(const char* dir) {
    static const char* const ids[1] = {"A-001"};
    static const char* const set_columns[4] = {"active_users", "licensed_seats", "nps", "executive_sponsor"};
    static const char* const segments[1] = {"SMB"};
    const double set_data[4] = {18, 20, 40, NAN};
    double data[MAX_INPUTS];
    char path[1024];
    vitals_scorecard* card = NULL;
    vitals_scorecard_set* set = NULL;
    vitals_override_book* book = NULL;
    vitals_override_report* report = NULL;
    vitals_score_options opt;
    vitals_score_output out;
    vitals_override_entry entry;
    vitals_overridden_row row;
    vitals_override_effect effect;
    int64_t n_in = 0;
    int i;
    const int32_t as_of = 20000;

    CHECK_OK(vitals_scorecard_create_default(&card));
    snprintf(path, sizeof path, "%s/accounts/segments.json", dir);
    CHECK_OK(vitals_scorecard_set_create_from_file(path, NULL, &set));
    CHECK_OK(vitals_override_book_create(&book));
    if (card == NULL || set == NULL || book == NULL) goto done;
    CHECK_OK(vitals_scorecard_input_count(card, &n_in));
    CHECK(n_in > 0 && n_in <= MAX_INPUTS);
    if (n_in <= 0 || n_in > MAX_INPUTS) goto done;
    for (i = 0; i < MAX_INPUTS; ++i) data[i] = NAN;
    CHECK_OK(vitals_override_book_add(book, "A-001", "score", 65, "renewal signed", "dana@example.com", as_of + 30,
                                      "test"));

    memset(&opt, 0, sizeof opt);
    score_output_init(&out);
    /* vitals_scorecard_score */
    CHECK_SIZES(opt, V1_SIZE(vitals_score_options, block_size),
                vitals_scorecard_score(card, data, VITALS_DTYPE_FLOAT64, 1, n_in, n_in, 1, NULL, 0, &opt, &out));
    CHECK_SIZES(out, V1_SIZE(vitals_score_output, drivers_length),
                vitals_scorecard_score(card, data, VITALS_DTYPE_FLOAT64, 1, n_in, n_in, 1, NULL, 0, &opt, &out));
    /* vitals_scorecard_set_score */
    CHECK_SIZES(opt, V1_SIZE(vitals_score_options, block_size),
                vitals_scorecard_set_score(set, set_data, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1, set_columns, 4, segments,
                                           1, ids, &opt, &out, card_buf, 1));
    CHECK_SIZES(out, V1_SIZE(vitals_score_output, drivers_length),
                vitals_scorecard_set_score(set, set_data, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1, set_columns, 4, segments,
                                           1, ids, &opt, &out, card_buf, 1));
    /* vitals_override_book_apply and _apply_set */
    CHECK_SIZES(opt, V1_SIZE(vitals_score_options, block_size), apply_card(book, card, as_of, ids, data, n_in, &opt, &out));
    CHECK_SIZES(out, V1_SIZE(vitals_score_output, drivers_length),
                apply_card(book, card, as_of, ids, data, n_in, &opt, &out));
    CHECK(score_buf[0] == 65.0);
    CHECK_OK(vitals_override_book_apply_set(book, set, as_of, ids, 1, set_data, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1,
                                            set_columns, 4, card_buf, 1, NULL, &out, &report));
    out.struct_size = V1_SIZE(vitals_score_output, drivers_length) - 1;
    {
        vitals_override_report* r2 = NULL;
        CHECK_FAILS(vitals_override_book_apply_set(book, set, as_of, ids, 1, set_data, VITALS_DTYPE_FLOAT64, 1, 4, 4,
                                                   1, set_columns, 4, card_buf, 1, NULL, &out, &r2),
                    VITALS_ERR_INVALID_ARGUMENT, "struct_size");
        vitals_override_report_destroy(r2);
        out.struct_size = V1_SIZE(vitals_score_output, drivers_length);
        opt.struct_size = V1_SIZE(vitals_score_options, block_size);
        CHECK_OK(vitals_override_book_apply_set(book, set, as_of, ids, 1, set_data, VITALS_DTYPE_FLOAT64, 1, 4, 4, 1,
                                                set_columns, 4, card_buf, 1, &opt, &out, &r2));
        vitals_override_report_destroy(r2);
    }
    /* vitals_override_book_entry, vitals_override_report_row, vitals_override_report_effect */
    memset(&entry, 0, sizeof entry);
    CHECK_SIZES(entry, V1_SIZE(vitals_override_entry, reserved), vitals_override_book_entry(book, 0, &entry));
    CHECK(entry.value == 65.0 && strcmp(entry.account_id, "A-001") == 0);
    if (report != NULL) {
        memset(&row, 0, sizeof row);
        CHECK_SIZES(row, V1_SIZE(vitals_overridden_row, effect_count), vitals_override_report_row(report, 0, &row));
        CHECK(row.score == 65.0 && row.effect_count == 1);
        memset(&effect, 0, sizeof effect);
        CHECK_SIZES(effect, V1_SIZE(vitals_override_effect, measure), vitals_override_report_effect(report, 0, 0, &effect));
        CHECK(effect.value == 65.0 && effect.state == VITALS_OVERRIDE_APPLIED);
    }
    /* vitals_scorecard_evaluate_alerts */
    {
        int64_t rules = 0;
        const double score[1] = {50};
        const double previous[1] = {80};
        int32_t since_in[MAX_INPUTS], outcome[MAX_INPUTS];
        vitals_alert_input in;
        vitals_alert_output aout;
        const char* names[MAX_INPUTS];
        for (i = 0; i < n_in; ++i) CHECK_OK(vitals_scorecard_input_name(card, i, &names[i]));
        CHECK_OK(vitals_scorecard_alert_count(card, &rules));
        CHECK(rules <= MAX_INPUTS);
        for (i = 0; i < MAX_INPUTS; ++i) since_in[i] = -1;
        memset(&in, 0, sizeof in);
        in.values = data;
        in.rows = 1;
        in.cols = n_in;
        in.row_stride = n_in;
        in.col_stride = 1;
        in.columns = names;
        in.n_columns = n_in;
        in.score = score;
        in.score_length = 1;
        in.previous = previous;
        in.periods = 1;
        in.previous_row_stride = 1;
        in.previous_col_stride = 1;
        in.since_fired = since_in;
        in.since_fired_length = rules;
        in.allow_absent_columns = 1;
        memset(&aout, 0, sizeof aout);
        aout.struct_size = sizeof aout;
        aout.outcome = outcome;
        aout.outcome_length = rules;
        CHECK_SIZES(in, V1_SIZE(vitals_alert_input, allow_absent_columns), vitals_scorecard_evaluate_alerts(card, &in, &aout));
        CHECK_SIZES(aout, V1_SIZE(vitals_alert_output, since_fired_length),
                    vitals_scorecard_evaluate_alerts(card, &in, &aout));
    }
done:
    vitals_override_report_destroy(report);
    vitals_override_book_destroy(book);
    vitals_scorecard_set_destroy(set);
    vitals_scorecard_destroy(card);
}

static void test_portfolio_and_survey(void) {
    const double arr[1] = {100000}, score[1] = {40};
    const int64_t parent[1] = {VITALS_NO_PARENT};
    int32_t quadrant[1];
    int64_t order[1], leaves[1];
    double at_risk[1], survey_out[16];
    const int64_t account[1] = {0};
    const int32_t role[1] = {0};
    const double answer[1] = {9};
    vitals_quadrant_rule rule;
    vitals_quadrant_summary qsum;
    vitals_priority_options popt;
    vitals_priority_summary psum;
    vitals_rollup_output rout;
    vitals_survey_options sopt;

    memset(&rule, 0, sizeof rule);
    memset(&qsum, 0, sizeof qsum);
    qsum.struct_size = sizeof qsum;
    CHECK_SIZES(rule, V1_SIZE(vitals_quadrant_rule, health_threshold),
                vitals_portfolio_classify(arr, score, 1, &rule, quadrant, 1, &qsum));
    CHECK_OUT_SIZES(qsum, V1_SIZE(vitals_quadrant_summary, high_value),
                vitals_portfolio_classify(arr, score, 1, &rule, quadrant, 1, &qsum));
    CHECK(qsum.counts[quadrant[0]] == 1);

    memset(&popt, 0, sizeof popt);
    memset(&psum, 0, sizeof psum);
    psum.struct_size = sizeof psum;
    CHECK_SIZES(popt, V1_SIZE(vitals_priority_options, arr_cutoff),
                vitals_portfolio_prioritise(arr, score, 1, &popt, order, at_risk, 1, &psum));
    CHECK_OUT_SIZES(psum, V1_SIZE(vitals_priority_summary, value_cutoff),
                vitals_portfolio_prioritise(arr, score, 1, &popt, order, at_risk, 1, &psum));
    CHECK(psum.listed == 1 && order[0] == 0);

    memset(&rout, 0, sizeof rout);
    rout.score = score_buf;
    rout.score_length = 1;
    rout.coverage = coverage_buf;
    rout.coverage_length = 1;
    rout.leaves = leaves;
    rout.leaves_length = 1;
    CHECK_SIZES(rout, V1_SIZE(vitals_rollup_output, scored_leaves_length),
                vitals_portfolio_roll_up(arr, score, parent, 1, NULL, &rout));
    CHECK(score_buf[0] == 40.0 && leaves[0] == 1);

    memset(&sopt, 0, sizeof sopt);
    CHECK_SIZES(sopt, V1_SIZE(vitals_survey_options, participation_target),
                vitals_survey_measures(1, account, role, answer, 1, &sopt, survey_out, 16));
}

/* vitals_session_create (options); each call's session is destroyed at once. */
static vitals_status create_session(const vitals_scorecard_set* set, const vitals_session_options* options) {
    vitals_session* s = NULL;
    vitals_status status = vitals_session_create(set, options, &s);
    vitals_session_destroy(s);
    return status;
}

/* vitals_session_set_history (a table) on a fresh session. */
static vitals_status set_history(const vitals_scorecard_set* set, const vitals_table* history) {
    static const char* const periods[1] = {"2026-01"};
    vitals_session* s = NULL;
    vitals_status status = vitals_session_create(set, NULL, &s);
    if (status == VITALS_OK) status = vitals_session_set_history(s, history, periods, 1, NULL);
    vitals_session_destroy(s);
    return status;
}

static void test_session(void) {
    static const char* const ids[1] = {"A-001"};
    static const char* const metrics[3] = {"active_users", "days_late", "revenue_projection"};
    static const double history_values[3] = {5, 0, 1000};
    const char* columns[MAX_INPUTS];
    double data[MAX_INPUTS];
    vitals_scorecard* card = NULL;
    vitals_scorecard_set* set = NULL;
    vitals_session* s = NULL;
    vitals_session_result* r = NULL;
    vitals_session_options opt;
    vitals_table table, history;
    int64_t n_in = 0, i, rows = 0;

    CHECK_OK(vitals_scorecard_create_default(&card));
    CHECK_OK(vitals_scorecard_set_create_single(card, &set));
    CHECK_OK(vitals_session_result_create(&r));
    if (card == NULL || set == NULL || r == NULL) goto done;
    CHECK_OK(vitals_scorecard_input_count(card, &n_in));
    CHECK(n_in > 0 && n_in <= MAX_INPUTS);
    if (n_in <= 0 || n_in > MAX_INPUTS) goto done;
    for (i = 0; i < n_in; ++i) {
        CHECK_OK(vitals_scorecard_input_name(card, i, &columns[i]));
        data[i] = 0.5;
    }

    memset(&opt, 0, sizeof opt);
    CHECK_SIZES(opt, V1_SIZE(vitals_session_options, top_k), create_session(set, &opt));

    CHECK_OK(vitals_session_create(set, NULL, &s));
    {
        vitals_report_options ro;
        memset(&ro, 0, sizeof ro);
        CHECK_SIZES(ro, V1_SIZE(vitals_report_options, max_points), vitals_session_keep_report(s, &ro));
    }
    memset(&table, 0, sizeof table);
    table.data = data;
    table.rows = 1;
    table.cols = n_in;
    table.row_stride = n_in;
    table.col_stride = 1;
    table.columns = columns;
    table.n_columns = n_in;
    table.ids = ids;
    CHECK_SIZES(table, V1_SIZE(vitals_table, row_offset), vitals_session_score(s, &table, r));
    CHECK_OK(vitals_session_result_row_count(r, &rows));
    CHECK(rows == 1);

    memset(&history, 0, sizeof history);
    history.data = history_values;
    history.rows = 1;
    history.cols = 3;
    history.row_stride = 3;
    history.col_stride = 1;
    history.columns = metrics;
    history.n_columns = 3;
    history.ids = ids;
    CHECK_SIZES(history, V1_SIZE(vitals_table, row_offset), set_history(set, &history));
done:
    vitals_session_destroy(s);
    vitals_session_result_destroy(r);
    vitals_scorecard_set_destroy(set);
    vitals_scorecard_destroy(card);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <tests/data dir>\n", argv[0]);
        return 2;
    }
    test_scoring_and_overrides(argv[1]);
    test_portfolio_and_survey();
    test_session();
    if (failures == 0)
        printf("every versioned struct: v1 size pinned, v1 and sizeof accepted, v1 - 1 rejected (output summaries: "
               "the members that fit written, down to struct_size alone)\n");
    return failures == 0 ? 0 : 1;
}
