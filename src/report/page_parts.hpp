// Vitals report — what the report's pages share (internal to src/report): the style sheet, the
// document head with its Content-Security-Policy, and number formats for people.
#pragma once

#include "vitals/report/palette.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace vitals::report::parts {

/// The one style sheet of every page.
extern const std::string_view style;

/// `<!DOCTYPE html>` .. `<body>`: charset, the Content-Security-Policy (default-src 'none': nothing
/// is loaded), viewport, generator, the title ("title — source") and the style sheet.
void open_document(std::string& out, std::string_view generator, std::string_view title, std::string_view source);

/// 1234567 -> "1,234,567".
[[nodiscard]] std::string grouped(std::uint64_t n);
/// A money amount for people: "1,234,567"; "-" for NaN.
[[nodiscard]] std::string money(double x);
/// part / whole as "12.5%"; "-" when whole <= 0.
[[nodiscard]] std::string percent(double part, double whole);
/// One decimal: "12.5"; "-" for NaN.
[[nodiscard]] std::string fixed1(double x);
/// One decimal with its sign: "+1.5"; "" for NaN.
[[nodiscard]] std::string signed1(double x);
/// `text`, escaped (html.hpp).
void add(std::string& out, std::string_view text);
/// One figure of the summary's `<dl class="kpis">`: its name and value, escaped.
void kpi(std::string& out, std::string_view name, std::string_view value);
/// `<span class="chip" style="background:#..."></span>label`
void chip(std::string& out, rgb colour, std::string_view label);

}  // namespace vitals::report::parts
