// The CSV reader against a reference parse: every record, in file order, with the same fields and
// values, whatever the line ends (LF, CRLF, CR, a header ending in a bare CR), the final line end,
// the read buffer size and the chunk size, with quoted newlines cut by buffer boundaries.
#include "vitals/io/cell.hpp"
#include "vitals/io/csv_reader.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace vitals::io;

struct temp_file {
    fs::path dir, path;
    explicit temp_file(const std::string& bytes) {
        std::string tmpl = (fs::temp_directory_path() / "vitals-csv-order-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        dir = tmpl;
        path = dir / "accounts.csv";
        std::ofstream(path, std::ios::binary) << bytes;
    }
    ~temp_file() { fs::remove_all(dir); }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;
};

enum class line_end { lf, crlf, cr, header_cr };  // header_cr: the header ends in a bare CR, the rest LF

struct record {
    std::vector<std::string> fields;
    std::uint64_t line = 0;  // 1 + the LFs before the record's first byte
};

/// A simple RFC 4180 parse of the whole text at once: records end at LF, CRLF or CR; blank
/// lines are skipped; fields may be quoted.
std::vector<record> reference_parse(const std::string& s) {
    std::vector<record> out;
    std::size_t i = 0;
    std::uint64_t line = 1;
    const auto at_end = [&](std::size_t k) { return k >= s.size() || s[k] == '\n' || s[k] == '\r'; };
    while (i < s.size()) {
        if (s[i] == '\n' || s[i] == '\r') {  // a blank line (or the LF of a CRLF)
            if (s[i] == '\n') ++line;
            ++i;
            continue;
        }
        record r;
        r.line = line;
        for (;;) {
            std::string f;
            if (i < s.size() && s[i] == '"') {
                ++i;
                for (;;) {
                    REQUIRE(i < s.size());
                    if (s[i] == '"') {
                        if (i + 1 < s.size() && s[i + 1] == '"') {
                            f += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (s[i] == '\n') ++line;
                    f += s[i++];
                }
            } else {
                while (!at_end(i) && s[i] != ',') f += s[i++];
            }
            r.fields.push_back(f);
            if (i < s.size() && s[i] == ',') {
                ++i;
                continue;
            }
            break;
        }
        out.push_back(std::move(r));
    }
    return out;
}

/// A file of `rows` records: account_id, a (a number or missing), note (text, often quoted with
/// commas, quotes and newlines inside).
std::string make_file(std::size_t rows, line_end le, bool final_end, std::uint32_t seed) {
    std::mt19937 rng(seed);
    const std::string eol = le == line_end::crlf ? "\r\n" : le == line_end::cr ? "\r" : "\n";
    std::string s = std::string("account_id,a,note") + (le == line_end::header_cr ? "\r" : eol);
    for (std::size_t r = 0; r < rows; ++r) {
        const auto kind = rng() % 6;
        if (kind == 0) s += "\"id\n" + std::to_string(r) + "\"";
        else s += "id" + std::to_string(r);
        s += ',';
        if (rng() % 5 == 0) s += "NA";
        else s += std::to_string(static_cast<long>(rng() % 2000) - 1000) + "." + std::to_string(rng() % 10);
        s += ',';
        switch (rng() % 5) {
            case 0: s += "plain" + std::to_string(r); break;
            case 1: s += "\"two\nlines " + std::to_string(r) + "\""; break;
            case 2: s += "\"crlf\r\ninside, and \"\"quotes\"\"\""; break;
            case 3: s += "\"bare\rcr\""; break;
            default: break;  // empty
        }
        if (r + 1 < rows || final_end) s += eol;
    }
    return s;
}

struct read_back {
    std::vector<std::string> ids;
    std::vector<std::vector<std::string>> texts;
    std::vector<double> values;
    std::vector<std::uint64_t> lines;
};

read_back read_everything(const fs::path& path, std::size_t buffer, std::size_t chunk) {
    auto opened = open_csv(path, csv_options{buffer});
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message));
    auto reader = std::move(opened).value();
    REQUIRE(reader->columns().size() == 3);
    CHECK(reader->columns()[0] == "account_id");
    CHECK(reader->columns()[2] == "note");
    REQUIRE(reader->select({.value_columns = {1}, .id_column = 0, .text_columns = {0, 1, 2}}));
    read_back out;
    account_chunk c;
    for (;;) {
        auto n = reader->read(c, chunk);
        REQUIRE_MESSAGE(n, (n ? "" : n.error().message));
        if (n.value() == 0) break;
        REQUIRE(n.value() <= chunk);
        for (std::size_t r = 0; r < c.rows; ++r) {
            out.ids.push_back(c.ids[r]);
            out.texts.push_back({c.text(r, 0), c.text(r, 1), c.text(r, 2)});
            out.values.push_back(c.values[r]);
            out.lines.push_back(c.origins[r]);
        }
    }
    CHECK(reader->records() == out.ids.size());
    return out;
}

void check_against_reference(const std::string& bytes, std::size_t buffer, std::size_t chunk) {
    const auto ref = reference_parse(bytes);
    REQUIRE(ref.size() >= 1);
    temp_file f(bytes);
    const read_back got = read_everything(f.path, buffer, chunk);
    REQUIRE(got.ids.size() == ref.size() - 1);
    for (std::size_t r = 0; r + 1 < ref.size(); ++r) {
        const record& want = ref[r + 1];
        INFO("record " << r + 1);
        REQUIRE(want.fields.size() == 3);
        CHECK(got.ids[r] == want.fields[0]);
        CHECK(got.texts[r] == want.fields);
        const cell_value v = parse_cell(want.fields[1]);
        if (v.kind == cell_kind::missing) CHECK(std::isnan(got.values[r]));
        else CHECK(got.values[r] == v.value);
        CHECK(got.lines[r] == want.line);
    }
}

const char* name_of(line_end le) {
    switch (le) {
        case line_end::lf: return "LF";
        case line_end::crlf: return "CRLF";
        case line_end::cr: return "CR";
        case line_end::header_cr: return "header CR, then LF";
    }
    return "?";
}

}  // namespace

TEST_CASE("csv order: every record in file order, over line ends, final line end, buffer and chunk sizes") {
    std::size_t cases = 0;
    for (line_end le : {line_end::lf, line_end::crlf, line_end::cr, line_end::header_cr}) {
        for (bool final_end : {true, false}) {
            const std::string bytes = make_file(40, le, final_end, 7);
            for (std::size_t buffer : {std::size_t{16}, std::size_t{17}, std::size_t{23}, std::size_t{64},
                                       std::size_t{257}, std::size_t{1} << 20}) {
                for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7},
                                          std::size_t{1000}}) {
                    INFO(std::string(name_of(le)) << (final_end ? ", final line end" : ", no final line end") << ", buffer "
                                     << buffer << ", chunk " << chunk);
                    check_against_reference(bytes, buffer, chunk);
                    ++cases;
                }
            }
        }
    }
    CHECK(cases == 4 * 2 * 6 * 5);
}

TEST_CASE("csv order: a quoted newline exactly at a buffer boundary") {
    for (line_end le : {line_end::lf, line_end::crlf, line_end::cr, line_end::header_cr}) {
        const std::string bytes = make_file(30, le, true, 11);
        // every quoted newline in the first part of the file, as the last byte of a buffer and the first of the next
        std::size_t tried = 0;
        bool quoted = false;
        for (std::size_t i = 0; i < bytes.size() && tried < 12; ++i) {
            if (bytes[i] == '"') quoted = !quoted;
            if (!quoted || (bytes[i] != '\n' && bytes[i] != '\r') || i < 16) continue;
            for (std::size_t buffer : {i, i + 1}) {
                for (std::size_t chunk : {std::size_t{1}, std::size_t{4}, std::size_t{1000}}) {
                    INFO(std::string(name_of(le)) << ", buffer " << buffer << ", chunk " << chunk);
                    check_against_reference(bytes, buffer, chunk);
                }
            }
            ++tried;
        }
        CHECK(tried == 12);
    }
}

TEST_CASE("csv order: one-row files and a long file") {
    for (line_end le : {line_end::lf, line_end::crlf, line_end::cr, line_end::header_cr}) {
        for (bool final_end : {true, false}) {
            INFO(std::string(name_of(le)) << (final_end ? ", final line end" : ", no final line end"));
            const std::string one = make_file(1, le, final_end, 3);
            for (std::size_t buffer : {std::size_t{16}, std::size_t{1} << 20})
                for (std::size_t chunk : {std::size_t{1}, std::size_t{65536}}) check_against_reference(one, buffer, chunk);
            const std::string many = make_file(5000, le, final_end, 5);
            for (std::size_t chunk : {std::size_t{64}, std::size_t{4096}}) check_against_reference(many, 4096, chunk);
        }
    }
}

TEST_CASE("csv order: every buffer size from 16 to 64 (the first record crossing the first buffer)") {
    for (line_end le : {line_end::lf, line_end::crlf, line_end::cr, line_end::header_cr}) {
        // seeds whose first record starts with a quoted id (a newline in it) and with a plain one
        for (std::uint32_t seed : {13u, 14u, 15u, 16u}) {
        const std::string bytes = make_file(12, le, seed % 2 == 0, seed);
        for (std::size_t buffer = 16; buffer <= 64; ++buffer) {
            for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, std::size_t{1000}}) {
                INFO(std::string(name_of(le)) << ", buffer " << buffer << ", chunk " << chunk);
                check_against_reference(bytes, buffer, chunk);
            }
        }
        }
    }
}

TEST_CASE("csv order: an LF file whose header ends in a bare CR, the first record crossing the first buffer") {
    const std::string bytes = "account_id,a,note\rid0,1.5,x\nid1,2.5,y\nid2,3.5,z\n";
    for (std::size_t buffer = 16; buffer <= 40; ++buffer) {
        for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{1000}}) {
            INFO("buffer " << buffer << ", chunk " << chunk);
            check_against_reference(bytes, buffer, chunk);
        }
    }
}
