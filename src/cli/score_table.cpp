#include "score_table.hpp"

#include "common.hpp"
#include "pipeline.hpp"
#include "suggest.hpp"
#include "terminal.hpp"
#include "text_width.hpp"

#include "vitals/score.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <limits>

namespace vitals::cli {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// ---- columns and sort keys ---------------------------------------------------------------------

enum class column_id { account_id, score, trend, band, value, revenue_at_risk, quadrant, coverage, status, scorecard,
                       computed_score, alerts, drivers };
constexpr std::size_t column_count = 13;

struct column_name {
    column_id id;
    std::string_view name;
};
/// The names --columns takes, in the default order (an alias after its column).
constexpr std::array<column_name, 16> column_names{{
    {column_id::account_id, "account_id"}, {column_id::account_id, "id"},    {column_id::score, "score"},
    {column_id::trend, "trend"},           {column_id::band, "band"},        {column_id::value, "value"},
    {column_id::revenue_at_risk, "revenue_at_risk"}, {column_id::revenue_at_risk, "risk"},
    {column_id::quadrant, "quadrant"},     {column_id::coverage, "coverage"}, {column_id::status, "status"},
    {column_id::scorecard, "scorecard"},   {column_id::computed_score, "computed_score"},
    {column_id::alerts, "alerts"},         {column_id::drivers, "drivers"},  {column_id::drivers, "top_drivers"},
}};

std::string_view name_of(column_id c) {
    for (const column_name& n : column_names)
        if (n.id == c) return n.name;
    return "";
}

enum class sort_key { score, risk, change, value, coverage, id };
struct sort_name {
    sort_key key;
    std::string_view name;
};
constexpr std::array<sort_name, 6> sort_names{{
    {sort_key::score, "score"}, {sort_key::risk, "risk"}, {sort_key::change, "change"},
    {sort_key::value, "value"}, {sort_key::coverage, "coverage"}, {sort_key::id, "id"},
}};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

template <class List>
std::vector<std::string> names(const List& list) {
    std::vector<std::string> out;
    for (const auto& n : list) out.emplace_back(n.name);
    return out;
}

std::string joined(const std::vector<std::string>& words, std::string_view sep = ", ") {
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : std::string(sep)) + w;
    return out;
}

// ---- formatting --------------------------------------------------------------------------------

/// "+3.5" / "-2.0" / "0.0".
std::string signed_points(double x) {
    if (x != x) return "";
    std::string s = fixed(x, 1);
    if (x > 0 && s != "0.0") s.insert(0, "+");
    return s;
}

/// Whole money with thousands separators, "-" when unknown.
std::string money(double x) {
    if (!std::isfinite(x) || x < 0) return "-";
    return grouped(static_cast<std::uint64_t>(std::llround(x)));
}

std::string percent(double part, double whole) { return whole > 0 ? fixed(100.0 * part / whole, 1) + "%" : "-"; }

std::string plural(std::uint64_t n, std::string_view word) {
    return fmt::format("{} {}{}", grouped(n), word, n == 1 ? "" : "s");
}

// ---- what the table keeps of an account ---------------------------------------------------------

struct alert_mark {
    std::string_view name;  // into the scorecard
    alert_severity severity;
    bool held;
};

struct listed_account {
    std::string id;
    double score = nan, value = nan, at_risk = nan, change = nan, computed = nan;
    std::uint64_t position = 0;
    float coverage = 0;
    std::array<float, top_drivers> lost{};
    std::array<std::int32_t, top_drivers> drivers{-1, -1, -1};
    std::int32_t band = -1, card = 0, direction = 0, quadrant = 0;
    bool overridden = false, has_override = false;
    std::vector<alert_mark> alerts;
    std::vector<std::string> notes;  // the override lines
};

/// -1: a first, 1: b first, 0: a tie; NaN last, else `larger_first` or smaller first.
int compare(double a, double b, bool larger_first) {
    const bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : na ? 1 : -1;
    if (a == b) return 0;
    return (a > b) == larger_first ? -1 : 1;
}

/// Whether `a` is listed before `b`. Ties of revenue at risk as in `vitals portfolio` (larger value,
/// then lower score); every tie ends in input order.
bool ranks_before(sort_key key, const listed_account& a, const listed_account& b) {
    int c = 0;
    switch (key) {
    case sort_key::risk:
        c = compare(a.at_risk, b.at_risk, true);
        if (!c) c = compare(a.value, b.value, true);
        if (!c) c = compare(a.score, b.score, false);
        break;
    case sort_key::score: c = compare(a.score, b.score, false); break;
    case sort_key::change:
        c = compare(a.change, b.change, false);
        if (!c) c = compare(a.score, b.score, false);
        break;
    case sort_key::value:
        c = compare(a.value, b.value, true);
        if (!c) c = compare(a.score, b.score, false);
        break;
    case sort_key::coverage:
        c = compare(a.coverage, b.coverage, false);
        if (!c) c = compare(a.score, b.score, false);
        break;
    case sort_key::id: c = a.id < b.id ? -1 : b.id < a.id ? 1 : 0; break;
    }
    return c ? c < 0 : a.position < b.position;
}

// ---- the summary -------------------------------------------------------------------------------

struct band_total {
    std::string label;
    std::string_view color;
    std::uint64_t accounts = 0;
    double revenue = 0, at_risk = 0;
};

class score_table final : public score_writer {
public:
    score_table(const scorecard_set& set, const override_book& book, const output_features& f, bool color, table_options o)
        : set_(set), book_(book), f_(f), color_(color), o_(std::move(o)), ellipsis_(o_.utf8 ? "\u2026" : "...") {
        // the summary's bands: the first card's, then any other card's labels not seen yet
        for (std::size_t c = 0; c < set.cards().size(); ++c) {
            const scorecard& card = set.cards()[c];
            std::vector<std::size_t> slots;
            for (std::size_t b = 0; b < card.bands().labels.size(); ++b) {
                const std::string& l = card.bands().labels[b];
                std::size_t s = 0;
                while (s < bands_.size() && bands_[s].label != l) ++s;
                if (s == bands_.size()) bands_.push_back({l, band_color(card, static_cast<int>(b)), 0, 0, 0});
                slots.push_back(s);
            }
            slot_of_.push_back(std::move(slots));
        }
        choose_sort();
        choose_bands();
        choose_columns();
        // the rows kept: --top, or (on a terminal) at most a screen of them
        if (o_.top_given) limit_ = o_.top;
        else if (o_.screen_rows > 0) limit_ = o_.screen_rows;
    }

    void begin(std::string&) override {}

    void rows(std::string&, const chunk_results& c) override {
        const std::size_t W = set_.max_measures();
        for (std::size_t r = 0; r < c.rows; ++r, ++position_) {
            const bool ok = c.status[r] == static_cast<std::int32_t>(status::ok);
            const std::size_t card = c.card[r] >= 0 ? static_cast<std::size_t>(c.card[r]) : 0;
            listed_account a;
            a.position = position_;
            a.score = ok ? c.score[r] : nan;
            a.value = value_on() ? c.value[r] : nan;
            a.at_risk = portfolio::revenue_at_risk(a.value, a.score);
            a.change = f_.previous ? c.change[r] : nan;
            a.coverage = static_cast<float>(c.coverage[r]);
            a.band = ok ? c.band[r] : -1;
            count(card, a);
            if (!listed(card, a.band)) continue;
            ++matched_;
            if (sort_ == sort_key::id) a.id = printable(c.chunk->ids[r]);
            if (limit_ && kept_.size() == limit_ && !ranks_before(sort_, a, kept_.front())) continue;
            if (sort_ != sort_key::id) a.id = printable(c.chunk->ids[r]);
            a.card = static_cast<std::int32_t>(card);
            a.direction = f_.previous ? c.direction[r] : 0;
            a.quadrant = f_.quadrant ? c.quadrant[r] : 0;
            for (std::size_t k = 0; k < top_drivers; ++k) {
                a.drivers[k] = c.drivers[r * top_drivers + k];
                if (a.drivers[k] >= 0) a.lost[k] = static_cast<float>(c.points_lost[r * W + static_cast<std::size_t>(a.drivers[k])]);
            }
            if (f_.alerts)
                for (const raised_alert& al : c.alerts[r]) a.alerts.push_back({al.name, al.severity, al.suppressed});
            const std::int32_t ov = f_.overrides ? c.override_of[r] : -1;
            if (ov >= 0) {
                const overridden_row& row = c.overridden[static_cast<std::size_t>(ov)];
                a.has_override = true;
                a.overridden = row.any_applied();
                a.computed = row.computed_status == status::ok ? row.computed_score : nan;
                for (const override_effect& e : row.effects) a.notes.push_back("* " + describe_override(set_, book_, c.card[r], e));
            }
            keep(std::move(a));
        }
    }

    void end(std::string& out) override {
        std::sort(kept_.begin(), kept_.end(), [&](const listed_account& x, const listed_account& y) { return ranks_before(sort_, x, y); });
        std::vector<std::string> head = summary();
        if (accounts_ > 0) head.emplace_back();
        if (accounts_ > 0 && matched_ == 0) head.push_back(fit_width("No " + accounts_words(0) + ".", o_.width, ellipsis_));
        if (matched_ == 0) {
            for (const std::string& l : head) out += l + "\n";
            return;
        }
        // on a terminal (without --top), the rows that fit the screen, each with its override lines
        std::size_t shown = kept_.size();
        if (!o_.top_given && o_.screen_rows > 0) {
            const std::size_t before = head.size() + 2;  // + the list's title and header
            const std::size_t after = 1 + (o_.width != unlimited_width ? 1 : 0) + o_.trailing_lines + 1;  // footer, note, prompt
            const std::size_t budget = o_.screen_rows > before + after ? o_.screen_rows - before - after : 0;
            std::size_t used = 0;
            for (shown = 0; shown < kept_.size(); ++shown) {
                const std::size_t lines = 1 + kept_[shown].notes.size();
                if (shown > 0 && used + lines > budget) break;
                used += lines;
            }
        }
        const std::string count = shown == matched_ ? grouped(shown) : grouped(shown) + " of " + grouped(matched_);
        head.push_back(first_fit({count + " " + accounts_words(matched_) + ", " + sort_phrase(false) + ":",
                                  count + " " + accounts_words(matched_) + ", " + sort_phrase(true) + ":"}));
        const table_layout t = accounts_table(shown);
        for (const std::string& l : head) out += l + "\n";
        out += t.header(color_) + "\n";
        for (std::size_t r = 0; r < shown; ++r) {
            out += t.line(r, color_) + "\n";
            for (const std::string& n : kept_[r].notes) out += fit_width("    " + n, o_.width, ellipsis_) + "\n";
        }
        if (matched_ > shown) {
            const std::string more = fmt::format("{} {} more {} not shown", ellipsis_, grouped(matched_ - shown),
                                                 matched_ - shown == 1 ? "account" : "accounts");
            out += first_fit({more + " (use --top or --out)", more}) + "\n";
        }
        if (!t.dropped().empty())
            out += first_fit({fmt::format("(left out to fit {} columns: {}; see --columns)", o_.width, joined(t.dropped())),
                              fmt::format("(left out: {})", joined(t.dropped()))}) +
                   "\n";
    }

private:
    [[nodiscard]] bool value_on() const noexcept { return !o_.value_name.empty(); }

    // ---- the options, checked ----

    void choose_sort() {
        std::string s = o_.sort.empty() ? (value_on() ? "risk" : "score") : lower(o_.sort);
        const auto it = std::find_if(sort_names.begin(), sort_names.end(), [&](const sort_name& n) { return n.name == s; });
        if (it == sort_names.end())
            die(exit_usage, fmt::format("--sort: unknown key \"{}\"{} (the keys: {})", o_.sort, did_you_mean(s, names(sort_names)),
                                        joined(names(sort_names))));
        sort_ = it->key;
        if ((sort_ == sort_key::risk || sort_ == sort_key::value) && !value_on())
            die(exit_usage, fmt::format("--sort {}: the accounts have no value column (give it with --value-column; "
                                        "revenue at risk = value x (100 - score) / 100)", s));
        if (sort_ == sort_key::change && !f_.previous) die(exit_usage, "--sort change: needs earlier scores (--previous FILE)");
    }

    void choose_bands() {
        if (o_.bands.empty()) return;
        std::vector<std::string> known;
        for (const band_total& b : bands_) known.push_back(lower(b.label));
        known.push_back("no_data");
        picked_.assign(known.size(), false);
        for (const std::string& want : o_.bands) {
            const std::string w = lower(want);
            const auto it = std::find(known.begin(), known.end(), w == "insufficient_data" ? "no_data" : w);
            if (it == known.end())
                die(exit_usage, fmt::format("--band: no band \"{}\" in the scorecard{} (the bands: {})", want,
                                            did_you_mean(w, known), joined(known)));
            picked_[static_cast<std::size_t>(it - known.begin())] = true;
        }
        for (std::size_t s = 0; s < known.size(); ++s)
            if (picked_[s]) picked_words_.push_back(s + 1 == known.size() ? "no-data" : bands_[s].label);
    }

    void choose_columns() {
        std::vector<std::string> wanted = o_.columns;
        const auto available = [&](column_id c) -> std::string {  // "" or why not
            switch (c) {
            case column_id::trend: return f_.previous ? "" : "needs earlier scores (--previous FILE)";
            case column_id::value:
            case column_id::revenue_at_risk: return value_on() ? "" : "needs the accounts' value column (--value-column, default arr)";
            case column_id::quadrant: return f_.quadrant ? "" : "needs the value column (--value-column), without --no-quadrant";
            case column_id::scorecard: return f_.scorecard ? "" : "needs a scorecard set (one scorecard per segment)";
            case column_id::computed_score: return f_.overrides ? "" : "needs overrides (--overrides FILE)";
            case column_id::alerts: return f_.alerts ? "" : "the scorecard declares no alerts";
            default: return "";
            }
        };
        if (wanted.empty()) {
            for (column_id c : {column_id::account_id, column_id::score, column_id::trend, column_id::band, column_id::value,
                                column_id::revenue_at_risk, column_id::quadrant, column_id::coverage, column_id::scorecard,
                                column_id::alerts, column_id::drivers})
                if (available(c).empty()) columns_.push_back(c);
            return;
        }
        std::vector<std::string> known = names(column_names);
        if (value_on()) known.push_back(o_.value_name);
        for (const std::string& want : wanted) {
            const std::string w = lower(want);
            column_id id{};
            if (value_on() && want == o_.value_name) {
                id = column_id::value;
            } else {
                const auto it = std::find_if(column_names.begin(), column_names.end(), [&](const column_name& n) { return n.name == w; });
                if (it == column_names.end())
                    die(exit_usage, fmt::format("--columns: unknown column \"{}\"{} (the columns: {})", want, did_you_mean(w, known),
                                                table_column_names()));
                id = it->id;
            }
            if (const std::string why = available(id); !why.empty()) die(exit_usage, fmt::format("--columns: {} {}", want, why));
            if (std::find(columns_.begin(), columns_.end(), id) != columns_.end())
                die(exit_usage, fmt::format("--columns: {} is named twice", want));
            columns_.push_back(id);
        }
    }

    /// Whether the table lists accounts of this band (--band).
    [[nodiscard]] bool listed(std::size_t card, std::int32_t band) const {
        if (picked_.empty()) return true;
        if (band < 0) return picked_.back();
        return picked_[slot_of_[card][static_cast<std::size_t>(band)]];
    }

    /// "accounts", "red accounts", "red or yellow account" (--band).
    [[nodiscard]] std::string accounts_words(std::uint64_t n) const {
        std::string s;
        for (std::size_t k = 0; k < picked_words_.size(); ++k)
            s += (k == 0 ? "" : k + 1 == picked_words_.size() ? " or " : ", ") + picked_words_[k];
        return s + (s.empty() ? "" : " ") + (n == 1 ? "account" : "accounts");
    }

    /// "highest revenue at risk first", or (`brief`) "by revenue at risk".
    [[nodiscard]] std::string sort_phrase(bool brief) const {
        switch (sort_) {
        case sort_key::risk: return brief ? "by revenue at risk" : "highest revenue at risk first";
        case sort_key::score: return brief ? "by score" : "lowest score first";
        case sort_key::change: return brief ? "by change" : "largest score drop first";
        case sort_key::value: return brief ? "by " + o_.value_name : "highest " + o_.value_name + " first";
        case sort_key::coverage: return brief ? "by coverage" : "lowest coverage first";
        case sort_key::id: return "by account id";
        }
        return "";
    }

    /// The first of `forms` that fits the width, else the last one cut to it.
    [[nodiscard]] std::string first_fit(std::initializer_list<std::string> forms) const {
        for (const std::string& f : forms)
            if (display_width(f) <= o_.width) return f;
        return fit_width(*(forms.end() - 1), o_.width, ellipsis_);
    }

    // ---- keeping rows ----

    void count(std::size_t card, const listed_account& a) {
        ++accounts_;
        const bool has_value = !std::isnan(a.value);
        if (has_value) revenue_ += a.value;
        if (a.band < 0) {
            ++no_data_.accounts;
            if (has_value) no_data_.revenue += a.value;
            return;
        }
        band_total& b = bands_[slot_of_[card][static_cast<std::size_t>(a.band)]];
        ++b.accounts;
        if (has_value) b.revenue += a.value;
        if (!std::isnan(a.at_risk)) b.at_risk += a.at_risk, at_risk_ += a.at_risk;
    }

    void keep(listed_account a) {
        const auto before = [&](const listed_account& x, const listed_account& y) { return ranks_before(sort_, x, y); };
        if (limit_ == 0 || kept_.size() < limit_) {
            kept_.push_back(std::move(a));
            if (limit_) std::push_heap(kept_.begin(), kept_.end(), before);
            return;
        }
        std::pop_heap(kept_.begin(), kept_.end(), before);  // the last-ranked kept row goes
        kept_.back() = std::move(a);
        std::push_heap(kept_.begin(), kept_.end(), before);
    }

    // ---- the text ----

    /// The title, the band table and the revenue at risk.
    [[nodiscard]] std::vector<std::string> summary() const {
        std::vector<std::string> lines{first_fit({fmt::format("{} from {}", plural(accounts_, "account"), o_.source)})};
        if (accounts_ == 0) return lines;
        std::vector<band_total> rows = bands_;
        if (no_data_.accounts) rows.push_back({"no data", ansi::dim, no_data_.accounts, no_data_.revenue, 0});
        rows.push_back({"total", "", accounts_, revenue_, at_risk_});
        table_layout t(ellipsis_);
        const std::size_t band = t.add({"band", "band"}), accounts = t.add({"accounts", "accounts", align::right}),
                          share = t.add({"share", "share", align::right});
        std::size_t value = 0, value_share = 0, risk = 0;
        if (value_on()) {
            value = t.add({"value", o_.value_name, align::right});
            value_share = t.add({"value share", "share", align::right});
            risk = t.add({"at risk", "at risk", align::right});
        }
        for (const band_total& b : rows) {
            const bool total = &b == &rows.back();
            t.column(band).forms[0].push_back(b.label);
            t.column(band).colors.push_back(b.color);
            t.column(accounts).forms[0].push_back(grouped(b.accounts));
            t.column(share).forms[0].push_back(percent(static_cast<double>(b.accounts), static_cast<double>(accounts_)));
            if (value_on()) {
                t.column(value).forms[0].push_back(money(b.revenue));
                t.column(value_share).forms[0].push_back(percent(b.revenue, revenue_));
                t.column(risk).forms[0].push_back(b.label == "no data" && !total ? "-" : money(b.at_risk));
            }
        }
        std::vector<fit_step> steps{{fit_step::drop, share}};
        if (value_on()) steps = {{fit_step::drop, value_share}, {fit_step::drop, share}, {fit_step::drop, value}, {fit_step::drop, risk}};
        t.fit(o_.width, steps);
        lines.push_back(t.header(color_));
        for (std::size_t r = 0; r < rows.size(); ++r) lines.push_back(t.line(r, color_));
        if (value_on() && revenue_ > 0)
            lines.push_back(first_fit({fmt::format("revenue at risk ({} x (100 - score) / 100): {} of {} ({})", o_.value_name,
                                                   money(at_risk_), money(revenue_), percent(at_risk_, revenue_)),
                                       fmt::format("revenue at risk: {} ({})", money(at_risk_), percent(at_risk_, revenue_))}));
        return lines;
    }

    /// The accounts' table of the first `shown` kept rows, fitted to the width.
    [[nodiscard]] table_layout accounts_table(std::size_t shown) const {
        table_layout t(ellipsis_);
        std::array<std::size_t, column_count> at;
        at.fill(std::numeric_limits<std::size_t>::max());
        for (column_id c : columns_) at[static_cast<std::size_t>(c)] = t.add(header_of(c));
        for (std::size_t r = 0; r < shown; ++r) {
            const listed_account& a = kept_[r];
            for (column_id c : columns_) {
                table_column& col = t.column(at[static_cast<std::size_t>(c)]);
                if (c == column_id::drivers) {
                    col.forms.resize(top_drivers);
                    for (std::size_t n = top_drivers; n >= 1; --n) col.forms[top_drivers - n].push_back(drivers(a, n));
                } else {
                    col.forms[0].push_back(cell(c, a));
                }
                if (c == column_id::score || c == column_id::band) col.colors.push_back(band_colour(a));
                if (c == column_id::alerts) col.colors.push_back(alert_colour(a));
            }
        }
        const auto id = [&](column_id c) { return at[static_cast<std::size_t>(c)]; };
        std::vector<fit_step> steps{
            {fit_step::cut, id(column_id::account_id), 32}, {fit_step::narrow, id(column_id::drivers)},
            {fit_step::drop, id(column_id::status)},        {fit_step::drop, id(column_id::coverage)},
            {fit_step::drop, id(column_id::computed_score)}, {fit_step::drop, id(column_id::scorecard)},
            {fit_step::cut, id(column_id::alerts), 24},     {fit_step::narrow, id(column_id::drivers)},
            {fit_step::drop, id(column_id::quadrant)},      {fit_step::drop, id(column_id::value)},
            {fit_step::drop, id(column_id::alerts)},        {fit_step::drop, id(column_id::trend)},
            {fit_step::cut, id(column_id::drivers), 20},    {fit_step::drop, id(column_id::drivers)},
            {fit_step::drop, id(column_id::revenue_at_risk)}, {fit_step::drop, id(column_id::band)},
            {fit_step::cut, id(column_id::account_id), 8},
        };
        std::erase_if(steps, [](const fit_step& s) { return s.column == std::numeric_limits<std::size_t>::max(); });
        t.fit(o_.width, steps);
        return t;
    }

    [[nodiscard]] table_column header_of(column_id c) const {
        const std::string name(name_of(c));
        switch (c) {
        case column_id::score:
        case column_id::coverage:
        case column_id::revenue_at_risk: return {name, c == column_id::revenue_at_risk ? "at risk" : name, align::right};
        case column_id::value: return {o_.value_name, o_.value_name, align::right};
        case column_id::computed_score: return {name, "computed", align::right};
        case column_id::drivers: return {name, "top drivers (points lost)"};
        default: return {name, name};
        }
    }

    [[nodiscard]] std::string cell(column_id c, const listed_account& a) const {
        switch (c) {
        case column_id::account_id: return a.id;
        case column_id::score: return fixed(a.score, 1) + (f_.overrides ? (a.overridden ? "*" : " ") : "");
        case column_id::trend: {
            const std::string_view arrow = trend_arrow(a.direction, f_.unicode);
            return arrow.empty() ? "" : std::string(arrow) + " " + signed_points(a.change);
        }
        case column_id::band: return a.band >= 0 ? std::string(set_.cards()[static_cast<std::size_t>(a.card)].bands().label(a.band)) : "no data";
        case column_id::value: return money(a.value);
        case column_id::revenue_at_risk: return money(a.at_risk);
        case column_id::quadrant: return std::string(portfolio::label(static_cast<portfolio::quadrant>(a.quadrant)));
        case column_id::coverage: return fmt::format("{:.0f}%", static_cast<double>(a.coverage) * 100.0);
        case column_id::status: return a.band >= 0 ? "ok" : "insufficient data";
        case column_id::scorecard: return set_.label(static_cast<std::size_t>(a.card));
        case column_id::computed_score: return a.has_override ? fixed(a.computed, 1) : "";
        case column_id::alerts: {
            std::string s;
            for (const alert_mark& m : a.alerts) s += (s.empty() ? "" : ", ") + std::string(m.name) + (m.held ? " (cooldown)" : "");
            return s;
        }
        case column_id::drivers: return drivers(a, top_drivers);
        }
        return "";
    }

    /// The first `n` drivers: "adoption_rate 11.8, nps 8.0".
    [[nodiscard]] std::string drivers(const listed_account& a, std::size_t n) const {
        std::string s;
        const scorecard& card = set_.cards()[static_cast<std::size_t>(a.card)];
        for (std::size_t k = 0; k < n && a.drivers[k] >= 0; ++k)
            s += (k ? ", " : "") + card.measures()[static_cast<std::size_t>(a.drivers[k])].name + " " +
                 fixed(static_cast<double>(a.lost[k]), 1);
        return s;
    }

    [[nodiscard]] std::string_view band_colour(const listed_account& a) const {
        return a.band >= 0 ? band_color(set_.cards()[static_cast<std::size_t>(a.card)], a.band) : ansi::dim;
    }
    /// The most severe alert's colour (critical red, warning yellow); dim when every one is held.
    [[nodiscard]] static std::string_view alert_colour(const listed_account& a) {
        bool all_held = !a.alerts.empty();
        alert_severity worst = alert_severity::info;
        for (const alert_mark& m : a.alerts) {
            all_held &= m.held;
            if (!m.held && m.severity > worst) worst = m.severity;
        }
        if (all_held) return ansi::dim;
        return worst == alert_severity::critical ? ansi::red : worst == alert_severity::warning ? ansi::yellow : "";
    }

    const scorecard_set& set_;
    const override_book& book_;
    output_features f_;
    bool color_;
    table_options o_;
    std::string ellipsis_;
    sort_key sort_ = sort_key::score;
    std::vector<column_id> columns_;
    std::vector<bool> picked_;                       // --band, per summary slot (and no data last)
    std::vector<std::string> picked_words_;
    std::vector<band_total> bands_;                  // the summary, per band label
    std::vector<std::vector<std::size_t>> slot_of_;  // [card][band] -> bands_
    band_total no_data_{"no data", ansi::dim, 0, 0, 0};
    std::uint64_t accounts_ = 0, matched_ = 0, position_ = 0;
    double revenue_ = 0, at_risk_ = 0;
    std::uint64_t limit_ = 0;                        // 0: keep every listed account
    std::vector<listed_account> kept_;               // a heap (worst first) while limit_ is set
};

}  // namespace

std::unique_ptr<score_writer> make_score_table(const scorecard_set& set, const override_book& book,
                                               const output_features& features, bool color, table_options options) {
    return std::make_unique<score_table>(set, book, features, color, std::move(options));
}

std::string table_column_names() {
    std::string s;
    for (const column_name& n : column_names) s += (s.empty() ? "" : ", ") + std::string(n.name);
    return s;
}

std::string table_sort_names() { return joined(names(sort_names), "|"); }

}  // namespace vitals::cli
