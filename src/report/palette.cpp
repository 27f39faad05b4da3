// Vitals report — band colours and colour-vision simulation (see include/vitals/report/palette.hpp).
#include "vitals/report/palette.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace vitals::report {
namespace {

constexpr rgb vermillion{213, 94, 0}, orange{230, 159, 0}, yellow{240, 228, 66}, sky_blue{86, 180, 233},
    blue{0, 114, 178}, grey{153, 153, 153};

double to_linear(std::uint8_t v) noexcept {
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

std::uint8_t from_linear(double c) noexcept {
    c = std::clamp(c, 0.0, 1.0);
    const double v = c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
    return static_cast<std::uint8_t>(std::lround(v * 255.0));
}

using matrix = std::array<std::array<double, 3>, 3>;

// Machado, Oliveira & Fernandes (2009), severity 1.0, for linear RGB.
constexpr matrix protan{{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}};
constexpr matrix deutan{{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}};
constexpr matrix tritan{{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}};

std::array<double, 3> lab(rgb c) noexcept {
    const double r = to_linear(c.r), g = to_linear(c.g), b = to_linear(c.b);
    const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    const auto f = [](double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; };
    const double fx = f(x), fy = f(y), fz = f(z);
    return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

}  // namespace

std::string hex(rgb c) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s = "#";
    for (std::uint8_t v : {c.r, c.g, c.b}) {
        s += digits[v >> 4];
        s += digits[v & 15];
    }
    return s;
}

std::vector<rgb> band_colours(std::size_t n) {
    static const std::array<std::vector<rgb>, 6> by_count{{
        {},
        {blue},
        {vermillion, blue},
        {vermillion, orange, blue},
        {vermillion, orange, sky_blue, blue},
        {vermillion, orange, yellow, sky_blue, blue},
    }};
    if (n < by_count.size()) return by_count[n];
    std::vector<rgb> out(n);
    for (std::size_t k = 0; k < n; ++k) out[k] = by_count[5][k % 5];
    return out;
}

rgb no_data_colour() noexcept { return grey; }

rgb neutral_colour() noexcept { return blue; }

rgb simulate(rgb c, vision v) noexcept {
    const matrix* m = v == vision::protanopia ? &protan : v == vision::deuteranopia ? &deutan : v == vision::tritanopia ? &tritan : nullptr;
    if (m == nullptr) return c;
    const std::array<double, 3> in{to_linear(c.r), to_linear(c.g), to_linear(c.b)};
    std::array<std::uint8_t, 3> out{};
    for (std::size_t i = 0; i < 3; ++i) out[i] = from_linear((*m)[i][0] * in[0] + (*m)[i][1] * in[1] + (*m)[i][2] * in[2]);
    return {out[0], out[1], out[2]};
}

double distance(rgb a, rgb b) noexcept {
    const auto p = lab(a), q = lab(b);
    return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
}

}  // namespace vitals::report
