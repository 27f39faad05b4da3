// CSV edge cases through the `vitals` binary: the same accounts written in awkward ways score the
// same; ids with commas, quotes and newlines come out quoted; degenerate files behave as documented.
#include "cli_run.hpp"

#include <nlohmann/json.hpp>

using namespace cli_test;

namespace {

const std::string cols =
    "active_users,licensed_seats,logins_trend,training_completion,tickets_per_seat,ticket_sentiment,nps,"
    "days_late,tenure_months,contact_tenure_days,executive_sponsor,seat_change_pct";
const std::string v1 = "30,50,0.05,0.7,0.1,0.2,35,0,30,300,1,0.05";
const std::string v2 = "12,40,-0.2,0.3,0.3,-0.3,-10,20,6,20,0,-0.1";

/// Scores `bytes` as CSV and returns the output rows after the header, or the failure.
run_result score(workdir& wd, const std::string& bytes, const std::vector<std::string>& extra = {}) {
    wd.write("in.csv", bytes);
    std::vector<std::string> args{"score", "in.csv", "--format", "csv", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(wd, args);
}

}  // namespace

TEST_CASE("the same two accounts, written in every accepted way, score identically") {
    workdir wd;
    const std::string plain = "account_id," + cols + "\nA," + v1 + "\nB," + v2 + "\n";
    const run_result base = score(wd, plain);
    REQUIRE(base.code == 0);
    REQUIRE(lines(base.out).size() == 3);

    auto crlf = plain;
    for (std::size_t p = 0; (p = crlf.find('\n', p)) != std::string::npos; p += 2) crlf.replace(p, 1, "\r\n");
    const std::string variants[] = {
        "\xEF\xBB\xBF" + plain,                                          // UTF-8 byte-order mark
        crlf,                                                            // CRLF line ends
        plain.substr(0, plain.size() - 1),                               // no final newline
        "account_id," + cols + "\n\nA," + v1 + "\n\n\nB," + v2 + "\n\n",   // blank lines
        "\"account_id\"," + cols + "\n\"A\",\"30\",50,0.05,0.7,0.1,0.2,35,0,30,300,1,0.05\nB," + v2 + "\n",  // quoted
        "account_id," + cols + "\n A ," + v1 + "\nB," + v2 + "\n",          // spaces around an unquoted field
    };
    for (const std::string& v : variants) {
        INFO(v);
        const run_result r = score(wd, v);
        CHECK(r.code == 0);
        CHECK(r.out == base.out);
    }
    // a column order of its own, an extra column, and missing-value markers
    const run_result reordered = score(wd, cols + ",note,account_id\n" + v1 + ",\"x, y\",A\n" + v2 + ",,B\n");
    CHECK(reordered.out == base.out);
    const run_result markers =
        score(wd, "account_id," + cols + "\nA,NA,,null,N/A,,,,,30,300,1,\nB," + v2 + "\n");
    CHECK(markers.code == 0);
    CHECK(lines(markers.out)[1].starts_with("A,"));
    CHECK(lines(markers.out)[1] != lines(base.out)[1]);
}

TEST_CASE("ids with commas, quotes and newlines are quoted in the output, and errors count lines") {
    workdir wd;
    const run_result r = score(wd, "account_id," + cols + "\n\"Acme, Inc.\"," + v1 + "\n\"The \"\"Best\"\" Co\"," + v1 +
                                       "\n\"Two\nLines\"," + v1 + "\n");
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, "\n\"Acme, Inc.\","));
    CHECK(contains(r.out, "\n\"The \"\"Best\"\" Co\","));
    CHECK(contains(r.out, "\n\"Two\nLines\","));

    wd.write("q.csv", "account_id," + cols + "\n\"Two\nLines \"\"q\"\"\"," + v1 + "\n");
    const run_result js = run(wd, {"score", "q.csv", "--format", "json"});
    CHECK(js.code == 0);
    CHECK(contains(js.out, "\"account_id\":\"Two\\nLines \\\"q\\\"\""));

    // a record spanning lines 2-3; the bad cell is on the record starting at line 4
    const run_result bad = score(wd, "account_id," + cols + "\n\"Two\nLines\"," + v1 + "\nC," +
                                         "30,50,0.05,0.7,0.1,0.2,35,0,30,300,1,oops\n");
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "vitals: in.csv:4:13: \"oops\" is not a number (column seat_change_pct)"));
}

TEST_CASE("a header-only file scores no accounts; an empty file is an error") {
    workdir wd;
    const run_result header_only = score(wd, "account_id," + cols + "\n");
    CHECK(header_only.code == 0);
    CHECK(header_only.out == "account_id,score,band,coverage,status,driver_1,driver_2,driver_3,alerts\n");
    wd.write("h.csv", "account_id," + cols);  // not even a newline
    const run_result json = run(wd, {"score", "h.csv", "--format", "json"});
    CHECK(json.code == 0);
    CHECK(json.out == "[]\n");
    CHECK(contains(json.err, "scored 0 accounts from h.csv"));
    const run_result table = run(wd, {"score", "h.csv"});
    CHECK(table.code == 0);
    CHECK(lines(table.out).size() == 1);

    CHECK(score(wd, "").code == 2);
    CHECK(score(wd, "\xEF\xBB\xBF").code == 2);
    CHECK(score(wd, "\n\r\n").code == 2);
}

TEST_CASE("ragged rows and duplicate columns") {
    workdir wd;
    const run_result short_row = score(wd, "account_id," + cols + "\nA," + v1 + "\nB,1,2\n");
    CHECK(short_row.code == 2);
    CHECK(contains(short_row.err, "in.csv:3: the row has 3 fields, the header has 13"));
    const run_result skipped = score(wd, "account_id," + cols + "\nA," + v1 + "\nB,1,2\nC," + v2 + ",x\n",
                                     {"--on-error", "skip"});
    CHECK(skipped.code == 0);
    CHECK(lines(skipped.out).size() == 2);
    CHECK(contains(skipped.err, "in.csv:4: the row has 14 fields, the header has 13"));

    const run_result dup_id = score(wd, "account_id,account_id," + cols + "\nA,A," + v1 + "\n");
    CHECK(dup_id.code == 2);
    CHECK(contains(dup_id.err, "in.csv:1:2: column \"account_id\" appears more than once (fields 1 and 2)"));
}

TEST_CASE("account ids that are not UTF-8: JSON output is an error naming the row; UTF-8 ids round-trip") {
    workdir wd;
    // valid UTF-8 of every length: JSON output parses and carries the ids unchanged
    const std::vector<std::string> good = {"Z\xC3\xBCrich AG", "\xE6\x9D\xB1\xE4\xBA\xAC", "\xF0\x9F\x98\x80 co",
                                           "\xF4\x8F\xBF\xBF"};
    std::string book = "account_id," + cols + "\n";
    for (const std::string& id : good) book += "\"" + id + "\"," + v1 + "\n";
    wd.write("good.csv", book);
    const run_result r = run(wd, {"score", "good.csv", "--format", "json", "-q"});
    REQUIRE(r.code == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);  // throws on invalid UTF-8
    REQUIRE(j.size() == good.size());
    for (std::size_t k = 0; k < good.size(); ++k) CHECK(j[k]["account_id"].get<std::string>() == good[k]);

    struct bad_id {
        std::string id;
        std::string shown;  ///< as the message shows it
        int byte;           ///< 1-based offset of the first bad byte
    };
    const std::vector<bad_id> bad = {
        {"caf\xE9", "caf\\xe9", 4},                    // Latin-1
        {"A\x80", "A\\x80", 2},                         // a stray continuation byte
        {"\xC0\xAF", "\\xc0\\xaf", 1},                  // overlong "/"
        {"x\xED\xA0\x80", "x\\xed\\xa0\\x80", 2},       // a UTF-16 surrogate
        {"\xF4\x90\x80\x80", "\\xf4\\x90\\x80\\x80", 1},  // beyond U+10FFFF
        {"ab\xE6\x9D", "ab\\xe6\\x9d", 3},              // cut short
        {"\xFF", "\\xff", 1},
    };
    for (const bad_id& b : bad) {
        CAPTURE(b.shown);
        wd.write("bad.csv", "account_id," + cols + "\nA," + v1 + "\n\"" + b.id + "\"," + v2 + "\n");
        const std::string message =
            "bad.csv:3: account id \"" + b.shown + "\" is not valid UTF-8 (byte " + std::to_string(b.byte) + ")";
        const run_result json = run(wd, {"score", "bad.csv", "--format", "json", "--out", "s.json", "-q"});
        CHECK(json.code == 2);
        CHECK(contains(json.err, message));
        CHECK_FALSE(wd.exists("s.json"));
        const run_result portfolio = run(wd, {"portfolio", "bad.csv", "--format", "json", "--value-column", "nps"});
        CHECK(portfolio.code == 2);
        CHECK(contains(portfolio.err, message));
        const run_result explain = run(wd, {"explain", "--account", b.id, "bad.csv", "--format", "json"});
        CHECK(explain.code == 2);
        CHECK(contains(explain.err, message));
        // CSV and the table carry the bytes as they are
        const run_result csv = run(wd, {"score", "bad.csv", "--format", "csv", "-q"});
        CHECK(csv.code == 0);
        CHECK(contains(csv.out, "\n" + b.id + ","));
    }

    // an override's text goes into the JSON too: named by its line in the overrides file
    wd.write("one.csv", "account_id," + cols + "\nA," + v1 + "\n");
    wd.write("ov.csv", "account_id,target,value,reason,author,expires\nA,score,50,\"Renewal r\xE9vis\xE9\",sam,2099-01-01\n");
    const run_result ov = run(wd, {"score", "one.csv", "--overrides", "ov.csv", "--format", "json", "-q"});
    CHECK(ov.code == 2);
    CHECK(contains(ov.err, "ov.csv:2: override reason \"Renewal r\\xe9vis\\xe9\" is not valid UTF-8 (byte 10)"));
}
