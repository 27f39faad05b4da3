// Vitals — learned normalisers: monotone binning of a measure's raw values against churn.
//
// A categories measure (text levels) gets each level's sub-score from its churn rate instead
// (level_binning), on the same scale. For numeric measures, fits a `steps` normaliser (ranges with one sub-score each), so the scorecard stays a table a
// person can read and edit, and threshold effects ("four or more support calls") are captured:
//   1. quantile pre-bins: the present values, sorted, are cut into about `prebins` bins of equal
//      count; tied values never straddle a cut;
//   2. monotone merge: the bins' churn (event) rates are made monotone with the pool-adjacent-
//      violators algorithm, in whichever direction (rising or falling with the raw value) fits
//      the rates better (smaller count-weighted squared error); bins pooled together are merged;
//   3. size and readability: a bin with fewer than `min_share` of the accounts is merged into the
//      neighbour with the closer churn rate, then the closest neighbouring pair is merged until at
//      most `max_bins` remain (merging neighbours keeps the rates monotone);
//   4. sub-scores: the lowest churn rate scores 1, the highest 0, linearly in between (rounded to
//      3 decimals; rounding keeps the order): score_b = (r_max - r_b) / (r_max - r_min).
// Cutoffs are observed raw values (the lowest value of each bin but the first); a value exactly
// at a cutoff belongs to the bin above, as `steps` defines. Missing values are not binned (they
// stay missing when scored). A column whose bins all merge into one has no monotone relation
// with churn: `informative` is false and no normaliser is produced.
#pragma once

#include "vitals/error.hpp"
#include "vitals/model/labelled_frame.hpp"
#include "vitals/normalise/steps.hpp"
#include "vitals/scorecard.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <span>
#include <string>
#include <vector>

namespace vitals {
inline namespace v1 {
namespace model {

struct binning_options {
    std::size_t prebins = 20;   ///< quantile pre-bins (>= 2)
    double min_share = 0.05;    ///< smallest bin, as a share of the present values, in [0, 0.5]
    std::size_t max_bins = 6;   ///< at most this many ranges in the result (>= 2)
};

/// One range of a fitted binning.
struct bin {
    double lower = 0.0;        ///< lowest observed value in the bin
    double upper = 0.0;        ///< highest observed value in the bin
    double accounts = 0.0;
    double churned = 0.0;
    double churn_rate = 0.0;
    double woe = 0.0;          ///< weight of evidence ln(share of stayers / share of churners), 0.5 smoothed
    double information_value = 0.0;  ///< (share of stayers - share of churners) x woe, same smoothed shares; >= 0
    double score = 0.0;        ///< the sub-score it is given
};

struct binning_result {
    bool informative = false;      ///< false when no monotone relation was found (one bin)
    bool churn_rises = false;      ///< churn rate rises with the raw value
    std::vector<bin> bins;
    vitals::steps normaliser;      ///< empty cutoffs when not informative
    vitals::categories levels;     ///< level_binning (a categories measure): the levels with their learned sub-scores
    std::size_t present = 0;       ///< values binned (not NaN)
    double information_value = 0.0;  ///< sum of the bins' information values (0 for one bin)
};

/// Monotone binning of `x` (raw values, NaN = missing) against `labels` (0 / 1).
/// Errors: shape_mismatch, invalid_argument (bad labels or options, fewer than two present values).
[[nodiscard]] inline result<binning_result> monotone_binning(std::span<const double> x, std::span<const double> labels,
                                                             const binning_options& options = {}) {
    if (x.size() != labels.size())
        return fail(errc::shape_mismatch, "x: " + std::to_string(x.size()) + " values, labels: " + std::to_string(labels.size()));
    if (options.prebins < 2) return fail(errc::invalid_argument, "options.prebins: at least 2");
    if (options.max_bins < 2) return fail(errc::invalid_argument, "options.max_bins: at least 2");
    if (!(options.min_share >= 0.0 && options.min_share <= 0.5))
        return fail(errc::invalid_argument, "options.min_share: must lie in [0, 0.5]");
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!(labels[i] == 0.0 || labels[i] == 1.0))
            return fail(errc::invalid_argument, "labels[" + std::to_string(i) + "]: must be 0 or 1");
        if (x[i] == x[i]) idx.push_back(i);
    }
    binning_result r;
    r.present = idx.size();
    if (idx.size() < 2) return fail(errc::invalid_argument, "x: fewer than two present values");
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    const auto n = static_cast<double>(idx.size());

    // 1. pre-bins of about n / prebins values, cut only between distinct values
    struct work { double lo, hi, cnt, ev; };
    std::vector<work> b;
    const double target = n / static_cast<double>(options.prebins);
    for (std::size_t k = 0; k < idx.size();) {
        std::size_t e = k;  // the run of equal values starting at k
        while (e < idx.size() && x[idx[e]] == x[idx[k]]) ++e;
        double ev = 0.0;
        for (std::size_t q = k; q < e; ++q) ev += labels[idx[q]];
        const auto cnt = static_cast<double>(e - k);
        if (b.empty() || b.back().cnt >= target)
            b.push_back({x[idx[k]], x[idx[k]], cnt, ev});
        else {
            b.back().hi = x[idx[k]];
            b.back().cnt += cnt;
            b.back().ev += ev;
        }
        k = e;
    }
    const auto merge = [&](std::vector<work>& v, std::size_t i) {  // bin i absorbs bin i + 1
        v[i].hi = v[i + 1].hi;
        v[i].cnt += v[i + 1].cnt;
        v[i].ev += v[i + 1].ev;
        v.erase(v.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    };
    const auto rate = [](const work& w) { return w.ev / w.cnt; };

    // 2. pool adjacent violators, both directions; keep the better fit
    const auto pava = [&](bool rising) {
        std::vector<work> v = b;
        for (bool again = true; again;) {
            again = false;
            for (std::size_t i = 0; i + 1 < v.size(); ++i) {
                const bool bad = rising ? rate(v[i]) > rate(v[i + 1]) : rate(v[i]) < rate(v[i + 1]);
                if (bad || rate(v[i]) == rate(v[i + 1])) {
                    merge(v, i);
                    again = true;
                    break;
                }
            }
        }
        double sse = 0.0;  // count-weighted squared error of the pre-bins against the pooled rates
        std::size_t j = 0;
        for (const work& w : b) {
            while (w.lo > v[j].hi) ++j;
            const double d = rate(w) - rate(v[j]);
            sse += w.cnt * d * d;
        }
        return std::make_pair(v, sse);
    };
    auto [up, sse_up] = pava(true);
    auto [down, sse_down] = pava(false);
    r.churn_rises = sse_up <= sse_down;
    std::vector<work> v = r.churn_rises ? std::move(up) : std::move(down);

    // 3. minimum size, then at most max_bins: merge into the neighbour with the closer rate
    const double min_cnt = options.min_share * n;
    const auto closer_neighbour = [&](std::size_t i) {  // index of the left bin of the pair to merge
        if (i == 0) return std::size_t{0};
        if (i + 1 == v.size()) return i - 1;
        return std::abs(rate(v[i]) - rate(v[i - 1])) <= std::abs(rate(v[i + 1]) - rate(v[i])) ? i - 1 : i;
    };
    for (bool again = true; again && v.size() > 1;) {
        again = false;
        std::size_t smallest = 0;
        for (std::size_t i = 1; i < v.size(); ++i)
            if (v[i].cnt < v[smallest].cnt) smallest = i;
        if (v[smallest].cnt < min_cnt) {
            merge(v, closer_neighbour(smallest));
            again = true;
        }
    }
    while (v.size() > options.max_bins) {
        std::size_t best = 0;
        for (std::size_t i = 1; i + 1 < v.size(); ++i)
            if (std::abs(rate(v[i + 1]) - rate(v[i])) < std::abs(rate(v[best + 1]) - rate(v[best]))) best = i;
        merge(v, best);
    }

    // 4. sub-scores and the steps normaliser
    double rmin = rate(v[0]), rmax = rate(v[0]), E = 0.0;
    for (const work& w : v) {
        rmin = std::min(rmin, rate(w));
        rmax = std::max(rmax, rate(w));
        E += w.ev;
    }
    const double NE = n - E;
    for (const work& w : v) {
        bin o;
        o.lower = w.lo;
        o.upper = w.hi;
        o.accounts = w.cnt;
        o.churned = w.ev;
        o.churn_rate = rate(w);
        const double stay_share = (w.cnt - w.ev + 0.5) / (NE + 0.5), churn_share = (w.ev + 0.5) / (E + 0.5);
        o.woe = std::log(stay_share / churn_share);
        o.information_value = (stay_share - churn_share) * o.woe;
        o.score = rmax > rmin ? std::round(1000.0 * (rmax - o.churn_rate) / (rmax - rmin)) / 1000.0 : 1.0;
        r.bins.push_back(o);
    }
    r.informative = v.size() >= 2;
    if (r.informative)
        for (const bin& o : r.bins) r.information_value += o.information_value;
    if (r.informative) {
        for (std::size_t i = 1; i < r.bins.size(); ++i) r.normaliser.cutoffs.push_back(r.bins[i].lower);
        for (const bin& o : r.bins) r.normaliser.scores.push_back(o.score);
    }
    return r;
}

/// A categories measure's sub-scores learned from churn: one bin per level (lower = upper = the
/// level's code), its churn rate, weight of evidence and information value as monotone_binning
/// computes them, and the sub-score (r_max - r_level) / (r_max - r_min) rounded to 3 decimals (the
/// level with the lowest churn rate scores 1). A level no training account has keeps its old
/// sub-score and is not among the bins. `informative` is false when fewer than two levels are
/// present or all present levels have the same churn rate; then the normaliser is `levels` as given.
[[nodiscard]] inline result<binning_result> level_binning(std::span<const double> codes, std::span<const double> labels,
                                                          const categories& levels) {
    if (codes.size() != labels.size())
        return fail(errc::shape_mismatch, "x: " + std::to_string(codes.size()) + " values, labels: " + std::to_string(labels.size()));
    const std::size_t L = levels.levels.size();
    std::vector<double> cnt(L, 0.0), ev(L, 0.0);
    binning_result r;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        if (!(labels[i] == 0.0 || labels[i] == 1.0))
            return fail(errc::invalid_argument, "labels[" + std::to_string(i) + "]: must be 0 or 1");
        const double c = codes[i];
        if (!(c >= 0.0 && c < static_cast<double>(L) && c == std::floor(c))) continue;
        const auto l = static_cast<std::size_t>(c);
        cnt[l] += 1.0;
        ev[l] += labels[i];
        ++r.present;
    }
    double E = 0.0, N = 0.0, rmin = 1.0, rmax = 0.0;
    std::size_t seen = 0;
    for (std::size_t l = 0; l < L; ++l) {
        if (cnt[l] == 0.0) continue;
        ++seen;
        E += ev[l];
        N += cnt[l];
        rmin = std::min(rmin, ev[l] / cnt[l]);
        rmax = std::max(rmax, ev[l] / cnt[l]);
    }
    r.normaliser = {};
    r.levels = levels;
    r.informative = seen >= 2 && rmax > rmin;
    const double NE = N - E;
    for (std::size_t l = 0; l < L; ++l) {
        if (cnt[l] == 0.0) continue;
        bin o;
        o.lower = o.upper = static_cast<double>(l);
        o.accounts = cnt[l];
        o.churned = ev[l];
        o.churn_rate = ev[l] / cnt[l];
        const double stay_share = (cnt[l] - ev[l] + 0.5) / (NE + 0.5), churn_share = (ev[l] + 0.5) / (E + 0.5);
        o.woe = std::log(stay_share / churn_share);
        o.information_value = (stay_share - churn_share) * o.woe;
        o.score = r.informative ? std::round(1000.0 * (rmax - o.churn_rate) / (rmax - rmin)) / 1000.0 : levels.scores[l];
        if (r.informative) r.levels.scores[l] = o.score;
        r.bins.push_back(o);
    }
    if (r.informative)
        for (const bin& o : r.bins) r.information_value += o.information_value;
    r.churn_rises = false;
    return r;
}

/// One measure's outcome in fit_binning.
struct binned_measure {
    std::size_t measure = 0;
    std::string name;
    binning_result binning;
    bool replaced = false;  ///< false: not informative, the original normaliser was kept
};

struct binned_scorecard {
    scorecard card;
    std::vector<binned_measure> measures;  ///< one per measure of the scorecard
};

/// Replace every measure's normaliser with a monotone binning of its raw values against the
/// churn labels of `data` (the measure's input, or ratio, as the scorecard reads it). Weights are
/// left as they are (fit them afterwards, e.g. learn_weights). Measures whose binning is not
/// informative keep their normaliser and are reported (`replaced = false`).
[[nodiscard]] inline result<binned_scorecard> fit_binning(const scorecard& card, const labelled_frame& data,
                                                         const binning_options& options = {}) {
    VITALS_TRY(raw, raw_values(card, data));
    scorecard_spec spec = card.spec();
    std::vector<binned_measure> out;
    for (std::size_t m = 0; m < spec.measures.size(); ++m) {
        const auto col = raw.col(static_cast<Eigen::Index>(m));
        const std::span<const double> x(col.data(), static_cast<std::size_t>(col.size()));
        const auto* levels = spec.measures[m].normaliser.target<categories>();
        auto bm = levels ? level_binning(x, data.labels, *levels) : monotone_binning(x, data.labels, options);
        if (!bm) return fail(bm.error().code, "/measures/" + std::to_string(m) + " (" + spec.measures[m].name + "): " + bm.error().message);
        binned_measure b{m, spec.measures[m].name, std::move(bm).value(), false};
        if (b.binning.informative) {
            if (levels)
                spec.measures[m].normaliser = b.binning.levels;
            else
                spec.measures[m].normaliser = b.binning.normaliser;
            b.replaced = true;
        }
        out.push_back(std::move(b));
    }
    auto built = scorecard::build(std::move(spec));
    if (!built) return built.error();
    return binned_scorecard{std::move(built).value(), std::move(out)};
}

}  // namespace model
}  // namespace v1
}  // namespace vitals
