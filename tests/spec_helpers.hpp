// Small builders for scorecard specs, shared by the core test suites (tests only).
#pragma once

#include "vitals/vitals.hpp"

#include <string>
#include <utility>

namespace vitals_test {

inline vitals::measure make_measure(std::string name, vitals::input in, std::string group = "", double weight = 1.0,
                                    vitals::normaliser n = vitals::linear{0.0, 1.0}) {
    vitals::measure m;
    m.name = std::move(name);
    m.input = std::move(in);
    m.normaliser = std::move(n);
    m.weight = weight;
    m.group = std::move(group);
    return m;
}

inline vitals::group make_group(std::string name, double weight = 1.0, std::string parent = "",
                                vitals::aggregation agg = vitals::aggregation::mean) {
    vitals::group g;
    g.name = std::move(name);
    g.weight = weight;
    g.parent = std::move(parent);
    g.aggregation = agg;
    return g;
}

}  // namespace vitals_test
