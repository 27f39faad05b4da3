#include "output.hpp"

#include "common.hpp"
#include "terminal.hpp"

#include "vitals/score.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vitals::cli {
namespace {

bool scored(const scored_chunk& c, std::size_t r) {
    return c.status[r] == static_cast<std::int32_t>(status::ok);
}

class csv_writer final : public score_writer {
public:
    explicit csv_writer(const scorecard& card) {
        for (const std::string& l : card.bands().labels) append_csv_field(bands_.emplace_back(), l);
        for (const measure& m : card.measures()) append_csv_field(measures_.emplace_back(), m.name);
    }
    void begin(std::string& out) override {
        out += "account_id,score,band,coverage,status";
        for (std::size_t k = 1; k <= top_drivers; ++k) out += ",driver_" + std::to_string(k);
        out += '\n';
    }
    void rows(std::string& out, const scored_chunk& c) override {
        for (std::size_t r = 0; r < c.accounts.rows; ++r) {
            append_csv_field(out, c.accounts.ids[r]);
            out += ',';
            append_exact(out, c.score[r]);
            out += ',';
            if (c.band[r] >= 0 && static_cast<std::size_t>(c.band[r]) < bands_.size())
                out += bands_[static_cast<std::size_t>(c.band[r])];
            out += ',';
            append_exact(out, c.coverage[r]);
            out += ',';
            out += to_string(static_cast<vitals::status>(c.status[r]));
            for (std::size_t k = 0; k < top_drivers; ++k) {
                out += ',';
                const std::int32_t m = c.drivers[r * top_drivers + k];
                if (m >= 0) out += measures_[static_cast<std::size_t>(m)];
            }
            out += '\n';
        }
    }
    void end(std::string&) override {}

private:
    std::vector<std::string> bands_, measures_;  // as CSV fields
};

class json_writer final : public score_writer {
public:
    explicit json_writer(const scorecard& card) : card_(card) {}
    bool wants_points_lost() const noexcept override { return true; }
    void begin(std::string& out) override { out += "["; }
    void rows(std::string& out, const scored_chunk& c) override {
        const auto measures = card_.measures();
        const std::size_t M = measures.size();
        for (std::size_t r = 0; r < c.accounts.rows; ++r) {
            out += first_ ? "\n" : ",\n";
            first_ = false;
            out += "{\"account_id\":";
            append_json_string(out, c.accounts.ids[r]);
            out += ",\"score\":";
            if (scored(c, r)) append_exact(out, c.score[r]);
            else out += "null";
            out += ",\"band\":";
            if (c.band[r] >= 0) append_json_string(out, card_.bands().label(c.band[r]));
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
                append_exact(out, c.points_lost[r * M + static_cast<std::size_t>(m)]);
                out += '}';
            }
            out += "]}";
        }
    }
    void end(std::string& out) override { out += first_ ? "]\n" : "\n]\n"; }

private:
    const scorecard& card_;
    bool first_ = true;
};

class table_writer final : public score_writer {
public:
    table_writer(const scorecard& card, bool color) : card_(card), color_(color) {
        band_width_ = 7;  // "no data"
        for (const std::string& l : card.bands().labels) band_width_ = std::max(band_width_, l.size());
    }
    bool wants_points_lost() const noexcept override { return true; }
    void begin(std::string&) override {}
    void rows(std::string& out, const scored_chunk& c) override {
        if (!header_done_) {
            // the id column is as wide as the widest id of the first chunk (10 to 32)
            id_width_ = 10;
            for (std::size_t r = 0; r < c.accounts.rows; ++r)
                id_width_ = std::max(id_width_, std::min<std::size_t>(c.accounts.ids[r].size(), 32));
            std::string h = fmt::format("{:<{}}  {:>5}  {:<{}}  {:>8}  {:<17}  {}", "account_id", id_width_, "score",
                                        "band", band_width_, "coverage", "status", "top drivers (points lost)");
            if (color_) out += std::string(ansi::bold) + h + std::string(ansi::reset) + "\n";
            else out += h + "\n";
            header_done_ = true;
        }
        const auto measures = card_.measures();
        const std::size_t M = measures.size();
        for (std::size_t r = 0; r < c.accounts.rows; ++r) {
            const bool ok = scored(c, r);
            const std::string band = ok ? std::string(card_.bands().label(c.band[r])) : "no data";
            std::string score_cell = fmt::format("{:>5}", ok ? fixed(c.score[r], 1) : "-");
            std::string band_cell = fmt::format("{:<{}}", band, band_width_);
            if (color_) {
                const std::string_view col = ok ? band_color(card_, c.band[r]) : ansi::dim;
                score_cell = std::string(col) + score_cell + std::string(ansi::reset);
                band_cell = std::string(col) + band_cell + std::string(ansi::reset);
            }
            std::string drivers;
            for (std::size_t k = 0; k < top_drivers; ++k) {
                const std::int32_t m = c.drivers[r * top_drivers + k];
                if (m < 0) break;
                if (k) drivers += ", ";
                drivers += measures[static_cast<std::size_t>(m)].name + " " +
                           fixed(c.points_lost[r * M + static_cast<std::size_t>(m)], 1);
            }
            out += fmt::format("{:<{}}  {}  {}  {:>7.0f}%  {:<17}  {}", c.accounts.ids[r], id_width_, score_cell,
                               band_cell, c.coverage[r] * 100.0,
                               ok ? "ok" : "insufficient data", drivers);
            while (!out.empty() && out.back() == ' ') out.pop_back();
            out += '\n';
        }
    }
    void end(std::string& out) override {
        if (!header_done_) {
            scored_chunk none{empty_, {}, {}, {}, {}, {}, {}};
            rows(out, none);
        }
    }

private:
    const scorecard& card_;
    bool color_;
    bool header_done_ = false;
    std::size_t id_width_ = 10, band_width_ = 7;
    io::account_chunk empty_;
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

std::unique_ptr<score_writer> make_score_writer(std::string_view format, const scorecard& card, bool color) {
    if (format == "json") return std::make_unique<json_writer>(card);
    if (format == "table") return std::make_unique<table_writer>(card, color);
    return std::make_unique<csv_writer>(card);
}

}  // namespace vitals::cli
