// Readers for the model test fixtures in tests/data (made by tests/model/make_fixtures.py).
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace model_test {

inline std::string data_path(const std::string& file) { return std::string(VITALS_MODEL_DATA_DIR) + "/" + file; }

/// The lines of a fixture file, without comments ('#') and blank lines.
inline std::vector<std::string> fixture_lines(const std::string& file) {
    std::ifstream in(data_path(file));
    if (!in) throw std::runtime_error("cannot open " + data_path(file));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') out.push_back(line);
    return out;
}

/// The first word of a line, and the numbers after it (strtod reads repr() output exactly).
inline std::string key_of(const std::string& line) { return line.substr(0, line.find(' ')); }
inline std::vector<double> numbers_of(const std::string& line) {
    std::vector<double> v;
    std::istringstream is(line.substr(line.find(' ') + 1));
    for (std::string w; is >> w;) v.push_back(std::strtod(w.c_str(), nullptr));
    return v;
}

/// One case of model_metrics.txt: scores and labels, and scikit-learn's ROC AUC, average precision
/// and Brier score of them.
struct metric_case {
    std::string name;
    std::vector<double> scores, labels;
    double auc = 0, ap = 0, brier = 0;
};

inline std::vector<metric_case> metric_cases() {
    std::vector<metric_case> cases;
    for (const std::string& line : fixture_lines("model_metrics.txt")) {
        const std::string k = key_of(line);
        if (k == "case") {
            cases.push_back({});
            cases.back().name = line.substr(5);
        } else if (k == "scores") cases.back().scores = numbers_of(line);
        else if (k == "labels") cases.back().labels = numbers_of(line);
        else if (k == "auc") cases.back().auc = numbers_of(line)[0];
        else if (k == "ap") cases.back().ap = numbers_of(line)[0];
        else if (k == "brier") cases.back().brier = numbers_of(line)[0];
    }
    return cases;
}

}  // namespace model_test
