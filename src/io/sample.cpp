// The synthetic account book (see sample.hpp and docs/cli.md, "vitals sample", for the model).
//
// Compiled with -ffp-contract=off (src/io/CMakeLists.txt) so that no compiler fuses a*b+c into an
// FMA, which would change the last bits on some machines and not on others.
#include "vitals/io/sample.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <utility>

namespace vitals::io {

double portable_log(double x) noexcept {
    if (!(x > 0.0)) return x == 0.0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    if (!std::isfinite(x)) return x;
    int e = 0;
    double m = std::frexp(x, &e);  // x = m * 2^e, m in [0.5, 1)
    if (m < 0.70710678118654752440) {
        m *= 2.0;
        e -= 1;
    }
    // log(m) = 2 atanh(t), t = (m - 1) / (m + 1), |t| <= 0.1716
    const double t = (m - 1.0) / (m + 1.0);
    const double t2 = t * t;
    double s = 2.0 / 23.0;
    for (int k = 21; k >= 1; k -= 2) s = 2.0 / k + t2 * s;
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    const double de = static_cast<double>(e);
    return de * ln2_hi + (de * ln2_lo + t * s);
}

double portable_exp(double x) noexcept {
    if (x != x) return x;
    if (x > 709.78) return std::numeric_limits<double>::infinity();
    if (x < -745.2) return 0.0;
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    const double k = std::floor(x * 1.44269504088896338700 + 0.5);
    const double r = (x - k * ln2_hi) - k * ln2_lo;  // |r| <= 0.35
    // Taylor series to r^16 / 16!, Horner form
    double p = 1.0;
    for (int n = 16; n >= 1; --n) p = 1.0 + r * p / n;
    return std::ldexp(p, static_cast<int>(k));
}

namespace {

enum col : std::size_t {
    arr, licensed_seats, active_users, logins_trend, training_completion, tickets_per_seat, ticket_sentiment,
    nps, days_late, tenure_months, contact_tenure_days, executive_sponsor, seat_change_pct, churned_next_quarter,
};
// decimals written for each column
constexpr int decimals[14] = {0, 0, 0, 3, 2, 3, 2, 0, 0, 0, 0, 0, 3, 0};

class draw {
public:
    explicit draw(xoshiro256ss rng) : rng_(rng) {}
    double uniform() noexcept { return rng_.uniform(); }
    bool bernoulli(double p) noexcept { return uniform() < p; }
    /// Standard normal (Marsaglia's polar method).
    double normal() noexcept {
        for (;;) {
            const double u = 2.0 * uniform() - 1.0, v = 2.0 * uniform() - 1.0;
            const double s = u * u + v * v;
            if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * portable_log(s) / s);
        }
    }
    double log_uniform(double lo, double hi) noexcept { return lo * portable_exp(uniform() * portable_log(hi / lo)); }
    double exponential(double mean) noexcept { return -mean * portable_log(1.0 - uniform()); }

private:
    xoshiro256ss rng_;
};

double logistic(double z) noexcept { return 1.0 / (1.0 + portable_exp(-z)); }
double clamp(double x, double lo, double hi) noexcept { return x < lo ? lo : x > hi ? hi : x; }
double round_to(double x, int d) noexcept {
    double scale = 1.0;
    for (int i = 0; i < d; ++i) scale *= 10.0;
    const double r = std::floor(x * scale + 0.5) / scale;
    return r == 0.0 ? 0.0 : r;  // no "-0"
}

}  // namespace

sample_account sample_generator::account(std::uint64_t index) const noexcept {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    splitmix64 mix{seed_};
    splitmix64 per_account{mix.next() ^ ((index + 1) * 0xD1B54A32D192ED03ull)};
    draw d(xoshiro256ss(per_account.next()));

    sample_account a;
    a.index = index;
    auto& v = a.values;

    // segment and hidden health
    const double seg_u = d.uniform();
    const int segment = seg_u < 0.55 ? 0 : seg_u < 0.90 ? 1 : 2;  // SMB, mid-market, enterprise
    const double h = d.normal();

    // size and revenue
    static constexpr double seats_lo[3] = {5, 50, 400}, seats_hi[3] = {60, 600, 5000};
    static constexpr double price[3] = {540, 420, 300};  // per seat per year
    const double seats = std::floor(d.log_uniform(seats_lo[segment], seats_hi[segment]) + 0.5);
    v[licensed_seats] = seats;
    v[arr] = std::floor(seats * price[segment] * d.log_uniform(0.8, 1.25) / 100.0 + 0.5) * 100.0;

    // adoption, engagement, enablement
    const double adoption = clamp(0.58 + 0.17 * h + 0.10 * d.normal(), 0.03, 1.0);
    v[active_users] = clamp(std::floor(adoption * seats + 0.5), 0.0, seats);
    v[logins_trend] = clamp(0.01 + 0.09 * h + 0.08 * d.normal(), -0.6, 0.6);
    v[training_completion] = clamp(0.50 + 0.18 * h + 0.18 * d.normal(), 0.0, 1.0);

    // support
    static constexpr double ticket_factor[3] = {1.4, 1.0, 0.7};
    v[tickets_per_seat] = ticket_factor[segment] * 0.12 * portable_exp(-0.35 * h + 0.45 * d.normal());
    v[ticket_sentiment] = clamp(0.05 + 0.28 * h + 0.25 * d.normal(), -1.0, 1.0);
    const bool no_tickets = v[tickets_per_seat] * seats < 1.0;

    // satisfaction: NPS of the respondents, weighted by seniority (executive 3, manager 2, user 1)
    static constexpr double role_weight[3] = {3, 2, 1}, role_response[3] = {0.55, 0.65, 0.75};
    const bool survey_sent = d.bernoulli(0.92);
    double nps_sum = 0.0, nps_w = 0.0;
    for (int role = 0; role < 3; ++role) {
        const bool responded = d.bernoulli(role_response[role]);
        const double role_nps = clamp(15.0 + 28.0 * h + 30.0 * d.normal(), -100.0, 100.0);
        if (survey_sent && responded) {
            nps_sum += role_weight[role] * role_nps;
            nps_w += role_weight[role];
        }
    }
    v[nps] = nps_w > 0.0 ? nps_sum / nps_w : nan;

    // financial
    const bool late = d.bernoulli(logistic(-0.9 - 1.1 * h));
    const double late_days = 1.0 + std::floor(d.exponential(14.0 * portable_exp(-0.35 * h)));
    v[days_late] = late ? std::min(late_days, 120.0) : 0.0;

    // relationship
    v[tenure_months] = std::min(1.0 + std::floor(d.exponential(26.0 * portable_exp(0.25 * h))), 144.0);
    const double tenure_days = 30.0 * v[tenure_months];
    const bool new_contact = d.bernoulli(logistic(-1.9 - 0.7 * h));
    const double contact_u = d.uniform();
    v[contact_tenure_days] = new_contact ? 1.0 + std::floor(contact_u * std::min(45.0, tenure_days))
                                         : std::max(1.0, std::floor(tenure_days * (0.3 + 0.7 * contact_u)));
    static constexpr double sponsor_shift[3] = {-0.4, 0.3, 0.8};
    v[executive_sponsor] = d.bernoulli(logistic(0.1 + 0.8 * h + sponsor_shift[segment])) ? 1.0 : 0.0;

    // commercial
    v[seat_change_pct] = clamp(0.02 + 0.07 * h + 0.06 * d.normal(), -0.5, 0.6);

    for (std::size_t j = 0; j < v.size(); ++j) v[j] = round_to(v[j], decimals[j]);

    // the label: hidden health plus observed red flags (on the true values, before any go missing)
    const double z = -3.1 - 1.25 * h + 0.9 * (v[contact_tenure_days] < 30.0 ? 1.0 : 0.0) +
                     0.7 * (v[days_late] >= 45.0 ? 1.0 : 0.0) - 0.45 * v[executive_sponsor] +
                     0.5 * (v[tenure_months] < 12.0 ? 1.0 : 0.0) + 0.6 * (v[seat_change_pct] <= -0.2 ? 1.0 : 0.0);
    v[churned_next_quarter] = d.bernoulli(logistic(z)) ? 1.0 : 0.0;

    // missing data: no ticket sentiment without tickets; some accounts not connected to telemetry
    // ("dark": usage, support and survey data all absent); and a little of everything at random
    if (no_tickets) v[ticket_sentiment] = nan;
    if (d.bernoulli(0.015))
        for (std::size_t j : {active_users, logins_trend, training_completion, tickets_per_seat, ticket_sentiment, nps})
            v[j] = nan;
    static constexpr std::pair<std::size_t, double> random_missing[] = {
        {licensed_seats, 0.01}, {active_users, 0.03},     {logins_trend, 0.04},   {training_completion, 0.06},
        {tickets_per_seat, 0.03}, {days_late, 0.02},      {tenure_months, 0.01},  {contact_tenure_days, 0.05},
        {executive_sponsor, 0.04}, {seat_change_pct, 0.03},
    };
    for (const auto& [j, p] : random_missing)
        if (d.bernoulli(p)) v[j] = nan;
    return a;
}

std::string sample_generator::account_id(std::uint64_t index) {
    std::string digits = std::to_string(index + 1);
    if (digits.size() < 8) digits.insert(0, 8 - digits.size(), '0');
    return "ACC-" + digits;
}

void sample_generator::append_header(std::string& out) {
    for (std::size_t j = 0; j < sample_columns.size(); ++j) {
        if (j) out += ',';
        out += sample_columns[j];
    }
    out += '\n';
}

void sample_generator::append_csv(std::string& out, std::uint64_t index) const {
    const sample_account a = account(index);
    out += account_id(index);
    char buf[64];
    for (std::size_t j = 0; j < a.values.size(); ++j) {
        out += ',';
        const double x = a.values[j];
        if (x != x) continue;
        const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals[j]);
        out.append(buf, r.ptr);
    }
    out += '\n';
}

}  // namespace vitals::io
