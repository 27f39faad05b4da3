// libFuzzer target: the account session (vitals::session) on fuzzer-chosen books and side inputs —
// the example scorecard set (a card per segment, with a default) or the built-in card as a set of
// one; a book of up to 48 accounts whose ids, segments and values (NaN, ±inf, negative, huge) come
// from the input; history, previous scores, surveys and overrides whose ids, periods, roles,
// values and dates come from the input too, including ids the book does not hold, duplicate
// periods, unknown roles and out-of-range scores.
// Properties: nothing throws or crashes; every error has a message; an error about one account
// carries a row of the table and its message starts with that row's place; a scored result has
// every column at the table's length, scores in [0, 100] or NaN, bands and quadrants in range,
// places in the assessment list a permutation of 1..listed; and the same book scored in two
// chunks (with the first run's high-value cut-off) gives the same bits as scored whole — and,
// with contributions, the same one-page report (vitals::report), byte for byte.
#include "fuzz_check.hpp"

#include "vitals/report/book_summary.hpp"
#include "vitals/report/page.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/scorecard_set_file.hpp"
#include "vitals/session.hpp"
#include "vitals/signals/trend_columns.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace {

using namespace vitals;
using vitals::fuzz::check;

/// A value from one byte: mostly small numbers, often NaN (missing), and now and then ±inf, a
/// negative or a huge one (which most inputs must refuse, so they are rare enough for runs to
/// get past them).
double value_of(std::uint8_t b) {
    switch (b % 64) {
    case 0: return std::numeric_limits<double>::infinity();
    case 1: return -std::numeric_limits<double>::infinity();
    case 2: return -static_cast<double>(b);
    case 3: return 1e308;
    case 4: case 5: case 6: case 7: return std::numeric_limits<double>::quiet_NaN();
    default: return static_cast<double>(b) / 2.0;
    }
}

/// One of `items`, the last `rare` of them chosen about once in 32 picks each.
template <std::size_t N>
const char* one_of(const char* const (&items)[N], std::size_t rare, std::uint8_t b) {
    const std::size_t common = N - rare, slot = b % 32;
    return slot < 32 - rare ? items[slot % common] : items[common + (31 - slot)];
}

bool same(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

template <class T>
bool same_vectors(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if constexpr (std::is_same_v<T, double>) {
            if (!same(a[i], b[i])) return false;
        } else if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

const scorecard_set& example_set() {
    static const scorecard_set set = [] {
        auto s = load_scorecard_set_file(std::string(VITALS_FUZZ_BASE_DIR) + "/segments.json");
        check(s.has_value(), "docs/examples/segments.json loads");
        return std::move(s).value();
    }();
    return set;
}

/// The error of a score() call is well formed for `table`.
void check_error(const error& e, const account_table& table) {
    check(!e.message.empty(), "an error has a message");
    if (e.row >= 0) {
        check(static_cast<std::size_t>(e.row) < table.ids.size(), "an error's row is a row of the table", e.message);
        const std::string place = table.place(static_cast<std::size_t>(e.row));
        check(e.message.rfind(place, 0) == 0, "an error about one row starts with its place", e.message);
    }
}

/// The result of scoring `n` rows is well formed.
void check_result(const session_result& o, std::size_t n, const scorecard_set& set) {
    check(o.rows == n && o.score.size() == n && o.band.size() == n && o.coverage.size() == n &&
              o.status.size() == n && o.card.size() == n && o.override_of.size() == n,
          "every column has the table's length");
    for (std::size_t r = 0; r < n; ++r) {
        check(std::isnan(o.score[r]) || (o.score[r] >= 0.0 && o.score[r] <= 100.0), "a score is NaN or in [0, 100]");
        check(o.card[r] >= 0 && o.card[r] < static_cast<std::int32_t>(set.cards().size()), "each row has a card");
        const auto bands = set.cards()[static_cast<std::size_t>(o.card[r])].bands();
        check(o.band[r] >= -1 && o.band[r] < static_cast<std::int32_t>(bands.labels.size()), "a band is one of its card's");
    }
    if (!o.quadrant.empty()) {
        check(o.quadrant.size() == n && o.at_risk.size() == n, "quadrant and at_risk have the table's length");
        for (std::int32_t q : o.quadrant) check(q >= 0 && q <= 4, "a quadrant is one of five");
    }
    if (!o.priority.empty()) {
        check(o.priority.size() == n, "priority has the table's length");
        std::vector<std::int32_t> places;
        for (std::size_t r = 0; r < n; ++r) {
            const bool listed = !std::isnan(o.value[r]) && !std::isnan(o.score[r]);
            check(listed == (o.priority[r] > 0), "an account is listed exactly when its value and score are known");
            if (o.priority[r] > 0) places.push_back(o.priority[r]);
        }
        std::sort(places.begin(), places.end());
        for (std::size_t k = 0; k < places.size(); ++k)
            check(places[k] == static_cast<std::int32_t>(k + 1), "the places are 1..listed, each once");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    vitals::fuzz::bytes in(data, size);
    const bool segmented = in.byte() % 2 == 0;
    const scorecard_set set = segmented ? example_set() : scorecard_set::single(default_scorecard());
    const std::size_t n = in.pick(0, 48);
    const std::uint8_t sides = in.byte();
    const char* segs[] = {"Enterprise", "SMB", "Mid-market", "Startup", ""};
    const auto id_of = [](std::uint8_t b) { return "A-" + std::to_string(b % 64); };  // duplicates, ghosts

    // the book: the cards' inputs that no side input derives, plus the value column
    session_options options;
    options.as_of = 20'400 + static_cast<day_number>(in.byte() % 64);
    options.threads = 1 + in.byte() % 2;
    options.allow_missing_columns = in.byte() % 2 == 0;
    options.top_drivers = in.pick(0, 5);
    options.contributions = options.inputs = in.byte() % 2 == 0;  // what the report needs
    session_inputs side;
    if (sides & 1) {
        history_rows h;
        h.source = "history.csv";
        for (const scorecard& c : set.cards())
            for (const std::string& m : history_metrics(c))
                if (std::find(h.metrics.begin(), h.metrics.end(), m) == h.metrics.end()) h.metrics.push_back(m);
        if (in.byte() % 16 == 0 && !h.metrics.empty()) h.metrics.pop_back();  // now and then a metric short
        const std::size_t rows = in.pick(0, 40);
        for (std::size_t r = 0; r < rows; ++r) {
            h.ids.push_back(id_of(in.byte()));
            h.lines.push_back(r + 2);
            h.periods.push_back("2026-" + std::to_string(1 + in.byte() % 12));
            for (std::size_t m = 0; m < h.metrics.size(); ++m) h.values.push_back(value_of(in.byte()));
        }
        side.history = std::move(h);
    }
    if (sides & 2) {
        previous_rows p;
        p.source = "previous.csv";
        const std::size_t rows = in.pick(0, 40);
        const char* alerts[] = {"", "score_drop", "band_downgrade;score_drop", "no_such_alert"};
        for (std::size_t r = 0; r < rows; ++r) {
            p.ids.push_back(id_of(in.byte()));
            p.periods.push_back("2026-" + std::to_string(9 + in.byte() % 3));
            p.scores.push_back(value_of(in.byte()) * 0.8);  // 1e308 and ±inf out of 0..100
            p.alerts.push_back(one_of(alerts, 1, in.byte()));
        }
        side.previous = std::move(p);
    }
    if (sides & 4) {
        survey_rows s;
        s.source = "surveys.csv";
        const char* roles[] = {"c_suite", "vp", "director", "manager", "user", "intern", ""};  // two unknown
        const std::size_t rows = in.pick(0, 40);
        for (std::size_t r = 0; r < rows; ++r) {
            s.ids.push_back(id_of(in.byte()));
            s.roles.push_back(one_of(roles, 2, in.byte()));
            const std::uint8_t a = in.byte();
            s.answers.push_back(a % 16 == 0 ? value_of(a) : static_cast<double>(a % 11));  // now and then not 0..10
        }
        side.surveys = std::move(s);
    }
    if (sides & 8) {
        override_book book;
        const char* targets[] = {"score", "nps", "adoption_rate", "no_such_measure"};
        const std::size_t rows = in.pick(0, 8);
        for (std::size_t r = 0; r < rows; ++r) {
            account_override o;
            o.account_id = id_of(in.byte());
            o.target = one_of(targets, 1, in.byte());
            o.value = static_cast<double>(in.byte() % 101);
            o.reason = "fuzz";
            o.author = "fuzzer";
            o.expires = 20'380 + static_cast<day_number>(in.byte() % 64);
            o.origin = "overrides.csv:" + std::to_string(r + 2);
            if (auto added = book.add(o); !added) check(!added.error().message.empty(), "a refused override has a message");
        }
        side.overrides = std::move(book);
    }

    auto made = session::create(set, side, options);
    if (!made) {
        check(!made.error().message.empty(), "a create error has a message");
        return 0;
    }
    session whole = std::move(made).value();

    std::vector<std::string> names(whole.book_columns().begin(), whole.book_columns().end());
    if (std::find(names.begin(), names.end(), "arr") == names.end()) names.push_back("arr");
    if (in.byte() % 16 == 0 && !names.empty()) names.pop_back();  // now and then a column short
    std::vector<std::string> ids(n), segment_text(n);
    std::vector<std::string_view> segments(n);
    std::vector<double> values(n * names.size());
    std::vector<std::uint64_t> lines(n);
    for (std::size_t r = 0; r < n; ++r) {
        ids[r] = id_of(in.byte());
        segment_text[r] = segs[in.byte() % 5];
        lines[r] = 2 + r + in.byte() % 2;  // a quoted record may span lines
        for (std::size_t c = 0; c < names.size(); ++c) values[r * names.size() + c] = value_of(in.byte());
    }
    for (std::size_t r = 0; r < n; ++r) segments[r] = segment_text[r];
    const auto table_of = [&](std::size_t first, std::size_t count) {
        account_table t;
        t.ids = std::span<const std::string>(ids).subspan(first, count);
        if (segmented) t.segments = std::span<const std::string_view>(segments).subspan(first, count);
        t.names = names;
        t.values = frame_view<double>::row_major(values.data() + first * names.size(), static_cast<std::int64_t>(count),
                                                 static_cast<std::int64_t>(names.size()));
        t.source = "accounts.csv";
        t.first_row = first + 1;
        if (in.left() % 2 == 0) t.lines = std::span<const std::uint64_t>(lines).subspan(first, count);
        return t;
    };

    session_result all;
    const account_table book = table_of(0, n);
    auto scored = whole.score(book, all);
    if (!scored) {
        check_error(scored.error(), book);
        return 0;
    }
    check_result(all, n, set);
    for (const session_notice& notice : whole.notices()) check(!notice.message.empty(), "a notice has a message");
    (void)whole.unmatched();

    // the same book in two chunks, with the whole book's cut-off, gives the same bits
    if (n < 2) return 0;
    const std::size_t split = 1 + in.byte() % (n - 1);
    auto again = session::create(set, side, options);
    check(again.has_value(), "a session that was created once is created again");
    session chunked = std::move(again).value();
    if (const auto cut = whole.value_cutoff()) chunked.set_value_cutoff(*cut);
    session_result a, b;
    auto first = chunked.score(table_of(0, split), a);
    check(first.has_value(), "the first chunk of a book that scored whole scores", first ? "" : first.error().message);
    auto second = chunked.score(table_of(split, n - split), b);
    check(second.has_value(), "the second chunk of a book that scored whole scores", second ? "" : second.error().message);
    const auto joined = [&](const auto& x, const auto& y) {
        auto v = x;
        v.insert(v.end(), y.begin(), y.end());
        return v;
    };
    check(same_vectors(all.score, joined(a.score, b.score)), "chunked scores equal whole ones, bit for bit");
    check(same_vectors(all.band, joined(a.band, b.band)), "chunked bands equal whole ones");
    check(same_vectors(all.coverage, joined(a.coverage, b.coverage)), "chunked coverage equals whole");
    check(same_vectors(all.card, joined(a.card, b.card)), "chunked cards equal whole ones");
    check(same_vectors(all.drivers, joined(a.drivers, b.drivers)), "chunked drivers equal whole ones");
    check(same_vectors(all.change, joined(a.change, b.change)), "chunked score trends equal whole ones");
    check(same_vectors(all.quadrant, joined(a.quadrant, b.quadrant)), "chunked quadrants equal whole ones");
    check(same_vectors(all.at_risk, joined(a.at_risk, b.at_risk)), "chunked revenue at risk equals whole");

    // the report of the book, scored whole and in the two chunks: the same page
    if (!options.contributions) return 0;
    const auto page_of = [&](const session& s, std::span<const session_result* const> parts) {
        report::summary_options so;
        so.top = 1 + n / 3;
        report::book_summary summary(s.set(), s.has_overrides() ? &s.overrides() : nullptr, so);
        if (side.previous) check(summary.set_earlier(*side.previous).has_value(), "earlier scores go into the band mix");
        std::size_t first = 0;
        for (const session_result* r : parts) {
            auto added = summary.add(*r, std::span<const std::string>(ids).subspan(first, r->rows));
            check(added.has_value(), "a scored table goes into the report", added ? "" : added.error().message);
            first += r->rows;
        }
        report::page_info page;
        page.source = "accounts.csv";
        page.max_points = n % 2 == 0 ? 5000 : 4;  // points, or the density
        if (s.has_quadrant() && s.value_cutoff()) page.value_cutoff = *s.value_cutoff();
        page.notes = report::unmatched_notes(s.unmatched());
        return report::render_page(summary, page);
    };
    const session_result* whole_parts[] = {&all};
    const session_result* chunk_parts[] = {&a, &b};
    const std::string page = page_of(whole, whole_parts);
    check(page == page_of(chunked, chunk_parts), "a book in chunks makes the page it makes whole");
    check(page.find("<script") == std::string::npos, "the page has no script");
    return 0;
}
