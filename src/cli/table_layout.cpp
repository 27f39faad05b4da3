#include "table_layout.hpp"

#include "terminal.hpp"
#include "text_width.hpp"

#include <algorithm>

namespace vitals::cli {

namespace {
constexpr std::size_t gap = 2;  // spaces between columns
}

std::size_t table_layout::add(table_column column) {
    columns_.push_back(placed{std::move(column)});
    return columns_.size() - 1;
}

std::size_t table_layout::rows() const noexcept { return columns_.empty() ? 0 : columns_[0].spec.forms[0].size(); }

std::size_t table_layout::natural_width(const placed& p) const {
    std::size_t w = display_width(p.spec.header);
    for (const std::string& s : p.spec.forms[p.form]) w = std::max(w, display_width(s));
    return w;
}

std::size_t table_layout::width() const noexcept {
    std::size_t w = 0, n = 0;
    for (const placed& p : columns_)
        if (p.shown) w += p.width, ++n;
    return n ? w + gap * (n - 1) : 0;
}

void table_layout::fit(std::size_t limit, std::span<const fit_step> steps) {
    limit_ = limit;
    for (placed& p : columns_) p.width = natural_width(p);
    for (const fit_step& s : steps) {
        if (width() <= limit) break;
        placed& p = columns_[s.column];
        if (!p.shown) continue;
        switch (s.kind) {
        case fit_step::drop:
            p.shown = false;
            dropped_.push_back(p.spec.name);
            break;
        case fit_step::narrow:
            if (p.form + 1 < p.spec.forms.size()) {
                ++p.form;
                p.width = natural_width(p);
            }
            break;
        case fit_step::cut: {
            const std::size_t excess = width() - limit;
            if (p.width > s.min) p.width = std::max(s.min, p.width > excess ? p.width - excess : 0);
            break;
        }
        }
    }
}

std::string table_layout::header(bool color) const {
    const std::string line = compose([](const placed& p, std::size_t) -> const std::string& { return p.spec.header; }, 0, false);
    if (color && !line.empty()) return std::string(ansi::bold) + line + std::string(ansi::reset);
    return line;
}

std::string table_layout::line(std::size_t r, bool color) const {
    return compose([](const placed& p, std::size_t row) -> const std::string& { return p.spec.forms[p.form][row]; }, r, color);
}

std::string table_layout::compose(const std::string& (*text_of)(const placed&, std::size_t), std::size_t r, bool color) const {
    std::string line;
    std::size_t w = 0;  // columns so far
    for (const placed& p : columns_) {
        if (!p.shown) continue;
        if (w) line += std::string(gap, ' '), w += gap;
        if (w >= limit_) break;
        const std::size_t room = std::min(p.width, limit_ - w);
        const std::string text = fit_width(text_of(p, r), room, ellipsis_);
        const std::size_t pad = room - display_width(text);
        const std::string_view col = color && !p.spec.colors.empty() ? p.spec.colors[r] : std::string_view();
        const std::string shown = col.empty() || text.empty() ? text : std::string(col) + text + std::string(ansi::reset);
        if (p.spec.alignment == align::right) line += std::string(pad, ' ') + shown;
        else line += shown + std::string(pad, ' ');
        w += room;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
}

}  // namespace vitals::cli
