// Vitals I/O — a synthetic B2B account book, deterministic for a seed on every platform.
//
// Every account has a hidden health h ~ N(0, 1) and a segment (SMB, mid-market, enterprise); each
// observed signal is h plus noise pushed through a plausible shape, and the label
// churned_next_quarter is drawn from a logistic model of h and a few observed red flags. The model
// is documented in docs/cli.md ("vitals sample"); sample.cpp is its reference.
//
// Portability: the random numbers come from xoshiro256** seeded by splitmix64 (written out here,
// not std:: engines or distributions, which differ between standard libraries), and the only
// floating-point operations are IEEE-754 basic operations (+ - * / sqrt), floor and ldexp, which
// are exactly rounded everywhere; exp and log are computed with those (portable_exp, portable_log).
// Account i depends only on (seed, i), so the first n accounts of a larger book are the book of n.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace vitals::io {

/// splitmix64 (Steele, Lea, Flood 2014): seeds the generators.
struct splitmix64 {
    std::uint64_t state;
    constexpr std::uint64_t next() noexcept {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

/// xoshiro256** 1.0 (Blackman, Vigna 2018).
class xoshiro256ss {
public:
    explicit constexpr xoshiro256ss(std::uint64_t seed) noexcept {
        splitmix64 sm{seed};
        for (std::uint64_t& w : s_) w = sm.next();
    }
    constexpr std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    /// Uniform in [0, 1), 53 random bits.
    constexpr double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4]{};
};

/// exp(x) and log(x) (x > 0) from basic operations only: the same bits on every IEEE-754 platform.
/// Accurate to a few ulp, which is all the sample needs.
[[nodiscard]] double portable_exp(double x) noexcept;
[[nodiscard]] double portable_log(double x) noexcept;

/// The sample's columns, in file order.
inline constexpr std::array<std::string_view, 15> sample_columns{
    "account_id",       "arr",          "licensed_seats",      "active_users",      "logins_trend",
    "training_completion", "tickets_per_seat", "ticket_sentiment", "nps",           "days_late",
    "tenure_months",    "contact_tenure_days", "executive_sponsor", "seat_change_pct", "churned_next_quarter"};

/// One synthetic account: values of sample_columns[1..] (NaN = missing), already rounded as written.
struct sample_account {
    std::uint64_t index = 0;           ///< 0-based position in the book
    std::array<double, 14> values{};   ///< sample_columns[1 + j]
};

/// Generates the book for one seed.
class sample_generator {
public:
    explicit sample_generator(std::uint64_t seed) noexcept : seed_(seed) {}

    /// Account `index` (0-based).
    [[nodiscard]] sample_account account(std::uint64_t index) const noexcept;

    /// "ACC-00000001" for index 0 (8 digits, more past 99,999,999).
    [[nodiscard]] static std::string account_id(std::uint64_t index);

    /// Appends the header line.
    static void append_header(std::string& out);
    /// Appends account `index` as a CSV line (missing values are empty cells).
    void append_csv(std::string& out, std::uint64_t index) const;

private:
    std::uint64_t seed_;
};

}  // namespace vitals::io
