#include "output.hpp"

#include "common.hpp"
#include "pipeline.hpp"
#include "terminal.hpp"

#include "vitals/score.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vitals::cli {
namespace {

bool scored(const chunk_results& c, std::size_t r) { return c.status[r] == static_cast<std::int32_t>(status::ok); }

/// The row's scorecard (card -1: the first, only for labels of rows that were not scored).
const scorecard& card_of(const scorecard_set& set, const chunk_results& c, std::size_t r) {
    return set.cards()[c.card[r] >= 0 ? static_cast<std::size_t>(c.card[r]) : 0];
}

std::string alert_names(const chunk_results& c, std::size_t r, bool held) {
    std::string s;
    for (const raised_alert& a : c.alerts[r])
        if (a.suppressed == held) {
            if (!s.empty()) s += ';';
            s += a.name;
        }
    return s;
}

class csv_writer final : public score_writer {
public:
    csv_writer(const scorecard_set& set, const override_book& book, const output_features& f)
        : set_(set), book_(book), f_(f) {}
    void begin(std::string& out) override {
        out += "account_id,score,band,coverage,status";
        for (std::size_t k = 1; k <= top_drivers; ++k) out += ",driver_" + std::to_string(k);
        if (f_.scorecard) out += ",scorecard";
        if (f_.overrides) out += ",computed_score,override";
        if (f_.previous) out += ",score_change,trend";
        if (f_.alerts) out += ",alerts";
        if (f_.quadrant) out += ",quadrant";
        if (f_.churn_probability) out += ",churn_probability";
        out += '\n';
    }
    void rows(std::string& out, const chunk_results& c) override {
        for (std::size_t r = 0; r < c.rows; ++r) {
            const scorecard& card = card_of(set_, c, r);
            append_csv_field(out, c.chunk->ids[r]);
            out += ',';
            append_exact(out, c.score[r]);
            out += ',';
            if (c.band[r] >= 0) append_csv_field(out, card.bands().label(c.band[r]));
            out += ',';
            append_exact(out, c.coverage[r]);
            out += ',';
            out += to_string(static_cast<vitals::status>(c.status[r]));
            for (std::size_t k = 0; k < top_drivers; ++k) {
                out += ',';
                const std::int32_t m = c.drivers[r * top_drivers + k];
                if (m >= 0) append_csv_field(out, card.measures()[static_cast<std::size_t>(m)].name);
            }
            if (f_.scorecard) {
                out += ',';
                if (c.card[r] >= 0) append_csv_field(out, set_.label(static_cast<std::size_t>(c.card[r])));
            }
            if (f_.overrides) {
                out += ',';
                const std::int32_t k = c.override_of[r];
                append_exact(out, k >= 0 ? c.overridden[static_cast<std::size_t>(k)].computed_score : c.score[r]);
                out += ',';
                if (k >= 0) {
                    std::string text;
                    for (const override_effect& e : c.overridden[static_cast<std::size_t>(k)].effects)
                        text += (text.empty() ? "" : "; ") + describe_override(set_, book_, c.card[r], e);
                    append_csv_field(out, text);
                }
            }
            if (f_.previous) {
                out += ',';
                append_exact(out, c.change[r]);
                out += ',';
                out += to_string(static_cast<score_direction>(c.direction[r]));
            }
            if (f_.alerts) {
                out += ',';
                append_csv_field(out, alert_names(c, r, false));
            }
            if (f_.quadrant) {
                out += ',';
                out += portfolio::to_string(static_cast<portfolio::quadrant>(c.quadrant[r]));
            }
            if (f_.churn_probability) {
                out += ',';
                append_exact(out, c.churn_probability[r]);
            }
            out += '\n';
        }
    }
    void end(std::string&) override {}

private:
    const scorecard_set& set_;
    const override_book& book_;
    output_features f_;
};

class json_writer final : public score_writer {
public:
    /// `lines`: JSON Lines (one object a line, no enclosing array), else one JSON array.
    json_writer(const scorecard_set& set, const override_book& book, const output_features& f,
                const io::account_reader& reader, bool lines)
        : set_(set), book_(book), f_(f), reader_(reader), lines_(lines) {}
    void begin(std::string& out) override {
        if (!lines_) out += "[";
    }
    void rows(std::string& out, const chunk_results& c) override {
        const std::size_t W = set_.max_measures();
        for (std::size_t r = 0; r < c.rows; ++r) {
            const scorecard& card = card_of(set_, c, r);
            const auto measures = card.measures();
            if (!lines_) out += first_ ? "\n" : ",\n";
            first_ = false;
            require_utf8(c.chunk->ids[r], row_place(reader_, c.chunk->origins[r]), "account id");
            out += "{\"account_id\":";
            append_json_string(out, c.chunk->ids[r]);
            out += ",\"score\":";
            number(out, scored(c, r) ? c.score[r] : std::numeric_limits<double>::quiet_NaN());
            if (f_.churn_probability) {
                out += ",\"churn_probability\":";
                number(out, c.churn_probability[r]);
            }
            out += ",\"band\":";
            if (c.band[r] >= 0) append_json_string(out, card.bands().label(c.band[r]));
            else out += "null";
            out += ",\"coverage\":";
            append_exact(out, c.coverage[r]);
            out += ",\"status\":";
            append_json_string(out, to_string(static_cast<vitals::status>(c.status[r])));
            out += ",\"drivers\":[";
            for (std::size_t k = 0; k < top_drivers; ++k) {
                const std::int32_t m = c.drivers[r * top_drivers + k];
                if (m < 0) break;
                if (k) out += ',';
                out += "{\"measure\":";
                append_json_string(out, measures[static_cast<std::size_t>(m)].name);
                out += ",\"points_lost\":";
                append_exact(out, c.points_lost[r * W + static_cast<std::size_t>(m)]);
                out += '}';
            }
            out += ']';
            if (f_.scorecard) {
                out += ",\"scorecard\":";
                if (c.card[r] >= 0) append_json_string(out, set_.label(static_cast<std::size_t>(c.card[r])));
                else out += "null";
            }
            if (f_.overrides) {
                const std::int32_t k = c.override_of[r];
                out += ",\"computed_score\":";
                if (k >= 0) {
                    const overridden_row& o = c.overridden[static_cast<std::size_t>(k)];
                    number(out, o.computed_status == status::ok ? o.computed_score : std::numeric_limits<double>::quiet_NaN());
                } else {
                    number(out, scored(c, r) ? c.score[r] : std::numeric_limits<double>::quiet_NaN());
                }
                out += ",\"overrides\":[";
                if (k >= 0) {
                    bool first = true;
                    for (const override_effect& e : c.overridden[static_cast<std::size_t>(k)].effects) {
                        const account_override& a = book_.entries()[e.entry];
                        const std::string place = a.origin.empty() ? std::string("--overrides") : a.origin;
                        require_utf8(a.target, place, "override target");
                        require_utf8(a.author, place, "override author");
                        require_utf8(a.reason, place, "override reason");
                        out += first ? "{" : ",{";
                        first = false;
                        out += "\"target\":";
                        append_json_string(out, a.target);
                        out += ",\"state\":";
                        append_json_string(out, to_string(e.state));
                        out += ",\"computed\":";
                        number(out, e.computed);
                        out += ",\"value\":";
                        number(out, e.value);
                        out += ",\"author\":";
                        append_json_string(out, a.author);
                        out += ",\"reason\":";
                        append_json_string(out, a.reason);
                        out += ",\"expires\":";
                        append_json_string(out, format_date(a.expires));
                        out += '}';
                    }
                }
                out += ']';
            }
            if (f_.previous) {
                out += ",\"score_change\":";
                number(out, c.change[r]);
                out += ",\"trend\":";
                append_json_string(out, to_string(static_cast<score_direction>(c.direction[r])));
            }
            if (f_.alerts) {
                out += ",\"alerts\":[";
                bool first = true;
                for (const raised_alert& a : c.alerts[r]) {
                    out += first ? "{" : ",{";
                    first = false;
                    out += "\"name\":";
                    append_json_string(out, a.name);
                    out += ",\"severity\":";
                    append_json_string(out, to_string(a.severity));
                    out += ",\"value\":";
                    number(out, a.value);
                    out += ",\"threshold\":";
                    number(out, a.threshold);
                    out += ",\"suppressed\":";
                    out += a.suppressed ? "true" : "false";
                    out += ",\"reason\":";
                    append_json_string(out, a.reason);
                    out += '}';
                }
                out += ']';
            }
            if (f_.quadrant) {
                out += ",\"value\":";
                number(out, c.value[r]);
                out += ",\"quadrant\":";
                append_json_string(out, portfolio::to_string(static_cast<portfolio::quadrant>(c.quadrant[r])));
            }
            out += lines_ ? "}\n" : "}";
        }
    }
    void end(std::string& out) override {
        if (!lines_) out += first_ ? "]\n" : "\n]\n";
    }

private:
    static void number(std::string& out, double x) { append_json_number(out, x); }
    const scorecard_set& set_;
    const override_book& book_;
    output_features f_;
    const io::account_reader& reader_;
    bool lines_;
    bool first_ = true;
};

}  // namespace

std::string_view band_color(const scorecard& card, int band) {
    const std::string_view label = card.bands().label(band);
    if (label == "red") return ansi::red;
    if (label == "yellow" || label == "amber" || label == "orange") return ansi::yellow;
    if (label == "green") return ansi::green;
    const int last = static_cast<int>(card.bands().labels.size()) - 1;
    return band <= 0 ? ansi::red : band >= last ? ansi::green : ansi::yellow;
}

std::string_view trend_arrow(std::int32_t direction, bool unicode) {
    switch (static_cast<score_direction>(direction)) {
    case score_direction::improving: return unicode ? "\u2191" : "^";
    case score_direction::stable: return unicode ? "\u2192" : "=";
    case score_direction::declining: return unicode ? "\u2193" : "v";
    default: return "";
    }
}

std::unique_ptr<score_writer> make_score_writer(std::string_view format, const scorecard_set& set,
                                                const override_book& book, const output_features& features,
                                                const io::account_reader& reader) {
    if (format == "json" || format == "jsonl")
        return std::make_unique<json_writer>(set, book, features, reader, format == "jsonl");
    return std::make_unique<csv_writer>(set, book, features);
}

}  // namespace vitals::cli
