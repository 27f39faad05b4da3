// vitals::report: escaping, numbers, the palette under colour-blind vision, the charts' elements,
// the book summary against portfolio::prioritise and against itself in chunks, and the page.
#include "vitals/path_to_green.hpp"
#include "vitals/portfolio/priority.hpp"
#include "vitals/report/book_summary.hpp"
#include "vitals/report/charts.hpp"
#include "vitals/report/html.hpp"
#include "vitals/report/page.hpp"
#include "vitals/report/palette.hpp"
#include "vitals/report/svg.hpp"
#include "vitals/scorecard_file.hpp"
#include "vitals/session.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace vitals;
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

/// A random book over the default scorecard's inputs and arr, some cells missing.
struct random_book {
    std::vector<std::string> ids, names;
    std::vector<double> values;  // rows x names
    explicit random_book(std::size_t n, std::uint64_t seed) {
        const scorecard& card = default_scorecard();
        names.assign(card.inputs().begin(), card.inputs().end());
        names.push_back("arr");
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (std::size_t r = 0; r < n; ++r) {
            ids.push_back("A-" + std::to_string(r));
            for (std::size_t c = 0; c + 1 < names.size(); ++c) values.push_back(u(rng) < 0.15 ? qnan : -1.0 + 101.0 * u(rng) * u(rng));
            const double p = u(rng);
            values.push_back(p < 0.05 ? qnan : p < 0.08 ? 0.0 : std::round(std::exp(8.0 + 6.0 * u(rng))));
        }
        // a few accounts share value and score, to exercise the order's ties
        for (std::size_t r = 1; r < 6 && r < n; ++r)
            std::copy_n(values.begin(), names.size(), values.begin() + static_cast<std::ptrdiff_t>(r * names.size()));
    }
    [[nodiscard]] account_table table(std::size_t first, std::size_t rows) const {
        rows = std::min(rows, ids.size() - first);
        account_table t;
        t.ids = std::span<const std::string>(ids).subspan(first, rows);
        t.names = names;
        t.values = frame_view<double>::row_major(values.data() + first * names.size(), static_cast<std::int64_t>(rows),
                                                 static_cast<std::int64_t>(names.size()));
        return t;
    }
};

session_options with_contributions() {
    session_options o;
    o.as_of = 20'400;
    o.threads = 2;
    o.contributions = true;
    return o;
}

}  // namespace

TEST_CASE("html: the five special characters, bad UTF-8 and controls are escaped; good UTF-8 is kept") {
    CHECK(report::escaped(R"(<script>alert("x" & 'y')</script>)") ==
          "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
    CHECK(report::escaped("caf\xC3\xA9 \xE2\x86\x91 \xF0\x9F\x93\x88") == "caf\xC3\xA9 \xE2\x86\x91 \xF0\x9F\x93\x88");
    CHECK(report::escaped("caf\xE9") == "caf\xEF\xBF\xBD");                  // Latin-1, not UTF-8
    CHECK(report::escaped("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");        // an overlong '/'
    CHECK(report::escaped("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    CHECK(report::escaped("\xE2\x86") == "\xEF\xBF\xBD\xEF\xBF\xBD");        // truncated
    CHECK(report::escaped(std::string("a\0b\x01\x7F", 5)) == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(report::escaped("tab\tnew\nline") == "tab\tnew\nline");
}

TEST_CASE("svg: numbers are short, deterministic and never nan") {
    using report::svg::num;
    CHECK(num(12.5) == "12.5");
    CHECK(num(12.50, 3) == "12.5");
    CHECK(num(3.0) == "3");
    CHECK(num(-0.0001, 2) == "0");
    CHECK(num(-2.25, 1) == "-2.2");  // printf rounding: to even at the exact half of a binary fraction
    CHECK(num(qnan) == "0");
    CHECK(num(std::numeric_limits<double>::infinity()) == "0");
    CHECK(num(1234567.0, 0) == "1234567");
    std::string out;
    report::svg::element(out, "rect", {{"class", "bin"}, {"data-band", "<b>\"red\""}}, "tip & <title>");
    CHECK(out == "<rect class=\"bin\" data-band=\"&lt;b&gt;&quot;red&quot;\"><title>tip &amp; &lt;title&gt;</title></rect>\n");
    CHECK(report::compact_number(950) == "950");
    CHECK(report::compact_number(1250) == "1.2k");
    CHECK(report::compact_number(35000) == "35k");
    CHECK(report::compact_number(1.5e6) == "1.5M");
}

TEST_CASE("palette: band colours stay apart for normal vision and the three dichromacies") {
    using report::vision;
    CHECK(report::hex({213, 94, 0}) == "#d55e00");
    CHECK(report::band_colours(0).empty());
    CHECK(report::band_colours(7).size() == 7);
    for (std::size_t n = 1; n <= 5; ++n) {
        std::vector<report::rgb> c = report::band_colours(n);
        c.push_back(report::no_data_colour());
        for (vision v : {vision::normal, vision::protanopia, vision::deuteranopia, vision::tritanopia})
            for (std::size_t i = 0; i < c.size(); ++i)
                for (std::size_t j = i + 1; j < c.size(); ++j) {
                    CAPTURE(n);
                    CAPTURE(static_cast<int>(v));
                    CAPTURE(i);
                    CAPTURE(j);
                    CHECK(report::distance(report::simulate(c[i], v), report::simulate(c[j], v)) > 12.0);
                }
    }
    // the simulation is not the identity: red and green, the classic confusion, collapse for deuteranopia
    const report::rgb red{220, 40, 40}, green{40, 160, 40};
    CHECK(report::distance(red, green) > 60.0);
    CHECK(report::distance(report::simulate(red, vision::deuteranopia), report::simulate(green, vision::deuteranopia)) < 25.0);
    CHECK(report::simulate(red, vision::normal) == red);
}

TEST_CASE("charts: one element per bin, bar and account; a density above max_points") {
    std::vector<report::bin> bins;
    for (int k = 0; k < 4; ++k) bins.push_back({25.0 * k, 25.0 * (k + 1), static_cast<std::uint64_t>(k * 3), {1, 2, 3}, "b<" + std::to_string(k)});
    std::string h;
    report::histogram(h, "hist", "a <histogram>", bins, "score");
    CHECK(count(h, "class=\"bin\"") == 4);
    CHECK(count(h, "data-count=\"0\"") == 1);  // an empty bin is still there
    CHECK(count(h, "data-band=\"b&lt;3\"") == 1);
    CHECK(count(h, "<histogram>") == 0);

    std::vector<report::bar> bars{{"x", "x", 3.0, "3", {}}, {"y", "y", 0.0, "0", {}}};
    std::string b;
    report::horizontal_bars(b, "bars", "bars", bars);
    CHECK(count(b, "class=\"bar\"") == 2);

    std::vector<double> value{100, 1000, qnan, 0, 5e5, 20}, score{10, 90, 50, 50, qnan, 75};
    std::vector<std::uint8_t> colour{0, 1, 0, 0, 0, 1};
    std::vector<report::rgb> colours{{213, 94, 0}, {0, 114, 178}};
    std::vector<std::string> labels{"red", "green"};
    report::quadrant_plot p;
    p.value = value;
    p.score = score;
    p.colour = colour;
    p.colours = colours;
    p.colour_labels = labels;
    p.value_cutoff = 500;
    p.health_threshold = 70;
    p.quadrant_text = {"Committed: 1", "At Risk: 0", "Growth Candidate: 2", "Maintenance: 1"};
    std::string pts;
    const report::plot_summary s = report::quadrant_chart(pts, "q", "q", p);
    CHECK(s.plotted == 3);
    CHECK(s.not_plotted == 3);  // NaN value, value 0, NaN score
    CHECK(!s.density);
    CHECK(count(pts, "class=\"pt\"") == 3);
    CHECK(count(pts, "class=\"pt\" cx") == 3);
    CHECK(count(pts, "data-band=\"green\"/>") == 2);
    CHECK(count(pts, "class=\"quadrant-line\"") == 2);
    CHECK(count(pts, "class=\"quadrant-label\"") == 4);

    p.max_points = 2;
    std::string dens;
    const report::plot_summary d = report::quadrant_chart(dens, "q", "q", p);
    CHECK(d.density);
    CHECK(count(dens, "class=\"pt\"") == 0);
    CHECK(count(dens, "class=\"cell\"") == d.cells);
    CHECK(d.cells == 3);  // three accounts far apart: three cells of one
    CHECK(count(dens, "data-count=\"1\"") == 3);

    p.value_cutoff = std::numeric_limits<double>::infinity();  // no high-value account: no value line
    std::string none;
    (void)report::quadrant_chart(none, "q", "q", p);
    CHECK(count(none, "class=\"quadrant-line\"") == 1);
}

TEST_CASE("book summary: the assessment list is portfolio::prioritise's; chunks change nothing") {
    const random_book b(3000, 5);
    const scorecard_set set = scorecard_set::single(default_scorecard());
    auto whole = session::create(set, {}, with_contributions());
    REQUIRE(whole);
    session_result all;
    REQUIRE(whole.value().score(b.table(0, b.ids.size()), all));
    REQUIRE(all.contributions.size() == all.rows * set.max_measures());

    report::summary_options so;
    so.top = 150;
    report::book_summary one(set, nullptr, so);
    REQUIRE(one.add(all, b.ids));

    // the same in chunks of 137 (the quadrants with the whole book's cut-off, as the CLI streams)
    auto chunked = session::create(set, {}, with_contributions());
    REQUIRE(chunked);
    chunked.value().set_value_cutoff(*whole.value().value_cutoff());
    report::book_summary parts(set, nullptr, so);
    session_result part;
    for (std::size_t first = 0; first < b.ids.size(); first += 137) {
        REQUIRE(chunked.value().score(b.table(first, 137), part));
        REQUIRE(parts.add(part, std::span<const std::string>(b.ids).subspan(first, part.rows)));
    }

    // against the library's own views of the whole book
    std::vector<double> arr(all.rows), score(all.rows);
    std::vector<std::uint64_t> per_band(3, 0), per_quadrant(5, 0);
    std::uint64_t scored = 0;
    for (std::size_t r = 0; r < all.rows; ++r) {
        arr[r] = all.value[r];
        const bool ok = all.status[r] == static_cast<std::int32_t>(status::ok);
        score[r] = ok ? all.score[r] : qnan;
        if (ok) ++per_band[static_cast<std::size_t>(all.band[r])], ++scored;
        ++per_quadrant[static_cast<std::size_t>(all.quadrant[r])];
    }
    portfolio::priority_options po;
    po.limit = static_cast<std::int64_t>(so.top);
    std::vector<std::int64_t> order(so.top);
    const auto ps = portfolio::prioritise(arr, score, po, order);
    REQUIRE(ps);
    for (const report::book_summary* s : {&one, &parts}) {
        CHECK(s->accounts() == all.rows);
        CHECK(s->scored() == scored);
        CHECK(s->eligible() == static_cast<std::uint64_t>(ps.value().eligible));
        for (std::size_t k = 0; k < 3; ++k) CHECK(s->bands()[k].accounts == per_band[k]);
        CHECK(s->no_data().accounts == all.rows - scored);
        for (std::size_t k = 0; k < 5; ++k) CHECK(s->quadrants()[k].accounts == per_quadrant[k]);
        std::uint64_t in_bins = 0;
        for (std::uint64_t c : s->score_bins()) in_bins += c;
        CHECK(in_bins == scored);
        const auto list = s->assessment_list();
        REQUIRE(list.size() == so.top);
        for (std::size_t k = 0; k < list.size(); ++k) {
            CHECK(list[k].row == static_cast<std::uint64_t>(order[k]));
            CHECK(list[k].id == b.ids[static_cast<std::size_t>(order[k])]);
            double got = 0.0;
            for (double c : list[k].contributions) got += c;
            CHECK(got == doctest::Approx(list[k].score).epsilon(1e-12));  // the explanation adds up to the score
        }
    }
    // the measures' points lost: the sum over scored accounts
    const std::size_t W = set.max_measures();
    for (std::size_t m = 0; m < W; ++m) {
        double lost = 0.0;
        for (std::size_t r = 0; r < all.rows; ++r)
            if (all.status[r] == static_cast<std::int32_t>(status::ok)) lost += all.points_lost[r * W + m];
        CHECK(one.measures()[m].points_lost == doctest::Approx(lost).epsilon(1e-9));
        CHECK(parts.measures()[m].points_lost == doctest::Approx(lost).epsilon(1e-9));
    }
    // without contributions: an error, not an empty explanation
    session_result bare = all;
    bare.contributions.clear();
    report::book_summary again(set);
    CHECK(!again.add(bare, b.ids));
}

TEST_CASE("page: every section, user text escaped, the list with its 'N more'") {
    random_book b(400, 9);
    // a hostile id with the largest value and a low score: first in the list
    b.ids[7] = "<script>alert(\"x\")</script>";
    b.ids[8] = "caf\xE9";
    const std::size_t C = b.names.size();
    for (std::size_t c = 0; c + 1 < C; ++c) b.values[7 * C + c] = b.values[8 * C + c] = 0.5;
    b.values[7 * C + C - 1] = 9e9;
    b.values[8 * C + C - 1] = 8e9;
    const scorecard_set set = scorecard_set::single(default_scorecard());
    auto s = session::create(set, {}, with_contributions());
    REQUIRE(s);
    session_result r;
    REQUIRE(s.value().score(b.table(0, b.ids.size()), r));
    report::summary_options so;
    so.top = 25;
    report::book_summary book(set, nullptr, so);
    REQUIRE(book.add(r, b.ids));
    report::page_info info;
    info.source = "<accounts>.csv";
    info.value_name = "<arr>";
    info.value_cutoff = *s.value().value_cutoff();
    const std::string page = report::render_page(book, info);

    for (const char* id : {"summary", "bands", "distribution", "quadrant", "assessment", "measures", "coverage", "score-histogram",
                           "quadrant-plot", "assessment-list", "measure-chart", "coverage-histogram", "band-chart"})
        CHECK_MESSAGE(count(page, std::string("id=\"") + id + "\"") == 1, id);
    CHECK(count(page, "<script") == 0);
    CHECK(count(page, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 2);  // data-id and the text
    CHECK(count(page, "caf\xEF\xBF\xBD") >= 2);
    CHECK(count(page, "<accounts>") == 0);
    CHECK(count(page, "<arr>") == 0);
    CHECK(count(page, "&lt;arr&gt;") >= 3);
    CHECK(count(page, "class=\"account\"") == 25);
    CHECK(count(page, "<details>") == 25);
    CHECK(count(page, "class=\"bin\"") == 20 + 10);  // score and coverage
    CHECK(count(page, "class=\"band-row\"") == 4);    // red, yellow, green, no data
    CHECK(count(page, "class=\"quadrant-row\"") == 5);
    CHECK(count(page, "data-rank=\"1\" data-id=\"&lt;script&gt;") == 1);
    const std::string more = std::to_string(book.eligible() - 25);
    CHECK(count(page, "data-more=\"" + more + "\"") == 1);
    CHECK(count(page, more + " more accounts") == 1);
    // nothing to fetch: the only address is the SVG namespace, once per chart
    CHECK(count(page, "<svg ") == 5);
    CHECK(count(page, "http:") == count(page, "xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK(count(page, "https:") == 0);
    CHECK(count(page, "http:") == 5);
    CHECK(page.starts_with("<!DOCTYPE html>"));
    CHECK(count(page, "default-src 'none'") == 1);
}

TEST_CASE("page: values beyond every integer type are shown whole (found by fuzz_session)") {
    random_book b(40, 3);
    const std::size_t C = b.names.size();
    b.values[0 * C + C - 1] = 1e308;  // finite, >= 0: a value the readers accept
    b.values[1 * C + C - 1] = 123456789.0;
    for (std::size_t r = 2; r < b.ids.size(); ++r) b.values[r * C + C - 1] = qnan;
    const scorecard_set set = scorecard_set::single(default_scorecard());
    auto s = session::create(set, {}, with_contributions());
    REQUIRE(s);
    session_result r;
    REQUIRE(s.value().score(b.table(0, b.ids.size()), r));
    report::book_summary book(set, nullptr);
    REQUIRE(book.add(r, b.ids));
    const std::string page = report::render_page(book, report::page_info{});
    // 1e308 is 1 followed by 308 digits as printf writes the double; grouped in threes
    char digits[320];
    std::snprintf(digits, sizeof digits, "%.0f", 1e308);
    std::string grouped = digits;
    for (std::ptrdiff_t k = static_cast<std::ptrdiff_t>(grouped.size()) - 3; k > 0; k -= 3)
        grouped.insert(static_cast<std::size_t>(k), ",");
    CHECK(grouped.size() == 309 + 102);
    CHECK(count(page, grouped) >= 1);
    CHECK(count(page, "123,456,789") >= 1);
}

TEST_CASE("book summary: the band mix over time counts the book's accounts only, periods as numbers when all are") {
    const random_book b(3, 3);  // A-0, A-1, A-2
    const scorecard_set set = scorecard_set::single(default_scorecard());
    auto s = session::create(set, {}, with_contributions());
    REQUIRE(s);
    session_result r;
    REQUIRE(s.value().score(b.table(0, 3), r));
    previous_rows earlier;
    earlier.source = "previous.csv";
    earlier.ids = {"A-0", "A-0", "A-1", "GHOST", "A-2"};
    earlier.periods = {"2", "10", "2", "2", "10"};
    earlier.scores = {80.0, 30.0, qnan, 50.0, 70.0};
    report::book_summary book(set);
    CHECK(!book.has_earlier());
    REQUIRE(book.set_earlier(earlier));
    REQUIRE(book.add(r, b.ids));
    const auto mix = book.band_mix();
    REQUIRE(mix.size() == 2);
    CHECK(mix[0].period == "2");  // 2 before 10: numbers
    CHECK(mix[0].counts == std::vector<std::uint64_t>{0, 0, 1});
    CHECK(mix[0].no_data == 1);   // A-1 had no score; GHOST is not in the book
    CHECK(mix[1].period == "10");
    CHECK(mix[1].counts == std::vector<std::uint64_t>{1, 0, 1});  // 70 is green: a cutoff belongs to the band above
    earlier.periods = {"2026-02", "2026-10", "2026-02", "2026-02", "x"};
    report::book_summary text(set);
    REQUIRE(text.set_earlier(earlier));
    REQUIRE(text.add(r, b.ids));
    const auto t = text.band_mix();
    REQUIRE(t.size() == 3);
    CHECK(t[0].period == "2026-02");
    CHECK(t[2].period == "x");
    earlier.scores.pop_back();
    CHECK(!report::book_summary(set).set_earlier(earlier));
    // the page draws one column per period and one for now
    const std::string page = report::render_page(book, {});
    CHECK(count(page, "class=\"mix-column\"") == 3);
    CHECK(count(page, "data-period=\"now\"") >= 1);
}

TEST_CASE("page: each listed account's path to green, from the inputs the session scored") {
    random_book b(300, 5);
    const scorecard_set set = scorecard_set::single(default_scorecard());
    session_options o = with_contributions();
    o.inputs = true;
    auto s = session::create(set, {}, o);
    REQUIRE(s);
    session_result r;
    REQUIRE(s.value().score(b.table(0, b.ids.size()), r));
    REQUIRE(r.inputs_width == default_scorecard().inputs().size());
    REQUIRE(r.inputs.size() == r.rows * r.inputs_width);
    report::summary_options so;
    so.top = 30;
    report::book_summary book(set, nullptr, so);
    REQUIRE(book.add(r, b.ids));
    const std::string page = report::render_page(book, {});
    std::size_t expected = 0;
    for (const report::listed_account& a : book.assessment_list()) {
        // the inputs are the ones the account was scored with: the reference scorer agrees
        REQUIRE(a.inputs.size() == default_scorecard().inputs().size());
        const auto again = score_account(default_scorecard(), std::span<const double>(a.inputs)).value();
        CHECK(again.score == doctest::Approx(a.score).epsilon(1e-12));
        const auto p = find_path_to_green(default_scorecard(), std::span<const double>(a.inputs)).value();
        if (p.target_band < 0) continue;
        ++expected;
        for (const auto& g : p.single) {  // what the page proposes lands in the band
            std::vector<double> changed = a.inputs;
            changed[g.changes[0].column] = g.changes[0].value_to;
            CHECK(score_account(default_scorecard(), std::span<const double>(changed)).value().band >= p.target_band);
        }
    }
    CHECK(expected > 0);
    CHECK(count(page, "class=\"path\"") == expected);
    // without the inputs (session_options::inputs off) the explanation has no path
    report::book_summary plain(set, nullptr, so);
    session_result r2;
    auto s2 = session::create(set, {}, with_contributions());
    REQUIRE(s2);
    REQUIRE(s2.value().score(b.table(0, b.ids.size()), r2));
    REQUIRE(r2.inputs.empty());
    REQUIRE(plain.add(r2, b.ids));
    CHECK(count(report::render_page(plain, {}), "class=\"path\"") == 0);
}
