// Vitals report — what the report's pages share (see page_parts.hpp).
#include "page_parts.hpp"

#include "vitals/report/html.hpp"
#include "vitals/report/svg.hpp"

#include <cmath>
#include <cstdio>

namespace vitals::report::parts {

using svg::num;

constexpr std::string_view style_sheet = R"css(
:root{--ink:#1b1b1b;--muted:#5a5a5a;--rule:#d9d9d9;--panel:#f6f6f4}
*{box-sizing:border-box}
html{font-size:14px}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 24px}
header{padding-top:20px}
h1{font-size:24px;margin:0 0 2px}
h2{font-size:18px;margin:0 0 8px}
.meta,.note,footer{color:var(--muted)}
nav{max-width:1180px;margin:8px auto 0;padding:0 24px}
nav a{margin-right:14px;color:#0072b2}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0 4px;padding:0}
.kpi{background:var(--panel);border-radius:6px;padding:8px 14px;min-width:150px}
.kpi dt{font-size:12px;color:var(--muted)}
.kpi dd{margin:0;font-size:20px;font-weight:600}
section{border-top:1px solid var(--rule);padding:16px 0 10px}
.row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:3px 10px;text-align:right;border-bottom:1px solid var(--rule)}
th:first-child,td:first-child{text-align:left}
th{font-weight:600;font-size:12px;color:var(--muted)}
.chip{display:inline-block;width:.85em;height:.85em;border-radius:2px;margin-right:6px;vertical-align:-1px;border:1px solid rgba(0,0,0,.25)}
svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif}
svg .axis{stroke:#888}
svg .grid{stroke:#e6e6e6}
svg .plot-area{fill:#fcfcfc;stroke:#ccc}
svg .tick,svg .legend{fill:var(--muted)}
svg .bar-label,svg .bar-value{fill:var(--ink)}
svg .quadrant-line{stroke:#1b1b1b;stroke-width:1.5;stroke-dasharray:6 4}
svg .quadrant-label{font-weight:600;fill:#1b1b1b;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .pt{fill-opacity:.75;stroke:#fff;stroke-width:.5}
svg .mix{stroke:#fff;stroke-width:1}
svg .mix-share{fill:#fff;font-weight:600;paint-order:stroke;stroke:rgba(0,0,0,.45);stroke-width:2px}
#assessment-list{list-style:none;margin:0;padding:0}
.list-head,#assessment-list summary{display:grid;grid-template-columns:1.2rem 3rem minmax(8rem,11rem) 6.5rem 3.5rem 6.5rem 6.5rem 9.5rem minmax(10rem,1.4fr) minmax(8rem,1fr);gap:8px;align-items:baseline;padding:4px 6px}
.list-head{font-size:12px;color:var(--muted);font-weight:600;border-bottom:1px solid var(--rule)}
#assessment-list li{border-bottom:1px solid var(--rule)}
#assessment-list summary{cursor:pointer;list-style:none}
#assessment-list summary::-webkit-details-marker{display:none}
#assessment-list summary::before{content:"\25B8";color:var(--muted)}
#assessment-list details[open] summary::before{content:"\25BE"}
#assessment-list details[open] summary{background:var(--panel)}
.num{text-align:right;font-variant-numeric:tabular-nums}
.id{font-weight:600;overflow-wrap:anywhere}
.drivers,.alerts{font-size:12.5px;min-width:0}
.alert{display:inline-block;max-width:100%;overflow-wrap:anywhere;margin:0 4px 2px 0;padding:0 5px;border-radius:3px;border:1px solid #999}
.alert.critical{border-color:#d55e00;font-weight:600}
.alert.held{color:var(--muted);border-style:dashed}
.explanation{padding:6px 6px 12px 3.5em}
.explanation table{margin-top:4px}
.path{margin-top:6px}.path ul{margin:2px 0 0 1.2em;padding:0}#assessment-list .path li{border:none;padding:0}.path .change{font-variant-numeric:tabular-nums}
.more{font-weight:600}
svg .curve{stroke-linejoin:round}
.curves>section{flex:1 1 460px;max-width:560px}
.weights td:nth-child(2),.weights td:nth-child(3){text-align:left}
.cards{display:flex;flex-wrap:wrap;gap:24px}
.card-weights{margin-bottom:12px}
.bins{margin:4px 0 10px 1.5em}
@media print{nav{display:none}details{break-inside:avoid}}
)css";

const std::string_view style = style_sheet;

void open_document(std::string& out, std::string_view generator, std::string_view title, std::string_view source) {
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"";
    add(out, generator);
    out += "\">\n<title>";
    add(out, title);
    if (!source.empty()) {
        out += " \xE2\x80\x94 ";
        add(out, source);
    }
    out += "</title>\n<style>";
    out += style;
    out += "</style>\n</head>\n<body>\n";
}

namespace {
/// "1234567" -> "1,234,567".
std::string with_commas(std::string s) {
    for (std::ptrdiff_t k = static_cast<std::ptrdiff_t>(s.size()) - 3; k > 0; k -= 3) s.insert(static_cast<std::size_t>(k), ",");
    return s;
}
}  // namespace

std::string grouped(std::uint64_t n) { return with_commas(std::to_string(n)); }

std::string money(double x) {
    if (!std::isfinite(x)) return "-";
    const double r = std::round(x);
    // every whole double as its digits (a value of 1e308 does not fit any integer type)
    char digits[320];
    std::snprintf(digits, sizeof digits, "%.0f", std::fabs(r));
    return (r < 0 ? "-" : "") + with_commas(digits);
}

std::string percent(double part, double whole) { return whole > 0 ? num(100.0 * part / whole, 1) + "%" : "-"; }

std::string fixed1(double x) {
    if (!std::isfinite(x)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

std::string signed1(double x) {
    if (!std::isfinite(x)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%+.1f", x);
    return buf;
}

void add(std::string& out, std::string_view text) { append_escaped(out, text); }

void chip(std::string& out, rgb colour, std::string_view label) {
    out += "<span class=\"chip\" style=\"background:" + hex(colour) + "\"></span>";
    add(out, label);
}


void kpi(std::string& out, std::string_view name, std::string_view value) {
    out += "<div class=\"kpi\"><dt>";
    add(out, name);
    out += "</dt><dd>";
    add(out, value);
    out += "</dd></div>\n";
}

}  // namespace vitals::report::parts
