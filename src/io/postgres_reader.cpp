// The PostgreSQL account reader: one query in a READ ONLY transaction, through a NO SCROLL cursor,
// FETCH FORWARD a chunk at a time (text results) into chunks.
#include "vitals/io/postgres_reader.hpp"

#include "vitals/io/cell.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#if VITALS_HAVE_POSTGRES
#include <libpq-fe.h>
#endif

namespace vitals::io {
namespace {

/// Where the password is in a connection URI or string: [begin, end) spans of `uri`.
struct text_span {
    std::size_t begin, end;
};

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

/// postgresql://user:password@host/db?password=...: the user-info password and every password parameter.
std::vector<text_span> uri_passwords(std::string_view uri, std::size_t scheme_end) {
    std::vector<text_span> out;
    std::size_t authority_end = uri.find_first_of("/?", scheme_end);
    if (authority_end == std::string_view::npos) authority_end = uri.size();
    const std::size_t at = uri.substr(0, authority_end).find('@', scheme_end);  // libpq: the first '@'
    if (at != std::string_view::npos) {
        const std::size_t colon = uri.substr(0, at).find(':', scheme_end);
        if (colon != std::string_view::npos) out.push_back({colon + 1, at});
    }
    const std::size_t q = uri.find('?', scheme_end);
    if (q == std::string_view::npos) return out;
    for (std::size_t p = q + 1; p < uri.size();) {
        std::size_t amp = uri.find('&', p);
        if (amp == std::string_view::npos) amp = uri.size();
        const std::string_view param = uri.substr(p, amp - p);
        if (starts_with_nocase(param, "password=")) out.push_back({p + 9, amp});
        p = amp + 1;
    }
    return out;
}

/// key=value key='quoted \' value' ...: the value of every password key. An unreadable rest of the
/// string (a key without '=', an open quote) is hidden whole: it may hold a password.
std::vector<text_span> keyword_passwords(std::string_view s) {
    std::vector<text_span> out;
    std::size_t p = 0;
    const auto space = [&](std::size_t i) { return i < s.size() && std::isspace(static_cast<unsigned char>(s[i])); };
    for (;;) {
        while (space(p)) ++p;
        if (p >= s.size()) return out;
        const std::size_t key_begin = p;
        while (p < s.size() && s[p] != '=' && !space(p)) ++p;
        const std::string_view key = s.substr(key_begin, p - key_begin);
        while (space(p)) ++p;
        if (p >= s.size() || s[p] != '=') {
            out.push_back({key_begin, s.size()});
            return out;
        }
        ++p;
        while (space(p)) ++p;
        const std::size_t value_begin = p;
        if (p < s.size() && s[p] == '\'') {
            ++p;
            while (p < s.size() && s[p] != '\'') p += s[p] == '\\' ? 2 : 1;
            if (p >= s.size()) {
                out.push_back({value_begin, s.size()});
                return out;
            }
            ++p;
        } else {
            while (p < s.size() && !space(p)) p += s[p] == '\\' ? 2 : 1;
            p = std::min(p, s.size());
        }
        if (key == "password") out.push_back({value_begin, p});
    }
}

std::vector<text_span> password_spans(std::string_view uri) {
    for (const std::string_view scheme : {"postgresql://", "postgres://"})
        if (starts_with_nocase(uri, scheme)) return uri_passwords(uri, scheme.size());
    if (uri.find('=') == std::string_view::npos) return {};  // a bare database name
    return keyword_passwords(uri);
}

}  // namespace

std::string redact_postgres_uri(const std::string& uri) {
    std::string out;
    std::size_t at = 0;
    for (const text_span& s : password_spans(uri)) {
        out.append(uri, at, s.begin - at);
        out += "***";
        at = s.end;
    }
    out.append(uri, at, std::string::npos);
    return out;
}

#if VITALS_HAVE_POSTGRES

namespace {

constexpr Oid bool_oid = 16;   // pg_type.h: BOOLOID
constexpr Oid bytea_oid = 17;  // BYTEAOID
constexpr const char* cursor = "vitals_accounts";

/// A text from libpq (an error message) on one line, without the passwords of `uri` in it.
std::string scrub(std::string text, const std::string& uri) {
    for (const text_span& s : password_spans(uri)) {
        const std::string secret = uri.substr(s.begin, s.end - s.begin);
        if (secret.size() < 2) continue;
        for (std::size_t p; (p = text.find(secret)) != std::string::npos;) text.replace(p, secret.size(), "***");
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    for (std::size_t p; (p = text.find('\n')) != std::string::npos;) {
        std::size_t e = p;
        while (e < text.size() && std::isspace(static_cast<unsigned char>(text[e]))) ++e;
        text.replace(p, e - p, "; ");
    }
    return text;
}

/// A failure of the server or the connection rather than of the query: connection exceptions
/// (08), insufficient resources (53), operator intervention (57), system errors (58), internal (XX),
/// or no SQLSTATE at all (libpq's own failure).
bool database_trouble(std::string_view sqlstate) {
    if (sqlstate.size() != 5) return true;
    const std::string_view cls = sqlstate.substr(0, 2);
    return cls == "08" || cls == "53" || cls == "57" || cls == "58" || cls == "XX";
}

/// The first keyword of a query (upper case), skipping spaces, comments and opening parentheses.
std::string first_keyword(std::string_view q) {
    std::size_t p = 0;
    for (;;) {
        while (p < q.size() && (std::isspace(static_cast<unsigned char>(q[p])) || q[p] == '(')) ++p;
        if (q.substr(p, 2) == "--") {
            p = q.find('\n', p);
            if (p == std::string_view::npos) return "";
        } else if (q.substr(p, 2) == "/*") {
            p = q.find("*/", p);
            if (p == std::string_view::npos) return "";
            p += 2;
        } else {
            break;
        }
    }
    std::string word;
    while (p < q.size() && std::isalpha(static_cast<unsigned char>(q[p])))
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(q[p++])));
    return word;
}

class postgres_reader final : public account_reader {
public:
    postgres_reader(std::string uri, PGconn* conn, std::size_t fetch_rows)
        : account_reader(redact_postgres_uri(uri)), uri_(std::move(uri)), conn_(conn), fetch_rows_(fetch_rows) {}
    ~postgres_reader() override {
        PQclear(rows_);
        PQfinish(conn_);  // ends the read-only transaction with the connection
    }
    postgres_reader(const postgres_reader&) = delete;
    postgres_reader& operator=(const postgres_reader&) = delete;

    result<void> prepare(std::string query) {
        while (!query.empty() && (std::isspace(static_cast<unsigned char>(query.back())) || query.back() == ';'))
            query.pop_back();
        if (query.find_first_not_of(" \t\r\n") == std::string::npos)
            return fail(errc::invalid_argument, source_ + ": the query is empty");
        VITALS_TRY(command("BEGIN TRANSACTION READ ONLY", "cannot begin a read-only transaction"));
        VITALS_TRY(command("SET LOCAL extra_float_digits = 3", "cannot set extra_float_digits"));  // exact float8 text
        // The extended protocol (PQexecParams) runs exactly one statement: "SELECT 1; SELECT 2" fails.
        const std::string declare = std::string("DECLARE ") + cursor + " NO SCROLL CURSOR FOR " + query;
        PGresult* r = PQexecParams(conn_, declare.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) return query_error(r, query);
        PQclear(r);
        query_ = query;
        r = PQdescribePortal(conn_, cursor);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) return query_error(r, query);
        const int n = PQnfields(r);
        for (int i = 0; i < n; ++i) {
            columns_.emplace_back(PQfname(r, i));
            types_.push_back(PQftype(r, i));
        }
        PQclear(r);
        if (n == 0) return fail(errc::invalid_argument, source_ + ": the query returns no columns");
        return boost::outcome_v2::success();
    }

    result<std::size_t> read(account_chunk& chunk, std::size_t max_rows) override {
        if (!selected_) return fail(errc::invalid_argument, source_ + ": select() the columns before read()");
        if (max_rows == 0) return fail(errc::invalid_argument, source_ + ": read() needs max_rows >= 1");
        if (failed_) return *failed_;
        chunk.reset(selection_.value_columns.size(), max_rows, selection_.text_columns.size());
        while (chunk.rows < max_rows) {
            if (next_ >= count_) {
                if (last_) break;
                VITALS_TRY(fetch(fetch_rows_ > 0 ? fetch_rows_ : max_rows));
                if (count_ == 0) break;
            }
            VITALS_TRY(add_row(chunk, next_++));
        }
        chunk.ids.resize(chunk.rows);
        chunk.texts.resize(chunk.rows * chunk.text_cols);
        return chunk.rows;
    }

    double progress() const noexcept override { return -1.0; }

private:
    result<void> command(const char* sql, const char* what) {
        PGresult* r = PQexec(conn_, sql);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        const std::string msg = ok ? "" : scrub(PQresultErrorMessage(r), uri_);
        PQclear(r);
        if (!ok) return fail(errc::io_error, source_ + ": database error: " + what + ": " + msg);
        return boost::outcome_v2::success();
    }

    /// The error of a failed DECLARE, describe or FETCH (and clears `r`). `fetched`: the FETCH's
    /// error, after that many rows; the query itself then compiled.
    error query_error(PGresult* r, const std::string& query, std::optional<std::uint64_t> fetched = std::nullopt) {
        const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        const std::string sqlstate = state ? state : "";
        const std::string msg = scrub(primary ? primary : PQerrorMessage(conn_), uri_);
        PQclear(r);
        const std::string after = fetched ? " after row " + std::to_string(*fetched) : "";
        if (database_trouble(sqlstate)) return fail(errc::io_error, source_ + ": database error" + after + ": " + msg);
        if (msg.find("multiple commands") != std::string::npos)
            return fail(errc::invalid_argument, source_ + ": give one query, not several statements");
        // read_only_sql_transaction (nextval(), a function that writes), or a WITH ... DELETE
        if (sqlstate == "25006" || msg.find("data-modifying") != std::string::npos)
            return fail(errc::invalid_argument, source_ + ": the query must only read (SELECT ...)" + after + ": " + msg);
        const std::string word = first_keyword(query);
        if (!fetched && sqlstate == "42601" && word != "SELECT" && word != "WITH" && word != "VALUES" && word != "TABLE")
            return fail(errc::invalid_argument,
                        source_ + ": the query must be one SELECT (or WITH, VALUES, TABLE) that only reads: " + msg);
        return fail(errc::invalid_argument, source_ + ": the query failed" + after + ": " + msg);
    }

    result<void> fetch(std::size_t n) {
        PQclear(rows_);
        rows_ = nullptr;
        next_ = count_ = 0;
        const std::string sql = "FETCH FORWARD " + std::to_string(n) + " FROM " + cursor;
        PGresult* r = PQexec(conn_, sql.c_str());
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            failed_ = query_error(r, query_, records_);
            return *failed_;
        }
        rows_ = r;
        count_ = static_cast<std::size_t>(PQntuples(rows_));
        last_ = count_ < n;
        return boost::outcome_v2::success();
    }

    std::string text(int row, std::size_t col) const {
        const int c = static_cast<int>(col);
        return std::string(PQgetvalue(rows_, row, c), static_cast<std::size_t>(PQgetlength(rows_, row, c)));
    }

    result<void> add_row(account_chunk& c, std::size_t at) {
        ++records_;
        const int row = static_cast<int>(at);
        const auto id = [&]() { return selection_.id_column ? text(row, *selection_.id_column) : std::string(); };
        const auto place = [&](std::size_t col) {
            return source_ + ": row " + std::to_string(records_) + ", column " + columns_[col];
        };
        const std::size_t base = c.values.size();
        for (std::size_t k = 0; k < selection_.value_columns.size(); ++k) {
            const std::size_t col = selection_.value_columns[k];
            const categories* levels = selection_.levels_of(k);
            double v = std::numeric_limits<double>::quiet_NaN();
            if (!PQgetisnull(rows_, row, static_cast<int>(col))) {
                if (types_[col] == bytea_oid) {
                    c.values.resize(base);
                    return bad_row(id(), place(col) + ": a bytea is not a number");
                }
                const std::string t = text(row, col);
                if (types_[col] == bool_oid && levels == nullptr) {
                    v = t == "t" ? 1.0 : 0.0;
                } else {
                    const cell_value cv = parse_value(t, levels);
                    if (cv.kind == cell_kind::invalid) {
                        c.values.resize(base);
                        return bad_row(id(), place(col) + ": " + quote_cell(t) + " " + invalid_cell_reason(levels));
                    }
                    v = cv.value;
                }
            }
            c.values.push_back(v);
        }
        c.ids[c.rows] = selection_.id_column ? id() : std::to_string(records_);
        for (std::size_t t = 0; t < selection_.text_columns.size(); ++t)  // NULL is ""; others as the server writes them
            c.texts[c.rows * c.text_cols + t] = text(row, selection_.text_columns[t]);
        c.origins.push_back(records_);
        ++c.rows;
        return boost::outcome_v2::success();
    }

    std::string uri_;  // with its password: only to scrub messages
    std::string query_;
    PGconn* conn_ = nullptr;
    std::size_t fetch_rows_ = 0;
    std::vector<Oid> types_;
    PGresult* rows_ = nullptr;  // the last FETCH
    std::size_t next_ = 0, count_ = 0;
    bool last_ = false;  // the last FETCH returned fewer rows than asked: the cursor is done
    std::optional<error> failed_;
};

}  // namespace

bool postgres_available() noexcept { return true; }

result<std::unique_ptr<account_reader>> open_postgres(const std::string& uri, const std::string& query,
                                                      const postgres_options& options) {
    // Defaults before dbname (the URI may override them: application_name, a 10 s connect_timeout),
    // the client encoding after (it may not: texts are UTF-8, as CSV files are read).
    const char* keys[] = {"application_name", "connect_timeout", "dbname", "client_encoding", nullptr};
    const char* values[] = {"vitals", "10", uri.c_str(), "UTF8", nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1);
    if (conn == nullptr) return fail(errc::io_error, redact_postgres_uri(uri) + ": cannot connect: out of memory");
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);  // a query's NOTICEs are not ours to print
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string msg = scrub(PQerrorMessage(conn), uri);
        PQfinish(conn);
        return fail(errc::io_error, redact_postgres_uri(uri) + ": cannot connect: " + msg);
    }
    auto reader = std::make_unique<postgres_reader>(uri, conn, options.fetch_rows);
    VITALS_TRY(reader->prepare(query));
    return std::unique_ptr<account_reader>(std::move(reader));
}

#else  // built without libpq

bool postgres_available() noexcept { return false; }

result<std::unique_ptr<account_reader>> open_postgres(const std::string& uri, const std::string&,
                                                      const postgres_options&) {
    return fail(errc::not_supported, redact_postgres_uri(uri) +
                                         ": this Vitals was built without PostgreSQL support (libpq); "
                                         "install libpq-dev and rebuild");
}

#endif

}  // namespace vitals::io
