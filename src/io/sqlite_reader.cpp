// The SQLite account reader: one read-only query, stepped row by row into chunks.
#include "vitals/io/sqlite_reader.hpp"

#include "vitals/io/cell.hpp"

#include <sqlite3.h>

#include <cctype>
#include <limits>
#include <string_view>
#include <utility>

namespace vitals::io {
namespace {

/// A failure of the database rather than of the query: locked (another connection writes),
/// unreadable, corrupt, not a database, out of memory.
bool database_trouble(int code) {
    switch (code & 0xFF) {  // the primary code of an extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL: return true;
    default: return false;
    }
}

class sqlite_reader final : public account_reader {
public:
    sqlite_reader(std::string source, sqlite3* db) : account_reader(std::move(source)), db_(db) {}
    ~sqlite_reader() override {
        sqlite3_finalize(stmt_);
        sqlite3_close(db_);
    }
    sqlite_reader(const sqlite_reader&) = delete;
    sqlite_reader& operator=(const sqlite_reader&) = delete;

    result<void> prepare(const std::string& query) {
        const char* tail = nullptr;
        if (sqlite3_prepare_v2(db_, query.c_str(), static_cast<int>(query.size()), &stmt_, &tail) != SQLITE_OK) {
            if (database_trouble(sqlite3_errcode(db_)))  // the query may be fine: the database is not
                return fail(errc::io_error, source_ + ": database error: " + sqlite3_errmsg(db_));
            return fail(errc::invalid_argument, source_ + ": the query does not compile: " + sqlite3_errmsg(db_));
        }
        if (stmt_ == nullptr) return fail(errc::invalid_argument, source_ + ": the query is empty");
        for (const char* p = tail; p != nullptr && *p != '\0'; ++p)
            if (!std::isspace(static_cast<unsigned char>(*p)) && *p != ';')
                return fail(errc::invalid_argument, source_ + ": give one query, not several statements");
        if (!sqlite3_stmt_readonly(stmt_))
            return fail(errc::invalid_argument, source_ + ": the query must only read (SELECT ...)");
        const int n = sqlite3_column_count(stmt_);
        if (n == 0) return fail(errc::invalid_argument, source_ + ": the query returns no columns");
        for (int i = 0; i < n; ++i) {
            const char* name = sqlite3_column_name(stmt_, i);
            columns_.emplace_back(name ? name : "");
        }
        return boost::outcome_v2::success();
    }

    result<std::size_t> read(account_chunk& chunk, std::size_t max_rows) override {
        if (!selected_) return fail(errc::invalid_argument, source_ + ": select() the columns before read()");
        if (max_rows == 0) return fail(errc::invalid_argument, source_ + ": read() needs max_rows >= 1");
        chunk.reset(selection_.value_columns.size(), max_rows, selection_.text_columns.size());
        while (!done_ && chunk.rows < max_rows) {
            const int rc = sqlite3_step(stmt_);
            if (rc == SQLITE_DONE) {
                done_ = true;
                break;
            }
            if (rc != SQLITE_ROW) return fail(errc::io_error, source_ + ": database error: " + sqlite3_errmsg(db_));
            VITALS_TRY(add_row(chunk));
        }
        chunk.ids.resize(chunk.rows);
        chunk.texts.resize(chunk.rows * chunk.text_cols);
        return chunk.rows;
    }

    double progress() const noexcept override { return -1.0; }

private:
    std::string text(int col) const {
        const unsigned char* t = sqlite3_column_text(stmt_, col);
        return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
                 : std::string();
    }

    result<void> add_row(account_chunk& c) {
        ++records_;
        const auto id = [&]() { return selection_.id_column ? text(static_cast<int>(*selection_.id_column)) : std::string(); };
        const auto place = [&](std::size_t col) {
            return source_ + ": row " + std::to_string(records_) + ", column " + columns_[col];
        };
        const std::size_t base = c.values.size();
        for (std::size_t k = 0; k < selection_.value_columns.size(); ++k) {
            const std::size_t col = selection_.value_columns[k];
            const categories* levels = selection_.levels_of(k);
            const int i = static_cast<int>(col);
            double v = std::numeric_limits<double>::quiet_NaN();
            switch (sqlite3_column_type(stmt_, i)) {
            case SQLITE_NULL: break;
            case SQLITE_INTEGER:
            case SQLITE_FLOAT:
                if (levels == nullptr) {
                    v = sqlite3_column_double(stmt_, i);
                    break;
                }
                [[fallthrough]];  // a number in a column of levels is matched as its text ("1" may be a level)
            case SQLITE_TEXT: {
                const std::string t = text(i);
                const cell_value cv = parse_value(t, levels);
                if (cv.kind == cell_kind::invalid) {
                    c.values.resize(base);
                    return bad_row(id(), place(col) + ": " + quote_cell(t) + " " + invalid_cell_reason(levels));
                }
                v = cv.value;
                break;
            }
            default:
                c.values.resize(base);
                return bad_row(id(), place(col) + ": a BLOB is not a number");
            }
            c.values.push_back(v);
        }
        c.ids[c.rows] = selection_.id_column ? id() : std::to_string(records_);
        for (std::size_t t = 0; t < selection_.text_columns.size(); ++t)  // NULL is ""; numbers as SQLite writes them
            c.texts[c.rows * c.text_cols + t] = text(static_cast<int>(selection_.text_columns[t]));
        c.origins.push_back(records_);
        ++c.rows;
        return boost::outcome_v2::success();
    }

    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    bool done_ = false;
};

}  // namespace

result<std::unique_ptr<account_reader>> open_sqlite(const std::filesystem::path& database, const std::string& query) {
    const std::string source = database.string();
    std::error_code ec;
    if (!std::filesystem::exists(database, ec))
        return fail(errc::io_error, source + ": cannot open: No such file or directory");
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(source.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return fail(errc::io_error, source + ": cannot open: " + msg);
    }
    auto reader = std::make_unique<sqlite_reader>(source, db);
    VITALS_TRY(reader->prepare(query));
    return std::unique_ptr<account_reader>(std::move(reader));
}

}  // namespace vitals::io
