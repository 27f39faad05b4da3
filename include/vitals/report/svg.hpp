// Vitals report — writing SVG elements as text. The charts (charts.hpp) are built from these
// calls only, so every attribute value and every text is escaped in one place (html.hpp) and
// every number is written the same way: fixed decimals, trailing zeros dropped, never "nan" or
// "-0" — the same input gives the same bytes on every machine.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace vitals::report::svg {

/// `x` with at most `decimals` decimals, trailing zeros (and a trailing point) dropped: 12.50 -> "12.5",
/// 3.0 -> "3", -0.0001 -> "0". NaN and infinities (never meaningful in a drawing) are "0".
[[nodiscard]] std::string num(double x, int decimals = 1);

/// An attribute: the name is the caller's literal, the value is escaped when written.
struct attribute {
    std::string_view name;
    std::string value;
};

/// `<svg>` opened: a viewBox of width x height, the `id` and `class="chart"`, role="img" and an
/// accessible name (`label`, also its <title>).
void open(std::string& out, std::string_view id, double width, double height, std::string_view label);
/// `</svg>`.
void close(std::string& out);

/// `<tag a="v" ...>` with `tooltip` as its <title> child and closed, or `<tag ... />` without one.
void element(std::string& out, std::string_view tag, std::initializer_list<attribute> attributes,
             std::string_view tooltip = {});

/// `<text x y ...>text</text>`.
void text(std::string& out, double x, double y, std::string_view content, std::initializer_list<attribute> attributes = {});

/// `<g ...>` and `</g>`.
void open_group(std::string& out, std::initializer_list<attribute> attributes);
void close_group(std::string& out);

}  // namespace vitals::report::svg
