// docs/portfolio.md's C++ example: quadrants, the prioritised list, a roll-up and survey measures
// for eight accounts. Built and run by tests/CMakeLists.txt (test portfolio_example), which checks
// the output shown in docs/portfolio.md.
#include <vitals/portfolio.hpp>
#include <vitals/survey.hpp>

#include <cstdio>
#include <limits>
#include <string_view>
#include <vector>

int main() {
    namespace pf = vitals::portfolio;
    const double NaN = std::numeric_limits<double>::quiet_NaN();
    const std::vector<std::string_view> ids{"acme", "acme-eu", "acme-us", "beta", "gamma", "delta", "epsilon", "zeta"};
    const std::vector<std::string_view> parent_ids{"", "acme", "acme", "", "", "", "", ""};
    const std::vector<double> arr{0, 120000, 80000, 90000, 40000, 40000, 15000, NaN};
    const std::vector<double> score{NaN, 82.5, 41, 55, 91, 35, NaN, 60};

    // quadrants: top 50 % of revenue is high value, a score >= 70 (the default top band) is healthy
    std::vector<pf::quadrant> q(ids.size());
    auto summary = pf::classify(arr, score, pf::quadrant_rule{}, std::span<pf::quadrant>(q));
    if (!summary) return std::fprintf(stderr, "%s\n", summary.error().message.c_str()), 1;
    for (std::size_t i = 0; i < ids.size(); ++i)
        std::printf("%-8.*s %s\n", int(ids[i].size()), ids[i].data(), pf::label(q[i]).data());
    std::printf("high value: ARR >= %.0f (%lld accounts)\n", summary.value().value_cutoff,
                static_cast<long long>(summary.value().high_value));

    // the prioritised list: top 3 by revenue at risk
    pf::priority_options po;
    po.limit = 3;
    std::vector<std::int64_t> order(3);
    std::vector<double> at_risk(3);
    auto listed = pf::prioritise(arr, score, po, order, at_risk);
    if (!listed) return 1;
    for (std::int64_t k = 0; k < listed.value().listed; ++k)
        std::printf("%lld. %-8.*s %.0f at risk\n", static_cast<long long>(k + 1),
                    int(ids[order[k]].size()), ids[order[k]].data(), at_risk[k]);
    std::printf("left out (no ARR or no score): %lld\n", static_cast<long long>(listed.value().left_out));

    // roll-up
    std::vector<std::int64_t> parent(ids.size());
    if (!pf::resolve_parents(ids, parent_ids, parent)) return 1;
    std::vector<double> rolled(ids.size()), coverage(ids.size());
    if (!pf::roll_up(arr, score, parent, {rolled, coverage, {}, {}}, ids)) return 1;
    std::printf("acme rolled up: %.1f (coverage %.0f%%)\n", rolled[0], coverage[0] * 100);

    // surveys: one row per invited stakeholder
    const std::vector<std::int64_t> account{1, 1, 1, 1, 3, 3, 3, 3, 4, 4};
    std::vector<std::int32_t> role;
    for (const char* r : {"C-Suite", "vp", "manager", "user", "manager", "manager", "c_suite", "VP", "c_suite", "user"})
        role.push_back(static_cast<std::int32_t>(vitals::parse_role(r).value()));
    const std::vector<double> answer{9, 7, 10, NaN, 9, 10, NaN, NaN, NaN, NaN};
    std::vector<double> block(ids.size() * vitals::survey_column_count);
    auto out = vitals::survey_outputs::block(block, ids.size()).value();  // 8 columns, column-major
    if (!vitals::survey_measures(static_cast<std::int64_t>(ids.size()), {account, role, answer}, {}, out)) return 1;
    for (std::size_t i : {1u, 3u, 4u, 5u}) {
        std::printf("%-8.*s", int(ids[i].size()), ids[i].data());
        for (auto c : {vitals::survey_column::nps, vitals::survey_column::participation,
                       vitals::survey_column::senior_voices_missing})
            std::printf("  %s=%g", vitals::column_name(c).data(), out.column(c)[i]);
        std::printf("\n");
    }
}
