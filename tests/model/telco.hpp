// A tiny loader for tests/data/telco_churn.csv (the Telco churn sample; see telco_churn.LICENSE),
// turning its text columns into the numeric account columns a scorecard reads. Test-only.
//
// Columns produced (one value per account, NaN = missing):
//   tenure             months as a customer
//   contract_months    Month-to-month -> 1, One year -> 12, Two year -> 24
//   online_security    1 = "Yes", 0 = "No" or "No internet service"
//   tech_support       likewise
//   online_backup      likewise
//   device_protection  likewise
//   monthly_charges    dollars
//   total_charges      dollars (NA in 11 rows)
//   fiber_optic        1 = internet_service "Fiber optic"
//   no_internet        1 = internet_service "No"
//   electronic_check   1 = payment_method "Electronic check"
//   paperless_billing  0 / 1
//   senior_citizen     0 / 1
//   partner, dependents 0 / 1
// and the label churn (1 = "Yes").
#pragma once

#include "fixtures.hpp"
#include "vitals/normalise.hpp"
#include "vitals/scorecard.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace model_test {

struct telco {
    std::vector<std::string> columns;
    std::vector<double> values;  // column-major, rows x columns
    std::vector<double> churn;
    std::size_t rows = 0;

    double at(std::size_t row, const std::string& col) const {
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == col) return values[c * rows + row];
        throw std::runtime_error("no column " + col);
    }
};

inline std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (char ch : line) {
        if (ch == '"') quoted = !quoted;
        else if (ch == ',' && !quoted) {
            out.push_back(cur);
            cur.clear();
        } else if (ch != '\r') cur += ch;
    }
    out.push_back(cur);
    return out;
}

/// Load the CSV; `keep_rows` (0-based data rows), when not empty, selects and orders the rows.
inline telco load_telco(const std::vector<std::size_t>& keep_rows = {}) {
    std::ifstream in(data_path("telco_churn.csv"));
    if (!in) throw std::runtime_error("cannot open telco_churn.csv");
    std::string line;
    std::getline(in, line);
    const auto header = split_csv_line(line);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
    std::vector<std::vector<std::string>> rows;
    while (std::getline(in, line))
        if (!line.empty()) rows.push_back(split_csv_line(line));
    std::vector<std::size_t> pick = keep_rows;
    if (pick.empty())
        for (std::size_t i = 0; i < rows.size(); ++i) pick.push_back(i);

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto num = [&](const std::string& s) { return s == "NA" ? nan : std::strtod(s.c_str(), nullptr); };
    const auto yes = [](const std::string& s) { return s == "Yes" ? 1.0 : 0.0; };
    telco t;
    t.columns = {"tenure",          "contract_months", "online_security", "tech_support",   "online_backup",
                 "device_protection", "monthly_charges", "total_charges", "fiber_optic",    "no_internet",
                 "electronic_check", "paperless_billing", "senior_citizen", "partner",      "dependents"};
    t.rows = pick.size();
    t.values.resize(t.rows * t.columns.size());
    t.churn.resize(t.rows);
    for (std::size_t k = 0; k < pick.size(); ++k) {
        const auto& r = rows.at(pick[k]);
        const auto f = [&](const char* name) { return r.at(col.at(name)); };
        const std::string contract = f("contract");
        const double v[] = {num(f("tenure")),
                            contract == "Two year" ? 24.0 : contract == "One year" ? 12.0 : 1.0,
                            yes(f("online_security")),
                            yes(f("tech_support")),
                            yes(f("online_backup")),
                            yes(f("device_protection")),
                            num(f("monthly_charges")),
                            num(f("total_charges")),
                            f("internet_service") == "Fiber optic" ? 1.0 : 0.0,
                            f("internet_service") == "No" ? 1.0 : 0.0,
                            f("payment_method") == "Electronic check" ? 1.0 : 0.0,
                            num(f("paperless_billing")),
                            num(f("senior_citizen")),
                            num(f("partner")),
                            num(f("dependents"))};
        for (std::size_t c = 0; c < t.columns.size(); ++c) t.values[c * t.rows + k] = v[c];
        t.churn[k] = yes(f("churn"));
    }
    return t;
}

/// A hand-made starting scorecard over the Telco columns: directions and ranges a customer-success
/// person would write, all weights 1.
inline vitals::scorecard telco_card() {
    using vitals::aggregation;
    vitals::scorecard_spec s;
    s.name = "telco-health";
    s.description = "Health of Telco accounts; weights to be fitted.";
    s.groups = {{"relationship", 1, "", aggregation::mean, "How long and how committed"},
                {"support", 1, "", aggregation::mean, "Support add-ons in use"},
                {"financial", 1, "", aggregation::mean, "What and how they pay"},
                {"service", 1, "", aggregation::mean, "The service they take"}};
    const auto add = [&](const char* name, vitals::normaliser n, const char* group, const char* why) {
        s.measures.push_back({name, name, std::move(n), 1.0, group, why});
    };
    add("tenure", vitals::linear{0, 72}, "relationship", "months as a customer");
    add("contract_months", vitals::piecewise{{1, 12, 24}, {0, 0.6, 1}}, "relationship", "contract length in months");
    add("dependents", vitals::flag{true}, "relationship", "household with dependents");
    add("online_security", vitals::flag{true}, "support", "online security add-on");
    add("tech_support", vitals::flag{true}, "support", "tech support add-on");
    add("online_backup", vitals::flag{true}, "support", "online backup add-on");
    add("monthly_charges", vitals::linear{120, 18}, "financial", "monthly bill, dollars (lower is healthier)");
    add("electronic_check", vitals::flag{false}, "financial", "pays by electronic check");
    add("paperless_billing", vitals::flag{false}, "financial", "paperless billing");
    add("fiber_optic", vitals::flag{false}, "service", "fiber-optic internet");
    add("no_internet", vitals::flag{true}, "service", "phone only, no internet");
    add("senior_citizen", vitals::flag{false}, "service", "senior citizen");
    return vitals::scorecard::build(s).value();
}

/// Protocol A's held-out rows (tests/data/model_telco_split.txt) and scikit-learn's AUC on them.
struct telco_split {
    std::vector<std::size_t> train, test;  // 0-based data rows of telco_churn.csv
    double sklearn_auc = 0.0;
};

inline telco_split load_split() {
    telco_split s;
    std::vector<char> is_test;
    for (const std::string& line : fixture_lines("model_telco_split.txt")) {
        if (key_of(line) == "sklearn_auc") s.sklearn_auc = numbers_of(line)[0];
        if (key_of(line) == "test")
            for (double v : numbers_of(line)) s.test.push_back(static_cast<std::size_t>(v));
    }
    // training rows: every row with total_charges present that is not held out
    const telco all = load_telco();
    is_test.assign(all.rows, 0);
    for (std::size_t r : s.test) is_test.at(r) = 1;
    for (std::size_t r = 0; r < all.rows; ++r)
        if (!is_test[r] && !std::isnan(all.at(r, "total_charges"))) s.train.push_back(r);
    return s;
}

}  // namespace model_test
