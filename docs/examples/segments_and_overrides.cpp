// docs/accounts.md: score accounts with a scorecard per segment, then apply overrides as of a date.
// Usage: segments_and_overrides [dir]   (dir holds segments.json, accounts.csv and overrides.csv;
// default tests/data/accounts). The CSV reading is deliberately naive (no quoted fields).
#include "vitals/override.hpp"
#include "vitals/scorecard_set_file.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> fields;
        std::stringstream s(line);
        for (std::string f; std::getline(s, f, ',');) fields.push_back(f);
        if (!line.empty() && line.back() == ',') fields.emplace_back();
        rows.push_back(fields);
    }
    return rows;
}

double number(const std::string& s) { return s.empty() ? std::nan("") : std::stod(s); }

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : "tests/data/accounts";
    auto loaded = vitals::load_scorecard_or_set_file(dir + "/segments.json");
    if (!loaded) {
        std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
        return 1;
    }
    const vitals::scorecard_set& set = loaded.value();

    // accounts.csv: account_id,segment,active_users,licensed_seats,nps,executive_sponsor
    const auto csv = read_csv(dir + "/accounts.csv");
    const std::vector<std::string> columns(csv[0].begin() + 2, csv[0].end());
    std::vector<std::string> ids, segments;
    std::vector<double> values;  // row-major
    for (std::size_t r = 1; r < csv.size(); ++r) {
        ids.push_back(csv[r][0]);
        segments.push_back(csv[r][1]);
        for (std::size_t c = 2; c < csv[r].size(); ++c) values.push_back(number(csv[r][c]));
    }
    const auto rows = static_cast<std::int64_t>(ids.size());
    const auto frame = vitals::frame_view<double>::row_major(values.data(), rows, static_cast<std::int64_t>(columns.size()));

    // score each account with its segment's card
    std::vector<double> score(ids.size());
    std::vector<std::int32_t> band(ids.size()), card(ids.size());
    vitals::batch_output out;
    out.score = score;
    out.band = band;
    if (auto r = vitals::score_batch(set, frame, columns, segments, out, card, {}, ids); !r) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        return 1;
    }
    const std::vector<double> computed = score;
    const std::vector<std::int32_t> computed_band = band;

    // overrides.csv: account_id,target,value,reason,author,expires
    vitals::override_book book;
    const auto rows_of_overrides = read_csv(dir + "/overrides.csv");
    for (std::size_t r = 1; r < rows_of_overrides.size(); ++r) {
        const auto& f = rows_of_overrides[r];
        auto o = vitals::parse_override({f[0], f[1], f[2], f[3], f[4], f[5]}, "overrides.csv:" + std::to_string(r + 1));
        auto added = o ? book.add(std::move(o).value()) : vitals::result<void>(o.error());
        if (!added) {
            std::fprintf(stderr, "%s\n", added.error().message.c_str());
            return 1;
        }
    }
    const vitals::day_number as_of = vitals::parse_date("2026-11-23").value();
    auto report = vitals::apply_overrides(set, book, as_of, ids, frame, columns, card, out);
    if (!report) {
        std::fprintf(stderr, "%s\n", report.error().message.c_str());
        return 1;
    }

    std::printf("as of %s\n", vitals::format_date(as_of).c_str());
    std::printf("%-6s %-11s %-25s %-14s %-14s\n", "id", "segment", "scorecard", "computed", "score");
    for (std::size_t r = 0; r < ids.size(); ++r) {
        const vitals::scorecard& c = set.cards()[static_cast<std::size_t>(card[r])];
        char was[32], now[32];
        std::snprintf(was, sizeof was, "%.1f %s", computed[r], std::string(c.bands().label(computed_band[r])).c_str());
        std::snprintf(now, sizeof now, "%.1f %s", score[r], std::string(c.bands().label(band[r])).c_str());
        std::printf("%-6s %-11s %-25s %-14s %-14s\n", ids[r].c_str(), segments[r].c_str(),
                    set.label(static_cast<std::size_t>(card[r])).c_str(), was, now);
    }
    std::printf("\noverrides\n");
    for (const vitals::overridden_row& row : report.value()) {
        for (const vitals::override_effect& e : row.effects) {
            const vitals::account_override& o = book.entries()[e.entry];
            std::printf("%-6s %-7s %-17s %5.1f -> %5.1f  by %s until %s: %s\n", ids[static_cast<std::size_t>(row.row)].c_str(),
                        std::string(vitals::to_string(e.state)).c_str(), o.target.c_str(), e.computed, e.value,
                        o.author.c_str(), vitals::format_date(o.expires).c_str(), o.reason.c_str());
        }
    }
    return 0;
}
