// Vitals report — gathering a scored book for the report (see include/vitals/report/book_summary.hpp).
#include "vitals/report/book_summary.hpp"

#include "vitals/card_signals.hpp"
#include "vitals/portfolio/priority.hpp"
#include "vitals/portfolio/quadrant.hpp"
#include "vitals/score.hpp"

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <limits>
#include <utility>

namespace vitals::report {
namespace {

constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint8_t no_band = 255;

/// What ranks an account in the assessment list (portfolio::prioritise's order).
struct rank_key {
    double at_risk, value, score;
    std::uint64_t row;
};

/// a is assessed before b
bool before(const rank_key& a, const rank_key& b) noexcept {
    if (a.at_risk != b.at_risk) return a.at_risk > b.at_risk;
    if (a.value != b.value) return a.value > b.value;
    if (a.score != b.score) return a.score < b.score;
    return a.row < b.row;
}

rank_key key_of(const listed_account& a) noexcept { return {a.at_risk, a.value, a.score, a.row}; }

bool listed_before(const listed_account& a, const listed_account& b) noexcept { return before(key_of(a), key_of(b)); }

std::size_t bin_of(double x, double lo, double hi, std::size_t bins) noexcept {
    const double f = (x - lo) / (hi - lo) * static_cast<double>(bins);
    if (!(f > 0.0)) return 0;
    return std::min(bins - 1, static_cast<std::size_t>(f));
}

}  // namespace

book_summary::book_summary(const scorecard_set& set, const override_book* overrides, summary_options options)
    : set_(&set), overrides_(overrides), options_(options) {
    options_.score_bins = std::max<std::size_t>(1, options_.score_bins);
    options_.coverage_bins = std::max<std::size_t>(1, options_.coverage_bins);
    for (const scorecard& card : set.cards()) {
        std::vector<std::uint8_t> of;
        for (const std::string& l : card.bands().labels) {
            auto it = std::find(labels_.begin(), labels_.end(), l);
            if (it == labels_.end() && labels_.size() < no_band) it = labels_.insert(labels_.end(), l);
            of.push_back(it == labels_.end() ? no_band : static_cast<std::uint8_t>(it - labels_.begin()));
        }
        label_of_.push_back(std::move(of));
        std::vector<std::size_t> mo;
        for (const measure& m : card.measures()) {
            auto it = std::find_if(measures_.begin(), measures_.end(), [&](const measure_tally& t) { return t.name == m.name; });
            if (it == measures_.end()) it = measures_.insert(measures_.end(), measure_tally{m.name, 0.0, 0, 0});
            mo.push_back(static_cast<std::size_t>(it - measures_.begin()));
        }
        measure_of_.push_back(std::move(mo));
    }
    bands_.assign(labels_.size(), tally{});
    quadrants_.assign(portfolio::quadrant_count, tally{});
    score_bins_.assign(options_.score_bins, 0);
    coverage_bins_.assign(options_.coverage_bins, 0);
}

result<void> book_summary::add(const session_result& r, std::span<const std::string> ids) {
    const std::size_t n = r.rows, W = set_->max_measures(), K = n ? r.drivers.size() / n : 0;
    if (ids.size() < n)
        return fail(errc::shape_mismatch, "report: " + std::to_string(ids.size()) + " ids for " + std::to_string(n) + " rows");
    if (r.contributions.size() != n * W)
        return fail(errc::shape_mismatch, "report: the session result has no contributions (session_options::contributions)");
    if (!r.quadrant.empty()) has_quadrant_ = true;
    if (!r.direction.empty()) has_trend_ = true;
    if (!r.alerts.empty()) has_alerts_ = true;
    if (!earlier_rows_.empty())
        for (std::size_t i = 0; i < n; ++i)
            if (auto it = earlier_rows_.find(ids[i]); it != earlier_rows_.end())
                for (std::size_t k : it->second) earlier_seen_[k] = 1;
    values_.reserve(values_.size() + n);
    scores_.reserve(scores_.size() + n);
    band_index_.reserve(band_index_.size() + n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t row = accounts_ + i;
        const double value = r.value.empty() ? qnan : r.value[i];
        const bool ok = r.status[i] == static_cast<std::int32_t>(status::ok);
        const double score = ok ? r.score[i] : qnan;
        const auto card = static_cast<std::size_t>(std::max(0, r.card[i]));
        const bool known_value = !std::isnan(value);
        if (known_value) {
            has_value_ = true;
            total_revenue_ += value;
        }
        std::uint8_t band = no_band;
        if (ok && r.band[i] >= 0 && card < label_of_.size() && static_cast<std::size_t>(r.band[i]) < label_of_[card].size())
            band = label_of_[card][static_cast<std::size_t>(r.band[i])];
        tally& t = band == no_band ? no_data_ : bands_[band];
        ++t.accounts;
        if (known_value) t.revenue += value;
        if (!r.quadrant.empty()) {
            const auto q = static_cast<std::size_t>(std::clamp(r.quadrant[i], 0, static_cast<std::int32_t>(portfolio::quadrant_count - 1)));
            ++quadrants_[q].accounts;
            if (known_value) quadrants_[q].revenue += value;
        }
        values_.push_back(value);
        scores_.push_back(score);
        band_index_.push_back(band);
        if (!ok) continue;

        ++scored_;
        ++score_bins_[bin_of(score, 0.0, 100.0, score_bins_.size())];
        ++coverage_bins_[bin_of(r.coverage[i], 0.0, 1.0, coverage_bins_.size())];
        if (card < measure_of_.size())
            for (std::size_t m = 0; m < measure_of_[card].size() && m < W; ++m) {
                measure_tally& mt = measures_[measure_of_[card][m]];
                const double lost = r.points_lost[i * W + m], got = r.contributions[i * W + m];
                ++mt.scored;
                if (!std::isnan(lost)) mt.points_lost += lost;
                if (got + lost > 0.0) ++mt.with_data;
            }
        if (!known_value) continue;

        // the assessment list
        ++eligible_;
        const double at_risk = portfolio::revenue_at_risk(value, score);
        revenue_at_risk_ += at_risk;
        if (options_.top == 0) continue;
        const rank_key key{at_risk, value, score, row};
        if (heap_.size() == options_.top && !before(key, key_of(heap_.front()))) continue;
        listed_account a;
        a.row = row;
        a.id = ids[i];
        a.card = static_cast<std::int32_t>(card);
        a.band = r.band[i];
        a.score = score;
        a.value = value;
        a.at_risk = at_risk;
        a.coverage = r.coverage[i];
        a.direction = r.direction.empty() ? 2 : r.direction[i];
        a.change = r.change.empty() ? qnan : r.change[i];
        a.quadrant = r.quadrant.empty() ? static_cast<std::int32_t>(portfolio::quadrant::unknown) : r.quadrant[i];
        for (std::size_t k = 0; k < K; ++k)
            if (const std::int32_t d = r.drivers[i * K + k]; d >= 0) a.drivers.push_back(d);
        const std::size_t M = card < measure_of_.size() ? std::min(W, measure_of_[card].size()) : 0;
        a.contributions.assign(r.contributions.begin() + static_cast<std::ptrdiff_t>(i * W),
                               r.contributions.begin() + static_cast<std::ptrdiff_t>(i * W + M));
        a.points_lost.assign(r.points_lost.begin() + static_cast<std::ptrdiff_t>(i * W),
                             r.points_lost.begin() + static_cast<std::ptrdiff_t>(i * W + M));
        if (!r.inputs.empty() && card < set_->cards().size()) {  // for the path to green
            const std::size_t I = std::min(r.inputs_width, set_->cards()[card].inputs().size());
            a.inputs.assign(r.inputs.begin() + static_cast<std::ptrdiff_t>(i * r.inputs_width),
                            r.inputs.begin() + static_cast<std::ptrdiff_t>(i * r.inputs_width + I));
        }
        if (!r.alerts.empty())
            for (const raised_alert& al : r.alerts[i])
                a.alerts.push_back({std::string(al.name), std::string(al.reason), std::string(to_string(al.severity)), al.suppressed});
        if (overrides_ && !r.override_of.empty() && r.override_of[i] >= 0)
            for (const override_effect& e : r.overridden[static_cast<std::size_t>(r.override_of[i])].effects)
                a.overrides.push_back(describe_override(*overrides_, e));
        if (heap_.size() == options_.top) {
            std::pop_heap(heap_.begin(), heap_.end(), listed_before);
            heap_.back() = std::move(a);
        } else {
            heap_.push_back(std::move(a));
        }
        std::push_heap(heap_.begin(), heap_.end(), listed_before);
    }
    accounts_ += n;
    return boost::outcome_v2::success();
}

result<void> book_summary::set_earlier(previous_rows earlier) {
    if (earlier.periods.size() != earlier.ids.size() || earlier.scores.size() != earlier.ids.size())
        return fail(errc::shape_mismatch, earlier.source + ": " + std::to_string(earlier.ids.size()) + " ids, " +
                                              std::to_string(earlier.periods.size()) + " periods, " +
                                              std::to_string(earlier.scores.size()) + " scores");
    earlier_ = std::move(earlier);
    earlier_rows_.clear();
    for (std::size_t k = 0; k < earlier_.ids.size(); ++k) earlier_rows_[earlier_.ids[k]].push_back(k);
    earlier_seen_.assign(earlier_.ids.size(), 0);
    return boost::outcome_v2::success();
}

std::vector<period_mix> book_summary::band_mix() const {
    std::vector<std::string> periods;
    for (std::size_t k = 0; k < earlier_.ids.size(); ++k)
        if (earlier_seen_[k]) periods.push_back(earlier_.periods[k]);
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    const auto as_number = [](const std::string& p, double& x) {
        char* end = nullptr;
        x = std::strtod(p.c_str(), &end);
        return !p.empty() && end == p.c_str() + p.size();
    };
    double x = 0.0;
    if (std::all_of(periods.begin(), periods.end(), [&](const std::string& p) { return as_number(p, x); }))
        std::stable_sort(periods.begin(), periods.end(), [&](const std::string& a, const std::string& b) {
            double xa = 0.0, xb = 0.0;
            as_number(a, xa);
            as_number(b, xb);
            return xa < xb;
        });
    std::vector<period_mix> mix(periods.size());
    for (std::size_t p = 0; p < periods.size(); ++p) {
        mix[p].period = periods[p];
        mix[p].counts.assign(labels_.size(), 0);
    }
    const vitals::bands& first = set_->cards()[0].bands();
    for (std::size_t k = 0; k < earlier_.ids.size(); ++k) {
        if (!earlier_seen_[k]) continue;
        const auto p = static_cast<std::size_t>(std::find(periods.begin(), periods.end(), earlier_.periods[k]) - periods.begin());
        const int b = first.classify(earlier_.scores[k]);
        const std::uint8_t l = b < 0 ? no_band : label_of_[0][static_cast<std::size_t>(b)];
        if (l == no_band) ++mix[p].no_data;
        else ++mix[p].counts[l];
    }
    return mix;
}

std::vector<listed_account> book_summary::assessment_list() const {
    std::vector<listed_account> list = heap_;
    std::sort(list.begin(), list.end(), listed_before);
    return list;
}

}  // namespace vitals::report
