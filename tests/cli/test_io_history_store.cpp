// The history store's library API (vitals/io/history_store.hpp), on real SQLite files: period
// labels, the content hash, no file before the first period, and what history_before's `last` reads.
#include "vitals/io/history_store.hpp"

#include "vitals/scorecard_file.hpp"
#include "vitals/session.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace vitals;
using io::history_store;

struct temp_dir {
    fs::path dir;
    temp_dir() {
        std::string tmpl = (fs::temp_directory_path() / "vitals-store-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        dir = tmpl;
    }
    ~temp_dir() { fs::remove_all(dir); }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
};

/// Scores `ids` (active_users and licensed_seats given, the rest missing) and stores them as `period`.
void store_period(history_store& store, const std::string& period, const std::vector<std::string>& ids, double users,
                  const std::vector<std::string>& stored_names = {"active_users", "licensed_seats"}) {
    const scorecard_set set = scorecard_set::single(default_scorecard());
    session_options so;
    so.as_of = 20000;
    so.allow_missing_columns = true;
    so.contributions = true;
    auto s = session::create(set, {}, so);
    REQUIRE_MESSAGE(s, (s ? "" : s.error().message));
    const std::vector<std::string> names{"active_users", "licensed_seats"};
    std::vector<double> values;
    for (std::size_t r = 0; r < ids.size(); ++r) values.insert(values.end(), {users, 10.0});
    account_table t;
    t.ids = ids;
    t.names = names;
    t.values = frame_view<double>::row_major(values.data(), static_cast<std::int64_t>(ids.size()), 2);
    session_result out;
    REQUIRE(s.value().score(t, out));
    io::period_info info;
    info.period = period;
    info.as_of = "2024-10-04";
    info.source = "test";
    info.metrics = {"active_users"};
    info.inputs = stored_names;
    info.scorecard_text = save_scorecard(set.cards()[0]).value();
    REQUIRE(store.begin_period(info, set));
    std::vector<double> metrics(ids.size(), users);
    REQUIRE(store.append(ids, out, set, metrics, values, s.value().overrides()));
    REQUIRE(store.commit());
}

}  // namespace

TEST_CASE("period labels: months, days and quarters that exist") {
    for (const char* p : {"2026-01", "2026-12", "2026-02-28", "2024-02-29", "2026-Q1", "2026-Q4"}) {
        CAPTURE(p);
        CHECK(io::check_period(p));
    }
    for (const char* p : {"2026-00", "2026-13", "2026-02-29", "2026-Q0", "2026-Q5", "26-01", "2026-1", "", "2026-01-01T00",
                          "2026/01", "abcd-01"}) {
        CAPTURE(p);
        const auto r = io::check_period(p);
        REQUIRE(!r);
        CHECK(r.error().code == errc::invalid_argument);
        CHECK(r.error().message == "period \"" + std::string(p) +
                                       "\" is not a month (2026-11), a day (2026-11-30) or a quarter (2026-Q4)");
    }
}

TEST_CASE("the content hash is FNV-1a 64") {
    CHECK(io::content_hash("") == "cbf29ce484222325");
    CHECK(io::content_hash("a") == "af63dc4c8601ec8c");
    CHECK(io::content_hash("foobar") == "85944171f73967e8");
}

TEST_CASE("a store: input names come back as they were stored, whatever JSON escapes they need") {
    temp_dir tmp;
    auto opened = history_store::open(tmp.dir / "health.db", history_store::mode::write);
    REQUIRE(opened);
    // a tab, a newline, a quote and a backslash, a control character, UTF-8 of 2 to 4 bytes
    const std::vector<std::string> names{"tab\there \"quoted\" back\\slash\r\n", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \x01 /"};
    store_period(opened.value(), "2026-01", {"a"}, 3, names);
    const io::stored_snapshot snap = opened.value().snapshot("2026-01", "a").value();
    CHECK(snap.inputs == names);
    REQUIRE(snap.accounts.size() == 1);
    CHECK(snap.accounts[0].inputs == std::vector<double>{3, 10});
}

TEST_CASE("a store: no file before the first period, a failed first period leaves none, history_before's last") {
    temp_dir tmp;
    const fs::path path = tmp.dir / "health.db";
    {
        auto s = history_store::open(path, history_store::mode::write);
        REQUIRE(s);
        CHECK(s.value().periods().value().empty());
        CHECK(s.value().periods_before("2026-01").value() == 0);
        CHECK(!fs::exists(path));
    }
    CHECK(!fs::exists(path));
    CHECK(!history_store::open(path, history_store::mode::read));
    {  // begun, never committed: the file it created goes again
        auto s = history_store::open(path, history_store::mode::write);
        io::period_info info;
        info.period = "2026-01";
        info.as_of = "2026-01-31";
        info.scorecard_text = "{}";
        REQUIRE(s.value().begin_period(info, scorecard_set::single(default_scorecard())));
        CHECK(fs::exists(path));
    }
    CHECK(!fs::exists(path));
    CHECK(!fs::exists(tmp.dir / "health.db-journal"));

    auto opened = history_store::open(path, history_store::mode::write);
    REQUIRE(opened);
    history_store& store = opened.value();
    store_period(store, "2026-01", {"a", "b"}, 1);
    store_period(store, "2026-02", {"a"}, 2);
    store_period(store, "2026-03", {}, 0);  // a period with no accounts
    store_period(store, "2026-04", {"a", "c"}, 4);
    CHECK(store.periods().value().size() == 4);
    CHECK(!store.accepts("2026-05-01"));

    const std::vector<std::string> metrics{"active_users", "not_stored"};
    const history_rows all = store.history_before("2026-05", metrics).value();
    CHECK(all.ids == std::vector<std::string>{"a", "b", "a", "a", "c"});
    CHECK(all.periods == std::vector<std::string>{"2026-01", "2026-01", "2026-02", "2026-04", "2026-04"});
    REQUIRE(all.values.size() == 10);
    CHECK(all.values[0] == 1);
    CHECK(std::isnan(all.values[1]));
    CHECK(all.values[6] == 4);
    // the newest two periods that hold accounts: 2026-04 and 2026-02 (2026-03 is empty)
    const history_rows last2 = store.history_before("2026-05", metrics, 2).value();
    CHECK(last2.periods == std::vector<std::string>{"2026-02", "2026-04", "2026-04"});
    // before 2026-02: only 2026-01, whatever `last`
    CHECK(store.history_before("2026-02", metrics, 5).value().periods == std::vector<std::string>{"2026-01", "2026-01"});

    const previous_rows prev = store.previous_before("2026-04").value();
    CHECK(prev.ids == std::vector<std::string>{"a", "b", "a"});
    CHECK(prev.periods == std::vector<std::string>{"2026-01", "2026-01", "2026-02"});
    CHECK(prev.scores.size() == 3);

    const io::stored_snapshot snap = store.snapshot("2026-04", "c").value();
    REQUIRE(snap.accounts.size() == 1);
    CHECK(snap.accounts[0].id == "c");
    CHECK(snap.inputs == std::vector<std::string>{"active_users", "licensed_seats"});
    CHECK(snap.accounts[0].inputs == std::vector<double>{4, 10});
    REQUIRE(snap.measures.size() == 1);
    CHECK(snap.accounts[0].contributions.size() == snap.measures[0].size());
    // no account named (the default argument, an empty view without data): every account, in order
    const io::stored_snapshot whole = store.snapshot("2026-04").value();
    REQUIRE(whole.accounts.size() == 2);
    CHECK(whole.accounts[0].id == "a");
    CHECK(whole.accounts[1].id == "c");
    const auto missing = store.snapshot("2026-05");
    REQUIRE(!missing);
    CHECK(missing.error().message == path.string() + ": no period 2026-05 (stored: 2026-01, 2026-02, 2026-03, 2026-04)");
}
