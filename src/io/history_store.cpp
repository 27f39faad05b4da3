// The history store (see vitals/io/history_store.hpp and docs/history.md).
#include "vitals/io/history_store.hpp"

#include "vitals/date.hpp"
#include "vitals/json_number.hpp"
#include "vitals/text.hpp"
#include "vitals/portfolio/quadrant.hpp"
#include "vitals/signals/score_trend.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace vitals::io {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// The schema, version 1 (docs/history.md describes every column).
constexpr const char* schema_sql = R"sql(
CREATE TABLE scorecards (
    version INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    text TEXT NOT NULL,
    stored TEXT NOT NULL
);
CREATE INDEX scorecards_by_hash ON scorecards(hash);
CREATE TABLE scorecard_measures (
    version INTEGER NOT NULL REFERENCES scorecards(version),
    card INTEGER NOT NULL,
    card_label TEXT NOT NULL,
    measure INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (version, card, measure)
) WITHOUT ROWID;
CREATE TABLE periods (
    period_key INTEGER PRIMARY KEY,
    period TEXT NOT NULL UNIQUE,
    scorecard INTEGER NOT NULL REFERENCES scorecards(version),
    as_of TEXT NOT NULL,
    written TEXT NOT NULL,
    source TEXT NOT NULL,
    accounts INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    inputs TEXT NOT NULL
);
CREATE TABLE scores (
    row INTEGER PRIMARY KEY,
    period_key INTEGER NOT NULL REFERENCES periods(period_key),
    account_id TEXT NOT NULL,
    card INTEGER,
    score REAL,
    computed_score REAL,
    band TEXT,
    coverage REAL NOT NULL,
    status TEXT NOT NULL,
    score_change REAL,
    trend TEXT,
    alerts TEXT NOT NULL,
    held_alerts TEXT NOT NULL,
    override TEXT,
    value REAL,
    quadrant TEXT,
    churn_probability REAL,
    contributions TEXT,
    points_lost TEXT,
    metrics TEXT,
    inputs TEXT,
    UNIQUE (period_key, account_id)
);
CREATE VIEW account_measures AS
    SELECT p.period, s.account_id, m.name AS measure, c.value AS contribution,
           json_extract(s.points_lost, '$[' || c.key || ']') AS points_lost,
           CASE WHEN c.value + json_extract(s.points_lost, '$[' || c.key || ']') > 0
                THEN c.value / (c.value + json_extract(s.points_lost, '$[' || c.key || ']')) END AS sub_score
    FROM scores s
    JOIN periods p ON p.period_key = s.period_key
    JOIN json_each(s.contributions) c
    JOIN scorecard_measures m ON m.version = p.scorecard AND m.card = s.card AND m.measure = c.key;
CREATE VIEW account_metrics AS
    SELECT p.period, s.account_id, n.value AS metric, v.value
    FROM scores s
    JOIN periods p ON p.period_key = s.period_key
    JOIN json_each(s.metrics) v
    JOIN json_each(p.metrics) n ON n.key = v.key
    WHERE v.value IS NOT NULL;
)sql";

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// A prepared statement, finalized at the end.
class statement {
public:
    statement() = default;
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    statement(statement&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    statement& operator=(statement&& o) noexcept {
        std::swap(s_, o.s_);
        return *this;
    }
    ~statement() { sqlite3_finalize(s_); }
    sqlite3_stmt** out() noexcept { return &s_; }
    sqlite3_stmt* get() const noexcept { return s_; }

private:
    sqlite3_stmt* s_ = nullptr;
};

void bind_text(sqlite3_stmt* s, int i, std::string_view t) {
    // an empty view may have no data: SQLite binds a null pointer as NULL, and NULL = '' is not true
    sqlite3_bind_text(s, i, t.data() ? t.data() : "", static_cast<int>(t.size()), SQLITE_TRANSIENT);
}
void bind_real(sqlite3_stmt* s, int i, double x) {
    if (std::isnan(x)) sqlite3_bind_null(s, i);
    else sqlite3_bind_double(s, i, x);
}
void bind_text_or_null(sqlite3_stmt* s, int i, std::string_view t) {
    if (t.empty()) sqlite3_bind_null(s, i);
    else bind_text(s, i, t);
}
std::string column_text(sqlite3_stmt* s, int i) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}
double column_real(sqlite3_stmt* s, int i) {
    return sqlite3_column_type(s, i) == SQLITE_NULL ? nan : sqlite3_column_double(s, i);
}

bool two_digits(std::string_view t, std::size_t at) {
    return at + 2 <= t.size() && t[at] >= '0' && t[at] <= '9' && t[at + 1] >= '0' && t[at + 1] <= '9';
}
bool four_digits(std::string_view t) { return t.size() >= 4 && two_digits(t, 0) && two_digits(t, 2); }

/// 0 month, 1 day, 2 quarter; -1 not a period.
int period_form(std::string_view p) {
    if (p.size() == 7 && four_digits(p) && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4') return 2;
    if (p.size() == 7 && four_digits(p) && p[4] == '-' && two_digits(p, 5)) {
        const int m = (p[5] - '0') * 10 + (p[6] - '0');
        return m >= 1 && m <= 12 ? 0 : -1;
    }
    if (p.size() == 10 && parse_date(p)) return 1;
    return -1;
}
/// "[1.5,null,3]" (as append_json_number writes them) into `out` (null = NaN); false if it is not that.
bool parse_json_numbers(std::string_view t, std::vector<double>& out) {
    out.clear();
    if (t.size() < 2 || t.front() != '[' || t.back() != ']') return false;
    t = t.substr(1, t.size() - 2);
    while (!t.empty()) {
        const std::size_t comma = t.find(',');
        const std::string_view item = t.substr(0, comma);
        if (item == "null") out.push_back(nan);
        else {
            double x = 0;
            const auto r = std::from_chars(item.data(), item.data() + item.size(), x);
            if (r.ec != std::errc() || r.ptr != item.data() + item.size()) return false;
            out.push_back(x);
        }
        if (comma == std::string_view::npos) break;
        t.remove_prefix(comma + 1);
    }
    return true;
}
/// '["a","b"]' (as append_json_text writes them) into `out`; false if it is not that.
/// The code unit of four hex digits at t[i..i+4), or -1.
long hex4(std::string_view t, std::size_t i) {
    if (i + 4 > t.size()) return -1;
    long v = 0;
    for (std::size_t k = i; k < i + 4; ++k) {
        const char c = t[k];
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

void append_utf8(std::string& s, std::uint32_t cp) {
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// A JSON array of strings, as append_json_string writes them (every JSON escape decoded), into
/// `out`; false if it is not that.
bool parse_json_texts(std::string_view t, std::vector<std::string>& out) {
    out.clear();
    if (t.size() < 2 || t.front() != '[' || t.back() != ']') return false;
    std::size_t i = 1;
    while (i + 1 < t.size()) {
        if (t[i] != '"') return false;
        std::string s;
        for (++i; i < t.size() && t[i] != '"'; ++i) {
            if (t[i] != '\\') {
                s += t[i];
                continue;
            }
            if (++i >= t.size()) return false;
            switch (t[i]) {
            case '"': case '\\': case '/': s += t[i]; break;
            case 'b': s += '\b'; break;
            case 'f': s += '\f'; break;
            case 'n': s += '\n'; break;
            case 'r': s += '\r'; break;
            case 't': s += '\t'; break;
            case 'u': {
                long cp = hex4(t, i + 1);
                if (cp < 0) return false;
                i += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < t.size() && t[i + 1] == '\\' && t[i + 2] == 'u') {
                    const long low = hex4(t, i + 3);
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    }
                }
                append_utf8(s, static_cast<std::uint32_t>(cp));
                break;
            }
            default: return false;
            }
        }
        if (i >= t.size()) return false;
        out.push_back(std::move(s));
        ++i;
        if (i < t.size() && t[i] == ',') ++i;
    }
    return true;
}

constexpr const char* form_names[] = {"monthly (YYYY-MM)", "daily (YYYY-MM-DD)", "quarterly (YYYY-Qn)"};

}  // namespace

result<void> check_period(std::string_view period) {
    if (period_form(period) < 0)
        return fail(errc::invalid_argument, "period \"" + std::string(period) +
                                                "\" is not a month (2026-11), a day (2026-11-30) or a quarter (2026-Q4)");
    return boost::outcome_v2::success();
}

std::string content_hash(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

struct history_store::state {
    std::string path;
    sqlite3* db = nullptr;
    bool fresh = false;       ///< no file yet: created by begin_period
    bool created = false;     ///< this run created the file (removed again unless committed)
    bool in_transaction = false;
    std::int64_t period_key = 0;
    std::uint64_t accounts = 0;
    std::size_t metric_count = 0, input_count = 0;
    statement insert_score;

    ~state() {
        if (in_transaction) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        insert_score = {};
        if (db) sqlite3_close(db);
        if (created && in_transaction) {  // the run that created the file failed: leave no file behind
            std::error_code ec;
            std::filesystem::remove(path, ec);
            std::filesystem::remove(path + "-journal", ec);
        }
    }

    result<void> error(const std::string& what) const {
        const int code = sqlite3_errcode(db);
        const errc e = (code & 0xFF) == SQLITE_CONSTRAINT ? errc::invalid_argument : errc::io_error;
        return fail(e, path + ": " + what + ": " + sqlite3_errmsg(db));
    }
    result<void> exec(const char* sql, const char* what) const {
        if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return error(what);
        return boost::outcome_v2::success();
    }
    result<statement> prepare(const char* sql) const {
        statement s;
        if (sqlite3_prepare_v2(db, sql, -1, s.out(), nullptr) != SQLITE_OK) {
            VITALS_TRY(error("cannot prepare a query"));
        }
        return s;
    }
    /// Steps a statement that returns no rows, then resets it.
    result<void> run(sqlite3_stmt* s, const char* what) const {
        const int rc = sqlite3_step(s);
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        if (rc != SQLITE_DONE) return error(what);
        return boost::outcome_v2::success();
    }
    result<std::string> first_period() const {
        if (fresh) return std::string();
        VITALS_TRY(s, prepare("SELECT period FROM periods ORDER BY period LIMIT 1"));
        const int rc = sqlite3_step(s.get());
        if (rc == SQLITE_ROW) return column_text(s.get(), 0);
        if (rc != SQLITE_DONE) {
            VITALS_TRY(error("cannot read the periods"));
        }
        return std::string();
    }
};

history_store::history_store(std::unique_ptr<state> s) noexcept : s_(std::move(s)) {}
history_store::history_store(history_store&&) noexcept = default;
history_store& history_store::operator=(history_store&&) noexcept = default;
history_store::~history_store() = default;

const std::string& history_store::path() const noexcept { return s_->path; }

result<history_store> history_store::open(const std::filesystem::path& path, mode m) {
    auto s = std::make_unique<state>();
    s->path = path.string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        if (m == mode::read) return fail(errc::invalid_argument, s->path + ": no such history store");
        s->fresh = true;  // created with the first period, so that a failed first run leaves no file
        return history_store(std::move(s));
    }
    if (std::filesystem::is_directory(path, ec)) return fail(errc::invalid_argument, s->path + ": is a folder, not a history store");
    // read-write even to read: a run killed mid-way left a journal, which the next open rolls back
    if (sqlite3_open_v2(s->path.c_str(), &s->db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        return fail(errc::io_error, s->path + ": cannot open the history store: " + sqlite3_errmsg(s->db));
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    // what the file is: application id, schema version, whether it holds anything
    std::int64_t app = 0, version = 0, objects = 0;
    for (auto [sql, to] : {std::pair{"PRAGMA application_id", &app}, std::pair{"PRAGMA user_version", &version},
                           std::pair{"SELECT count(*) FROM sqlite_master", &objects}}) {
        statement q;
        int rc = sqlite3_prepare_v2(s->db, sql, -1, q.out(), nullptr);
        if (rc == SQLITE_OK) rc = sqlite3_step(q.get());
        if (rc != SQLITE_ROW) {
            if ((sqlite3_errcode(s->db) & 0xFF) == SQLITE_NOTADB)
                return fail(errc::invalid_argument, s->path + ": not a Vitals history store (not a SQLite database)");
            return fail(errc::io_error, s->path + ": cannot read the history store: " + sqlite3_errmsg(s->db));
        }
        *to = sqlite3_column_int64(q.get(), 0);
    }
    if (app != history_store_application_id) {
        if (objects == 0 && app == 0 && m == mode::write) {
            s->fresh = true;  // an empty database: the schema is written with the first period
            return history_store(std::move(s));
        }
        return fail(errc::invalid_argument,
                    s->path + ": not a Vitals history store (a SQLite database " +
                        (objects == 0 ? std::string("with nothing in it") : "without the Vitals application id") + ")");
    }
    if (version != history_store_schema)
        return fail(errc::invalid_argument, s->path + ": a history store of schema version " + std::to_string(version) +
                                                "; this vitals reads and writes version " +
                                                std::to_string(history_store_schema));
    // A run killed before its journal held anything leaves a journal that is not "hot" (SQLite ignores
    // it; a hot one was rolled back by the reads above). A write transaction that changes nothing
    // (the same schema version) takes it over and deletes it: the killed run leaves no file behind.
    if (std::filesystem::exists(s->path + "-journal", ec)) {
        const std::string sql = "BEGIN IMMEDIATE; PRAGMA user_version = " + std::to_string(history_store_schema) + "; COMMIT";
        if (sqlite3_exec(s->db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            sqlite3_exec(s->db, "ROLLBACK", nullptr, nullptr, nullptr);  // busy: another run writes; its journal it is
        }
    }
    return history_store(std::move(s));
}

result<void> history_store::accepts(std::string_view period) const {
    VITALS_TRY(check_period(period));
    VITALS_TRY(first, s_->first_period());
    if (!first.empty() && period_form(first) != period_form(period))
        return fail(errc::invalid_argument, s_->path + ": its periods are " + form_names[period_form(first)] + " (" + first +
                                                "); period \"" + std::string(period) + "\" is not");
    return boost::outcome_v2::success();
}

result<std::vector<stored_period>> history_store::periods() const {
    std::vector<stored_period> out;
    if (s_->fresh) return out;
    VITALS_TRY(q, s_->prepare("SELECT period, accounts, scorecard, as_of, written, source FROM periods ORDER BY period"));
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
        stored_period p;
        p.period = column_text(q.get(), 0);
        p.accounts = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 1));
        p.scorecard = sqlite3_column_int64(q.get(), 2);
        p.as_of = column_text(q.get(), 3);
        p.written = column_text(q.get(), 4);
        p.source = column_text(q.get(), 5);
        out.push_back(std::move(p));
    }
    if (rc != SQLITE_DONE) {
        VITALS_TRY(s_->error("cannot read the periods"));
    }
    return out;
}

result<std::vector<stored_scorecard>> history_store::scorecards() const {
    std::vector<stored_scorecard> out;
    if (s_->fresh) return out;
    VITALS_TRY(q, s_->prepare("SELECT v.version, v.hash, v.stored, v.text, count(p.period), min(p.period), max(p.period) "
                              "FROM scorecards v LEFT JOIN periods p ON p.scorecard = v.version "
                              "GROUP BY v.version ORDER BY v.version"));
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
        stored_scorecard c;
        c.version = sqlite3_column_int64(q.get(), 0);
        c.hash = column_text(q.get(), 1);
        c.stored = column_text(q.get(), 2);
        c.text = column_text(q.get(), 3);
        c.periods = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 4));
        c.first_period = column_text(q.get(), 5);
        c.last_period = column_text(q.get(), 6);
        out.push_back(std::move(c));
    }
    if (rc != SQLITE_DONE) {
        VITALS_TRY(s_->error("cannot read the scorecard versions"));
    }
    return out;
}

result<stored_snapshot> history_store::snapshot(std::string_view period, std::string_view account) const {
    stored_snapshot out;
    VITALS_TRY(all, periods());
    const auto it = std::find_if(all.begin(), all.end(), [&](const stored_period& p) { return p.period == period; });
    if (it == all.end()) {
        std::string have;
        for (const stored_period& p : all) have += (have.empty() ? "" : ", ") + p.period;
        return fail(errc::invalid_argument, s_->path + ": no period " + std::string(period) + " (stored: " +
                                                (have.empty() ? std::string("none") : have) + ")");
    }
    out.period = *it;
    {
        VITALS_TRY(q, s_->prepare("SELECT p.inputs, v.text FROM periods p JOIN scorecards v ON v.version = p.scorecard WHERE p.period = ?1"));
        bind_text(q.get(), 1, period);
        if (sqlite3_step(q.get()) != SQLITE_ROW) {
            VITALS_TRY(s_->error("cannot read the period"));
        }
        if (!parse_json_texts(column_text(q.get(), 0), out.inputs))
            return fail(errc::parse_error, s_->path + ": period " + std::string(period) + ": inputs are not a JSON array of texts");
        out.scorecard_text = column_text(q.get(), 1);
    }
    {
        VITALS_TRY(q, s_->prepare("SELECT card, measure, name FROM scorecard_measures WHERE version = ?1 ORDER BY card, measure"));
        sqlite3_bind_int64(q.get(), 1, out.period.scorecard);
        int rc;
        while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
            const auto card = static_cast<std::size_t>(sqlite3_column_int64(q.get(), 0));
            if (out.measures.size() <= card) out.measures.resize(card + 1);
            out.measures[card].push_back(column_text(q.get(), 2));
        }
        if (rc != SQLITE_DONE) {
            VITALS_TRY(s_->error("cannot read the scorecard's measures"));
        }
    }
    VITALS_TRY(q, s_->prepare("SELECT s.account_id, s.card, s.score, s.computed_score, s.value, s.band, s.quadrant, s.alerts, "
                              "s.held_alerts, s.contributions, s.inputs FROM scores s JOIN periods p ON p.period_key = s.period_key "
                              "WHERE p.period = ?1 AND (?2 = '' OR s.account_id = ?2) ORDER BY s.row"));
    bind_text(q.get(), 1, period);
    bind_text(q.get(), 2, account);
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
        stored_account a;
        a.id = column_text(q.get(), 0);
        a.card = sqlite3_column_type(q.get(), 1) == SQLITE_NULL ? -1 : static_cast<std::int32_t>(sqlite3_column_int64(q.get(), 1));
        a.score = column_real(q.get(), 2);
        a.computed_score = column_real(q.get(), 3);
        a.value = column_real(q.get(), 4);
        a.band = column_text(q.get(), 5);
        a.quadrant = column_text(q.get(), 6);
        a.alerts = column_text(q.get(), 7);
        a.held_alerts = column_text(q.get(), 8);
        if (sqlite3_column_type(q.get(), 9) != SQLITE_NULL && !parse_json_numbers(column_text(q.get(), 9), a.contributions))
            return fail(errc::parse_error, s_->path + ": period " + std::string(period) + ", account \"" + a.id +
                                               "\": contributions are not a JSON array of numbers");
        const std::size_t want = a.card >= 0 && static_cast<std::size_t>(a.card) < out.measures.size()
                                     ? out.measures[static_cast<std::size_t>(a.card)].size()
                                     : 0;
        if (!a.contributions.empty() && a.contributions.size() != want)
            return fail(errc::parse_error, s_->path + ": period " + std::string(period) + ", account \"" + a.id + "\": " +
                                               std::to_string(a.contributions.size()) + " contributions for " +
                                               std::to_string(want) + " measures");
        if (sqlite3_column_type(q.get(), 10) != SQLITE_NULL &&
            (!parse_json_numbers(column_text(q.get(), 10), a.inputs) || a.inputs.size() != out.inputs.size()))
            return fail(errc::parse_error, s_->path + ": period " + std::string(period) + ", account \"" + a.id +
                                               "\": inputs are not a JSON array of one number (or null) per input of the period");
        out.accounts.push_back(std::move(a));
    }
    if (rc != SQLITE_DONE) {
        VITALS_TRY(s_->error("cannot read the period's accounts"));
    }
    return out;
}

result<std::size_t> history_store::periods_before(std::string_view period) const {
    if (s_->fresh) return std::size_t{0};
    VITALS_TRY(q, s_->prepare("SELECT count(*) FROM periods WHERE period < ?1"));
    bind_text(q.get(), 1, period);
    if (sqlite3_step(q.get()) != SQLITE_ROW) {
        VITALS_TRY(s_->error("cannot read the periods"));
    }
    return static_cast<std::size_t>(sqlite3_column_int64(q.get(), 0));
}

result<history_rows> history_store::history_before(std::string_view period, std::span<const std::string> metrics,
                                                   std::size_t last) const {
    history_rows h;
    h.source = s_->path;
    h.metrics.assign(metrics.begin(), metrics.end());
    if (s_->fresh) return h;
    std::string from;  // the oldest period read ("" = all)
    if (last > 0) {
        VITALS_TRY(q, s_->prepare("SELECT period FROM periods WHERE period < ?1 AND accounts > 0 ORDER BY period DESC LIMIT ?2"));
        bind_text(q.get(), 1, period);
        sqlite3_bind_int64(q.get(), 2, static_cast<std::int64_t>(last));
        int rc;
        while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) from = column_text(q.get(), 0);
        if (rc != SQLITE_DONE) {
            VITALS_TRY(s_->error("cannot read the periods"));
        }
        if (from.empty()) return h;
    }
    VITALS_TRY(q, s_->prepare("SELECT s.account_id, p.period, s.metrics, p.metrics FROM scores s "
                              "JOIN periods p ON p.period_key = s.period_key "
                              "WHERE p.period < ?1 AND p.period >= ?2 ORDER BY s.row"));
    bind_text(q.get(), 1, period);
    bind_text(q.get(), 2, from);
    const std::size_t M = metrics.size();
    std::string names_text;              // the period's metric names, as last parsed
    std::vector<std::int64_t> slot;      // per stored metric of the period: its index in `metrics`, or -1
    std::vector<double> stored;
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
        if (std::string t = column_text(q.get(), 3); t != names_text) {
            names_text = std::move(t);
            std::vector<std::string> names;
            if (!parse_json_texts(names_text, names))
                return fail(errc::parse_error, s_->path + ": period " + column_text(q.get(), 1) + ": metric names are not a JSON array of texts");
            slot.clear();
            for (const std::string& n : names) {
                const auto it = std::find(metrics.begin(), metrics.end(), n);
                slot.push_back(it == metrics.end() ? -1 : it - metrics.begin());
            }
        }
        h.ids.push_back(column_text(q.get(), 0));
        h.periods.push_back(column_text(q.get(), 1));
        h.values.resize(h.values.size() + M, nan);
        if (sqlite3_column_type(q.get(), 2) == SQLITE_NULL) continue;
        if (!parse_json_numbers(column_text(q.get(), 2), stored) || stored.size() != slot.size())
            return fail(errc::parse_error, s_->path + ": period " + h.periods.back() + ", account \"" + h.ids.back() +
                                               "\": metrics are not a JSON array of one number (or null) per metric of the period");
        for (std::size_t k = 0; k < slot.size(); ++k)
            if (slot[k] >= 0) h.values[(h.ids.size() - 1) * M + static_cast<std::size_t>(slot[k])] = stored[k];
    }
    if (rc != SQLITE_DONE) {
        VITALS_TRY(s_->error("cannot read the metric history"));
    }
    return h;
}

result<previous_rows> history_store::previous_before(std::string_view period) const {
    previous_rows p;
    p.source = s_->path;
    if (s_->fresh) return p;
    VITALS_TRY(q, s_->prepare("SELECT s.account_id, p.period, s.score, s.alerts FROM scores s "
                              "JOIN periods p ON p.period_key = s.period_key WHERE p.period < ?1 ORDER BY s.row"));
    bind_text(q.get(), 1, period);
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
        p.ids.push_back(column_text(q.get(), 0));
        p.periods.push_back(column_text(q.get(), 1));
        p.scores.push_back(column_real(q.get(), 2));
        p.alerts.push_back(column_text(q.get(), 3));
    }
    if (rc != SQLITE_DONE) {
        VITALS_TRY(s_->error("cannot read the previous scores"));
    }
    return p;
}

result<void> history_store::begin_period(const period_info& info, const scorecard_set& set) {
    state& s = *s_;
    if (s.in_transaction) return fail(errc::invalid_argument, s.path + ": a period is being written already");
    VITALS_TRY(accepts(info.period));
    if (s.fresh && s.db == nullptr) {
        if (sqlite3_open_v2(s.path.c_str(), &s.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
            return fail(errc::io_error, s.path + ": cannot create the history store: " + sqlite3_errmsg(s.db));
        s.created = true;
        sqlite3_busy_timeout(s.db, 10000);
        sqlite3_extended_result_codes(s.db, 1);
    }
    // the rollback journal (not WAL): see docs/history.md
    VITALS_TRY(s.exec("PRAGMA journal_mode = DELETE", "cannot set the journal mode"));
    VITALS_TRY(s.exec("PRAGMA cache_size = -16384", "cannot set the cache size"));
    VITALS_TRY(s.exec("BEGIN IMMEDIATE", "cannot start writing (another run writes the store?)"));
    s.in_transaction = true;
    if (s.fresh) {
        VITALS_TRY(s.exec(schema_sql, "cannot create the tables"));
        const std::string ids = "PRAGMA application_id = " + std::to_string(history_store_application_id) +
                                "; PRAGMA user_version = " + std::to_string(history_store_schema);
        VITALS_TRY(s.exec(ids.c_str(), "cannot mark the file as a store"));
        s.fresh = false;
    }
    const std::string now = utc_now();

    // the scorecard version: the same text is the same version
    const std::string hash = content_hash(info.scorecard_text);
    std::int64_t version = 0;
    {
        VITALS_TRY(q, s.prepare("SELECT version FROM scorecards WHERE hash = ?1 AND text = ?2"));
        bind_text(q.get(), 1, hash);
        bind_text(q.get(), 2, info.scorecard_text);
        const int rc = sqlite3_step(q.get());
        if (rc == SQLITE_ROW) version = sqlite3_column_int64(q.get(), 0);
        else if (rc != SQLITE_DONE) {
            VITALS_TRY(s.error("cannot read the scorecard versions"));
        }
    }
    if (version == 0) {
        VITALS_TRY(q, s.prepare("INSERT INTO scorecards (hash, text, stored) VALUES (?1, ?2, ?3)"));
        bind_text(q.get(), 1, hash);
        bind_text(q.get(), 2, info.scorecard_text);
        bind_text(q.get(), 3, now);
        VITALS_TRY(s.run(q.get(), "cannot store the scorecard"));
        version = sqlite3_last_insert_rowid(s.db);
        VITALS_TRY(m, s.prepare("INSERT INTO scorecard_measures (version, card, card_label, measure, name) VALUES (?1, ?2, ?3, ?4, ?5)"));
        for (std::size_t c = 0; c < set.cards().size(); ++c) {
            const auto measures = set.cards()[c].measures();
            for (std::size_t k = 0; k < measures.size(); ++k) {
                sqlite3_bind_int64(m.get(), 1, version);
                sqlite3_bind_int64(m.get(), 2, static_cast<std::int64_t>(c));
                bind_text(m.get(), 3, set.label(c));
                sqlite3_bind_int64(m.get(), 4, static_cast<std::int64_t>(k));
                bind_text(m.get(), 5, measures[k].name);
                VITALS_TRY(s.run(m.get(), "cannot store the scorecard's measures"));
            }
        }
    }

    // the period: an earlier snapshot of it goes, in this transaction
    for (const char* sql :
         {"DELETE FROM scores WHERE period_key IN (SELECT period_key FROM periods WHERE period = ?1)",
          "DELETE FROM periods WHERE period = ?1"}) {
        VITALS_TRY(q, s.prepare(sql));
        bind_text(q.get(), 1, info.period);
        VITALS_TRY(s.run(q.get(), "cannot replace the period"));
    }
    {
        VITALS_TRY(q, s.prepare("INSERT INTO periods (period, scorecard, as_of, written, source, accounts, metrics, inputs) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7)"));
        bind_text(q.get(), 1, info.period);
        sqlite3_bind_int64(q.get(), 2, version);
        bind_text(q.get(), 3, info.as_of);
        bind_text(q.get(), 4, now);
        bind_text(q.get(), 5, info.source);
        std::string names = "[";
        for (const std::string& m : info.metrics) {
            if (names.size() > 1) names += ',';
            append_json_string(names, m);
        }
        bind_text(q.get(), 6, names + "]");
        names = "[";
        for (const std::string& m : info.inputs) {
            if (names.size() > 1) names += ',';
            append_json_string(names, m);
        }
        bind_text(q.get(), 7, names + "]");
        VITALS_TRY(s.run(q.get(), "cannot store the period"));
        s.period_key = sqlite3_last_insert_rowid(s.db);
    }
    s.metric_count = info.metrics.size();
    s.input_count = info.inputs.size();
    VITALS_TRY(a, s.prepare("INSERT INTO scores (period_key, account_id, card, score, computed_score, band, coverage, status, "
                            "score_change, trend, alerts, held_alerts, override, value, quadrant, churn_probability, "
                            "contributions, points_lost, metrics, inputs) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"));
    s.insert_score = std::move(a);
    s.accounts = 0;
    return boost::outcome_v2::success();
}

result<void> history_store::append(std::span<const std::string> ids, const session_result& r, const scorecard_set& set,
                                   std::span<const double> metrics, std::span<const double> inputs,
                                   const override_book& book) {
    state& s = *s_;
    if (!s.in_transaction) return fail(errc::invalid_argument, s.path + ": begin_period() before append()");
    const std::size_t n = r.rows, W = set.max_measures(), M = s.metric_count, I = s.input_count;
    if (ids.size() < n || r.contributions.size() != n * W || (M > 0 && metrics.size() != n * M) || (I > 0 && inputs.size() != n * I))
        return fail(errc::shape_mismatch, s.path + ": append: " + std::to_string(ids.size()) + " ids, " +
                                              std::to_string(r.contributions.size()) + " contributions, " +
                                              std::to_string(metrics.size()) + " metric values for " + std::to_string(n) +
                                              " rows (contributions: session_options::contributions)");
    sqlite3_stmt* a = s.insert_score.get();
    std::string fired, held, over, con, lost, met, inp;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t card = r.card[i];
        const scorecard& sc = set.cards()[card >= 0 ? static_cast<std::size_t>(card) : 0];
        sqlite3_bind_int64(a, 1, s.period_key);
        bind_text(a, 2, ids[i]);
        if (card >= 0) sqlite3_bind_int64(a, 3, card);
        else sqlite3_bind_null(a, 3);
        bind_real(a, 4, r.score[i]);
        const std::int32_t k = r.override_of.empty() ? -1 : r.override_of[i];
        bind_real(a, 5, k >= 0 ? r.overridden[static_cast<std::size_t>(k)].computed_score : r.score[i]);
        if (r.band[i] >= 0) bind_text(a, 6, sc.bands().label(r.band[i]));
        else sqlite3_bind_null(a, 6);
        sqlite3_bind_double(a, 7, r.coverage[i]);
        bind_text(a, 8, to_string(static_cast<vitals::status>(r.status[i])));
        if (!r.change.empty()) {
            bind_real(a, 9, r.change[i]);
            bind_text(a, 10, to_string(static_cast<score_direction>(r.direction[i])));
        }
        fired.clear();
        held.clear();
        if (!r.alerts.empty())
            for (const raised_alert& al : r.alerts[i]) {
                std::string& to = al.suppressed ? held : fired;
                if (!to.empty()) to += ';';
                to += al.name;
            }
        bind_text(a, 11, fired);
        bind_text(a, 12, held);
        over.clear();
        if (k >= 0)
            for (const override_effect& e : r.overridden[static_cast<std::size_t>(k)].effects)
                over += (over.empty() ? "" : "; ") + describe_override(book, e);
        bind_text_or_null(a, 13, over);
        bind_real(a, 14, r.value.empty() ? nan : r.value[i]);
        if (!r.quadrant.empty()) bind_text(a, 15, portfolio::to_string(static_cast<portfolio::quadrant>(r.quadrant[i])));
        bind_real(a, 16, r.churn_probability.empty() ? nan : r.churn_probability[i]);
        const std::size_t measures = card >= 0 ? sc.measures().size() : 0;
        const auto array = [](std::string& out, const double* x, std::size_t count) {
            out.assign(1, '[');
            for (std::size_t m = 0; m < count; ++m) {
                if (m) out += ',';
                append_json_number(out, x[m]);
            }
            out += ']';
        };
        if (measures > 0) {
            array(con, r.contributions.data() + i * W, measures);
            array(lost, r.points_lost.data() + i * W, measures);
            bind_text(a, 17, con);
            bind_text(a, 18, lost);
        }
        if (M > 0) {
            array(met, metrics.data() + i * M, M);
            bind_text(a, 19, met);
        }
        if (I > 0) {
            array(inp, inputs.data() + i * I, I);
            bind_text(a, 20, inp);
        }
        if (const int rc = sqlite3_step(a); rc != SQLITE_DONE) {
            const bool twice = (sqlite3_extended_errcode(s.db)) == SQLITE_CONSTRAINT_UNIQUE;
            sqlite3_reset(a);
            sqlite3_clear_bindings(a);
            if (twice)
                return fail(errc::invalid_argument, s.path + ": account \"" + ids[i] +
                                                        "\" is in the book twice; a period holds each account once");
            VITALS_TRY(s.error("cannot store the scores"));
        }
        sqlite3_reset(a);
        sqlite3_clear_bindings(a);
    }
    s.accounts += n;
    return boost::outcome_v2::success();
}

result<void> history_store::commit() {
    state& s = *s_;
    if (!s.in_transaction) return fail(errc::invalid_argument, s.path + ": begin_period() before commit()");
    {
        VITALS_TRY(q, s.prepare("UPDATE periods SET accounts = ?1 WHERE period_key = ?2"));
        sqlite3_bind_int64(q.get(), 1, static_cast<std::int64_t>(s.accounts));
        sqlite3_bind_int64(q.get(), 2, s.period_key);
        VITALS_TRY(s.run(q.get(), "cannot store the period"));
    }
    s.insert_score = {};
    VITALS_TRY(s.exec("COMMIT", "cannot commit the period"));
    s.in_transaction = false;
    return boost::outcome_v2::success();
}

}  // namespace vitals::io
