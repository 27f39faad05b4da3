// Vitals — bands: the traffic light (or any ordered labels) a score falls into.
#pragma once

#include "vitals/normalise/normaliser.hpp"  // problem

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vitals {
inline namespace v1 {

/// Ordered cutoffs on the 0-100 scale and one more label than cutoffs. A score s falls in band i
/// when cutoffs[i-1] <= s < cutoffs[i]: a score exactly at a cutoff belongs to the band above.
/// Default: red < 40 <= yellow < 70 <= green.
struct bands {
    std::vector<double> cutoffs{40.0, 70.0};
    std::vector<std::string> labels{"red", "yellow", "green"};

    /// The band index of no score (insufficient data).
    static constexpr int none = -1;

    /// The band index of a score; `none` for NaN.
    [[nodiscard]] int classify(double score) const noexcept {
        if (score != score) return none;
        int b = 0;
        for (double c : cutoffs) b += (score >= c) ? 1 : 0;
        return b;
    }

    /// The label of a band index; "no data" for `none` or an index out of range.
    [[nodiscard]] std::string_view label(int band) const noexcept {
        if (band < 0 || static_cast<std::size_t>(band) >= labels.size()) return "no data";
        return labels[static_cast<std::size_t>(band)];
    }

    /// Problems, as JSON pointers relative to the bands object.
    [[nodiscard]] std::vector<problem> validate() const {
        std::vector<problem> p;
        for (std::size_t i = 0; i < cutoffs.size(); ++i) {
            const std::string at = "/cutoffs/" + std::to_string(i);
            if (!(cutoffs[i] >= 0.0 && cutoffs[i] <= 100.0))
                p.push_back({at, "cutoffs must lie in [0, 100]"});
            else if (i > 0 && !(cutoffs[i] > cutoffs[i - 1]))
                p.push_back({at, "cutoffs must be strictly increasing"});
        }
        if (labels.size() != cutoffs.size() + 1)
            p.push_back({"/labels", "there must be one more label than cutoffs (" +
                                        std::to_string(cutoffs.size() + 1) + " expected, " +
                                        std::to_string(labels.size()) + " given)"});
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (labels[i].empty()) p.push_back({"/labels/" + std::to_string(i), "labels must not be empty"});
            for (std::size_t j = 0; j < i; ++j)
                if (!labels[i].empty() && labels[i] == labels[j])
                    p.push_back({"/labels/" + std::to_string(i), "duplicate label \"" + labels[i] + "\""});
        }
        return p;
    }

    friend bool operator==(const bands&, const bands&) = default;
};

}  // namespace v1
}  // namespace vitals
