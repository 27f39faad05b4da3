// Mistakes on the command line get help (the nearest command or option, every line "vitals: "),
// JSON Lines output, and the UTF-8 rule of every JSON output (a text that is not UTF-8 is an
// error naming its place, exit 2: never JSON that does not parse).
#include "cli_run.hpp"

#include <nlohmann/json.hpp>

using namespace cli_test;

namespace {

/// Every line of `err` starts with "vitals: ".
bool every_line_prefixed(const std::string& err) {
    const std::vector<std::string> ls = lines(err);
    return !ls.empty() && std::all_of(ls.begin(), ls.end(), [](const std::string& l) { return l.starts_with("vitals: "); });
}

struct usage_case {
    std::vector<std::string> args;
    std::string message;      ///< a line of standard error
    std::string not_message;  ///< "" or what must not be there
};

}  // namespace

TEST_CASE("a misspelled command or option gets the nearest one; every error line starts with vitals:") {
    workdir wd;
    wd.write("a.csv", "account_id,nps\nA,30\n");
    const std::vector<usage_case> cases = {
        {{"scroe"}, "vitals: unknown command \"scroe\"; did you mean \"score\"?", ""},           // a transposition
        {{"explian", "a.csv"}, "vitals: unknown command \"explian\"; did you mean \"explain\"?", ""},
        {{"smple"}, "vitals: unknown command \"smple\"; did you mean \"sample\"?", ""},          // a deletion
        {{"sc"}, "vitals: unknown command \"sc\"; did you mean \"score\" or \"scorecard\"?", ""},  // a prefix of two
        {{"frobnicate"}, "vitals: unknown command \"frobnicate\" (the commands: score, explain, scorecard, sample, fit, "
                         "evaluate, portfolio, report, history, diff, drift, bands, compare)", "did you mean"},                                // nothing near
        {{"fx"}, "vitals: unknown command \"fx\" (the commands:", "did you mean"},                  // too short to guess
        {{"score", "--thread", "2", "a.csv"}, "vitals: score: unknown option \"--thread\"; did you mean \"--threads\"?", ""},
        {{"score", "a.csv", "--formt", "json"}, "vitals: score: unknown option \"--formt\"; did you mean \"--format\"?", ""},
        {{"score", "a.csv", "--formt=json"}, "vitals: score: unknown option \"--formt\"; did you mean \"--format\"?", ""},
        {{"score", "a.csv", "--thr", "2"}, "vitals: score: unknown option \"--thr\"; did you mean \"--threads\"?", ""},
        {{"score", "a.csv", "--Quiet"}, "vitals: score: unknown option \"--Quiet\"; did you mean \"--quiet\"?", ""},
        {{"explain", "a.csv", "--acount", "A"}, "vitals: explain: unknown option \"--acount\"; did you mean \"--account\"?", ""},
        {{"score", "a.csv", "--no-such-option"}, "vitals: score: unknown option \"--no-such-option\"", "did you mean"},
        {{"score", "a.csv", "-z"}, "vitals: score: unknown option \"-z\"", "did you mean"},
        {{"score", "a.csv", "b.csv"}, "vitals: score: unexpected argument \"b.csv\"", "not expected"},
        {{"scorecard", "valdate", "x.json"}, "vitals: scorecard: unknown command \"valdate\"; did you mean \"validate\"?", ""},
        {{"scorecard"}, "vitals: scorecard: a command is required (the commands: init, validate, show)", ""},
        {{}, "vitals: a command is required (the commands: score, explain,", ""},
        {{"score", "a.csv", "--format", "xml"}, "vitals: score: --format: xml not in {csv,json,jsonl,table}", ""},
        {{"explain", "a.csv"}, "vitals: explain: --account is required", ""},
        {{"--verison"}, "vitals: unknown option \"--verison\"; did you mean \"--version\"?", ""},
        {{"--verison", "score", "a.csv"}, "vitals: unknown option \"--verison\"; did you mean \"--version\"?", "vitals: \n"},
        {{"explain", "a.csv", "--acount", "A"}, "vitals: explain: --account is required", ""},  // both said
    };
    for (const usage_case& c : cases) {
        std::string shown;
        for (const std::string& a : c.args) shown += a + " ";
        CAPTURE(shown);
        const run_result r = run(wd, c.args);
        CAPTURE(r.err);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(every_line_prefixed(r.err));
        CHECK(contains(r.err, c.message));
        if (!c.not_message.empty()) CHECK_FALSE(contains(r.err, c.not_message));
        CHECK_FALSE(contains(r.err, "Run with --help"));
        CHECK(contains(r.err, "--help\n"));  // where to read more: "vitals: see vitals score --help"
    }
    // the help and the version still go to standard output, exit 0
    const run_result help = run(wd, {"score", "--help"});
    CHECK(help.code == 0);
    CHECK(contains(help.out, "--format"));
    CHECK(run(wd, {"--version"}).code == 0);
}

TEST_CASE("--format jsonl: one JSON object per account per line, in input order, the fields of --format json") {
    workdir wd;
    // the sample's ids, in file order
    std::vector<std::string> ids;
    {
        std::istringstream in(detail::slurp(sample_csv));
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line))
            if (!line.empty()) ids.push_back(line.substr(0, line.find(',')));
    }
    REQUIRE(ids.size() == 1000);
    const run_result array = run(wd, {"score", sample_csv.string(), "--format", "json", "-q"});
    REQUIRE(array.code == 0);
    const nlohmann::json all = nlohmann::json::parse(array.out);
    REQUIRE(all.size() == ids.size());
    // small chunks: the rows cross many chunk boundaries and are written as they are scored
    const run_result r = run(wd, {"score", sample_csv.string(), "--format", "jsonl", "--chunk-rows", "7", "-q"});
    REQUIRE(r.code == 0);
    CHECK(r.out.ends_with("}\n"));
    const std::vector<std::string> ls = lines(r.out);
    REQUIRE(ls.size() == ids.size());
    for (std::size_t k = 0; k < ls.size(); ++k) {
        const nlohmann::json j = nlohmann::json::parse(ls[k]);  // each line alone; throws on a bad one
        REQUIRE(j.is_object());
        CHECK(j["account_id"].get<std::string>() == ids[k]);
        CHECK(j == all[k]);
    }
    // --out FILE.jsonl picks the format
    const run_result file = run(wd, {"score", sample_csv.string(), "--out", "s.jsonl", "-q"});
    REQUIRE(file.code == 0);
    CHECK(wd.read("s.jsonl") == r.out);
    // no accounts: no lines at all
    wd.write("empty.csv", "account_id,nps\n");
    const run_result none = run(wd, {"score", "empty.csv", "--format", "jsonl", "-q", "--allow-missing-columns"});
    CHECK(none.code == 0);
    CHECK(none.out.empty());
}

TEST_CASE("UTF-8 rule: a text JSON output cannot carry is an error naming its place (exit 2), in every JSON output") {
    workdir wd;
    const std::string book = detail::slurp(sample_csv);
    // jsonl: the account id, named by its line; nothing half-written to the file
    const std::size_t second = book.find('\n', book.find('\n') + 1) + 1;  // the start of line 3
    std::string latin1 = book;
    latin1.replace(second, std::string("ACC-00000002").size(), "caf\xE9-00002");
    wd.write("latin1.csv", latin1);
    const run_result jsonl = run(wd, {"score", "latin1.csv", "--format", "jsonl", "--out", "s.jsonl", "-q"});
    CHECK(jsonl.code == 2);
    CHECK(every_line_prefixed(jsonl.err));
    CHECK(contains(jsonl.err, "vitals: latin1.csv:3: account id \"caf\\xe9-00002\" is not valid UTF-8 (byte 4)"));
    CHECK_FALSE(wd.exists("s.jsonl"));
    const run_result truncated_csv = run(wd, {"score", "latin1.csv", "--format", "csv", "-q"});
    CHECK(truncated_csv.code == 0);  // CSV carries the bytes as they are

    // a file name that is not UTF-8, where JSON output records it: explain's source, evaluate's
    // scorecard names, the fitted scorecard's descriptions
    const std::string bad_name = "acc\xE9.csv";
    wd.write(bad_name, book);
    const run_result explain = run(wd, {"explain", "--account", "ACC-00000001", bad_name, "--format", "json"});
    CHECK(explain.code == 2);
    CHECK(explain.out.empty());
    CHECK(contains(explain.err, "vitals: explain: the input's name \"acc\\xe9.csv\" is not valid UTF-8 (byte 4)"));
    CHECK(run(wd, {"explain", "--account", "ACC-00000001", bad_name}).code == 0);  // the text tree is fine

    REQUIRE(run(wd, {"scorecard", "init", "caf\xE9.json"}).code == 0);
    const run_result evaluate =
        run(wd, {"evaluate", "acc\xE9.csv", "-l", "churned_next_quarter", "-s", "caf\xE9.json", "--format", "json"});
    CHECK(evaluate.code == 2);
    CHECK(evaluate.out.empty());
    CHECK(contains(evaluate.err, "vitals: evaluate --format json: the text at /scorecards/0/name \"caf\\xe9\" is not "
                                 "valid UTF-8 (byte 4)"));
    CHECK_FALSE(contains(evaluate.err, "internal error"));
    CHECK(run(wd, {"evaluate", bad_name, "-l", "churned_next_quarter", "-s", "caf\xE9.json"}).code == 0);  // the table

    const run_result fit = run(wd, {"fit", bad_name, "-l", "churned_next_quarter", "--out", "f.json", "--report", "r.json"});
    CHECK(fit.code == 2);
    CHECK(contains(fit.err, "vitals: fit: the input's file name and label column \"acc\\xe9.csv (label "
                            "churned_next_quarter)\" is not valid UTF-8 (byte 4)"));
    CHECK_FALSE(wd.exists("f.json"));
    CHECK_FALSE(wd.exists("r.json"));
}
