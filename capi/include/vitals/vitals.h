/*
 * vitals.h — the stable C ABI of Vitals (libvitals.so).
 *
 * Plain C (C99 and later, and C++), only <stddef.h> and <stdint.h>. Everything is prefixed:
 * functions vitals_<object>_<verb>, types vitals_*, macros VITALS_*.
 *
 * Conventions (the same for every function; each function's comment adds what is particular):
 *
 *  - Status. Every call that can fail returns a vitals_status: VITALS_OK (0) or a negative
 *    VITALS_ERR_* code. Codes are stable and only ever appended; they are the negated values of
 *    vitals::errc in the C++ library. vitals_last_error() gives the calling thread's message for the
 *    last failed call (a successful fallible call clears it to ""); vitals_status_string() names a
 *    code. No function aborts or lets a C++ exception escape, whatever it is handed; what cannot be
 *    checked (a pointer to too little memory, a handle that was already destroyed) is undefined
 *    behaviour, as in every C library.
 *
 *  - Handles are typed and opaque. Create functions take the out-pointer last, set it to NULL on
 *    failure, and return a handle the caller owns; destroy functions accept NULL.
 *
 *  - Arrays are pointer + dtype + rows + cols + row stride + column stride, all counts in elements
 *    (not bytes) as int64_t: element (i, j) is data[i * row_stride + j * col_stride]. Strides may
 *    be any value >= 0 (C order, Fortran order, slices, interleaved records all work without a
 *    copy). Sizes are checked: negative values, and shapes whose largest offset does not fit in
 *    64 bits, are VITALS_ERR_SHAPE_MISMATCH.
 *
 *  - Outputs go into caller-allocated buffers whose length (in elements) is passed and checked.
 *    Strings come out through a caller buffer: pass buffer = NULL and size = 0 to learn the size
 *    (*needed, in bytes including the terminating NUL), then call again. A buffer that is too short
 *    is VITALS_ERR_SHAPE_MISMATCH; *needed is still set, and the buffer (when size > 0) holds "".
 *
 *  - Options that will grow travel as versioned structs by pointer: the first member, struct_size,
 *    is set by the caller to sizeof(the struct) as its header declares it. Members are only ever
 *    appended (in 8-byte units), so a library reads what the caller's version has and uses defaults
 *    for the rest; members a library does not know must be zero. Structs are never passed by value.
 *
 *  - Thread safety. A scorecard is immutable once created: any number of threads may use one
 *    scorecard at the same time, without locks. Destroying it while another thread uses it is the
 *    caller's error. Load options are not synchronised: one thread builds them; once built, any
 *    number of threads may read them (create scorecards with them) at once.
 *
 *  - Text is UTF-8. Nothing is kept of a caller's pointer after a call returns, except the `user`
 *    context of a normaliser callback (see vitals_load_options_add_normaliser).
 */
#ifndef VITALS_H
#define VITALS_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && !defined(VITALS_STATIC)
#  if defined(VITALS_BUILDING_LIBRARY)
#    define VITALS_API __declspec(dllexport)
#  else
#    define VITALS_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define VITALS_API __attribute__((visibility("default")))
#else
#  define VITALS_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- versions ------------------------------------------------------------------------------ */

/** The library version this header belongs to (semantic versioning). */
#define VITALS_VERSION_MAJOR 0
#define VITALS_VERSION_MINOR 1
#define VITALS_VERSION_PATCH 0
#define VITALS_VERSION_STRING "0.1.0"
/** MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 100 for 0.1.0. */
#define VITALS_VERSION_NUMBER (VITALS_VERSION_MAJOR * 10000 + VITALS_VERSION_MINOR * 100 + VITALS_VERSION_PATCH)
/** The ABI this header describes. It changes only if the ABI ever breaks (which it must not):
 *  additions keep it. It is also the SONAME's number (libvitals.so.1). */
#define VITALS_ABI_VERSION 1

/** The library's version, e.g. "0.1.0". Never NULL; static storage. Thread-safe. */
VITALS_API const char* vitals_version_string(void);
/** The library's VITALS_VERSION_NUMBER. Thread-safe. */
VITALS_API int32_t vitals_version_number(void);
/** The library's VITALS_ABI_VERSION. A binding compares it with the value it was written for. */
VITALS_API int32_t vitals_abi_version(void);

/* ---- status codes and errors --------------------------------------------------------------- */

/** 0 = OK; negative = an error (the VITALS_ERR_* codes). */
typedef int32_t vitals_status;

#define VITALS_OK 0
/** A parameter is out of its domain: NULL where a pointer is required, a bad option value. */
#define VITALS_ERR_INVALID_ARGUMENT (-1)
/** A scorecard failed validation (the message lists every problem with its JSON pointer). */
#define VITALS_ERR_INVALID_SCORECARD (-2)
/** Text that is not what it should be (malformed JSON: the message gives line and column). */
#define VITALS_ERR_PARSE (-3)
/** A file could not be opened or read. */
#define VITALS_ERR_IO (-4)
/** Array sizes, strides or buffer lengths do not fit (negative, overflowing, too short). */
#define VITALS_ERR_SHAPE_MISMATCH (-5)
/** A column the scorecard reads is not given, or a name it does not know. */
#define VITALS_ERR_UNKNOWN_COLUMN (-6)
/** A computed value left its range, e.g. a user-defined normaliser failed or returned a
 *  sub-score outside [0, 1]. */
#define VITALS_ERR_OUT_OF_RANGE (-7)
/** The operation is valid but not available (e.g. options with members this library lacks). */
#define VITALS_ERR_NOT_SUPPORTED (-8)
/** A bug in Vitals, or memory exhausted: please report it with the message. */
#define VITALS_ERR_INTERNAL (-9)

/** The name of a status code, e.g. "invalid_argument" for VITALS_ERR_INVALID_ARGUMENT, "ok" for
 *  VITALS_OK, "unknown" for a code this library does not know. Never NULL; static storage. */
VITALS_API const char* vitals_status_string(vitals_status status);

/** The calling thread's message for its last failed call ("" after a successful fallible call or
 *  before any call). It names the function and the argument, e.g.
 *  "vitals_scorecard_score: rows: must not be negative". Never NULL. The pointer stays valid until
 *  the calling thread's next call into the library; copy the text to keep it. */
VITALS_API const char* vitals_last_error(void);

/* ---- handles ------------------------------------------------------------------------------- */

/** A validated, immutable scorecard: measures, groups, weights, normalisers, bands. */
typedef struct vitals_scorecard vitals_scorecard;
/** Options for creating scorecards from JSON: the user-defined normalisers they may name. */
typedef struct vitals_load_options vitals_load_options;

/* ---- user-defined normalisers -------------------------------------------------------------- */

/**
 * A user-defined normaliser: maps `n` raw values `in[0..n)` of one measure to sub-scores
 * `out[0..n)` in [0, 1] (1 = healthy), NaN = missing (map NaN to NaN). It is called with whole
 * chunks (up to the scorer's block size, hundreds of values), not once per value, and possibly
 * from several threads at once (the scorer's worker threads): it must be thread-safe, or the caller
 * scores with threads = 1. `in` and `out` do not overlap. Return 0 on success; any other value
 * fails the scoring call that made the chunk with VITALS_ERR_OUT_OF_RANGE. Sub-scores outside
 * [0, 1] fail it the same way. The function must not call back into the library with the
 * scorecard being scored destroyed, and must not unwind (longjmp, C++ exceptions) through it.
 */
typedef int32_t (*vitals_normaliser_fn)(void* user, const double* in, double* out, int64_t n);
/** Releases a normaliser's `user` context; called exactly once, when nothing uses it any more. */
typedef void (*vitals_release_fn)(void* user);

/** Creates empty load options. `*options` receives the handle (NULL on failure); destroy it with
 *  vitals_load_options_destroy. Errors: VITALS_ERR_INVALID_ARGUMENT (options is NULL). */
VITALS_API vitals_status vitals_load_options_create(vitals_load_options** options);

/**
 * Registers a user-defined normaliser under `name`; a scorecard created with these options may
 * use it as `"normaliser": {"kind": "custom", "name": "<name>"}`, and writes it back that way.
 * `apply` is called as described at vitals_normaliser_fn, with `user` as its first argument.
 * Ownership: on success the library takes `user`; `release` (may be NULL) is called once with it
 * when neither these options nor any scorecard created with them uses the normaliser any more —
 * from the thread that destroys the last of them. On failure nothing is taken and `release` is not
 * called. `name` is copied.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (options, name or apply NULL; name empty or already
 * registered in these options).
 * Thread safety: not synchronised with other calls on the same options.
 */
VITALS_API vitals_status vitals_load_options_add_normaliser(vitals_load_options* options, const char* name,
                                                            vitals_normaliser_fn apply, void* user,
                                                            vitals_release_fn release);

/** Destroys load options. Accepts NULL. Scorecards created with them stay valid (they keep their
 *  normalisers alive). */
VITALS_API void vitals_load_options_destroy(vitals_load_options* options);

/* ---- scorecards ---------------------------------------------------------------------------- */

/** Pass as `length` when the text is NUL-terminated. */
#define VITALS_NUL_TERMINATED ((size_t)-1)

/** Creates the built-in default scorecard (see docs/scorecard-format.md). `*card` receives the
 *  handle (NULL on failure). Errors: VITALS_ERR_INVALID_ARGUMENT (card is NULL). */
VITALS_API vitals_status vitals_scorecard_create_default(vitals_scorecard** card);

/**
 * Creates a scorecard from scorecard-file JSON text: `length` bytes at `json` (or up to the NUL
 * when length is VITALS_NUL_TERMINATED). `options` may be NULL (no user-defined normalisers); it
 * is only read during the call. `*card` receives the handle (NULL on failure).
 * Errors: VITALS_ERR_INVALID_ARGUMENT (json or card NULL), VITALS_ERR_PARSE (not JSON: line and
 * column in the message), VITALS_ERR_INVALID_SCORECARD (every problem, one per line, with its JSON
 * pointer).
 */
VITALS_API vitals_status vitals_scorecard_create_from_json(const char* json, size_t length,
                                                           const vitals_load_options* options,
                                                           vitals_scorecard** card);

/** As vitals_scorecard_create_from_json, reading the file at `path` (NUL-terminated).
 *  Errors: also VITALS_ERR_IO (the file cannot be read). */
VITALS_API vitals_status vitals_scorecard_create_from_file(const char* path, const vitals_load_options* options,
                                                           vitals_scorecard** card);

/** Destroys a scorecard. Accepts NULL. No other thread may be using it. */
VITALS_API void vitals_scorecard_destroy(vitals_scorecard* card);

/**
 * The scorecard as a JSON summary, into `buffer` (see "Strings" above):
 * {"name", "description", "min_coverage", "inputs": [column, ...],
 *  "measures": [{"name", "group", "inputs": [column, ...], "normaliser": kind, "weight", "share"}],
 *  "groups": [{"name", "parent", "aggregation", "weight", "share"}],
 *  "bands": {"cutoffs": [...], "labels": [...]}}
 * where "share" is the share of the whole score a measure or group carries when every measure is
 * present. Errors: VITALS_ERR_INVALID_ARGUMENT (card NULL; buffer NULL with size > 0),
 * VITALS_ERR_SHAPE_MISMATCH (buffer too short).
 */
VITALS_API vitals_status vitals_scorecard_describe(const vitals_scorecard* card, char* buffer, size_t size,
                                                   size_t* needed);

/** The scorecard in the scorecard file format (JSON; create_from_json of it gives an equal
 *  scorecard, given the same user-defined normalisers), into `buffer` as vitals_scorecard_describe.
 *  Errors: as vitals_scorecard_describe. */
VITALS_API vitals_status vitals_scorecard_to_json(const vitals_scorecard* card, char* buffer, size_t size,
                                                  size_t* needed);

/** The number of input columns the scorecard reads. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL). */
VITALS_API vitals_status vitals_scorecard_input_count(const vitals_scorecard* card, int64_t* count);

/** The name of input column `index` (0 <= index < input count), in the order the scorecard reads
 *  them (the order of `values` when no column names are given). `*name` points into the
 *  scorecard: valid until it is destroyed. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers),
 *  VITALS_ERR_OUT_OF_RANGE (index). */
VITALS_API vitals_status vitals_scorecard_input_name(const vitals_scorecard* card, int64_t index,
                                                     const char** name);

/** The number of measures (the width of the contributions and points-lost outputs). */
VITALS_API vitals_status vitals_scorecard_measure_count(const vitals_scorecard* card, int64_t* count);

/** The name of measure `index`, as vitals_scorecard_input_name. Driver outputs are measure indices. */
VITALS_API vitals_status vitals_scorecard_measure_name(const vitals_scorecard* card, int64_t index,
                                                       const char** name);

/** The number of bands (traffic-light labels). */
VITALS_API vitals_status vitals_scorecard_band_count(const vitals_scorecard* card, int64_t* count);

/** The label of band `index`; VITALS_BAND_NONE gives "no data". As vitals_scorecard_input_name. */
VITALS_API vitals_status vitals_scorecard_band_label(const vitals_scorecard* card, int64_t index,
                                                     const char** label);

/* ---- scoring ------------------------------------------------------------------------------- */

/** Element types of input arrays. */
typedef int32_t vitals_dtype;
#define VITALS_DTYPE_FLOAT64 1 /* double */
#define VITALS_DTYPE_FLOAT32 2 /* float */

/** Account status values in the `status` output. */
#define VITALS_ACCOUNT_OK 0
/** Coverage below the scorecard's minimum: no score (NaN), band VITALS_BAND_NONE. */
#define VITALS_ACCOUNT_INSUFFICIENT_DATA 1
/** The band of an account that was not scored. */
#define VITALS_BAND_NONE (-1)
/** The most drivers per account a scoring call reports. */
#define VITALS_MAX_TOP_K 64

/** Options of a scoring call (versioned: set struct_size = sizeof(vitals_score_options)).
 *  A zeroed struct (with struct_size set) means the defaults; so does passing NULL. */
typedef struct vitals_score_options {
    size_t struct_size;
    /** Worker threads: 0 = one per hardware thread, 1 = the calling thread only, at most 1024.
     *  Results do not depend on it. */
    int64_t threads;
    /** Drivers per account, the row width of the `drivers` output: 0 = the default (3), at most
     *  VITALS_MAX_TOP_K. */
    int64_t top_k;
    /** Non-zero: input columns the scorecard reads that are not among the given columns are
     *  missing (NaN) for every account. Zero: that is VITALS_ERR_UNKNOWN_COLUMN. */
    int64_t allow_absent_columns;
    /** Accounts per block (cache-sized work unit): 0 = the default, at most 65536 (and at most
     *  64 MiB of scratch per thread). Results do not depend on it. */
    int64_t block_size;
} vitals_score_options;

/** Output buffers of a scoring call (versioned: set struct_size = sizeof(vitals_score_output)).
 *  A NULL pointer means "not wanted" (its length is then ignored). Lengths are in elements and must
 *  be at least what the comment says; "rows" is the number of accounts scored. */
typedef struct vitals_score_output {
    size_t struct_size;
    double* score;         /**< rows: 0-100, NaN when not scored */
    int64_t score_length;
    int32_t* band;         /**< rows: band index, VITALS_BAND_NONE when not scored */
    int64_t band_length;
    double* coverage;      /**< rows: share of the scorecard's weight with data, 0-1 */
    int64_t coverage_length;
    int32_t* status;       /**< rows: VITALS_ACCOUNT_* */
    int64_t status_length;
    double* contributions; /**< rows x measures, account-major: points each measure adds (NaN when
                                not scored, 0 when the measure is missing) */
    int64_t contributions_length;
    double* points_lost;   /**< rows x measures, account-major: points each measure loses */
    int64_t points_lost_length;
    int32_t* drivers;      /**< rows x top_k, account-major: measure indices losing the most points,
                                most first, -1 padded */
    int64_t drivers_length;
} vitals_score_output;

/**
 * Scores `rows` accounts. The input is the strided matrix `data` (`dtype`, rows x cols, element
 * (i, j) at data[i * row_stride + j * col_stride]; NaN = missing). `columns[j]` (j < n_columns)
 * names matrix column j; n_columns must equal cols. Columns the scorecard does not read are
 * ignored; columns it reads must all be given (see options->allow_absent_columns). When `columns`
 * is NULL (and n_columns 0), the matrix columns are the scorecard's inputs in their order
 * (vitals_scorecard_input_name), and cols must equal the input count.
 * `options` may be NULL (defaults). Results go into the buffers `output` points to; buffers may
 * not overlap the input. On failure the output buffers' contents are unspecified.
 * Results are identical to scoring each account alone (bit for bit), whatever the threads and
 * block size. Thread-safe: any number of calls may share one scorecard.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (card, output or data NULL; bad dtype; a NULL column name;
 * columns NULL with n_columns != 0; an option out of range; a column named twice),
 * VITALS_ERR_SHAPE_MISMATCH (negative or overflowing sizes or strides, n_columns != cols, a
 * buffer too short), VITALS_ERR_UNKNOWN_COLUMN (a column the scorecard reads is not given),
 * VITALS_ERR_OUT_OF_RANGE (a user-defined normaliser failed), VITALS_ERR_NOT_SUPPORTED (a struct
 * with non-zero members this library does not know).
 */
VITALS_API vitals_status vitals_scorecard_score(const vitals_scorecard* card, const void* data, vitals_dtype dtype,
                                                int64_t rows, int64_t cols, int64_t row_stride, int64_t col_stride,
                                                const char* const* columns, int64_t n_columns,
                                                const vitals_score_options* options,
                                                const vitals_score_output* output);

/**
 * Explains one account, as JSON into `buffer` (see "Strings" above). The account is `n_values`
 * values; `columns[k]` names values[k] (columns the scorecard does not read are ignored; columns
 * not given are missing). When `columns` is NULL, the values are the scorecard's inputs in order
 * and n_values must equal the input count. NaN = missing. The JSON:
 * {"status": "ok" | "insufficient_data", "score": number | null, "band": index (-1 = none),
 *  "band_label", "coverage",
 *  "measures": [{"index", "name", "group", "raw", "sub_score", "weight", "effective_weight",
 *                "contribution", "points_lost"}, ...],          (scorecard order)
 *  "groups": [{"name", "score", "coverage", "effective_weight"}, ...], (top level "" first)
 *  "drivers": [measure index, ...]}   (every measure losing points, most first)
 * where raw is the measure's input value (a ratio for ratio measures), weight its share of the
 * score with every measure present, effective_weight its share given what is present; null
 * stands for NaN (missing). Contributions sum to the score, points lost to 100 - score.
 * Thread-safe. Errors: VITALS_ERR_INVALID_ARGUMENT (card NULL, values NULL with n_values > 0, a
 * NULL column name, a column given twice, buffer NULL with size > 0), VITALS_ERR_SHAPE_MISMATCH
 * (n_values negative or not the input count when columns is NULL; buffer too short),
 * VITALS_ERR_OUT_OF_RANGE (a user-defined normaliser failed).
 */
VITALS_API vitals_status vitals_scorecard_explain(const vitals_scorecard* card, const double* values,
                                                  const char* const* columns, int64_t n_values, char* buffer,
                                                  size_t size, size_t* needed);

/* ---- signals: trends from history, the score trend, alerts ---------------------------------- */
/* A metric's history is a strided matrix of rows = accounts x periods (oldest first, NaN =
 * missing), like the input of vitals_scorecard_score. docs/signals.md describes the measures. */

/** Trend kinds (vitals_trend_compute, vitals_scorecard_trend_info). */
#define VITALS_TREND_SLOPE 0          /* least-squares slope / |mean| per period */
#define VITALS_TREND_PERCENT_CHANGE 1 /* (newest - oldest present) / |oldest| x 100 */
#define VITALS_TREND_DECLINES 2       /* consecutive strict declines ending at the newest value */

/** Score directions (vitals_score_trend_compute). */
#define VITALS_DIRECTION_DECLINING (-1)
#define VITALS_DIRECTION_STABLE 0
#define VITALS_DIRECTION_IMPROVING 1
#define VITALS_DIRECTION_UNKNOWN 2 /* no score, or no previous score */

/** Alert severities (vitals_scorecard_alert_severity). */
#define VITALS_SEVERITY_INFO 0
#define VITALS_SEVERITY_WARNING 1
#define VITALS_SEVERITY_CRITICAL 2

/** Alert outcomes (vitals_alert_output.outcome). */
#define VITALS_ALERT_QUIET 0      /* the condition does not hold (or its value is missing) */
#define VITALS_ALERT_FIRED 1
#define VITALS_ALERT_SUPPRESSED 2 /* the condition holds, but the alert is in its cooldown */

/**
 * One trend measure for `rows` accounts over the last `window` periods (>= 2) of their history,
 * the strided matrix `data` (`dtype`, rows x periods, element (i, j) at
 * data[i * row_stride + j * col_stride]), into out[0..rows). NaN where it cannot be told: fewer
 * than 2 present values in the window; for VITALS_TREND_SLOPE a zero mean with a non-flat line (a
 * flat line is 0); for VITALS_TREND_PERCENT_CHANGE an oldest value of 0 with a non-zero newest.
 * A history shorter than the window counts as padded with missing periods. Thread-safe.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (bad kind or dtype, window < 2, data or out NULL with
 * rows > 0), VITALS_ERR_SHAPE_MISMATCH (negative or overflowing sizes, out_length < rows).
 */
VITALS_API vitals_status vitals_trend_compute(int32_t kind, const void* data, vitals_dtype dtype, int64_t rows,
                                              int64_t periods, int64_t row_stride, int64_t col_stride, int64_t window,
                                              double* out, int64_t out_length);

/**
 * The score trend of `rows` accounts: score[i] against the mean of the newest `window` (>= 1)
 * present previous scores of account i (the strided matrix `previous`, rows x periods, oldest
 * first, NaN = no score; periods may be 0). change[i] = the difference in points (NaN when either
 * side is missing); direction[i] = VITALS_DIRECTION_IMPROVING when change > dead_band, DECLINING
 * when change < -dead_band, STABLE otherwise, UNKNOWN when change is NaN. `change` or
 * `direction` may be NULL (not wanted). Thread-safe.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (score or previous NULL when needed, dead_band negative or
 * not finite, window < 1), VITALS_ERR_SHAPE_MISMATCH (negative sizes, a buffer shorter than rows).
 */
VITALS_API vitals_status vitals_score_trend_compute(const double* score, int64_t rows, const double* previous,
                                                    int64_t periods, int64_t row_stride, int64_t col_stride,
                                                    double dead_band, int64_t window, double* change,
                                                    int64_t change_length, int32_t* direction,
                                                    int64_t direction_length);

/** The scorecard's "score_trend" settings (defaults 2.0 and 1 when its file has none).
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (a NULL pointer). */
VITALS_API vitals_status vitals_scorecard_score_trend_settings(const vitals_scorecard* card, double* dead_band,
                                                               int64_t* window);

/** The number of derived trend columns the scorecard declares ("trends"). */
VITALS_API vitals_status vitals_scorecard_trend_count(const vitals_scorecard* card, int64_t* count);

/** Derived trend column `index`: its column name, the history metric it reads, its kind
 *  (VITALS_TREND_*) and window. Any out-pointer may be NULL (not wanted); the strings point into
 *  the scorecard (valid until it is destroyed). Compute the column with vitals_trend_compute over
 *  the metric's history. Errors: VITALS_ERR_INVALID_ARGUMENT (card NULL), VITALS_ERR_OUT_OF_RANGE
 *  (index). */
VITALS_API vitals_status vitals_scorecard_trend_info(const vitals_scorecard* card, int64_t index, const char** name,
                                                     const char** metric, int32_t* kind, int64_t* window);

/** The number of alert rules the scorecard declares ("alerts"): the width of alert outputs. */
VITALS_API vitals_status vitals_scorecard_alert_count(const vitals_scorecard* card, int64_t* count);

/** The name of alert `index`, as vitals_scorecard_measure_name. */
VITALS_API vitals_status vitals_scorecard_alert_name(const vitals_scorecard* card, int64_t index, const char** name);

/** The reason text of alert `index` ("" when the file gives none), as vitals_scorecard_measure_name. */
VITALS_API vitals_status vitals_scorecard_alert_reason(const vitals_scorecard* card, int64_t index,
                                                       const char** reason);

/** The severity (VITALS_SEVERITY_*) of alert `index`. Errors: as vitals_scorecard_measure_name. */
VITALS_API vitals_status vitals_scorecard_alert_severity(const vitals_scorecard* card, int64_t index,
                                                         int32_t* severity);

/** What an alert evaluation reads (versioned: set struct_size = sizeof(vitals_alert_input)).
 *  "rows" is the number of accounts; account i is row i of every matrix. */
typedef struct vitals_alert_input {
    size_t struct_size;
    /** rows x cols float64 values (element (i, j) at values[i * row_stride + j * col_stride]):
     *  the input columns and derived trend columns the alerts read; NULL allowed when cols = 0. */
    const double* values;
    int64_t rows;
    int64_t cols;
    int64_t row_stride;
    int64_t col_stride;
    /** The name of each values column: n_columns must equal cols. */
    const char* const* columns;
    int64_t n_columns;
    /** rows current scores (NaN = not scored), e.g. vitals_score_output.score. */
    const double* score;
    int64_t score_length;
    /** rows x periods previous scores, oldest first, NaN = none; NULL allowed when periods = 0. */
    const double* previous;
    int64_t periods;
    int64_t previous_row_stride;
    int64_t previous_col_stride;
    /** rows x alerts, account-major: periods since each alert last fired for the account (1 = in
     *  the previous period), -1 = never / unknown. NULL = -1 everywhere. */
    const int32_t* since_fired;
    int64_t since_fired_length;
    /** Non-zero: columns the alerts read that are not given are missing (the alert stays quiet).
     *  Zero: that is VITALS_ERR_UNKNOWN_COLUMN. */
    int64_t allow_absent_columns;
} vitals_alert_input;

/** Outputs of an alert evaluation (versioned: set struct_size = sizeof(vitals_alert_output)).
 *  Every buffer is rows x alerts, account-major (alert r of account i at [i * alerts + r]); NULL =
 *  not wanted; lengths in elements. */
typedef struct vitals_alert_output {
    size_t struct_size;
    int32_t* outcome;       /**< VITALS_ALERT_QUIET, _FIRED or _SUPPRESSED */
    int64_t outcome_length;
    double* value;          /**< the value tested: the score (band downgrade), the points dropped
                                 (score drop), the column value or sub-score x 100 (threshold);
                                 NaN when missing */
    int64_t value_length;
    double* threshold;      /**< what it was tested against: the latest previous score, the rule's
                                 points, the rule's threshold */
    int64_t threshold_length;
    int32_t* since_fired;   /**< the since_fired input for the next period: 1 when fired now,
                                 since + 1 when it fired before, -1 otherwise */
    int64_t since_fired_length;
} vitals_alert_output;

/**
 * Evaluates every alert rule of the scorecard for input->rows accounts. A rule whose condition
 * holds fires, unless it fired fewer than its cooldown periods ago (since_fired in [0, cooldown)):
 * then it is suppressed. On failure the outputs are unspecified. Thread-safe.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (card, input, output, score NULL; a NULL or repeated column
 * name; bad struct_size), VITALS_ERR_SHAPE_MISMATCH (negative or overflowing sizes, n_columns !=
 * cols, a buffer too short), VITALS_ERR_UNKNOWN_COLUMN (a column the alerts read is not given),
 * VITALS_ERR_NOT_SUPPORTED (struct members this library does not know are set).
 */
VITALS_API vitals_status vitals_scorecard_evaluate_alerts(const vitals_scorecard* card, const vitals_alert_input* input,
                                                          const vitals_alert_output* output);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* VITALS_H */
