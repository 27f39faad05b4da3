/* The accounts part of the C ABI from a C99 host: dates, scorecard sets by segment, override books
 * and reports; every handle freed (run under ASan/LeakSanitizer in the sanitizer build).
 * Usage: test_capi_accounts <tests/data dir> (reads accounts/segments.json and its scorecards). */
#include "vitals/vitals.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int same(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

/* tests/data/accounts/accounts.csv, as arrays: six accounts, four numeric columns (row-major). */
#define ROWS 6
#define COLS 4
static const char* const columns[COLS] = {"active_users", "licensed_seats", "nps", "executive_sponsor"};
static const char* const ids[ROWS] = {"A-001", "A-002", "A-003", "A-004", "A-005", "A-006"};
static const char* const segments[ROWS] = {"SMB", "SMB", "Mid-market", "Enterprise", "Enterprise", "Startup"};
static double data[ROWS][COLS];

static void fill(void) {
    static const double v[ROWS][COLS] = {{18, 20, 40, 0}, {4, 25, -20, 0}, {60, 120, 10, 1},
                                         {700, 1000, 35, 1}, {300, 1000, -10, 0}, {9, 10, 0, 0}};
    int i, j;
    for (i = 0; i < ROWS; ++i)
        for (j = 0; j < COLS; ++j) data[i][j] = v[i][j];
    data[0][3] = NAN; /* the CSV's empty cells */
    data[1][3] = NAN;
    data[5][2] = NAN;
    data[5][3] = NAN;
}

typedef struct {
    double score[ROWS], coverage[ROWS], contributions[ROWS * 3], points_lost[ROWS * 3];
    int32_t band[ROWS], status[ROWS], drivers[ROWS * 3], card[ROWS];
    vitals_score_output out;
} outputs;

static void outputs_init(outputs* o, int64_t width) {
    memset(o, 0, sizeof *o);
    o->out.struct_size = sizeof o->out;
    o->out.score = o->score;
    o->out.score_length = ROWS;
    o->out.band = o->band;
    o->out.band_length = ROWS;
    o->out.coverage = o->coverage;
    o->out.coverage_length = ROWS;
    o->out.status = o->status;
    o->out.status_length = ROWS;
    o->out.contributions = o->contributions;
    o->out.contributions_length = ROWS * width;
    o->out.points_lost = o->points_lost;
    o->out.points_lost_length = ROWS * width;
    o->out.drivers = o->drivers;
    o->out.drivers_length = ROWS * 3;
}

static int32_t day_of(const char* text) {
    int32_t d = 0;
    CHECK_OK(vitals_date_parse(text, VITALS_NUL_TERMINATED, &d));
    return d;
}

/* ---- the versioned structs' first-version layout (members may only be appended) -------------- */
static void test_layout(void) {
    CHECK(offsetof(vitals_override_entry, struct_size) == 0);
    CHECK(offsetof(vitals_override_entry, account_id) == 8);
    CHECK(offsetof(vitals_override_entry, target) == 16);
    CHECK(offsetof(vitals_override_entry, reason) == 24);
    CHECK(offsetof(vitals_override_entry, author) == 32);
    CHECK(offsetof(vitals_override_entry, origin) == 40);
    CHECK(offsetof(vitals_override_entry, value) == 48);
    CHECK(offsetof(vitals_override_entry, expires) == 56);
    CHECK(offsetof(vitals_override_entry, reserved) == 60);
    CHECK(sizeof(vitals_override_entry) == 64);
    CHECK(offsetof(vitals_overridden_row, row) == 8);
    CHECK(offsetof(vitals_overridden_row, computed_score) == 16);
    CHECK(offsetof(vitals_overridden_row, computed_coverage) == 24);
    CHECK(offsetof(vitals_overridden_row, score) == 32);
    CHECK(offsetof(vitals_overridden_row, coverage) == 40);
    CHECK(offsetof(vitals_overridden_row, computed_band) == 48);
    CHECK(offsetof(vitals_overridden_row, computed_status) == 52);
    CHECK(offsetof(vitals_overridden_row, band) == 56);
    CHECK(offsetof(vitals_overridden_row, status) == 60);
    CHECK(offsetof(vitals_overridden_row, score_overridden) == 64);
    CHECK(offsetof(vitals_overridden_row, effect_count) == 68);
    CHECK(sizeof(vitals_overridden_row) == 72);
    CHECK(offsetof(vitals_override_effect, entry) == 8);
    CHECK(offsetof(vitals_override_effect, computed) == 16);
    CHECK(offsetof(vitals_override_effect, value) == 24);
    CHECK(offsetof(vitals_override_effect, state) == 32);
    CHECK(offsetof(vitals_override_effect, measure) == 36);
    CHECK(sizeof(vitals_override_effect) == 40);
}

/* ---- dates -------------------------------------------------------------------------------------- */
static void test_dates(void) {
    int32_t d = 7;
    char buf[16];
    size_t needed = 0;
    CHECK(day_of("1970-01-01") == 0);
    CHECK(day_of("2026-11-23") == 20780);
    CHECK_OK(vitals_date_parse("2024-02-29 trailing", 10, &d));
    CHECK(d == day_of("2024-03-01") - 1);
    CHECK_FAILS(vitals_date_parse("2026-02-30", VITALS_NUL_TERMINATED, &d), VITALS_ERR_PARSE,
                "vitals_date_parse: \"2026-02-30\" is not a date (YYYY-MM-DD): day 30 is not in 1-28");
    CHECK(d == 0);
    CHECK_FAILS(vitals_date_parse("26-1-1", VITALS_NUL_TERMINATED, &d), VITALS_ERR_PARSE, "expected 10 characters");
    CHECK_FAILS(vitals_date_parse(NULL, 0, &d), VITALS_ERR_INVALID_ARGUMENT, "text is NULL");
    CHECK_FAILS(vitals_date_parse("2026-01-01", 10, NULL), VITALS_ERR_INVALID_ARGUMENT, "day: the out-pointer");
    CHECK_OK(vitals_date_format(20780, NULL, 0, &needed));
    CHECK(needed == 11);
    CHECK_OK(vitals_date_format(20780, buf, sizeof buf, &needed));
    CHECK(strcmp(buf, "2026-11-23") == 0);
    CHECK_FAILS(vitals_date_format(20780, buf, 5, &needed), VITALS_ERR_SHAPE_MISMATCH, "buffer: 5 bytes");
    CHECK(vitals_date_today() > day_of("2025-01-01"));
    /* years 1-9999 only, as vitals_date_parse: the first and last day round-trip, the days beyond
     * them are errors (issue 13 item 9: they came out as wrong dates with status OK) */
    {
        const int32_t first = day_of("0001-01-01"), last = day_of("9999-12-31");
        CHECK(first < 0 && last > 0);
        CHECK_OK(vitals_date_format(first, buf, sizeof buf, &needed));
        CHECK(strcmp(buf, "0001-01-01") == 0);
        CHECK_OK(vitals_date_format(last, buf, sizeof buf, &needed));
        CHECK(strcmp(buf, "9999-12-31") == 0);
        CHECK_FAILS(vitals_date_format(first - 1, buf, sizeof buf, &needed), VITALS_ERR_INVALID_ARGUMENT,
                    "day: -719163 is not a date in years 1-9999");
        CHECK(buf[0] == '\0' && needed == 0);
        CHECK_FAILS(vitals_date_format(last + 1, buf, sizeof buf, &needed), VITALS_ERR_INVALID_ARGUMENT, "years 1-9999");
        CHECK_FAILS(vitals_date_format(INT32_MIN, buf, sizeof buf, &needed), VITALS_ERR_INVALID_ARGUMENT, "years 1-9999");
        CHECK_FAILS(vitals_date_format(INT32_MAX, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT, "years 1-9999");
    }
}

/* ---- scorecard sets ----------------------------------------------------------------------------- */
static void test_set(const vitals_scorecard_set* set) {
    int64_t n = 0, i, c;
    const char* s = NULL;
    outputs o;
    vitals_score_options opt;
    memset(&opt, 0, sizeof opt);
    opt.struct_size = sizeof opt;
    opt.threads = 2;

    CHECK_OK(vitals_scorecard_set_segment_column(set, &s));
    CHECK(s != NULL && strcmp(s, "segment") == 0);
    CHECK_OK(vitals_scorecard_set_card_count(set, &n));
    CHECK(n == 2); /* SMB and Mid-market share smb.json */
    CHECK_OK(vitals_scorecard_set_card_label(set, 0, &s));
    CHECK(strcmp(s, "SMB, Mid-market, default") == 0);
    CHECK_OK(vitals_scorecard_set_card_label(set, 1, &s));
    CHECK(strcmp(s, "Enterprise") == 0);
    CHECK_OK(vitals_scorecard_set_default_card(set, &n));
    CHECK(n == 0);
    CHECK_OK(vitals_scorecard_set_max_measures(set, &n));
    CHECK(n == 3);
    CHECK_OK(vitals_scorecard_set_input_count(set, &n));
    CHECK(n == 4);
    CHECK_OK(vitals_scorecard_set_input_name(set, 3, &s));
    CHECK(strcmp(s, "executive_sponsor") == 0);
    CHECK_FAILS(vitals_scorecard_set_input_name(set, 4, &s), VITALS_ERR_OUT_OF_RANGE, "index: 4 is not in [0, 4)");
    CHECK(s == NULL);
    CHECK_OK(vitals_scorecard_set_lookup(set, "Enterprise", &c));
    CHECK(c == 1);
    CHECK_OK(vitals_scorecard_set_lookup(set, "Startup", &c)); /* the default */
    CHECK(c == 0);

    /* batch by segment equals scoring each account alone with its card */
    outputs_init(&o, 3);
    CHECK_OK(vitals_scorecard_set_score(set, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS,
                                        segments, ROWS, ids, &opt, &o.out, o.card, ROWS));
    CHECK(o.card[0] == 0 && o.card[2] == 0 && o.card[3] == 1 && o.card[4] == 1 && o.card[5] == 0);
    for (i = 0; i < ROWS; ++i) {
        vitals_scorecard* card = NULL;
        double score = 0, contributions[3];
        int32_t drivers[3];
        int64_t measures = 0, m;
        vitals_score_output one;
        memset(&one, 0, sizeof one);
        one.struct_size = sizeof one;
        one.score = &score;
        one.score_length = 1;
        one.contributions = contributions;
        one.contributions_length = 3;
        one.drivers = drivers;
        one.drivers_length = 3;
        CHECK_OK(vitals_scorecard_set_card(set, o.card[i], &card));
        CHECK_OK(vitals_scorecard_measure_count(card, &measures));
        CHECK_OK(vitals_scorecard_score(card, data[i], VITALS_DTYPE_FLOAT64, 1, COLS, COLS, 1, columns, COLS, NULL,
                                        &one));
        CHECK(same(o.score[i], score));
        for (m = 0; m < 3; ++m) CHECK(same(o.contributions[i * 3 + m], m < measures ? contributions[m] : NAN));
        for (m = 0; m < 3; ++m) CHECK(o.drivers[i * 3 + m] == drivers[m]);
        vitals_scorecard_destroy(card);
    }
    CHECK(fabs(o.score[0] - (2 * 1.0 + 0.9) / 3 * 100) < 1e-9); /* 18/20 seats: full marks; nps 40 */

    /* errors */
    CHECK_FAILS(vitals_scorecard_set_score(set, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS,
                                           segments, ROWS - 1, ids, &opt, &o.out, o.card, ROWS),
                VITALS_ERR_SHAPE_MISMATCH, "segments: 5 for 6 rows");
    CHECK_FAILS(vitals_scorecard_set_score(set, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS,
                                           segments, ROWS, ids, &opt, &o.out, o.card, ROWS - 1),
                VITALS_ERR_SHAPE_MISMATCH, "card_length: 5 elements, 6 needed");
    CHECK_FAILS(vitals_scorecard_set_score(set, data, VITALS_DTYPE_FLOAT64, ROWS, COLS - 1, COLS, 1, columns,
                                           COLS - 1, segments, ROWS, ids, &opt, &o.out, o.card, ROWS),
                VITALS_ERR_UNKNOWN_COLUMN, "scorecard for Enterprise: columns: the scorecard reads columns that are "
                                           "not given: executive_sponsor");
    opt.allow_absent_columns = 1;
    CHECK_FAILS(vitals_scorecard_set_score(set, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS,
                                           segments, ROWS, ids, &opt, &o.out, o.card, ROWS),
                VITALS_ERR_NOT_SUPPORTED, "allow_absent_columns");
    opt.allow_absent_columns = 0;
    o.out.contributions_length = ROWS * 2;
    CHECK_FAILS(vitals_scorecard_set_score(set, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS,
                                           segments, ROWS, ids, &opt, &o.out, o.card, ROWS),
                VITALS_ERR_SHAPE_MISMATCH, "output->contributions_length: 12 elements, 18 needed");
    CHECK_FAILS(vitals_scorecard_set_score(NULL, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS,
                                           segments, ROWS, ids, &opt, &o.out, o.card, ROWS),
                VITALS_ERR_INVALID_ARGUMENT, "set is NULL");
}

static void test_set_files(const char* dir) {
    char path[1024], base[1024];
    vitals_scorecard_set* set = NULL;
    vitals_scorecard_set* plain = NULL;
    const char* s = NULL;
    int64_t c = 7;
    outputs o;
    const char* no_default = "{\"vitals_scorecard_set\": 1, \"segment_column\": \"segment\", "
                             "\"scorecards\": {\"SMB\": \"smb.json\", \"Enterprise\": \"enterprise.json\"}}";
    snprintf(path, sizeof path, "%s/accounts/segments.json", dir);
    snprintf(base, sizeof base, "%s/accounts", dir);
    CHECK_OK(vitals_scorecard_set_create_from_file(path, NULL, &set));
    if (set != NULL) test_set(set);
    vitals_scorecard_set_destroy(set);

    /* a segment value with no scorecard and no default */
    set = NULL;
    CHECK_OK(vitals_scorecard_set_create_from_json(no_default, VITALS_NUL_TERMINATED, base, NULL, &set));
    CHECK_FAILS(vitals_scorecard_set_lookup(set, "Startup", &c), VITALS_ERR_UNKNOWN_COLUMN,
                "vitals_scorecard_set_lookup: segment \"Startup\" (column segment) has no scorecard in the set, and "
                "the set has no default (known: SMB, Enterprise)");
    CHECK(c == -1);
    CHECK_FAILS(vitals_scorecard_set_lookup(set, "Mid-market", &c), VITALS_ERR_UNKNOWN_COLUMN, "\"Mid-market\"");
    CHECK_OK(vitals_scorecard_set_default_card(set, &c));
    CHECK(c == -1);
    outputs_init(&o, 3);
    CHECK_FAILS(vitals_scorecard_set_score(set, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS,
                                           segments, ROWS, ids, NULL, &o.out, o.card, ROWS),
                VITALS_ERR_UNKNOWN_COLUMN,
                "row 2: account \"A-003\": segment \"Mid-market\" (column segment) has no scorecard in the set, and "
                "the set has no default (known: SMB, Enterprise) (and 1 more rows without a scorecard)");
    vitals_scorecard_set_destroy(set);

    /* a plain scorecard file is a single-card set: no segment column, segments not needed */
    snprintf(path, sizeof path, "%s/accounts/smb.json", dir);
    CHECK_OK(vitals_scorecard_set_create_from_file(path, NULL, &plain));
    CHECK_OK(vitals_scorecard_set_segment_column(plain, &s));
    CHECK(s != NULL && s[0] == '\0');
    CHECK_OK(vitals_scorecard_set_card_label(plain, 0, &s));
    CHECK(strcmp(s, "default") == 0);
    outputs_init(&o, 2);
    CHECK_OK(vitals_scorecard_set_score(plain, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS, NULL,
                                        0, NULL, NULL, &o.out, NULL, 0));
    CHECK(fabs(o.score[0] - (2 * 1.0 + 0.9) / 3 * 100) < 1e-9);
    vitals_scorecard_set_destroy(plain);

    /* problems with their JSON pointers, inner ones prefixed */
    set = NULL;
    CHECK_FAILS(vitals_scorecard_set_create_from_json(
                    "{\"vitals_scorecard_set\": 1, \"segment_column\": \"s\", \"scorecards\": {\"A\": "
                    "{\"vitals_scorecard\": 1, \"measures\": [{\"name\": \"x\", \"input\": \"x\", \"weight\": -1, "
                    "\"normaliser\": {\"kind\": \"flag\", \"good_when\": true}}]}, \"B\": \"nope.json\"}}",
                    VITALS_NUL_TERMINATED, base, NULL, &set),
                VITALS_ERR_INVALID_SCORECARD, "/scorecards/A/measures/0/weight: must be a finite number >= 0\n"
                                              "/scorecards/B: ");
    CHECK(set == NULL);
    CHECK_FAILS(vitals_scorecard_set_create_from_json("{", 1, NULL, NULL, &set), VITALS_ERR_PARSE, "not valid JSON");
    CHECK_FAILS(vitals_scorecard_set_create_from_file("", NULL, &set), VITALS_ERR_INVALID_ARGUMENT, "path is empty");
    CHECK_FAILS(vitals_scorecard_set_create_from_json("{}", 2, NULL, NULL, NULL), VITALS_ERR_INVALID_ARGUMENT,
                "set: the out-pointer is NULL");
    vitals_scorecard_set_destroy(NULL);
}

/* ---- overrides ---------------------------------------------------------------------------------- */
static void test_overrides(const char* dir) {
    char path[1024];
    vitals_scorecard_set* set = NULL;
    vitals_override_book* book = NULL;
    vitals_override_report* report = NULL;
    vitals_overridden_row row;
    vitals_override_effect effect;
    vitals_override_entry entry;
    outputs o;
    double computed[ROWS];
    int64_t n = 0, i;
    const int32_t as_of = day_of("2026-11-23");

    snprintf(path, sizeof path, "%s/accounts/segments.json", dir);
    CHECK_OK(vitals_scorecard_set_create_from_file(path, NULL, &set));
    CHECK_OK(vitals_override_book_create(&book));
    if (set == NULL || book == NULL) return;
    /* tests/data/accounts/overrides.csv */
    CHECK_OK(vitals_override_book_add_text(book, "A-002", "score", "65", "Renewal signed for two years",
                                           "dana@example.com", "2026-12-31", "overrides.csv:2"));
    CHECK_OK(vitals_override_book_add_text(book, "A-005", "executive_sponsor", "100", "New CIO sponsors the rollout",
                                           "sam@example.com", "2026-11-23", "overrides.csv:3")); /* expires today */
    CHECK_OK(vitals_override_book_add(book, "A-004", "score", 95, "QBR went well", "sam@example.com",
                                      day_of("2026-11-22"), "overrides.csv:4")); /* expired yesterday */
    CHECK_OK(vitals_override_book_count(book, &n));
    CHECK(n == 3);
    memset(&entry, 0, sizeof entry);
    entry.struct_size = sizeof entry;
    CHECK_OK(vitals_override_book_entry(book, 1, &entry));
    CHECK(strcmp(entry.account_id, "A-005") == 0 && strcmp(entry.target, "executive_sponsor") == 0);
    CHECK(strcmp(entry.author, "sam@example.com") == 0 && strcmp(entry.origin, "overrides.csv:3") == 0);
    CHECK(entry.value == 100 && entry.expires == as_of);
    CHECK_OK(vitals_override_book_check_conflicts(book, as_of));

    outputs_init(&o, 3);
    CHECK_OK(vitals_scorecard_set_score(set, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS,
                                        segments, ROWS, ids, NULL, &o.out, o.card, ROWS));
    for (i = 0; i < ROWS; ++i) computed[i] = o.score[i];
    CHECK_OK(vitals_override_book_apply_set(book, set, as_of, ids, ROWS, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS,
                                            1, columns, COLS, o.card, ROWS, NULL, &o.out, &report));
    CHECK_OK(vitals_override_report_row_count(report, &n));
    CHECK(n == 3);
    /* rows without overrides are untouched */
    CHECK(same(o.score[0], computed[0]) && same(o.score[2], computed[2]) && same(o.score[5], computed[5]));

    memset(&row, 0, sizeof row);
    row.struct_size = sizeof row;
    memset(&effect, 0, sizeof effect);
    effect.struct_size = sizeof effect;
    /* the score override applies; both values are kept */
    CHECK_OK(vitals_override_report_row(report, 0, &row));
    CHECK(row.row == 1 && row.score_overridden == 1 && row.effect_count == 1);
    CHECK(same(row.computed_score, computed[1]) && row.score == 65 && o.score[1] == 65);
    CHECK(row.computed_band == 0 && row.band == 1 && o.band[1] == 1);
    CHECK_OK(vitals_override_report_effect(report, 0, 0, &effect));
    CHECK(effect.entry == 0 && effect.state == VITALS_OVERRIDE_APPLIED && effect.measure == VITALS_OVERRIDE_SCORE);
    CHECK(same(effect.computed, computed[1]) && effect.value == 65);
    /* expired yesterday: lapsed, the computed score stands */
    CHECK_OK(vitals_override_report_row(report, 1, &row));
    CHECK(row.row == 3 && row.score_overridden == 0 && same(row.score, computed[3]) && same(o.score[3], computed[3]));
    CHECK_OK(vitals_override_report_effect(report, 1, 0, &effect));
    CHECK(effect.entry == 2 && effect.state == VITALS_OVERRIDE_LAPSED && effect.value == 95);
    /* the measure override expires today, so it applies: re-scored with the sponsor at 100 */
    CHECK_OK(vitals_override_report_row(report, 2, &row));
    CHECK(row.row == 4 && row.score_overridden == 0);
    CHECK_OK(vitals_override_report_effect(report, 2, 0, &effect));
    CHECK(effect.state == VITALS_OVERRIDE_APPLIED && effect.measure == 2 && effect.computed == 0 && effect.value == 100);
    CHECK(fabs(row.score - (0.0 + 20.0 / 70.0 + 1.0) / 3 * 100) < 1e-9);
    CHECK(fabs(row.computed_score - (0.0 + 20.0 / 70.0 + 0.0) / 3 * 100) < 1e-9);
    CHECK(same(o.score[4], row.score) && fabs(o.contributions[4 * 3 + 2] - 100.0 / 3) < 1e-9);
    CHECK_FAILS(vitals_override_report_effect(report, 2, 1, &effect), VITALS_ERR_OUT_OF_RANGE, "effect: 1 is not in [0, 1)");
    CHECK_FAILS(vitals_override_report_row(report, 3, &row), VITALS_ERR_OUT_OF_RANGE, "index: 3 is not in [0, 3)");
    vitals_override_report_destroy(report);
    report = NULL;

    /* the same book on one card: the SMB card has no executive_sponsor measure */
    {
        vitals_scorecard* smb = NULL;
        CHECK_OK(vitals_scorecard_set_card(set, 0, &smb));
        CHECK_FAILS(vitals_override_book_validate(book, smb), VITALS_ERR_UNKNOWN_COLUMN,
                    "overrides.csv:3: column target: unknown measure \"executive_sponsor\" for account \"A-005\"");
        outputs_init(&o, 2);
        CHECK_OK(vitals_scorecard_score(smb, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS, NULL,
                                        &o.out));
        CHECK_FAILS(vitals_override_book_apply(book, smb, as_of, ids, ROWS, data, VITALS_DTYPE_FLOAT64, ROWS, COLS,
                                               COLS, 1, columns, COLS, NULL, &o.out, &report),
                    VITALS_ERR_UNKNOWN_COLUMN, "row 4: account \"A-005\": overrides.csv:3: column target");
        CHECK(report == NULL);
        /* a day later the measure override has lapsed, but its target is still checked */
        CHECK_FAILS(vitals_override_book_apply(book, smb, as_of + 1, ids, ROWS, data, VITALS_DTYPE_FLOAT64, ROWS,
                                               COLS, COLS, 1, columns, COLS, NULL, &o.out, &report),
                    VITALS_ERR_UNKNOWN_COLUMN, "unknown measure");
        CHECK_FAILS(vitals_override_book_apply(book, smb, as_of, ids, ROWS - 1, data, VITALS_DTYPE_FLOAT64, ROWS,
                                               COLS, COLS, 1, columns, COLS, NULL, &o.out, &report),
                    VITALS_ERR_SHAPE_MISMATCH, "ids: 5 for 6 rows");
        vitals_scorecard_destroy(smb);
    }

    /* row problems: bad date (row and column), value out of range, unknown text, clashes */
    CHECK_FAILS(vitals_override_book_add_text(book, "A-001", "score", "50", "why", "who", "2026-13-01",
                                              "overrides.csv:9"),
                VITALS_ERR_PARSE, "overrides.csv:9: column expires: \"2026-13-01\" is not a date (YYYY-MM-DD): month 13");
    CHECK_FAILS(vitals_override_book_add_text(book, "A-001", "score", "101", "why", "who", "2026-12-01", "r:10"),
                VITALS_ERR_INVALID_ARGUMENT, "r:10: column value: 101 is not in 0-100");
    CHECK_FAILS(vitals_override_book_add(book, "A-001", "score", -1, "why", "who", as_of, NULL),
                VITALS_ERR_INVALID_ARGUMENT, "override #3 (account \"A-001\"): column value");
    CHECK_FAILS(vitals_override_book_add(book, "A-001", "score", 50, "", "who", as_of, NULL),
                VITALS_ERR_INVALID_ARGUMENT, "column reason: must not be empty");
    CHECK_FAILS(vitals_override_book_add(book, NULL, "score", 50, "why", "who", as_of, NULL),
                VITALS_ERR_INVALID_ARGUMENT, "account_id is NULL");
    CHECK_OK(vitals_override_book_count(book, &n));
    CHECK(n == 3);
    CHECK_OK(vitals_override_book_add(book, "A-002", "score", 70, "second opinion", "lee", as_of, "overrides.csv:5"));
    CHECK_FAILS(vitals_override_book_check_conflicts(book, as_of), VITALS_ERR_INVALID_ARGUMENT,
                "overrides.csv:5: account \"A-002\" has two active overrides of \"score\" on 2026-11-23");
    outputs_init(&o, 3);
    CHECK_OK(vitals_scorecard_set_score(set, data, VITALS_DTYPE_FLOAT64, ROWS, COLS, COLS, 1, columns, COLS,
                                        segments, ROWS, ids, NULL, &o.out, o.card, ROWS));
    CHECK_FAILS(vitals_override_book_apply_set(book, set, as_of, ids, ROWS, data, VITALS_DTYPE_FLOAT64, ROWS, COLS,
                                               COLS, 1, columns, COLS, o.card, ROWS, NULL, &o.out, &report),
                VITALS_ERR_INVALID_ARGUMENT, "row 1: account \"A-002\": overrides.csv:5: account \"A-002\" has two");
    CHECK_OK(vitals_override_book_check_conflicts(book, as_of + 1)); /* the one of row 5 lapses tonight */
    CHECK_FAILS(vitals_override_book_create(NULL), VITALS_ERR_INVALID_ARGUMENT, "book: the out-pointer is NULL");
    entry.struct_size = 4;
    CHECK_FAILS(vitals_override_book_entry(book, 0, &entry), VITALS_ERR_INVALID_ARGUMENT, "entry->struct_size: 4");
    vitals_override_book_destroy(book);
    vitals_override_book_destroy(NULL);
    vitals_override_report_destroy(NULL);
    vitals_scorecard_set_destroy(set);
}

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <tests/data dir>\n", argv[0]);
        return 2;
    }
    fill();
    if (sizeof(void*) == 8) test_layout(); /* offsets as on LP64 targets */
    test_dates();
    test_set_files(argv[1]);
    test_overrides(argv[1]);
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("C ABI (accounts): all checks passed\n");
    return 0;
}
