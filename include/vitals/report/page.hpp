// Vitals report — the one-page HTML health report of a scored book (book_summary.hpp).
//
// One self-contained file: inline CSS and inline SVG, no script, no font, no image, nothing
// fetched (a Content-Security-Policy of default-src 'none' says so to the browser), so it opens
// from disk, offline, with JavaScript disabled, and prints. Sections, each a <section> with a
// stable id (docs/report.md lists the classes and data attributes inside):
//
//   #summary      accounts, scored, revenue, revenue at risk
//   #bands        accounts and revenue per band (tr.band-row, g.bar in svg#band-chart)
//   #band-mix     with earlier scores, the accounts per band period by period and now
//                 (svg#band-mix-chart, g.mix-column[data-period], rect.mix[data-band][data-count])
//   #distribution the score distribution (svg#score-histogram, rect.bin)
//   #quadrant     value x health: svg#quadrant-plot (circle.pt, or rect.cell for big books, two
//                 line.quadrant-line, text.quadrant-label) and tr.quadrant-row per quadrant
//   #assessment   ol#assessment-list of li.account (rank, id, band, score, value, revenue at risk,
//                 trend arrow, drivers, alerts), each a <details> that opens its explanation
//                 (table.explanation, tr.measure: sub-score, weight share, contribution, points lost)
//                 and p.more saying how many accounts were not listed
//   #measures     the measures that cost the book the most points (svg#measure-chart)
//   #coverage     the coverage distribution (svg#coverage-histogram), the share of accounts with
//                 data per measure (tr.measure-coverage), and the notes (skipped rows, side-file
//                 accounts not in the book)
//
// Band colours are colour-blind safe (palette.hpp) and every coloured mark carries its band's
// label as text. Every user text is escaped (html.hpp).
#pragma once

#include "vitals/report/book_summary.hpp"

#include <limits>
#include <span>
#include <string>
#include <vector>

namespace vitals::report {

struct page_info {
    std::string title = "Account health";
    std::string source;      ///< where the accounts came from ("accounts.csv")
    std::string as_of;       ///< "YYYY-MM-DD", may be empty
    std::string scorecard;   ///< "built-in default" or the file
    std::string generator;   ///< "vitals 0.9.0"
    std::string value_name = "arr";
    double value_cutoff = std::numeric_limits<double>::infinity();  ///< the quadrants' high-value cut-off
    double health_threshold = 70.0;
    std::size_t max_points = 5000;   ///< the quadrant plot draws points up to this many accounts, else a density
    std::vector<std::string> notes;  ///< shown under #coverage
};

/// The whole page.
[[nodiscard]] std::string render_page(const book_summary& book, const page_info& info);

/// page_info::notes for side-input accounts the book does not hold (session::unmatched()), one line
/// each: "note: overrides.csv: 2 accounts not in the book (a, b); their overrides never applied"
/// (at most five ids, then "..."). What `vitals report` and vitals_session_report write.
[[nodiscard]] std::vector<std::string> unmatched_notes(std::span<const session::unmatched_accounts> unmatched);

}  // namespace vitals::report
