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
#include "vitals/version.h"

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

/* The library version this header belongs to (semantic versioning): VITALS_VERSION_MAJOR, _MINOR,
 * _PATCH, _STRING and _NUMBER (MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 100 for 0.1.0), defined
 * in vitals/version.h, the one place the version is written. */
/** The ABI this header describes. It changes only if the ABI ever breaks (which it must not):
 *  additions keep it. It is also the SONAME's number (libvitals.so.1). */
#define VITALS_ABI_VERSION 1

/** The library's version, e.g. "0.1.0". Never NULL; static storage. Thread-safe. */
VITALS_API const char* vitals_version_string(void);
/** The library's VITALS_VERSION_NUMBER. Thread-safe. */
VITALS_API int32_t vitals_version_number(void);
/** The library's VITALS_ABI_VERSION. A binding compares it with the value it was written for. */
VITALS_API int32_t vitals_abi_version(void);
/** How this library runs here, one line: its version, the instruction-set level its batch kernels
 *  run at ("isa baseline", "isa avx2" or "isa avx512"), the best level this CPU has, the levels
 *  it was built with, and the compiler, e.g.
 *  "vitals 0.1.0; isa avx2; cpu avx2; kernels baseline avx2 avx512; GCC 12.2.0".
 *  The level is chosen once, when the library first scores or is asked: the best the CPU has, or
 *  the one the environment variable VITALS_ISA names (baseline, avx2, avx512). A level the CPU
 *  lacks, or an unknown name, falls back to the best the CPU has, and the line says so in
 *  parentheses after the level. Every level gives the same results bit for bit.
 *  Never NULL; static storage. Thread-safe. */
VITALS_API const char* vitals_build_info(void);

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
 * [0, 1] fail it the same way, and so does a value for a NaN input (missing in, missing out: a
 * sub-score made up for missing data would count as data). The function must not call back into the library with the
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

/** Whether input `index` is a column of levels (a "categories" measure reads it; see
 *  docs/scorecard-format.md): `*count` is its number of levels, 0 for a number column, and
 *  `*unseen` (may be NULL) 1 when a text that is none of its levels is an error, 0 when it is
 *  missing. A host passes such a column as level codes: the level's index (0 .. count - 1) as a
 *  double; any other value is missing. Errors: VITALS_ERR_INVALID_ARGUMENT (card or count NULL),
 *  VITALS_ERR_OUT_OF_RANGE (index). */
VITALS_API vitals_status vitals_scorecard_input_levels(const vitals_scorecard* card, int64_t index, int64_t* count,
                                                       int32_t* unseen);

/** The text of code `level` of input `index`'s levels, as vitals_scorecard_input_name. A text
 *  matches a level ignoring ASCII case and surrounding spaces and tabs. Errors:
 *  VITALS_ERR_INVALID_ARGUMENT (NULL pointers), VITALS_ERR_OUT_OF_RANGE (index, or level not below
 *  the level count). */
VITALS_API vitals_status vitals_scorecard_input_level(const vitals_scorecard* card, int64_t index, int64_t level,
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
 *  "drivers": [measure index, ...],   (every measure losing points, most first)
 *  "driver_names": [measure name, ...], "scorecard": name,
 *  "derived": [{"name", "expression", "value"}, ...],  (only when the scorecard declares some)
 *  "breakdown": {the group tree}}
 * the text `vitals explain --format json` prints, without its account_id, source and origin
 * (docs/c-api.md describes every key), where raw is the measure's input value (a ratio for ratio measures), weight its share of the
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

/**
 * The path to green of one account, as JSON text written into `buffer` like
 * vitals_scorecard_explain (values / columns / n_values the same): for each measure that can lift
 * the account into `target_band` (a band index; -1 = the band above the account's) on its own,
 * the least change of its column that does it, least effort first; the cheapest pair when no
 * single measure is enough; and the measures not offered, with why. `not_actionable` names
 * n_not_actionable measures to leave alone (e.g. tenure). Re-scoring the account with a proposed
 * value lands it in the band (vitals/path_to_green.hpp says how the change is computed).
 * {"score", "band", "band_label", "target_band", "target_label", "cutoff", "note",
 *  "single": [{"changes": [{"measure", "name", "column", "value_from", "value_to", "raw_from",
 *              "raw_to", "sub_score_from", "sub_score_to"}], "score", "band", "band_label",
 *              "effort"}, ...],
 *  "pair": {the same, two changes} | null,
 *  "blocked": [{"measure", "name", "reason"}, ...]}
 * `note` says why there is no target ("already in the top band", "not scored ..."; then
 * target_band is -1). Thread-safe. Errors: those of vitals_scorecard_explain, and
 * VITALS_ERR_INVALID_ARGUMENT (target_band not a band nor -1; not_actionable NULL with
 * n_not_actionable > 0, or a NULL name), VITALS_ERR_SHAPE_MISMATCH (n_not_actionable negative),
 * VITALS_ERR_UNKNOWN_COLUMN (a not-actionable name that is no measure).
 */
VITALS_API vitals_status vitals_scorecard_path_to_green(const vitals_scorecard* card, const double* values,
                                                        const char* const* columns, int64_t n_values,
                                                        int32_t target_band, const char* const* not_actionable,
                                                        int64_t n_not_actionable, char* buffer, size_t size,
                                                        size_t* needed);

/* ---- drift and calibration: the population stability index, band cut-offs per share wanted --- */
/*
 * Pure functions over caller-owned arrays; any number of threads may call them at once. The
 * definitions are those of vitals/portfolio/stability.hpp and band_proposal.hpp (docs/history.md,
 * "Drift" and "Calibrating the bands").
 */

/** Verdicts of a population stability index (vitals_population_stability). */
#define VITALS_STABLE 0            /* PSI < 0.10 */
#define VITALS_MODERATE_SHIFT 1    /* 0.10 <= PSI < 0.25 */
#define VITALS_SIGNIFICANT_SHIFT 2 /* PSI >= 0.25 */

/**
 * The population stability index of `actual` (n_actual values) against `expected` (n_expected), over
 * `bins` bins at the quantiles of expected's known values (0 = 10); NaN is missing and a bin of its
 * own. Writes *psi and, when verdict is not NULL, *verdict (VITALS_STABLE ...). Errors:
 * VITALS_ERR_INVALID_ARGUMENT (an array NULL with its n > 0, psi NULL, bins 1 or negative, either
 * population empty, an infinite value: the message names its index), VITALS_ERR_SHAPE_MISMATCH (a
 * negative n).
 */
VITALS_API vitals_status vitals_population_stability(const double* expected, int64_t n_expected, const double* actual,
                                                     int64_t n_actual, int32_t bins, double* psi, int32_t* verdict);

/**
 * Band cut-offs for `card` that give the accounts with a score among `scores` (n of them, NaN = not
 * scored) the share wanted per band: target_share holds one share in [0, 1] per band of the card,
 * lowest band first (n_targets = vitals_scorecard_band_count), NaN for a band without a target. A
 * target for a band moves the cut-off above it, one for the top band alone the cut-off below it;
 * the others stay. The roundest cut-off giving the count nearest the one wanted (within one account
 * unless equal scores stand at it). Writes the cut-offs (band count - 1 of them) into `cutoffs` and,
 * when counts is not NULL, the accounts per band under them into `counts`. Errors:
 * VITALS_ERR_INVALID_ARGUMENT (card, cutoffs or an input NULL; a share outside [0, 1], no target,
 * shares adding up to more than 1, or a target for every band not adding up to 1; no account with a
 * score; a target that a kept cut-off blocks: the message names the band to give a target too),
 * VITALS_ERR_SHAPE_MISMATCH (n negative, n_targets not the band count, cutoffs_length or
 * counts_length too short).
 */
VITALS_API vitals_status vitals_scorecard_propose_bands(const vitals_scorecard* card, const double* scores, int64_t n,
                                                        const double* target_share, int64_t n_targets, double* cutoffs,
                                                        int64_t cutoffs_length, int64_t* counts, int64_t counts_length);

/* ---- portfolio views: quadrants, the prioritised list, parent / child roll-up --------------- */
/*
 * Pure functions over two columns, one entry per account: `arr` (the account's value; NaN =
 * unknown, otherwise finite and >= 0) and `score` (0-100; NaN = not scored). Nothing is kept after
 * a call; any number of threads may call them at once. The definitions (tie rules included) are
 * those of the C++ headers vitals/portfolio/{quadrant,priority,rollup}.hpp and docs/portfolio.md.
 */

/** Quadrant codes (the `quadrant` output; they also index the summary's arrays). */
#define VITALS_QUADRANT_COMMITTED 0        /* high value, healthy */
#define VITALS_QUADRANT_AT_RISK 1          /* high value, unhealthy */
#define VITALS_QUADRANT_GROWTH_CANDIDATE 2 /* low value, healthy */
#define VITALS_QUADRANT_MAINTENANCE 3      /* low value, unhealthy */
#define VITALS_QUADRANT_UNKNOWN 4          /* ARR or score missing */
#define VITALS_QUADRANT_COUNT 5

/** How "high value" is decided (vitals_quadrant_rule.value_rule, vitals_priority_options.value_rule). */
/** The smallest set of accounts holding revenue_percent % of the revenue; equal ARRs at the boundary
 *  are all in (so the set does not depend on input order); no account when the revenue is 0. */
#define VITALS_VALUE_TOP_REVENUE 0
/** ARR >= arr_cutoff (an ARR exactly at the cut-off is high value). */
#define VITALS_VALUE_ARR_CUTOFF 1

/** The quadrant rule (versioned: set struct_size = sizeof(vitals_quadrant_rule)). A zeroed struct
 *  (with struct_size set), or NULL, means: the top 50 % of revenue is high value, a score >= 70 is
 *  healthy. */
typedef struct vitals_quadrant_rule {
    size_t struct_size;
    int64_t value_rule;          /**< VITALS_VALUE_* */
    double revenue_percent;      /**< (0, 100]; 0 = the default 50 (VITALS_VALUE_TOP_REVENUE) */
    double arr_cutoff;           /**< finite, >= 0 (VITALS_VALUE_ARR_CUTOFF) */
    int64_t health_threshold_set; /**< non-zero: use health_threshold; zero: 70 */
    double health_threshold;     /**< [0, 100]: a score >= it is healthy (see
                                      vitals_scorecard_health_threshold for a scorecard's) */
} vitals_quadrant_rule;

/** Counts and revenue per quadrant (versioned output: set struct_size; the library writes the
 *  members that fit in it whole, so an older or smaller struct_size, down to 8 (struct_size alone),
 *  gets fewer members; 0 is an error). Arrays are indexed by the VITALS_QUADRANT_* codes. */
typedef struct vitals_quadrant_summary {
    size_t struct_size;
    int64_t counts[VITALS_QUADRANT_COUNT];  /**< accounts per quadrant */
    double revenue[VITALS_QUADRANT_COUNT];  /**< known ARR per quadrant (UNKNOWN: accounts with an
                                                 ARR but no score) */
    double total_revenue;                   /**< all known ARR */
    double value_cutoff;                    /**< effective cut-off: ARR >= it is high value; +inf:
                                                 no account is */
    double health_threshold;                /**< the threshold used */
    int64_t high_value;                     /**< accounts with a known ARR >= value_cutoff */
} vitals_quadrant_summary;

/** The display label of a quadrant code: "Committed", "At Risk", "Growth Candidate",
 *  "Maintenance", "Unknown"; "" for a code out of range. Never NULL; static storage. Thread-safe. */
VITALS_API const char* vitals_quadrant_label(int32_t quadrant);

/** The lower cutoff of the scorecard's top band (70 with the default bands): the default health
 *  threshold. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers; a scorecard with a single band).
 *  Thread-safe. */
VITALS_API vitals_status vitals_scorecard_health_threshold(const vitals_scorecard* card, double* threshold);

/**
 * Places `n` accounts in the value x health quadrants. `quadrant` (NULL = not wanted) receives a
 * VITALS_QUADRANT_* code per account (quadrant_length >= n); `summary` (NULL = not wanted) the
 * counts and revenue per quadrant. `rule` NULL = the defaults. arr and score may be NULL when n is 0.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (arr or score NULL with n > 0; a rule value out of its range;
 * an ARR negative or infinite, a score outside [0, 100]: the message names the index),
 * VITALS_ERR_SHAPE_MISMATCH (n negative, quadrant_length < n), VITALS_ERR_NOT_SUPPORTED (struct
 * members this library does not know).
 */
VITALS_API vitals_status vitals_portfolio_classify(const double* arr, const double* score, int64_t n,
                                                   const vitals_quadrant_rule* rule, int32_t* quadrant,
                                                   int64_t quadrant_length, vitals_quadrant_summary* summary);

/** Options of the prioritised list (versioned: set struct_size). Zeroed or NULL: every account
 *  with an ARR and a score, no limit. */
typedef struct vitals_priority_options {
    size_t struct_size;
    int64_t limit;            /**< at most this many entries; 0 = no limit */
    int64_t high_value_only;  /**< non-zero: only high-value accounts, by the rule below */
    int64_t value_rule;       /**< VITALS_VALUE_* */
    double revenue_percent;   /**< 0 = the default 50 */
    double arr_cutoff;
} vitals_priority_options;

/** What the prioritised list holds (versioned output: set struct_size; the members that fit in it
 *  whole are written, as vitals_quadrant_summary). */
typedef struct vitals_priority_summary {
    size_t struct_size;
    int64_t listed;       /**< entries written */
    int64_t eligible;     /**< accounts that could be listed, before the limit */
    int64_t left_out;     /**< accounts left out for a missing ARR or score (among the high-value
                               ones when high_value_only) */
    double value_cutoff;  /**< the high-value cut-off used (high_value_only), else 0 */
} vitals_priority_summary;

/**
 * The prioritised assessment list: account indices ordered by revenue at risk,
 * ARR x (100 - score) / 100, largest first; ties by ARR (largest first), then score (lowest
 * first), then index. Accounts without an ARR or a score are not listed (summary->left_out).
 * `order` (length >= n, or >= the limit when one is set and smaller) receives the indices, -1 after
 * the last entry; `at_risk` (NULL = not wanted; else the same length) their revenue at risk, NaN
 * after the last; order may be NULL only when n is 0. `summary` may be NULL.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (NULL arrays with n > 0, a negative limit, a rule value out of range, an ARR or score out of its
 * domain), VITALS_ERR_SHAPE_MISMATCH (n negative, length too short), VITALS_ERR_NOT_SUPPORTED.
 */
VITALS_API vitals_status vitals_portfolio_prioritise(const double* arr, const double* score, int64_t n,
                                                     const vitals_priority_options* options, int64_t* order,
                                                     double* at_risk, int64_t length,
                                                     vitals_priority_summary* summary);

/** The parent of a top-level account. */
#define VITALS_NO_PARENT (-1)

/**
 * Parent indices from text ids: ids[i] is account i's id (unique, non-empty), parent_ids[i] its
 * parent's id, or NULL or "" for a top-level account. `parent` (parent_length >= n) receives the
 * index of each parent, VITALS_NO_PARENT for none. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL
 * arrays with n > 0, a NULL, empty or duplicate id: the message names it),
 * VITALS_ERR_UNKNOWN_COLUMN (a parent id that names no account: the message names both),
 * VITALS_ERR_SHAPE_MISMATCH (n negative, parent_length < n). Cycles are found by
 * vitals_portfolio_roll_up.
 */
VITALS_API vitals_status vitals_portfolio_resolve_parents(const char* const* ids, const char* const* parent_ids,
                                                          int64_t n, int64_t* parent, int64_t parent_length);

/** Outputs of a roll-up (versioned: set struct_size = sizeof(vitals_rollup_output)). NULL = not
 *  wanted; each length must be >= n. */
typedef struct vitals_rollup_output {
    size_t struct_size;
    double* score;            /**< rolled score: ARR-weighted mean over the leaf descendants with an
                                   ARR and a score (NaN when none, or their ARR sums to 0); an
                                   account without children keeps its own score */
    int64_t score_length;
    double* coverage;         /**< ARR of the leaves in the mean / known ARR of all leaves (NaN when
                                   that is 0); 1 or 0 for an account without children */
    int64_t coverage_length;
    int64_t* leaves;          /**< leaf descendants (1 for an account without children) */
    int64_t leaves_length;
    int64_t* scored_leaves;   /**< of those, the ones in the mean */
    int64_t scored_leaves_length;
} vitals_rollup_output;

/**
 * Rolls scores up a parent / child hierarchy: parent[i] is the index of account i's parent or
 * VITALS_NO_PARENT. Nested hierarchies roll up recursively; a parent's own score and ARR are not
 * used. `ids` (NULL, or n NUL-terminated ids) only serve the error messages. `output` may not be
 * NULL. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL arrays with n > 0; a parent index out of range;
 * a cycle: the message lists the accounts on it; an ARR or score out of its domain),
 * VITALS_ERR_SHAPE_MISMATCH (n negative, an output too short), VITALS_ERR_NOT_SUPPORTED.
 */
VITALS_API vitals_status vitals_portfolio_roll_up(const double* arr, const double* score, const int64_t* parent,
                                                  int64_t n, const char* const* ids,
                                                  const vitals_rollup_output* output);

/* ---- stakeholder-weighted survey measures -------------------------------------------------- */

/** Respondent roles (the `role` input), most senior first. */
#define VITALS_ROLE_C_SUITE 0
#define VITALS_ROLE_VP 1
#define VITALS_ROLE_DIRECTOR 2
#define VITALS_ROLE_MANAGER 3
#define VITALS_ROLE_USER 4
#define VITALS_ROLE_COUNT 5

/** Output columns, in the order of the column-major block vitals_survey_measures writes. */
#define VITALS_SURVEY_NPS 0                         /* "survey_nps", -100..100 */
#define VITALS_SURVEY_PARTICIPATION 1               /* "survey_participation", 0..1 */
#define VITALS_SURVEY_PARTICIPATION_BELOW_TARGET 2  /* "survey_participation_below_target", 0 or 1 */
#define VITALS_SURVEY_SENIORITY_LEVELS 3            /* "survey_seniority_levels", bit r = role r answered */
#define VITALS_SURVEY_SENIORITY_COVERAGE 4          /* "survey_seniority_coverage", levels answered / 5 */
#define VITALS_SURVEY_SENIOR_VOICES_MISSING 5       /* "survey_senior_voices_missing", 0 or 1 */
#define VITALS_SURVEY_INVITED 6                     /* "survey_invited", rows of the account */
#define VITALS_SURVEY_ANSWERED 7                    /* "survey_answered", rows with an answer */
#define VITALS_SURVEY_COLUMN_COUNT 8

/** Survey options (versioned: set struct_size). Zeroed or NULL: the default role weights
 *  (c_suite 3, vp 2, director 1.5, manager 1, user 0.5) and the 75 % participation target. */
typedef struct vitals_survey_options {
    size_t struct_size;
    double role_weights[VITALS_ROLE_COUNT]; /**< by VITALS_ROLE_*: finite, >= 0; all zero = defaults */
    double participation_target;            /**< (0, 1]; 0 = the default 0.75 */
} vitals_survey_options;

/** The name of output column `index` (VITALS_SURVEY_*), e.g. "survey_nps"; static storage.
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (name NULL), VITALS_ERR_OUT_OF_RANGE (index). */
VITALS_API vitals_status vitals_survey_column_name(int64_t index, const char** name);

/** A role from text (`length` bytes, or VITALS_NUL_TERMINATED): c_suite, vp, director, manager or
 *  user, case-insensitive, surrounding spaces ignored, "c-suite" / "c suite" accepted. `*role`
 *  receives a VITALS_ROLE_* code. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers),
 *  VITALS_ERR_PARSE (not a role: the message quotes the text). Thread-safe. */
VITALS_API vitals_status vitals_survey_parse_role(const char* text, size_t length, int32_t* role);

/**
 * Survey measures for `accounts` accounts from `rows` survey rows given as parallel arrays, one
 * row per invited stakeholder: account[k] (0..accounts-1), role[k] (VITALS_ROLE_*), answer[k]
 * (a whole number 0..10, or NaN: invited, no answer). `out` receives accounts x
 * VITALS_SURVEY_COLUMN_COUNT doubles, column-major (column c at out[c * accounts]); out_length
 * must be at least that. NPS = 100 x (promoter weight - detractor weight) / answered weight
 * (promoters 9-10, detractors 0-6, weights by role). An account without rows gets NaN in every
 * measure column and 0 in the two counts. Thread-safe.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (NULL arrays with rows > 0, out NULL with accounts > 0, an
 * option out of range, a row whose account, role or answer is out of range: the message names the
 * row), VITALS_ERR_SHAPE_MISMATCH (negative counts, out_length too short), VITALS_ERR_NOT_SUPPORTED.
 */
VITALS_API vitals_status vitals_survey_measures(int64_t accounts, const int64_t* account, const int32_t* role,
                                                const double* answer, int64_t rows,
                                                const vitals_survey_options* options, double* out,
                                                int64_t out_length);

/* ---- fitting and back-testing (docs/models.md) ---------------------------------------------- */

/**
 * Fits a scorecard to churn outcomes: `start`'s weights (and, with "bin", its thresholds) are
 * fitted to the accounts in `data` and their `labels`, and `*fitted` receives a new scorecard (the
 * caller owns it; NULL on failure): an ordinary scorecard whose descriptions say how it was fitted.
 * This is what `vitals fit` does (docs/cli.md), with the same results.
 *
 * The accounts are given as for vitals_scorecard_score: the strided matrix `data` (`dtype`, rows x
 * cols, NaN = missing; float32 data is copied to double) whose columns are named by
 * `columns[0..n_columns)` (n_columns == cols), or, with columns NULL and n_columns 0, the
 * scorecard's inputs in order. Every input the scorecard reads must be among the columns.
 * `labels[0..n_labels)` (n_labels == rows) is each account's outcome: 1 = churned, 0 = stayed.
 *
 * `options` is a JSON object (`options_length` bytes, or VITALS_NUL_TERMINATED; NULL or "" = the
 * defaults); every key is optional, and unknown keys are an error:
 *   "weights": "learned" (default) | "entropy" | "equal" | "ahp",
 *   "bin": false (true = monotone binning into steps normalisers first),
 *   "l2": 1.0, "missing": "complete_rows" | "impute", "max_iterations": 100, "tolerance": 1e-10
 *     (learned weights), "prebins": 20, "min_share": 0.05, "max_bins": 6 (binning),
 *   "pairwise": [[...], ...] (ahp: the comparison matrix over the measures, scorecard order;
 *     at most 10 measures), "max_consistency_ratio": 0.1,
 *   "name": the fitted scorecard's name, "source": where the data came from (for the description).
 *
 * The fit report, a JSON object (weights, accounts, churned, rows_used, rows_dropped, converged,
 * training {roc_auc, average_precision, brier}, start_roc_auc, churn_probability {intercept,
 * slope} of P(churn) = 1 / (1 + exp(-(intercept + slope x score))), wrong_direction [{measure,
 * coefficient}], ahp {lambda_max, consistency_index, consistency_ratio}, measures [{name, group,
 * share, weight, coefficient | entropy, binned, bins [...]}]; see docs/c-api.md), is written to
 * `report` as described under "Strings", except that `report` NULL with report_size 0 means "no
 * report wanted": the call still fits, and sets *report_needed when report_needed is not NULL. A
 * report buffer that is too short fails the call (VITALS_ERR_SHAPE_MISMATCH, *fitted NULL,
 * *report_needed set); the fit is deterministic, so calling again with a larger buffer gives the
 * same scorecard.
 * Thread-safe (start is only read). Errors: VITALS_ERR_INVALID_ARGUMENT (start, fitted, data or
 * labels NULL; a label not 0 or 1; bad dtype; a NULL column name; an option's bad value, named
 * as options.<key>; one class only; an AHP matrix that is not reciprocal or has a consistency
 * ratio above the maximum: the message gives the ratio), VITALS_ERR_PARSE (options not JSON),
 * VITALS_ERR_SHAPE_MISMATCH (negative or overflowing sizes, n_columns != cols, n_labels != rows,
 * an AHP matrix of the wrong size, report buffer too short), VITALS_ERR_UNKNOWN_COLUMN (an input
 * not among the columns), VITALS_ERR_NOT_SUPPORTED (a weakest_link group: its weights cannot be
 * learned), VITALS_ERR_OUT_OF_RANGE (a user-defined normaliser failed).
 */
VITALS_API vitals_status vitals_scorecard_fit(const vitals_scorecard* start, const void* data, vitals_dtype dtype,
                                              int64_t rows, int64_t cols, int64_t row_stride, int64_t col_stride,
                                              const char* const* columns, int64_t n_columns, const double* labels,
                                              int64_t n_labels, const char* options, size_t options_length,
                                              char* report, size_t report_size, size_t* report_needed,
                                              vitals_scorecard** fitted);

/**
 * Back-tests `n_cards` scorecards side by side on labelled accounts, as `vitals evaluate` does, and
 * writes the comparison as JSON into `buffer` (see "Strings" above). `names[k]` names cards[k] in
 * the report (names NULL: each scorecard's own name). The accounts, columns and labels are given
 * as for vitals_scorecard_fit; with columns NULL they are the first scorecard's inputs in order.
 * Risk = 100 - score; accounts a scorecard does not score are left out of its metrics and counted.
 * `options` (JSON object, as for vitals_scorecard_fit): "top": [0.1] (shares of riskiest accounts
 * for precision and lift), "bootstrap": 1000 (AUC interval resamples; 0 = none), "confidence":
 * 0.95, "seed": 42, "calibration_bins": 10, "threads": 0, "folds": 0 (k >= 2: the AUC on each of
 * k stratified folds, and the churn probability fitted out of fold).
 * The JSON: {"accounts", "churned", "churn_rate", "folds", "seed", "probability": "in_sample" |
 * "out_of_fold", "scorecards": [{"name", "accounts", "scored", "unscored", "churned", "roc_auc",
 * "roc_auc_interval": {"lower", "upper", "level", "resamples"} | null, "average_precision",
 * "top": [{"fraction", "accounts", "precision", "lift"}], "brier", "calibration": [{"lower",
 * "upper", "accounts", "mean_predicted", "observed_rate"}], "churn_probability" {"intercept",
 * "slope"} | "folds" {"roc_auc_mean", "roc_auc_sd", "roc_auc": [...]}}]}; null stands for NaN.
 * Deterministic for a seed, so a size query followed by the real call gives the same text (it
 * evaluates twice: pass a generous buffer first to save the second run).
 * Thread-safe. Errors: as vitals_scorecard_fit (cards NULL, a NULL card or name, n_cards < 1),
 * and VITALS_ERR_SHAPE_MISMATCH for a buffer that is too short.
 */
VITALS_API vitals_status vitals_scorecard_evaluate(const vitals_scorecard* const* cards, const char* const* names,
                                                   int64_t n_cards, const void* data, vitals_dtype dtype, int64_t rows,
                                                   int64_t cols, int64_t row_stride, int64_t col_stride,
                                                   const char* const* columns, int64_t n_columns, const double* labels,
                                                   int64_t n_labels, const char* options, size_t options_length,
                                                   char* buffer, size_t size, size_t* needed);

/* ---- accounts: dates, scorecard sets by segment, overrides with expiry --------------------- */
/*
 * Dates are day numbers: days since 1970-01-01 (int32; 1970-01-02 is 1), with no time of day or
 * time zone. An override holds through its expiry day and lapses the day after, relative to the
 * "as of" day a call is given.
 *
 * Thread safety: a scorecard set is immutable once created (as a scorecard). An override book is
 * not synchronised: one thread adds to it; once filled, any number of threads may read it (validate,
 * apply) at once. An override report is immutable.
 */

/** Parses exactly "YYYY-MM-DD" (ten characters, a real calendar date, years 1-9999) into *day.
 *  `length` bytes at `text`, or up to the NUL with VITALS_NUL_TERMINATED. *day is 0 on failure.
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (text or day NULL), VITALS_ERR_PARSE (not such a date: the
 *  message quotes the text and says what is wrong). Thread-safe. */
VITALS_API vitals_status vitals_date_parse(const char* text, size_t length, int32_t* day);

/** Writes `day` as "YYYY-MM-DD" into `buffer` (see "Strings"). Errors: as vitals_scorecard_describe,
 *  and VITALS_ERR_INVALID_ARGUMENT for a day outside years 1-9999 (those vitals_date_parse reads;
 *  the buffer, when size > 0, then holds ""). */
VITALS_API vitals_status vitals_date_format(int32_t day, char* buffer, size_t size, size_t* needed);

/** Today's date in UTC, from the system clock. Thread-safe. */
VITALS_API int32_t vitals_date_today(void);

/** A set of scorecards chosen per account by the value of a segment column, with an optional
 *  default; or a single scorecard for every account (from a plain scorecard file). */
typedef struct vitals_scorecard_set vitals_scorecard_set;

/**
 * Creates a set from JSON text: a scorecard set file (`"vitals_scorecard_set": 1`, see
 * docs/scorecard-format.md) or a plain scorecard file, which gives a single-card set with no segment
 * column. Scorecard paths in a set are relative to `base_dir` (NUL-terminated; NULL or "" = the
 * current folder). `options` as in vitals_scorecard_create_from_json. `*set` receives the handle
 * (NULL on failure). Errors: VITALS_ERR_INVALID_ARGUMENT (json or set NULL), VITALS_ERR_PARSE,
 * VITALS_ERR_IO (only unreadable scorecard files), VITALS_ERR_INVALID_SCORECARD (every problem,
 * one per line, with its JSON pointer; an inner scorecard's pointers are prefixed with its place in
 * the set, e.g. "/scorecards/SMB/measures/0/weight").
 */
VITALS_API vitals_status vitals_scorecard_set_create_from_json(const char* json, size_t length, const char* base_dir,
                                                               const vitals_load_options* options,
                                                               vitals_scorecard_set** set);

/** As vitals_scorecard_set_create_from_json, reading the file at `path` (paths inside it are
 *  relative to its folder). Errors: also VITALS_ERR_IO (the file cannot be read). */
VITALS_API vitals_status vitals_scorecard_set_create_from_file(const char* path, const vitals_load_options* options,
                                                               vitals_scorecard_set** set);

/** Destroys a set. Accepts NULL. Scorecard handles taken from it (vitals_scorecard_set_card) stay
 *  valid. No other thread may be using the set. */
VITALS_API void vitals_scorecard_set_destroy(vitals_scorecard_set* set);

/**
 * Fits a card per segment into a scorecard set, as `vitals fit --segment-by` does: `start` once on
 * every account (the default card), then once per distinct non-empty value of `segments` (one per
 * row; NULL or "" = no segment) on that segment's accounts, when it has at least `min_accounts`
 * accounts and `min_churners` churners (-1 = the defaults, 200 and 20); a segment below them, or
 * whose fit fails, falls back to the default card and the report says why. Every card stores its
 * calibration, so the set's churn probabilities are on one scale. `segment_column` names the
 * column the set picks its card by. The data, labels, options and report are as for
 * vitals_scorecard_fit (the report: {"segment_column", "min_accounts", "min_churners", "default":
 * a fit report, "segments": [{"value", "accounts", "churned", "card": "own" (with its "report") | "default"
 * (with "why")}, ...]}); `*fitted` is a new set (vitals_scorecard_set_destroy). Thread-safe.
 * Errors: as vitals_scorecard_fit, and VITALS_ERR_INVALID_ARGUMENT (segment_column NULL or empty,
 * segments NULL, min_accounts / min_churners below 1 and not -1), VITALS_ERR_SHAPE_MISMATCH
 * (n_segments != rows).
 */
VITALS_API vitals_status vitals_scorecard_fit_segments(
    const vitals_scorecard* start, const void* data, vitals_dtype dtype, int64_t rows, int64_t cols, int64_t row_stride,
    int64_t col_stride, const char* const* columns, int64_t n_columns, const double* labels, int64_t n_labels,
    const char* segment_column, const char* const* segments, int64_t n_segments, int64_t min_accounts,
    int64_t min_churners, const char* options, size_t options_length, char* report, size_t report_size,
    size_t* report_needed, vitals_scorecard_set** fitted);

/** The segment column's name ("" for a single-card set). `*column` points into the set: valid
 *  until it is destroyed. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers). */
VITALS_API vitals_status vitals_scorecard_set_segment_column(const vitals_scorecard_set* set, const char** column);

/** The number of distinct scorecards (segments sharing a file share a card). */
VITALS_API vitals_status vitals_scorecard_set_card_count(const vitals_scorecard_set* set, int64_t* count);

/** A new handle to card `index` (0 <= index < card count), to use as any scorecard (measure names,
 *  band labels, explain). The caller owns it and destroys it with vitals_scorecard_destroy.
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers), VITALS_ERR_OUT_OF_RANGE (index). */
VITALS_API vitals_status vitals_scorecard_set_card(const vitals_scorecard_set* set, int64_t index,
                                                   vitals_scorecard** card);

/** How card `index` is named in output: its segment values joined by ", ", plus "default" when it
 *  is the default (e.g. "SMB, Mid-market, default"). As vitals_scorecard_set_segment_column. */
VITALS_API vitals_status vitals_scorecard_set_card_label(const vitals_scorecard_set* set, int64_t index,
                                                         const char** label);

/** The default card's index, or -1 when the set has no default. */
VITALS_API vitals_status vitals_scorecard_set_default_card(const vitals_scorecard_set* set, int64_t* index);

/** The largest measure count of the cards: the row width of the per-measure outputs of
 *  vitals_scorecard_set_score. */
VITALS_API vitals_status vitals_scorecard_set_max_measures(const vitals_scorecard_set* set, int64_t* count);

/** The number of input columns some card reads (their union). */
VITALS_API vitals_status vitals_scorecard_set_input_count(const vitals_scorecard_set* set, int64_t* count);

/** The name of input `index` of the union: the first card's inputs in order, then each further
 *  card's new ones. As vitals_scorecard_input_name. */
VITALS_API vitals_status vitals_scorecard_set_input_name(const vitals_scorecard_set* set, int64_t index,
                                                         const char** name);

/** The card of a segment value (NUL-terminated, matched exactly): its own, else the default.
 *  *card is -1 on failure. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers),
 *  VITALS_ERR_UNKNOWN_COLUMN (no card for the value and no default: the message names the value
 *  and lists the known ones). Thread-safe. */
VITALS_API vitals_status vitals_scorecard_set_lookup(const vitals_scorecard_set* set, const char* segment,
                                                     int64_t* card);

/**
 * Scores `rows` accounts, each with the card its segment value picks. Data, dtype, strides,
 * `columns` / `n_columns` (NULL = the set's inputs in order), `options` and `output` as in
 * vitals_scorecard_score, except: the per-measure outputs are rows x vitals_scorecard_set_max_measures
 * (a card with fewer measures leaves the rest NaN), measure and driver indices refer to the row's
 * card, and options->allow_absent_columns is not supported for sets. `segments[i]` (i < n_segments
 * = rows) is row i's segment value (a NULL entry is the empty value, which takes the default);
 * ignored for a single-card set (segments may then be NULL with n_segments 0). `ids` (NULL, or
 * rows account ids) name accounts in messages. `card` (NULL = not wanted, else card_length >= rows)
 * receives each row's card index. Each row equals scoring it alone with its card, bit for bit.
 * Errors: those of vitals_scorecard_score; VITALS_ERR_UNKNOWN_COLUMN also for a segment value with
 * no card and no default (the message names the value, the row and the account id);
 * VITALS_ERR_NOT_SUPPORTED (allow_absent_columns). Thread-safe.
 */
VITALS_API vitals_status vitals_scorecard_set_score(const vitals_scorecard_set* set, const void* data,
                                                    vitals_dtype dtype, int64_t rows, int64_t cols, int64_t row_stride,
                                                    int64_t col_stride, const char* const* columns, int64_t n_columns,
                                                    const char* const* segments, int64_t n_segments,
                                                    const char* const* ids, const vitals_score_options* options,
                                                    const vitals_score_output* output, int32_t* card,
                                                    int64_t card_length);

/** Overrides by account id: a person's score (or measure sub-score) with a reason, an author and an
 *  expiry day. */
typedef struct vitals_override_book vitals_override_book;
/** What applying a book to a scored chunk did: the rows with overrides, computed and overridden. */
typedef struct vitals_override_report vitals_override_report;

/** Override states in vitals_override_effect.state. */
#define VITALS_OVERRIDE_APPLIED 0
/** Expired before the "as of" day: the computed value stands. */
#define VITALS_OVERRIDE_LAPSED 1
/** vitals_override_effect.measure of an override of the overall score. */
#define VITALS_OVERRIDE_SCORE (-1)

/** Creates an empty override book. Errors: VITALS_ERR_INVALID_ARGUMENT (book NULL). */
VITALS_API vitals_status vitals_override_book_create(vitals_override_book** book);

/** Destroys a book. Accepts NULL. Reports made from it stay valid. */
VITALS_API void vitals_override_book_destroy(vitals_override_book* book);

/**
 * Adds an override: `target` "score" (the overall score) or a measure name; `value` 0-100 points
 * (a measure's sub-score x 100); `expires` a day number (vitals_date_parse); `reason` and `author`
 * not empty; `origin` (may be NULL) names it in messages, e.g. "overrides.csv:4". Strings are
 * copied. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL book or string, an empty field, a value outside
 * 0-100; the message names the override and the column).
 */
VITALS_API vitals_status vitals_override_book_add(vitals_override_book* book, const char* account_id,
                                                  const char* target, double value, const char* reason,
                                                  const char* author, int32_t expires, const char* origin);

/** As vitals_override_book_add from the text fields of an overrides file row
 *  (account_id,target,value,reason,author,expires): `value` a plain decimal number, `expires`
 *  exactly YYYY-MM-DD. Every problem of the row is reported, one per line, as
 *  "<origin>: column <name>: <what>". Errors: VITALS_ERR_PARSE (a value or date that does not
 *  parse), VITALS_ERR_INVALID_ARGUMENT (anything else). */
VITALS_API vitals_status vitals_override_book_add_text(vitals_override_book* book, const char* account_id,
                                                       const char* target, const char* value, const char* reason,
                                                       const char* author, const char* expires, const char* origin);

/** The number of overrides in the book. */
VITALS_API vitals_status vitals_override_book_count(const vitals_override_book* book, int64_t* count);

/** One override as added (versioned: set struct_size = sizeof(vitals_override_entry)). The strings
 *  point into the book: valid until its next add or its destruction. */
typedef struct vitals_override_entry {
    size_t struct_size;
    const char* account_id;
    const char* target;  /**< "score" or a measure name */
    const char* reason;
    const char* author;
    const char* origin;  /**< "" when none was given */
    double value;        /**< 0-100 points */
    int32_t expires;     /**< day number: holds through this day */
    int32_t reserved;    /**< 0 */
} vitals_override_entry;

/** Override `index` (0 <= index < count, in the order added) into *entry.
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers, bad struct_size), VITALS_ERR_OUT_OF_RANGE. */
VITALS_API vitals_status vitals_override_book_entry(const vitals_override_book* book, int64_t index,
                                                    vitals_override_entry* entry);

/** Checks every measure target against a scorecard. Errors: VITALS_ERR_UNKNOWN_COLUMN, one line
 *  per override whose measure the scorecard lacks, naming its origin (row). */
VITALS_API vitals_status vitals_override_book_validate(const vitals_override_book* book, const vitals_scorecard* card);

/** Checks that no account has two overrides of one target active on `as_of`. Errors:
 *  VITALS_ERR_INVALID_ARGUMENT, one line per clash, naming both rows. */
VITALS_API vitals_status vitals_override_book_check_conflicts(const vitals_override_book* book, int32_t as_of);

/**
 * Applies the book, as of day `as_of`, to a chunk already scored by vitals_scorecard_score with the
 * same card, data, columns, options (top_k) and output buffers. `ids[i]` (n_ids = rows) is row i's
 * account id. Only rows whose account has an override are read and written: their computed values
 * are recomputed (equal to the batch scorer's, bit for bit) and, when an override applies, their
 * outputs are overwritten with the overridden result (a measure override re-scores the account
 * with that sub-score forced, counting as present data; a score override sets score and band and
 * marks the account scored). `*report` receives the rows with overrides (applied or lapsed); the
 * caller destroys it. Errors: those of vitals_scorecard_score; VITALS_ERR_UNKNOWN_COLUMN (an
 * override of a measure the card lacks), VITALS_ERR_INVALID_ARGUMENT (two overrides of one target
 * active on `as_of`): each naming the row, account and override. Outputs are unspecified after an
 * error. Thread-safe for concurrent reads of the book and card.
 */
VITALS_API vitals_status vitals_override_book_apply(const vitals_override_book* book, const vitals_scorecard* card,
                                                    int32_t as_of, const char* const* ids, int64_t n_ids,
                                                    const void* data, vitals_dtype dtype, int64_t rows, int64_t cols,
                                                    int64_t row_stride, int64_t col_stride, const char* const* columns,
                                                    int64_t n_columns, const vitals_score_options* options,
                                                    const vitals_score_output* output,
                                                    vitals_override_report** report);

/** As vitals_override_book_apply for a chunk scored by vitals_scorecard_set_score: `card`
 *  (card_length = rows) is the card per row that call wrote; measure targets are checked against
 *  each row's card. */
VITALS_API vitals_status vitals_override_book_apply_set(const vitals_override_book* book,
                                                        const vitals_scorecard_set* set, int32_t as_of,
                                                        const char* const* ids, int64_t n_ids, const void* data,
                                                        vitals_dtype dtype, int64_t rows, int64_t cols,
                                                        int64_t row_stride, int64_t col_stride,
                                                        const char* const* columns, int64_t n_columns,
                                                        const int32_t* card, int64_t card_length,
                                                        const vitals_score_options* options,
                                                        const vitals_score_output* output,
                                                        vitals_override_report** report);

/** Destroys a report. Accepts NULL. */
VITALS_API void vitals_override_report_destroy(vitals_override_report* report);

/** The number of rows in the report (rows of the chunk whose account has overrides). */
VITALS_API vitals_status vitals_override_report_row_count(const vitals_override_report* report, int64_t* count);

/** One reported row (versioned: set struct_size = sizeof(vitals_overridden_row)). */
typedef struct vitals_overridden_row {
    size_t struct_size;
    int64_t row;               /**< row of the chunk */
    double computed_score;     /**< as computed (NaN when not scored) */
    double computed_coverage;
    double score;              /**< after overrides, as written to the outputs */
    double coverage;
    int32_t computed_band;     /**< VITALS_BAND_NONE when not scored */
    int32_t computed_status;   /**< VITALS_ACCOUNT_* */
    int32_t band;
    int32_t status;
    int32_t score_overridden;  /**< 1 when a score override applies */
    int32_t effect_count;      /**< overrides of the account (vitals_override_report_effect) */
} vitals_overridden_row;

/** Row `index` of the report into *row. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers, bad
 *  struct_size), VITALS_ERR_OUT_OF_RANGE (index). */
VITALS_API vitals_status vitals_override_report_row(const vitals_override_report* report, int64_t index,
                                                    vitals_overridden_row* row);

/** One override of a reported row (versioned: set struct_size = sizeof(vitals_override_effect)). */
typedef struct vitals_override_effect {
    size_t struct_size;
    int64_t entry;     /**< index into the book (vitals_override_book_entry: who, why, until when) */
    double computed;   /**< the target's computed value, 0-100 (NaN: not scored, or no data) */
    double value;      /**< the override's value, 0-100 */
    int32_t state;     /**< VITALS_OVERRIDE_APPLIED or VITALS_OVERRIDE_LAPSED */
    int32_t measure;   /**< measure index in the row's card, or VITALS_OVERRIDE_SCORE */
} vitals_override_effect;

/** Override `effect` (0 <= effect < effect_count, in book order) of report row `row` into *out.
 *  Errors: as vitals_override_report_row. */
VITALS_API vitals_status vitals_override_report_effect(const vitals_override_report* report, int64_t row,
                                                       int64_t effect, vitals_override_effect* out);

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

/* ---- the account session: the whole pipeline for a book of accounts ------------------------ */
/*
 * A session scores account tables the way `vitals score` does (docs/c-api.md leads with it): it
 * is created once from a scorecard set (a single scorecard is a set of one:
 * vitals_scorecard_set_create_single), given its side inputs (metric history, previous scores,
 * stakeholder surveys, overrides), then scores tables — the whole book, or chunk after chunk of a
 * book larger than memory — in one fixed order: derived columns (trends from the history, survey
 * measures; looked up by account id) -> score with each row's card (its segment's) -> overrides
 * (as of the options' date) -> score trend against the previous scores -> alerts (with cooldowns
 * from the previous scores) -> quadrant (value column x score). Every output column comes out of a
 * vitals_session_result by column (VITALS_COLUMN_*). The functions above are the building blocks
 * it is made of; the results are equal, bit for bit, to composing them by hand.
 *
 * Thread safety: a session is not synchronised: one thread at a time sets its inputs and scores
 * with it (scoring uses worker threads inside, see vitals_session_options.threads). Different
 * sessions may be used at once. A result is read by any number of threads once scored into, and
 * written by one scoring call at a time.
 */

/** A session: a scorecard set, its side inputs and options, and what the tables scored so far
 *  matched (vitals_session_unmatched_count). */
typedef struct vitals_session vitals_session;
/** The columns of the last table scored into it (reused across chunks). */
typedef struct vitals_session_result vitals_session_result;

/**
 * A table of accounts, described once (versioned: set struct_size = sizeof(vitals_table)): row i
 * is the account ids[i]; column j, named columns[j], holds numeric values (NaN = missing) of type
 * `dtype` at element (i, j) = data[i * row_stride + j * col_stride]. Strides are in elements (not
 * bytes), >= 0, any order (C, Fortran, slices, interleaved records). Nothing is copied on the way
 * in except float32 values (converted to double) and the ids; the table is only read during the
 * call it is passed to. A zeroed struct (with struct_size set) is an empty table.
 */
typedef struct vitals_table {
    size_t struct_size;
    const void* data;            /**< rows x cols values; may be NULL when rows or cols is 0 */
    vitals_dtype dtype;          /**< VITALS_DTYPE_FLOAT64 or VITALS_DTYPE_FLOAT32; 0 = FLOAT64 */
    int32_t reserved;            /**< 0 */
    int64_t rows;
    int64_t cols;
    int64_t row_stride;          /**< elements between rows */
    int64_t col_stride;          /**< elements between columns */
    const char* const* columns;  /**< n_columns (= cols) NUL-terminated column names, distinct */
    int64_t n_columns;
    const char* const* ids;      /**< rows NUL-terminated account ids (not NULL entries) */
    const char* const* segments; /**< NULL, or rows segment values (the set's segment column; a
                                      NULL entry is the empty value, which takes the default card) */
    const char* source;          /**< names the table in messages; NULL = "table" */
    int64_t row_offset;          /**< messages name row i as row_offset + i + 1 (a chunk's place
                                      in its book); >= 0 */
} vitals_table;

/** Settings of a session (versioned: set struct_size = sizeof(vitals_session_options)). A zeroed
 *  struct (with struct_size set), or NULL, means the defaults given with each member. */
typedef struct vitals_session_options {
    size_t struct_size;
    int64_t as_of_set;          /**< non-zero: `as_of` is the date; zero: today (vitals_date_today) */
    int64_t as_of;              /**< day number overrides are judged on (vitals_date_parse) */
    const char* value_column;   /**< the account value (ARR) column for quadrants: NULL = "arr";
                                     "" = none (no quadrants). Copied. */
    int64_t quadrant_off;       /**< non-zero: no quadrants, even when a table has the value column */
    int64_t value_rule;         /**< VITALS_VALUE_TOP_REVENUE (default) or VITALS_VALUE_ARR_CUTOFF */
    double revenue_percent;     /**< (0, 100]: high value = largest accounts holding this % of the
                                     revenue of the first table scored (see
                                     vitals_session_set_value_cutoff); 0 = the default 50 */
    double arr_cutoff;          /**< finite, >= 0 (VITALS_VALUE_ARR_CUTOFF): value >= it is high */
    int64_t health_threshold_set; /**< non-zero: use health_threshold; zero: each card's top band
                                       cut-off (vitals_scorecard_health_threshold) */
    double health_threshold;    /**< [0, 100] */
    int64_t allow_absent_columns; /**< non-zero: an input a table lacks, or a history metric a trend
                                       reads, is missing for every account; zero: an error */
    int64_t threads;            /**< worker threads: 0 = one per hardware thread, at most 1024 */
    int64_t top_k;              /**< drivers per account: 0 = 3, at most VITALS_MAX_TOP_K */
} vitals_session_options;

/** The output columns of a session result. Each is numeric, float64 (f64) or int32 (i32), read
 *  with vitals_session_result_f64 / _i32; those marked "text" also read as text
 *  (vitals_session_result_text), as `vitals score` writes them. Width: values per row. */
#define VITALS_COLUMN_SCORE 0          /* f64: 0-100 after overrides, NaN = not scored */
#define VITALS_COLUMN_BAND 1           /* i32: band index, VITALS_BAND_NONE; text: its label ("" = none) */
#define VITALS_COLUMN_COVERAGE 2       /* f64: 0-1 */
#define VITALS_COLUMN_STATUS 3         /* i32: VITALS_ACCOUNT_*; text: "ok", "insufficient_data" */
#define VITALS_COLUMN_DRIVERS 4        /* i32, width top_k: measure indices of the row's card, -1 padded;
                                          text: the measure names joined by ";" */
#define VITALS_COLUMN_POINTS_LOST 5    /* f64, width vitals_scorecard_set_max_measures (NaN padded) */
#define VITALS_COLUMN_CARD 6           /* i32: the set's card index; text: vitals_scorecard_set_card_label */
#define VITALS_COLUMN_COMPUTED_SCORE 7 /* f64: the score before overrides (with overrides) */
#define VITALS_COLUMN_OVERRIDE 8       /* i32 (with overrides): VITALS_NO_OVERRIDE, or
                                          VITALS_OVERRIDE_APPLIED (one applies), or
                                          VITALS_OVERRIDE_LAPSED (all lapsed); text: each override,
                                          "score 53.4 -> 35.0 (maria.lopez, until 2027-01-29: why)",
                                          joined by "; " */
#define VITALS_COLUMN_CHANGE 9         /* f64 (with previous scores): score trend in points, NaN = unknown */
#define VITALS_COLUMN_DIRECTION 10     /* i32 (with previous scores): VITALS_DIRECTION_*; text:
                                          "declining", "stable", "improving", "unknown" */
#define VITALS_COLUMN_ALERTS 11        /* i32 (when a card has alerts): alerts fired; text: their
                                          names, most severe first, joined by ";" */
#define VITALS_COLUMN_ALERTS_HELD 12   /* i32 (when a card has alerts): alerts held back by their
                                          cooldown; text: their names as ALERTS */
#define VITALS_COLUMN_VALUE 13         /* f64 (when the table has the value column): the value */
#define VITALS_COLUMN_QUADRANT 14      /* i32 (with quadrants): VITALS_QUADRANT_*; text: "committed",
                                          "at_risk", "growth_candidate", "maintenance", "unknown" */
#define VITALS_COLUMN_AT_RISK 15       /* f64 (with quadrants): revenue at risk, value x (100 - score)
                                          / 100; NaN when either is missing */
#define VITALS_COLUMN_PRIORITY 16      /* i32 (with quadrants): the row's place in this table's
                                          assessment list (vitals_portfolio_prioritise's order:
                                          1 = assess first), 0 = not listed (missing value or
                                          score). Ranks one table: a book scored in chunks is ranked
                                          by vitals_portfolio_prioritise over all of them. */
#define VITALS_COLUMN_CHURN_PROBABILITY 17 /* f64 (when a card of the set has a "calibration"): the
                                          churn probability of the score its card computed (before
                                          overrides); NaN when not scored or the row's card has no
                                          calibration. */
#define VITALS_COLUMN_COUNT 18
/** VITALS_COLUMN_OVERRIDE of an account without an override. */
#define VITALS_NO_OVERRIDE (-1)

/** The side inputs of a session (vitals_session_unmatched_count). */
#define VITALS_INPUT_HISTORY 0
#define VITALS_INPUT_PREVIOUS 1
#define VITALS_INPUT_SURVEYS 2
#define VITALS_INPUT_OVERRIDES 3
#define VITALS_INPUT_COUNT 4

/** A set of one scorecard, with no segment column: what a session scores a single card with.
 *  The card is shared, not copied (it is immutable); `card` may be destroyed afterwards. `*set`
 *  receives the handle (NULL on failure). Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers). */
VITALS_API vitals_status vitals_scorecard_set_create_single(const vitals_scorecard* card, vitals_scorecard_set** set);

/**
 * Creates a session scoring with `set` (copied: the set may be destroyed afterwards) under
 * `options` (NULL = the defaults; value_column is copied). `*session` receives the handle (NULL on
 * failure); destroy it with vitals_session_destroy. Errors: VITALS_ERR_INVALID_ARGUMENT (set or
 * session NULL; an option out of range, named as options-><member>), VITALS_ERR_NOT_SUPPORTED
 * (struct members this library does not know).
 */
VITALS_API vitals_status vitals_session_create(const vitals_scorecard_set* set, const vitals_session_options* options,
                                               vitals_session** session);

/** Destroys a session. Accepts NULL. Results scored by it stay valid. */
VITALS_API void vitals_session_destroy(vitals_session* session);

/*
 * Side inputs, in long form (one row per account and period, or per stakeholder), as files and
 * queries hold them. Each setter replaces that input, copies everything it is given, checks it at
 * once against the set and the options (the error names the row: "<source>:<n>" is row n - 1 of
 * the arrays) and may be called only before the first vitals_session_score (afterwards:
 * VITALS_ERR_INVALID_ARGUMENT), which hands the inputs over to the session (no second copy). Accounts are matched by id to the tables scored; side-input
 * accounts no table holds are listed by vitals_session_unmatched_count / _id. `source` (NULL =
 * the input's name, e.g. "history") names the input in messages.
 */

/**
 * The metric history: `history` is a table whose row k is account history->ids[k] in period
 * periods[k] (n_periods = history->rows), whose columns are the metrics the cards' trends read
 * (others are ignored), and history->segments must be NULL. Periods sort as numbers when every
 * label is one, else as text ("2026-01" < "2026-02"); an account may have each period once.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers, an empty period, a period twice),
 * VITALS_ERR_SHAPE_MISMATCH (sizes, n_periods != rows), VITALS_ERR_UNKNOWN_COLUMN (a metric the
 * trends read is missing, unless options->allow_absent_columns).
 */
VITALS_API vitals_status vitals_session_set_history(vitals_session* session, const vitals_table* history,
                                                    const char* const* periods, int64_t n_periods, const char* source);

/**
 * Previous scores: row k is account ids[k]'s score scores[k] (0-100, NaN = none) in period
 * periods[k], with the alerts raised then, alerts[k] ("name;name", may be ""; alerts NULL = none
 * recorded). They give the score trend (VITALS_COLUMN_CHANGE, DIRECTION) and the alert cooldowns.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (NULL arrays with rows > 0, a score outside 0-100, an empty
 * period, a period twice), VITALS_ERR_SHAPE_MISMATCH (rows negative).
 */
VITALS_API vitals_status vitals_session_set_previous(vitals_session* session, const char* const* ids,
                                                     const char* const* periods, const double* scores,
                                                     const char* const* alerts, int64_t rows, const char* source);

/**
 * Survey answers: row k is a stakeholder of account ids[k] with role roles[k] (text, as
 * vitals_survey_parse_role) and answer answers[k] (a whole number 0-10, NaN = invited, no answer).
 * They give the survey_* columns (vitals_survey_column_name) the cards may read.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (NULL arrays with rows > 0, an answer out of range),
 * VITALS_ERR_PARSE (not a role), VITALS_ERR_SHAPE_MISMATCH (rows negative).
 */
VITALS_API vitals_status vitals_session_set_surveys(vitals_session* session, const char* const* ids,
                                                    const char* const* roles, const double* answers, int64_t rows,
                                                    const char* source);

/**
 * Overrides: the book is copied. Measure targets are checked against the set's cards, and
 * clashes (two overrides of one target active on the as-of date) are errors. Errors:
 * VITALS_ERR_INVALID_ARGUMENT (NULL pointers, a clash), VITALS_ERR_UNKNOWN_COLUMN (a measure no
 * card has), each naming the override's origin.
 */
VITALS_API vitals_status vitals_session_set_overrides(vitals_session* session, const vitals_override_book* book,
                                                      const char* source);

/** The high-value cut-off of the quadrants (a value >= it is high value; +inf: none is). A
 *  streaming caller computes it over the whole book (vitals_portfolio_classify's summary) and
 *  sets it before the first chunk; otherwise the first vitals_session_score computes it from its
 *  table (options->value_rule) and later calls keep it, so every chunk is cut alike. Errors: VITALS_ERR_INVALID_ARGUMENT (session NULL, cutoff NaN
 *  or negative). */
VITALS_API vitals_status vitals_session_set_value_cutoff(vitals_session* session, double cutoff);

/** The number of columns the session reads from a table (the cards' inputs and alert columns that
 *  no side input derives, and the value column); a table may have others, which are ignored. */
VITALS_API vitals_status vitals_session_column_count(const vitals_session* session, int64_t* count);

/** The name of table column `index`, pointing into the session (valid until it is destroyed).
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers), VITALS_ERR_OUT_OF_RANGE (index). */
VITALS_API vitals_status vitals_session_column_name(const vitals_session* session, int64_t index, const char** name);

/** Creates an empty result (0 rows). Destroy it with vitals_session_result_destroy.
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (result NULL). */
VITALS_API vitals_status vitals_session_result_create(vitals_session_result** result);

/** Destroys a result. Accepts NULL. */
VITALS_API void vitals_session_result_destroy(vitals_session_result* result);

/**
 * Scores `table` into `result` (its previous columns are replaced). Each row gets its segment's
 * card, its derived columns from the side inputs, its overrides, trend, alerts and quadrant; a
 * table must have the columns the cards read (vitals_session_column_count / _name; see
 * options->allow_absent_columns) and, for a set with a segment column, its segments. Each row's
 * score equals vitals_scorecard_set_score's followed by vitals_override_book_apply_set's, bit for
 * bit, whatever the threads. On failure `result` holds 0 rows.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers, table->ids[i] NULL, bad dtype, a column
 * named twice or also derived from a side input, a value column entry negative or infinite),
 * VITALS_ERR_SHAPE_MISMATCH (negative or overflowing sizes or strides, n_columns != cols),
 * VITALS_ERR_UNKNOWN_COLUMN (a column the cards read is missing; no segments for a segmented set;
 * a segment with no card and no default: the message names the row and account),
 * VITALS_ERR_OUT_OF_RANGE (a user-defined normaliser failed), VITALS_ERR_NOT_SUPPORTED.
 */
VITALS_API vitals_status vitals_session_score(vitals_session* session, const vitals_table* table,
                                              vitals_session_result* result);

/** The number of rows of the last table scored into `result` (0 before any). */
VITALS_API vitals_status vitals_session_result_row_count(const vitals_session_result* result, int64_t* rows);

/** The width of output column `column` (VITALS_COLUMN_*) in `result`: values per row (1, or
 *  top_k, or the set's max measures), or 0 when the result does not have it (no previous scores
 *  for CHANGE, no overrides for OVERRIDE, ...). Errors: VITALS_ERR_INVALID_ARGUMENT (NULL
 *  pointers), VITALS_ERR_OUT_OF_RANGE (not a column). */
VITALS_API vitals_status vitals_session_result_width(const vitals_session_result* result, int32_t column,
                                                     int64_t* width);

/** The name of output column `column`, e.g. "score", "computed_score", "alerts"; static storage.
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (name NULL), VITALS_ERR_OUT_OF_RANGE (not a column). */
VITALS_API vitals_status vitals_session_result_column_name(int32_t column, const char** name);

/** Copies float64 column `column` (rows x width, row-major) into out[0..length).
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers with rows > 0; an int32 column),
 *  VITALS_ERR_OUT_OF_RANGE (not a column), VITALS_ERR_UNKNOWN_COLUMN (the result does not have it:
 *  width 0), VITALS_ERR_SHAPE_MISMATCH (length < rows x width). */
VITALS_API vitals_status vitals_session_result_f64(const vitals_session_result* result, int32_t column, double* out,
                                                   int64_t length);

/** Copies int32 column `column` as vitals_session_result_f64 (a float64 column is
 *  VITALS_ERR_INVALID_ARGUMENT). */
VITALS_API vitals_status vitals_session_result_i32(const vitals_session_result* result, int32_t column,
                                                   int32_t* out, int64_t length);

/** Text of column `column` (one marked "text" above) for row `row`, into `buffer` (see
 *  "Strings"). Errors: those of vitals_session_result_f64 (a column without text:
 *  VITALS_ERR_INVALID_ARGUMENT), VITALS_ERR_OUT_OF_RANGE (row), VITALS_ERR_SHAPE_MISMATCH
 *  (buffer too short). */
VITALS_API vitals_status vitals_session_result_text(const vitals_session_result* result, int32_t column, int64_t row,
                                                    char* buffer, size_t size, size_t* needed);

/** The text of column `column` for every row at once, into `buffer` (see "Strings"): each row's
 *  text followed by a NUL, in row order (rows NULs in all; *needed counts one more, the final
 *  terminator). Errors: as vitals_session_result_text. */
VITALS_API vitals_status vitals_session_result_texts(const vitals_session_result* result, int32_t column,
                                                     char* buffer, size_t size, size_t* needed);

/** The number of notices so far: warnings that change no result but that a user should see (an
 *  alert column a table lacks, so that alert never fires, ...). */
VITALS_API vitals_status vitals_session_notice_count(const vitals_session* session, int64_t* count);

/** Notice `index` (0 <= index < count) into `buffer` (see "Strings"). Errors: VITALS_ERR_INVALID_ARGUMENT
 *  (NULL pointers), VITALS_ERR_OUT_OF_RANGE (index), VITALS_ERR_SHAPE_MISMATCH (buffer too short). */
VITALS_API vitals_status vitals_session_notice(const vitals_session* session, int64_t index, char* buffer,
                                               size_t size, size_t* needed);

/** The accounts side input `input` (VITALS_INPUT_*) names that no table scored so far held (call
 *  after the last chunk): their number; it takes a snapshot that vitals_session_unmatched_id reads.
 *  An input that was not set has none. Overrides of such accounts never applied.
 *  Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers), VITALS_ERR_OUT_OF_RANGE (input). */
VITALS_API vitals_status vitals_session_unmatched_count(vitals_session* session, int32_t input, int64_t* count);

/** Unmatched account `index` of `input`'s last snapshot (in order of first appearance in the side
 *  input); `*id` points into the session, valid until the next vitals_session_unmatched_count for
 *  that input or the session's destruction. Errors: VITALS_ERR_INVALID_ARGUMENT (NULL pointers),
 *  VITALS_ERR_OUT_OF_RANGE (input, or index not below the snapshot's count). */
VITALS_API vitals_status vitals_session_unmatched_id(const vitals_session* session, int32_t input, int64_t index,
                                                     const char** id);

/*
 * The one-page report. A session can keep, as it scores, what the one-page HTML health report of
 * its book shows (the page `vitals report` writes; docs/report.md): accounts and revenue per band,
 * the band mix over the previous scores' periods, the score distribution, value x health, the
 * accounts to assess first with their explanations, the measures that cost the most points and
 * coverage. A book scored in chunks makes one report in one pass, with bounded memory.
 */

/** What the report says about its book (versioned: set struct_size = sizeof(vitals_report_options)).
 *  A zeroed struct (with struct_size set), or NULL, means the defaults given with each member.
 *  Strings are copied. */
typedef struct vitals_report_options {
    size_t struct_size;
    const char* title;          /**< the page's title; NULL = "Account health" */
    const char* source;         /**< where the accounts came from ("accounts.csv"); NULL = none */
    const char* scorecard;      /**< the scorecard's name or file; NULL = none */
    int64_t top;                /**< accounts in the assessment list: 0 = 200; -1 = every account;
                                     at most 1048576 */
    int64_t max_points;         /**< the value x health plot draws one point per account up to this
                                     many, else a binned density: 0 = 5000; -1 = always the density;
                                     at most 1048576 */
} vitals_report_options;

/**
 * Makes `session` keep the report of every table it scores from now on (vitals_session_report).
 * Call it before the first vitals_session_score; the session then also computes each account's
 * contributions and inputs for the assessment list's explanations (a little more work per table;
 * the results' columns do not change). Calling it again replaces the options. A book in chunks
 * gets the page of the whole book when the whole book's value cut-off is set first
 * (vitals_session_set_value_cutoff, which is refused once a table is in the report); otherwise the
 * first chunk's is used. Names the page shows that the CLI takes from its files (source,
 * scorecard) are what the options say: NULL shows none.
 * Errors: VITALS_ERR_INVALID_ARGUMENT (session NULL; a table was scored already; an option out of
 * range, named as options-><member>), VITALS_ERR_NOT_SUPPORTED (struct members this library does
 * not know).
 */
VITALS_API vitals_status vitals_session_keep_report(vitals_session* session, const vitals_report_options* options);

/**
 * The report of the tables scored so far (call after the last chunk) as one self-contained HTML
 * document, into `buffer` (see "Strings"): no script, nothing fetched. It equals, byte for byte,
 * what `vitals report` writes for the same book, side inputs and options. The notes under
 * coverage list side-input accounts no table held. Errors: VITALS_ERR_INVALID_ARGUMENT (session
 * NULL; vitals_session_keep_report was not called, or no table was scored since; a table failed to
 * score after the report was kept: the page would leave its accounts out),
 * VITALS_ERR_SHAPE_MISMATCH (buffer too short).
 */
VITALS_API vitals_status vitals_session_report(vitals_session* session, char* buffer, size_t size, size_t* needed);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* VITALS_H */
