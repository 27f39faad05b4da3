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
//
// Besides the accounts, the generator writes the side files the signals read (each a long CSV keyed
// by account id, from its own random stream, so adding them never changes the accounts):
//   - segments: two more account columns, `segment` (SMB, Mid-market, Enterprise) and `parent_id`
//     (about 1 account in 16 belongs to a parent account of the book);
//   - history: `account_id,period,active_users,logins,days_late,revenue_projection`, monthly, the
//     newest period agreeing with the account's columns; some accounts declining K periods in a row,
//     some paying later and later, some with a falling revenue projection; none for dark accounts;
//   - previous scores: `account_id,period,score,alerts` for the periods before the newest, around
//     the account's current score (which the caller computes), some with a drop; `alerts` lists the
//     default scorecard's alerts that fired then (new_point_of_contact, usage_declining);
//   - surveys: `account_id,respondent,role,answer`, stakeholders by role (c_suite ... user), some
//     accounts where only managers answered, some with low participation, some never surveyed;
//   - overrides: `account_id,target,value,reason,author,expires`, a few: one lapsed the day before
//     the as-of date, two in force (the score, and one measure).
// The model of each is in docs/cli.md ("vitals sample").
#pragma once

#include <array>
#include <chrono>
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

/// The account columns `segment` and `parent_id` write after sample_columns (sample_options::segments).
inline constexpr std::array<std::string_view, 2> sample_text_columns{"segment", "parent_id"};
/// Segment names, by sample_account::segment.
inline constexpr std::array<std::string_view, 3> sample_segments{"SMB", "Mid-market", "Enterprise"};
/// The metrics of the history file, in column order (after account_id, period).
inline constexpr std::array<std::string_view, 4> sample_history_metrics{"active_users", "logins", "days_late",
                                                                       "revenue_projection"};
/// Stakeholder roles of the survey file, most senior first.
inline constexpr std::array<std::string_view, 5> sample_roles{"c_suite", "vp", "director", "manager", "user"};

/// One synthetic account: values of sample_columns[1..] (NaN = missing), already rounded as written.
struct sample_account {
    std::uint64_t index = 0;           ///< 0-based position in the book
    std::array<double, 14> values{};   ///< sample_columns[1 + j]
    int segment = 0;                   ///< index into sample_segments
    double health = 0.0;               ///< the hidden health h (never written)
};

/// The calendar of the side files: monthly periods "YYYY-MM", the newest one the month of `as_of`.
struct sample_calendar {
    std::chrono::year_month_day as_of{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{30}};
    int periods = 12;          ///< history periods (>= 2), oldest first
    int previous_periods = 3;  ///< previous-score periods (>= 1): the months before the newest

    /// The period `months_back` months before as_of's month (0 = as_of's month), e.g. "2026-09".
    [[nodiscard]] std::string period(int months_back) const;
};

/// Generates the book for one seed.
class sample_generator {
public:
    explicit sample_generator(std::uint64_t seed) noexcept : seed_(seed) {}

    /// Account `index` (0-based).
    [[nodiscard]] sample_account account(std::uint64_t index) const noexcept;

    /// "ACC-00000001" for index 0 (8 digits, more past 99,999,999).
    [[nodiscard]] static std::string account_id(std::uint64_t index);

    /// The account's parent (an earlier account of the book), or "" for none.
    [[nodiscard]] std::string parent_id(std::uint64_t index) const;

    /// Appends the header line; `segments` adds the segment and parent_id columns.
    static void append_header(std::string& out, bool segments = false);
    /// Appends account `index` as a CSV line (missing values are empty cells).
    void append_csv(std::string& out, std::uint64_t index, bool segments = false) const;

    /// The history file: its header, and account `index`'s rows (one per period, oldest first).
    static void append_history_header(std::string& out);
    void append_history(std::string& out, std::uint64_t index, const sample_calendar& cal) const;

    /// The previous-scores file: its header, and account `index`'s rows around `current_score`
    /// (its score now, NaN when it has none; scores are kept in [0, 100], to one decimal).
    static void append_previous_header(std::string& out);
    void append_previous(std::string& out, std::uint64_t index, double current_score, const sample_calendar& cal) const;

    /// The survey file: its header, and account `index`'s invited stakeholders (none: not surveyed).
    static void append_surveys_header(std::string& out);
    void append_surveys(std::string& out, std::uint64_t index) const;

    /// The overrides file of a book of `accounts` accounts, header included (fixed accounts, at most 4 rows).
    static void append_overrides(std::string& out, std::uint64_t accounts, const sample_calendar& cal);

private:
    std::uint64_t seed_;
};

}  // namespace vitals::io
