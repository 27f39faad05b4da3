// Vitals report — the colours of the bands: colour-blind safe, and never the only sign.
//
// Bands are ordered worst first (red < yellow < green with the default bands) and take colours
// from the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), chosen so that
// neighbouring bands stay apart for the three dichromacies:
//
//   1 band   blue
//   2 bands  vermillion, blue
//   3 bands  vermillion, orange, blue              (the traffic light: red, yellow, green)
//   4 bands  vermillion, orange, sky blue, blue
//   5 bands  vermillion, orange, yellow, sky blue, blue
//   more     the five repeat (the report always prints the band's label beside its colour)
//
// "no data" (insufficient data, not scored) is a neutral grey. `simulate` shows a colour as a
// person with protanopia, deuteranopia or tritanopia sees it (Machado, Oliveira & Fernandes 2009,
// severity 1, on linear sRGB) and `distance` is the CIE76 colour difference in CIELAB, so the
// tests can check that every pair stays distinguishable for every vision.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vitals::report {

struct rgb {
    std::uint8_t r = 0, g = 0, b = 0;
    friend bool operator==(const rgb&, const rgb&) = default;
};

/// "#rrggbb" (lower case).
[[nodiscard]] std::string hex(rgb c);

/// The colours of `n` ordered bands, worst first (see above); n = 0 gives none.
[[nodiscard]] std::vector<rgb> band_colours(std::size_t n);

/// Accounts without a score ("no data").
[[nodiscard]] rgb no_data_colour() noexcept;

/// The one colour of charts that are not about bands (density cells, measure bars).
[[nodiscard]] rgb neutral_colour() noexcept;

enum class vision { normal, protanopia, deuteranopia, tritanopia };

/// `c` as seen with `v` (normal returns it unchanged).
[[nodiscard]] rgb simulate(rgb c, vision v) noexcept;

/// CIE76 difference of two sRGB colours in CIELAB (D65): about 2.3 is just noticeable; 10 and more
/// tells colours apart at a glance.
[[nodiscard]] double distance(rgb a, rgb b) noexcept;

}  // namespace vitals::report
