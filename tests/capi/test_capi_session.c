/* The account session of the C ABI (vitals_session_*) from a C99 host, on docs/examples: the book
 * (accounts.csv) scored by the segment set (segments.json) with every side file (history, previous
 * scores, surveys, overrides), against an independent composition of the building blocks
 * (vitals_trend_compute, vitals_survey_measures, vitals_scorecard_set_score,
 * vitals_override_book_apply_set, vitals_score_trend_compute, vitals_scorecard_evaluate_alerts,
 * vitals_portfolio_classify), joined by account id here; every output column must be equal, bit
 * for bit. Then: strided, Fortran-order and float32 tables and a chunked book give the same
 * results; side-input accounts not in the book are listed; bad input fails with a message naming
 * the C argument or the row. Every handle is freed.
 * With a second argument, the CSV `vitals score` wrote for the same inputs, every column is
 * compared with the CLI's too.
 * With --random-book, a book from `vitals sample` (100,000 accounts in the test suite) is compared
 * with `vitals score` the same way.
 * Usage: test_capi_session <docs/examples dir> [vitals score output.csv]
 *        test_capi_session --random-book <dir> <scorecard set> <as-of> <vitals score output.csv> */
#include "vitals/vitals.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int same(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

/* ---- a small CSV reader (quoted fields with "" escapes; no newlines inside fields) ------------ */
/* The file is read whole and split in place: cells point into it. */
typedef struct {
    int rows, cols; /* rows without the header */
    char* text;
    char* header[64];
    char** cells;   /* rows x cols */
} csv;

static char empty_cell[1] = "";

/* Splits the NUL-terminated line at `p` in place into at most `max` fields. */
static int split(char* p, char** out, int max) {
    int n = 0;
    for (;;) {
        char* start = p;
        char* w = p;
        if (*p == '"') {
            ++p;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"') ++p; /* "" */
                *w++ = *p++;
            }
            if (*p == '"') ++p;
        } else {
            while (*p && *p != ',') *w++ = *p++;
        }
        {
            const int more = *p == ',';
            *w = '\0';
            if (n < max) out[n++] = start;
            if (!more) break;
            ++p;
        }
    }
    return n;
}

static int csv_read(const char* path, csv* t) {
    FILE* f = fopen(path, "rb");
    long size;
    size_t cap = 1024;
    char* line;
    memset(t, 0, sizeof *t);
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        if (f) fclose(f);
        return 0;
    }
    t->text = (char*)malloc((size_t)size + 1);
    if (t->text == NULL || fread(t->text, 1, (size_t)size, f) != (size_t)size) exit(2);
    t->text[size] = '\0';
    fclose(f);
    t->cells = (char**)malloc(cap * sizeof(char*));
    for (line = t->text; *line;) {
        char* end = line + strcspn(line, "\n");
        char* next = *end ? end + 1 : end;
        *end = '\0';
        if (end > line && end[-1] == '\r') end[-1] = '\0';
        if (t->cols == 0) {
            t->cols = split(line, t->header, 64);
        } else if (*line) {
            char* fields[64];
            int k, n = split(line, fields, 64);
            if ((size_t)(t->rows + 1) * (size_t)t->cols > cap) {
                while ((size_t)(t->rows + 1) * (size_t)t->cols > cap) cap *= 2;
                t->cells = (char**)realloc(t->cells, cap * sizeof(char*));
                if (t->cells == NULL) exit(2);
            }
            for (k = 0; k < t->cols; ++k) t->cells[(size_t)t->rows * (size_t)t->cols + (size_t)k] = k < n ? fields[k] : empty_cell;
            ++t->rows;
        }
        line = next;
    }
    return 1;
}

static const char* cell(const csv* t, int r, int c) { return t->cells[(size_t)r * (size_t)t->cols + (size_t)c]; }

static int column_of(const csv* t, const char* name) {
    int c;
    for (c = 0; c < t->cols; ++c)
        if (strcmp(t->header[c], name) == 0) return c;
    fprintf(stderr, "no column %s\n", name);
    exit(2);
}

static double number(const char* s) { return *s == '\0' ? NAN : strtod(s, NULL); }

static void csv_free(csv* t) {
    free(t->cells);
    free(t->text);
}

/* ---- the book and its side inputs, as arrays ---------------------------------------------------- */
#define MAXC 32
typedef struct {
    int n, m;                  /* accounts, numeric columns */
    const char** ids;
    const char** segments;
    const char* names[MAXC];
    double* colmajor;          /* n x m, column j at [j * n] */
    csv file;
} book_data;

typedef struct {
    csv hist, prev, surv, over;
    /* history as a table: rows x metrics (row-major) */
    int hn, hm;
    const char** hids;
    const char** hperiods;
    const char* hnames[MAXC];
    double* hvalues;
    /* previous scores */
    const char** pids;
    const char** pperiods;
    const char** palerts;
    double* pscores;
    /* surveys */
    const char** sids;
    const char** sroles;
    double* sanswers;
} sides;

static void load_book(const char* dir, book_data* b) {
    char path[1024];
    int c, r, j = 0;
    int id_col, seg_col;
    snprintf(path, sizeof path, "%s/accounts.csv", dir);
    if (!csv_read(path, &b->file)) exit(2);
    id_col = column_of(&b->file, "account_id");
    seg_col = column_of(&b->file, "segment");
    b->n = b->file.rows;
    for (c = 0; c < b->file.cols; ++c)
        if (c != id_col && c != seg_col && strcmp(b->file.header[c], "parent_id") != 0) b->names[j++] = b->file.header[c];
    b->m = j;
    b->colmajor = (double*)malloc((size_t)b->n * (size_t)b->m * sizeof(double));
    b->ids = (const char**)malloc((size_t)b->n * sizeof(char*));
    b->segments = (const char**)malloc((size_t)b->n * sizeof(char*));
    for (r = 0; r < b->n; ++r) {
        b->ids[r] = cell(&b->file, r, id_col);
        b->segments[r] = cell(&b->file, r, seg_col);
        for (j = 0; j < b->m; ++j) b->colmajor[(size_t)j * (size_t)b->n + (size_t)r] = number(cell(&b->file, r, column_of(&b->file, b->names[j])));
    }
}

/* Side files, plus one row each for an account the book does not hold ("GHOST-*"). */
static void load_sides(const char* dir, sides* s) {
    char path[1024];
    int r, j;
    snprintf(path, sizeof path, "%s/history.csv", dir);
    if (!csv_read(path, &s->hist)) exit(2);
    snprintf(path, sizeof path, "%s/previous.csv", dir);
    if (!csv_read(path, &s->prev)) exit(2);
    snprintf(path, sizeof path, "%s/surveys.csv", dir);
    if (!csv_read(path, &s->surv)) exit(2);
    snprintf(path, sizeof path, "%s/overrides.csv", dir);
    if (!csv_read(path, &s->over)) exit(2);

    s->hn = s->hist.rows + 1;
    s->hm = s->hist.cols - 2;
    s->hids = (const char**)malloc((size_t)s->hn * sizeof(char*));
    s->hperiods = (const char**)malloc((size_t)s->hn * sizeof(char*));
    s->hvalues = (double*)malloc((size_t)s->hn * (size_t)s->hm * sizeof(double));
    for (j = 0; j < s->hm; ++j) s->hnames[j] = s->hist.header[j + 2];
    for (r = 0; r < s->hist.rows; ++r) {
        s->hids[r] = cell(&s->hist, r, 0);
        s->hperiods[r] = cell(&s->hist, r, 1);
        for (j = 0; j < s->hm; ++j) s->hvalues[(size_t)r * (size_t)s->hm + (size_t)j] = number(cell(&s->hist, r, j + 2));
    }
    s->hids[r] = "GHOST-history";
    s->hperiods[r] = "2026-01";
    for (j = 0; j < s->hm; ++j) s->hvalues[(size_t)r * (size_t)s->hm + (size_t)j] = 1.0;

    s->pids = (const char**)malloc((size_t)(s->prev.rows + 1) * sizeof(char*));
    s->pperiods = (const char**)malloc((size_t)(s->prev.rows + 1) * sizeof(char*));
    s->palerts = (const char**)malloc((size_t)(s->prev.rows + 1) * sizeof(char*));
    s->pscores = (double*)malloc((size_t)(s->prev.rows + 1) * sizeof(double));
    for (r = 0; r < s->prev.rows; ++r) {
        s->pids[r] = cell(&s->prev, r, column_of(&s->prev, "account_id"));
        s->pperiods[r] = cell(&s->prev, r, column_of(&s->prev, "period"));
        s->pscores[r] = number(cell(&s->prev, r, column_of(&s->prev, "score")));
        s->palerts[r] = cell(&s->prev, r, column_of(&s->prev, "alerts"));
    }
    s->pids[r] = "GHOST-previous";
    s->pperiods[r] = "2026-10";
    s->pscores[r] = 50;
    s->palerts[r] = "";

    s->sids = (const char**)malloc((size_t)(s->surv.rows + 1) * sizeof(char*));
    s->sroles = (const char**)malloc((size_t)(s->surv.rows + 1) * sizeof(char*));
    s->sanswers = (double*)malloc((size_t)(s->surv.rows + 1) * sizeof(double));
    for (r = 0; r < s->surv.rows; ++r) {
        s->sids[r] = cell(&s->surv, r, column_of(&s->surv, "account_id"));
        s->sroles[r] = cell(&s->surv, r, column_of(&s->surv, "role"));
        s->sanswers[r] = number(cell(&s->surv, r, column_of(&s->surv, "answer")));
    }
    s->sids[r] = "GHOST-surveys";
    s->sroles[r] = "vp";
    s->sanswers[r] = 9;
}

static void free_sides(sides* s) {
    csv_free(&s->hist);
    csv_free(&s->prev);
    csv_free(&s->surv);
    csv_free(&s->over);
    free((void*)s->hids);
    free((void*)s->hperiods);
    free(s->hvalues);
    free((void*)s->pids);
    free((void*)s->pperiods);
    free((void*)s->palerts);
    free(s->pscores);
    free((void*)s->sids);
    free((void*)s->sroles);
    free(s->sanswers);
}

static vitals_override_book* load_overrides(const sides* s) {
    vitals_override_book* book = NULL;
    int r;
    char origin[64];
    CHECK_OK(vitals_override_book_create(&book));
    for (r = 0; r < s->over.rows; ++r) {
        snprintf(origin, sizeof origin, "overrides.csv:%d", r + 2);
        CHECK_OK(vitals_override_book_add_text(book, cell(&s->over, r, 0), cell(&s->over, r, 1), cell(&s->over, r, 2),
                                               cell(&s->over, r, 3), cell(&s->over, r, 4), cell(&s->over, r, 5), origin));
    }
    CHECK_OK(vitals_override_book_add(book, "GHOST-overrides", "score", 10, "not in the book", "test", 30000, "ghost"));
    return book;
}

/* The book's row of an account id, or -1 (linear search over 1,000 ids, with a one-entry cache:
 * side files list an account's rows together). */
static int row_of(const book_data* b, const char* id) {
    static int last = 0;
    int r;
    if (last < b->n && strcmp(b->ids[last], id) == 0) return last;
    for (r = 0; r < b->n; ++r)
        if (strcmp(b->ids[r], id) == 0) return last = r;
    return -1;
}

static int cmp_str(const void* a, const void* b) { return strcmp(*(const char* const*)a, *(const char* const*)b); }

/* Distinct labels in text order (the docs' periods are all "YYYY-MM": not numbers). */
static int distinct_sorted(const char** labels, int n, const char** out) {
    int i, k = 0;
    for (i = 0; i < n; ++i) out[i] = labels[i];
    qsort((void*)out, (size_t)n, sizeof(char*), cmp_str);
    for (i = 0; i < n; ++i)
        if (k == 0 || strcmp(out[k - 1], out[i]) != 0) out[k++] = out[i];
    return k;
}

static int index_of(const char** labels, int n, const char* s) {
    int i;
    for (i = 0; i < n; ++i)
        if (strcmp(labels[i], s) == 0) return i;
    return -1;
}

/* Whether "a;b; c" names `name`. */
static int lists(const char* list, const char* name) {
    size_t n = strlen(name);
    const char* p = list;
    while (*p) {
        const char* end = strchr(p, ';');
        const char* a = p;
        const char* z = end ? end : p + strlen(p);
        while (a < z && *a == ' ') ++a;
        while (z > a && z[-1] == ' ') --z;
        if ((size_t)(z - a) == n && strncmp(a, name, n) == 0) return 1;
        if (!end) break;
        p = end + 1;
    }
    return 0;
}

/* ---- what a session gives, column by column ----------------------------------------------------- */
#define N 1000
#define K 3
#define MAXM 32
#define MAXTEXT 600000
typedef struct {
    int64_t rows;
    double score[N], coverage[N], computed[N], change[N], value[N], at_risk[N], points_lost[N * MAXM];
    int32_t band[N], status[N], drivers[N * K], card[N], override_[N], direction[N], alerts[N], held[N], quadrant[N];
    int32_t priority[N];
    char alerts_text[MAXTEXT], override_text[MAXTEXT], band_text[MAXTEXT], drivers_text[MAXTEXT];
} outcome;

static void read_result(const vitals_session_result* r, outcome* o, int64_t max_measures) {
    int64_t w = 0;
    size_t needed = 0;
    memset(o, 0, sizeof *o);
    CHECK_OK(vitals_session_result_row_count(r, &o->rows));
    CHECK(o->rows <= N);
    if (o->rows > N) return;
    CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_SCORE, o->score, N));
    CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_COVERAGE, o->coverage, N));
    CHECK_OK(vitals_session_result_width(r, VITALS_COLUMN_POINTS_LOST, &w));
    CHECK(w == max_measures);
    CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_POINTS_LOST, o->points_lost, N * MAXM));
    CHECK_OK(vitals_session_result_width(r, VITALS_COLUMN_DRIVERS, &w));
    CHECK(w == K);
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_DRIVERS, o->drivers, N * K));
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_BAND, o->band, N));
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_STATUS, o->status, N));
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_CARD, o->card, N));
    CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_COMPUTED_SCORE, o->computed, N));
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_OVERRIDE, o->override_, N));
    CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_CHANGE, o->change, N));
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_DIRECTION, o->direction, N));
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_ALERTS, o->alerts, N));
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_ALERTS_HELD, o->held, N));
    CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_VALUE, o->value, N));
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_QUADRANT, o->quadrant, N));
    CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_AT_RISK, o->at_risk, N));
    CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_PRIORITY, o->priority, N));
    CHECK_OK(vitals_session_result_texts(r, VITALS_COLUMN_ALERTS, o->alerts_text, MAXTEXT, &needed));
    CHECK_OK(vitals_session_result_texts(r, VITALS_COLUMN_OVERRIDE, o->override_text, MAXTEXT, &needed));
    CHECK_OK(vitals_session_result_texts(r, VITALS_COLUMN_BAND, o->band_text, MAXTEXT, &needed));
    CHECK_OK(vitals_session_result_texts(r, VITALS_COLUMN_DRIVERS, o->drivers_text, MAXTEXT, &needed));
}

/* The k-th NUL-terminated text of a vitals_session_result_texts buffer. */
static const char* nth_text(const char* texts, int64_t k) {
    while (k-- > 0) texts += strlen(texts) + 1;
    return texts;
}

/* Two outcomes equal in every column (first `rows` rows of b from row `at` of a). */
static int same_outcome(const outcome* a, const outcome* b, int64_t at, int64_t max_measures) {
    int64_t i, k, bad = 0;
    for (i = 0; i < b->rows; ++i) {
        const int64_t j = at + i;
        bad += !same(a->score[j], b->score[i]) || !same(a->coverage[j], b->coverage[i]) ||
               !same(a->computed[j], b->computed[i]) || !same(a->change[j], b->change[i]) ||
               !same(a->value[j], b->value[i]) || !same(a->at_risk[j], b->at_risk[i]) || a->band[j] != b->band[i] ||
               a->status[j] != b->status[i] ||
               a->card[j] != b->card[i] || a->override_[j] != b->override_[i] || a->direction[j] != b->direction[i] ||
               a->alerts[j] != b->alerts[i] || a->held[j] != b->held[i] || a->quadrant[j] != b->quadrant[i] ||
               strcmp(nth_text(a->alerts_text, j), nth_text(b->alerts_text, i)) != 0 ||
               strcmp(nth_text(a->override_text, j), nth_text(b->override_text, i)) != 0;
        for (k = 0; k < K; ++k) bad += a->drivers[j * K + k] != b->drivers[i * K + k];
        for (k = 0; k < max_measures; ++k) bad += !same(a->points_lost[j * max_measures + k], b->points_lost[i * max_measures + k]);
    }
    return bad == 0;
}

static book_data book;
static sides side;
static outcome got, again;
static int32_t as_of;

static vitals_session_options session_options(void) {
    vitals_session_options o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.as_of_set = 1;
    o.as_of = as_of;
    o.threads = 2;
    return o;
}

static vitals_table book_table(const double* data, vitals_dtype dtype, int64_t rows, int64_t row_stride,
                               int64_t col_stride) {
    vitals_table t;
    memset(&t, 0, sizeof t);
    t.struct_size = sizeof t;
    t.data = data;
    t.dtype = dtype;
    t.rows = rows;
    t.cols = book.m;
    t.row_stride = row_stride;
    t.col_stride = col_stride;
    t.columns = book.names;
    t.n_columns = book.m;
    t.ids = book.ids;
    t.segments = book.segments;
    t.source = "accounts.csv";
    return t;
}

/* A session with every side input. */
static vitals_session* full_session(const vitals_scorecard_set* set, vitals_override_book* overrides) {
    vitals_session* s = NULL;
    vitals_session_options o = session_options();
    vitals_table h;
    CHECK_OK(vitals_session_create(set, &o, &s));
    if (s == NULL) return NULL;
    memset(&h, 0, sizeof h);
    h.struct_size = sizeof h;
    h.data = side.hvalues;
    h.rows = side.hn;
    h.cols = side.hm;
    h.row_stride = side.hm;
    h.col_stride = 1;
    h.columns = side.hnames;
    h.n_columns = side.hm;
    h.ids = side.hids;
    CHECK_OK(vitals_session_set_history(s, &h, side.hperiods, side.hn, "history.csv"));
    CHECK_OK(vitals_session_set_previous(s, side.pids, side.pperiods, side.pscores, side.palerts, side.prev.rows + 1,
                                         "previous.csv"));
    CHECK_OK(vitals_session_set_surveys(s, side.sids, side.sroles, side.sanswers, side.surv.rows + 1, "surveys.csv"));
    CHECK_OK(vitals_session_set_overrides(s, overrides, "overrides.csv"));
    return s;
}

/* ---- the independent composition ---------------------------------------------------------------- */
#define MAXD 16
static double frame[N * (MAXC + MAXD)];
static const char* frame_names[MAXC + MAXD];
static double ref_score[N], ref_coverage[N], ref_computed[N], ref_points[N * MAXM], ref_change[N];
static int32_t ref_band[N], ref_status[N], ref_drivers[N * K], ref_card[N], ref_direction[N], ref_quadrant[N];
static int32_t ref_priority[N];
static double ref_at_risk[N];
static int32_t ref_override[N], ref_fired[N], ref_held[N];
static char ref_alert_text[N][256];
static double prev_matrix[N * 64];
static int32_t since[N * 16], outcome_buf[N * 16];

static void compare_with_composition(const vitals_scorecard_set* set, vitals_override_book* overrides,
                                     int64_t max_measures) {
    const char* periods[16000];
    const char* pperiods[4000];
    int P = 0, Q = 0, i, j, d = 0, C;
    int64_t cards = 0, c, t, count = 0;
    int has_survey[N];
    vitals_score_options opt;
    vitals_score_output out;
    vitals_override_report* report = NULL;
    int64_t report_rows = 0;

    /* the book's columns, then the derived ones: row-major frame */
    for (j = 0; j < book.m; ++j) frame_names[j] = book.names[j];
    C = book.m;
    CHECK_OK(vitals_scorecard_set_card_count(set, &cards));
    /* trends from the history: one accounts x periods matrix per trend's metric */
    P = distinct_sorted(side.hperiods, side.hn, periods);
    {
        static double hist[N * 64];
        static double trend[N];
        const char* seen_trends[MAXD];
        int n_seen = 0;
        for (c = 0; c < cards; ++c) {
            vitals_scorecard* card = NULL;
            int64_t n_trends = 0;
            CHECK_OK(vitals_scorecard_set_card(set, c, &card));
            CHECK_OK(vitals_scorecard_trend_count(card, &n_trends));
            for (t = 0; t < n_trends; ++t) {
                const char *name = NULL, *metric = NULL;
                int32_t kind = 0;
                int64_t window = 0;
                int metric_col, r, dup = 0, k;
                CHECK_OK(vitals_scorecard_trend_info(card, t, &name, &metric, &kind, &window));
                for (k = 0; k < n_seen; ++k) dup |= strcmp(seen_trends[k], name) == 0;
                if (dup) continue;
                seen_trends[n_seen++] = name;
                metric_col = index_of(side.hnames, side.hm, metric);
                CHECK(metric_col >= 0 && P <= 64);
                for (i = 0; i < N * 64; ++i) hist[i] = NAN;
                for (r = 0; r < side.hn; ++r) {
                    const int row = row_of(&book, side.hids[r]);
                    if (row >= 0) hist[row * P + index_of(periods, P, side.hperiods[r])] = side.hvalues[r * side.hm + metric_col];
                }
                CHECK_OK(vitals_trend_compute(kind, hist, VITALS_DTYPE_FLOAT64, book.n, P, P, 1, window, trend, N));
                frame_names[C + d] = name;
                for (i = 0; i < book.n; ++i) frame[i * (MAXC + MAXD) + C + d] = trend[i];
                ++d;
            }
            vitals_scorecard_destroy(card);
        }
    }
    /* survey measures (an account without survey rows has none: every survey column missing) */
    {
        static int64_t account[8000];
        static int32_t role[8000];
        static double answer[8000], block[N * VITALS_SURVEY_COLUMN_COUNT];
        int rows = 0, r, k;
        for (i = 0; i < N; ++i) has_survey[i] = 0;
        for (r = 0; r < side.surv.rows + 1; ++r) {
            const int row = row_of(&book, side.sids[r]);
            if (row < 0) continue;
            account[rows] = row;
            CHECK_OK(vitals_survey_parse_role(side.sroles[r], VITALS_NUL_TERMINATED, &role[rows]));
            answer[rows] = side.sanswers[r];
            has_survey[row] = 1;
            ++rows;
        }
        CHECK_OK(vitals_survey_measures(book.n, account, role, answer, rows, NULL, block, N * VITALS_SURVEY_COLUMN_COUNT));
        for (k = 0; k < VITALS_SURVEY_COLUMN_COUNT; ++k) {
            CHECK_OK(vitals_survey_column_name(k, &frame_names[C + d]));
            for (i = 0; i < book.n; ++i)
                frame[i * (MAXC + MAXD) + C + d] = has_survey[i] ? block[k * book.n + i] : NAN;
            ++d;
        }
    }
    for (i = 0; i < book.n; ++i)
        for (j = 0; j < book.m; ++j) frame[i * (MAXC + MAXD) + j] = book.colmajor[j * book.n + i];
    C += d;

    /* score with each row's card, then the overrides */
    memset(&opt, 0, sizeof opt);
    opt.struct_size = sizeof opt;
    opt.threads = 1;
    memset(&out, 0, sizeof out);
    out.struct_size = sizeof out;
    out.score = ref_score;
    out.score_length = N;
    out.band = ref_band;
    out.band_length = N;
    out.coverage = ref_coverage;
    out.coverage_length = N;
    out.status = ref_status;
    out.status_length = N;
    out.points_lost = ref_points;
    out.points_lost_length = N * MAXM;
    out.drivers = ref_drivers;
    out.drivers_length = N * K;
    CHECK_OK(vitals_scorecard_set_score(set, frame, VITALS_DTYPE_FLOAT64, book.n, C, MAXC + MAXD, 1, frame_names, C,
                                        book.segments, book.n, book.ids, &opt, &out, ref_card, N));
    for (i = 0; i < book.n; ++i) {
        ref_computed[i] = ref_score[i];
        ref_override[i] = VITALS_NO_OVERRIDE;
    }
    CHECK_OK(vitals_override_book_apply_set(overrides, set, as_of, book.ids, book.n, frame, VITALS_DTYPE_FLOAT64,
                                            book.n, C, MAXC + MAXD, 1, frame_names, C, ref_card, N, &opt, &out,
                                            &report));
    CHECK_OK(vitals_override_report_row_count(report, &report_rows));
    CHECK(report_rows >= 3); /* the docs' overrides: three accounts in the book */
    for (t = 0; t < report_rows; ++t) {
        vitals_overridden_row row;
        int64_t e;
        row.struct_size = sizeof row;
        CHECK_OK(vitals_override_report_row(report, t, &row));
        ref_computed[row.row] = row.computed_score;
        ref_override[row.row] = VITALS_OVERRIDE_LAPSED;
        for (e = 0; e < row.effect_count; ++e) {
            vitals_override_effect eff;
            eff.struct_size = sizeof eff;
            CHECK_OK(vitals_override_report_effect(report, t, e, &eff));
            if (eff.state == VITALS_OVERRIDE_APPLIED) ref_override[row.row] = VITALS_OVERRIDE_APPLIED;
        }
    }
    vitals_override_report_destroy(report);

    /* previous scores: accounts x periods, oldest first */
    Q = distinct_sorted(side.pperiods, side.prev.rows + 1, pperiods);
    CHECK(Q <= 64);
    for (i = 0; i < N * 64; ++i) prev_matrix[i] = NAN;
    for (t = 0; t < side.prev.rows + 1; ++t) {
        const int row = row_of(&book, side.pids[t]);
        if (row >= 0) prev_matrix[row * Q + index_of(pperiods, Q, side.pperiods[t])] = side.pscores[t];
    }

    /* per card: score trend, alerts */
    for (i = 0; i < N; ++i) {
        ref_fired[i] = ref_held[i] = 0;
        ref_alert_text[i][0] = '\0';
    }
    for (c = 0; c < cards; ++c) {
        vitals_scorecard* card = NULL;
        static double change[N];
        static int32_t direction[N];
        double dead_band = 0;
        int64_t window = 0, R = 0, a;
        vitals_alert_input in;
        vitals_alert_output ao;
        CHECK_OK(vitals_scorecard_set_card(set, c, &card));
        CHECK_OK(vitals_scorecard_score_trend_settings(card, &dead_band, &window));
        CHECK_OK(vitals_score_trend_compute(ref_score, book.n, prev_matrix, Q, Q, 1, dead_band, window, change, N,
                                            direction, N));
        for (i = 0; i < book.n; ++i)
            if (ref_card[i] == c) {
                ref_change[i] = change[i];
                ref_direction[i] = direction[i];
            }
        CHECK_OK(vitals_scorecard_alert_count(card, &R));
        CHECK(R <= 16);
        /* cooldowns: periods since each alert last fired, from the previous scores' alert lists */
        for (i = 0; i < book.n; ++i)
            for (a = 0; a < R; ++a) since[i * R + a] = -1;
        for (a = 0; a < R; ++a) {
            const char* name = NULL;
            CHECK_OK(vitals_scorecard_alert_name(card, a, &name));
            for (t = 0; t < side.prev.rows + 1; ++t) {
                const int row = row_of(&book, side.pids[t]);
                if (row >= 0 && lists(side.palerts[t], name)) {
                    const int32_t ago = Q - index_of(pperiods, Q, side.pperiods[t]);
                    if (since[row * R + a] < 0 || ago < since[row * R + a]) since[row * R + a] = ago;
                }
            }
        }
        memset(&in, 0, sizeof in);
        in.struct_size = sizeof in;
        in.values = frame;
        in.rows = book.n;
        in.cols = C;
        in.row_stride = MAXC + MAXD;
        in.col_stride = 1;
        in.columns = frame_names;
        in.n_columns = C;
        in.score = ref_score;
        in.score_length = book.n;
        in.previous = prev_matrix;
        in.periods = Q;
        in.previous_row_stride = Q;
        in.previous_col_stride = 1;
        in.since_fired = since;
        in.since_fired_length = book.n * R;
        in.allow_absent_columns = 1;
        memset(&ao, 0, sizeof ao);
        ao.struct_size = sizeof ao;
        ao.outcome = outcome_buf;
        ao.outcome_length = N * 16;
        if (R > 0) CHECK_OK(vitals_scorecard_evaluate_alerts(card, &in, &ao));
        for (i = 0; i < book.n && R > 0; ++i) {
            int32_t sev;
            if (ref_card[i] != c) continue;
            for (sev = VITALS_SEVERITY_CRITICAL; sev >= VITALS_SEVERITY_INFO; --sev)
                for (a = 0; a < R; ++a) {
                    int32_t s = 0;
                    const char* name = NULL;
                    CHECK_OK(vitals_scorecard_alert_severity(card, a, &s));
                    if (s != sev) continue;
                    if (outcome_buf[i * R + a] == VITALS_ALERT_SUPPRESSED) ++ref_held[i];
                    if (outcome_buf[i * R + a] != VITALS_ALERT_FIRED) continue;
                    ++ref_fired[i];
                    CHECK_OK(vitals_scorecard_alert_name(card, a, &name));
                    if (ref_alert_text[i][0] != '\0') strcat(ref_alert_text[i], ";");
                    strcat(ref_alert_text[i], name);
                }
        }
        vitals_scorecard_destroy(card);
    }

    /* quadrants: the book's high-value cut-off (top 50 % of revenue), each card's health threshold */
    {
        static double arr[N], sub_arr[N], sub_score[N];
        static int32_t sub_q[N];
        int arr_col = index_of(book.names, book.m, "arr");
        vitals_quadrant_summary summary;
        vitals_quadrant_rule rule;
        CHECK(arr_col >= 0);
        for (i = 0; i < book.n; ++i) arr[i] = book.colmajor[arr_col * book.n + i];
        summary.struct_size = sizeof summary;
        CHECK_OK(vitals_portfolio_classify(arr, ref_score, book.n, NULL, NULL, 0, &summary));
        CHECK(summary.value_cutoff > 0 && isfinite(summary.value_cutoff));
        for (c = 0; c < cards; ++c) {
            vitals_scorecard* card = NULL;
            int n = 0;
            CHECK_OK(vitals_scorecard_set_card(set, c, &card));
            memset(&rule, 0, sizeof rule);
            rule.struct_size = sizeof rule;
            rule.value_rule = VITALS_VALUE_ARR_CUTOFF;
            rule.arr_cutoff = summary.value_cutoff;
            rule.health_threshold_set = 1;
            CHECK_OK(vitals_scorecard_health_threshold(card, &rule.health_threshold));
            for (i = 0; i < book.n; ++i)
                if (ref_card[i] == c) {
                    sub_arr[n] = arr[i];
                    sub_score[n] = ref_score[i];
                    ++n;
                }
            CHECK_OK(vitals_portfolio_classify(sub_arr, sub_score, n, &rule, sub_q, N, NULL));
            n = 0;
            for (i = 0; i < book.n; ++i)
                if (ref_card[i] == c) ref_quadrant[i] = sub_q[n++];
            vitals_scorecard_destroy(card);
        }
        /* the assessment list of the table: revenue at risk, each row's place in the order */
        {
            static int64_t order[N];
            static double risk[N];
            vitals_priority_summary ps;
            ps.struct_size = sizeof ps;
            CHECK_OK(vitals_portfolio_prioritise(arr, ref_score, book.n, NULL, order, risk, N, &ps));
            CHECK(ps.listed > book.n / 2);
            for (i = 0; i < book.n; ++i) {
                ref_priority[i] = 0;
                ref_at_risk[i] = arr[i] * (100.0 - ref_score[i]) / 100.0;
            }
            for (i = 0; i < ps.listed; ++i) ref_priority[order[i]] = (int32_t)(i + 1);
        }
    }

    /* every column, every row */
    {
        int bad_score = 0, bad_band = 0, bad_cov = 0, bad_status = 0, bad_drivers = 0, bad_points = 0, bad_card = 0;
        int bad_computed = 0, bad_override = 0, bad_change = 0, bad_dir = 0, bad_alerts = 0, bad_value = 0, bad_quad = 0;
        int bad_text = 0, fired = 0, applied = 0, improving = 0, at_risk = 0, k;
        const int arr_col = index_of(book.names, book.m, "arr");
        CHECK(got.rows == book.n);
        for (i = 0; i < book.n; ++i) {
            vitals_scorecard* card = NULL;
            const char* label = NULL;
            char drivers[512] = "";
            bad_score += !same(got.score[i], ref_score[i]);
            bad_band += got.band[i] != ref_band[i];
            bad_cov += !same(got.coverage[i], ref_coverage[i]);
            bad_status += got.status[i] != ref_status[i];
            bad_card += got.card[i] != ref_card[i];
            for (k = 0; k < K; ++k) bad_drivers += got.drivers[i * K + k] != ref_drivers[i * K + k];
            for (k = 0; k < max_measures; ++k) bad_points += !same(got.points_lost[i * max_measures + k], ref_points[i * max_measures + k]);
            bad_computed += !same(got.computed[i], ref_computed[i]);
            bad_override += got.override_[i] != ref_override[i];
            bad_change += !same(got.change[i], ref_change[i]);
            bad_dir += got.direction[i] != ref_direction[i];
            bad_alerts += got.alerts[i] != ref_fired[i] || got.held[i] != ref_held[i] ||
                          strcmp(nth_text(got.alerts_text, i), ref_alert_text[i]) != 0;
            bad_value += !same(got.value[i], book.colmajor[arr_col * book.n + i]);
            bad_quad += got.quadrant[i] != ref_quadrant[i] || got.priority[i] != ref_priority[i] ||
                        !same(got.at_risk[i], ref_at_risk[i]);
            fired += ref_fired[i] > 0;
            applied += ref_override[i] == VITALS_OVERRIDE_APPLIED;
            improving += ref_direction[i] == VITALS_DIRECTION_IMPROVING;
            at_risk += ref_quadrant[i] == VITALS_QUADRANT_AT_RISK;
            /* texts: the band label and the driver names of the row's card */
            CHECK_OK(vitals_scorecard_set_card(set, ref_card[i], &card));
            if (ref_band[i] >= 0) {
                CHECK_OK(vitals_scorecard_band_label(card, ref_band[i], &label));
                bad_text += strcmp(nth_text(got.band_text, i), label) != 0;
            } else {
                bad_text += nth_text(got.band_text, i)[0] != '\0';
            }
            for (k = 0; k < K; ++k)
                if (ref_drivers[i * K + k] >= 0) {
                    CHECK_OK(vitals_scorecard_measure_name(card, ref_drivers[i * K + k], &label));
                    if (drivers[0] != '\0') strcat(drivers, ";");
                    strcat(drivers, label);
                }
            bad_text += strcmp(nth_text(got.drivers_text, i), drivers) != 0;
            bad_text += (ref_override[i] == VITALS_NO_OVERRIDE) != (nth_text(got.override_text, i)[0] == '\0');
            vitals_scorecard_destroy(card);
        }
        if (bad_score + bad_band + bad_cov + bad_status + bad_drivers + bad_points + bad_card + bad_computed +
                bad_override + bad_change + bad_dir + bad_alerts + bad_value + bad_quad + bad_text != 0)
            fprintf(stderr,
                    "session vs composition, rows that differ: score %d band %d coverage %d status %d drivers %d "
                    "points_lost %d card %d computed %d override %d change %d direction %d alerts %d value %d "
                    "quadrant %d text %d\n",
                    bad_score, bad_band, bad_cov, bad_status, bad_drivers, bad_points, bad_card, bad_computed,
                    bad_override, bad_change, bad_dir, bad_alerts, bad_value, bad_quad, bad_text);
        CHECK(bad_score == 0 && bad_band == 0 && bad_cov == 0 && bad_status == 0 && bad_drivers == 0);
        CHECK(bad_points == 0 && bad_card == 0 && bad_computed == 0 && bad_override == 0);
        CHECK(bad_change == 0 && bad_dir == 0 && bad_alerts == 0 && bad_value == 0 && bad_quad == 0 && bad_text == 0);
        /* the comparison covers every feature: each is present in the book */
        printf("composition: %d rows compared; %d with alerts fired, %d overridden, %d improving, %d at risk\n", book.n,
               fired, applied, improving, at_risk);
        CHECK(fired > 0 && applied > 0 && improving > 0 && at_risk > 0);
        for (i = 0; i < book.n; ++i) count += ref_card[i] != ref_card[0];
        CHECK(count > 0); /* more than one card used */
    }
    /* the override text names the override */
    for (i = 0; i < book.n; ++i)
        if (ref_override[i] == VITALS_OVERRIDE_APPLIED) {
            const char* text = nth_text(got.override_text, i);
            CHECK(strstr(text, " -> ") != NULL && (strstr(text, "maria.lopez") || strstr(text, "sam.okafor")));
        }
}

/* `vitals score` on the same book and side files (its CSV output, written by the test fixture
 * capi_session_cli): every column equal, numbers bit for bit (the CLI writes the shortest text that
 * reads back as the same double). */
static double* f64_column(const vitals_session_result* r, int32_t column, int64_t rows) {
    double* v = (double*)malloc((size_t)(rows > 0 ? rows : 1) * sizeof(double));
    CHECK_OK(vitals_session_result_f64(r, column, v, rows));
    return v;
}

static char* text_column(const vitals_session_result* r, int32_t column) {
    size_t needed = 0;
    char* t;
    CHECK_OK(vitals_session_result_texts(r, column, NULL, 0, &needed));
    t = (char*)calloc(needed + 1, 1);
    CHECK_OK(vitals_session_result_texts(r, column, t, needed + 1, &needed));
    return t;
}

/* Advances `*texts` past its current NUL-terminated text; returns that text. */
static const char* next_text(const char** texts) {
    const char* t = *texts;
    *texts += strlen(t) + 1;
    return t;
}

/* `vitals score`'s CSV on the same book and side files (written by the test fixture
 * capi_session_cli, or capi_session_random for a random book): every column equal to the result's,
 * numbers bit for bit (the CLI writes the shortest text that reads back as the same double). */
static void compare_with_cli(const char* path, const vitals_session_result* r) {
    static const int32_t text_cols[9] = {VITALS_COLUMN_BAND, VITALS_COLUMN_STATUS, VITALS_COLUMN_CARD,
                                         VITALS_COLUMN_OVERRIDE, VITALS_COLUMN_DIRECTION, VITALS_COLUMN_ALERTS,
                                         VITALS_COLUMN_QUADRANT, VITALS_COLUMN_DRIVERS, VITALS_COLUMN_BAND};
    static const char* const cli_names[8] = {"band", "status", "scorecard", "override", "trend", "alerts", "quadrant", ""};
    static const int32_t num_cols[4] = {VITALS_COLUMN_SCORE, VITALS_COLUMN_COVERAGE, VITALS_COLUMN_COMPUTED_SCORE,
                                        VITALS_COLUMN_CHANGE};
    static const char* const cli_num_names[4] = {"score", "coverage", "computed_score", "score_change"};
    csv cli;
    int64_t rows = 0, i;
    int bad = 0, k, c_text[8], c_num[4], c_driver[K];
    double* num[4];
    char* text[8];
    const char* at[8];
    if (!csv_read(path, &cli)) {
        CHECK(!"the CLI's output is readable");
        return;
    }
    CHECK_OK(vitals_session_result_row_count(r, &rows));
    CHECK(cli.rows == rows && rows == book.n);
    for (k = 0; k < 4; ++k) {
        c_num[k] = column_of(&cli, cli_num_names[k]);
        num[k] = f64_column(r, num_cols[k], rows);
    }
    for (k = 0; k < 8; ++k) {
        c_text[k] = k < 7 ? column_of(&cli, cli_names[k]) : -1;
        text[k] = text_column(r, text_cols[k]);
        at[k] = text[k];
    }
    for (k = 0; k < K; ++k) {
        char name[16];
        snprintf(name, sizeof name, "driver_%d", k + 1);
        c_driver[k] = column_of(&cli, name);
    }
    for (i = 0; i < cli.rows && i < rows; ++i) {
        char drivers[512] = "";
        int row_bad = strcmp(cell(&cli, (int)i, 0), book.ids[i]) != 0;
        for (k = 0; k < 4; ++k) row_bad |= !same(number(cell(&cli, (int)i, c_num[k])), num[k][i]);
        for (k = 0; k < 7; ++k) row_bad |= strcmp(cell(&cli, (int)i, c_text[k]), next_text(&at[k])) != 0;
        for (k = 0; k < K; ++k) {
            const char* d = cell(&cli, (int)i, c_driver[k]);
            if (*d == '\0') continue;
            if (drivers[0] != '\0') strcat(drivers, ";");
            strcat(drivers, d);
        }
        row_bad |= strcmp(drivers, next_text(&at[7])) != 0;
        if (row_bad && bad < 3)
            fprintf(stderr, "vitals score and vitals_session_score differ on row %d (%s)\n", (int)i, book.ids[i]);
        bad += row_bad;
    }
    CHECK(bad == 0);
    printf("vitals score: %d rows compared, %d differ\n", cli.rows, bad);
    for (k = 0; k < 4; ++k) free(num[k]);
    for (k = 0; k < 8; ++k) free(text[k]);
    csv_free(&cli);
}

/* The expected unmatched accounts of a side input: its distinct ids not in the book. */
static int64_t expected_unmatched(const char** ids, int n, const char** first) {
    const char* distinct[16000];
    int i, k = distinct_sorted(ids, n, distinct);
    int64_t count = 0;
    for (i = 0; i < k; ++i)
        if (row_of(&book, distinct[i]) < 0) {
            if (count == 0) *first = distinct[i];
            ++count;
        }
    return count;
}

static void check_unmatched(vitals_session* s) {
    const char* first = NULL;
    const char* id = NULL;
    int64_t count = -1, want;
    const char* over_ids[64];
    int r;
    want = expected_unmatched(side.hids, side.hn, &first);
    CHECK_OK(vitals_session_unmatched_count(s, VITALS_INPUT_HISTORY, &count));
    CHECK(count == want && want >= 1);
    want = expected_unmatched(side.pids, side.prev.rows + 1, &first);
    CHECK_OK(vitals_session_unmatched_count(s, VITALS_INPUT_PREVIOUS, &count));
    CHECK(count == want && want >= 1);
    want = expected_unmatched(side.sids, side.surv.rows + 1, &first);
    CHECK_OK(vitals_session_unmatched_count(s, VITALS_INPUT_SURVEYS, &count));
    CHECK(count == want && want >= 1);
    for (r = 0; r < side.over.rows; ++r) over_ids[r] = cell(&side.over, r, 0);
    over_ids[r] = "GHOST-overrides";
    want = expected_unmatched(over_ids, side.over.rows + 1, &first);
    CHECK_OK(vitals_session_unmatched_count(s, VITALS_INPUT_OVERRIDES, &count));
    CHECK(count == want && want >= 1);
    /* the ghost is among them */
    {
        int64_t k, found = 0;
        for (k = 0; k < count; ++k) {
            CHECK_OK(vitals_session_unmatched_id(s, VITALS_INPUT_OVERRIDES, k, &id));
            found += id != NULL && strcmp(id, "GHOST-overrides") == 0;
        }
        CHECK(found == 1);
    }
    CHECK_FAILS(vitals_session_unmatched_id(s, VITALS_INPUT_OVERRIDES, count, &id), VITALS_ERR_OUT_OF_RANGE, "index");
    CHECK_FAILS(vitals_session_unmatched_count(s, 7, &count), VITALS_ERR_OUT_OF_RANGE, "input");
}

/* The same book as row-major with padding, Fortran order (the default), float32: equal results. */
static void test_layouts(const vitals_scorecard_set* set, vitals_override_book* overrides, int64_t max_measures) {
    const int64_t n = book.n, m = book.m, pad = m + 3;
    double* rounded = (double*)malloc((size_t)(n * m) * sizeof(double));
    double* rowmajor = (double*)malloc((size_t)(n * pad) * sizeof(double));
    float* f32 = (float*)malloc((size_t)(n * pad) * sizeof(float));
    vitals_session_result* r = NULL;
    int64_t i, j;
    vitals_session* s;
    vitals_table t;
    static outcome base;
    /* float-representable values, so that float32 and float64 tables hold the same numbers */
    for (i = 0; i < n * m; ++i) rounded[i] = (double)(float)book.colmajor[i];
    for (i = 0; i < n; ++i)
        for (j = 0; j < pad; ++j) {
            rowmajor[i * pad + j] = j < m ? rounded[j * n + i] : 1e300;  /* padding must not be read */
            f32[i * pad + j] = j < m ? (float)rounded[j * n + i] : -1.0f;
        }
    CHECK_OK(vitals_session_result_create(&r));
    /* the column-major double table is the baseline */
    s = full_session(set, overrides);
    t = book_table(rounded, VITALS_DTYPE_FLOAT64, n, 1, n);
    CHECK_OK(vitals_session_score(s, &t, r));
    read_result(r, &base, max_measures);
    vitals_session_destroy(s);
    /* row-major, row stride m + 3 */
    s = full_session(set, overrides);
    t = book_table(rowmajor, VITALS_DTYPE_FLOAT64, n, pad, 1);
    CHECK_OK(vitals_session_score(s, &t, r));
    read_result(r, &again, max_measures);
    CHECK(again.rows == n && same_outcome(&base, &again, 0, max_measures));
    vitals_session_destroy(s);
    /* float32, row-major, padded */
    s = full_session(set, overrides);
    t = book_table((const double*)(const void*)f32, VITALS_DTYPE_FLOAT32, n, pad, 1);
    CHECK_OK(vitals_session_score(s, &t, r));
    read_result(r, &again, max_measures);
    CHECK(again.rows == n && same_outcome(&base, &again, 0, max_measures));
    vitals_session_destroy(s);
    /* and the rounding changed something (so this compares different input than the main test) */
    {
        int differs = 0;
        for (i = 0; i < n; ++i) differs += !same(base.score[i], got.score[i]);
        CHECK(differs > 0);
    }
    vitals_session_result_destroy(r);
    free(rounded);
    free(rowmajor);
    free(f32);
}

/* A book in three chunks (row_offset set; the value cut-off set from the whole book first) gives
 * the whole book's results, and the chunk's row numbers in messages. */
static void test_chunks(const vitals_scorecard_set* set, vitals_override_book* overrides, int64_t max_measures) {
    static const int64_t bounds[4] = {0, 333, 700, N};
    vitals_session* s = full_session(set, overrides);
    vitals_session_result* r = NULL;
    vitals_quadrant_summary summary;
    int arr_col = index_of(book.names, book.m, "arr");
    int k;
    CHECK_OK(vitals_session_result_create(&r));
    summary.struct_size = sizeof summary;
    CHECK_OK(vitals_portfolio_classify(book.colmajor + arr_col * book.n, got.score, book.n, NULL, NULL, 0, &summary));
    CHECK_OK(vitals_session_set_value_cutoff(s, summary.value_cutoff));
    for (k = 0; k < 3; ++k) {
        vitals_table t = book_table(book.colmajor + bounds[k], VITALS_DTYPE_FLOAT64, bounds[k + 1] - bounds[k], 1, book.n);
        t.ids = book.ids + bounds[k];
        t.segments = book.segments + bounds[k];
        t.row_offset = bounds[k];
        CHECK_OK(vitals_session_score(s, &t, r));
        read_result(r, &again, max_measures);
        CHECK(again.rows == bounds[k + 1] - bounds[k]);
        CHECK(same_outcome(&got, &again, bounds[k], max_measures));
    }
    check_unmatched(s);
    /* a bad value in the last chunk is named by its row in the book */
    {
        double* copy = (double*)malloc((size_t)(book.n * book.m) * sizeof(double));
        vitals_table t;
        memcpy(copy, book.colmajor, (size_t)(book.n * book.m) * sizeof(double));
        copy[arr_col * book.n + 705] = -5;
        t = book_table(copy + 700, VITALS_DTYPE_FLOAT64, 300, 1, book.n);
        t.ids = book.ids + 700;
        t.segments = book.segments + 700;
        t.row_offset = 700;
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "row 706");
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, book.ids[705]);
        free(copy);
    }
    vitals_session_result_destroy(r);
    vitals_session_destroy(s);
}

/* Bad input: each call fails with the code and a message naming the argument or the row. */
static void test_errors(const char* dir, const vitals_scorecard_set* set, vitals_override_book* overrides) {
    vitals_session* s = NULL;
    vitals_session_result* r = NULL;
    vitals_session_options o = session_options();
    vitals_table t, h;
    int64_t count = 0;
    double buf[N];
    int32_t ibuf[N];
    char text[256];
    size_t needed = 0;
    const char* name = NULL;
    const char* ids[4] = {"ACC-00000001", "ACC-00000002", "ACC-00000003", NULL};
    const char* periods[4] = {"2026-01", "2026-02", "2026-01", "2026-03"};
    double values[4] = {1, 2, 3, 4};
    const char* metric[1] = {"active_users"};

    CHECK_FAILS(vitals_session_create(NULL, &o, &s), VITALS_ERR_INVALID_ARGUMENT, "set is NULL");
    CHECK(s == NULL);
    CHECK_FAILS(vitals_session_create(set, &o, NULL), VITALS_ERR_INVALID_ARGUMENT, "session");
    o.value_rule = 5;
    CHECK_FAILS(vitals_session_create(set, &o, &s), VITALS_ERR_INVALID_ARGUMENT, "options->value_rule");
    o = session_options();
    o.top_k = VITALS_MAX_TOP_K + 1;
    CHECK_FAILS(vitals_session_create(set, &o, &s), VITALS_ERR_INVALID_ARGUMENT, "options->top_k");
    o = session_options();
    o.threads = -1;
    CHECK_FAILS(vitals_session_create(set, &o, &s), VITALS_ERR_INVALID_ARGUMENT, "options->threads");
    o = session_options();
    o.health_threshold_set = 1;
    o.health_threshold = NAN;
    CHECK_FAILS(vitals_session_create(set, &o, &s), VITALS_ERR_INVALID_ARGUMENT, "options->health_threshold");
    o = session_options();
    o.as_of = (int64_t)1 << 40;
    CHECK_FAILS(vitals_session_create(set, &o, &s), VITALS_ERR_INVALID_ARGUMENT, "options->as_of");
    o = session_options();
    CHECK(s == NULL);
    CHECK_OK(vitals_session_create(set, NULL, &s)); /* NULL = defaults */
    vitals_session_destroy(s);
    CHECK_OK(vitals_session_create(set, &o, &s));
    CHECK_OK(vitals_session_result_create(&r));
    CHECK_FAILS(vitals_session_result_create(NULL), VITALS_ERR_INVALID_ARGUMENT, "result");

    /* side inputs */
    memset(&h, 0, sizeof h);
    h.struct_size = sizeof h;
    h.data = values;
    h.rows = 3;
    h.cols = 1;
    h.row_stride = 1;
    h.col_stride = 1;
    h.columns = metric;
    h.n_columns = 1;
    h.ids = ids;
    CHECK_FAILS(vitals_session_set_history(NULL, &h, periods, 3, NULL), VITALS_ERR_INVALID_ARGUMENT, "session is NULL");
    CHECK_FAILS(vitals_session_set_history(s, NULL, periods, 3, NULL), VITALS_ERR_INVALID_ARGUMENT, "history is NULL");
    CHECK_FAILS(vitals_session_set_history(s, &h, periods, 2, NULL), VITALS_ERR_SHAPE_MISMATCH, "n_periods");
    CHECK_FAILS(vitals_session_set_history(s, &h, NULL, 3, NULL), VITALS_ERR_INVALID_ARGUMENT, "periods is NULL");
    h.rows = 4;
    CHECK_FAILS(vitals_session_set_history(s, &h, periods, 4, NULL), VITALS_ERR_INVALID_ARGUMENT, "history->ids[3] is NULL");
    h.rows = -1;
    CHECK_FAILS(vitals_session_set_history(s, &h, periods, -1, NULL), VITALS_ERR_SHAPE_MISMATCH, "history->rows");
    h.rows = 3;
    h.segments = ids;
    CHECK_FAILS(vitals_session_set_history(s, &h, periods, 3, NULL), VITALS_ERR_INVALID_ARGUMENT, "history->segments");
    h.segments = NULL;
    /* a metric the trends read is missing */
    CHECK_FAILS(vitals_session_set_history(s, &h, periods, 3, NULL), VITALS_ERR_UNKNOWN_COLUMN, "days_late");
    /* the same account and period twice: the row is named */
    {
        const char* dup_ids[3] = {"ACC-00000001", "ACC-00000001", "ACC-00000002"};
        const char* dup_periods[3] = {"2026-01", "2026-01", "2026-01"};
        const char* all_metrics[4] = {"active_users", "logins", "days_late", "revenue_projection"};
        double v[12] = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
        h.data = v;
        h.cols = 4;
        h.row_stride = 4;
        h.columns = all_metrics;
        h.n_columns = 4;
        h.ids = dup_ids;
        CHECK_FAILS(vitals_session_set_history(s, &h, dup_periods, 3, "hist"), VITALS_ERR_INVALID_ARGUMENT, "hist:2");
        h.n_columns = 3;
        CHECK_FAILS(vitals_session_set_history(s, &h, dup_periods, 3, "hist"), VITALS_ERR_SHAPE_MISMATCH, "history->n_columns");
        h.n_columns = 4;
        h.dtype = 9;
        CHECK_FAILS(vitals_session_set_history(s, &h, dup_periods, 3, "hist"), VITALS_ERR_INVALID_ARGUMENT, "history->dtype");
        h.dtype = 0;
        h.data = NULL;
        CHECK_FAILS(vitals_session_set_history(s, &h, dup_periods, 3, "hist"), VITALS_ERR_INVALID_ARGUMENT, "history->data");
    }
    {
        double scores[3] = {50, 101, 40};
        double answers[3] = {9, 11, 3};
        const char* roles[3] = {"vp", "user", "ceo"};
        CHECK_FAILS(vitals_session_set_previous(s, ids, periods, scores, NULL, 3, NULL), VITALS_ERR_INVALID_ARGUMENT, "previous:2");
        CHECK_FAILS(vitals_session_set_previous(s, ids, periods, scores, NULL, -2, NULL), VITALS_ERR_SHAPE_MISMATCH, "rows");
        CHECK_FAILS(vitals_session_set_previous(s, ids, periods, NULL, NULL, 3, NULL), VITALS_ERR_INVALID_ARGUMENT, "scores is NULL");
        CHECK_FAILS(vitals_session_set_previous(s, ids, periods, scores, NULL, 4, NULL), VITALS_ERR_INVALID_ARGUMENT, "ids[3] is NULL");
        CHECK_FAILS(vitals_session_set_surveys(s, ids, roles, answers, 3, NULL), VITALS_ERR_INVALID_ARGUMENT, "surveys:2");
        answers[1] = 5;
        CHECK_FAILS(vitals_session_set_surveys(s, ids, roles, answers, 3, NULL), VITALS_ERR_PARSE, "ceo");
        CHECK_FAILS(vitals_session_set_surveys(s, ids, NULL, answers, 3, NULL), VITALS_ERR_INVALID_ARGUMENT, "roles is NULL");
    }
    {
        vitals_override_book* bad = NULL;
        CHECK_OK(vitals_override_book_create(&bad));
        CHECK_OK(vitals_override_book_add(bad, "ACC-00000001", "no_such_measure", 50, "why", "who", as_of + 10, "bad.csv:2"));
        CHECK_FAILS(vitals_session_set_overrides(s, bad, NULL), VITALS_ERR_UNKNOWN_COLUMN, "bad.csv:2");
        CHECK_FAILS(vitals_session_set_overrides(s, NULL, NULL), VITALS_ERR_INVALID_ARGUMENT, "book is NULL");
        vitals_override_book_destroy(bad);
    }
    CHECK_FAILS(vitals_session_set_value_cutoff(s, NAN), VITALS_ERR_INVALID_ARGUMENT, "cutoff");
    CHECK_FAILS(vitals_session_set_value_cutoff(s, -1), VITALS_ERR_INVALID_ARGUMENT, "cutoff");

    /* the table */
    t = book_table(book.colmajor, VITALS_DTYPE_FLOAT64, book.n, 1, book.n);
    CHECK_FAILS(vitals_session_score(NULL, &t, r), VITALS_ERR_INVALID_ARGUMENT, "session is NULL");
    CHECK_FAILS(vitals_session_score(s, NULL, r), VITALS_ERR_INVALID_ARGUMENT, "table is NULL");
    CHECK_FAILS(vitals_session_score(s, &t, NULL), VITALS_ERR_INVALID_ARGUMENT, "result is NULL");
    t.struct_size = 8;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->struct_size");
    t.struct_size = sizeof t;
    t.rows = -1;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_SHAPE_MISMATCH, "table->rows");
    t.rows = book.n;
    t.row_stride = -1;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_SHAPE_MISMATCH, "table->row_stride");
    t.row_stride = (int64_t)1 << 62;  /* the last row's offset overflows: rejected before any read */
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_SHAPE_MISMATCH, "table->");
    t.row_stride = 0; /* zero strides: the largest offset is 0, but rows x cols overflows */
    t.col_stride = 0;
    t.rows = (int64_t)1 << 40;
    t.cols = t.n_columns = (int64_t)1 << 40;
    t.dtype = VITALS_DTYPE_FLOAT32;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_SHAPE_MISMATCH, "table->rows x cols");
    t.dtype = VITALS_DTYPE_FLOAT64;
    t.rows = book.n;
    t.cols = book.m;
    t.row_stride = 1;
    t.col_stride = book.n;
    t.n_columns = book.m - 1;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_SHAPE_MISMATCH, "table->n_columns");
    t.n_columns = book.m;
    t.dtype = 3;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->dtype");
    t.dtype = VITALS_DTYPE_FLOAT64;
    t.reserved = 1;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->reserved");
    t.reserved = 0;
    t.row_offset = -4;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->row_offset");
    t.row_offset = 0;
    t.ids = NULL;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->ids is NULL");
    {
        const char* bad_ids[5] = {"A", "B", "C", NULL, "E"};
        const char* names[3];
        t.ids = bad_ids;
        t.rows = 5;
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->ids[3] is NULL");
        t.ids = book.ids;
        t.rows = book.n;
        names[0] = book.names[0];
        names[1] = book.names[1];
        names[2] = NULL;
        t.columns = names;
        t.cols = t.n_columns = 3;
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->columns[2] is NULL");
        t.columns = NULL;
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "table->columns is NULL");
        /* the cards read columns this table lacks */
        t.columns = book.names;
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_UNKNOWN_COLUMN, "missing column");
        t.cols = t.n_columns = book.m;
    }
    /* a column named twice */
    {
        const char* names[MAXC];
        int j;
        for (j = 0; j < book.m; ++j) names[j] = book.names[j];
        names[book.m - 1] = names[0];
        t.columns = names;
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_INVALID_ARGUMENT, "more than once");
        t.columns = book.names;
    }
    /* a segmented set needs the segments */
    t.segments = NULL;
    CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_UNKNOWN_COLUMN, "segment");
    t.segments = book.segments;
    /* NaN everywhere and non-UTF-8 ids are data, not errors */
    {
        double* nan_data = (double*)malloc((size_t)(book.m * 2) * sizeof(double));
        const char* odd_ids[2] = {"\xff\xfe\x80", "\xc3"};
        const char* odd_segments[2] = {"SMB", "\xff"};
        int j;
        for (j = 0; j < book.m * 2; ++j) nan_data[j] = NAN;
        t = book_table(nan_data, VITALS_DTYPE_FLOAT64, 2, book.m, 1);
        t.ids = odd_ids;
        t.segments = odd_segments;
        CHECK_OK(vitals_session_score(s, &t, r));
        CHECK_OK(vitals_session_result_row_count(r, &count));
        CHECK(count == 2);
        CHECK_OK(vitals_session_result_i32(r, VITALS_COLUMN_STATUS, ibuf, 2));
        CHECK(ibuf[0] == VITALS_ACCOUNT_INSUFFICIENT_DATA && ibuf[1] == VITALS_ACCOUNT_INSUFFICIENT_DATA);
        free(nan_data);
    }
    /* once a table is scored, the side inputs are fixed */
    CHECK_FAILS(vitals_session_set_overrides(s, overrides, NULL), VITALS_ERR_INVALID_ARGUMENT, "can no longer change");

    /* result accessors */
    CHECK_FAILS(vitals_session_result_f64(r, VITALS_COLUMN_BAND, buf, N), VITALS_ERR_INVALID_ARGUMENT, "int32");
    CHECK_FAILS(vitals_session_result_i32(r, VITALS_COLUMN_SCORE, ibuf, N), VITALS_ERR_INVALID_ARGUMENT, "float64");
    CHECK_FAILS(vitals_session_result_f64(r, 99, buf, N), VITALS_ERR_OUT_OF_RANGE, "column");
    CHECK_FAILS(vitals_session_result_f64(r, -1, buf, N), VITALS_ERR_OUT_OF_RANGE, "column");
    CHECK_FAILS(vitals_session_result_f64(r, VITALS_COLUMN_SCORE, buf, 1), VITALS_ERR_SHAPE_MISMATCH, "length");
    CHECK_FAILS(vitals_session_result_f64(r, VITALS_COLUMN_SCORE, NULL, 2), VITALS_ERR_INVALID_ARGUMENT, "out");
    CHECK_FAILS(vitals_session_result_f64(NULL, VITALS_COLUMN_SCORE, buf, 2), VITALS_ERR_INVALID_ARGUMENT, "result");
    /* this session has no previous scores: no score trend */
    CHECK_OK(vitals_session_result_width(r, VITALS_COLUMN_CHANGE, &count));
    CHECK(count == 0);
    CHECK_FAILS(vitals_session_result_f64(r, VITALS_COLUMN_CHANGE, buf, N), VITALS_ERR_UNKNOWN_COLUMN, "change");
    CHECK_FAILS(vitals_session_result_text(r, VITALS_COLUMN_SCORE, 0, text, sizeof text, &needed),
                VITALS_ERR_INVALID_ARGUMENT, "no text");
    CHECK_FAILS(vitals_session_result_text(r, VITALS_COLUMN_STATUS, 2, text, sizeof text, &needed),
                VITALS_ERR_OUT_OF_RANGE, "row");
    CHECK_FAILS(vitals_session_result_text(r, VITALS_COLUMN_STATUS, 0, text, 3, &needed), VITALS_ERR_SHAPE_MISMATCH,
                "buffer");
    CHECK(needed == strlen("insufficient_data") + 1);
    CHECK_OK(vitals_session_result_text(r, VITALS_COLUMN_STATUS, 0, text, sizeof text, &needed));
    CHECK(strcmp(text, "insufficient_data") == 0);
    CHECK_OK(vitals_session_result_column_name(VITALS_COLUMN_COMPUTED_SCORE, &name));
    CHECK(name != NULL && strcmp(name, "computed_score") == 0);
    CHECK_FAILS(vitals_session_result_column_name(VITALS_COLUMN_COUNT, &name), VITALS_ERR_OUT_OF_RANGE, "column");
    CHECK_FAILS(vitals_session_notice(s, 1000, text, sizeof text, &needed), VITALS_ERR_OUT_OF_RANGE, "index");
    CHECK_FAILS(vitals_session_column_name(s, -1, &name), VITALS_ERR_OUT_OF_RANGE, "index");
    CHECK_OK(vitals_session_column_count(s, &count));
    CHECK(count > 0);
    CHECK_OK(vitals_session_column_name(s, 0, &name));
    CHECK(name != NULL && index_of(book.names, book.m, name) >= 0);
    vitals_session_destroy(s);

    /* a segment with no card, in a set with no default: the row and the account are named */
    {
        static const char json[] = "{\"vitals_scorecard_set\": 1, \"segment_column\": \"segment\", "
                                   "\"scorecards\": {\"SMB\": \"scorecard-default.json\"}}";
        vitals_scorecard_set* smb_only = NULL;
        int enterprise = 0;
        CHECK_OK(vitals_scorecard_set_create_from_json(json, VITALS_NUL_TERMINATED, dir, NULL, &smb_only));
        CHECK_OK(vitals_session_create(smb_only, &o, &s));
        while (enterprise < book.n && strcmp(book.segments[enterprise], "SMB") == 0) ++enterprise;
        CHECK(enterprise < book.n);
        t = book_table(book.colmajor, VITALS_DTYPE_FLOAT64, book.n, 1, book.n);
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_UNKNOWN_COLUMN, book.ids[enterprise]);
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_UNKNOWN_COLUMN, book.segments[enterprise]);
        CHECK_OK(vitals_session_result_row_count(r, &count));
        CHECK(count == 0); /* a failed score leaves an empty result */
        vitals_session_destroy(s);
        vitals_scorecard_set_destroy(smb_only);
    }
    vitals_session_result_destroy(r);
}

/* A single card is a set of one: the session's scores equal vitals_scorecard_score's; an alert
 * on a column the table lacks is a notice. */
/* A card with a "calibration": VITALS_COLUMN_CHURN_PROBABILITY is each row's
 * 1 / (1 + exp(-(intercept + slope x score))), NaN where the row is not scored; a card without
 * one has no such column. */
static void test_churn_probability(void) {
    static const char plain_json[] =
        "{\"vitals_scorecard\": 1, \"name\": \"tiny\", \"min_coverage\": 0.5,"
        " \"measures\": [{\"name\": \"nps\", \"input\": \"nps\", \"weight\": 2,"
        "   \"normaliser\": {\"kind\": \"linear\", \"worst\": -100, \"best\": 100}},"
        "  {\"name\": \"days_late\", \"input\": \"days_late\", \"weight\": 1,"
        "   \"normaliser\": {\"kind\": \"linear\", \"worst\": 60, \"best\": 0}}]}";
    static const char calibrated_json[] =
        "{\"vitals_scorecard\": 1, \"name\": \"tiny\", \"min_coverage\": 0.5,"
        " \"calibration\": {\"intercept\": 1.5, \"slope\": -0.0625},"
        " \"measures\": [{\"name\": \"nps\", \"input\": \"nps\", \"weight\": 2,"
        "   \"normaliser\": {\"kind\": \"linear\", \"worst\": -100, \"best\": 100}},"
        "  {\"name\": \"days_late\", \"input\": \"days_late\", \"weight\": 1,"
        "   \"normaliser\": {\"kind\": \"linear\", \"worst\": 60, \"best\": 0}}]}";
    const char* texts[2];
    static double score[N], p[N];
    int64_t width = -1, i, bad = 0, scored = 0, k;
    texts[0] = plain_json;
    texts[1] = calibrated_json;
    for (k = 0; k < 2; ++k) {
        vitals_scorecard* card = NULL;
        vitals_scorecard_set* set = NULL;
        vitals_session* s = NULL;
        vitals_session_result* r = NULL;
        vitals_session_options o = session_options();
        vitals_table t;
        CHECK_OK(vitals_scorecard_create_from_json(texts[k], VITALS_NUL_TERMINATED, NULL, &card));
        if (card == NULL) return;
        CHECK_OK(vitals_scorecard_set_create_single(card, &set));
        CHECK_OK(vitals_session_create(set, &o, &s));
        CHECK_OK(vitals_session_result_create(&r));
        t = book_table(book.colmajor, VITALS_DTYPE_FLOAT64, book.n, 1, book.n);
        t.segments = NULL;
        CHECK_OK(vitals_session_score(s, &t, r));
        CHECK_OK(vitals_session_result_width(r, VITALS_COLUMN_CHURN_PROBABILITY, &width));
        if (k == 0) {
            CHECK(width == 0);
            CHECK_FAILS(vitals_session_result_f64(r, VITALS_COLUMN_CHURN_PROBABILITY, p, N), VITALS_ERR_UNKNOWN_COLUMN,
                        "churn_probability");
        } else {
            CHECK(width == 1);
            CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_SCORE, score, N));
            CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_CHURN_PROBABILITY, p, N));
            for (i = 0; i < book.n; ++i) {
                if (isnan(score[i])) {
                    bad += !isnan(p[i]);
                    continue;
                }
                ++scored;
                bad += !same(p[i], 1.0 / (1.0 + exp(-(1.5 + -0.0625 * score[i]))));
            }
            CHECK(bad == 0);
            CHECK(scored > book.n / 2);
        }
        vitals_session_result_destroy(r);
        vitals_session_destroy(s);
        vitals_scorecard_set_destroy(set);
        vitals_scorecard_destroy(card);
    }
}

/* ---- the one-page report (vitals_session_keep_report / vitals_session_report) ------------------- */
static int occurrences(const char* text, const char* what) {
    int n = 0;
    const char* p = text;
    while ((p = strstr(p, what)) != NULL) {
        ++n;
        p += strlen(what);
    }
    return n;
}

/* The page of the book scored whole, or in chunks of `chunk` rows (the whole book's value cut-off
 * set first); malloc'd, NULL on failure. */
static char* report_page(const vitals_scorecard_set* set, vitals_override_book* overrides, int64_t chunk,
                         double cutoff) {
    vitals_session* s = full_session(set, overrides);
    vitals_session_result* r = NULL;
    vitals_report_options ro;
    char* page = NULL;
    size_t needed = 0;
    int64_t start;
    if (s == NULL) return NULL;
    memset(&ro, 0, sizeof ro);
    ro.struct_size = sizeof ro;
    ro.title = "Q4 <health> & risk";
    ro.source = "accounts.csv";
    ro.top = 10;
    CHECK_OK(vitals_session_keep_report(s, &ro));
    CHECK_OK(vitals_session_result_create(&r));
    if (chunk > 0) CHECK_OK(vitals_session_set_value_cutoff(s, cutoff));
    for (start = 0; start < book.n; start += chunk > 0 ? chunk : book.n) {
        const int64_t rows = chunk > 0 && book.n - start > chunk ? chunk : book.n - start;
        vitals_table t = book_table(book.colmajor + start, VITALS_DTYPE_FLOAT64, rows, 1, book.n);
        t.ids = book.ids + start;
        t.segments = book.segments + start;
        t.row_offset = start;
        CHECK_OK(vitals_session_score(s, &t, r));
    }
    CHECK_OK(vitals_session_report(s, NULL, 0, &needed));
    CHECK(needed > 1000);
    page = (char*)malloc(needed);
    if (page != NULL) {
        size_t again = 0;
        /* one byte short: refused, *needed still said, the buffer "" */
        CHECK_FAILS(vitals_session_report(s, page, needed - 1, &again), VITALS_ERR_SHAPE_MISMATCH, "buffer");
        CHECK(again == needed && page[0] == '\0');
        CHECK_OK(vitals_session_report(s, page, needed, &again));
        CHECK(again == needed && strlen(page) + 1 == needed);
    }
    vitals_session_result_destroy(r);
    vitals_session_destroy(s);
    return page;
}

static void test_report(const vitals_scorecard_set* set, vitals_override_book* overrides) {
    vitals_session* s = NULL;
    vitals_session_result* r = NULL;
    vitals_report_options ro;
    double value[N];
    double cutoff = 0.0;
    size_t needed = 0;
    char* whole = NULL;
    char* chunked = NULL;
    int64_t i;
    int eligible = 0;  /* accounts with a value and a score: the session's priority places them */
    for (i = 0; i < book.n; ++i) eligible += got.priority[i] > 0;
    CHECK(eligible > 10 && eligible < N);
    /* the whole book's high-value cut-off, as the first table of the whole-book session computes it */
    {
        vitals_quadrant_rule rule;
        vitals_quadrant_summary summary;
        int32_t q[N];
        double score[N];
        int64_t vcol = -1, k;
        for (k = 0; k < book.m; ++k)
            if (strcmp(book.names[k], "arr") == 0) vcol = k;
        CHECK(vcol >= 0);
        for (i = 0; i < book.n; ++i) {
            value[i] = book.colmajor[vcol * book.n + i];
            score[i] = 50.0;
        }
        memset(&rule, 0, sizeof rule);
        rule.struct_size = sizeof rule;
        memset(&summary, 0, sizeof summary);
        summary.struct_size = sizeof summary;
        CHECK_OK(vitals_portfolio_classify(value, score, book.n, &rule, q, N, &summary));
        cutoff = summary.value_cutoff;
    }
    whole = report_page(set, overrides, 0, 0.0);
    chunked = report_page(set, overrides, 137, cutoff);
    CHECK(whole != NULL && chunked != NULL);
    if (whole != NULL && chunked != NULL) {
        CHECK(strcmp(whole, chunked) == 0);   /* a book in chunks makes the same page */
        CHECK(strncmp(whole, "<!DOCTYPE html>", 15) == 0);
        CHECK(strstr(whole, "Q4 &lt;health&gt; &amp; risk") != NULL && strstr(whole, "<health>") == NULL);
        CHECK(occurrences(whole, "<li class=\"account\"") == 10);
        char more[64];
        snprintf(more, sizeof more, "data-more=\"%d\"", eligible - 10);
        CHECK(strstr(whole, more) != NULL);  /* the accounts with a value and a score not listed */
        /* side-input accounts the book does not hold are noted, never dropped in silence */
        CHECK(strstr(whole, "note: overrides.csv: ") != NULL && strstr(whole, "their overrides never applied") != NULL);
        CHECK(strstr(whole, "<script") == NULL);
    }
    free(whole);
    free(chunked);

    /* errors */
    memset(&ro, 0, sizeof ro);
    ro.struct_size = sizeof ro;
    CHECK_FAILS(vitals_session_keep_report(NULL, &ro), VITALS_ERR_INVALID_ARGUMENT, "session is NULL");
    CHECK_FAILS(vitals_session_report(NULL, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT, "session is NULL");
    s = full_session(set, overrides);
    CHECK_OK(vitals_session_result_create(&r));
    CHECK_FAILS(vitals_session_report(s, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT, "keeps no report");
    ro.top = -2;
    CHECK_FAILS(vitals_session_keep_report(s, &ro), VITALS_ERR_INVALID_ARGUMENT, "options->top");
    ro.top = 0;
    ro.max_points = (int64_t)1 << 21;
    CHECK_FAILS(vitals_session_keep_report(s, &ro), VITALS_ERR_INVALID_ARGUMENT, "options->max_points");
    ro.max_points = -1;
    ro.struct_size = sizeof ro - 1;
    CHECK_FAILS(vitals_session_keep_report(s, &ro), VITALS_ERR_INVALID_ARGUMENT, "struct_size");
    ro.struct_size = sizeof ro;
    CHECK_OK(vitals_session_keep_report(s, NULL));  /* the defaults */
    ro.top = -1;
    CHECK_OK(vitals_session_keep_report(s, &ro));   /* replaced: every account, always the density */
    CHECK_FAILS(vitals_session_report(s, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT, "no table");
    {
        vitals_table t = book_table(book.colmajor, VITALS_DTYPE_FLOAT64, book.n, 1, book.n);
        t.n_columns = book.m + 1;  /* a bad table: not counted */
        CHECK_FAILS(vitals_session_score(s, &t, r), VITALS_ERR_SHAPE_MISMATCH, "n_columns");
        CHECK_FAILS(vitals_session_report(s, NULL, 0, &needed), VITALS_ERR_INVALID_ARGUMENT, "no table");
        t.n_columns = book.m;
        CHECK_OK(vitals_session_score(s, &t, r));
    }
    CHECK_FAILS(vitals_session_keep_report(s, &ro), VITALS_ERR_INVALID_ARGUMENT, "before the first");
    CHECK_FAILS(vitals_session_set_value_cutoff(s, 1.0), VITALS_ERR_INVALID_ARGUMENT, "before the first");
    CHECK_OK(vitals_session_report(s, NULL, 0, &needed));
    {   /* a buffer one byte short */
        char small[8];
        CHECK_FAILS(vitals_session_report(s, small, sizeof small, &needed), VITALS_ERR_SHAPE_MISMATCH, "buffer");
    }
    whole = (char*)malloc(needed);
    if (whole != NULL) {
        CHECK_OK(vitals_session_report(s, whole, needed, &needed));
        CHECK(occurrences(whole, "<li class=\"account\"") == eligible);
        CHECK(strstr(whole, "class=\"density\"") != NULL && strstr(whole, "class=\"pt\"") == NULL);
        CHECK(strstr(whole, "a book of accounts") != NULL);   /* no source given */
    }
    free(whole);
    vitals_session_result_destroy(r);
    vitals_session_destroy(s);
}

static void test_single_card(void) {
    static const char card_json[] =
        "{\"vitals_scorecard\": 1, \"name\": \"tiny\", \"min_coverage\": 0.5,"
        " \"bands\": {\"cutoffs\": [40, 70], \"labels\": [\"red\", \"amber\", \"green\"]},"
        " \"measures\": [{\"name\": \"nps\", \"input\": \"nps\", \"weight\": 2,"
        "   \"normaliser\": {\"kind\": \"linear\", \"worst\": -100, \"best\": 100}},"
        "  {\"name\": \"days_late\", \"input\": \"days_late\", \"weight\": 1,"
        "   \"normaliser\": {\"kind\": \"linear\", \"worst\": 60, \"best\": 0}}],"
        " \"alerts\": [{\"name\": \"renewal_flag\", \"kind\": \"threshold\", \"severity\": \"info\", \"column\": \"renewal_flag\","
        "   \"when\": \"at_least\", \"threshold\": 1}]}";
    vitals_scorecard* card = NULL;
    vitals_scorecard_set* set = NULL;
    vitals_session* s = NULL;
    vitals_session_result* r = NULL;
    vitals_session_options o = session_options();
    vitals_table t;
    vitals_score_output out;
    static double want[N], have[N];
    char text[512];
    size_t needed = 0;
    int64_t count = 0, i, bad = 0;
    CHECK_OK(vitals_scorecard_create_from_json(card_json, VITALS_NUL_TERMINATED, NULL, &card));
    if (card == NULL) return;
    CHECK_FAILS(vitals_scorecard_set_create_single(NULL, &set), VITALS_ERR_INVALID_ARGUMENT, "card");
    CHECK_FAILS(vitals_scorecard_set_create_single(card, NULL), VITALS_ERR_INVALID_ARGUMENT, "set");
    CHECK_OK(vitals_scorecard_set_create_single(card, &set));
    CHECK_OK(vitals_session_create(set, &o, &s));
    vitals_scorecard_set_destroy(set); /* the session keeps what it needs */
    CHECK_OK(vitals_session_result_create(&r));
    t = book_table(book.colmajor, VITALS_DTYPE_FLOAT64, book.n, 1, book.n);
    t.segments = NULL;
    CHECK_OK(vitals_session_score(s, &t, r));
    CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_SCORE, have, N));
    memset(&out, 0, sizeof out);
    out.struct_size = sizeof out;
    out.score = want;
    out.score_length = N;
    CHECK_OK(vitals_scorecard_score(card, book.colmajor, VITALS_DTYPE_FLOAT64, book.n, book.m, 1, book.n, book.names,
                                    book.m, NULL, &out));
    for (i = 0; i < book.n; ++i) bad += !same(want[i], have[i]);
    CHECK(bad == 0);
    CHECK_OK(vitals_session_notice_count(s, &count));
    CHECK(count == 1);
    CHECK_OK(vitals_session_notice(s, 0, text, sizeof text, &needed));
    CHECK(strstr(text, "renewal_flag") != NULL && strstr(text, "accounts.csv") != NULL);
    /* no history, previous scores, surveys or overrides: those columns are absent */
    CHECK_OK(vitals_session_result_width(r, VITALS_COLUMN_OVERRIDE, &count));
    CHECK(count == 0);
    CHECK_OK(vitals_session_result_width(r, VITALS_COLUMN_QUADRANT, &count));
    CHECK(count == 1); /* the book has "arr" */
    CHECK_OK(vitals_session_unmatched_count(s, VITALS_INPUT_HISTORY, &count));
    CHECK(count == 0);
    vitals_session_destroy(s);

    /* options: no quadrants; no value column; an input the table lacks is missing for every
     * account (as vitals_scorecard_score's allow_absent_columns) */
    {
        static const char* const few[2] = {"nps", "arr"};
        static double few_data[N * 2];
        vitals_score_options so;
        vitals_session_result* q = NULL;
        CHECK_OK(vitals_session_result_create(&q));
        o.quadrant_off = 1;
        CHECK_OK(vitals_scorecard_set_create_single(card, &set));
        CHECK_OK(vitals_session_create(set, &o, &s));
        CHECK_OK(vitals_session_score(s, &t, q));
        CHECK_OK(vitals_session_result_width(q, VITALS_COLUMN_QUADRANT, &count));
        CHECK(count == 0);
        CHECK_OK(vitals_session_result_width(q, VITALS_COLUMN_VALUE, &count));
        CHECK(count == 1);
        vitals_session_destroy(s);
        o.quadrant_off = 0;
        o.value_column = "";
        CHECK_OK(vitals_session_create(set, &o, &s));
        CHECK_OK(vitals_session_score(s, &t, q));
        CHECK_OK(vitals_session_result_width(q, VITALS_COLUMN_VALUE, &count));
        CHECK(count == 0);
        CHECK_OK(vitals_session_result_width(q, VITALS_COLUMN_QUADRANT, &count));
        CHECK(count == 0);
        vitals_session_destroy(s);
        o.value_column = NULL;
        for (i = 0; i < book.n; ++i) {
            few_data[i * 2] = book.colmajor[index_of(book.names, book.m, "nps") * book.n + i];
            few_data[i * 2 + 1] = book.colmajor[index_of(book.names, book.m, "arr") * book.n + i];
        }
        t.data = few_data;
        t.cols = t.n_columns = 2;
        t.row_stride = 2;
        t.col_stride = 1;
        t.columns = few;
        CHECK_OK(vitals_session_create(set, &o, &s));
        CHECK_FAILS(vitals_session_score(s, &t, q), VITALS_ERR_UNKNOWN_COLUMN, "days_late");
        vitals_session_destroy(s);
        o.allow_absent_columns = 1;
        CHECK_OK(vitals_session_create(set, &o, &s));
        CHECK_OK(vitals_session_score(s, &t, q));
        CHECK_OK(vitals_session_result_f64(q, VITALS_COLUMN_SCORE, have, N));
        memset(&so, 0, sizeof so);
        so.struct_size = sizeof so;
        so.allow_absent_columns = 1;
        CHECK_OK(vitals_scorecard_score(card, few_data, VITALS_DTYPE_FLOAT64, book.n, 2, 2, 1, few, 2, &so, &out));
        bad = 0;
        for (i = 0; i < book.n; ++i) bad += !same(want[i], have[i]);
        CHECK(bad == 0);
        vitals_session_destroy(s);
        vitals_scorecard_set_destroy(set);
        vitals_session_result_destroy(q);
        CHECK_OK(vitals_session_result_f64(r, VITALS_COLUMN_SCORE, have, N)); /* r still holds the full table's */
    }

    /* a result outlives its session and card: its texts still read */
    vitals_scorecard_destroy(card);
    for (i = 0; i < book.n; ++i)
        if (!isnan(have[i])) break;
    CHECK(i < book.n);
    CHECK_OK(vitals_session_result_text(r, VITALS_COLUMN_BAND, i, text, sizeof text, &needed));
    CHECK(strcmp(text, "red") == 0 || strcmp(text, "amber") == 0 || strcmp(text, "green") == 0);
    vitals_session_result_destroy(r);
}

/* Frees the book, the side inputs, the set and the override book. */
static void free_inputs(vitals_scorecard_set* set, vitals_override_book* overrides) {
    vitals_override_book_destroy(overrides);
    vitals_scorecard_set_destroy(set);
    free(book.colmajor);
    free((void*)book.ids);
    free((void*)book.segments);
    csv_free(&book.file);
    free_sides(&side);
}

/* A random book (`vitals sample`: accounts.csv and its side files in `dir`), scored by the set at
 * `set_path` with every side file, against `vitals score`'s CSV for the same files. */
static int random_book(const char* dir, const char* set_path, const char* as_of_text, const char* cli_csv) {
    vitals_scorecard_set* set = NULL;
    vitals_override_book* overrides = NULL;
    vitals_session* s = NULL;
    vitals_session_result* r = NULL;
    vitals_table t;
    load_book(dir, &book);
    load_sides(dir, &side);
    CHECK_OK(vitals_date_parse(as_of_text, VITALS_NUL_TERMINATED, &as_of));
    CHECK_OK(vitals_scorecard_set_create_from_file(set_path, NULL, &set));
    if (set == NULL) return 1;
    overrides = load_overrides(&side);
    s = full_session(set, overrides);
    CHECK_OK(vitals_session_result_create(&r));
    t = book_table(book.colmajor, VITALS_DTYPE_FLOAT64, book.n, 1, book.n);
    CHECK_OK(vitals_session_score(s, &t, r));
    printf("random book: %d accounts, %d history rows, %d previous scores, %d survey answers, %d overrides\n", book.n,
           side.hist.rows, side.prev.rows, side.surv.rows, side.over.rows);
    compare_with_cli(cli_csv, r);
    vitals_session_result_destroy(r);
    vitals_session_destroy(s);
    free_inputs(set, overrides);
    if (failures == 0) printf("test_capi_session --random-book: all checks passed\n");
    return failures == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
    char path[1024];
    vitals_scorecard_set* set = NULL;
    vitals_override_book* overrides = NULL;
    vitals_session* s = NULL;
    vitals_session_result* r = NULL;
    int64_t max_measures = 0;
    if (argc == 6 && strcmp(argv[1], "--random-book") == 0) return random_book(argv[2], argv[3], argv[4], argv[5]);
    if (argc < 2) {
        fprintf(stderr, "usage: %s <docs/examples dir> [vitals score output.csv]\n", argv[0]);
        return 2;
    }
    load_book(argv[1], &book);
    load_sides(argv[1], &side);
    CHECK(book.n == N && book.m <= MAXC);
    if (book.n != N) return 1;
    {
        int32_t d = 0;
        CHECK_OK(vitals_date_parse("2026-12-01", VITALS_NUL_TERMINATED, &d));
        as_of = d;
    }
    snprintf(path, sizeof path, "%s/segments.json", argv[1]);
    CHECK_OK(vitals_scorecard_set_create_from_file(path, NULL, &set));
    if (set == NULL) return 1;
    CHECK_OK(vitals_scorecard_set_max_measures(set, &max_measures));
    CHECK(max_measures <= MAXM);
    overrides = load_overrides(&side);

    /* the book, Fortran order (column-major), every side input */
    s = full_session(set, overrides);
    CHECK_OK(vitals_session_result_create(&r));
    {
        vitals_table t = book_table(book.colmajor, VITALS_DTYPE_FLOAT64, book.n, 1, book.n);
        CHECK_OK(vitals_session_score(s, &t, r));
    }
    read_result(r, &got, max_measures);
    compare_with_composition(set, overrides, max_measures);
    if (argc > 2) compare_with_cli(argv[2], r);
    check_unmatched(s);
    vitals_session_result_destroy(r);
    vitals_session_destroy(s);

    test_layouts(set, overrides, max_measures);
    test_chunks(set, overrides, max_measures);
    test_errors(argv[1], set, overrides);
    test_report(set, overrides);
    test_single_card();
    test_churn_probability();

    free_inputs(set, overrides);
    if (failures == 0) printf("test_capi_session: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
