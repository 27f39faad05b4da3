// The CSV account reader, the cell rules and the column binding, on real files.
#include "vitals/batch.hpp"
#include "vitals/io/binding.hpp"
#include "vitals/io/cell.hpp"
#include "vitals/io/csv_reader.hpp"
#include "vitals/scorecard_file.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace vitals::io;

/// A file in a fresh temporary folder, removed at the end of the test.
struct temp_csv {
    fs::path dir, path;
    explicit temp_csv(const std::string& bytes, const std::string& name = "accounts.csv") {
        std::string tmpl = (fs::temp_directory_path() / "vitals-io-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        dir = tmpl;
        path = dir / name;
        std::ofstream(path, std::ios::binary) << bytes;
    }
    ~temp_csv() { fs::remove_all(dir); }
    temp_csv(const temp_csv&) = delete;
    temp_csv& operator=(const temp_csv&) = delete;
};

struct table {
    std::vector<std::string> ids;
    std::vector<std::vector<double>> rows;
    std::vector<std::uint64_t> lines;
};

/// Reads every row of `path`, selecting `cols` by name (and account_id when present).
vitals::result<table> read_all(const fs::path& path, const std::vector<std::string>& cols, std::size_t chunk = 3,
                               on_error policy = on_error::fail, std::size_t buffer = 1 << 20,
                               std::unique_ptr<account_reader>* keep = nullptr) {
    auto opened = open_csv(path, csv_options{buffer});
    if (!opened) return opened.error();
    auto reader = std::move(opened).value();
    selection sel;
    const auto columns = reader->columns();
    for (const std::string& c : cols) {
        auto it = std::find(columns.begin(), columns.end(), c);
        REQUIRE_MESSAGE(it != columns.end(), "no column " << c);
        sel.value_columns.push_back(static_cast<std::size_t>(it - columns.begin()));
    }
    auto id = std::find(columns.begin(), columns.end(), "account_id");
    if (id != columns.end()) sel.id_column = static_cast<std::size_t>(id - columns.begin());
    REQUIRE(reader->select(sel));
    reader->set_on_error(policy);
    table t;
    account_chunk c;
    for (;;) {
        auto n = reader->read(c, chunk);
        if (!n) return n.error();
        if (n.value() == 0) break;
        CHECK(c.rows == n.value());
        CHECK(c.ids.size() == c.rows);
        CHECK(c.values.size() == c.rows * c.cols);
        for (std::size_t r = 0; r < c.rows; ++r) {
            t.ids.push_back(c.ids[r]);
            t.rows.emplace_back(c.values.begin() + static_cast<std::ptrdiff_t>(r * c.cols),
                                c.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * c.cols));
            t.lines.push_back(c.origins[r]);
        }
    }
    if (keep) *keep = std::move(reader);
    return t;
}

bool missing(double x) { return std::isnan(x); }

}  // namespace

TEST_CASE("cells: numbers, missing markers, booleans, junk") {
    CHECK(parse_cell("12.5").value == 12.5);
    CHECK(parse_cell(" -3 ").value == -3.0);
    CHECK(parse_cell("+4").value == 4.0);
    CHECK(parse_cell("1e3").value == 1000.0);
    CHECK(parse_cell(".5").value == 0.5);
    for (const char* m : {"", "  ", "NA", "na", "N/A", "null", "NULL", "NaN", "nan"}) {
        INFO(m);
        CHECK(parse_cell(m).kind == cell_kind::missing);
    }
    CHECK(parse_cell("TRUE").value == 1.0);
    CHECK(parse_cell("false").value == 0.0);
    for (const char* bad : {"abc", "1,5", "12%", "1.2.3", "--1", "+-1", "+", "inf", "-inf", "1e999", "0x10", "12 apples"}) {
        INFO(bad);
        CHECK(parse_cell(bad).kind == cell_kind::invalid);
    }
}

TEST_CASE("labels: 1/0, true/false, yes/no; empty is missing; anything else is invalid") {
    for (const char* one : {"1", " 1.0", "+1", "TRUE", "yes", " Yes "}) {
        INFO(one);
        CHECK(parse_label(one).kind == cell_kind::number);
        CHECK(parse_label(one).value == 1.0);
    }
    for (const char* zero : {"0", "-0", "0.0", "false", "NO", "no\t"}) {
        INFO(zero);
        CHECK(parse_label(zero).kind == cell_kind::number);
        CHECK(parse_label(zero).value == 0.0);
    }
    for (const char* empty : {"", "  ", "\t"}) CHECK(parse_label(empty).kind == cell_kind::missing);
    for (const char* bad : {"NA", "2", "0.5", "y", "churned", "nan", "1e999"}) {
        INFO(bad);
        CHECK(parse_label(bad).kind == cell_kind::invalid);
    }
}

TEST_CASE("csv: a plain file, read in chunks of every size") {
    temp_csv f("account_id,a,b\nx1,1,2\nx2,3,\nx3,NA,6\nx4,7,null\nx5,9,10\n");
    for (std::size_t chunk : {1, 2, 3, 5, 100}) {
        auto t = read_all(f.path, {"b", "a"}, chunk);
        REQUIRE(t);
        CHECK(t.value().ids == std::vector<std::string>{"x1", "x2", "x3", "x4", "x5"});
        CHECK(t.value().rows[0] == std::vector<double>{2, 1});
        CHECK(missing(t.value().rows[1][0]));
        CHECK(missing(t.value().rows[2][1]));
        CHECK(t.value().rows[2][0] == 6);
        CHECK(missing(t.value().rows[3][0]));
        CHECK(t.value().lines == std::vector<std::uint64_t>{2, 3, 4, 5, 6});
    }
}

TEST_CASE("csv: quoted commas, quotes and newlines; line numbers count the file's lines") {
    temp_csv f("account_id,note,a\n"
               "\"Acme, Inc.\",\"said \"\"hi\"\"\",1\n"
               "b,\"two\nlines\",2\n"
               "\"c\nd\",x,3\n"
               "e,y,\"4\"\n");
    for (std::size_t buffer : {std::size_t{16}, std::size_t{1} << 20}) {  // 16: segments cut inside fields
        auto t = read_all(f.path, {"a"}, 2, on_error::fail, buffer);
        REQUIRE(t);
        CHECK(t.value().ids == std::vector<std::string>{"Acme, Inc.", "b", "c\nd", "e"});
        CHECK(t.value().rows[3][0] == 4);
        CHECK(t.value().lines == std::vector<std::uint64_t>{2, 3, 5, 7});
    }
}

TEST_CASE("csv: BOM, CRLF, bare CR, no final newline, blank lines") {
    for (const std::string& bytes : {std::string("\xEF\xBB\xBF" "account_id,a\np,1\nq,2\n"),
                                    std::string("account_id,a\r\np,1\r\nq,2\r\n"),
                                    std::string("account_id,a\rp,1\rq,2\r"),
                                    std::string("account_id,a\np,1\nq,2"),
                                    std::string("account_id,a\n\np,1\n\n\nq,2\n\n")}) {
        INFO(bytes);
        temp_csv f(bytes);
        auto t = read_all(f.path, {"a"});
        REQUIRE(t);
        REQUIRE(t.value().ids.size() == 2);
        CHECK(t.value().ids[0] == "p");
        CHECK(t.value().ids[1] == "q");
        CHECK(t.value().rows[1][0] == 2);
    }
    temp_csv crlf("account_id,a\r\np,1\r\nq,x\r\n");
    auto bad = read_all(crlf.path, {"a"});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == crlf.path.string() + ":3:2: \"x\" is not a number (column a)");
}

TEST_CASE("csv: rows that arrive past a full chunk are kept for the next one, bad ones too") {
    // bare CR line ends: the whole file is one line, so every record arrives in one parser call
    temp_csv f("account_id,a\rp,1\rq,2\rr,x\rs,4\r");
    auto t = read_all(f.path, {"a"}, 1);
    REQUIRE_FALSE(t);
    CHECK(t.error().message == f.path.string() + ":1:2: \"x\" is not a number (column a)");
    std::unique_ptr<account_reader> reader;
    auto s = read_all(f.path, {"a"}, 1, on_error::skip, 1 << 20, &reader);
    REQUIRE(s);
    CHECK(s.value().ids == std::vector<std::string>{"p", "q", "s"});
    CHECK(s.value().rows[2][0] == 4);
    CHECK(reader->skipped() == 1);
}

TEST_CASE("csv: empty file and header only") {
    temp_csv empty("");
    auto e = open_csv(empty.path);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == vitals::errc::parse_error);
    CHECK(e.error().message.find("the file is empty") != std::string::npos);

    temp_csv blank("\n\n");
    CHECK_FALSE(open_csv(blank.path));

    temp_csv header("account_id,a\n");
    auto t = read_all(header.path, {"a"});
    REQUIRE(t);
    CHECK(t.value().ids.empty());
}

TEST_CASE("csv: a bad cell names file, line, field and column") {
    std::string text = "account_id,x,y,days_late\n";
    for (int i = 0; i < 1041; ++i) text += "a" + std::to_string(i) + ",1,2,3\n";
    text += "bad,1,2,abc\nlast,1,2,3\n";
    temp_csv f(text);
    auto t = read_all(f.path, {"days_late"}, 100);
    REQUIRE_FALSE(t);
    CHECK(t.error().code == vitals::errc::parse_error);
    CHECK(t.error().message == f.path.string() + ":1043:4: \"abc\" is not a number (column days_late)");

    std::unique_ptr<account_reader> reader;
    auto s = read_all(f.path, {"days_late"}, 100, on_error::skip, 1 << 20, &reader);
    REQUIRE(s);
    CHECK(s.value().ids.size() == 1042);
    CHECK(s.value().ids.back() == "last");
    CHECK(reader->skipped() == 1);
    CHECK(reader->records() == 1043);
    REQUIRE(reader->problems().size() == 1);
    CHECK(reader->problems()[0].id == "bad");
    CHECK(reader->problems()[0].record == 1042);
}

TEST_CASE("csv: ragged rows fail, or are skipped and counted") {
    temp_csv f("account_id,a,b\nr1,1,2\nr2,3\nr3,4,5,6\nr4,7,8\n");
    auto t = read_all(f.path, {"a"});
    REQUIRE_FALSE(t);
    CHECK(t.error().message == f.path.string() + ":3: the row has 2 fields, the header has 3");
    std::unique_ptr<account_reader> reader;
    auto s = read_all(f.path, {"a"}, 2, on_error::skip, 1 << 20, &reader);
    REQUIRE(s);
    CHECK(s.value().ids == std::vector<std::string>{"r1", "r4"});
    CHECK(reader->skipped() == 2);
    CHECK(reader->problems()[1].message == f.path.string() + ":4: the row has 4 fields, the header has 3");
}

TEST_CASE("csv: malformed quoting and an unclosed quote are errors with a place") {
    temp_csv stray("account_id,a\nx,1\ny,ab\"c\n");
    auto s = read_all(stray.path, {"a"});
    REQUIRE_FALSE(s);
    CHECK(s.error().message.starts_with(stray.path.string() + ":3:2: malformed quoting"));

    temp_csv open_quote("account_id,a\nx,1\ny,\"2\nz,3\n");
    auto o = read_all(open_quote.path, {"a"});
    REQUIRE_FALSE(o);
    CHECK(o.error().message == open_quote.path.string() + ":3: a quoted field is not closed at the end of the file");
}

TEST_CASE("csv: a missing file, a directory") {
    auto r = open_csv("/nonexistent/accounts.csv");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == vitals::errc::io_error);
    CHECK(r.error().message == "/nonexistent/accounts.csv: cannot open: No such file or directory");
    auto d = open_csv(fs::temp_directory_path());
    REQUIRE_FALSE(d);
    CHECK(d.error().message.find("is a directory") != std::string::npos);
}

TEST_CASE("binding: names, maps, duplicates, absent inputs, the id column") {
    const vitals::scorecard& card = vitals::default_scorecard();
    std::vector<std::string> cols(card.inputs().begin(), card.inputs().end());
    cols.insert(cols.begin(), "account_id");

    auto b = bind_inputs(card, cols, "f.csv");
    REQUIRE(b);
    CHECK(b.value().selection.id_column == std::size_t{0});
    CHECK(b.value().selection.value_columns.size() == card.inputs().size());
    for (std::size_t k = 0; k < card.inputs().size(); ++k)
        CHECK(b.value().input_columns[k] == static_cast<std::int64_t>(k));

    // a renamed column, mapped
    auto renamed = cols;
    renamed[7] = "NPS score";  // nps is input 6
    REQUIRE(card.inputs()[6] == "nps");
    auto absent = bind_inputs(card, renamed, "f.csv");
    REQUIRE_FALSE(absent);
    CHECK(absent.error().code == vitals::errc::unknown_column);
    CHECK(absent.error().message.starts_with("f.csv: missing column nps, which the scorecard reads"));
    binding_options mo;
    mo.map.push_back(parse_column_map("nps=NPS score").value());
    auto mapped = bind_inputs(card, renamed, "f.csv", mo);
    REQUIRE(mapped);
    CHECK(mapped.value().selection.value_columns[static_cast<std::size_t>(mapped.value().input_columns[6])] == 7);

    // a map wins over a column that merely has the input's name
    auto both = cols;
    both.push_back("nps_v2");
    binding_options m2;
    m2.map.push_back({"nps", "nps_v2"});
    auto shadow = bind_inputs(card, both, "f.csv", m2);
    REQUIRE(shadow);
    CHECK(shadow.value().selection.value_columns[static_cast<std::size_t>(shadow.value().input_columns[6])] == both.size() - 1);

    // bad maps
    CHECK_FALSE(parse_column_map("nps"));
    CHECK_FALSE(parse_column_map("=x"));
    binding_options bad;
    bad.map.push_back({"no_such_input", "x"});
    CHECK(bind_inputs(card, cols, "f.csv", bad).error().code == vitals::errc::unknown_column);
    binding_options bad2;
    bad2.map.push_back({"nps", "no_such_column"});
    CHECK(bind_inputs(card, cols, "f.csv", bad2).error().message.starts_with("f.csv: no column \"no_such_column\""));

    // duplicates of a used column are ambiguous; of an unused one harmless
    auto dup = cols;
    dup.push_back("days_late");
    auto d = bind_inputs(card, dup, "f.csv");
    REQUIRE_FALSE(d);
    CHECK(d.error().message == "f.csv: column \"days_late\" appears more than once (columns 9 and 14); rename one, or map the input to the other with --map");
    binding_options at_line;  // a CSV header's line: the place is file:line:field of the second one
    at_line.header_line = 3;
    CHECK(bind_inputs(card, dup, "f.csv", at_line).error().message ==
          "f.csv:3:14: column \"days_late\" appears more than once (fields 9 and 14); rename one, or map the input to the other with --map");
    auto harmless = cols;
    harmless.push_back("notes");
    harmless.push_back("notes");
    CHECK(bind_inputs(card, harmless, "f.csv"));

    // absent inputs allowed: -1, all missing
    binding_options allow;
    allow.allow_absent = true;
    auto partial = bind_inputs(card, std::vector<std::string>{"account_id", "nps"}, "f.csv", allow);
    REQUIRE(partial);
    CHECK(partial.value().absent.size() == card.inputs().size() - 1);
    CHECK(partial.value().input_columns[6] == 0);
    CHECK(partial.value().input_columns[0] == -1);

    // the id column: optional by default, required when asked
    auto noid = bind_inputs(card, std::vector<std::string>(card.inputs().begin(), card.inputs().end()), "f.csv");
    REQUIRE(noid);
    CHECK_FALSE(noid.value().selection.id_column.has_value());
    binding_options need;
    need.id_column = "id";
    need.id_required = true;
    CHECK(bind_inputs(card, cols, "f.csv", need).error().message.starts_with("f.csv: no id column \"id\""));
}

TEST_CASE("csv: text columns (segment, parent id) read as written, beside numbers, in every chunk and buffer size") {
    // quoted commas and newlines, an empty cell, a text column that is also a number column, a bad
    // row in the middle (its texts must not leak into the next row)
    temp_csv f("account_id,segment,arr,parent_id,tier\n"
               "a1,SMB,100,,1\n"
               "a2,\"Mid, market\",200,a1,2\n"
               "a3,Enterprise,abc,a1,3\n"
               "a4,\"two\nlines\",400,\"a\"\"2\",4\n"
               "a5,,500,a4,\n");
    const std::vector<std::string> want_ids{"a1", "a2", "a4", "a5"};
    const std::vector<std::vector<std::string>> want_texts{
        {"SMB", "", "1", "a1"}, {"Mid, market", "a1", "2", "a2"}, {"two\nlines", "a\"2", "4", "a4"}, {"", "a4", "", "a5"}};
    for (std::size_t chunk : {1, 2, 3, 100})
        for (std::size_t buffer : {16, 23, 1 << 20}) {
            CAPTURE(chunk);
            CAPTURE(buffer);
            auto opened = open_csv(f.path, csv_options{buffer});
            REQUIRE(opened);
            auto& reader = *opened.value();
            selection sel;
            sel.id_column = 0;
            sel.value_columns = {2, 4};
            sel.text_columns = {1, 3, 4, 0};  // tier is both; the id column as text too
            REQUIRE(reader.select(sel));
            reader.set_on_error(on_error::skip);
            std::vector<std::string> ids;
            std::vector<std::vector<std::string>> texts;
            std::vector<double> arr;
            account_chunk c;
            for (;;) {
                auto n = reader.read(c, chunk);
                REQUIRE(n);
                if (n.value() == 0) break;
                CHECK(c.text_cols == 4);
                CHECK(c.texts.size() == c.rows * 4);
                for (std::size_t r = 0; r < c.rows; ++r) {
                    ids.push_back(c.ids[r]);
                    texts.push_back({c.text(r, 0), c.text(r, 1), c.text(r, 2), c.text(r, 3)});
                    arr.push_back(c.values[r * c.cols]);
                }
            }
            CHECK(ids == want_ids);
            CHECK(texts == want_texts);
            CHECK(arr == std::vector<double>{100, 200, 400, 500});
            CHECK(reader.skipped() == 1);
        }
}

TEST_CASE("csv: text columns are checked like number columns") {
    temp_csv f("account_id,segment\nx,SMB\n");
    auto r = open_csv(f.path);
    REQUIRE(r);
    selection twice;
    twice.text_columns = {1, 1};
    auto e = r.value()->select(twice);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == vitals::errc::invalid_argument);
    CHECK(e.error().message == f.path.string() + ": text column 1 selected twice");
    selection out_of_range;
    out_of_range.text_columns = {2};
    CHECK(r.value()->select(out_of_range).error().message == f.path.string() + ": text column index 2 out of range");
    selection none;  // no text columns: an empty texts array
    REQUIRE(r.value()->select(none));
    account_chunk c;
    REQUIRE(r.value()->read(c, 10).value() == 1);
    CHECK(c.text_cols == 0);
    CHECK(c.texts.empty());
    CHECK(c.ids[0] == "1");  // numbered
}
