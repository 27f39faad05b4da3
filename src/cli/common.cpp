#include "common.hpp"

#include "vitals/io/csv_reader.hpp"
#include "vitals/io/sqlite_reader.hpp"
#include "vitals/scorecard_file.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
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
    auto* q = cmd.add_option("--query", query, "SQL query returning one row per account (with --sqlite)");
    db->needs(q);
    q->needs(db);
    cmd.add_option("--id-column", id_column, "Column holding the account id (default account_id; when the default is absent, rows are numbered)");
    cmd.add_option("-m,--map", maps, "Read a scorecard input from a differently named column: input=column (repeatable)")
        ->allow_extra_args(false)
        ->type_name("INPUT=COLUMN");
    cmd.add_flag("--allow-missing-columns", allow_missing_columns,
                 "Treat scorecard inputs absent from the source as missing for every account instead of failing");
}

opened_input open_input(const input_options& o) {
    opened_input in{load_card(o.scorecard), nullptr, {}};
    if (!o.sqlite.empty()) {
        if (!o.input.empty()) die(exit_usage, "give either INPUT or --sqlite, not both");
        in.reader = take(io::open_sqlite(o.sqlite, o.query), exit_usage);
    } else {
        if (o.input.empty())
            die(exit_usage, "no input: give a CSV file (e.g. docs/examples/accounts.csv), '-' for standard input, "
                            "or --sqlite DB --query SQL");
        in.reader = take(io::open_csv(o.input), exit_usage);
    }
    io::binding_options bo;
    for (const std::string& m : o.maps) bo.map.push_back(take(io::parse_column_map(m), exit_usage));
    bo.id_column = o.id_column;
    bo.id_required = o.id_column != "account_id";
    bo.allow_absent = o.allow_missing_columns;
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

// ---- atomic output -----------------------------------------------------------------------------

namespace {

// The temporary file being written, removed by the signal handler on SIGINT/SIGTERM.
char g_temp_path[4096];
std::atomic<bool> g_temp_active{false};

extern "C" void remove_temp_and_exit(int sig) {
    if (g_temp_active.load()) ::unlink(g_temp_path);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

}  // namespace

output_file::output_file(const std::string& path) : path_(path) {
    if (path.empty() || path == "-") {
        file_ = stdout;
        path_ = "<stdout>";
        return;
    }
    const std::filesystem::path p(path);
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) die(exit_usage, path + ": is a directory");
    const std::filesystem::path dir = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
    temp_ = (dir / ("." + p.filename().string() + ".tmp-XXXXXX")).string();
    if (temp_.size() >= sizeof g_temp_path) die(exit_failure, path + ": path too long");
    const int fd = ::mkstemp(temp_.data());
    if (fd < 0) die(exit_failure, path + ": cannot write: " + std::strerror(errno));
    const mode_t mask = ::umask(0);
    ::umask(mask);
    (void)::fchmod(fd, static_cast<mode_t>(0666 & ~mask));  // as open(2) would have created it
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
        ::close(fd);
        ::unlink(temp_.c_str());
        die(exit_failure, path + ": cannot write: " + std::strerror(errno));
    }
    std::memcpy(g_temp_path, temp_.c_str(), temp_.size() + 1);
    g_temp_active = true;
    std::signal(SIGINT, remove_temp_and_exit);
    std::signal(SIGTERM, remove_temp_and_exit);
    static char buffer[1 << 16];
    std::setvbuf(file_, buffer, _IOFBF, sizeof buffer);
}

output_file::~output_file() {
    if (file_ == nullptr || file_ == stdout) return;
    if (!committed_) {
        std::fclose(file_);
        ::unlink(temp_.c_str());
        g_temp_active = false;
    }
}

void output_file::write(std::string_view text) {
    if (text.empty()) return;
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
        die(exit_failure, path_ + ": write failed: " + std::strerror(errno));
}

void output_file::commit() {
    if (file_ == stdout) {
        if (std::fflush(stdout) != 0) die(exit_failure, "<stdout>: write failed: " + std::string(std::strerror(errno)));
        return;
    }
    const bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
    const int err = errno;
    if (std::fclose(file_) != 0 || !ok) {
        file_ = nullptr;
        ::unlink(temp_.c_str());
        g_temp_active = false;
        die(exit_failure, path_ + ": write failed: " + std::strerror(ok ? errno : err));
    }
    file_ = nullptr;
    if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
        const int e = errno;
        ::unlink(temp_.c_str());
        g_temp_active = false;
        die(exit_failure, path_ + ": cannot write: " + std::strerror(e));
    }
    g_temp_active = false;
    committed_ = true;
}

// ---- formatting --------------------------------------------------------------------------------

void append_exact(std::string& out, double x) {
    if (x != x) return;
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
}

void append_json_number(std::string& out, double x) {
    if (!std::isfinite(x)) out += "null";
    else append_exact(out, x);
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

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[(c >> 4) & 0xF];
                out += hex[c & 0xF];
            } else {
                out += c;
            }
        }
    }
    out += '"';
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
