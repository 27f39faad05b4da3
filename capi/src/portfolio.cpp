// libvitals — portfolio views: value x health quadrants, the prioritised list, parent / child
// roll-up (vitals/portfolio/*.hpp behind the C ABI).
#include "boundary.hpp"
#include "arguments.hpp"

#include "vitals/portfolio/band_proposal.hpp"
#include "vitals/portfolio/priority.hpp"
#include "vitals/portfolio/quadrant.hpp"
#include "vitals/portfolio/rollup.hpp"
#include "vitals/portfolio/stability.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using vitals::errc;
using vitals::fail;
using vitals::capi::guarded;
using namespace vitals::capi;
namespace pf = vitals::portfolio;

namespace {

// The sizes of the first released version of each versioned struct.

static_assert(VITALS_QUADRANT_COMMITTED == static_cast<int>(pf::quadrant::committed));
static_assert(VITALS_QUADRANT_AT_RISK == static_cast<int>(pf::quadrant::at_risk));
static_assert(VITALS_QUADRANT_GROWTH_CANDIDATE == static_cast<int>(pf::quadrant::growth_candidate));
static_assert(VITALS_QUADRANT_MAINTENANCE == static_cast<int>(pf::quadrant::maintenance));
static_assert(VITALS_QUADRANT_UNKNOWN == static_cast<int>(pf::quadrant::unknown));
static_assert(VITALS_QUADRANT_COUNT == pf::quadrant_count);
static_assert(VITALS_VALUE_TOP_REVENUE == static_cast<int>(pf::value_rule::kind::top_revenue));
static_assert(VITALS_VALUE_ARR_CUTOFF == static_cast<int>(pf::value_rule::kind::arr_cutoff));
static_assert(VITALS_NO_PARENT == pf::no_parent);
static_assert(VITALS_STABLE == static_cast<int>(pf::stability::stable));
static_assert(VITALS_MODERATE_SHIFT == static_cast<int>(pf::stability::moderate_shift));
static_assert(VITALS_SIGNIFICANT_SHIFT == static_cast<int>(pf::stability::significant_shift));

vitals::result<pf::value_rule> value_rule_of(std::int64_t kind, double percent, double cutoff, const char* name) {
    if (kind != VITALS_VALUE_TOP_REVENUE && kind != VITALS_VALUE_ARR_CUTOFF)
        return fail(errc::invalid_argument, std::string(name) + "->value_rule: " + std::to_string(kind) +
                                                " is not VITALS_VALUE_TOP_REVENUE (0) or VITALS_VALUE_ARR_CUTOFF (1)");
    const pf::value_rule rule = kind == VITALS_VALUE_ARR_CUTOFF ? pf::value_rule::arr_at_least(cutoff)
                                                                 : pf::value_rule::top_revenue(percent == 0.0 ? 50.0 : percent);
    // checked here, so that the message names the struct member ("rule->revenue_percent: ...")
    if (auto ok = rule.validate(); !ok) return fail(ok.error().code, std::string(name) + "->" + ok.error().message);
    return rule;
}

vitals::result<pf::quadrant_rule> quadrant_rule_of(const vitals_quadrant_rule* in) {
    pf::quadrant_rule rule;
    if (in == nullptr) return rule;
    VITALS_TRY(r, read_versioned(in, quadrant_rule_v1_size, "rule"));
    VITALS_TRY(v, value_rule_of(r.value_rule, r.revenue_percent, r.arr_cutoff, "rule"));
    rule.value = v;
    if (r.health_threshold_set != 0) rule.health_threshold = r.health_threshold;
    if (auto ok = rule.validate(); !ok) return fail(ok.error().code, "rule->" + ok.error().message);
    return rule;
}

vitals::result<std::vector<std::string_view>> views_of(const char* const* ids, std::size_t n, const char* name,
                                                       bool allow_null_entries) {
    std::vector<std::string_view> v;
    if (ids == nullptr) return v;
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (ids[i] == nullptr) {
            if (!allow_null_entries)
                return fail(errc::invalid_argument, std::string(name) + "[" + std::to_string(i) + "] is NULL");
            v.emplace_back();
        } else {
            v.emplace_back(ids[i]);
        }
    }
    return v;
}

}  // namespace

extern "C" {

VITALS_API const char* vitals_quadrant_label(int32_t quadrant) {
    if (quadrant < 0 || quadrant >= VITALS_QUADRANT_COUNT) return "";
    return pf::label(static_cast<pf::quadrant>(quadrant)).data();  // string literals: NUL-terminated
}

VITALS_API vitals_status vitals_scorecard_health_threshold(const vitals_scorecard* card, double* threshold) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        if (threshold == nullptr) return fail(errc::invalid_argument, "threshold: the out-pointer is NULL");
        VITALS_TRY(t, pf::health_threshold_of(vitals::capi::unwrap(card)->card.bands()));
        *threshold = t;
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_portfolio_classify(const double* arr, const double* score, int64_t n,
                                                   const vitals_quadrant_rule* rule, int32_t* quadrant,
                                                   int64_t quadrant_length, vitals_quadrant_summary* summary) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(count, count_arg(n, "n"));
        VITALS_TRY(a, input_span(arr, count, "arr"));
        VITALS_TRY(s, input_span(score, count, "score"));
        VITALS_TRY(r, quadrant_rule_of(rule));
        VITALS_TRY(q, output_array(quadrant, quadrant_length, count, "quadrant_length"));
        if (summary != nullptr) {
            VITALS_TRY(check_out_struct_size(summary, "summary"));
        }
        VITALS_TRY(sum, pf::classify(a, s, r, q));
        if (summary != nullptr) {
            vitals_quadrant_summary out{};
            for (std::size_t k = 0; k < pf::quadrant_count; ++k) {
                out.counts[k] = sum.counts[k];
                out.revenue[k] = sum.revenue[k];
            }
            out.total_revenue = sum.total_revenue;
            out.value_cutoff = sum.value_cutoff;
            out.health_threshold = sum.health_threshold;
            out.high_value = sum.high_value;
            write_out_struct(summary, out);
        }
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_portfolio_prioritise(const double* arr, const double* score, int64_t n,
                                                     const vitals_priority_options* options, int64_t* order,
                                                     double* at_risk, int64_t length,
                                                     vitals_priority_summary* summary) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(count, count_arg(n, "n"));
        VITALS_TRY(a, input_span(arr, count, "arr"));
        VITALS_TRY(s, input_span(score, count, "score"));
        pf::priority_options o;
        if (options != nullptr) {
            VITALS_TRY(in, read_versioned(options, priority_options_v1_size, "options"));
            o.limit = in.limit;
            o.high_value_only = in.high_value_only != 0;
            VITALS_TRY(v, value_rule_of(in.value_rule, in.revenue_percent, in.arr_cutoff, "options"));
            o.value = v;
        }
        if (o.limit < 0)
            return fail(errc::invalid_argument,
                        "options->limit: must be 0 (no limit) or positive, not " + std::to_string(o.limit));
        const auto need = static_cast<std::size_t>(pf::priority_capacity(n, o));
        if (order == nullptr && need > 0) return fail(errc::invalid_argument, "order is NULL");
        VITALS_TRY(ord, output_array(order, length, need, "length"));
        VITALS_TRY(risk, output_array(at_risk, length, need, "length"));
        if (summary != nullptr) {
            VITALS_TRY(check_out_struct_size(summary, "summary"));
        }
        VITALS_TRY(sum, pf::prioritise(a, s, o, ord, risk));
        if (summary != nullptr) {
            vitals_priority_summary out{};
            out.listed = sum.listed;
            out.eligible = sum.eligible;
            out.left_out = sum.left_out;
            out.value_cutoff = sum.value_cutoff;
            write_out_struct(summary, out);
        }
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_portfolio_resolve_parents(const char* const* ids, const char* const* parent_ids,
                                                          int64_t n, int64_t* parent, int64_t parent_length) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(count, count_arg(n, "n"));
        if (count > 0 && ids == nullptr) return fail(errc::invalid_argument, "ids is NULL");
        if (count > 0 && parent_ids == nullptr) return fail(errc::invalid_argument, "parent_ids is NULL");
        if (count > 0 && parent == nullptr) return fail(errc::invalid_argument, "parent is NULL");
        VITALS_TRY(p, output_array(parent, parent_length, count, "parent_length"));
        VITALS_TRY(id, views_of(ids, count, "ids", false));
        VITALS_TRY(pid, views_of(parent_ids, count, "parent_ids", true));
        return pf::resolve_parents(id, pid, p);
    });
}

VITALS_API vitals_status vitals_portfolio_roll_up(const double* arr, const double* score, const int64_t* parent,
                                                  int64_t n, const char* const* ids,
                                                  const vitals_rollup_output* output) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(count, count_arg(n, "n"));
        VITALS_TRY(a, input_span(arr, count, "arr"));
        VITALS_TRY(s, input_span(score, count, "score"));
        VITALS_TRY(p, input_span(parent, count, "parent"));
        if (output == nullptr) return fail(errc::invalid_argument, "output is NULL");
        VITALS_TRY(out, read_versioned(output, rollup_output_v1_size, "output"));
        VITALS_TRY(id, views_of(ids, count, "ids", false));
        pf::rollup_outputs o;
        VITALS_TRY(sc, output_array(out.score, out.score_length, count, "output->score_length"));
        VITALS_TRY(cv, output_array(out.coverage, out.coverage_length, count, "output->coverage_length"));
        VITALS_TRY(lv, output_array(out.leaves, out.leaves_length, count, "output->leaves_length"));
        VITALS_TRY(sl, output_array(out.scored_leaves, out.scored_leaves_length, count,
                                   "output->scored_leaves_length"));
        o.score = sc;
        o.coverage = cv;
        o.leaves = lv;
        o.scored_leaves = sl;
        return pf::roll_up(a, s, p, o, id);
    });
}

VITALS_API vitals_status vitals_population_stability(const double* expected, int64_t n_expected, const double* actual,
                                                     int64_t n_actual, int32_t bins, double* psi, int32_t* verdict) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(ne, count_arg(n_expected, "n_expected"));
        VITALS_TRY(na, count_arg(n_actual, "n_actual"));
        VITALS_TRY(e, input_span(expected, ne, "expected"));
        VITALS_TRY(a, input_span(actual, na, "actual"));
        if (psi == nullptr) return fail(errc::invalid_argument, "psi: the out-pointer is NULL");
        if (bins < 0 || bins == 1)
            return fail(errc::invalid_argument, "bins: " + std::to_string(bins) + " (at least 2; 0 for the default, 10)");
        auto r = pf::population_stability(e, a, bins == 0 ? 10 : static_cast<std::size_t>(bins));
        if (!r) return fail(r.error().code, r.error().message);
        *psi = r.value().psi;
        if (verdict != nullptr) *verdict = static_cast<int32_t>(r.value().verdict);
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_scorecard_propose_bands(const vitals_scorecard* card, const double* scores, int64_t n,
                                                        const double* target_share, int64_t n_targets, double* cutoffs,
                                                        int64_t cutoffs_length, int64_t* counts, int64_t counts_length) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (card == nullptr) return fail(errc::invalid_argument, "card is NULL");
        const vitals::bands& b = vitals::capi::unwrap(card)->card.bands();
        VITALS_TRY(count, count_arg(n, "n"));
        VITALS_TRY(s, input_span(scores, count, "scores"));
        VITALS_TRY(nt, count_arg(n_targets, "n_targets"));
        if (nt != b.labels.size())
            return fail(errc::shape_mismatch, "n_targets: " + std::to_string(nt) + " target shares for the card's " +
                                                  std::to_string(b.labels.size()) + " bands (one per band, NaN for none)");
        VITALS_TRY(t, input_span(target_share, nt, "target_share"));
        if (cutoffs == nullptr) return fail(errc::invalid_argument, "cutoffs is NULL");
        VITALS_TRY(cut, output_array(cutoffs, cutoffs_length, b.cutoffs.size(), "cutoffs_length"));
        VITALS_TRY(per_band, output_array(counts, counts_length, b.labels.size(), "counts_length"));
        auto r = pf::propose_bands(s, b, t);
        if (!r) return fail(r.error().code, r.error().message);
        std::copy(r.value().proposed.cutoffs.begin(), r.value().proposed.cutoffs.end(), cut.begin());
        for (std::size_t k = 0; k < per_band.size(); ++k) per_band[k] = static_cast<int64_t>(r.value().count_proposed[k]);
        return boost::outcome_v2::success();
    });
}

}  // extern "C"
