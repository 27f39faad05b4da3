#include "common.hpp"

#include "vitals/io/csv_reader.hpp"
#include "vitals/io/postgres_reader.hpp"
#include "vitals/io/sqlite_reader.hpp"
#include "vitals/scorecard_file.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace vitals::cli {

int exit_code_for(errc code) noexcept {
    switch (code) {
    case errc::io_error:
    case errc::internal:
    case errc::not_supported:
    case errc::out_of_range: return exit_failure;
    default: return exit_usage;
    }
}

scorecard load_card(const std::string& path) {
    if (path.empty()) return default_scorecard();
    auto r = load_scorecard_file(path);
    // a scorecard that cannot be read or is invalid is bad input, whatever the code
    if (!r) die(exit_usage, r.error().message);
    return std::move(r).value();
}

void input_options::add_to(CLI::App& cmd) {
    cmd.add_option("INPUT", input, "Accounts CSV file with a header row ('-' reads standard input)");
    cmd.add_option("-s,--scorecard", scorecard, "Scorecard file (JSON); default: the built-in scorecard");
    auto* db = cmd.add_option("--sqlite", sqlite, "Read accounts from this SQLite database (with --query)");
    auto* pg = cmd.add_option("--postgres", postgres,
                              "Read accounts from PostgreSQL: a postgresql:// URI or a connection string (with --query)")
                   ->type_name("URI");
    auto* q = cmd.add_option("--query", query, "SQL query returning one row per account (with --sqlite or --postgres)");
    db->needs(q);
    pg->needs(q);
    pg->excludes(db);
    cmd.add_option("--id-column", id_column, "Column holding the account id (default account_id; when the default is absent, rows are numbered)");
    cmd.add_option("-m,--map", maps, "Read a scorecard input from a differently named column: input=column (repeatable)")
        ->allow_extra_args(false)
        ->type_name("INPUT=COLUMN");
    cmd.add_flag("--allow-missing-columns", allow_missing_columns,
                 "Treat scorecard inputs absent from the source as missing for every account instead of failing");
}

std::unique_ptr<io::account_reader> open_source(const input_options& o) {
    if (!o.query.empty() && o.sqlite.empty() && o.postgres.empty())
        die(exit_usage, "--query needs --sqlite DB or --postgres URI");
    if (!o.postgres.empty()) {
        if (!o.input.empty()) die(exit_usage, "give either INPUT or --postgres, not both");
        // io_error (cannot connect, a server failure) and not_supported (no libpq) exit 1; a bad query 2
        return take(io::open_postgres(o.postgres, o.query));
    }
    if (!o.sqlite.empty()) {
        if (!o.input.empty()) die(exit_usage, "give either INPUT or --sqlite, not both");
        std::error_code ec;
        if (!std::filesystem::exists(o.sqlite, ec)) die(exit_usage, o.sqlite + ": cannot open: No such file or directory");
        return take(io::open_sqlite(o.sqlite, o.query));  // io_error: a database error, exit 1
    }
    if (o.input.empty())
        die(exit_usage, "no input: give a CSV file (e.g. docs/examples/accounts.csv), '-' for standard input, "
                        "--sqlite DB --query SQL, or --postgres URI --query SQL");
    return take(io::open_csv(o.input), exit_usage);
}

opened_input open_input(const input_options& o) {
    opened_input in{load_card(o.scorecard), nullptr, {}};
    in.reader = open_source(o);
    io::binding_options bo;
    for (const std::string& m : o.maps) bo.map.push_back(take(io::parse_column_map(m), exit_usage));
    bo.id_column = o.id_column;
    bo.id_required = o.id_column != "account_id";
    bo.allow_absent = o.allow_missing_columns;
    bo.header_line = in.reader->header_line();
    auto bound = io::bind_inputs(in.card, in.reader->columns(), in.reader->source(), bo);
    if (!bound) {
        std::string msg = bound.error().message;
        if (bound.error().code == errc::unknown_column && msg.find("missing column") != std::string::npos)
            msg += "\n  (map a differently named column with --map input=column, or score without it using "
                   "--allow-missing-columns)";
        die(exit_usage, msg);
    }
    in.bind = std::move(bound).value();
    take(in.reader->select(in.bind.selection), exit_failure);
    return in;
}

// ---- options -----------------------------------------------------------------------------------

CLI::Validator count_range(std::uint64_t lo, std::uint64_t hi) {
    const std::string range = fmt::format("a whole number from {} to {}", lo, hi);
    return CLI::Validator(
        [lo, hi, range](std::string& text) -> std::string {
            const auto bad = [&] { return "\"" + text + "\" is not " + range; };
            if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return bad();
            std::uint64_t v = 0;
            const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
            if (r.ec != std::errc() || v < lo || v > hi) return bad();
            text = std::to_string(v);  // no leading zero left for CLI11's base-0 strtoull to read as octal
            return {};
        },
        fmt::format("{}..{}", lo, hi), "COUNT");
}

void add_threads_option(CLI::App& cmd, unsigned& threads) {
    cmd.add_option("-j,--threads", threads, fmt::format("Scoring threads (default 0: one per core; at most {})", max_threads))
        ->transform(count_range(0, max_threads));
}

// ---- formatting --------------------------------------------------------------------------------

void append_exact(std::string& out, double x) {
    if (x != x) return;
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
}

std::string exact(double x) {
    std::string s;
    append_exact(s, x);
    return s;
}

std::string fixed(double x, int decimals) {
    if (x != x) return "-";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
    std::string s(buf, r.ptr);
    if (s.starts_with('-') && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // "-0.0"
    return s;
}

std::string readable(double x) {
    if (x != x) return "missing";
    std::string s = exact(x);
    if (s.size() <= 8 && s.find('e') == std::string::npos) return s;
    if (x >= 1e7 || x <= -1e7) return fixed(x, 0);
    s = fixed(x, 4);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

void append_csv_field(std::string& out, std::string_view text) {
    bool plain = text.empty() || (text.front() != ' ' && text.back() != ' ' && text.front() != '\t' && text.back() != '\t');
    for (char c : text)  // (find_first_of calls memchr once per character: this is the hot path)
        plain &= c != ',' && c != '"' && c != '\r' && c != '\n';
    if (plain) {
        out += text;
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void require_utf8(std::string_view text, const std::string& place, std::string_view what, std::string_view instead) {
    const std::size_t at = invalid_utf8_at(text);
    if (at == std::string_view::npos) return;
    std::string shown;  // printable ASCII as is, every other byte as \xHH
    for (std::size_t i = 0; i < text.size() && i < 60; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') shown += static_cast<char>(c);
        else shown += fmt::format("\\x{:02x}", c);
    }
    die(exit_usage, fmt::format("{}: {} \"{}\" is not valid UTF-8 (byte {}); JSON output needs UTF-8 text: convert "
                                "the source (e.g. iconv -f latin1 -t utf-8) or {}",
                                place, what, shown, at + 1, instead));
}

namespace {
void require_utf8_json(const nlohmann::ordered_json& j, const std::string& pointer, const std::string& place,
                       std::string_view instead) {
    if (j.is_string()) {
        require_utf8(j.get_ref<const std::string&>(), place, "the text at " + (pointer.empty() ? "/" : pointer), instead);
    } else if (j.is_array()) {
        for (std::size_t k = 0; k < j.size(); ++k) require_utf8_json(j[k], pointer + "/" + std::to_string(k), place, instead);
    } else if (j.is_object()) {
        for (const auto& [key, value] : j.items()) {
            require_utf8(key, place, "the key at " + (pointer.empty() ? "/" : pointer), instead);
            require_utf8_json(value, pointer + "/" + key, place, instead);
        }
    }
}
}  // namespace

std::string json_text(const nlohmann::ordered_json& report, int indent, const std::string& place, std::string_view instead) {
    require_utf8_json(report, "", place, instead);
    return report.dump(indent);
}

std::string row_place(const io::account_reader& reader, std::uint64_t origin) {
    if (reader.header_line() > 0) return fmt::format("{}:{}", reader.source(), origin);
    return fmt::format("{}: row {}", reader.source(), origin);
}

std::chrono::year_month_day parse_date_option(std::string_view text, std::string_view what) {
    const auto bad = [&] {
        die(exit_usage, std::string(what) + ": \"" + std::string(text) + "\" is not a date (expected YYYY-MM-DD, e.g. 2026-11-30)");
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') bad();
    int y = 0;
    unsigned m = 0, d = 0;
    const auto num = [&](std::size_t at, std::size_t len, auto& v) {
        const auto r = std::from_chars(text.data() + at, text.data() + at + len, v);
        if (r.ec != std::errc() || r.ptr != text.data() + at + len) bad();
    };
    num(0, 4, y);
    num(5, 2, m);
    num(8, 2, d);
    const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!date.ok()) bad();
    return date;
}

std::string date_text(std::chrono::year_month_day date) {
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

std::chrono::year_month_day today() {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

std::string grouped(std::uint64_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

}  // namespace vitals::cli
