// Vitals — calendar dates as day numbers: strict `YYYY-MM-DD` parsing and formatting.
//
// A date is a day number: days since 1970-01-01 (proleptic Gregorian, no time of day, no time
// zone), so comparing dates is comparing integers and "the day after" is + 1. Overrides expire on
// a date (override.hpp); the C ABI and Python pass day numbers as int32.
#pragma once

#include "vitals/error.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace vitals {
inline namespace v1 {

/// Days since 1970-01-01 (negative before it).
using day_number = std::int32_t;

/// The day number of a valid calendar date (year 1-9999, month 1-12, day 1-31 as the month has).
/// Errors: invalid_argument naming the part that is out of range.
[[nodiscard]] inline result<day_number> make_date(int year, int month, int day) {
    namespace ch = std::chrono;
    if (year < 1 || year > 9999) return fail(errc::invalid_argument, "year " + std::to_string(year) + " is not in 1-9999");
    if (month < 1 || month > 12) return fail(errc::invalid_argument, "month " + std::to_string(month) + " is not in 1-12");
    const ch::year_month ym{ch::year{year}, ch::month{static_cast<unsigned>(month)}};
    const unsigned last = static_cast<unsigned>(ch::year_month_day_last{ym.year(), ch::month_day_last{ym.month()}}.day());
    if (day < 1 || static_cast<unsigned>(day) > last)
        return fail(errc::invalid_argument, "day " + std::to_string(day) + " is not in 1-" + std::to_string(last) +
                                                " (" + std::to_string(year) + "-" + (month < 10 ? "0" : "") +
                                                std::to_string(month) + " has " + std::to_string(last) + " days)");
    const ch::sys_days d{ch::year_month_day{ym.year(), ym.month(), ch::day{static_cast<unsigned>(day)}}};
    return static_cast<day_number>(d.time_since_epoch().count());
}

/// Parses exactly `YYYY-MM-DD` (ten characters, digits and two dashes, a real calendar date).
/// No spaces, signs, times or other layouts. Errors: parse_error, the message quoting the text and
/// saying what is wrong (without a place: callers prefix the row and column).
[[nodiscard]] inline result<day_number> parse_date(std::string_view text) {
    const auto bad = [&](const std::string& why) {
        return fail(errc::parse_error, "\"" + std::string(text) + "\" is not a date (YYYY-MM-DD): " + why);
    };
    if (text.size() != 10) return bad("expected 10 characters, found " + std::to_string(text.size()));
    int fields[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    if (text[4] != '-' || text[7] != '-') return bad("expected dashes at positions 5 and 8");
    for (int f = 0; f < 3; ++f)
        for (std::size_t i = starts[f]; i < starts[f] + lengths[f]; ++i) {
            if (text[i] < '0' || text[i] > '9') return bad("expected a digit at position " + std::to_string(i + 1));
            fields[f] = fields[f] * 10 + (text[i] - '0');
        }
    auto d = make_date(fields[0], fields[1], fields[2]);
    if (!d) return bad(d.error().message);
    return d.value();
}

/// The day as `YYYY-MM-DD` (years outside 1-9999 are written as the library's chrono does).
[[nodiscard]] inline std::string format_date(day_number day) {
    namespace ch = std::chrono;
    const ch::year_month_day ymd{ch::sys_days{ch::days{day}}};
    const int y = static_cast<int>(ymd.year());
    const unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
    std::string out;
    std::string ys = std::to_string(y < 0 ? -y : y);
    if (ys.size() < 4) ys.insert(0, 4 - ys.size(), '0');
    out += (y < 0 ? "-" : "") + ys + (m < 10 ? "-0" : "-") + std::to_string(m) + (d < 10 ? "-0" : "-") +
           std::to_string(d);
    return out;
}

/// Today's date in UTC, from the system clock.
[[nodiscard]] inline day_number today_utc() {
    namespace ch = std::chrono;
    return static_cast<day_number>(ch::floor<ch::days>(ch::system_clock::now()).time_since_epoch().count());
}

}  // namespace v1
}  // namespace vitals
