// Vitals report — the three kinds of chart the report draws, as inline SVG (svg.hpp):
//
//   horizontal_bars   one bar per item (bands, measures): `g.bar[data-key][data-value]`
//   histogram         one bar per bin, empty bins too: `rect.bin[data-from][data-to][data-count]`
//   stacked_columns   one 100 % column per period, a segment per band: `rect.mix[data-period][data-band][data-count]`
//   quadrant_chart    value (log scale) x score with the quadrant lines `line.quadrant-line` and a
//                     label per quadrant `text.quadrant-label[data-quadrant]`; each account a
//                     `circle.pt[data-band]` up to `max_points` accounts, else a binned density of
//                     `rect.cell[data-count]` (only the cells that hold accounts; the band's colour,
//                     darker with more accounts), so a book of a million accounts is a few thousand
//                     elements, not a million
//
// The classes and data attributes are the report's contract with its tests (and anyone who reads
// the page by program). Nothing here knows about accounts or sessions: the charts take plain
// numbers, labels and colours. Every label is escaped.
#pragma once

#include "vitals/report/palette.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vitals::report {

struct bar {
    std::string key;         ///< data-key (a band label, a measure name)
    std::string label;       ///< written left of the bar
    double value = 0.0;      ///< the bar's length (>= 0; NaN draws nothing)
    std::string value_text;  ///< written right of the bar
    rgb colour;
};

/// One bar per entry of `bars`, in order; the longest bar fills the width.
void horizontal_bars(std::string& out, std::string_view id, std::string_view label, std::span<const bar> bars,
                     double width = 720);

struct bin {
    double from = 0.0, to = 0.0;  ///< [from, to)
    std::uint64_t count = 0;
    rgb colour;
    std::string key;  ///< data-band (the band of the bin), may be empty
};

/// One rect per bin (height 0 for an empty one) over a common count axis; `x_label` names the axis.
void histogram(std::string& out, std::string_view id, std::string_view label, std::span<const bin> bins,
               std::string_view x_label, double width = 720, double height = 260);

/// One column of stacked_columns: a period and a count per segment.
struct column {
    std::string key;    ///< data-period
    std::string label;  ///< under the column
    std::vector<std::uint64_t> counts;  ///< per segment, bottom up
};

/// One column per entry, each split into its segments by share (segment k in colours[k], named
/// labels[k]; an empty segment draws nothing), with the share written in segments tall enough.
void stacked_columns(std::string& out, std::string_view id, std::string_view label, std::span<const column> columns,
                     std::span<const rgb> colours, std::span<const std::string> labels, double width = 720, double height = 300);

/// The value x health plot: per account its value and score (NaN, or a value <= 0, is not plotted:
/// the value axis is logarithmic) and a colour index into `colours`.
struct quadrant_plot {
    std::span<const double> value, score;
    std::span<const std::uint8_t> colour;
    std::span<const rgb> colours;               ///< the legend's colours ...
    std::span<const std::string> colour_labels; ///< ... and their labels
    /// The density colours each cell by the band its middle score falls in: colours[k] for scores
    /// in [cutoffs[k-1], cutoffs[k]) (the bands' cutoffs); empty: one neutral colour.
    std::span<const double> cutoffs;
    double value_cutoff = 0.0;      ///< high value is value >= it (no line when <= 0 or infinite)
    double health_threshold = 70.0; ///< healthy is score >= it
    /// Text per quadrant, in portfolio::quadrant order: committed, at_risk, growth_candidate, maintenance.
    std::array<std::string, 4> quadrant_text;
    std::string value_name = "ARR";
    std::size_t max_points = 5000;  ///< more plotted accounts than this: a density
    std::size_t columns = 64, rows = 40;  ///< the density's grid
};

struct plot_summary {
    std::size_t plotted = 0;      ///< accounts drawn (as points or counted in cells)
    std::size_t not_plotted = 0;  ///< no score, no value, or a value <= 0
    bool density = false;
    std::size_t cells = 0;        ///< density cells drawn (non-empty)
};

plot_summary quadrant_chart(std::string& out, std::string_view id, std::string_view label, const quadrant_plot& plot,
                            double width = 720, double height = 440);

/// A value for an axis or a label, compact: 950, 1.2k, 35k, 1.5M, 2G.
[[nodiscard]] std::string compact_number(double x);

}  // namespace vitals::report
