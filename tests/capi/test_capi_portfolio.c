/* The portfolio and survey functions of the C ABI from a C99 host: quadrants with their ties and
 * summary, the prioritised list, parents from ids and the roll-up, survey measures from parallel
 * arrays; every error class, and the edges (empty portfolio, zero revenue, no survey rows, invited
 * but none answered, only managers answering).
 * Compiled with -std=c99 -pedantic -Werror; run under ASan/UBSan in the sanitizer build. */
#include "vitals/vitals.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

/* Every member's offset, pinned (LP64): the versioned structs only ever grow at their end. */
static void test_layout(void) {
    if (sizeof(void*) != 8) return;
    CHECK(offsetof(vitals_quadrant_rule, value_rule) == 8);
    CHECK(offsetof(vitals_quadrant_rule, revenue_percent) == 16);
    CHECK(offsetof(vitals_quadrant_rule, arr_cutoff) == 24);
    CHECK(offsetof(vitals_quadrant_rule, health_threshold_set) == 32);
    CHECK(offsetof(vitals_quadrant_rule, health_threshold) == 40);
    CHECK(sizeof(vitals_quadrant_rule) == 48);
    CHECK(offsetof(vitals_quadrant_summary, counts) == 8);
    CHECK(offsetof(vitals_quadrant_summary, revenue) == 48);
    CHECK(offsetof(vitals_quadrant_summary, total_revenue) == 88);
    CHECK(offsetof(vitals_quadrant_summary, value_cutoff) == 96);
    CHECK(offsetof(vitals_quadrant_summary, health_threshold) == 104);
    CHECK(offsetof(vitals_quadrant_summary, high_value) == 112);
    CHECK(sizeof(vitals_quadrant_summary) == 120);
    CHECK(offsetof(vitals_priority_options, limit) == 8);
    CHECK(offsetof(vitals_priority_options, high_value_only) == 16);
    CHECK(offsetof(vitals_priority_options, value_rule) == 24);
    CHECK(offsetof(vitals_priority_options, revenue_percent) == 32);
    CHECK(offsetof(vitals_priority_options, arr_cutoff) == 40);
    CHECK(sizeof(vitals_priority_options) == 48);
    CHECK(offsetof(vitals_priority_summary, listed) == 8);
    CHECK(offsetof(vitals_priority_summary, eligible) == 16);
    CHECK(offsetof(vitals_priority_summary, left_out) == 24);
    CHECK(offsetof(vitals_priority_summary, value_cutoff) == 32);
    CHECK(sizeof(vitals_priority_summary) == 40);
    CHECK(offsetof(vitals_rollup_output, score) == 8);
    CHECK(offsetof(vitals_rollup_output, score_length) == 16);
    CHECK(offsetof(vitals_rollup_output, coverage) == 24);
    CHECK(offsetof(vitals_rollup_output, coverage_length) == 32);
    CHECK(offsetof(vitals_rollup_output, leaves) == 40);
    CHECK(offsetof(vitals_rollup_output, leaves_length) == 48);
    CHECK(offsetof(vitals_rollup_output, scored_leaves) == 56);
    CHECK(offsetof(vitals_rollup_output, scored_leaves_length) == 64);
    CHECK(sizeof(vitals_rollup_output) == 72);
    CHECK(offsetof(vitals_survey_options, role_weights) == 8);
    CHECK(offsetof(vitals_survey_options, participation_target) == 48);
    CHECK(sizeof(vitals_survey_options) == 56);
}

static vitals_quadrant_rule default_rule(void) {
    vitals_quadrant_rule r;
    memset(&r, 0, sizeof r);
    r.struct_size = sizeof r;
    return r;
}

static vitals_quadrant_summary empty_summary(void) {
    vitals_quadrant_summary s;
    memset(&s, 0, sizeof s);
    s.struct_size = sizeof s;
    return s;
}

static void test_quadrants(void) {
    /* total 1000 + 250 unscored; top 50 % of 1250 = 625: 400 + 300 = 700 -> cut-off 300 */
    const double arr[6] = {400, 300, 200, 100, NAN, 250};
    const double score[6] = {80, 30, 90, 10, 75, NAN};
    int32_t q[6];
    vitals_quadrant_rule rule = default_rule();
    vitals_quadrant_summary sum = empty_summary();
    CHECK_OK(vitals_portfolio_classify(arr, score, 6, &rule, q, 6, &sum));
    CHECK(q[0] == VITALS_QUADRANT_COMMITTED);
    CHECK(q[1] == VITALS_QUADRANT_AT_RISK);
    CHECK(q[2] == VITALS_QUADRANT_GROWTH_CANDIDATE);
    CHECK(q[3] == VITALS_QUADRANT_MAINTENANCE);
    CHECK(q[4] == VITALS_QUADRANT_UNKNOWN);
    CHECK(q[5] == VITALS_QUADRANT_UNKNOWN);
    CHECK(sum.struct_size == sizeof sum);
    CHECK(sum.counts[VITALS_QUADRANT_UNKNOWN] == 2);
    CHECK(sum.revenue[VITALS_QUADRANT_AT_RISK] == 300.0);
    CHECK(sum.revenue[VITALS_QUADRANT_UNKNOWN] == 250.0);
    CHECK(sum.total_revenue == 1250.0);
    CHECK(sum.value_cutoff == 300.0);
    CHECK(sum.health_threshold == 70.0);
    CHECK(sum.high_value == 2); /* 400 and 300; the unscored 250 is below the cut-off */
    CHECK(strcmp(vitals_quadrant_label(VITALS_QUADRANT_GROWTH_CANDIDATE), "Growth Candidate") == 0);
    CHECK(strcmp(vitals_quadrant_label(7), "") == 0);

    /* NULL rule = defaults; summary only */
    sum = empty_summary();
    CHECK_OK(vitals_portfolio_classify(arr, score, 6, NULL, NULL, 0, &sum));
    CHECK(sum.counts[VITALS_QUADRANT_COMMITTED] == 1);

    /* ties: an ARR at the cut-off is high value, a score at the threshold is healthy */
    {
        const double a[3] = {1000, 999.5, 1000};
        const double s[3] = {70, 70, 69.5};
        rule.value_rule = VITALS_VALUE_ARR_CUTOFF;
        rule.arr_cutoff = 1000;
        rule.health_threshold_set = 1;
        rule.health_threshold = 70;
        CHECK_OK(vitals_portfolio_classify(a, s, 3, &rule, q, 3, NULL));
        CHECK(q[0] == VITALS_QUADRANT_COMMITTED);
        CHECK(q[1] == VITALS_QUADRANT_GROWTH_CANDIDATE);
        CHECK(q[2] == VITALS_QUADRANT_AT_RISK);
    }
    /* equal ARR straddling the 50 % boundary: both are high value */
    {
        const double a[4] = {30, 40, 30, 0};
        const double s[4] = {50, 50, 50, 50};
        rule = default_rule();
        sum = empty_summary();
        CHECK_OK(vitals_portfolio_classify(a, s, 4, &rule, q, 4, &sum));
        CHECK(sum.value_cutoff == 30.0);
        CHECK(sum.high_value == 3);
        CHECK(q[0] == VITALS_QUADRANT_AT_RISK && q[2] == VITALS_QUADRANT_AT_RISK);
        CHECK(q[3] == VITALS_QUADRANT_MAINTENANCE);
    }
    /* zero total revenue: nobody is high value; empty portfolio */
    {
        const double a[2] = {0, 0};
        const double s[2] = {90, 10};
        sum = empty_summary();
        CHECK_OK(vitals_portfolio_classify(a, s, 2, NULL, q, 2, &sum));
        CHECK(isinf(sum.value_cutoff));
        CHECK(q[0] == VITALS_QUADRANT_GROWTH_CANDIDATE && q[1] == VITALS_QUADRANT_MAINTENANCE);
        sum = empty_summary();
        CHECK_OK(vitals_portfolio_classify(NULL, NULL, 0, NULL, NULL, 0, &sum));
        CHECK(sum.counts[VITALS_QUADRANT_UNKNOWN] == 0 && sum.total_revenue == 0.0);
    }
    /* errors */
    rule = default_rule();
    CHECK_FAILS(vitals_portfolio_classify(NULL, score, 6, NULL, NULL, 0, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "vitals_portfolio_classify: arr is NULL");
    CHECK_FAILS(vitals_portfolio_classify(arr, score, -1, NULL, NULL, 0, NULL), VITALS_ERR_SHAPE_MISMATCH, "n: -1");
    CHECK_FAILS(vitals_portfolio_classify(arr, score, 6, NULL, q, 5, NULL), VITALS_ERR_SHAPE_MISMATCH,
                "quadrant_length");
    rule.revenue_percent = 120;
    CHECK_FAILS(vitals_portfolio_classify(arr, score, 6, &rule, NULL, 0, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "revenue_percent");
    rule = default_rule();
    rule.value_rule = 9;
    CHECK_FAILS(vitals_portfolio_classify(arr, score, 6, &rule, NULL, 0, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "rule->value_rule");
    rule = default_rule();
    rule.struct_size = 4;
    CHECK_FAILS(vitals_portfolio_classify(arr, score, 6, &rule, NULL, 0, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "rule->struct_size");
    {
        const double bad[2] = {10, -5};
        const double s[2] = {10, 10};
        CHECK_FAILS(vitals_portfolio_classify(bad, s, 2, NULL, NULL, 0, NULL), VITALS_ERR_INVALID_ARGUMENT,
                    "arr[1]");
    }
    /* a newer caller's larger summary: this library writes its members and leaves the rest */
    {
        unsigned char big[sizeof(vitals_quadrant_summary) + 8];
        vitals_quadrant_summary* b = (vitals_quadrant_summary*)(void*)big;
        memset(big, 0xAB, sizeof big);
        b->struct_size = sizeof big;
        CHECK_OK(vitals_portfolio_classify(arr, score, 6, NULL, NULL, 0, b));
        CHECK(b->struct_size == sizeof big && b->total_revenue == 1250.0 && b->high_value == 2);
        CHECK(big[sizeof(vitals_quadrant_summary)] == 0xAB && big[sizeof big - 1] == 0xAB);
    }
    /* an older or smaller summary: the members that fit are written, nothing after them (issue 13
     * item 9: such a summary was rejected although the header promises this) */
    {
        unsigned char small[sizeof(vitals_quadrant_summary)];
        vitals_quadrant_summary* b = (vitals_quadrant_summary*)(void*)small;
        vitals_quadrant_summary full;
        size_t k;
        full.struct_size = sizeof full;
        CHECK_OK(vitals_portfolio_classify(arr, score, 6, NULL, NULL, 0, &full));
        memset(small, 0xAB, sizeof small);
        b->struct_size = offsetof(vitals_quadrant_summary, revenue) + 4; /* counts, and half a double */
        CHECK_OK(vitals_portfolio_classify(arr, score, 6, NULL, NULL, 0, b));
        CHECK(b->struct_size == offsetof(vitals_quadrant_summary, revenue) + 4);
        CHECK(memcmp(b->counts, full.counts, sizeof full.counts) == 0);
        for (k = offsetof(vitals_quadrant_summary, revenue); k < sizeof small; ++k) CHECK(small[k] == 0xAB);
        memset(small, 0xAB, sizeof small);
        b->struct_size = sizeof(size_t); /* struct_size alone: nothing else is written */
        CHECK_OK(vitals_portfolio_classify(arr, score, 6, NULL, NULL, 0, b));
        for (k = sizeof(size_t); k < sizeof small; ++k) CHECK(small[k] == 0xAB);
        b->struct_size = 0; /* not set: an error */
        CHECK_FAILS(vitals_portfolio_classify(arr, score, 6, NULL, NULL, 0, b), VITALS_ERR_INVALID_ARGUMENT,
                    "summary->struct_size: 0");
    }
    /* the same for the prioritised list's summary */
    {
        unsigned char small[sizeof(vitals_priority_summary)];
        vitals_priority_summary* p = (vitals_priority_summary*)(void*)small;
        int64_t order[6];
        size_t k;
        memset(small, 0xAB, sizeof small);
        p->struct_size = offsetof(vitals_priority_summary, left_out);
        CHECK_OK(vitals_portfolio_prioritise(arr, score, 6, NULL, order, NULL, 6, p));
        CHECK(p->listed > 0 && p->eligible == p->listed);
        for (k = offsetof(vitals_priority_summary, left_out); k < sizeof small; ++k) CHECK(small[k] == 0xAB);
    }
    /* a newer caller's larger rule with an unknown member set */
    {
        unsigned char big[sizeof(vitals_quadrant_rule) + 8];
        vitals_quadrant_rule* r = (vitals_quadrant_rule*)(void*)big;
        memset(big, 0, sizeof big);
        r->struct_size = sizeof big;
        CHECK_OK(vitals_portfolio_classify(arr, score, 6, r, NULL, 0, NULL));
        big[sizeof(vitals_quadrant_rule)] = 1;
        CHECK_FAILS(vitals_portfolio_classify(arr, score, 6, r, NULL, 0, NULL), VITALS_ERR_NOT_SUPPORTED,
                    "does not know; upgrade the library");
    }
    sum = empty_summary();
    sum.struct_size = 3;
    CHECK_FAILS(vitals_portfolio_classify(arr, score, 6, NULL, NULL, 0, &sum), VITALS_ERR_INVALID_ARGUMENT,
                "summary->struct_size");
}

static void test_threshold(void) {
    vitals_scorecard* card = NULL;
    double t = 0;
    CHECK_OK(vitals_scorecard_create_default(&card));
    CHECK_OK(vitals_scorecard_health_threshold(card, &t));
    CHECK(t == 70.0);
    CHECK_FAILS(vitals_scorecard_health_threshold(NULL, &t), VITALS_ERR_INVALID_ARGUMENT, "card is NULL");
    CHECK_FAILS(vitals_scorecard_health_threshold(card, NULL), VITALS_ERR_INVALID_ARGUMENT, "threshold");
    vitals_scorecard_destroy(card);
}

static void test_priority(void) {
    /*                      0    1    2   3    4    5  6  7 */
    const double arr[8] = {100, 200, 50, NAN, 100, 0, 0, 300};
    const double score[8] = {50, 80, 0, 10, 50, 90, 20, NAN};
    int64_t order[8];
    double risk[8];
    vitals_priority_options o;
    vitals_priority_summary sum;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    memset(&sum, 0, sizeof sum);
    sum.struct_size = sizeof sum;
    CHECK_OK(vitals_portfolio_prioritise(arr, score, 8, &o, order, risk, 8, &sum));
    CHECK(sum.listed == 6 && sum.eligible == 6 && sum.left_out == 2);
    CHECK(order[0] == 0 && order[1] == 4 && order[2] == 2 && order[3] == 1 && order[4] == 6 && order[5] == 5);
    CHECK(order[6] == -1 && order[7] == -1);
    CHECK(risk[0] == 50.0 && risk[3] == 40.0 && isnan(risk[6]));

    /* top 2, NULL at_risk */
    o.limit = 2;
    CHECK_OK(vitals_portfolio_prioritise(arr, score, 8, &o, order, NULL, 2, &sum));
    CHECK(sum.listed == 2 && order[0] == 0 && order[1] == 4);
    /* high value only (default 50 %): total 750, 300 (unscored) + 200 = 500 >= 375 -> cut-off 200 */
    o.limit = 0;
    o.high_value_only = 1;
    CHECK_OK(vitals_portfolio_prioritise(arr, score, 8, &o, order, NULL, 8, &sum));
    CHECK(sum.value_cutoff == 200.0);
    CHECK(sum.listed == 1 && order[0] == 1 && order[1] == -1);
    CHECK(sum.left_out == 1);
    /* empty */
    CHECK_OK(vitals_portfolio_prioritise(NULL, NULL, 0, NULL, order, NULL, 0, &sum));
    CHECK(sum.listed == 0);
    /* errors */
    CHECK_FAILS(vitals_portfolio_prioritise(arr, score, 8, NULL, order, NULL, 7, NULL), VITALS_ERR_SHAPE_MISMATCH,
                "length: room for 7 elements, 8 needed");
    CHECK_FAILS(vitals_portfolio_prioritise(arr, score, 8, NULL, NULL, NULL, 8, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "order is NULL");
    o.limit = -3;
    CHECK_FAILS(vitals_portfolio_prioritise(arr, score, 8, &o, order, NULL, 8, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "options->limit");
}

static void test_rollup(void) {
    const char* const ids[7] = {"group", "parent", "a", "b", "c", "d", "solo"};
    const char* const parent_ids[7] = {NULL, "group", "parent", "parent", "parent", "group", ""};
    const double arr[7] = {0, 999, 100, 300, 50, 100, 20};
    const double score[7] = {10, 10, 80, 40, NAN, 90, 55};
    int64_t parent[7];
    double rolled[7], coverage[7];
    int64_t leaves[7], scored[7];
    vitals_rollup_output out;
    CHECK_OK(vitals_portfolio_resolve_parents(ids, parent_ids, 7, parent, 7));
    CHECK(parent[0] == VITALS_NO_PARENT && parent[1] == 0 && parent[2] == 1 && parent[5] == 0 &&
          parent[6] == VITALS_NO_PARENT);
    memset(&out, 0, sizeof out);
    out.struct_size = sizeof out;
    out.score = rolled;
    out.score_length = 7;
    out.coverage = coverage;
    out.coverage_length = 7;
    out.leaves = leaves;
    out.leaves_length = 7;
    out.scored_leaves = scored;
    out.scored_leaves_length = 7;
    CHECK_OK(vitals_portfolio_roll_up(arr, score, parent, 7, ids, &out));
    CHECK(fabs(rolled[1] - 50.0) < 1e-12);        /* (100 x 80 + 300 x 40) / 400 */
    CHECK(fabs(coverage[1] - 400.0 / 450.0) < 1e-12);
    CHECK(fabs(rolled[0] - 58.0) < 1e-12);        /* (400 x 50 + 100 x 90) / 500 */
    CHECK(leaves[0] == 4 && scored[0] == 3);
    CHECK(rolled[6] == 55.0 && coverage[6] == 1.0);
    CHECK(isnan(rolled[4]) && coverage[4] == 0.0);

    /* errors: unknown parent, duplicate id, cycle, index out of range */
    {
        const char* const bad_parents[3] = {"", "x", "nobody"};
        const char* const three[3] = {"x", "y", "z"};
        const char* const dup[3] = {"x", "y", "x"};
        const char* const none[3] = {"", "", ""};
        const double v[3] = {1, 1, 1};
        const int64_t cycle[3] = {2, 0, 1};
        const int64_t out_of_range[3] = {-1, 3, -1};
        CHECK_FAILS(vitals_portfolio_resolve_parents(three, bad_parents, 3, parent, 3), VITALS_ERR_UNKNOWN_COLUMN,
                    "account \"z\" names an unknown parent \"nobody\"");
        CHECK_FAILS(vitals_portfolio_resolve_parents(dup, none, 3, parent, 3), VITALS_ERR_INVALID_ARGUMENT,
                    "duplicate account id \"x\"");
        CHECK_FAILS(vitals_portfolio_resolve_parents(three, none, 3, parent, 2), VITALS_ERR_SHAPE_MISMATCH,
                    "parent_length");
        CHECK_FAILS(vitals_portfolio_roll_up(v, v, cycle, 3, three, &out), VITALS_ERR_INVALID_ARGUMENT,
                    "cycle: \"x\" -> \"z\" -> \"y\" -> \"x\"");
        CHECK_FAILS(vitals_portfolio_roll_up(v, v, out_of_range, 3, NULL, &out), VITALS_ERR_INVALID_ARGUMENT,
                    "parent[1]: account 1 has parent index 3");
        CHECK_FAILS(vitals_portfolio_roll_up(v, v, cycle, 3, NULL, NULL), VITALS_ERR_INVALID_ARGUMENT,
                    "output is NULL");
        out.score_length = 2;
        CHECK_FAILS(vitals_portfolio_roll_up(v, v, cycle, 3, NULL, &out), VITALS_ERR_SHAPE_MISMATCH,
                    "output->score_length");
    }
    /* empty */
    memset(&out, 0, sizeof out);
    out.struct_size = sizeof out;
    CHECK_OK(vitals_portfolio_roll_up(NULL, NULL, NULL, 0, NULL, &out));
}

static void test_survey(void) {
    /* account 0: c_suite 10, director 5, manager 8, user silent
       account 1: no rows
       account 2: managers only (9, 10), vp and c_suite silent
       account 3: invited, none answered */
    const int64_t account[10] = {0, 0, 0, 0, 2, 2, 2, 2, 3, 3};
    const int32_t role[10] = {VITALS_ROLE_C_SUITE, VITALS_ROLE_DIRECTOR, VITALS_ROLE_MANAGER, VITALS_ROLE_USER,
                              VITALS_ROLE_MANAGER, VITALS_ROLE_MANAGER, VITALS_ROLE_VP, VITALS_ROLE_C_SUITE,
                              VITALS_ROLE_VP, VITALS_ROLE_USER};
    const double answer[10] = {10, 5, 8, NAN, 9, 10, NAN, NAN, NAN, NAN};
    double out[4 * VITALS_SURVEY_COLUMN_COUNT];
#define AT(c, i) out[(c) * 4 + (i)]
    const char* name = NULL;
    int32_t r = -1;
    vitals_survey_options o;
    CHECK_OK(vitals_survey_measures(4, account, role, answer, 10, NULL, out, 4 * VITALS_SURVEY_COLUMN_COUNT));
    CHECK(fabs(AT(VITALS_SURVEY_NPS, 0) - 100.0 * 1.5 / 5.5) < 1e-12);
    CHECK(AT(VITALS_SURVEY_PARTICIPATION, 0) == 0.75);
    CHECK(AT(VITALS_SURVEY_PARTICIPATION_BELOW_TARGET, 0) == 0.0);
    CHECK(AT(VITALS_SURVEY_SENIORITY_LEVELS, 0) == 13.0);
    CHECK(AT(VITALS_SURVEY_SENIOR_VOICES_MISSING, 0) == 0.0);
    /* no rows: missing, not zero */
    CHECK(isnan(AT(VITALS_SURVEY_NPS, 1)) && isnan(AT(VITALS_SURVEY_PARTICIPATION, 1)));
    CHECK(isnan(AT(VITALS_SURVEY_SENIOR_VOICES_MISSING, 1)) && AT(VITALS_SURVEY_INVITED, 1) == 0.0);
    /* managers only */
    CHECK(AT(VITALS_SURVEY_NPS, 2) == 100.0);
    CHECK(AT(VITALS_SURVEY_SENIOR_VOICES_MISSING, 2) == 1.0);
    CHECK(AT(VITALS_SURVEY_PARTICIPATION_BELOW_TARGET, 2) == 1.0);
    CHECK(fabs(AT(VITALS_SURVEY_SENIORITY_COVERAGE, 2) - 0.2) < 1e-12);
    /* none answered */
    CHECK(isnan(AT(VITALS_SURVEY_NPS, 3)));
    CHECK(AT(VITALS_SURVEY_PARTICIPATION, 3) == 0.0 && AT(VITALS_SURVEY_SENIOR_VOICES_MISSING, 3) == 1.0);
    CHECK(AT(VITALS_SURVEY_INVITED, 3) == 2.0 && AT(VITALS_SURVEY_ANSWERED, 3) == 0.0);

    /* options: equal weights, a stricter target */
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.role_weights[0] = o.role_weights[1] = o.role_weights[2] = o.role_weights[3] = o.role_weights[4] = 1.0;
    o.participation_target = 0.8;
    CHECK_OK(vitals_survey_measures(4, account, role, answer, 10, &o, out, 4 * VITALS_SURVEY_COLUMN_COUNT));
    CHECK(fabs(AT(VITALS_SURVEY_NPS, 0)) < 1e-12);
    CHECK(AT(VITALS_SURVEY_PARTICIPATION_BELOW_TARGET, 0) == 1.0);
#undef AT
    /* no rows at all, no accounts */
    CHECK_OK(vitals_survey_measures(1, NULL, NULL, NULL, 0, NULL, out, VITALS_SURVEY_COLUMN_COUNT));
    CHECK(isnan(out[VITALS_SURVEY_NPS]));
    CHECK_OK(vitals_survey_measures(0, NULL, NULL, NULL, 0, NULL, NULL, 0));

    CHECK_OK(vitals_survey_column_name(VITALS_SURVEY_SENIOR_VOICES_MISSING, &name));
    CHECK(name != NULL && strcmp(name, "survey_senior_voices_missing") == 0);
    CHECK_FAILS(vitals_survey_column_name(VITALS_SURVEY_COLUMN_COUNT, &name), VITALS_ERR_OUT_OF_RANGE, "index");
    CHECK(name == NULL);
    CHECK_OK(vitals_survey_parse_role(" C-Suite", VITALS_NUL_TERMINATED, &r));
    CHECK(r == VITALS_ROLE_C_SUITE);
    CHECK_OK(vitals_survey_parse_role("directorXYZ", 8, &r));
    CHECK(r == VITALS_ROLE_DIRECTOR);
    CHECK_FAILS(vitals_survey_parse_role("ceo", VITALS_NUL_TERMINATED, &r), VITALS_ERR_PARSE,
                "unknown role \"ceo\"");
    CHECK_FAILS(vitals_survey_parse_role(NULL, 0, &r), VITALS_ERR_INVALID_ARGUMENT, "text is NULL");

    /* errors naming the row */
    {
        const int64_t acc[2] = {0, 5};
        const int32_t rl[2] = {VITALS_ROLE_VP, 9};
        const double ans[2] = {7, 11};
        CHECK_FAILS(vitals_survey_measures(4, acc, role, answer, 2, NULL, out, 4 * VITALS_SURVEY_COLUMN_COUNT),
                    VITALS_ERR_INVALID_ARGUMENT, "row 1: account index 5");
        CHECK_FAILS(vitals_survey_measures(4, account, rl, answer, 2, NULL, out, 4 * VITALS_SURVEY_COLUMN_COUNT),
                    VITALS_ERR_INVALID_ARGUMENT, "row 1: role code 9");
        CHECK_FAILS(vitals_survey_measures(4, account, role, ans, 2, NULL, out, 4 * VITALS_SURVEY_COLUMN_COUNT),
                    VITALS_ERR_INVALID_ARGUMENT, "row 1: answer 11");
        CHECK_FAILS(vitals_survey_measures(4, account, role, answer, 10, NULL, out, 31), VITALS_ERR_SHAPE_MISMATCH,
                    "out_length");
        CHECK_FAILS(vitals_survey_measures(4, NULL, role, answer, 10, NULL, out, 32), VITALS_ERR_INVALID_ARGUMENT,
                    "account is NULL");
        o.role_weights[1] = -1;
        CHECK_FAILS(vitals_survey_measures(4, account, role, answer, 10, &o, out, 32), VITALS_ERR_INVALID_ARGUMENT,
                    "role_weights[vp]");
    }
}

/* Drift and calibration: the PSI fixture of tests/portfolio/test_drift.cpp, and band cut-offs. */
static void test_drift(void) {
    const double expected[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const double actual[10] = {1, 2, 2, 4, 5, 6, 8, NAN, NAN, NAN};
    const double by_hand = (0.3 - 0.2) * log(0.3 / 0.2) + (0.1 - 0.2) * log(0.1 / 0.2) + 0.0 +
                           (0.1 - 0.2) * log(0.1 / 0.2) + (1e-4 - 0.2) * log(1e-4 / 0.2) + (0.3 - 1e-4) * log(0.3 / 1e-4);
    double psi = -1;
    int32_t verdict = -1;
    double scores[100];
    double cutoffs[2] = {0, 0};
    int64_t counts[3] = {0, 0, 0};
    const double red20[3] = {0.2, NAN, NAN};
    const double green10[3] = {NAN, NAN, 0.1};
    const double red90[3] = {0.9, NAN, NAN};
    vitals_scorecard* card = NULL;
    int i;
    CHECK_OK(vitals_population_stability(expected, 10, actual, 10, 5, &psi, &verdict));
    CHECK(fabs(psi - by_hand) <= 1e-12 * by_hand);
    CHECK(verdict == VITALS_SIGNIFICANT_SHIFT);
    CHECK_OK(vitals_population_stability(expected, 10, expected, 10, 0, &psi, NULL));
    CHECK(psi == 0.0);

    for (i = 0; i < 100; ++i) scores[i] = 0.5 + i; /* 0.5 .. 99.5 */
    CHECK_OK(vitals_scorecard_create_default(&card));
    CHECK_OK(vitals_scorecard_propose_bands(card, scores, 100, red20, 3, cutoffs, 2, counts, 3));
    CHECK(cutoffs[0] == 20.0); /* the roundest cut-off with 20 scores below it */
    CHECK(cutoffs[1] == 70.0); /* kept */
    CHECK(counts[0] == 20 && counts[1] == 50 && counts[2] == 30);
    CHECK_OK(vitals_scorecard_propose_bands(card, scores, 100, green10, 3, cutoffs, 2, NULL, 0));
    CHECK(cutoffs[0] == 40.0 && cutoffs[1] == 90.0);
    CHECK_FAILS(vitals_scorecard_propose_bands(card, scores, 100, red90, 3, cutoffs, 2, NULL, 0), VITALS_ERR_INVALID_ARGUMENT,
                "give a target for yellow too");
    vitals_scorecard_destroy(card);
}

int main(void) {
    test_layout();
    test_quadrants();
    test_threshold();
    test_priority();
    test_rollup();
    test_survey();
    test_drift();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("C ABI (portfolio, surveys): all checks passed\n");
    return 0;
}
