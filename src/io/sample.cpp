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
#include <vector>

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

/// The random stream of one side file (`salt`) for one account: independent of the account's own.
constexpr std::uint64_t salt_parent = 0x7061726Eull, salt_history = 0x68697374ull, salt_previous = 0x70726576ull,
                        salt_surveys = 0x73757276ull;
draw stream(std::uint64_t seed, std::uint64_t index, std::uint64_t salt) noexcept {
    splitmix64 mix{seed ^ (salt << 32)};
    splitmix64 per_account{mix.next() ^ ((index + 1) * 0xD1B54A32D192ED03ull)};
    return draw(xoshiro256ss(per_account.next()));
}

/// A number with `places` decimals, nothing for NaN.
void append_fixed(std::string& out, double x, int places) {
    if (x != x) return;
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, places);
    out.append(buf, r.ptr);
}
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
    a.segment = segment;
    a.health = h;

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

void sample_generator::append_header(std::string& out, bool segments) {
    for (std::size_t j = 0; j < sample_columns.size(); ++j) {
        if (j) out += ',';
        out += sample_columns[j];
    }
    if (segments)
        for (std::string_view c : sample_text_columns) (out += ',') += c;
    out += '\n';
}

void sample_generator::append_csv(std::string& out, std::uint64_t index, bool segments) const {
    const sample_account a = account(index);
    out += account_id(index);
    for (std::size_t j = 0; j < a.values.size(); ++j) {
        out += ',';
        append_fixed(out, a.values[j], decimals[j]);
    }
    if (segments) {
        (out += ',') += sample_segments[static_cast<std::size_t>(a.segment)];
        (out += ',') += parent_id(index);
    }
    out += '\n';
}

// ---- the side files ----------------------------------------------------------------------------

std::string sample_calendar::period(int months_back) const {
    const std::chrono::year_month ym = std::chrono::year_month(as_of.year(), as_of.month()) - std::chrono::months(months_back);
    char buf[16];
    const int y = static_cast<int>(ym.year());
    const unsigned m = static_cast<unsigned>(ym.month());
    std::string out = std::to_string(y);
    buf[0] = '-';
    buf[1] = static_cast<char>('0' + m / 10);
    buf[2] = static_cast<char>('0' + m % 10);
    out.append(buf, 3);
    return out;
}

std::string sample_generator::parent_id(std::uint64_t index) const {
    // parents are the accounts at 97 k + 3 (ACC-00000004, ACC-00000101, ...); an account later in
    // the same block of 97 belongs to it with probability 1/16
    const std::uint64_t parent = index / 97 * 97 + 3;
    if (index <= parent) return {};
    draw d = stream(seed_, index, salt_parent);
    return d.uniform() < 0.0625 ? account_id(parent) : std::string();
}

void sample_generator::append_history_header(std::string& out) {
    out += "account_id,period";
    for (std::string_view m : sample_history_metrics) (out += ',') += m;
    out += '\n';
}

void sample_generator::append_history(std::string& out, std::uint64_t index, const sample_calendar& cal) const {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const sample_account a = account(index);
    const auto& v = a.values;
    const double h = a.health;
    draw d = stream(seed_, index, salt_history);
    const int T = std::max(cal.periods, 2);

    // the trajectory: declining for the last K periods, growing, or steady
    const double u = d.uniform();
    const double p_decline = logistic(-1.7 - 1.1 * h), p_grow = logistic(-1.0 + 0.8 * h);
    const int kind = u < p_decline ? -1 : u < p_decline + (1.0 - p_decline) * p_grow ? 1 : 0;
    const int K = 3 + static_cast<int>(std::floor(d.uniform() * 5.0));  // 3..7 declines in a row
    const double rate = kind < 0 ? 0.04 + 0.08 * d.uniform() : kind > 0 ? 0.01 + 0.03 * d.uniform() : 0.0;
    // growth factor of the step into period t (t = 1 .. T-1)
    std::vector<double> step(static_cast<std::size_t>(T), 1.0);
    for (int t = 1; t < T; ++t) {
        const double noise = 0.03 * d.normal();
        double g = 1.0 + noise;
        if (kind > 0) g = 1.0 + rate + noise;
        if (kind < 0) g = t >= T - K ? 1.0 - rate : 1.0 + std::abs(noise);  // strictly down for the last K steps
        step[static_cast<std::size_t>(t)] = g;
    }
    // a level series ending at `last`, walked back through the steps
    const auto series = [&](double last, double extra_noise) {
        std::vector<double> x(static_cast<std::size_t>(T), nan);
        if (last != last) return x;
        x[static_cast<std::size_t>(T - 1)] = last;
        for (int t = T - 2; t >= 0; --t) {
            const double wobble = 1.0 + extra_noise * d.normal();
            x[static_cast<std::size_t>(t)] = x[static_cast<std::size_t>(t + 1)] / step[static_cast<std::size_t>(t + 1)] * wobble;
        }
        return x;
    };

    const double seats = v[col::licensed_seats];
    std::vector<double> users = series(v[col::active_users], 0.0);
    for (double& x : users) x = x == x ? clamp(std::floor(x + 0.5), 0.0, seats == seats ? seats : x + 1.0) : x;

    // logins: about 8-18 a month per active user; the last step agrees with logins_trend
    const double per_user = 8.0 + 10.0 * d.uniform();
    std::vector<double> logins = series(v[col::active_users] * per_user, 0.02);
    const double trend = v[col::logins_trend];
    if (T >= 2 && logins[static_cast<std::size_t>(T - 1)] == logins[static_cast<std::size_t>(T - 1)] && trend == trend)
        logins[static_cast<std::size_t>(T - 2)] = logins[static_cast<std::size_t>(T - 1)] / (1.0 + trend);
    for (double& x : logins) x = x == x ? std::floor(x + 0.5) : x;

    // days late: rising to the current value over the last 4 periods for some late payers; else
    // an occasional late month
    std::vector<double> late(static_cast<std::size_t>(T), 0.0);
    const double now_late = v[col::days_late];
    const bool rising = now_late >= 15.0 && d.bernoulli(0.6);
    const double p_late = logistic(-0.9 - 1.1 * h) * 0.5;
    for (int t = 0; t < T - 1; ++t) {
        const bool is_late = d.bernoulli(p_late);
        const double days = 1.0 + std::floor(d.exponential(8.0));
        late[static_cast<std::size_t>(t)] = is_late ? std::min(days, 120.0) : 0.0;
    }
    late[static_cast<std::size_t>(T - 1)] = now_late;
    if (rising)
        for (int k = 1; k <= 3 && T - 1 - k >= 0; ++k)
            late[static_cast<std::size_t>(T - 1 - k)] = std::floor(now_late * (1.0 - 0.25 * k));

    // revenue projection (the renewal value forecast, to the nearest 10): from arr, an uplift a month for most,
    // flat for some, falling with usage for decliners
    const double arr_now = v[col::arr];
    const double r_u = d.uniform();
    const double monthly = kind < 0 ? -0.5 * rate : r_u < 0.05 ? 0.0 : 0.004 + 0.008 * r_u;
    std::vector<double> revenue(static_cast<std::size_t>(T), nan);
    for (int t = 0; t < T; ++t) {
        double g = 1.0;
        if (kind < 0) g = 1.0 + (t >= T - K ? monthly * static_cast<double>(t - (T - K) + 1) : 0.0);
        else g = 1.0 + monthly * static_cast<double>(t - (T - 1));
        revenue[static_cast<std::size_t>(t)] = std::floor(arr_now * g / 10.0 + 0.5) * 10.0;
    }

    // dark accounts (no usage data now) have no usage history either
    const std::string id = account_id(index);
    for (int t = 0; t < T; ++t) {
        const auto k = static_cast<std::size_t>(t);
        out += id;
        (out += ',') += cal.period(T - 1 - t);
        for (double x : {users[k], logins[k], late[k], revenue[k]}) {
            out += ',';
            append_fixed(out, x, 0);
        }
        out += '\n';
    }
}

void sample_generator::append_previous_header(std::string& out) { out += "account_id,period,score,alerts\n"; }

void sample_generator::append_previous(std::string& out, std::uint64_t index, double current_score,
                                       const sample_calendar& cal) const {
    const sample_account a = account(index);
    const auto& v = a.values;
    const double h = a.health;
    draw d = stream(seed_, index, salt_previous);
    const int P = std::max(cal.previous_periods, 1);
    const double base = current_score == current_score ? current_score : clamp(55.0 + 15.0 * h, 0.0, 100.0);

    // the path: a recent drop, a recovery, or steady
    const double u = d.uniform();
    const double p_drop = 0.06 + (h < -0.5 ? 0.08 : 0.0);
    const int kind = u < p_drop ? -1 : u < p_drop + 0.10 ? 1 : 0;
    const double size = 12.0 + 14.0 * d.uniform();
    // newer accounts have fewer previous scores
    const double tenure = v[col::tenure_months];
    const int have = tenure == tenure ? std::min(P, static_cast<int>(tenure) - 1) : P;

    // the usage_declining alert (3 declines in a row) fired when the run of declines reached 3:
    // whether the account declines, and for how many periods, are the first two draws of its
    // history stream (append_history)
    draw hist = stream(seed_, index, salt_history);
    const double hu = hist.uniform();
    const bool declining = hu < logistic(-1.7 - 1.1 * h);
    const int K = 3 + static_cast<int>(std::floor(hist.uniform() * 5.0));

    const std::string id = account_id(index);
    const double contact = v[col::contact_tenure_days];
    for (int m = P; m >= 1; --m) {  // m months before the newest period
        const double noise = 2.5 * d.normal();
        if (m > have) continue;
        double s = base + noise;
        if (kind < 0) s = base + size + noise;
        if (kind > 0) s = base - size * (1.0 - 0.25 * (m - 1)) + noise;
        s = round_to(clamp(s, 0.0, 100.0), 1);
        out += id;
        (out += ',') += cal.period(m);
        out += ',';
        append_fixed(out, s, 1);
        out += ',';
        std::string alerts;
        // the contact (of contact_tenure_days now) had been in place contact - 30 m days then
        if (contact == contact && contact - 30.0 * m >= 0.0 && contact - 30.0 * m < 30.0) alerts += "new_point_of_contact";
        // K declines end at the newest period; m months back the run was K - m long
        if (declining && K - m == 3) alerts += alerts.empty() ? "usage_declining" : ";usage_declining";
        out += alerts;
        out += '\n';
    }
}

void sample_generator::append_surveys_header(std::string& out) { out += "account_id,respondent,role,answer\n"; }

void sample_generator::append_surveys(std::string& out, std::uint64_t index) const {
    const sample_account a = account(index);
    const double h = a.health;
    draw d = stream(seed_, index, salt_surveys);
    // invited stakeholders by role (c_suite, vp, director, manager, user) and segment
    static constexpr int invited[3][5] = {{1, 0, 1, 1, 3}, {1, 1, 2, 2, 4}, {1, 2, 3, 4, 6}};
    static constexpr double respond[5] = {0.6, 0.7, 0.8, 0.9, 0.8};
    static constexpr double role_bias[5] = {-0.6, -0.3, 0.0, 0.4, 0.2};  // managers are the friendliest
    if (d.bernoulli(0.08)) return;  // not surveyed
    const double u = d.uniform();
    const bool only_managers = u < 0.08;
    const double engagement = u < 0.20 ? 0.35 : 1.0;  // low participation for some
    const double mood = 8.2 + 1.6 * h;
    const std::string id = account_id(index);
    int k = 0;
    for (std::size_t role = 0; role < 5; ++role) {
        for (int i = 0; i < invited[a.segment][role]; ++i) {
            const bool answers = d.bernoulli(respond[role] * engagement);
            const double answer = clamp(std::floor(mood + role_bias[role] + 1.3 * d.normal() + 0.5), 0.0, 10.0);
            out += id;
            out += ",S";
            out += std::to_string(++k);
            (out += ',') += sample_roles[role];
            out += ',';
            if (only_managers ? role == 3 : answers) append_fixed(out, answer, 0);
            out += '\n';
        }
    }
}

void sample_generator::append_overrides(std::string& out, std::uint64_t accounts, const sample_calendar& cal) {
    using namespace std::chrono;
    const auto date = [&](int days) {
        const year_month_day d{sys_days(cal.as_of) + std::chrono::days(days)};
        char buf[16];
        const int y = static_cast<int>(d.year());
        const unsigned m = static_cast<unsigned>(d.month()), dd = static_cast<unsigned>(d.day());
        buf[0] = static_cast<char>('0' + m / 10);
        buf[1] = static_cast<char>('0' + m % 10);
        buf[2] = '-';
        buf[3] = static_cast<char>('0' + dd / 10);
        buf[4] = static_cast<char>('0' + dd % 10);
        return std::to_string(y) + "-" + std::string(buf, 5);
    };
    struct row {
        std::uint64_t index;
        std::string_view target, value, reason, author;
        int expires_in_days;
    };
    static constexpr std::string_view header = "account_id,target,value,reason,author,expires\n";
    const row rows[] = {
        {1, "score", "35", "Customer announced a vendor consolidation review; renewal at risk whatever the usage says",
         "maria.lopez", 60},
        {4, "score", "80", "Escalation closed; the new sponsor confirmed the renewal on the QBR call", "sam.okafor", -1},
        {6, "days_late", "100", "Invoices were held by the customer's AP system migration, not by intent; paid in full",
         "sam.okafor", 45},
        {11, "score", "20", "Champion left; the replacement is evaluating a competitor", "maria.lopez", 90},
    };
    out += header;
    for (const row& r : rows) {
        if (r.index >= accounts) continue;
        out += account_id(r.index);
        (out += ',') += r.target;
        (out += ',') += r.value;
        out += ',';
        out += '"';
        out += r.reason;
        out += '"';
        (out += ',') += r.author;
        (out += ',') += date(r.expires_in_days);
        out += '\n';
    }
}

}  // namespace vitals::io
