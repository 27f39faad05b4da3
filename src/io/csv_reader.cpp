// The CSV account reader: libcsv does the RFC 4180 parsing; this file feeds it, keeps track of
// lines, turns records into account rows and reports bad ones by place.
//
// Line tracking: libcsv reports fields and record ends but not positions, so the input is fed to
// it one line at a time (a segment ends just after each LF, or at the end of the buffer). The
// line a record starts on is the line being fed when its first field ends, unless the parser was
// already inside that field at the end of an earlier segment (a quoted field holding a newline,
// or a field cut by the buffer end); then it is the line of that earlier segment.
#include "vitals/io/csv_reader.hpp"

#include "vitals/io/cell.hpp"

#include <csv.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace vitals::io {
namespace {

constexpr int row_not_begun = 0;  // libcsv's parser state between records (csv_parser::pstate)

class csv_reader final : public account_reader {
public:
    csv_reader(std::string source, std::FILE* file, bool owned, std::size_t buffer_size, std::uint64_t file_size)
        : account_reader(std::move(source)), file_(file), owned_(owned), buffer_(std::max<std::size_t>(buffer_size, 16)),
          file_size_(file_size) {
        csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI);
    }
    ~csv_reader() override {
        csv_free(&parser_);
        if (owned_) std::fclose(file_);
    }
    csv_reader(const csv_reader&) = delete;
    csv_reader& operator=(const csv_reader&) = delete;

    result<void> read_header() {
        while (stash_.empty() && !finished_) {
            VITALS_TRY(feed());
        }
        if (stash_.empty())
            return fail(errc::parse_error, source_ + ": the file is empty (a CSV file starts with a header row naming its columns)");
        record& h = stash_.front();
        header_line_ = h.line;
        columns_.assign(h.fields.begin(), h.fields.begin() + static_cast<std::ptrdiff_t>(h.n));
        stash_.pop_front();
        return boost::outcome_v2::success();
    }

    result<std::size_t> read(account_chunk& chunk, std::size_t max_rows) override {
        if (!selected_) return fail(errc::invalid_argument, source_ + ": select() the columns before read()");
        if (max_rows == 0) return fail(errc::invalid_argument, source_ + ": read() needs max_rows >= 1");
        chunk.reset(selection_.value_columns.size(), max_rows, selection_.text_columns.size());
        chunk_ = &chunk;
        max_rows_ = max_rows;
        if (!prepared_) prepare();
        while (!stash_.empty() && chunk.rows < max_rows) {
            record r = std::move(stash_.front());
            stash_.pop_front();
            auto ok = add_row(r.fields, r.n, r.line);
            if (!ok) {
                chunk_ = nullptr;
                return ok.error();
            }
        }
        while (chunk.rows < max_rows && !finished_) {
            auto ok = feed();
            if (!ok) {
                chunk_ = nullptr;
                return ok.error();
            }
        }
        chunk_ = nullptr;
        chunk.ids.resize(chunk.rows);
        chunk.texts.resize(chunk.rows * chunk.text_cols);
        return chunk.rows;
    }

    double progress() const noexcept override {
        if (file_size_ == 0) return -1.0;
        return std::min(1.0, static_cast<double>(consumed_) / static_cast<double>(file_size_));
    }

private:
    struct record {
        std::vector<std::string> fields;
        std::size_t n = 0;
        std::uint64_t line = 0;
    };

    /// Which selected value and text (or none) each source column feeds; the id column.
    void prepare() {
        slot_.assign(columns_.size(), -1);
        for (std::size_t j = 0; j < selection_.value_columns.size(); ++j)
            slot_[selection_.value_columns[j]] = static_cast<int>(j);
        text_slot_.assign(columns_.size(), -1);
        for (std::size_t j = 0; j < selection_.text_columns.size(); ++j)
            text_slot_[selection_.text_columns[j]] = static_cast<int>(j);
        rec_texts_.assign(selection_.text_columns.size(), std::string());
        id_col_ = selection_.id_column ? *selection_.id_column : no_field;
        rec_values_.assign(selection_.value_columns.size(), 0.0);
        prepared_ = true;
    }

    // A record goes one of two ways: straight into the chunk (the usual case: selected cells are
    // parsed as they arrive, nothing else is kept), or into the stash as strings. Records come out
    // in file order, so a record goes straight in only when the stash is empty and the chunk has
    // room. That is decided at its first field, and cannot change before its end (nothing else is
    // added meanwhile). A record begun as strings (the header; rows past a full chunk; a record
    // begun before read() and finished inside it) is decided again at its end: into the chunk
    // when the stash is empty and there is room, else to the back of the stash.
    static void on_field(void* data, std::size_t len, void* self) {
        auto& r = *static_cast<csv_reader*>(self);
        if (r.nfields_ == 0) {
            r.record_line_ = r.pending_line_ ? r.pending_line_ : r.line_;
            r.pending_line_ = 0;
            r.direct_ = r.room_in_order();
            if (r.direct_) {
                r.bad_field_ = no_field;
                r.rec_id_.clear();
                for (std::string& t : r.rec_texts_) t.clear();
            }
        }
        const std::size_t i = r.nfields_++;
        const std::string_view text = data != nullptr ? std::string_view(static_cast<const char*>(data), len) : std::string_view();
        if (r.direct_) {
            if (i >= r.slot_.size()) return;  // a ragged row: reported at its end
            if (i == r.id_col_) r.rec_id_.assign(text);
            if (const int t = r.text_slot_[i]; t >= 0) r.rec_texts_[static_cast<std::size_t>(t)].assign(text);
            const int slot = r.slot_[i];
            if (slot >= 0 && r.bad_field_ == no_field) {
                const cell_value v = parse_value(text, r.selection_.levels_of(static_cast<std::size_t>(slot)));
                if (v.kind == cell_kind::invalid) {
                    r.bad_field_ = i;
                    r.bad_text_ = quote_cell(text);
                } else {
                    r.rec_values_[static_cast<std::size_t>(slot)] = v.value;
                }
            }
            return;
        }
        if (i == r.fields_.size()) r.fields_.emplace_back();
        r.fields_[i].assign(text);
    }

    static void on_record(int /*terminator*/, void* self) {
        auto& r = *static_cast<csv_reader*>(self);
        const std::size_t n = r.nfields_;
        r.nfields_ = 0;
        if (n == 0 || r.failed_) return;
        if (!r.direct_ && r.room_in_order()) {
            auto ok = r.add_row(r.fields_, n, r.record_line_);
            if (!ok) {
                r.failed_ = true;
                r.error_ = std::move(ok).error();
            }
            return;
        }
        if (!r.direct_) {
            record s;
            s.fields.assign(r.fields_.begin(), r.fields_.begin() + static_cast<std::ptrdiff_t>(n));
            s.n = n;
            s.line = r.record_line_;
            r.stash_.push_back(std::move(s));
            return;
        }
        auto ok = r.add_parsed_row(n);
        if (!ok) {
            r.failed_ = true;
            r.error_ = std::move(ok).error();
        }
    }

    /// A record finished now may go into the chunk without passing an earlier one.
    [[nodiscard]] bool room_in_order() const noexcept {
        return chunk_ != nullptr && chunk_->rows < max_rows_ && stash_.empty();
    }

    [[nodiscard]] std::string ragged(std::uint64_t line, std::size_t n) const {
        return source_ + ":" + std::to_string(line) + ": the row has " + std::to_string(n) +
               (n == 1 ? " field" : " fields") + ", the header has " + std::to_string(columns_.size());
    }
    [[nodiscard]] std::string not_a_number(std::uint64_t line, std::size_t field, const std::string& quoted) const {
        const categories* levels = nullptr;
        for (std::size_t k = 0; k < selection_.value_columns.size(); ++k)
            if (selection_.value_columns[k] == field) levels = selection_.levels_of(k);
        return source_ + ":" + std::to_string(line) + ":" + std::to_string(field + 1) + ": " + quoted + " " +
               invalid_cell_reason(levels) + " (column " + columns_[field] + ")";
    }

    /// The record parsed straight from the callbacks into the chunk, or a bad row.
    result<void> add_parsed_row(std::size_t n) {
        ++records_;
        if (n != columns_.size()) return bad_row(id_col_ < n ? rec_id_ : std::string(), ragged(record_line_, n));
        if (bad_field_ != no_field) return bad_row(rec_id_, not_a_number(record_line_, bad_field_, bad_text_));
        account_chunk& c = *chunk_;
        c.values.insert(c.values.end(), rec_values_.begin(), rec_values_.end());
        if (id_col_ != no_field) std::swap(c.ids[c.rows], rec_id_);
        else c.ids[c.rows] = std::to_string(records_);
        for (std::size_t t = 0; t < rec_texts_.size(); ++t) std::swap(c.texts[c.rows * c.text_cols + t], rec_texts_[t]);
        c.origins.push_back(record_line_);
        ++c.rows;
        return boost::outcome_v2::success();
    }

    /// One data record into the chunk, or a bad row.
    result<void> add_row(const std::vector<std::string>& fields, std::size_t n, std::uint64_t line) {
        ++records_;
        account_chunk& c = *chunk_;
        const auto id_of = [&]() -> std::string {
            if (selection_.id_column && *selection_.id_column < n) return fields[*selection_.id_column];
            return {};
        };
        if (n != columns_.size()) return bad_row(id_of(), ragged(line, n));
        const std::size_t base = c.values.size();
        for (std::size_t k = 0; k < selection_.value_columns.size(); ++k) {
            const std::size_t col = selection_.value_columns[k];
            const cell_value v = parse_value(fields[col], selection_.levels_of(k));
            if (v.kind == cell_kind::invalid) {
                c.values.resize(base);
                return bad_row(id_of(), not_a_number(line, col, quote_cell(fields[col])));
            }
            c.values.push_back(v.value);
        }
        if (selection_.id_column) c.ids[c.rows] = fields[*selection_.id_column];
        else c.ids[c.rows] = std::to_string(records_);
        for (std::size_t t = 0; t < selection_.text_columns.size(); ++t)
            c.texts[c.rows * c.text_cols + t] = fields[selection_.text_columns[t]];
        c.origins.push_back(line);
        ++c.rows;
        return boost::outcome_v2::success();
    }

    result<void> fill() {
        const std::size_t n = std::fread(buffer_.data(), 1, buffer_.size(), file_);
        if (n < buffer_.size()) {
            if (std::ferror(file_))
                return fail(errc::io_error, source_ + ": read failed: " + std::strerror(errno));
            eof_ = true;
        }
        pos_ = 0;
        end_ = n;
        if (!bom_checked_) {
            bom_checked_ = true;
            if (n >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) {
                pos_ = 3;
                consumed_ += 3;
            }
        }
        return boost::outcome_v2::success();
    }

    /// Parses the next segment (or finishes the input). Sets finished_ at the end.
    result<void> feed() {
        if (pos_ == end_) {
            if (!eof_) {
                VITALS_TRY(fill());
            }
            if (pos_ == end_ && eof_) {
                const std::uint64_t open_line = nfields_ > 0 ? record_line_ : pending_line_ ? pending_line_ : line_;
                const int rc = csv_fini(&parser_, on_field, on_record, this);
                finished_ = true;
                if (failed_) return error_;
                if (rc != 0)
                    return fail(errc::parse_error, source_ + ":" + std::to_string(open_line) +
                                                       ": a quoted field is not closed at the end of the file");
                return boost::outcome_v2::success();
            }
            if (pos_ == end_) return boost::outcome_v2::success();
        }
        const char* begin = buffer_.data() + pos_;
        const std::size_t avail = end_ - pos_;
        const void* nl = std::memchr(begin, '\n', avail);
        const std::size_t len = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - begin) + 1 : avail;
        const std::size_t done = csv_parse(&parser_, begin, len, on_field, on_record, this);
        if (failed_) return error_;
        if (done != len) {
            const int e = csv_error(&parser_);
            if (e == CSV_EPARSE)
                return fail(errc::parse_error,
                            source_ + ":" + std::to_string(line_) + ":" + std::to_string(nfields_ + 1) +
                                ": malformed quoting (a field with quotes must be wholly quoted, and a quote inside it doubled: \"say \"\"hi\"\"\")");
            return fail(errc::io_error, source_ + ":" + std::to_string(line_) + ": " + csv_strerror(e));
        }
        pos_ += len;
        consumed_ += len;
        if (parser_.pstate != row_not_begun && nfields_ == 0 && pending_line_ == 0) pending_line_ = line_;
        if (nl) ++line_;
        return boost::outcome_v2::success();
    }

    std::FILE* file_;
    bool owned_;
    csv_parser parser_{};
    std::vector<char> buffer_;
    std::size_t pos_ = 0, end_ = 0;
    bool eof_ = false, finished_ = false, bom_checked_ = false;
    std::uint64_t file_size_ = 0, consumed_ = 0;
    std::uint64_t line_ = 1, pending_line_ = 0, record_line_ = 0;

    static constexpr std::size_t no_field = static_cast<std::size_t>(-1);
    bool prepared_ = false;
    std::vector<int> slot_;     // per source column: its index among the selected values, or -1
    std::vector<int> text_slot_;  // per source column: its index among the selected texts, or -1
    std::size_t id_col_ = no_field;

    std::size_t nfields_ = 0;  // fields of the record being parsed so far
    bool direct_ = false;      // the record goes straight into the chunk
    std::vector<double> rec_values_;  // its selected values (direct)
    std::string rec_id_;              // its id (direct)
    std::vector<std::string> rec_texts_;  // its selected texts (direct)
    std::size_t bad_field_ = no_field;  // its first cell that is not a number (direct)
    std::string bad_text_;
    std::vector<std::string> fields_;  // its fields as text (stashed records; strings reused)
    std::deque<record> stash_;  // complete records not yet delivered (the header; rows past a full chunk)

    account_chunk* chunk_ = nullptr;
    std::size_t max_rows_ = 0;
    bool failed_ = false;  // an error raised inside a libcsv callback
    error error_;
};

}  // namespace

result<std::unique_ptr<account_reader>> open_csv(const std::filesystem::path& path, const csv_options& options) {
    std::FILE* f = nullptr;
    bool owned = true;
    std::string source = path.string();
    std::uint64_t size = 0;
    if (source == "-") {
        f = stdin;
        owned = false;
        source = "<stdin>";
    } else {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec))
            return fail(errc::io_error, source + ": cannot open: it is a directory");
        f = std::fopen(source.c_str(), "rb");
        if (f == nullptr) return fail(errc::io_error, source + ": cannot open: " + std::strerror(errno));
        if (std::filesystem::is_regular_file(path, ec)) {
            const auto s = std::filesystem::file_size(path, ec);
            if (!ec) size = s;
        }
    }
    auto reader = std::make_unique<csv_reader>(std::move(source), f, owned, options.buffer_size, size);
    VITALS_TRY(reader->read_header());
    return std::unique_ptr<account_reader>(std::move(reader));
}

}  // namespace vitals::io
