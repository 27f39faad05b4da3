// The explanation JSON (and the path to green in it) is one text for two surfaces: `vitals explain --format json` and the C ABI's
// vitals_scorecard_explain give the same document for the same account, once the CLI's context keys
// (account_id, source, origin) are dropped — on docs/examples/accounts.csv with the default
// scorecard, with a scorecard of derived columns, and for an account that is not scored.
// A C++ host of the C ABI (nlohmann-json compares the documents).
//   test_capi_explain_cli <vitals> <docs/examples> <scratch folder>
#include "vitals/vitals.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

int failures = 0;

void check(bool ok, const std::string& what) {
    if (ok) return;
    std::cerr << "FAILED: " << what << "\n";
    ++failures;
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ',')) out.push_back(cell);
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
}

/// A plain CSV (no quoting): its header and its rows.
struct table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

table read_csv(const fs::path& path) {
    std::ifstream in(path);
    table t;
    std::string line;
    std::getline(in, line);
    t.header = split(line);
    while (std::getline(in, line))
        if (!line.empty()) t.rows.push_back(split(line));
    return t;
}

std::string run(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    check(pclose(p) == 0, command + " exits 0");
    return out;
}

/// The ABI's explanation of row `r`: every column but the text ones, by name (empty = NaN).
json abi_explain(vitals_scorecard* card, const table& t, std::size_t r) {
    std::vector<double> values;
    std::vector<const char*> names;
    for (std::size_t c = 0; c < t.header.size(); ++c) {
        const std::string& h = t.header[c];
        if (h == "account_id" || h == "segment" || h == "parent_id") continue;
        const std::string cell = c < t.rows[r].size() ? t.rows[r][c] : "";
        values.push_back(cell.empty() ? NAN : std::strtod(cell.c_str(), nullptr));
        names.push_back(h.c_str());
    }
    size_t needed = 0;
    const auto n = static_cast<int64_t>(values.size());
    if (vitals_scorecard_explain(card, values.data(), names.data(), n, nullptr, 0, &needed) != VITALS_OK) {
        check(false, std::string("vitals_scorecard_explain: ") + vitals_last_error());
        return json();
    }
    std::string text(needed, '\0');
    check(vitals_scorecard_explain(card, values.data(), names.data(), n, text.data(), needed, nullptr) == VITALS_OK,
          "vitals_scorecard_explain into the buffer");
    text.resize(needed - 1);  // the NUL
    json x = json::parse(text);
    // the path to green: `vitals explain --format json` adds it under "path_to_green"
    if (vitals_scorecard_path_to_green(card, values.data(), names.data(), n, -1, nullptr, 0, nullptr, 0, &needed) !=
        VITALS_OK) {
        check(false, std::string("vitals_scorecard_path_to_green: ") + vitals_last_error());
        return x;
    }
    std::string path(needed, '\0');
    check(vitals_scorecard_path_to_green(card, values.data(), names.data(), n, -1, nullptr, 0, path.data(), needed,
                                         nullptr) == VITALS_OK,
          "vitals_scorecard_path_to_green into the buffer");
    path.resize(needed - 1);
    x["path_to_green"] = json::parse(path);
    return x;
}

/// Compares the two surfaces on the accounts of `csv`; `card_file` "" = the built-in scorecard.
void compare(const std::string& vitals, const fs::path& csv, const fs::path& card_file,
             const std::vector<std::string>& ids) {
    vitals_scorecard* card = nullptr;
    const vitals_status made = card_file.empty() ? vitals_scorecard_create_default(&card)
                                                 : vitals_scorecard_create_from_file(card_file.c_str(), nullptr, &card);
    if (made != VITALS_OK) {
        check(false, std::string("create the scorecard: ") + vitals_last_error());
        return;
    }
    const table t = read_csv(csv);
    for (const std::string& id : ids) {
        std::size_t r = 0;
        while (r < t.rows.size() && t.rows[r][0] != id) ++r;
        if (r == t.rows.size()) {
            check(false, id + " is in " + csv.string());
            continue;
        }
        const std::string where = id + " (" + (card_file.empty() ? "default scorecard" : card_file.string()) + ")";
        std::string command = "'" + vitals + "' explain --account " + id + " '" + csv.string() + "' --format json";
        if (!card_file.empty()) command += " --scorecard '" + card_file.string() + "'";
        json cli = json::parse(run(command));
        check(cli["account_id"] == id, where + ": account_id");
        check(cli["source"] == csv.string(), where + ": source");
        check(cli["origin"] == r + 2, where + ": origin is the CSV line");
        for (const char* key : {"account_id", "source", "origin"}) cli.erase(key);
        const json abi = abi_explain(card, t, r);
        check(cli == abi, where + ": the CLI's JSON equals the ABI's\n  CLI: " + cli.dump() + "\n  ABI: " + abi.dump());
        check(cli.dump() == abi.dump(), where + ": and as text, key for key in order");
        std::cout << where << ": status " << abi["status"] << ", score " << abi["score"] << ", "
                  << abi["drivers"].size() << " drivers, the same on both surfaces\n";
    }
    vitals_scorecard_destroy(card);
}

// A scorecard with derived columns over the sample's columns (as tests/cli's).
const char* derived_card = R"J({"vitals_scorecard": 1, "name": "derived-demo",
  "derived": [{"name": "idle_seats", "expression": "licensed_seats - active_users"},
              {"name": "arr_per_active", "expression": "arr / active_users"}],
  "groups": [{"name": "seats", "weight": 2}],
  "measures": [
    {"name": "idle", "group": "seats", "input": {"numerator": "idle_seats", "denominator": "licensed_seats"},
     "normaliser": {"kind": "linear", "worst": 1, "best": 0}},
    {"name": "value", "input": "arr_per_active", "normaliser": {"kind": "linear", "worst": 0, "best": 2000}},
    {"name": "nps", "input": "nps", "normaliser": {"kind": "linear", "worst": -100, "best": 100}}]})J";

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: test_capi_explain_cli <vitals> <docs/examples> <scratch folder>\n";
        return 2;
    }
    const std::string vitals = argv[1];
    const fs::path examples = argv[2], scratch = argv[3];
    fs::create_directories(scratch);
    const fs::path accounts = examples / "accounts.csv";
    const std::vector<std::string> ids{"ACC-00000001", "ACC-00000004", "ACC-00000042", "ACC-00000777"};
    compare(vitals, accounts, "", ids);
    std::ofstream(scratch / "derived.json") << derived_card;
    compare(vitals, accounts, scratch / "derived.json", ids);
    // an account with too little data to be scored: null score, band -1, no drivers
    {
        const table t = read_csv(accounts);
        std::string header, row;
        for (const std::string& h : t.header) {
            header += (header.empty() ? "" : ",") + h;
            row += h == "account_id" ? "THIN-1" : h == "nps" ? ",30" : ",";
        }
        std::ofstream(scratch / "thin.csv") << header << "\n" << row << "\n";
    }
    compare(vitals, scratch / "thin.csv", "", {"THIN-1"});
    if (failures) std::cerr << failures << " check(s) failed\n";
    return failures ? 1 : 0;
}
