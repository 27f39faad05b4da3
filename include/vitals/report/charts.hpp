// Vitals report — the three kinds of chart the report draws, as inline SVG (svg.hpp):
//
//   horizontal_bars   one bar per item (bands, measures): `g.bar[data-key][data-value]`
//   histogram         one bar per bin, empty bins too: `rect.bin[data-from][data-to][data-count]`
//   stacked_columns   one 100 % column per period, a segment per band: `rect.mix[data-period][data-band][data-count]`
//   curve_chart       one line per series over a 0-1 x 0-1 plot (ROC, precision-recall, calibration):
//                     `polyline.curve[data-series][data-points]` (data-points: the series' points
//                     before thinning to the drawing's resolution), a dashed reference line
//                     `line.reference`, markers `circle.marker[data-series][data-x][data-y][data-count]`
//                     where a series has them, and a legend `g.legend-item[data-series]`
//   grouped_columns   one group per category (risk decile), one column per series in it:
//                     `rect.group-column[data-series][data-group][data-value]`, and a dashed line
//                     `line.reference` at a value (lift 1)
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
#include <limits>
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

/// One line of curve_chart: points (x, y) in [0, 1], in drawing order. Each series has a colour
/// and a dash pattern of its own (series_style), so two lines never differ by colour alone.
struct series {
    std::string key;    ///< data-series
    std::string label;  ///< in the legend
    std::vector<double> x, y;
    rgb colour;
    std::string dash = "none";    ///< stroke-dasharray ("none" = solid)
    std::vector<std::uint64_t> counts;  ///< when not empty: a marker per point, its count in data-count and its tooltip
};

/// The colour and dash of series k: Okabe–Ito colours in an order that keeps the first ones apart
/// (blue, vermillion, bluish green, reddish purple, orange, sky blue, black), each with its own dash.
void series_style(std::size_t k, rgb& colour, std::string& dash);

struct curve_axes {
    std::string x_label, y_label;
    /// The dashed reference line, from (x0, y0) to (x1, y1) in data units, and its label ("chance").
    double x0 = 0, y0 = 0, x1 = 1, y1 = 1;
    std::string reference_label;
};

/// The curves over [0, 1] x [0, 1]; each polyline keeps only the points that move at least half a
/// pixel from the last one kept (and always its ends), so a curve of a million thresholds is a few
/// hundred points in the file.
void curve_chart(std::string& out, std::string_view id, std::string_view label, std::span<const series> lines,
                 const curve_axes& axes, double width = 460, double height = 420);

/// grouped_columns: values[s][g] is series s's value in group g (NaN draws nothing).
struct column_groups {
    std::vector<std::string> group_labels;        ///< under each group ("1" .. "10")
    std::string x_label, y_label;
    std::vector<std::string> series_keys, series_labels;
    std::vector<std::vector<double>> values;
    double reference = std::numeric_limits<double>::quiet_NaN();  ///< a dashed line at this value (NaN: none)
    std::string reference_label;
};

void grouped_columns(std::string& out, std::string_view id, std::string_view label, const column_groups& groups,
                     double width = 720, double height = 300);

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
