// Fit time of the learned-weights model: the Telco churn data (7,032 accounts x 12 measures) and a
// synthetic book of 1,000,000 accounts x 8 measures. bench/sklearn_fit.py runs this binary, fits
// scikit-learn's LogisticRegression (C = 1, lbfgs, its defaults) on the very same sub-score matrices
// in the same run, and prints the ratio.
//
//   bench_fit [--dump DIR] [--repeats N]
// prints one JSON object per line: {"data": ..., "rows": ..., "cols": ..., "solver_s": ...,
// "learn_s": ...}; solver_s = vitals::model::fit_logistic on the sub-score matrix (the part
// sklearn also does), learn_s = learn_weights end to end (sub-scores, the unconstrained and the
// constrained fit, the new scorecard). Times are the median of N runs (default 5). With --dump,
// writes DIR/<data>_x.f64 (column-major sub-scores), DIR/<data>_y.f64 (labels) for the script.
#include "../tests/model/telco.hpp"
#include "vitals/model/learned_weights.hpp"
#include "vitals/model/logistic_fit.hpp"
#include "vitals/model/metrics.hpp"
#include "vitals/normalise.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace vm = vitals::model;

struct book {
    std::string name;
    std::vector<std::string> columns;
    std::vector<double> values, labels;
    vitals::scorecard card;
    vm::labelled_frame view() const {
        return {vitals::frame_view<double>::column_major(values.data(), static_cast<std::int64_t>(labels.size()),
                                                         static_cast<std::int64_t>(columns.size())),
                columns, labels};
    }
};

book telco_book() {
    std::vector<std::size_t> kept;
    const auto all = model_test::load_telco();
    for (std::size_t r = 0; r < all.rows; ++r)
        if (!std::isnan(all.at(r, "total_charges"))) kept.push_back(r);
    auto t = model_test::load_telco(kept);
    return {"telco", t.columns, t.values, t.churn, model_test::telco_card()};
}

/// 1e6 accounts, 8 raw columns on different scales; churn from a logistic model of their
/// sub-scores (two measures pointing the wrong way, so the constrained fit has work to do).
book synthetic_book(std::size_t n) {
    const std::size_t M = 8;
    vm::portable_rng rng(2026);
    book b{"synthetic_1m", {}, std::vector<double>(n * M), std::vector<double>(n), model_test::telco_card()};
    vitals::scorecard_spec s;
    s.name = "synthetic";
    const double beta[M] = {-2.0, -1.5, -1.0, -0.8, -0.5, -0.3, 0.2, 0.4};
    for (std::size_t j = 0; j < M; ++j) {
        const std::string name = "m" + std::to_string(j);
        b.columns.push_back(name);
        s.measures.push_back({name, name, vitals::linear{0.0, 100.0 * static_cast<double>(j + 1)}, 1.0, "", ""});
    }
    b.card = vitals::scorecard::build(s).value();
    for (std::size_t i = 0; i < n; ++i) {
        double eta = 1.0;
        for (std::size_t j = 0; j < M; ++j) {
            const double u = static_cast<double>(rng.below(1000001)) / 1e6;
            b.values[j * n + i] = u * 100.0 * static_cast<double>(j + 1);
            eta += beta[j] * u;
        }
        const double p = 1.0 / (1.0 + std::exp(-eta));
        b.labels[i] = static_cast<double>(rng.below(1000000)) / 1e6 < p ? 1.0 : 0.0;
    }
    return b;
}

template <class F>
double median_seconds(int repeats, F&& f) {
    std::vector<double> t;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

int run(const book& b, const char* dump, int repeats) {
    auto fm = vm::fit_rows(b.card, b.view(), vm::missing_policy::complete_rows);
    if (!fm) {
        std::fprintf(stderr, "%s\n", fm.error().message.c_str());
        return 1;
    }
    const auto& x = fm.value().x;
    const auto& y = fm.value().y;
    if (dump) {
        std::ofstream(std::string(dump) + "/" + b.name + "_x.f64", std::ios::binary)
            .write(reinterpret_cast<const char*>(x.data()), static_cast<std::streamsize>(x.size() * 8));
        std::ofstream(std::string(dump) + "/" + b.name + "_y.f64", std::ios::binary)
            .write(reinterpret_cast<const char*>(y.data()), static_cast<std::streamsize>(y.size() * 8));
    }
    double intercept = 0.0;
    const double solver = median_seconds(repeats, [&] { intercept = vm::fit_logistic(x, y).value().intercept; });
    std::size_t iterations = 0;
    const double learn = median_seconds(repeats, [&] { iterations = vm::learn_weights(b.card, b.view()).value().iterations; });
    std::printf("{\"data\": \"%s\", \"rows\": %lld, \"cols\": %lld, \"solver_s\": %.6f, \"learn_s\": %.6f, "
                "\"intercept\": %.10f, \"learn_iterations\": %zu}\n",
                b.name.c_str(), static_cast<long long>(x.rows()), static_cast<long long>(x.cols()), solver, learn,
                intercept, iterations);
    std::fflush(stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const char* dump = nullptr;
    int repeats = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--dump") == 0 && i + 1 < argc) dump = argv[++i];
        else if (std::strcmp(argv[i], "--repeats") == 0 && i + 1 < argc) repeats = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: bench_fit [--dump DIR] [--repeats N]\n");
            return 2;
        }
    }
    if (int rc = run(telco_book(), dump, repeats)) return rc;
    return run(synthetic_book(1000000), dump, std::max(1, repeats / 2));
}
