// vitals::session against a reference composition, on a random book with every side input:
// each row's score equals score_account with that row's card and inputs (derived columns computed
// for the account alone), chunked and permuted books give the same results, and bad side input
// gets errors that name the place.
#include "vitals/scorecard_set_file.hpp"
#include "vitals/session.hpp"
#include "vitals/signals/trend_columns.hpp"
#include "vitals/survey.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace vitals;
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();

bool same(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

scorecard_set example_set() {
    auto s = load_scorecard_set_file(std::string(VITALS_EXAMPLES_DIR) + "/segments.json");
    REQUIRE_MESSAGE(s, (s ? std::string() : s.error().message));  // the message is built even on success (-s)
    return std::move(s).value();
}

struct book {
    std::vector<std::string> ids, segment_text, names;
    std::vector<std::string_view> segments;
    std::vector<double> values;  // rows x names
    [[nodiscard]] account_table table(std::size_t first = 0, std::size_t n = SIZE_MAX) const {
        n = std::min(n, ids.size() - first);
        account_table t;
        t.ids = std::span<const std::string>(ids).subspan(first, n);
        t.segments = std::span<const std::string_view>(segments).subspan(first, n);
        t.names = names;
        t.values = frame_view<double>::row_major(values.data() + first * names.size(), static_cast<std::int64_t>(n),
                                                 static_cast<std::int64_t>(names.size()));
        t.first_row = first + 1;
        return t;
    }
};

struct world {
    scorecard_set set = example_set();
    book b;
    session_inputs side;
    std::vector<std::string> periods;
};

world random_world(std::size_t n, std::uint64_t seed) {
    world w;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const char* segs[] = {"Enterprise", "SMB", "Mid-market"};
    for (const std::string& in : w.set.inputs())
        if (!std::string_view(in).starts_with("survey_")) w.b.names.push_back(in);
    // drop the derived ones (trend columns) from the book
    std::vector<std::string> derived;
    for (const scorecard& c : w.set.cards())
        for (const std::string& t : trend_column_names(c)) derived.push_back(t);
    std::erase_if(w.b.names, [&](const std::string& x) { return std::find(derived.begin(), derived.end(), x) != derived.end(); });
    w.b.names.push_back("arr");
    for (std::size_t r = 0; r < n; ++r) {
        w.b.ids.push_back("A-" + std::to_string(r));
        w.b.segment_text.push_back(segs[rng() % 3]);
        for (std::size_t c = 0; c < w.b.names.size(); ++c)
            w.b.values.push_back(u(rng) < 0.05 ? qnan : std::floor(u(rng) * 1000.0) / 10.0 - (c % 3 == 0 ? 0.0 : 20.0));
        w.b.values.back() = u(rng) < 0.05 ? qnan : std::floor(u(rng) * 100000.0);  // arr >= 0
    }
    for (const std::string& s : w.b.segment_text) w.b.segments.push_back(s);

    // history: 12 periods of each metric for most accounts, rows shuffled, some periods absent
    std::vector<std::string> metrics;
    for (const scorecard& c : w.set.cards())
        for (const std::string& m : history_metrics(c))
            if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
    history_rows h;
    h.source = "history";
    h.metrics = metrics;
    for (int p = 1; p <= 12; ++p) w.periods.push_back("2026-" + std::string(p < 10 ? "0" : "") + std::to_string(p));
    for (std::size_t r = 0; r < n; ++r) {
        if (u(rng) < 0.15) continue;
        for (const std::string& p : w.periods) {
            if (u(rng) < 0.05) continue;
            h.ids.push_back(w.b.ids[r]);
            h.periods.push_back(p);
            for (std::size_t m = 0; m < metrics.size(); ++m) h.values.push_back(u(rng) < 0.05 ? qnan : std::floor(u(rng) * 500.0));
        }
    }
    h.ids.push_back("GHOST-1");  // an account the book does not hold
    h.periods.push_back("2026-01");
    h.values.insert(h.values.end(), metrics.size(), 1.0);
    {
        std::vector<std::size_t> order(h.ids.size());
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        history_rows s = h;
        for (std::size_t k = 0; k < order.size(); ++k) {
            s.ids[k] = h.ids[order[k]];
            s.periods[k] = h.periods[order[k]];
            std::copy_n(h.values.begin() + static_cast<std::ptrdiff_t>(order[k] * metrics.size()), metrics.size(),
                        s.values.begin() + static_cast<std::ptrdiff_t>(k * metrics.size()));
        }
        w.side.history = std::move(s);
    }
    // previous scores, with alerts raised then
    previous_rows pv;
    pv.source = "previous";
    for (std::size_t r = 0; r < n; ++r) {
        if (u(rng) < 0.3) continue;
        for (const char* p : {"2026-09", "2026-10", "2026-11"}) {
            pv.ids.push_back(w.b.ids[r]);
            pv.periods.push_back(p);
            pv.scores.push_back(u(rng) < 0.1 ? qnan : std::floor(u(rng) * 1000.0) / 10.0);
            pv.alerts.push_back(u(rng) < 0.2 ? "score_drop" : "");
        }
    }
    w.side.previous = std::move(pv);
    // surveys
    survey_rows sv;
    sv.source = "surveys";
    const char* roles[] = {"c_suite", "vp", "director", "manager", "user"};
    for (std::size_t r = 0; r < n; r += 2)
        for (int k = 0; k < 3; ++k) {
            sv.ids.push_back(w.b.ids[r]);
            sv.roles.push_back(roles[rng() % 5]);
            sv.answers.push_back(u(rng) < 0.2 ? qnan : static_cast<double>(rng() % 11));
        }
    w.side.surveys = std::move(sv);
    // overrides: active and lapsed, and one for an account not in the book
    override_book ob;
    for (std::size_t r = 3; r < n; r += 97) {
        account_override o;
        o.account_id = w.b.ids[r];
        o.target = "score";
        o.value = static_cast<double>(rng() % 101);
        o.reason = "test";
        o.author = "tester";
        o.expires = r % 2 ? 20'800 : 20'000;
        o.origin = "overrides:" + std::to_string(r);
        REQUIRE(ob.add(o));
    }
    account_override ghost{"GHOST-2", "score", 50.0, "typo", "tester", 30'000, "overrides:99"};
    REQUIRE(ob.add(ghost));
    w.side.overrides = std::move(ob);
    return w;
}

session_options options() {
    session_options o;
    o.as_of = 20'400;
    o.threads = 2;
    return o;
}

}  // namespace

TEST_CASE("session: each row equals score_account with its card and its own derived columns") {
    const world w = random_world(1500, 7);
    auto s = session::create(w.set, w.side, options());
    REQUIRE_MESSAGE(s, (s ? std::string() : s.error().message));
    session_result out;
    auto r = s.value().score(w.b.table(), out);
    REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
    REQUIRE(out.rows == w.b.ids.size());
    CHECK(s.value().has_quadrant());

    // the reference: per account, its derived columns computed from its own rows only
    const history_rows& h = *w.side.history;
    const survey_rows& sv = *w.side.surveys;
    std::size_t overridden = 0, checked = 0;
    for (std::size_t row = 0; row < w.b.ids.size(); row += 7) {
        const std::string& id = w.b.ids[row];
        const auto card_index = w.set.card_for(w.b.segment_text[row]).value();
        const scorecard& card = w.set.cards()[card_index];
        CHECK(out.card[row] == static_cast<std::int32_t>(card_index));
        std::vector<std::pair<std::string, double>> inputs;
        for (std::size_t c = 0; c < w.b.names.size(); ++c) inputs.emplace_back(w.b.names[c], w.b.values[row * w.b.names.size() + c]);
        // trends: this account's history alone
        const std::size_t T = w.periods.size(), M = h.metrics.size();
        std::vector<std::vector<double>> hist(M, std::vector<double>(T, qnan));
        for (std::size_t k = 0; k < h.ids.size(); ++k)
            if (h.ids[k] == id) {
                const auto t = static_cast<std::size_t>(std::find(w.periods.begin(), w.periods.end(), h.periods[k]) - w.periods.begin());
                for (std::size_t m = 0; m < M; ++m) hist[m][t] = h.values[k * M + m];
            }
        std::vector<metric_history> mh;
        for (std::size_t m = 0; m < M; ++m) mh.push_back({h.metrics[m], frame_view<double>::row_major(hist[m].data(), 1, static_cast<std::int64_t>(T))});
        const auto tnames = trend_column_names(card);
        std::vector<double> tv(tnames.size());
        const bool has_history = std::find(h.ids.begin(), h.ids.end(), id) != h.ids.end();
        REQUIRE(compute_trend_columns(card, mh, 1, tv, true));
        for (std::size_t t = 0; t < tnames.size(); ++t) inputs.emplace_back(tnames[t], has_history ? tv[t] : qnan);
        // surveys: this account's answers alone
        std::vector<std::int64_t> acc;
        std::vector<std::int32_t> rl;
        std::vector<double> an;
        for (std::size_t k = 0; k < sv.ids.size(); ++k)
            if (sv.ids[k] == id) {
                acc.push_back(0);
                rl.push_back(static_cast<std::int32_t>(parse_role(sv.roles[k]).value()));
                an.push_back(sv.answers[k]);
            }
        std::vector<double> block(survey_column_count, qnan);
        if (!acc.empty()) REQUIRE(survey_measures(1, {acc, rl, an}, survey_options{}, survey_outputs::block(block, 1).value()));
        for (std::size_t k = 0; k < survey_column_count; ++k)
            inputs.emplace_back(std::string(column_name(static_cast<survey_column>(k))), block[k]);
        std::vector<std::pair<std::string_view, double>> named(inputs.begin(), inputs.end());
        std::vector<std::string_view> want;
        for (const std::string& in : card.inputs()) want.push_back(in);
        std::vector<double> x;
        for (std::string_view in : want) {
            double v = qnan;
            for (const auto& [k, val] : inputs)
                if (k == in) v = val;
            x.push_back(v);
        }
        const auto ref = score_account(card, std::span<const double>(x));
        REQUIRE(ref);
        if (out.override_of[row] >= 0) {
            ++overridden;
            continue;  // the final score is the override's (checked below)
        }
        ++checked;
        CHECK(same(out.score[row], ref.value().score));
        CHECK(same(out.coverage[row], ref.value().coverage));
    }
    CHECK(checked > 150);
    (void)overridden;
    // overrides: an active one sets the score; a lapsed one leaves it
    for (const overridden_row& ov : out.overridden)
        for (const override_effect& e : ov.effects)
            if (e.state == override_state::applied) CHECK(same(out.score[static_cast<std::size_t>(ov.row)], e.value));
    CHECK(!out.overridden.empty());

    // nothing dropped silently: the ghost accounts are reported
    const auto un = s.value().unmatched();
    bool ghost_history = false, ghost_override = false;
    for (const auto& x : un) {
        ghost_history |= x.input == "history" && std::find(x.ids.begin(), x.ids.end(), "GHOST-1") != x.ids.end();
        ghost_override |= x.input == "overrides" && x.ids == std::vector<std::string>{"GHOST-2"};
    }
    CHECK(ghost_history);
    CHECK(ghost_override);
}

TEST_CASE("session: chunked and permuted books give the same results, row for row") {
    const world w = random_world(2000, 11);
    auto whole = session::create(w.set, w.side, options());
    REQUIRE(whole);
    session_result all;
    REQUIRE(whole.value().score(w.b.table(), all));
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{999}}) {
        CAPTURE(chunk);
        auto s = session::create(w.set, w.side, options());
        REQUIRE(s);
        s.value().set_value_cutoff(*whole.value().value_cutoff());
        session_result part;
        for (std::size_t first = 0; first < w.b.ids.size(); first += chunk) {
            REQUIRE(s.value().score(w.b.table(first, chunk), part));
            for (std::size_t r = 0; r < part.rows; ++r) {
                const std::size_t g = first + r;
                CHECK(same(part.score[r], all.score[g]));
                CHECK(part.band[r] == all.band[g]);
                CHECK(part.quadrant[r] == all.quadrant[g]);
                CHECK(same(part.change[r], all.change[g]));
                CHECK(part.alerts[r].size() == all.alerts[g].size());
                CHECK((part.override_of[r] >= 0) == (all.override_of[g] >= 0));
            }
        }
    }
    // a reversed book: reversed results
    book rev = w.b;
    const std::size_t n = rev.ids.size(), C = rev.names.size();
    for (std::size_t r = 0; r < n; ++r) {
        rev.ids[r] = w.b.ids[n - 1 - r];
        rev.segment_text[r] = w.b.segment_text[n - 1 - r];
        std::copy_n(w.b.values.begin() + static_cast<std::ptrdiff_t>((n - 1 - r) * C), C, rev.values.begin() + static_cast<std::ptrdiff_t>(r * C));
    }
    for (std::size_t r = 0; r < n; ++r) rev.segments[r] = rev.segment_text[r];
    auto s = session::create(w.set, w.side, options());
    REQUIRE(s);
    session_result back;
    REQUIRE(s.value().score(rev.table(), back));
    for (std::size_t r = 0; r < n; ++r) {
        CHECK(same(back.score[r], all.score[n - 1 - r]));
        CHECK(same(back.coverage[r], all.coverage[n - 1 - r]));
    }
}

TEST_CASE("session: a history shorter than a trend's window is a notice naming the trend") {
    const scorecard_set set = example_set();
    history_rows h;
    h.source = "h.csv";
    for (const scorecard& c : set.cards())
        for (const std::string& m : history_metrics(c))
            if (std::find(h.metrics.begin(), h.metrics.end(), m) == h.metrics.end()) h.metrics.push_back(m);
    h.ids = {"A", "A"};
    h.periods = {"2026-01", "2026-02"};
    h.values.assign(2 * h.metrics.size(), 1.0);
    std::size_t longer = 0;  // trends whose window exceeds the 2 periods
    std::string first_name;
    for (const scorecard& c : set.cards())
        for (const trend_input& t : c.spec().trends)
            if (t.window > 2 && first_name.empty()) {
                first_name = t.name;
                ++longer;
            }
    REQUIRE_MESSAGE(longer > 0, "the example set needs a trend over more than 2 periods");
    session_inputs in;
    in.history = h;
    auto s = session::create(set, in, options());
    REQUIRE_MESSAGE(s, (s ? std::string() : s.error().message));
    bool named = false;
    for (const session_notice& n : s.value().notices())
        named = named || (n.message.starts_with("h.csv has 2 periods, fewer than the ") &&
                          n.message.find("trend \"" + first_name + "\"") != std::string::npos);
    CHECK(named);
    // a history as long as every window: no such notice
    h.ids.clear();
    h.periods.clear();
    for (int p = 1; p <= 24; ++p) {
        h.ids.push_back("A");
        h.periods.push_back(std::to_string(p));
    }
    h.values.assign(24 * h.metrics.size(), 1.0);
    in.history = h;
    auto t = session::create(set, in, options());
    REQUIRE_MESSAGE(t, (t ? std::string() : t.error().message));
    for (const session_notice& n : t.value().notices()) CHECK(n.message.find("fewer than") == std::string::npos);
}

TEST_CASE("session: bad side input names the place") {
    const scorecard_set set = example_set();
    SUBCASE("a period twice") {
        history_rows h;
        h.source = "h.csv";
        h.ids = {"A", "A"};
        h.lines = {2, 5};
        h.periods = {"2026-01", "2026-01"};
        for (const scorecard& c : set.cards())
            for (const std::string& m : history_metrics(c))
                if (std::find(h.metrics.begin(), h.metrics.end(), m) == h.metrics.end()) h.metrics.push_back(m);
        h.values.assign(2 * h.metrics.size(), 1.0);
        session_inputs in;
        in.history = h;
        auto s = session::create(set, in, options());
        REQUIRE(!s);
        CHECK(s.error().message == "h.csv:5: account \"A\" has period 2026-01 twice (first on line 2)");
    }
    SUBCASE("a history without a metric the trends read") {
        history_rows h;
        h.source = "h.csv";
        h.metrics = {"unrelated"};
        session_inputs in;
        in.history = h;
        auto s = session::create(set, in, options());
        REQUIRE(!s);
        CHECK(s.error().code == errc::unknown_column);
        CHECK(s.error().message.starts_with("h.csv: no history of "));
    }
    SUBCASE("an override of an unknown measure") {
        override_book b;
        REQUIRE(b.add({"A", "happiness", 50.0, "why", "who", 30'000, "o.csv:3"}));
        session_inputs in;
        in.overrides = std::move(b);
        auto s = session::create(set, std::move(in), options());
        REQUIRE(!s);
        CHECK(s.error().message.starts_with("o.csv:3: column target: unknown measure \"happiness\""));
    }
    SUBCASE("a survey answer out of range, a role unknown") {
        survey_rows sv;
        sv.source = "s.csv";
        sv.ids = {"A"};
        sv.lines = {4};
        sv.roles = {"intern"};
        sv.answers = {5};
        sv.role_column = 3;
        session_inputs in;
        in.surveys = sv;
        auto s = session::create(set, in, options());
        REQUIRE(!s);
        CHECK(s.error().message.starts_with("s.csv:4:3: unknown role \"intern\""));
        in.surveys->roles = {"vp"};
        in.surveys->answers = {11};
        auto t = session::create(set, in, options());
        REQUIRE(!t);
        CHECK(t.error().message.starts_with("s.csv:4: answer 11 is not a whole number 0..10"));
    }
    SUBCASE("a previous score out of range") {
        previous_rows p;
        p.source = "p.csv";
        p.ids = {"A"};
        p.periods = {"2026-10"};
        p.scores = {120};
        session_inputs in;
        in.previous = p;
        auto s = session::create(set, in, options());
        REQUIRE(!s);
        CHECK(s.error().message == "p.csv:1: score 120 is not in 0..100 (account \"A\")");
    }
    SUBCASE("a book without the segment column, and shapes that do not match") {
        auto s = session::create(set, {}, options());
        REQUIRE(s);
        const std::vector<std::string> ids{"A"}, names{"nps"};
        const double v[1] = {5};
        account_table t;
        t.ids = ids;
        t.names = names;
        t.values = frame_view<double>::row_major(v, 1, 1);
        session_result out;
        auto r = s.value().score(t, out);
        REQUIRE(!r);
        CHECK(r.error().message.find("no segment column \"segment\"") != std::string::npos);
        const std::vector<std::string> two{"A", "B"};
        t.ids = two;
        auto q = s.value().score(t, out);
        REQUIRE(!q);
        CHECK(q.error().code == errc::shape_mismatch);
    }
}

TEST_CASE("session: an error about one account names its line (or row) in the book, and keeps the row as data") {
    session_options o = options();
    o.allow_missing_columns = true;  // the book has only the value column
    auto made = session::create(example_set(), {}, o);
    REQUIRE_MESSAGE(made, (made ? std::string() : made.error().message));
    session& s = made.value();
    const std::vector<std::string> ids{"A", "B", "C", "D"}, names{"arr"};
    const std::vector<std::string_view> segments{"SMB", "SMB", "Enterprise", "SMB"};
    const double arr[4] = {10, 20, -5, 40};  // C (row 2) has a negative value
    account_table t;
    t.ids = ids;
    t.segments = segments;
    t.names = names;
    t.values = frame_view<double>::row_major(arr, 4, 1);
    t.source = "accounts.csv";
    session_result out;
    SUBCASE("without lines: first_row + row") {
        t.first_row = 101;  // a later chunk
        auto r = s.score(t, out);
        REQUIRE(!r);
        CHECK(r.error().row == 2);
        CHECK(r.error().message == "accounts.csv: row 103: account \"C\": arr -5 is not a value >= 0");
    }
    SUBCASE("with lines: the row's own line (records may span lines)") {
        const std::vector<std::uint64_t> lines{2, 3, 7, 8};
        t.lines = lines;
        auto r = s.score(t, out);
        REQUIRE(!r);
        CHECK(r.error().row == 2);
        CHECK(r.error().message == "accounts.csv:7: account \"C\": arr -5 is not a value >= 0");
    }
}

TEST_CASE("session: churn probability from each card's calibration, of the score before overrides") {
    world w = random_world(1200, 11);
    // calibrate every card but the last; the last card's rows get NaN
    std::vector<scorecard> cards(w.set.cards().begin(), w.set.cards().end());
    REQUIRE(cards.size() >= 2);
    for (std::size_t c = 0; c + 1 < cards.size(); ++c) {
        scorecard_spec spec = cards[c].spec();
        spec.calibration = churn_probability{2.0 - 0.25 * static_cast<double>(c), -0.05 - 0.01 * static_cast<double>(c)};
        cards[c] = scorecard::build(std::move(spec)).value();
    }
    std::vector<scorecard_set::segment> segments(w.set.segments().begin(), w.set.segments().end());
    const std::size_t def = w.set.default_card();
    auto calibrated = scorecard_set::build(std::string(w.set.segment_column()), cards, segments,
                                           def == npos ? std::nullopt : std::optional<std::size_t>(def));
    REQUIRE_MESSAGE(calibrated, (calibrated ? std::string() : calibrated.error().message));

    auto plain = session::create(w.set, w.side, options());
    REQUIRE(plain);
    CHECK_FALSE(plain.value().has_churn_probability());
    session_result none;
    REQUIRE(plain.value().score(w.b.table(), none));
    CHECK(none.churn_probability.empty());

    auto s = session::create(calibrated.value(), w.side, options());
    REQUIRE_MESSAGE(s, (s ? std::string() : s.error().message));
    CHECK(s.value().has_churn_probability());
    session_result out;
    auto r = s.value().score(w.b.table(), out);
    REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
    REQUIRE(out.churn_probability.size() == out.rows);
    std::vector<double> computed(out.score);  // the score each card computed: overrides undone
    for (const overridden_row& o : out.overridden) computed[static_cast<std::size_t>(o.row)] = o.computed_score;
    REQUIRE_FALSE(out.overridden.empty());
    std::size_t with = 0, without = 0, overridden_checked = 0;
    for (std::size_t row = 0; row < out.rows; ++row) {
        const std::optional<churn_probability> cal =
            out.card[row] >= 0 ? calibrated.value().cards()[static_cast<std::size_t>(out.card[row])].calibration() : std::nullopt;
        if (!cal || std::isnan(computed[row])) {
            CHECK(std::isnan(out.churn_probability[row]));
            ++without;
            continue;
        }
        const double want = 1.0 / (1.0 + std::exp(-(cal->intercept + cal->slope * computed[row])));
        CHECK(same(out.churn_probability[row], want));
        ++with;
        if (out.override_of[row] >= 0 && out.score[row] != computed[row]) ++overridden_checked;
    }
    CHECK(with > 100);
    CHECK(without > 100);  // the uncalibrated card's rows and the unscored ones
    CHECK(overridden_checked > 0);
    // the rest of the result is the uncalibrated session's, bit for bit
    for (std::size_t row = 0; row < out.rows; ++row) CHECK(same(out.score[row], none.score[row]));
}

TEST_CASE("session: contributions on request; with them every other column is unchanged") {
    const world w = random_world(1200, 13);
    auto plain = session::create(w.set, w.side, options());
    REQUIRE(plain);
    session_result a;
    REQUIRE(plain.value().score(w.b.table(), a));
    CHECK(a.contributions.empty());

    session_options o = options();
    o.contributions = true;
    auto with = session::create(w.set, w.side, o);
    REQUIRE(with);
    session_result b;
    REQUIRE(with.value().score(w.b.table(), b));
    const std::size_t W = w.set.max_measures();
    REQUIRE(b.contributions.size() == b.rows * W);
    std::size_t summed = 0;
    for (std::size_t r = 0; r < b.rows; ++r) {
        CHECK(same(a.score[r], b.score[r]));
        CHECK(a.band[r] == b.band[r]);
        for (std::size_t m = 0; m < W; ++m) CHECK(same(a.points_lost[r * W + m], b.points_lost[r * W + m]));
        if (b.status[r] != static_cast<std::int32_t>(status::ok)) {
            CHECK(std::isnan(b.contributions[r * W]));
            continue;
        }
        if (b.override_of[r] >= 0) continue;  // a score override keeps the computed contributions
        const std::size_t M = w.set.cards()[static_cast<std::size_t>(b.card[r])].measures().size();
        double points = 0.0, whole = 0.0;
        for (std::size_t m = 0; m < M; ++m) {
            points += b.contributions[r * W + m];
            whole += b.contributions[r * W + m] + b.points_lost[r * W + m];
        }
        CHECK(points == doctest::Approx(b.score[r]).epsilon(1e-12));
        CHECK(whole == doctest::Approx(100.0).epsilon(1e-12));
        ++summed;
    }
    CHECK(summed > 500);
}
