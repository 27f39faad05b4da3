// libvitals — accounts: dates, scorecard sets by segment, override books and their reports.
#include "accounts.hpp"
#include "arguments.hpp"
#include "boundary.hpp"

#include "vitals/date.hpp"
#include "vitals/override.hpp"
#include "vitals/scorecard_set.hpp"
#include "vitals/scorecard_set_file.hpp"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using vitals::errc;
using vitals::fail;
using vitals::capi::guarded;

namespace vitals::capi {
namespace {

struct report_body {
    std::vector<vitals::overridden_row> rows;
};

report_body* body(vitals_override_report* h) { return reinterpret_cast<report_body*>(h); }
const report_body* body(const vitals_override_report* h) { return reinterpret_cast<const report_body*>(h); }

const vitals::load_options& options_or_none(const vitals_load_options* options) {
    static const vitals::load_options none;
    return options != nullptr ? unwrap(options)->options : none;
}

result<void> make_set(result<vitals::scorecard_set> loaded, vitals_scorecard_set** out) {
    if (!loaded) return loaded.error();
    *out = reinterpret_cast<vitals_scorecard_set*>(new set_body(std::move(loaded).value()));
    return boost::outcome_v2::success();
}

std::string_view text_of(const char* text, std::size_t length) {
    return std::string_view(text, length == VITALS_NUL_TERMINATED ? std::strlen(text) : length);
}

/// A list of `n` C strings (NULL entries read as ""), for segments and ids.
struct c_strings {
    const char* const* p = nullptr;
    std::size_t n = 0;
    [[nodiscard]] std::size_t size() const noexcept { return n; }
    std::string_view operator[](std::size_t i) const noexcept { return p[i] == nullptr ? "" : p[i]; }
};

result<c_strings> read_strings(const char* const* p, std::int64_t n, std::int64_t rows, const char* name,
                               bool optional) {
    if (p == nullptr) {
        if (n != 0) return fail(errc::invalid_argument, std::string(name) + ": NULL with a count of " + std::to_string(n));
        if (!optional) return fail(errc::invalid_argument, std::string(name) + " is NULL");
        return c_strings{};
    }
    if (n != rows)
        return fail(errc::shape_mismatch, std::string(name) + ": " + std::to_string(n) + " for " +
                                              std::to_string(rows) + " rows");
    return c_strings{p, static_cast<std::size_t>(n)};
}

result<void> set_score(const set_body* h, const void* data, vitals_dtype dtype, std::int64_t rows, std::int64_t cols,
                       std::int64_t row_stride, std::int64_t col_stride, const char* const* columns,
                       std::int64_t n_columns, const char* const* segments, std::int64_t n_segments,
                       const char* const* ids, const vitals_score_options* options_in,
                       const vitals_score_output* output_in, std::int32_t* card, std::int64_t card_length) {
    if (h == nullptr) return fail(errc::invalid_argument, "set is NULL");
    if (output_in == nullptr) return fail(errc::invalid_argument, "output is NULL");
    const vitals::scorecard_set& set = h->set;
    VITALS_TRY(read_versioned(output_in, score_output_v1_size, "output"));
    VITALS_TRY(opt, read_score_options(options_in, set.cards()));
    if (opt.allow_absent)
        return fail(errc::not_supported, "options->allow_absent_columns: not supported for scorecard sets");
    VITALS_TRY(frame, read_frame(data, dtype, rows, cols, row_stride, col_stride));
    VITALS_TRY(names, column_names(set.inputs(), columns, n_columns, cols, "cols"));
    VITALS_TRY(seg, set.is_single() && segments == nullptr
                        ? result<c_strings>(c_strings{})
                        : read_strings(segments, n_segments, rows, "segments", false));
    VITALS_TRY(id, read_strings(ids, ids == nullptr ? 0 : rows, rows, "ids", true));
    VITALS_TRY(out, read_score_output(output_in, rows, static_cast<std::int64_t>(set.max_measures()),
                                      static_cast<std::int64_t>(opt.batch.top_k)));
    std::span<std::int32_t> card_out;
    if (card != nullptr) {
        if (card_length < rows)
            return fail(errc::shape_mismatch, "card_length: " + std::to_string(card_length) + " elements, " +
                                                  std::to_string(rows) + " needed");
        card_out = std::span<std::int32_t>(card, static_cast<std::size_t>(rows));
    }
    const std::vector<std::uint64_t> before = failure_counts(h->callbacks);
    if (frame.dtype == VITALS_DTYPE_FLOAT64)
        return numbered(explained(h->callbacks, before,
                                  vitals::score_batch(set, frame.f64, names, seg, out, card_out, opt.batch, id)));
    return numbered(
        explained(h->callbacks, before, vitals::score_batch(set, frame.f32, names, seg, out, card_out, opt.batch, id)));
}

/// The arguments both apply functions share.
struct apply_args {
    frame_arg frame;
    score_call_options opt;
    c_strings ids;
    std::vector<std::string> names;
    vitals::batch_output out;
};

result<apply_args> read_apply(const book_body* book, vitals_override_report** report, const char* const* ids,
                              std::int64_t n_ids, const void* data, vitals_dtype dtype, std::int64_t rows,
                              std::int64_t cols, std::int64_t row_stride, std::int64_t col_stride,
                              const char* const* columns, std::int64_t n_columns,
                              std::span<const std::string> inputs, std::span<const vitals::scorecard> cards,
                              std::size_t measures, const vitals_score_options* options_in,
                              const vitals_score_output* output_in) {
    if (report == nullptr) return fail(errc::invalid_argument, "report: the out-pointer is NULL");
    if (book == nullptr) return fail(errc::invalid_argument, "book is NULL");
    if (output_in == nullptr) return fail(errc::invalid_argument, "output is NULL");
    apply_args a;
    VITALS_TRY(opt, read_score_options(options_in, cards));
    a.opt = opt;
    VITALS_TRY(frame, read_frame(data, dtype, rows, cols, row_stride, col_stride));
    a.frame = frame;
    VITALS_TRY(names, column_names(inputs, columns, n_columns, cols, "cols"));
    a.names = std::move(names);
    VITALS_TRY(id, read_strings(ids, n_ids, rows, "ids", false));
    a.ids = id;
    VITALS_TRY(out, read_score_output(output_in, rows, static_cast<std::int64_t>(measures),
                                      static_cast<std::int64_t>(opt.batch.top_k)));
    a.out = out;
    return a;
}

result<void> finish_report(result<std::vector<vitals::overridden_row>> rows, vitals_override_report** report) {
    if (!rows) return numbered(rows.error());
    *report = reinterpret_cast<vitals_override_report*>(new report_body{std::move(rows).value()});
    return boost::outcome_v2::success();
}

template <class Get>
result<void> count_of(const void* handle, const char* what, std::int64_t* count, Get&& get) {
    if (count != nullptr) *count = 0;
    if (handle == nullptr) return fail(errc::invalid_argument, std::string(what) + " is NULL");
    if (count == nullptr) return fail(errc::invalid_argument, "count: the out-pointer is NULL");
    *count = static_cast<std::int64_t>(get());
    return boost::outcome_v2::success();
}

result<std::size_t> index_in(std::int64_t index, std::size_t size, const char* name = "index") {
    if (index < 0 || static_cast<std::uint64_t>(index) >= size)
        return fail(errc::out_of_range, std::string(name) + ": " + std::to_string(index) + " is not in [0, " +
                                            std::to_string(size) + ")");
    return static_cast<std::size_t>(index);
}

}  // namespace
}  // namespace vitals::capi

using namespace vitals::capi;

extern "C" {

// ---- dates -------------------------------------------------------------------------------------

VITALS_API vitals_status vitals_date_parse(const char* text, size_t length, int32_t* day) {
    if (day != nullptr) *day = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (text == nullptr) return fail(errc::invalid_argument, "text is NULL");
        if (day == nullptr) return fail(errc::invalid_argument, "day: the out-pointer is NULL");
        VITALS_TRY(d, vitals::parse_date(text_of(text, length)));
        *day = d;
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_date_format(int32_t day, char* buffer, size_t size, size_t* needed) {
    if (needed != nullptr) *needed = 0;
    return guarded(__func__, [&]() -> vitals::result<void> {
        // the years vitals_date_parse reads (chrono would write others as wrong dates)
        static const vitals::day_number first = vitals::make_date(1, 1, 1).value();
        static const vitals::day_number last = vitals::make_date(9999, 12, 31).value();
        if (day < first || day > last) {
            if (buffer != nullptr && size > 0) buffer[0] = '\0';
            return fail(errc::invalid_argument, "day: " + std::to_string(day) + " is not a date in years 1-9999 (" +
                                                    std::to_string(first) + " to " + std::to_string(last) + ")");
        }
        return write_string(vitals::format_date(day), buffer, size, needed);
    });
}

VITALS_API int32_t vitals_date_today(void) { return vitals::today_utc(); }

// ---- scorecard sets ----------------------------------------------------------------------------

VITALS_API vitals_status vitals_scorecard_set_create_from_json(const char* json, size_t length, const char* base_dir,
                                                               const vitals_load_options* options,
                                                               vitals_scorecard_set** set) {
    if (set != nullptr) *set = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set: the out-pointer is NULL");
        if (json == nullptr) return fail(errc::invalid_argument, "json is NULL");
        const std::filesystem::path base = base_dir == nullptr ? std::filesystem::path() : std::filesystem::path(base_dir);
        return make_set(vitals::load_scorecard_or_set(text_of(json, length), options_or_none(options), "", base), set);
    });
}

VITALS_API vitals_status vitals_scorecard_set_create_from_file(const char* path, const vitals_load_options* options,
                                                               vitals_scorecard_set** set) {
    if (set != nullptr) *set = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set: the out-pointer is NULL");
        if (path == nullptr) return fail(errc::invalid_argument, "path is NULL");
        if (*path == '\0') return fail(errc::invalid_argument, "path is empty");
        return make_set(vitals::load_scorecard_or_set_file(std::filesystem::path(path), options_or_none(options)), set);
    });
}

VITALS_API void vitals_scorecard_set_destroy(vitals_scorecard_set* set) { delete body(set); }

VITALS_API vitals_status vitals_scorecard_set_segment_column(const vitals_scorecard_set* set, const char** column) {
    if (column != nullptr) *column = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set is NULL");
        if (column == nullptr) return fail(errc::invalid_argument, "column: the out-pointer is NULL");
        *column = body(set)->set.segment_column().data();  // a std::string's data: NUL-terminated
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_set_card_count(const vitals_scorecard_set* set, int64_t* count) {
    return guarded(__func__, [&] { return count_of(set, "set", count, [&] { return body(set)->set.cards().size(); }); });
}

VITALS_API vitals_status vitals_scorecard_set_card(const vitals_scorecard_set* set, int64_t index,
                                                   vitals_scorecard** card) {
    if (card != nullptr) *card = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set is NULL");
        if (card == nullptr) return fail(errc::invalid_argument, "card: the out-pointer is NULL");
        VITALS_TRY(i, index_in(index, body(set)->set.cards().size()));
        *card = wrap(new scorecard_body(body(set)->set.cards()[i]));
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_set_card_label(const vitals_scorecard_set* set, int64_t index,
                                                         const char** label) {
    if (label != nullptr) *label = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set is NULL");
        if (label == nullptr) return fail(errc::invalid_argument, "label: the out-pointer is NULL");
        VITALS_TRY(i, index_in(index, body(set)->set.cards().size()));
        *label = body(set)->set.label(i).c_str();
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_set_default_card(const vitals_scorecard_set* set, int64_t* index) {
    if (index != nullptr) *index = -1;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set is NULL");
        if (index == nullptr) return fail(errc::invalid_argument, "index: the out-pointer is NULL");
        const std::size_t d = body(set)->set.default_card();
        *index = d == vitals::npos ? -1 : static_cast<std::int64_t>(d);
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_set_max_measures(const vitals_scorecard_set* set, int64_t* count) {
    return guarded(__func__, [&] { return count_of(set, "set", count, [&] { return body(set)->set.max_measures(); }); });
}

VITALS_API vitals_status vitals_scorecard_set_input_count(const vitals_scorecard_set* set, int64_t* count) {
    return guarded(__func__, [&] { return count_of(set, "set", count, [&] { return body(set)->set.inputs().size(); }); });
}

VITALS_API vitals_status vitals_scorecard_set_input_name(const vitals_scorecard_set* set, int64_t index,
                                                         const char** name) {
    if (name != nullptr) *name = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set is NULL");
        if (name == nullptr) return fail(errc::invalid_argument, "name: the out-pointer is NULL");
        VITALS_TRY(i, index_in(index, body(set)->set.inputs().size()));
        *name = body(set)->set.inputs()[i].c_str();
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_set_lookup(const vitals_scorecard_set* set, const char* segment,
                                                     int64_t* card) {
    if (card != nullptr) *card = -1;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set is NULL");
        if (segment == nullptr) return fail(errc::invalid_argument, "segment is NULL");
        if (card == nullptr) return fail(errc::invalid_argument, "card: the out-pointer is NULL");
        VITALS_TRY(c, body(set)->set.card_for(segment));
        *card = static_cast<std::int64_t>(c);
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_set_score(const vitals_scorecard_set* set, const void* data,
                                                    vitals_dtype dtype, int64_t rows, int64_t cols, int64_t row_stride,
                                                    int64_t col_stride, const char* const* columns, int64_t n_columns,
                                                    const char* const* segments, int64_t n_segments,
                                                    const char* const* ids, const vitals_score_options* options,
                                                    const vitals_score_output* output, int32_t* card,
                                                    int64_t card_length) {
    return guarded(__func__, [&] {
        return set_score(body(set), data, dtype, rows, cols, row_stride, col_stride, columns, n_columns, segments,
                         n_segments, ids, options, output, card, card_length);
    });
}

// ---- override books ----------------------------------------------------------------------------

VITALS_API vitals_status vitals_override_book_create(vitals_override_book** book) {
    if (book != nullptr) *book = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (book == nullptr) return fail(errc::invalid_argument, "book: the out-pointer is NULL");
        *book = reinterpret_cast<vitals_override_book*>(new book_body());
        return boost::outcome_v2::success();
    });
}

VITALS_API void vitals_override_book_destroy(vitals_override_book* book) { delete body(book); }

VITALS_API vitals_status vitals_override_book_add(vitals_override_book* book, const char* account_id,
                                                  const char* target, double value, const char* reason,
                                                  const char* author, int32_t expires, const char* origin) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (book == nullptr) return fail(errc::invalid_argument, "book is NULL");
        for (const auto& [p, name] : {std::pair{account_id, "account_id"}, std::pair{target, "target"},
                                      std::pair{reason, "reason"}, std::pair{author, "author"}})
            if (p == nullptr) return fail(errc::invalid_argument, std::string(name) + " is NULL");
        vitals::account_override o;
        o.account_id = account_id;
        o.target = target;
        o.value = value;
        o.reason = reason;
        o.author = author;
        o.expires = expires;
        o.origin = origin == nullptr ? "" : origin;
        return body(book)->book.add(std::move(o));
    });
}

VITALS_API vitals_status vitals_override_book_add_text(vitals_override_book* book, const char* account_id,
                                                       const char* target, const char* value, const char* reason,
                                                       const char* author, const char* expires, const char* origin) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (book == nullptr) return fail(errc::invalid_argument, "book is NULL");
        for (const auto& [p, name] :
             {std::pair{account_id, "account_id"}, std::pair{target, "target"}, std::pair{value, "value"},
              std::pair{reason, "reason"}, std::pair{author, "author"}, std::pair{expires, "expires"}})
            if (p == nullptr) return fail(errc::invalid_argument, std::string(name) + " is NULL");
        VITALS_TRY(o, vitals::parse_override({account_id, target, value, reason, author, expires},
                                             origin == nullptr ? "" : origin));
        return body(book)->book.add(std::move(o));
    });
}

VITALS_API vitals_status vitals_override_book_count(const vitals_override_book* book, int64_t* count) {
    return guarded(__func__, [&] { return count_of(book, "book", count, [&] { return body(book)->book.size(); }); });
}

VITALS_API vitals_status vitals_override_book_entry(const vitals_override_book* book, int64_t index,
                                                    vitals_override_entry* entry) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (book == nullptr) return fail(errc::invalid_argument, "book is NULL");
        if (entry == nullptr) return fail(errc::invalid_argument, "entry is NULL");
        VITALS_TRY(i, index_in(index, body(book)->book.size()));
        const vitals::account_override& o = body(book)->book.entries()[i];
        vitals_override_entry e{};
        e.struct_size = sizeof e;
        e.account_id = o.account_id.c_str();
        e.target = o.target.c_str();
        e.reason = o.reason.c_str();
        e.author = o.author.c_str();
        e.origin = o.origin.c_str();
        e.value = o.value;
        e.expires = o.expires;
        return write_versioned(entry, e, override_entry_v1_size, "entry");
    });
}

VITALS_API vitals_status vitals_override_book_validate(const vitals_override_book* book, const vitals_scorecard* card) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (book == nullptr) return fail(errc::invalid_argument, "book is NULL");
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        return body(book)->book.validate(unwrap(card)->card);
    });
}

VITALS_API vitals_status vitals_override_book_check_conflicts(const vitals_override_book* book, int32_t as_of) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (book == nullptr) return fail(errc::invalid_argument, "book is NULL");
        return body(book)->book.check_conflicts(as_of);
    });
}

VITALS_API vitals_status vitals_override_book_apply(const vitals_override_book* book, const vitals_scorecard* card,
                                                    int32_t as_of, const char* const* ids, int64_t n_ids,
                                                    const void* data, vitals_dtype dtype, int64_t rows, int64_t cols,
                                                    int64_t row_stride, int64_t col_stride, const char* const* columns,
                                                    int64_t n_columns, const vitals_score_options* options,
                                                    const vitals_score_output* output,
                                                    vitals_override_report** report) {
    if (report != nullptr) *report = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        const vitals::scorecard& c = unwrap(card)->card;
        VITALS_TRY(a, read_apply(body(book), report, ids, n_ids, data, dtype, rows, cols, row_stride, col_stride,
                                 columns, n_columns, c.inputs(), std::span<const vitals::scorecard>(&c, 1),
                                 c.measures().size(), options, output));
        VITALS_TRY(bound, vitals::bind_columns(c, a.names, a.opt.allow_absent));
        const auto& b = body(book)->book;
        if (a.frame.dtype == VITALS_DTYPE_FLOAT64)
            return finish_report(vitals::apply_overrides(c, b, as_of, a.ids, a.frame.f64, bound, a.out, a.opt.batch),
                                 report);
        return finish_report(vitals::apply_overrides(c, b, as_of, a.ids, a.frame.f32, bound, a.out, a.opt.batch), report);
    });
}

VITALS_API vitals_status vitals_override_book_apply_set(const vitals_override_book* book,
                                                        const vitals_scorecard_set* set, int32_t as_of,
                                                        const char* const* ids, int64_t n_ids, const void* data,
                                                        vitals_dtype dtype, int64_t rows, int64_t cols,
                                                        int64_t row_stride, int64_t col_stride,
                                                        const char* const* columns, int64_t n_columns,
                                                        const int32_t* card, int64_t card_length,
                                                        const vitals_score_options* options,
                                                        const vitals_score_output* output,
                                                        vitals_override_report** report) {
    if (report != nullptr) *report = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (set == nullptr) return fail(errc::invalid_argument, "set is NULL");
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        const vitals::scorecard_set& s = body(set)->set;
        VITALS_TRY(a, read_apply(body(book), report, ids, n_ids, data, dtype, rows, cols, row_stride, col_stride,
                                 columns, n_columns, s.inputs(), s.cards(), s.max_measures(), options, output));
        if (a.opt.allow_absent)
            return fail(errc::not_supported, "options->allow_absent_columns: not supported for scorecard sets");
        if (card_length != rows)
            return fail(errc::shape_mismatch, "card_length: " + std::to_string(card_length) + " for " +
                                                  std::to_string(rows) + " rows");
        const std::span<const std::int32_t> cards(card, static_cast<std::size_t>(rows));
        const auto& b = body(book)->book;
        if (a.frame.dtype == VITALS_DTYPE_FLOAT64)
            return finish_report(vitals::apply_overrides(s, b, as_of, a.ids, a.frame.f64, a.names, cards, a.out,
                                                         a.opt.batch),
                                 report);
        return finish_report(vitals::apply_overrides(s, b, as_of, a.ids, a.frame.f32, a.names, cards, a.out, a.opt.batch),
                             report);
    });
}

// ---- override reports -------------------------------------------------------------------------

VITALS_API void vitals_override_report_destroy(vitals_override_report* report) { delete body(report); }

VITALS_API vitals_status vitals_override_report_row_count(const vitals_override_report* report, int64_t* count) {
    return guarded(__func__,
                   [&] { return count_of(report, "report", count, [&] { return body(report)->rows.size(); }); });
}

VITALS_API vitals_status vitals_override_report_row(const vitals_override_report* report, int64_t index,
                                                    vitals_overridden_row* row) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (report == nullptr) return fail(errc::invalid_argument, "report is NULL");
        if (row == nullptr) return fail(errc::invalid_argument, "row is NULL");
        VITALS_TRY(i, index_in(index, body(report)->rows.size()));
        const vitals::overridden_row& r = body(report)->rows[i];
        vitals_overridden_row o{};
        o.struct_size = sizeof o;
        o.row = r.row;
        o.computed_score = r.computed_score;
        o.computed_coverage = r.computed_coverage;
        o.score = r.score;
        o.coverage = r.coverage;
        o.computed_band = r.computed_band;
        o.computed_status = static_cast<std::int32_t>(r.computed_status);
        o.band = r.band;
        o.status = static_cast<std::int32_t>(r.status);
        o.score_overridden = r.score_overridden ? 1 : 0;
        o.effect_count = static_cast<std::int32_t>(r.effects.size());
        return write_versioned(row, o, overridden_row_v1_size, "row");
    });
}

VITALS_API vitals_status vitals_override_report_effect(const vitals_override_report* report, int64_t row,
                                                       int64_t effect, vitals_override_effect* out) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (report == nullptr) return fail(errc::invalid_argument, "report is NULL");
        if (out == nullptr) return fail(errc::invalid_argument, "out is NULL");
        VITALS_TRY(r, index_in(row, body(report)->rows.size(), "row"));
        const auto& effects = body(report)->rows[r].effects;
        VITALS_TRY(e, index_in(effect, effects.size(), "effect"));
        const vitals::override_effect& x = effects[e];
        vitals_override_effect o{};
        o.struct_size = sizeof o;
        o.entry = static_cast<std::int64_t>(x.entry);
        o.computed = x.computed;
        o.value = x.value;
        o.state = static_cast<std::int32_t>(x.state);
        o.measure = x.measure == vitals::npos ? VITALS_OVERRIDE_SCORE : static_cast<std::int32_t>(x.measure);
        return write_versioned(out, o, override_effect_v1_size, "out");
    });
}

}  // extern "C"
