// `vitals score --store --period` and `vitals history`, run as a user would (docs/history.md):
// twelve monthly periods of the sample through a store give the same output, byte for byte, as the
// same runs given explicit --history / --previous files; re-running a period changes no other; a run
// killed mid-way (SIGKILL) leaves the store readable and without the partial period; stores that are
// not Vitals stores, another schema version and bad periods are refused with clear errors.
#include "cli_run.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <cmath>
#include <limits>
#include <set>
#include <thread>

using namespace cli_test;
using json = nlohmann::json;

namespace {

const fs::path examples = source_dir / "docs" / "examples";

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out(1);
    for (char c : line) {
        if (c == ',') out.emplace_back();
        else out.back() += c;
    }
    return out;
}

std::string join(const std::vector<std::string>& f) {
    std::string s;
    for (std::size_t k = 0; k < f.size(); ++k) s += (k ? "," : "") + f[k];
    return s;
}

/// The twelve monthly books of the sample: docs/examples/accounts.csv with each month's
/// active_users and days_late from docs/examples/history.csv, and its revenue_projection.
struct monthly_sample {
    std::vector<std::string> periods;       ///< oldest first
    std::vector<std::string> books;         ///< per period, CSV text
    monthly_sample() {
        const auto acc = lines(detail::slurp(examples / "accounts.csv"));
        const auto hist = lines(detail::slurp(examples / "history.csv"));
        const auto hh = split(hist.at(0));
        REQUIRE(hh == std::vector<std::string>{"account_id", "period", "active_users", "logins", "days_late", "revenue_projection"});
        std::map<std::pair<std::string, std::string>, std::vector<std::string>> h;  // (account, period) -> fields
        std::set<std::string> ps;
        for (std::size_t i = 1; i < hist.size(); ++i) {
            auto f = split(hist[i]);
            ps.insert(f[1]);
            h[{f[0], f[1]}] = f;
        }
        periods.assign(ps.begin(), ps.end());
        REQUIRE(periods.size() == 12);
        const auto head = split(acc.at(0));
        const auto col = [&](const char* name) {
            return static_cast<std::size_t>(std::find(head.begin(), head.end(), name) - head.begin());
        };
        const std::size_t au = col("active_users"), dl = col("days_late");
        REQUIRE(au < head.size());
        REQUIRE(dl < head.size());
        for (const std::string& p : periods) {
            std::string book = acc[0] + ",revenue_projection\n";
            for (std::size_t i = 1; i < acc.size(); ++i) {
                auto f = split(acc[i]);
                std::string rp;
                if (const auto it = h.find({f[0], p}); it != h.end()) {
                    f[au] = it->second[2];
                    f[dl] = it->second[4];
                    rp = it->second[5];
                }
                book += join(f) + "," + rp + "\n";
            }
            books.push_back(std::move(book));
        }
    }
};

/// The history rows a store keeps for a book: account_id,period,active_users,days_late,revenue_projection.
std::string history_rows_of(const std::string& book, const std::string& period) {
    const auto ls = lines(book);
    const auto head = split(ls.at(0));
    const auto col = [&](const char* name) { return static_cast<std::size_t>(std::find(head.begin(), head.end(), name) - head.begin()); };
    const std::size_t au = col("active_users"), dl = col("days_late"), rp = col("revenue_projection");
    std::string out;
    for (std::size_t i = 1; i < ls.size(); ++i) {
        const auto f = split(ls[i]);
        out += f[0] + "," + period + "," + f[au] + "," + f[dl] + "," + f.at(rp) + "\n";
    }
    return out;
}

/// The previous-score rows of a JSON output: account_id,period,score,alerts (the alerts fired, not held).
std::string previous_rows_of(const std::string& json_text, const std::string& period) {
    std::string out;
    for (const json& a : json::parse(json_text)) {
        std::string alerts;
        for (const json& al : a["alerts"])
            if (!al["suppressed"].get<bool>()) alerts += (alerts.empty() ? "" : ";") + al["name"].get<std::string>();
        std::string score;
        if (!a["score"].is_null()) {
            // the shortest text that reads back as the same double, as vitals writes it
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", a["score"].get<double>());
            score = buf;
        }
        out += a["account_id"].get<std::string>() + "," + period + "," + score + "," + alerts + "\n";
    }
    return out;
}

/// Every row of the store but the period rows' write times and the scorecards' store times, by
/// period and account (not by rowid): what a re-run must leave as it was. One line per row.
std::vector<std::string> dump(const fs::path& db, const std::string& where_period = "") {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    std::vector<std::string> out;
    const std::string w = where_period.empty() ? "1" : "period " + where_period;
    for (const std::string& sql :
         {"SELECT period, accounts, scorecard, as_of, source FROM periods WHERE " + w + " ORDER BY period",
          std::string("SELECT version, hash, text FROM scorecards ORDER BY version"),
          "SELECT p.period, s.account_id, s.card, quote(s.score), quote(s.computed_score), s.band, quote(s.coverage), s.status, "
          "quote(s.score_change), s.trend, s.alerts, s.held_alerts, s.override, quote(s.value), s.quadrant, "
          "quote(s.churn_probability) FROM scores s JOIN periods p USING (period_key) WHERE " + w +
              " ORDER BY p.period, s.account_id",
          "SELECT period, account_id, measure, quote(contribution), quote(points_lost) FROM account_measures WHERE " + w +
              " ORDER BY period, account_id, measure",
          "SELECT period, account_id, metric, quote(value) FROM account_metrics WHERE " + w +
              " ORDER BY period, account_id, metric"}) {
        sqlite3_stmt* s = nullptr;
        REQUIRE_MESSAGE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK, sqlite3_errmsg(h));
        while (sqlite3_step(s) == SQLITE_ROW) {
            std::string line;
            for (int c = 0; c < sqlite3_column_count(s); ++c) {
                const auto* t = sqlite3_column_text(s, c);
                line += std::string(c ? "|" : "") + (t ? reinterpret_cast<const char*>(t) : "NULL");
            }
            out.push_back(std::move(line));
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(h);
    return out;
}

void sql(const fs::path& db, const std::string& statement) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err);
    const std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(h);
    REQUIRE_MESSAGE(rc == SQLITE_OK, msg);
}

/// Whether process `pid` has ended (a zombie not yet waited for).
bool ended(pid_t pid) {
    const std::string stat = detail::slurp("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    return close == std::string::npos || close + 2 >= stat.size() || stat[close + 2] == 'Z';
}

const std::vector<std::string> score_args = {"--format", "json", "--as-of", "2026-11-30", "-q"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& more) {
    a.insert(a.end(), more.begin(), more.end());
    return a;
}

}  // namespace

TEST_CASE("twelve monthly periods through --store equal the same runs with explicit --history and --previous") {
    const monthly_sample sample;
    workdir wd;
    std::string history = "account_id,period,active_users,days_late,revenue_projection\n";
    std::string previous = "account_id,period,score,alerts\n";
    std::size_t held = 0, changes = 0, fired = 0;
    for (std::size_t k = 0; k < sample.periods.size(); ++k) {
        const std::string& p = sample.periods[k];
        CAPTURE(p);
        const std::string book = "book-" + p + ".csv";
        wd.write(book, sample.books[k]);
        history += history_rows_of(sample.books[k], p);
        wd.write("history.csv", history);
        wd.write("previous.csv", previous);

        const auto stored = run(wd, with({"score", book, "--store", "health.db", "--period", p}, score_args));
        REQUIRE_MESSAGE(stored.code == 0, stored.err);
        std::vector<std::string> files{"score", book, "--history", "history.csv"};
        if (k > 0) files.insert(files.end(), {"--previous", "previous.csv"});
        const auto explicit_files = run(wd, with(files, score_args));
        REQUIRE_MESSAGE(explicit_files.code == 0, explicit_files.err);
        CHECK(stored.out == explicit_files.out);

        for (const json& a : json::parse(explicit_files.out)) {
            if (a.contains("score_change") && !a["score_change"].is_null()) ++changes;
            for (const json& al : a["alerts"]) ++(al["suppressed"].get<bool>() ? held : fired);
        }
        previous += previous_rows_of(explicit_files.out, p);
    }
    // the loop exercised what it claims to: score trends, alerts fired and alerts held by cooldown
    CHECK(changes > 1000);
    CHECK(fired > 100);
    CHECK(held > 100);

    // vitals history lists the twelve periods, one scorecard version
    const auto h = run(wd, {"history", "--store", "health.db", "--format", "csv"});
    REQUIRE_MESSAGE(h.code == 0, h.err);
    const auto listed = lines(h.out);
    REQUIRE(listed.size() == 13);
    CHECK(listed[0] == "period,accounts,scorecard,as_of,written,source");
    CHECK(listed[1].starts_with("2025-12,1000,1,2026-11-30,"));
    CHECK(listed[12].ends_with(",book-2026-11.csv"));
    const auto v = run(wd, {"history", "--store", "health.db", "--scorecards", "--format", "csv"});
    REQUIRE(lines(v.out).size() == 2);
    CHECK(contains(lines(v.out)[1], ",12,2025-12,2026-11"));

    SUBCASE("re-running a period replaces it and changes nothing else") {
        const auto others = dump(wd.path("health.db"), "<> '2026-05'");
        const auto may = dump(wd.path("health.db"), "= '2026-05'");
        // the same book again: the same snapshot
        auto r = run(wd, with({"score", "book-2026-05.csv", "--store", "health.db", "--period", "2026-05"}, score_args));
        REQUIRE_MESSAGE(r.code == 0, r.err);
        CHECK(dump(wd.path("health.db"), "<> '2026-05'") == others);
        CHECK(dump(wd.path("health.db"), "= '2026-05'") == may);
        // another book for the period: that period changes, no other does (later ones are not re-scored)
        r = run(wd, with({"score", "book-2025-12.csv", "--store", "health.db", "--period", "2026-05"}, score_args));
        REQUIRE_MESSAGE(r.code == 0, r.err);
        CHECK(dump(wd.path("health.db"), "<> '2026-05'") == others);
        CHECK(dump(wd.path("health.db"), "= '2026-05'") != may);
        // and a failed re-run (a bad row) leaves it as it was
        const auto now = dump(wd.path("health.db"));
        auto ls = lines(sample.books[0]);
        const auto head = split(ls[0]);
        auto f = split(ls[1]);
        f[static_cast<std::size_t>(std::find(head.begin(), head.end(), "nps") - head.begin())] = "abc";
        ls[1] = join(f);
        std::string bad;
        for (const std::string& l : ls) bad += l + "\n";
        wd.write("bad.csv", bad);
        r = run(wd, with({"score", "bad.csv", "--store", "health.db", "--period", "2026-05"}, score_args));
        CHECK(r.code == 2);
        CHECK(contains(r.err, "bad.csv:2"));
        CHECK(r.out.empty());
        CHECK(dump(wd.path("health.db")) == now);
        CHECK(!wd.exists("health.db-journal"));
    }
}

TEST_CASE("a run killed mid-way leaves the store readable, as it was, without the partial period") {
    workdir wd;
    // a book big enough that the run is seen writing: 200,000 accounts, written 5,000 at a time
    REQUIRE(run(wd, {"sample", "--accounts", "200000", "--seed", "7", "--out", "big.csv", "--no-progress"}).code == 0);
    const std::vector<std::string> args = {"score", "big.csv", "--store", "health.db", "--as-of", "2026-11-30",
                                           "--chunk-rows", "5000", "--format", "csv", "-q"};
    auto first = run(wd, with(args, {"--period", "2026-01"}));
    REQUIRE_MESSAGE(first.code == 0, first.err);
    const auto before = dump(wd.path("health.db"));
    REQUIRE(before.size() > 200000);

    for (const char* period : {"2026-02", "2026-01"}) {  // a new period, and a re-run of the stored one
        CAPTURE(period);
        spawned p(wd, with(args, {"--period", period}));
        // SIGKILL half-way: its journal exists and half of the scored rows are out (each chunk is
        // written out, then stored)
        bool writing = false;
        const auto db_size = fs::file_size(wd.path("health.db"));
        while (!ended(p.pid())) {
            std::error_code ec;
            if (fs::exists(wd.path("health.db-journal")) && fs::file_size(wd.dir() / ".stdout", ec) > first.out.size() / 2 && !ec) {
                writing = true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        REQUIRE_MESSAGE(writing, "the run ended before it was seen half-way: make the book bigger");
        REQUIRE(::kill(p.pid(), SIGKILL) == 0);
        // by then the run had changed the database file itself (the page cache spilled: new pages, or
        // old pages overwritten with their originals in the journal): the rollback is what restores it
        std::error_code ec;
        CHECK((fs::file_size(wd.path("health.db")) != db_size || fs::file_size(wd.path("health.db-journal"), ec) > (1u << 20)));
        const auto killed = p.wait();
        CHECK(killed.code == 128 + SIGKILL);
        CHECK(fs::exists(wd.path("health.db-journal")));  // the killed run's journal: rolled back by the next open

        const auto h = run(wd, {"history", "--store", "health.db", "--format", "csv"});
        REQUIRE_MESSAGE(h.code == 0, h.err);
        REQUIRE(lines(h.out).size() == 2);
        CHECK(lines(h.out)[1].starts_with("2026-01,200000,1,"));
        CHECK(!fs::exists(wd.path("health.db-journal")));
        CHECK(dump(wd.path("health.db")) == before);
    }
    CHECK(wd.files() == std::vector<std::string>{"big.csv", "health.db"});
}

TEST_CASE("bad stores, bad periods and options that do not go with --store") {
    workdir wd;
    const std::string book = (examples / "accounts.csv").string();
    const auto score = [&](std::vector<std::string> more) {
        return run(wd, with({"score", book, "--as-of", "2026-11-30", "--format", "csv", "-q"}, more));
    };

    SUBCASE("a failed first run leaves no store file") {
        wd.write("bad.csv", "account_id,nps\nA-1,abc\n");
        const auto r = run(wd, {"score", "bad.csv", "--store", "new.db", "--period", "2026-11", "--allow-missing-columns"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "bad.csv:2"));
        CHECK(!wd.exists("new.db"));
        CHECK(!wd.exists("new.db-journal"));
    }
    SUBCASE("a SQLite file that is not a store") {
        sql(wd.path("crm.db"), "CREATE TABLE accounts (id TEXT); INSERT INTO accounts VALUES ('A-1')");
        const auto r = score({"--store", "crm.db", "--period", "2026-11"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "vitals: crm.db: not a Vitals history store (a SQLite database without the Vitals application id)"));
        CHECK(r.out.empty());
        const auto h = run(wd, {"history", "--store", "crm.db"});
        CHECK(h.code == 2);
        CHECK(contains(h.err, "not a Vitals history store"));
    }
    SUBCASE("a file that is not SQLite") {
        wd.write("notes.db", "these are my notes, not a database; they are long enough to be read as a header....\n");
        const auto r = score({"--store", "notes.db", "--period", "2026-11"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "vitals: notes.db: not a Vitals history store (not a SQLite database)"));
        CHECK(wd.read("notes.db").starts_with("these are my notes"));
    }
    SUBCASE("another schema version") {
        REQUIRE(score({"--store", "health.db", "--period", "2026-10"}).code == 0);
        sql(wd.path("health.db"), "PRAGMA user_version = 7");
        const auto r = score({"--store", "health.db", "--period", "2026-11"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "vitals: health.db: a history store of schema version 7; this vitals reads and writes version 1"));
        CHECK(run(wd, {"history", "--store", "health.db"}).code == 2);
    }
    SUBCASE("bad periods") {
        for (const char* p : {"2026-13", "2026/11", "2026-11-31", "2026-Q5", "11", ""}) {
            CAPTURE(p);
            const auto r = score({"--store", "health.db", "--period", p});
            CHECK(r.code == 2);
            CHECK((contains(r.err, "is not a month (2026-11), a day (2026-11-30) or a quarter (2026-Q4)") ||
                   contains(r.err, "--store needs --period")));
        }
        CHECK(!wd.exists("health.db"));
        REQUIRE(score({"--store", "health.db", "--period", "2026-10"}).code == 0);
        const auto r = score({"--store", "health.db", "--period", "2026-11-30"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "health.db: its periods are monthly (YYYY-MM) (2026-10); period \"2026-11-30\" is not"));
    }
    SUBCASE("options that do not go with --store") {
        auto r = score({"--store", "health.db"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "--store needs --period"));
        r = score({"--period", "2026-11"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "--period needs --store FILE"));
        r = score({"--store", "health.db", "--period", "2026-11", "--history", (examples / "history.csv").string()});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "leave out --history and --previous"));
        wd.write("none.csv", "account_id,nps\nA-1,5\n");
        r = run(wd, {"score", "-", "--store", "health.db", "--period", "2026-11"}, stdin_from("none.csv"));
        CHECK(r.code == 2);
        CHECK(contains(r.err, "give a file, not standard input"));
        CHECK(!wd.exists("health.db"));
    }
    SUBCASE("another writer holds the store: the run waits for it, then fails and changes nothing") {
        REQUIRE(score({"--store", "health.db", "--period", "2026-10"}).code == 0);
        const auto before = dump(wd.path("health.db"));
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(wd.path("health.db").c_str(), &h) == SQLITE_OK);
        REQUIRE(sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);  // held for the whole run
        const auto r = score({"--store", "health.db", "--period", "2026-11", "--out", "scores.csv"});
        sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(h);
        CHECK(r.code == 1);
        CHECK(contains(r.err, "vitals: health.db: cannot start writing (another run writes the store?): database is locked"));
        CHECK(!wd.exists("scores.csv"));
        CHECK(dump(wd.path("health.db")) == before);
    }
    SUBCASE("vitals history on a missing store, and a scorecard version that is not there") {
        auto r = run(wd, {"history", "--store", "missing.db"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "vitals: missing.db: no such history store"));
        CHECK(!wd.exists("missing.db"));
        REQUIRE(score({"--store", "health.db", "--period", "2026-10"}).code == 0);
        r = run(wd, {"history", "--store", "health.db", "--show-scorecard", "2"});
        CHECK(r.code == 2);
        CHECK(contains(r.err, "health.db: no scorecard version 2 (the store has 1 to 1)"));
        r = run(wd, {"history", "--store", "health.db", "--show-scorecard", "1"});
        CHECK(r.code == 0);
        CHECK(json::parse(r.out).contains("measures"));
    }
}

TEST_CASE("vitals diff: each account's change in score is the sum of its measures' changes in contribution") {
    const monthly_sample sample;
    workdir wd;
    for (std::size_t k = 0; k < sample.periods.size(); ++k) {
        const std::string book = "book-" + sample.periods[k] + ".csv";
        wd.write(book, sample.books[k]);
        const auto r = run(wd, with({"score", book, "--store", "health.db", "--period", sample.periods[k]}, score_args));
        REQUIRE_MESSAGE(r.code == 0, r.err);
    }
    const auto d = run(wd, {"diff", "--store", "health.db", "--from", "2025-12", "--to", "2026-11", "--format", "json"});
    REQUIRE_MESSAGE(d.code == 0, d.err);
    const json j = json::parse(d.out);
    REQUIRE(j["accounts"].size() == 1000);
    CHECK(j["split"] == "data and scorecard");
    std::size_t checked = 0, moved = 0, band_changes = 0;
    double last_at_risk = std::numeric_limits<double>::infinity();
    for (const json& a : j["accounts"]) {
        CAPTURE(a["account_id"].get<std::string>());
        if (!a["at_risk"].is_null()) {  // by revenue at risk, highest first
            CHECK(a["at_risk"].get<double>() <= last_at_risk);
            last_at_risk = a["at_risk"].get<double>();
        }
        if (a["change"].is_null()) continue;
        double sum = 0;
        for (const json& m : a["measures"]) {
            CHECK(m["change"].get<double>() == m["to"].get<double>() - m["from"].get<double>());
            sum += m["change"].get<double>();
        }
        const double change = a["change"].get<double>();
        CHECK(std::fabs(change - (a["score_to"].get<double>() - a["score_from"].get<double>())) <= 1e-12);
        CHECK(std::fabs(sum - change) <= 1e-9);                       // the contributions alone: no overrides here
        CHECK(std::fabs(a["override_change"].get<double>()) <= 1e-9);
        // one scorecard: the whole change is the data's
        CHECK(a["scorecard_change"].get<double>() == 0.0);
        CHECK(std::fabs(a["data_change"].get<double>() - change) <= 1e-9);
        ++checked;
        if (std::fabs(change) > 1) ++moved;
        if (a["band_from"] != a["band_to"]) ++band_changes;
    }
    CHECK(checked > 900);
    CHECK(moved > 100);
    CHECK(band_changes > 10);

    SUBCASE("no data / scorecard split for a scorecard set, and diff says why") {
        REQUIRE(run(wd, {"sample", "--accounts", "300", "--segments", "--out", "seg.csv", "--no-progress"}).code == 0);
        const std::string set = (examples / "segments.json").string();
        for (const char* p : {"2026-10", "2026-11"}) {
            const auto r = run(wd, with({"score", "seg.csv", "--scorecard", set, "--store", "seg.db", "--period", p}, score_args));
            REQUIRE_MESSAGE(r.code == 0, r.err);
        }
        const auto r = run(wd, {"diff", "--store", "seg.db", "--from", "2026-10", "--to", "2026-11", "--format", "json"});
        REQUIRE_MESSAGE(r.code == 0, r.err);
        const json e = json::parse(r.out);
        CHECK(e["split"] == "period 2026-10 was scored with a scorecard set");
        CHECK(e["accounts"].size() == 300);
        CHECK(e["accounts"][0]["data_change"].is_null());
    }
    SUBCASE("one account, every measure; a period that is not there") {
        const auto one = run(wd, {"diff", "--store", "health.db", "--from", "2025-12", "--to", "2026-11", "--account",
                                  "ACC-00000009", "--format", "table"});
        REQUIRE_MESSAGE(one.code == 0, one.err);
        CHECK(contains(one.out, "ACC-00000009: score "));
        CHECK(contains(one.out, "adoption_rate"));
        CHECK(lines(one.out).size() >= 13);  // summary, the account, the header, 11 measures
        const auto missing = run(wd, {"diff", "--store", "health.db", "--from", "2024-01", "--to", "2026-11"});
        CHECK(missing.code == 2);
        CHECK(contains(missing.err, "vitals: health.db: no period 2024-01 (stored: 2025-12, 2026-01,"));
        const auto nobody = run(wd, {"diff", "--store", "health.db", "--from", "2025-12", "--to", "2026-11", "--account", "nobody"});
        CHECK(nobody.code == 2);
        CHECK(contains(nobody.err, "no account \"nobody\" in 2025-12 or 2026-11"));
    }
    SUBCASE("the same book with the same scorecard changes nothing; with one weight edited, a new version") {
        auto r = run(wd, with({"score", "book-2026-11.csv", "--store", "health.db", "--period", "2026-12"}, score_args));
        REQUIRE_MESSAGE(r.code == 0, r.err);
        r = run(wd, {"diff", "--store", "health.db", "--from", "2026-11", "--to", "2026-12", "--format", "json"});
        REQUIRE(r.code == 0);
        const json same = json::parse(r.out);  // (a range-for over parse(...)["accounts"] would read a destroyed temporary)
        for (const json& a : same["accounts"])
            if (!a["change"].is_null()) {
                // the trends and the score trend move on, but no measure reads them: the same scores
                CHECK(a["change"].get<double>() == 0.0);
                for (const json& m : a["measures"]) CHECK(m["change"].get<double>() == 0.0);
            }
        REQUIRE(run(wd, {"scorecard", "init", "card.json"}).code == 0);
        json card = json::parse(wd.read("card.json"));
        card["measures"][3]["weight"] = card["measures"][3]["weight"].get<double>() * 3;  // tickets_per_seat, beside ticket_sentiment
        wd.write("card.json", card.dump(2));
        r = run(wd, with({"score", "book-2026-11.csv", "--store", "health.db", "--period", "2027-01", "--scorecard", "card.json"},
                         score_args));
        REQUIRE_MESSAGE(r.code == 0, r.err);
        r = run(wd, {"diff", "--store", "health.db", "--from", "2026-12", "--to", "2027-01", "--format", "json"});
        REQUIRE(r.code == 0);
        const json e = json::parse(r.out);
        CHECK(e["scorecard_from"] == 1);
        CHECK(e["scorecard_to"] == 2);
        std::size_t changed = 0;
        for (const json& a : e["accounts"])
            if (!a["change"].is_null()) {
                double sum = 0, card_sum = 0;
                for (const json& m : a["measures"]) {
                    sum += m["change"].get<double>();
                    card_sum += m["scorecard_change"].get<double>();
                    CHECK(m["data_change"].get<double>() == 0.0);
                }
                CHECK(std::fabs(sum - a["change"].get<double>()) <= 1e-9);
                // the same data, one weight edited: the whole change is the scorecard's
                CHECK(a["data_change"].get<double>() == 0.0);
                CHECK(std::fabs(a["scorecard_change"].get<double>() - a["change"].get<double>()) <= 1e-9);
                CHECK(std::fabs(card_sum - a["change"].get<double>()) <= 1e-9);
                changed += a["change"].get<double>() != 0.0;
            }
        CHECK(changed > 300);
        const auto v = run(wd, {"history", "--store", "health.db", "--scorecards", "--format", "csv"});
        CHECK(lines(v.out).size() == 3);
    }
}

TEST_CASE("vitals drift, bands and compare on stored periods") {
    const monthly_sample sample;
    workdir wd;
    // 2026-10 and 2026-11 as the sample has them; 2026-12 is November's book with nps 40 points lower
    const auto store_book = [&](const std::string& period, const std::string& text) {
        wd.write("book-" + period + ".csv", text);
        const auto r = run(wd, with({"score", "book-" + period + ".csv", "--store", "health.db", "--period", period}, score_args));
        REQUIRE_MESSAGE(r.code == 0, r.err);
    };
    store_book("2026-10", sample.books[10]);
    store_book("2026-11", sample.books[11]);
    std::string shifted;
    {
        const auto ls = lines(sample.books[11]);
        const auto head = split(ls.at(0));
        const std::size_t nps = static_cast<std::size_t>(std::find(head.begin(), head.end(), "nps") - head.begin());
        REQUIRE(nps < head.size());
        shifted = ls[0] + "\n";
        for (std::size_t i = 1; i < ls.size(); ++i) {
            auto f = split(ls[i]);
            if (!f[nps].empty()) f[nps] = std::to_string(std::stod(f[nps]) - 40.0);
            shifted += join(f) + "\n";
        }
    }
    store_book("2026-12", shifted);

    SUBCASE("drift: PSI is 0 for every measure the book did not change, large for the one it did") {
        const auto r = run(wd, {"drift", "--store", "health.db", "--from", "2026-11", "--to", "2026-12", "--format", "json"});
        REQUIRE_MESSAGE(r.code == 0, r.err);
        const json j = json::parse(r.out);
        CHECK(j["accounts_from"] == 1000);
        std::size_t measures = 0;
        for (const json& row : j["rows"]) {
            CAPTURE(row["name"].get<std::string>());
            if (row["kind"] == "score") {
                CHECK(row["psi"].get<double>() > 0.0);
                continue;
            }
            ++measures;
            if (row["name"] == "nps") {
                CHECK(row["psi"].get<double>() >= 0.25);
                CHECK(row["verdict"] == "significant shift");
            } else if (!row["psi"].is_null()) {
                CHECK(row["psi"].get<double>() == 0.0);
                CHECK(row["verdict"] == "stable");
            }
            if (row["psi"].is_null()) continue;
            // the bins hold every account of both periods, and the PSI is the sum of their terms
            double from = 0, to = 0, psi = 0;
            for (const json& b : row["bins"]) {
                from += b["count_from"].get<double>();
                to += b["count_to"].get<double>();
                psi += b["term"].get<double>();
                const double e = std::max(b["share_from"].get<double>(), 1e-4), a = std::max(b["share_to"].get<double>(), 1e-4);
                CHECK(b["term"].get<double>() == doctest::Approx((a - e) * std::log(a / e)).epsilon(1e-12));
            }
            CHECK(from == 1000);
            CHECK(to == 1000);
            CHECK(psi == doctest::Approx(row["psi"].get<double>()).epsilon(1e-12));
        }
        CHECK(measures == 11);
        const auto same = run(wd, {"drift", "--store", "health.db", "--from", "2026-11", "--to", "2026-11"});
        CHECK(same.code == 2);
        CHECK(contains(same.err, "--from and --to name the same period"));
    }

    SUBCASE("bands: the cut-off proposed puts the share wanted in red, as a re-score with it shows") {
        const auto r = run(wd, {"bands", "--store", "health.db", "--period", "2026-11", "--target-red", "20%", "--format", "json"});
        REQUIRE_MESSAGE(r.code == 0, r.err);
        const json j = json::parse(r.out);
        REQUIRE(j["scorecards"].size() == 1);
        const json& c = j["scorecards"][0];
        const double cut = c["cutoffs_proposed"][0].get<double>();
        CHECK(c["cutoffs_proposed"][1] == 70);  // the cut-off no target moves stays
        const double scored = c["scored"].get<double>();
        const double red = c["bands"][0]["accounts_proposed"].get<double>();
        CHECK(std::fabs(red - 0.2 * scored) <= 1.0);
        // score the same book with the proposed cut-offs: as many accounts in red
        REQUIRE(run(wd, {"scorecard", "init", "cut.json"}).code == 0);
        json card = json::parse(wd.read("cut.json"));
        card["bands"]["cutoffs"][0] = cut;
        wd.write("cut.json", card.dump(2));
        const auto s = run(wd, with({"score", "book-2026-11.csv", "--scorecard", "cut.json"}, score_args));
        REQUIRE_MESSAGE(s.code == 0, s.err);
        double in_red = 0, with_score = 0;
        for (const json& a : json::parse(s.out)) {
            if (a["score"].is_null()) continue;
            ++with_score;
            in_red += a["band"] == "red";
        }
        CHECK(with_score == scored);
        CHECK(in_red == red);
        const auto blocked = run(wd, {"bands", "--store", "health.db", "--period", "2026-11", "--target-red", "0.9"});
        CHECK(blocked.code == 2);
        CHECK(contains(blocked.err, "red cannot hold the share wanted with the cut-off between yellow and green kept at 70; "
                                    "give a target for yellow too"));
        const auto bad = run(wd, {"bands", "--store", "health.db", "--period", "2026-11", "--target", "purple=10%"});
        CHECK(bad.code == 2);
        CHECK(contains(bad.err, "has no band \"purple\" (its bands: red, yellow, green)"));
    }

    SUBCASE("compare: a draft with one weight edited, against scoring the book with each card") {
        REQUIRE(run(wd, {"scorecard", "init", "live.json"}).code == 0);
        json card = json::parse(wd.read("live.json"));
        card["measures"][3]["weight"] = card["measures"][3]["weight"].get<double>() * 3;  // tickets_per_seat
        wd.write("draft.json", card.dump(2));
        const std::string labels = (examples / "accounts.csv").string();
        const auto r = run(wd, {"compare", "--live", "live.json", "--draft", "draft.json", "--store", "health.db", "--period", "2026-11",
                                "--labels", labels, "--label-column", "churned_next_quarter", "--top", "0", "--format", "json"});
        REQUIRE_MESSAGE(r.code == 0, r.err);
        const json j = json::parse(r.out);
        // the bands each card gives the book, scored afresh
        const auto bands_of = [&](const char* file) {
            const auto s = run(wd, with({"score", "book-2026-11.csv", "--scorecard", file}, score_args));
            REQUIRE_MESSAGE(s.code == 0, s.err);
            std::map<std::string, std::string> out;
            for (const json& a : json::parse(s.out)) out[a["account_id"].get<std::string>()] = a["band"].is_null() ? "no data" : a["band"].get<std::string>();
            return out;
        };
        const auto live = bands_of("live.json"), draft = bands_of("draft.json");
        std::size_t changed = 0, live_red = 0;
        for (const auto& [id, band] : live) {
            changed += draft.at(id) != band;
            live_red += band == "red";
        }
        CHECK(changed > 0);
        CHECK(j["changed_band"] == changed);
        CHECK(j["live"]["bands"][0]["accounts"] == live_red);
        double flips = 0;
        for (const json& f : j["flips"]) flips += f["accounts"].get<double>();
        CHECK(flips == 1000);
        // the ROC AUC each card reaches on the labelled book, as vitals evaluate finds it
        const auto e = run(wd, {"evaluate", labels, "--label-column", "churned_next_quarter", "--scorecard", "live.json", "--scorecard",
                                "draft.json", "--bootstrap", "0", "--format", "json"});
        REQUIRE_MESSAGE(e.code == 0, e.err);
        const json ev = json::parse(e.out);
        CHECK(j["live"]["roc_auc"].get<double>() == doctest::Approx(ev["scorecards"][0]["roc_auc"].get<double>()).epsilon(1e-12));
        CHECK(j["draft"]["roc_auc"].get<double>() == doctest::Approx(ev["scorecards"][1]["roc_auc"].get<double>()).epsilon(1e-12));
        CHECK(j["draft"]["average_precision"].get<double>() ==
              doctest::Approx(ev["scorecards"][1]["average_precision"].get<double>()).epsilon(1e-12));
        // by revenue at risk under the draft, highest first
        double last = std::numeric_limits<double>::infinity();
        for (const json& a : j["accounts_changing_band"]) {
            CHECK(a["live_band"] != a["draft_band"]);
            if (a["at_risk"].is_null()) continue;
            CHECK(a["at_risk"].get<double>() <= last);
            last = a["at_risk"].get<double>();
        }
        CHECK(j["accounts_changing_band"].size() == changed);

        const auto itself = run(wd, {"compare", "--live", "live.json", "--draft", "live.json", "--store", "health.db", "--period", "2026-11",
                                     "--format", "json"});
        REQUIRE(itself.code == 0);
        CHECK(json::parse(itself.out)["changed_band"] == 0);
        // a draft that reads an input the period did not store
        card["measures"][0]["input"] = "not_in_the_book";
        wd.write("other.json", card.dump(2));
        const auto absent = run(wd, {"compare", "--live", "live.json", "--draft", "other.json", "--store", "health.db", "--period", "2026-11"});
        CHECK(absent.code == 2);
        CHECK(contains(absent.err, "not_in_the_book"));
        const auto no_column = run(wd, {"compare", "--live", "live.json", "--draft", "draft.json", "--store", "health.db", "--period",
                                        "2026-11", "--labels", labels});
        CHECK(no_column.code == 2);
        CHECK(contains(no_column.err, "--labels needs --label-column"));
    }
}
