// The vitals tool: writing scored accounts as CSV, JSON or JSON Lines (the table: score_table.hpp).
#pragma once

#include "vitals/io/account_reader.hpp"
#include "vitals/override.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/scorecard_set.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace vitals::cli {

/// Drivers reported per account.
inline constexpr std::size_t top_drivers = 3;

struct chunk_results;

/// Which columns beyond the basic ones are written (each only when its source is there).
struct output_features {
    bool scorecard = false;   ///< a scorecard set: the card (segment label) of each account
    bool previous = false;    ///< --previous: score change and trend
    bool overrides = false;   ///< --overrides: the computed score and the override
    bool alerts = false;      ///< the scorecard declares alerts
    bool quadrant = false;    ///< the value column is there
    bool churn_probability = false;  ///< a card has a calibration (the last CSV column)
    bool unicode = false;     ///< table: trend arrows as ↑ → ↓ (else ^ = v)
};

/// Appends formatted rows to a string (the caller writes it out).
class score_writer {
public:
    virtual ~score_writer() = default;
    virtual void begin(std::string& out) = 0;
    virtual void rows(std::string& out, const chunk_results& chunk) = 0;
    virtual void end(std::string& out) = 0;
};

/// format: "csv", "json" or "jsonl" (JSON Lines: the json rows, one a line). `reader` (the accounts'
/// source) names the row of a text JSON cannot carry (not UTF-8: a failure, exit 2).
[[nodiscard]] std::unique_ptr<score_writer> make_score_writer(std::string_view format, const scorecard_set& set,
                                                              const override_book& book, const output_features& features,
                                                              const io::account_reader& reader);

/// The colour of a band for tables: by label (red, amber/orange/yellow, green), else by position.
[[nodiscard]] std::string_view band_color(const scorecard& card, int band);

/// The trend arrow of a score_direction value: unicode ↑ → ↓, or ASCII ^ = v; "" when unknown.
[[nodiscard]] std::string_view trend_arrow(std::int32_t direction, bool unicode);

}  // namespace vitals::cli
