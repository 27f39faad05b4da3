// `vitals score` writes exactly what the library's batch scorer computes on the same data: scores
// and coverage to the bit, the same bands, statuses and drivers, the same points lost.
#include "cli_run.hpp"

#include "vitals/batch.hpp"
#include "vitals/io/sample.hpp"
#include "vitals/scorecard_file.hpp"

#include <nlohmann/json.hpp>

#include <bit>
#include <charconv>
#include <cmath>
#include <map>
#include <random>

using namespace cli_test;

namespace {

struct book {
    std::size_t rows = 0;
    std::vector<std::string> columns;  // input names
    std::vector<double> values;        // column-major rows x columns
    std::vector<std::string> ids;
};

std::string to_csv(const book& b) {
    std::string s = "account_id";
    for (const std::string& c : b.columns) s += "," + c;
    s += "\n";
    char buf[64];
    for (std::size_t i = 0; i < b.rows; ++i) {
        s += b.ids[i];
        for (std::size_t k = 0; k < b.columns.size(); ++k) {
            s += ",";
            const double x = b.values[k * b.rows + i];
            if (std::isnan(x)) continue;
            s.append(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);  // shortest round-trip text
        }
        s += "\n";
    }
    return s;
}

/// Random accounts: values spread over and past every normaliser's range, 8 % missing, full precision.
book random_book(const vitals::scorecard& card, std::size_t rows, std::uint64_t seed) {
    const std::map<std::string, std::pair<double, double>> range{
        {"active_users", {0, 120}},      {"licensed_seats", {0, 100}},  {"logins_trend", {-0.6, 0.4}},
        {"training_completion", {0, 1}}, {"tickets_per_seat", {0, 0.7}}, {"ticket_sentiment", {-1, 1}},
        {"nps", {-100, 100}},            {"days_late", {0, 90}},        {"tenure_months", {0, 60}},
        {"contact_tenure_days", {0, 400}}, {"executive_sponsor", {0, 1}}, {"seat_change_pct", {-0.4, 0.3}}};
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    book b;
    b.rows = rows;
    b.columns.assign(card.inputs().begin(), card.inputs().end());
    b.values.resize(rows * b.columns.size());
    for (std::size_t k = 0; k < b.columns.size(); ++k) {
        auto it = range.find(b.columns[k]);
        const auto [lo, hi] = it == range.end() ? std::pair<double, double>{-100, 100} : it->second;
        for (std::size_t i = 0; i < rows; ++i) {
            double x = lo + (hi - lo) * u(rng);
            if (b.columns[k] == "executive_sponsor" || b.columns[k] == "licensed_seats") x = std::round(x);
            if (u(rng) < 0.08) x = std::nan("");
            b.values[k * rows + i] = x;
        }
    }
    for (std::size_t i = 0; i < rows; ++i) b.ids.push_back("R" + std::to_string(i));
    return b;
}

/// The shipped sample's accounts, as doubles, from the generator that wrote it.
book sample_book(const vitals::scorecard& card) {
    const vitals::io::sample_generator g(42);
    book b;
    b.rows = 1000;
    b.columns.assign(card.inputs().begin(), card.inputs().end());
    b.values.resize(b.rows * b.columns.size());
    for (std::size_t i = 0; i < b.rows; ++i) {
        const auto a = g.account(i);
        for (std::size_t k = 0; k < b.columns.size(); ++k) {
            const auto at = std::find(vitals::io::sample_columns.begin(), vitals::io::sample_columns.end(), b.columns[k]);
            REQUIRE(at != vitals::io::sample_columns.end());
            b.values[k * b.rows + i] = a.values[static_cast<std::size_t>(at - vitals::io::sample_columns.begin()) - 1];
        }
        b.ids.push_back(vitals::io::sample_generator::account_id(i));
    }
    return b;
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (;;) {
        const std::size_t c = line.find(',', start);
        f.push_back(line.substr(start, c - start));
        if (c == std::string::npos) return f;
        start = c + 1;
    }
}

double number(const std::string& s) {
    if (s.empty()) return std::nan("");
    double x = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), x);
    REQUIRE(r.ec == std::errc());
    REQUIRE(r.ptr == s.data() + s.size());
    return x;
}

/// Runs the binary on `b` (CSV and JSON) and compares every row with score_batch.
void check_same(const vitals::scorecard& card, const book& b, const std::string& csv_bytes) {
    const std::size_t M = card.measures().size(), K = 3;
    std::vector<double> score(b.rows), coverage(b.rows), lost(b.rows * M);
    std::vector<std::int32_t> band(b.rows), status(b.rows), drivers(b.rows * K);
    const auto bind = vitals::bind_columns(card, b.columns);
    REQUIRE(bind);
    const auto frame = vitals::frame_view<double>::column_major(b.values.data(), static_cast<std::int64_t>(b.rows),
                                                                static_cast<std::int64_t>(b.columns.size()));
    REQUIRE(vitals::score_batch(card, frame, std::span<const std::int64_t>(bind.value()),
                                vitals::batch_output{score, band, coverage, status, {}, lost, drivers}));

    workdir wd;
    wd.write("book.csv", csv_bytes);
    const run_result r = run(wd, {"score", "book.csv", "--format", "csv", "--out", "scores.csv", "--chunk-rows", "333"});
    REQUIRE(r.code == 0);
    const auto rows = lines(wd.read("scores.csv"));
    REQUIRE(rows.size() == b.rows + 1);
    std::size_t scored = 0;
    for (std::size_t i = 0; i < b.rows; ++i) {
        const auto f = split(rows[i + 1]);
        REQUIRE(f.size() >= 8);  // then alerts (and quadrant when the book has arr)
        INFO(rows[i + 1]);
        CHECK(f[0] == b.ids[i]);
        const double s = number(f[1]);
        CHECK(((std::isnan(s) && std::isnan(score[i])) || same_bits(s, score[i])));
        CHECK(f[2] == (band[i] < 0 ? std::string() : card.bands().labels[static_cast<std::size_t>(band[i])]));
        CHECK(same_bits(number(f[3]), coverage[i]));
        CHECK(f[4] == to_string(static_cast<vitals::status>(status[i])));
        for (std::size_t k = 0; k < K; ++k) {
            const std::int32_t m = drivers[i * K + k];
            CHECK(f[5 + k] == (m < 0 ? std::string() : card.measures()[static_cast<std::size_t>(m)].name));
        }
        scored += status[i] == 0;
    }
    CHECK(scored > b.rows / 2);  // the comparison covers scored accounts, not only empty ones

    const run_result j = run(wd, {"score", "book.csv", "--format", "json", "-q"});
    REQUIRE(j.code == 0);
    const auto doc = nlohmann::json::parse(j.out);
    REQUIRE(doc.size() == b.rows);
    for (std::size_t i = 0; i < b.rows; ++i) {
        const auto& a = doc[i];
        if (status[i] == 0) CHECK(same_bits(a["score"].get<double>(), score[i]));
        else CHECK(a["score"].is_null());
        CHECK(same_bits(a["coverage"].get<double>(), coverage[i]));
        std::size_t k = 0;
        for (const auto& d : a["drivers"]) {
            const auto m = static_cast<std::size_t>(drivers[i * K + k]);
            CHECK(d["measure"] == card.measures()[m].name);
            CHECK(same_bits(d["points_lost"].get<double>(), lost[i * M + m]));
            ++k;
        }
        CHECK((k == K || drivers[i * K + k] == -1));
    }
}

}  // namespace

TEST_CASE("score output equals score_batch: random accounts at full precision") {
    const vitals::scorecard& card = vitals::default_scorecard();
    const book b = random_book(card, 3000, 20261122);
    check_same(card, b, to_csv(b));
}

TEST_CASE("score output equals score_batch: the shipped sample") {
    const vitals::scorecard& card = vitals::default_scorecard();
    const book b = sample_book(card);
    std::ifstream in(sample_csv, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    check_same(card, b, text.str());
}
