// Vitals report — bars, histograms and the quadrant chart as SVG (see include/vitals/report/charts.hpp).
#include "vitals/report/charts.hpp"

#include "vitals/report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace vitals::report {

using svg::num;

std::string compact_number(double x) {
    if (!std::isfinite(x)) return "-";
    const double a = std::fabs(x);
    const auto with = [&](double unit, const char* suffix) {
        const double v = x / unit;
        return num(v, std::fabs(v) < 10.0 ? 1 : 0) + suffix;
    };
    if (a >= 1e9) return with(1e9, "G");
    if (a >= 1e6) return with(1e6, "M");
    if (a >= 1e3) return with(1e3, "k");
    return num(x, a < 10.0 ? 1 : 0);
}

void horizontal_bars(std::string& out, std::string_view id, std::string_view label, std::span<const bar> bars, double width) {
    constexpr double label_w = 190.0, value_w = 150.0, row_h = 24.0, pad = 6.0;
    const double area = std::max(40.0, width - label_w - value_w);
    const double height = row_h * static_cast<double>(bars.size()) + 2 * pad;
    double longest = 0.0;
    for (const bar& b : bars)
        if (b.value > longest) longest = b.value;
    svg::open(out, id, width, height, label);
    for (std::size_t k = 0; k < bars.size(); ++k) {
        const bar& b = bars[k];
        const double y = pad + row_h * static_cast<double>(k);
        const double w = longest > 0.0 && b.value > 0.0 ? area * b.value / longest : 0.0;
        svg::open_group(out, {{"class", "bar"}, {"data-key", b.key}, {"data-value", num(b.value, 6)}});
        svg::text(out, label_w - 8.0, y + row_h * 0.68, b.label, {{"class", "bar-label"}, {"text-anchor", "end"}});
        svg::element(out, "rect",
                     {{"x", num(label_w)}, {"y", num(y + 3.0)}, {"width", num(w)}, {"height", num(row_h - 6.0)},
                      {"fill", hex(b.colour)}},
                     b.label + ": " + b.value_text);
        svg::text(out, label_w + w + 6.0, y + row_h * 0.68, b.value_text, {{"class", "bar-value"}});
        svg::close_group(out);
    }
    svg::close(out);
}

void histogram(std::string& out, std::string_view id, std::string_view label, std::span<const bin> bins,
               std::string_view x_label, double width, double height) {
    constexpr double left = 56.0, right = 12.0, top = 12.0, bottom = 44.0;
    const double w = width - left - right, h = height - top - bottom;
    std::uint64_t most = 0;
    for (const bin& b : bins) most = std::max(most, b.count);
    const double lo = bins.empty() ? 0.0 : bins.front().from, hi = bins.empty() ? 1.0 : bins.back().to;
    const auto x_of = [&](double v) { return left + (hi > lo ? (v - lo) / (hi - lo) : 0.0) * w; };
    svg::open(out, id, width, height, label);
    // the count axis: 0 and the largest bin
    svg::element(out, "line", {{"class", "axis"}, {"x1", num(left)}, {"y1", num(top + h)}, {"x2", num(left + w)}, {"y2", num(top + h)}});
    svg::element(out, "line", {{"class", "axis"}, {"x1", num(left)}, {"y1", num(top)}, {"x2", num(left)}, {"y2", num(top + h)}});
    svg::text(out, left - 6.0, top + h, "0", {{"class", "tick"}, {"text-anchor", "end"}});
    svg::text(out, left - 6.0, top + 10.0, compact_number(static_cast<double>(most)), {{"class", "tick"}, {"text-anchor", "end"}});
    svg::open_group(out, {{"class", "bins"}});
    for (const bin& b : bins) {
        const double bh = most ? h * static_cast<double>(b.count) / static_cast<double>(most) : 0.0;
        const double x0 = x_of(b.from), x1 = x_of(b.to);
        svg::element(out, "rect",
                     {{"class", "bin"},
                      {"x", num(x0 + 0.5)},
                      {"y", num(top + h - bh)},
                      {"width", num(std::max(0.0, x1 - x0 - 1.0))},
                      {"height", num(bh)},
                      {"fill", hex(b.colour)},
                      {"data-from", num(b.from, 6)},
                      {"data-to", num(b.to, 6)},
                      {"data-count", std::to_string(b.count)},
                      {"data-band", b.key}},
                     num(b.from, 2) + " to " + num(b.to, 2) + ": " + std::to_string(b.count) + " accounts" +
                         (b.key.empty() ? "" : " (" + b.key + ")"));
    }
    svg::close_group(out);
    // bin edges as ticks, at most about ten
    const std::size_t step = std::max<std::size_t>(1, (bins.size() + 9) / 10);
    for (std::size_t k = 0; k <= bins.size(); k += step) {
        const double v = k < bins.size() ? bins[k].from : hi;
        svg::text(out, x_of(v), top + h + 16.0, num(v, 2), {{"class", "tick"}, {"text-anchor", "middle"}});
    }
    svg::text(out, left + w / 2.0, height - 6.0, x_label, {{"class", "axis-label"}, {"text-anchor", "middle"}});
    svg::close(out);
}

void stacked_columns(std::string& out, std::string_view id, std::string_view label, std::span<const column> columns,
                     std::span<const rgb> colours, std::span<const std::string> labels, double width, double height) {
    constexpr double left = 40.0, right = 12.0, top = 10.0, bottom = 56.0;
    const double w = width - left - right, h = height - top - bottom;
    const double slot = columns.empty() ? w : w / static_cast<double>(columns.size());
    const double cw = std::min(90.0, slot * 0.7);
    svg::open(out, id, width, height, label);
    for (int pct = 0; pct <= 100; pct += 25) {
        const double y = top + h - h * pct / 100.0;
        svg::element(out, "line", {{"class", "grid"}, {"x1", num(left)}, {"y1", num(y)}, {"x2", num(left + w)}, {"y2", num(y)}});
        svg::text(out, left - 6.0, y + 4.0, std::to_string(pct) + "%", {{"class", "tick"}, {"text-anchor", "end"}});
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const column& col = columns[c];
        std::uint64_t total = 0;
        for (std::uint64_t k : col.counts) total += k;
        const double x = left + slot * static_cast<double>(c) + (slot - cw) / 2.0;
        svg::open_group(out, {{"class", "mix-column"}, {"data-period", col.key}, {"data-accounts", std::to_string(total)}});
        double y = top + h;
        for (std::size_t k = 0; k < col.counts.size(); ++k) {
            if (col.counts[k] == 0 || total == 0) continue;
            const double share = static_cast<double>(col.counts[k]) / static_cast<double>(total);
            const double sh = h * share;
            y -= sh;
            const std::string name = k < labels.size() ? labels[k] : std::string();
            svg::element(out, "rect",
                         {{"class", "mix"}, {"x", num(x)}, {"y", num(y)}, {"width", num(cw)}, {"height", num(sh)},
                          {"fill", hex(k < colours.size() ? colours[k] : no_data_colour())}, {"data-period", col.key},
                          {"data-band", name}, {"data-count", std::to_string(col.counts[k])}},
                         col.label + ": " + name + " " + std::to_string(col.counts[k]) + " (" + num(100.0 * share, 1) + "%)");
            if (sh >= 15.0)
                svg::text(out, x + cw / 2.0, y + sh / 2.0 + 4.0, num(100.0 * share, 0) + "%",
                          {{"class", "mix-share"}, {"text-anchor", "middle"}});
        }
        svg::text(out, x + cw / 2.0, top + h + 16.0, col.label, {{"class", "tick"}, {"text-anchor", "middle"}});
        svg::close_group(out);
    }
    double lx = left;
    for (std::size_t k = labels.size(); k-- > 0;) {
        svg::open_group(out, {{"class", "legend-item"}, {"data-band", labels[k]}});
        svg::element(out, "rect", {{"x", num(lx)}, {"y", num(height - 20.0)}, {"width", "10"}, {"height", "10"},
                                   {"fill", hex(k < colours.size() ? colours[k] : no_data_colour())}});
        svg::text(out, lx + 14.0, height - 11.0, labels[k], {{"class", "legend"}});
        svg::close_group(out);
        lx += 26.0 + 7.0 * static_cast<double>(labels[k].size());
    }
    svg::close(out);
}

plot_summary quadrant_chart(std::string& out, std::string_view id, std::string_view label, const quadrant_plot& p,
                            double width, double height) {
    constexpr double left = 56.0, right = 16.0, top = 16.0, bottom = 64.0;
    const double w = width - left - right, h = height - top - bottom;
    plot_summary s;
    const std::size_t n = std::min(p.value.size(), p.score.size());
    double vmin = std::numeric_limits<double>::infinity(), vmax = 0.0;
    const auto plottable = [&](std::size_t i) { return p.value[i] > 0.0 && std::isfinite(p.value[i]) && !std::isnan(p.score[i]); };
    for (std::size_t i = 0; i < n; ++i) {
        if (!plottable(i)) {
            ++s.not_plotted;
            continue;
        }
        ++s.plotted;
        vmin = std::min(vmin, p.value[i]);
        vmax = std::max(vmax, p.value[i]);
    }
    if (s.plotted == 0) vmin = 1.0, vmax = 10.0;
    double lo = std::floor(std::log10(vmin)), hi = std::ceil(std::log10(vmax));
    if (hi <= lo) hi = lo + 1.0;
    const auto x_of = [&](double v) { return left + std::clamp((std::log10(v) - lo) / (hi - lo), 0.0, 1.0) * w; };
    const auto y_of = [&](double score) { return top + (100.0 - std::clamp(score, 0.0, 100.0)) / 100.0 * h; };

    svg::open(out, id, width, height, label);
    svg::element(out, "rect", {{"class", "plot-area"}, {"x", num(left)}, {"y", num(top)}, {"width", num(w)}, {"height", num(h)}});
    // value ticks at the powers of ten, score ticks every 20
    for (double e = lo; e <= hi; e += 1.0) {
        const double x = left + (e - lo) / (hi - lo) * w;
        svg::element(out, "line", {{"class", "grid"}, {"x1", num(x)}, {"y1", num(top)}, {"x2", num(x)}, {"y2", num(top + h)}});
        svg::text(out, x, top + h + 16.0, compact_number(std::pow(10.0, e)), {{"class", "tick"}, {"text-anchor", "middle"}});
    }
    for (int sc = 0; sc <= 100; sc += 20) {
        const double y = y_of(sc);
        svg::element(out, "line", {{"class", "grid"}, {"x1", num(left)}, {"y1", num(y)}, {"x2", num(left + w)}, {"y2", num(y)}});
        svg::text(out, left - 6.0, y + 4.0, std::to_string(sc), {{"class", "tick"}, {"text-anchor", "end"}});
    }
    svg::text(out, left + w / 2.0, top + h + 36.0, p.value_name + " (log scale)", {{"class", "axis-label"}, {"text-anchor", "middle"}});
    svg::text(out, 14.0, top + h / 2.0, "score",
              {{"class", "axis-label"}, {"text-anchor", "middle"}, {"transform", "rotate(-90 14 " + num(top + h / 2.0) + ")"}});

    s.density = s.plotted > p.max_points;
    if (!s.density) {
        svg::open_group(out, {{"class", "points"}});
        for (std::size_t i = 0; i < n; ++i) {
            if (!plottable(i)) continue;
            const std::size_t c = i < p.colour.size() ? p.colour[i] : 0;
            const bool known = c < p.colours.size();
            svg::element(out, "circle",
                         {{"class", "pt"},
                          {"cx", num(x_of(p.value[i]))},
                          {"cy", num(y_of(p.score[i]))},
                          {"r", "3"},
                          {"fill", hex(known ? p.colours[c] : no_data_colour())},
                          {"data-band", known && c < p.colour_labels.size() ? p.colour_labels[c] : std::string()}});
        }
        svg::close_group(out);
    } else {
        const std::size_t C = std::max<std::size_t>(1, p.columns), R = std::max<std::size_t>(1, p.rows);
        std::vector<std::uint64_t> cells(C * R, 0);
        for (std::size_t i = 0; i < n; ++i) {
            if (!plottable(i)) continue;
            const double fx = std::clamp((std::log10(p.value[i]) - lo) / (hi - lo), 0.0, 1.0);
            const double fy = std::clamp(p.score[i] / 100.0, 0.0, 1.0);
            const auto cx = std::min(C - 1, static_cast<std::size_t>(fx * static_cast<double>(C)));
            const auto cy = std::min(R - 1, static_cast<std::size_t>(fy * static_cast<double>(R)));
            ++cells[cy * C + cx];
        }
        std::uint64_t most = 0;
        for (std::uint64_t c : cells) most = std::max(most, c);
        const double cw = w / static_cast<double>(C), ch = h / static_cast<double>(R);
        const bool by_band = !p.cutoffs.empty() && p.colours.size() > p.cutoffs.size();
        svg::open_group(out, {{"class", "density"}, {"data-columns", std::to_string(C)}, {"data-rows", std::to_string(R)},
                              {"shape-rendering", "crispEdges"}});
        for (std::size_t cy = 0; cy < R; ++cy)
            for (std::size_t cx = 0; cx < C; ++cx) {
                const std::uint64_t c = cells[cy * C + cx];
                if (c == 0) continue;
                ++s.cells;
                // darker with more: the square root of the share of the fullest cell
                const double opacity = 0.1 + 0.9 * std::sqrt(static_cast<double>(c) / static_cast<double>(most));
                const double v0 = std::pow(10.0, lo + (hi - lo) * static_cast<double>(cx) / static_cast<double>(C));
                const double v1 = std::pow(10.0, lo + (hi - lo) * static_cast<double>(cx + 1) / static_cast<double>(C));
                const double s0 = 100.0 * static_cast<double>(cy) / static_cast<double>(R);
                std::size_t band = 0;
                for (double cut : p.cutoffs) band += s0 + 50.0 / static_cast<double>(R) >= cut ? 1 : 0;
                const std::string fill = hex(by_band ? p.colours[band] : neutral_colour());
                svg::element(out, "rect",
                             {{"class", "cell"},
                              {"x", num(left + cw * static_cast<double>(cx))},
                              {"y", num(top + h - ch * static_cast<double>(cy + 1))},
                              {"width", num(cw + 0.3)},
                              {"height", num(ch + 0.3)},
                              {"fill", fill},
                              {"fill-opacity", num(opacity, 2)},
                              {"data-count", std::to_string(c)},
                              {"data-band", by_band && band < p.colour_labels.size() ? p.colour_labels[band] : std::string()}},
                             std::to_string(c) + " accounts: " + p.value_name + " " + compact_number(v0) + " to " +
                                 compact_number(v1) + ", score " + num(s0) + " to " + num(s0 + 100.0 / static_cast<double>(R)));
            }
        svg::close_group(out);
    }

    // the quadrant lines and labels
    const bool value_line = p.value_cutoff > 0.0 && std::isfinite(p.value_cutoff);
    const double xv = value_line ? x_of(p.value_cutoff) : left + w;
    const double yh = y_of(p.health_threshold);
    if (value_line)
        svg::element(out, "line",
                     {{"class", "quadrant-line"}, {"data-line", "value"}, {"data-at", num(p.value_cutoff, 6)},
                      {"x1", num(xv)}, {"y1", num(top)}, {"x2", num(xv)}, {"y2", num(top + h)}},
                     "high value: " + p.value_name + " >= " + compact_number(p.value_cutoff));
    svg::element(out, "line",
                 {{"class", "quadrant-line"}, {"data-line", "health"}, {"data-at", num(p.health_threshold, 6)},
                  {"x1", num(left)}, {"y1", num(yh)}, {"x2", num(left + w)}, {"y2", num(yh)}},
                 "healthy: score >= " + num(p.health_threshold));
    static constexpr std::array<const char*, 4> keys{"committed", "at_risk", "growth_candidate", "maintenance"};
    // committed top right, at risk bottom right, growth candidate top left, maintenance bottom left
    for (std::size_t q = 0; q < 4; ++q) {
        const bool right_side = q < 2, upper = q == 0 || q == 2;
        const double x = right_side ? left + w - 6.0 : left + 6.0;
        const double y = upper ? top + 16.0 : top + h - 8.0;
        svg::text(out, x, y, p.quadrant_text[q],
                  {{"class", "quadrant-label"}, {"data-quadrant", keys[q]}, {"text-anchor", right_side ? "end" : "start"}});
    }
    // the legend: the band colours (points) or the density's meaning
    double lx = left;
    const double ly = height - 12.0;
    {
        for (std::size_t c = 0; c < p.colours.size() && c < p.colour_labels.size(); ++c) {
            svg::open_group(out, {{"class", "legend-item"}, {"data-band", p.colour_labels[c]}});
            svg::element(out, "circle", {{"cx", num(lx + 5.0)}, {"cy", num(ly - 4.0)}, {"r", "5"}, {"fill", hex(p.colours[c])}});
            svg::text(out, lx + 14.0, ly, p.colour_labels[c], {{"class", "legend"}});
            svg::close_group(out);
            lx += 24.0 + 8.0 * static_cast<double>(p.colour_labels[c].size());
        }
        if (s.density)
            svg::text(out, lx + 8.0, ly, "each cell: the accounts in it (darker: more; hover for the count)", {{"class", "legend"}});
    }
    svg::close(out);
    return s;
}

void series_style(std::size_t k, rgb& colour, std::string& dash) {
    static constexpr rgb colours[] = {{0x00, 0x72, 0xb2}, {0xd5, 0x5e, 0x00}, {0x00, 0x9e, 0x73}, {0xcc, 0x79, 0xa7},
                                      {0xe6, 0x9f, 0x00}, {0x56, 0xb4, 0xe9}, {0x00, 0x00, 0x00}};
    static constexpr const char* dashes[] = {"none", "7 3", "2 3", "9 3 2 3", "4 4", "12 4", "1 2"};
    colour = colours[k % 7];
    dash = dashes[k % 7];
}

namespace {

/// The series' legend under a chart: a short line in its colour and dash, then its label.
void series_legend(std::string& out, std::span<const std::string> keys, std::span<const std::string> labels, double x, double y) {
    for (std::size_t k = 0; k < keys.size(); ++k) {
        rgb c;
        std::string dash;
        series_style(k, c, dash);
        svg::open_group(out, {{"class", "legend-item"}, {"data-series", keys[k]}});
        svg::element(out, "line", {{"x1", num(x)}, {"y1", num(y - 4.0)}, {"x2", num(x + 22.0)}, {"y2", num(y - 4.0)},
                                   {"stroke", hex(c)}, {"stroke-width", "2.5"}, {"stroke-dasharray", dash}});
        svg::text(out, x + 27.0, y, k < labels.size() ? labels[k] : keys[k], {{"class", "legend"}});
        svg::close_group(out);
        y += 16.0;
    }
}

}  // namespace

void curve_chart(std::string& out, std::string_view id, std::string_view label, std::span<const series> lines,
                 const curve_axes& axes, double width, double height) {
    constexpr double left = 52.0, right = 14.0, top = 12.0;
    const double bottom = 44.0 + 16.0 * static_cast<double>(lines.size());
    const double w = width - left - right, h = height - top - bottom;
    const auto px = [&](double x) { return left + std::clamp(x, 0.0, 1.0) * w; };
    const auto py = [&](double y) { return top + h - std::clamp(y, 0.0, 1.0) * h; };
    svg::open(out, id, width, height, label);
    svg::element(out, "rect", {{"class", "plot-area"}, {"x", num(left)}, {"y", num(top)}, {"width", num(w)}, {"height", num(h)}});
    for (int t = 0; t <= 4; ++t) {
        const double v = t / 4.0;
        svg::element(out, "line", {{"class", "grid"}, {"x1", num(px(v))}, {"y1", num(top)}, {"x2", num(px(v))}, {"y2", num(top + h)}});
        svg::element(out, "line", {{"class", "grid"}, {"x1", num(left)}, {"y1", num(py(v))}, {"x2", num(left + w)}, {"y2", num(py(v))}});
        svg::text(out, px(v), top + h + 14.0, num(v, 2), {{"class", "tick"}, {"text-anchor", "middle"}});
        svg::text(out, left - 6.0, py(v) + 4.0, num(v, 2), {{"class", "tick"}, {"text-anchor", "end"}});
    }
    svg::text(out, left + w / 2.0, top + h + 30.0, axes.x_label, {{"class", "tick"}, {"text-anchor", "middle"}});
    svg::text(out, 12.0, top + h / 2.0, axes.y_label,
              {{"class", "tick"}, {"text-anchor", "middle"}, {"transform", "rotate(-90 12 " + num(top + h / 2.0) + ")"}});
    svg::element(out, "line", {{"class", "reference"}, {"x1", num(px(axes.x0))}, {"y1", num(py(axes.y0))}, {"x2", num(px(axes.x1))},
                               {"y2", num(py(axes.y1))}, {"stroke", "#777"}, {"stroke-dasharray", "5 4"}},
                 axes.reference_label);
    std::vector<std::string> keys, labels;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const series& s = lines[k];
        keys.push_back(s.key);
        labels.push_back(s.label);
        std::string points;
        double lx = std::numeric_limits<double>::quiet_NaN(), ly = lx;
        const std::size_t n = std::min(s.x.size(), s.y.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
            const double x = px(s.x[i]), y = py(s.y[i]);
            const bool last = i + 1 == n;
            if (!last && std::fabs(x - lx) < 0.5 && std::fabs(y - ly) < 0.5) continue;
            if (!points.empty()) points += ' ';
            points += num(x) + "," + num(y);
            lx = x;
            ly = y;
        }
        svg::element(out, "polyline",
                     {{"class", "curve"}, {"data-series", s.key}, {"data-points", std::to_string(n)}, {"points", points},
                      {"fill", "none"}, {"stroke", hex(s.colour)}, {"stroke-width", "2.2"}, {"stroke-dasharray", s.dash}},
                     s.label);
        for (std::size_t i = 0; i < s.counts.size() && i < n; ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
            svg::element(out, "circle",
                         {{"class", "marker"}, {"data-series", s.key}, {"data-x", num(s.x[i], 6)}, {"data-y", num(s.y[i], 6)},
                          {"data-count", std::to_string(s.counts[i])}, {"cx", num(px(s.x[i]))}, {"cy", num(py(s.y[i]))},
                          {"r", "3.5"}, {"fill", hex(s.colour)}},
                         s.label + ": predicted " + num(100.0 * s.x[i], 1) + "%, observed " + num(100.0 * s.y[i], 1) + "% (" +
                             std::to_string(s.counts[i]) + " accounts)");
        }
    }
    series_legend(out, keys, labels, left, top + h + 52.0);
    svg::close(out);
}

void grouped_columns(std::string& out, std::string_view id, std::string_view label, const column_groups& g, double width,
                     double height) {
    constexpr double left = 52.0, right = 12.0, top = 12.0;
    const std::size_t ns = g.values.size();
    const double bottom = 44.0 + 16.0 * static_cast<double>(ns);
    const double w = width - left - right, h = height - top - bottom;
    double most = 0.0;
    for (const auto& v : g.values)
        for (double x : v)
            if (std::isfinite(x)) most = std::max(most, x);
    if (std::isfinite(g.reference)) most = std::max(most, g.reference);
    if (!(most > 0.0)) most = 1.0;
    const auto py = [&](double v) { return top + h - h * v / most; };
    const std::size_t groups = g.group_labels.size();
    const double slot = groups ? w / static_cast<double>(groups) : w;
    const double cw = ns ? slot * 0.8 / static_cast<double>(ns) : 0.0;
    svg::open(out, id, width, height, label);
    svg::element(out, "line", {{"class", "axis"}, {"x1", num(left)}, {"y1", num(top + h)}, {"x2", num(left + w)}, {"y2", num(top + h)}});
    svg::text(out, left - 6.0, top + h + 4.0, "0", {{"class", "tick"}, {"text-anchor", "end"}});
    svg::text(out, left - 6.0, top + 10.0, num(most, 1), {{"class", "tick"}, {"text-anchor", "end"}});
    svg::text(out, 12.0, top + h / 2.0, g.y_label,
              {{"class", "tick"}, {"text-anchor", "middle"}, {"transform", "rotate(-90 12 " + num(top + h / 2.0) + ")"}});
    for (std::size_t k = 0; k < groups; ++k) {
        const double x0 = left + slot * static_cast<double>(k) + slot * 0.1;
        for (std::size_t s = 0; s < ns; ++s) {
            const double v = k < g.values[s].size() ? g.values[s][k] : std::numeric_limits<double>::quiet_NaN();
            if (!std::isfinite(v)) continue;
            rgb c;
            std::string dash;
            series_style(s, c, dash);
            const std::string& key = s < g.series_keys.size() ? g.series_keys[s] : g.group_labels[k];
            const std::string& name = s < g.series_labels.size() ? g.series_labels[s] : key;
            svg::element(out, "rect",
                         {{"class", "group-column"}, {"data-series", key}, {"data-group", g.group_labels[k]}, {"data-value", num(v, 6)},
                          {"x", num(x0 + cw * static_cast<double>(s))}, {"y", num(py(v))}, {"width", num(std::max(0.0, cw - 1.0))},
                          {"height", num(top + h - py(v))}, {"fill", hex(c)}},
                         name + ", " + g.x_label + " " + g.group_labels[k] + ": " + num(v, 2));
        }
        svg::text(out, left + slot * (static_cast<double>(k) + 0.5), top + h + 14.0, g.group_labels[k],
                  {{"class", "tick"}, {"text-anchor", "middle"}});
    }
    svg::text(out, left + w / 2.0, top + h + 30.0, g.x_label, {{"class", "tick"}, {"text-anchor", "middle"}});
    if (std::isfinite(g.reference))
        svg::element(out, "line", {{"class", "reference"}, {"x1", num(left)}, {"y1", num(py(g.reference))}, {"x2", num(left + w)},
                                   {"y2", num(py(g.reference))}, {"stroke", "#777"}, {"stroke-dasharray", "5 4"}},
                     g.reference_label);
    series_legend(out, g.series_keys, g.series_labels, left, top + h + 52.0);
    svg::close(out);
}

}  // namespace vitals::report
