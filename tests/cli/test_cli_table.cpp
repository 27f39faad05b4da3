// `vitals score --format table`: the summary, the order, --top / --band / --columns / --sort, the
// width (COLUMNS, a terminal), UTF-8 ids — checked against `--format csv` of the same run.
#include "cli_run.hpp"

#include <cmath>
#include <cstdint>
#include <map>

using namespace cli_test;

namespace {

const fs::path examples = source_dir / "docs" / "examples";
std::string example(const char* name) { return (examples / name).string(); }

using env_map = std::map<std::string, std::optional<std::string>>;

/// Standard output a file; COLUMNS set to `columns` (or unset), ASCII locale ("..." and ASCII arrows).
run_options piped(std::optional<std::string> columns = std::nullopt, std::string locale = "C") {
    run_options o;
    o.env = {{"COLUMNS", std::move(columns)}, {"LINES", std::nullopt}, {"LC_ALL", std::move(locale)}, {"NO_COLOR", "1"}};
    return o;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t at = 0;
    for (std::size_t next; (next = s.find(sep, at)) != std::string::npos; at = next + 1) out.push_back(s.substr(at, next - at));
    out.push_back(s.substr(at));
    return out;
}

/// The fields of a CSV line (RFC 4180 quotes; no line ends inside fields).
std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
        else if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) out.emplace_back();
        else out.back() += c;
    }
    return out;
}

std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

/// The display columns of UTF-8 text without its ANSI colours (an oracle apart from src/cli).
std::size_t columns_of(const std::string& text) {
    std::size_t w = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0x1b) {  // ESC [ ... letter
            i += 2;
            while (i < text.size() && !std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
            ++i;
            continue;
        }
        std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (std::size_t k = 1; k < n && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
        i += n;
        if (cp >= 0x300 && cp <= 0x36F) continue;  // combining
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                          (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
                          (cp >= 0x1F680 && cp <= 0x1F6FF) || (cp >= 0x1F900 && cp <= 0x1F9FF);
        w += wide ? 2 : 1;
    }
    return w;
}

/// One account of a `--format csv` run, with its value from the book.
struct csv_account {
    std::string id, band;
    double score = NAN, value = NAN, change = NAN;
    std::size_t position = 0;
    [[nodiscard]] double at_risk() const { return value * (100.0 - score) / 100.0; }
};

std::vector<csv_account> read_csv_run(const std::string& csv, const std::string& book) {
    std::map<std::string, double> value;  // arr by id, from the book
    const auto brows = lines(book);
    const auto bhead = split(brows[0], ',');
    const auto arr_at = static_cast<std::size_t>(std::find(bhead.begin(), bhead.end(), "arr") - bhead.begin());
    for (std::size_t r = 1; r < brows.size(); ++r) {
        const auto f = split(brows[r], ',');
        value[f[0]] = f[arr_at].empty() ? NAN : std::stod(f[arr_at]);
    }
    const auto rows = lines(csv);
    const auto head = split(rows[0], ',');
    const auto col = [&](const char* name) {
        return static_cast<std::size_t>(std::find(head.begin(), head.end(), name) - head.begin());
    };
    std::vector<csv_account> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto f = csv_fields(rows[r]);
        csv_account a;
        a.id = f[0];
        a.score = f[1].empty() ? NAN : std::stod(f[1]);
        a.band = f[2];
        a.value = value.count(a.id) ? value[a.id] : NAN;
        if (col("score_change") < f.size() && !f[col("score_change")].empty()) a.change = std::stod(f[col("score_change")]);
        a.position = r;
        out.push_back(a);
    }
    return out;
}

/// -1 / 0 / 1, NaN last.
int order(double a, double b, bool larger_first) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) == std::isnan(b) ? 0 : std::isnan(a) ? 1 : -1;
    if (a == b) return 0;
    return (a > b) == larger_first ? -1 : 1;
}

std::vector<std::string> ids_sorted(std::vector<csv_account> v, const std::string& key) {
    std::stable_sort(v.begin(), v.end(), [&](const csv_account& a, const csv_account& b) {
        int c = 0;
        if (key == "risk") {
            c = order(a.at_risk(), b.at_risk(), true);
            if (!c) c = order(a.value, b.value, true);
            if (!c) c = order(a.score, b.score, false);
        } else if (key == "score") {
            c = order(a.score, b.score, false);
        } else if (key == "change") {
            c = order(a.change, b.change, false);
            if (!c) c = order(a.score, b.score, false);
        } else if (key == "id") {
            c = a.id < b.id ? -1 : b.id < a.id ? 1 : 0;
        }
        return c < 0;
    });
    std::vector<std::string> ids;
    for (const csv_account& a : v) ids.push_back(a.id);
    return ids;
}

/// The parts of a table run's output.
struct table_text {
    std::vector<std::string> summary;  // the band table's lines after its header (bands, no data, total)
    std::string list_title, header;
    std::vector<std::string> rows;     // the account lines (without override lines)
    std::vector<std::string> after;    // footer lines
};

table_text parse(const std::string& out) {
    table_text t;
    std::vector<std::string> ls;
    for (std::string l : lines(out)) {
        if (!l.empty() && l.back() == '\r') l.pop_back();  // a terminal's line ends
        ls.push_back(l);
    }
    std::size_t i = 1;                                        // after the title
    if (i < ls.size() && ls[i].starts_with("band")) ++i;      // the band table's header
    for (; i < ls.size() && !ls[i].empty() && !ls[i].starts_with("revenue at risk"); ++i) t.summary.push_back(ls[i]);
    while (i < ls.size() && (ls[i].empty() || ls[i].starts_with("revenue at risk"))) ++i;
    if (i < ls.size()) t.list_title = ls[i++];
    if (i < ls.size()) t.header = ls[i++];
    for (; i < ls.size(); ++i) {
        if (ls[i].starts_with("    *")) continue;
        if (ls[i].starts_with("...") || ls[i].starts_with("\u2026") || ls[i].starts_with("(")) t.after.push_back(ls[i]);
        else t.rows.push_back(ls[i]);
    }
    return t;
}

std::vector<std::string> first_words(const std::vector<std::string>& rows) {
    std::vector<std::string> ids;
    for (const std::string& r : rows) ids.push_back(words(r).at(0));
    return ids;
}

std::uint64_t number(std::string s) {
    std::erase(s, ',');
    return std::stoull(s);
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string header =
    "account_id,active_users,licensed_seats,logins_trend,training_completion,tickets_per_seat,ticket_sentiment,nps,"
    "days_late,tenure_months,contact_tenure_days,executive_sponsor,seat_change_pct";
const std::string healthy = ",90,100,0.2,0.9,0.02,0.6,70,0,48,400,1,0.15";
const std::string struggling = ",10,100,-0.4,0.1,0.8,-0.7,-60,60,3,10,0,-0.3";

}  // namespace

TEST_CASE("table: the summary counts what --format csv writes, and revenue at risk") {
    workdir wd;
    const run_result csv = run(wd, {"score", sample_csv.string(), "--format", "csv", "-q"}, piped());
    REQUIRE(csv.code == 0);
    const run_result table = run(wd, {"score", sample_csv.string(), "--format", "table", "-q"}, piped());
    REQUIRE(table.code == 0);
    const auto accounts = read_csv_run(csv.out, slurp(sample_csv));
    REQUIRE(accounts.size() == 1000);

    std::map<std::string, std::uint64_t> count;
    std::map<std::string, double> revenue, at_risk;
    double total_revenue = 0, total_risk = 0;
    for (const csv_account& a : accounts) {
        const std::string band = a.band.empty() ? "no data" : a.band;
        ++count[band];
        if (!std::isnan(a.value)) revenue[band] += a.value, total_revenue += a.value;
        if (!std::isnan(a.at_risk())) at_risk[band] += a.at_risk(), total_risk += a.at_risk();
    }
    const auto out = lines(table.out);
    CHECK(out[0] == "1,000 accounts from " + sample_csv.string());
    const table_text t = parse(table.out);
    REQUIRE(t.summary.size() == 5);  // red, yellow, green, no data, total
    std::uint64_t listed = 0;
    for (const std::string& line : t.summary) {
        auto w = words(line);
        if (w[0] == "no") w.erase(w.begin()), w[0] = "no data";
        INFO(line);
        REQUIRE(w.size() == 6);  // band, accounts, share, arr, share, at risk
        if (w[0] == "total") {
            CHECK(number(w[1]) == 1000);
            CHECK(number(w[3]) == static_cast<std::uint64_t>(std::llround(total_revenue)));
            CHECK(number(w[5]) == static_cast<std::uint64_t>(std::llround(total_risk)));
            continue;
        }
        CHECK(number(w[1]) == count[w[0]]);
        listed += number(w[1]);
        char share[32];
        std::snprintf(share, sizeof share, "%.1f%%", 100.0 * static_cast<double>(count[w[0]]) / 1000.0);
        CHECK(w[2] == share);
        CHECK(number(w[3]) == static_cast<std::uint64_t>(std::llround(revenue[w[0]])));
        if (w[0] == "no data") CHECK(w[5] == "-");
        else CHECK(number(w[5]) == static_cast<std::uint64_t>(std::llround(at_risk[w[0]])));
    }
    CHECK(listed == 1000);
    CHECK(count["no data"] == 10);
    CHECK(contains(table.out, "\nrevenue at risk (arr x (100 - score) / 100): "));
    // not a terminal, no COLUMNS, no --top: every account, no footer
    CHECK(t.list_title == "1,000 accounts, highest revenue at risk first:");
    CHECK(t.rows.size() == 1000);
    CHECK(t.after.empty());

    // without a value column: no revenue, lowest score first
    wd.write("book.csv", header + "\nA-1" + healthy + "\nA-2" + struggling + "\nA-3,,,,,,,,,24,200,1,\n");
    const run_result plain = run(wd, {"score", "book.csv", "--format", "table", "-q"}, piped());
    REQUIRE(plain.code == 0);
    const table_text p = parse(plain.out);
    CHECK(lines(plain.out)[1] == "band     accounts   share");
    CHECK(p.summary.size() == 5);
    CHECK(words(p.summary.back()) == std::vector<std::string>{"total", "3", "100.0%"});
    CHECK_FALSE(contains(plain.out, "revenue at risk"));
    CHECK(p.list_title == "3 accounts, lowest score first:");
    CHECK(first_words(p.rows) == std::vector<std::string>{"A-2", "A-1", "A-3"});  // no score: last
}

TEST_CASE("table: accounts in the order --sort asks, the same as sorting the CSV") {
    workdir wd;
    const std::vector<std::string> side{"--history", example("history.csv"), "--previous", example("previous.csv"),
                                        "--overrides", example("overrides.csv"), "--surveys", example("surveys.csv"),
                                        "--as-of", "2026-11-30", "-q"};
    std::vector<std::string> args{"score", sample_csv.string()};
    args.insert(args.end(), side.begin(), side.end());
    auto with = [&](std::vector<std::string> more) {
        std::vector<std::string> a = args;
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };
    const run_result csv = run(wd, with({"--format", "csv"}), piped());
    REQUIRE(csv.code == 0);
    const auto accounts = read_csv_run(csv.out, slurp(sample_csv));
    for (const char* key : {"risk", "score", "change", "id"}) {
        INFO(key);
        const run_result t = run(wd, with({"--format", "table", "--sort", key}), piped());
        REQUIRE(t.code == 0);
        const table_text tt = parse(t.out);
        CHECK(first_words(tt.rows) == ids_sorted(accounts, key));
    }
    // the default with a value column is revenue at risk; overridden scores count as written
    const run_result d = run(wd, with({"--format", "table"}), piped());
    CHECK(first_words(parse(d.out).rows) == ids_sorted(accounts, "risk"));
    CHECK(contains(d.out, "\n    * score 53.4 -> 35.0 (maria.lopez, until 2027-01-29)"));
}

TEST_CASE("table: --top keeps the first N whatever the chunks, and says how many it left out") {
    workdir wd;
    const run_result all = run(wd, {"score", sample_csv.string(), "--format", "table", "--sort", "score", "-q"}, piped());
    REQUIRE(all.code == 0);
    const auto every = first_words(parse(all.out).rows);
    REQUIRE(every.size() == 1000);
    for (const char* chunk : {"7", "65536"}) {
        const run_result top = run(wd, {"score", sample_csv.string(), "--format", "table", "--sort", "score", "--top", "25",
                                        "--chunk-rows", chunk, "-q"},
                                   piped());
        REQUIRE(top.code == 0);
        const table_text t = parse(top.out);
        CHECK(first_words(t.rows) == std::vector<std::string>(every.begin(), every.begin() + 25));
        CHECK(t.list_title == "25 of 1,000 accounts, lowest score first:");
        CHECK(t.after == std::vector<std::string>{"... 975 more accounts not shown (use --top or --out)"});
    }
    const run_result zero = run(wd, {"score", sample_csv.string(), "--format", "table", "--top", "0", "-q"}, piped());
    CHECK(parse(zero.out).rows.size() == 1000);
    const run_result more = run(wd, {"score", sample_csv.string(), "--format", "table", "--top", "5000", "-q"}, piped());
    CHECK(parse(more.out).rows.size() == 1000);
    CHECK(parse(more.out).after.empty());
    // UTF-8: the footer's ellipsis is one character
    const run_result u = run(wd, {"score", sample_csv.string(), "--format", "table", "--top", "999", "-q"}, piped({}, "C.UTF-8"));
    CHECK(parse(u.out).after == std::vector<std::string>{"\u2026 1 more account not shown (use --top or --out)"});
}

TEST_CASE("table: --band lists the accounts of some bands; the summary stays the whole book") {
    workdir wd;
    const run_result csv = run(wd, {"score", sample_csv.string(), "--format", "csv", "-q"}, piped());
    const auto accounts = read_csv_run(csv.out, slurp(sample_csv));
    std::vector<csv_account> red, red_or_none;
    for (const csv_account& a : accounts) {
        if (a.band == "red") red.push_back(a);
        if (a.band == "red" || a.band.empty()) red_or_none.push_back(a);
    }
    const run_result r = run(wd, {"score", sample_csv.string(), "--format", "table", "--band", "RED", "-q"}, piped());
    REQUIRE(r.code == 0);
    const table_text t = parse(r.out);
    CHECK(t.summary.size() == 5);
    CHECK(t.list_title == std::to_string(red.size()) + " red accounts, highest revenue at risk first:");
    CHECK(first_words(t.rows) == ids_sorted(red, "risk"));
    for (const std::string& row : t.rows) CHECK(words(row).at(2) == "red");
    // a comma list, repeatable, and no_data for the accounts without a score
    for (const std::vector<std::string>& bands : {std::vector<std::string>{"--band", "red,no_data"},
                                                  std::vector<std::string>{"--band", "red", "--band", "insufficient_data"}}) {
        std::vector<std::string> args{"score", sample_csv.string(), "--format", "table", "--sort", "score", "-q"};
        args.insert(args.end(), bands.begin(), bands.end());
        const run_result b = run(wd, args, piped());
        REQUIRE(b.code == 0);
        CHECK(first_words(parse(b.out).rows) == ids_sorted(red_or_none, "score"));
        CHECK(contains(b.out, "red or no-data accounts, lowest score first:"));
    }
    // with --top: the footer counts the band's accounts left out
    const run_result top = run(wd, {"score", sample_csv.string(), "--format", "table", "--band", "red", "--top", "4", "-q"}, piped());
    CHECK(parse(top.out).after == std::vector<std::string>{"... " + std::to_string(red.size() - 4) + " more accounts not shown (use --top or --out)"});
}

TEST_CASE("table: --columns chooses and orders the columns") {
    workdir wd;
    wd.write("book.csv", header + ",arr\nA-1" + healthy + ",1000\nA-2" + struggling + ",5000\n");
    const run_result r = run(wd, {"score", "book.csv", "--format", "table", "--columns", "score,id", "--columns", "arr,status", "-q"}, piped());
    REQUIRE(r.code == 0);
    const table_text t = parse(r.out);
    CHECK(t.header == "score  account_id    arr  status");
    REQUIRE(t.rows.size() == 2);
    CHECK(words(t.rows[0]) == std::vector<std::string>{words(t.rows[0])[0], "A-2", "5,000", "ok"});
    const run_result risk = run(wd, {"score", "book.csv", "--format", "table", "--columns", "account_id,revenue_at_risk,band", "-q"}, piped());
    CHECK(parse(risk.out).header == "account_id  at risk  band");
}

TEST_CASE("table: bad --band, --columns, --sort, and table options with another format, are usage errors") {
    workdir wd;
    wd.write("book.csv", header + "\nA-1" + healthy + "\n");
    wd.write("valued.csv", header + ",arr\nA-1" + healthy + ",100\n");
    struct bad_case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::vector<bad_case> cases{
        {{"--band", "gren"}, "vitals: --band: no band \"gren\" in the scorecard; did you mean \"green\"? (the bands: red, yellow, green, no_data)"},
        {{"--band", "red,purple"}, "vitals: --band: no band \"purple\" in the scorecard (the bands: red, yellow, green, no_data)"},
        {{"--columns", "scroe"}, "vitals: --columns: unknown column \"scroe\"; did you mean \"score\"? (the columns: account_id, id, score, "},
        {{"--columns", "score,score"}, "vitals: --columns: score is named twice"},
        {{"--columns", "trend"}, "vitals: --columns: trend needs earlier scores (--previous FILE)"},
        {{"--columns", "risk"}, "vitals: --columns: risk needs the accounts' value column (--value-column, default arr)"},
        {{"--sort", "risk"}, "vitals: --sort risk: the accounts have no value column"},
        {{"--sort", "change"}, "vitals: --sort change: needs earlier scores (--previous FILE)"},
        {{"--sort", "scroe"}, "vitals: --sort: unknown key \"scroe\"; did you mean \"score\"? (the keys: score, risk, change, value, coverage, id)"},
        {{"--top", "-1"}, "--top"},
        {{"--format", "csv", "--top", "3"}, "vitals: --top, --band, --sort and --columns shape the table (--format table); csv"},
        {{"--out", "x.json", "--band", "red"}, "vitals: --top, --band, --sort and --columns shape the table"},
    };
    for (const bad_case& c : cases) {
        std::vector<std::string> args{"score", "book.csv"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const run_result r = run(wd, args, piped());
        INFO(c.message);
        CHECK(r.code == 2);
        CHECK(contains(r.err, c.message));
        CHECK(r.out.empty());
    }
    CHECK_FALSE(wd.exists("x.json"));
    CHECK(run(wd, {"score", "valued.csv", "--sort", "risk", "--columns", "risk"}, piped()).code == 0);
}

TEST_CASE("table: no line wider than COLUMNS, at any width, with every column") {
    workdir wd;
    const std::vector<std::vector<std::string>> runs{
        {"score", sample_csv.string()},
        {"score", sample_csv.string(), "--history", example("history.csv"), "--previous", example("previous.csv"), "--overrides",
         example("overrides.csv"), "--surveys", example("surveys.csv"), "--as-of", "2026-11-30"},
        {"score", sample_csv.string(), "--columns", "id,score,trend,band,arr,risk,quadrant,coverage,status,computed_score,alerts,drivers",
         "--previous", example("previous.csv"), "--overrides", example("overrides.csv"), "--as-of", "2026-11-30"},
    };
    for (const auto& args : runs)
        for (const int width : {40, 80, 120, 200}) {
            std::vector<std::string> a = args;
            a.insert(a.end(), {"--format", "table", "-q"});
            const run_result r = run(wd, a, piped(std::to_string(width), "C.UTF-8"));
            REQUIRE(r.code == 0);
            INFO(width << " " << a.size());
            std::size_t widest = 0;
            for (const std::string& l : lines(r.out)) {
                CHECK(columns_of(l) <= static_cast<std::size_t>(width));
                widest = std::max(widest, columns_of(l));
            }
            CHECK(widest > static_cast<std::size_t>(width) * 3 / 4);  // it uses the room it has
            const table_text t = parse(r.out);
            CHECK(t.rows.size() == 1000);  // not a terminal: every account
            if (width <= 80) CHECK(contains(r.out, "\n(left out"));  // the columns it dropped
        }
    // 40 columns: the drop order leaves id, score, band and revenue at risk
    const run_result narrow = run(wd, {"score", sample_csv.string(), "--format", "table", "-q"}, piped("40"));
    CHECK(words(parse(narrow.out).header) == std::vector<std::string>{"account_id", "score", "band", "at", "risk"});
    CHECK(contains(narrow.out, "\n(left out: coverage, quadrant, arr, a..."));  // (cut to 40 columns)
    const run_result wide = run(wd, {"score", sample_csv.string(), "--format", "table", "-q"}, piped("110"));
    CHECK(contains(wide.out, "\n(left out to fit 110 columns: coverage, quadrant; see --columns)"));
}

TEST_CASE("table: UTF-8 ids are measured in display columns, so the columns stay aligned") {
    workdir wd;
    const std::vector<std::string> ids{"\xC3\x9Cn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9-1",                       // Ünïcödé-1
                                       "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E-2",                             // 日本語-2 (wide)
                                       "cafe\xCC\x81-3",                                                     // café, combining accent
                                       "\xF0\x9F\x9A\x80-4",                                                 // 🚀-4
                                       "plain-5"};
    std::string book = header + "\n";
    for (std::size_t k = 0; k < ids.size(); ++k) book += ids[k] + (k % 2 ? struggling : healthy) + "\n";
    wd.write("book.csv", book);
    const run_result r = run(wd, {"score", "book.csv", "--format", "table", "--columns", "account_id,score", "-q"}, piped({}, "C.UTF-8"));
    REQUIRE(r.code == 0);
    const table_text t = parse(r.out);
    REQUIRE(t.rows.size() == ids.size());
    // the score is right-aligned and last: every line as wide as the header
    for (const std::string& row : t.rows) CHECK(columns_of(row) == columns_of(t.header));
    CHECK(columns_of(t.header) == 10 + 2 + 5);  // "account_id" is the widest

    // an id too long for the width is cut with an ellipsis, at a character boundary
    std::string long_id;
    for (int k = 0; k < 30; ++k) long_id += "\xE6\x97\xA5";  // 60 columns
    wd.write("long.csv", header + "\n" + long_id + healthy + "\nA-2" + struggling + "\n");
    const run_result cut = run(wd, {"score", "long.csv", "--format", "table", "--columns", "id,score,band", "-q"}, piped("30", "C.UTF-8"));
    REQUIRE(cut.code == 0);
    for (const std::string& l : lines(cut.out)) CHECK(columns_of(l) <= 30);
    CHECK(contains(cut.out, "\xE6\x97\xA5\xE2\x80\xA6"));  // 日…
    const table_text c = parse(cut.out);
    REQUIRE(c.rows.size() == 2);
    CHECK(columns_of(c.rows[0]) == columns_of(c.rows[1]));
    // control characters in an id stay on their line
    wd.write("ctl.csv", header + "\n\"A\tB\nC\"" + healthy + "\n");
    const run_result ctl = run(wd, {"score", "ctl.csv", "--format", "table", "-q"}, piped());
    CHECK(parse(ctl.out).rows == std::vector<std::string>{parse(ctl.out).rows.at(0)});
    CHECK(parse(ctl.out).rows.at(0).starts_with("A?B?C"));
}

TEST_CASE("table: on a terminal it fits the screen; off one the default is CSV") {
    workdir wd;
    const run_result tty = run(wd, {"score", sample_csv.string(), "-q"},
                               on_terminal({{"COLUMNS", "100"}, {"LINES", "30"}, {"LC_ALL", "C"}, {"TERM", "xterm"}, {"NO_COLOR", std::nullopt}}));
    REQUIRE(tty.code == 0);
    const auto out = lines(tty.out);
    CHECK(out.size() <= 29);  // a line for the prompt
    CHECK(out.size() >= 25);
    for (const std::string& l : out) CHECK(columns_of(l.back() == '\r' ? l.substr(0, l.size() - 1) : l) <= 100);
    CHECK(contains(tty.out, "\x1b[31m"));  // colour on a terminal
    const table_text t = parse(tty.out);
    CHECK(t.rows.size() >= 10);
    CHECK(t.after.at(0).starts_with("... " + std::to_string(1000 - t.rows.size()) + " more accounts not shown (use --top or --out)"));
    CHECK(contains(t.list_title, std::to_string(t.rows.size()) + " of 1,000 accounts"));
    // --top overrides the screen
    const run_result top = run(wd, {"score", sample_csv.string(), "-q", "--top", "40"},
                               on_terminal({{"COLUMNS", "100"}, {"LINES", "30"}, {"LC_ALL", "C"}}));
    CHECK(parse(top.out).rows.size() == 40);
    // off a terminal, without --format: the CSV, every account
    const run_result piped_out = run(wd, {"score", sample_csv.string(), "-q"}, piped("80"));
    REQUIRE(piped_out.code == 0);
    CHECK(lines(piped_out.out).size() == 1001);
    CHECK(lines(piped_out.out)[0].starts_with("account_id,score,band,"));
    // an empty book
    wd.write("h.csv", header + "\n");
    const run_result empty = run(wd, {"score", "h.csv", "--format", "table", "-q"}, piped());
    CHECK(empty.out == "0 accounts from h.csv\n");
}
