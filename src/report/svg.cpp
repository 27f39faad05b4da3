// Vitals report — SVG elements as text (see include/vitals/report/svg.hpp).
#include "vitals/report/svg.hpp"

#include "vitals/report/html.hpp"

#include <cmath>
#include <cstdio>

namespace vitals::report::svg {
namespace {

void attributes_of(std::string& out, std::initializer_list<attribute> attributes) {
    for (const attribute& a : attributes) {
        out += ' ';
        out += a.name;
        out += "=\"";
        append_escaped(out, a.value);
        out += '"';
    }
}

}  // namespace

std::string num(double x, int decimals) {
    if (!std::isfinite(x)) return "0";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    std::string s(buf);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

void open(std::string& out, std::string_view id, double width, double height, std::string_view label) {
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\"";
    attributes_of(out, {{"id", std::string(id)},
                        {"class", "chart"},
                        {"viewBox", "0 0 " + num(width) + " " + num(height)},
                        {"width", num(width)},
                        {"height", num(height)},
                        {"role", "img"},
                        {"aria-label", std::string(label)}});
    out += "><title>";
    append_escaped(out, label);
    out += "</title>\n";
}

void close(std::string& out) { out += "</svg>\n"; }

void element(std::string& out, std::string_view tag, std::initializer_list<attribute> attributes, std::string_view tooltip) {
    out += '<';
    out += tag;
    attributes_of(out, attributes);
    if (tooltip.empty()) {
        out += "/>\n";
        return;
    }
    out += "><title>";
    append_escaped(out, tooltip);
    out += "</title></";
    out += tag;
    out += ">\n";
}

void text(std::string& out, double x, double y, std::string_view content, std::initializer_list<attribute> attributes) {
    out += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"";
    attributes_of(out, attributes);
    out += '>';
    append_escaped(out, content);
    out += "</text>\n";
}

void open_group(std::string& out, std::initializer_list<attribute> attributes) {
    out += "<g";
    attributes_of(out, attributes);
    out += ">\n";
}

void close_group(std::string& out) { out += "</g>\n"; }

}  // namespace vitals::report::svg
