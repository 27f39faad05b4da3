// The vitals tool: writing scored accounts as CSV, JSON or a table.
#pragma once

#include "vitals/io/account_reader.hpp"
#include "vitals/scorecard.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace vitals::cli {

/// Drivers reported per account.
inline constexpr std::size_t top_drivers = 3;

/// One chunk of scored accounts (the batch scorer's outputs for chunk.rows rows).
struct scored_chunk {
    const io::account_chunk& accounts;
    std::span<const double> score;
    std::span<const std::int32_t> band;
    std::span<const double> coverage;
    std::span<const std::int32_t> status;
    std::span<const std::int32_t> drivers;    ///< rows x top_drivers, -1 padded
    std::span<const double> points_lost;      ///< rows x measures; empty unless wants_points_lost()
};

/// Appends formatted rows to a string (the caller writes it out).
class score_writer {
public:
    virtual ~score_writer() = default;
    virtual void begin(std::string& out) = 0;
    virtual void rows(std::string& out, const scored_chunk& chunk) = 0;
    virtual void end(std::string& out) = 0;
    /// Whether rows() needs points lost per measure.
    [[nodiscard]] virtual bool wants_points_lost() const noexcept { return false; }
};

/// format: "csv", "json" or "table"; `color` only matters for the table.
[[nodiscard]] std::unique_ptr<score_writer> make_score_writer(std::string_view format, const scorecard& card, bool color);

/// The colour of a band for tables: by label (red, amber/orange/yellow, green), else by position.
[[nodiscard]] std::string_view band_color(const scorecard& card, int band);

}  // namespace vitals::cli
