// vitals — score the health of B2B customer accounts from the command line.
//
//   vitals score docs/examples/accounts.csv
//   vitals explain --account ACC-00000042 docs/examples/accounts.csv
//   vitals scorecard init | validate FILE | show [FILE]
//   vitals sample --accounts 1000 --seed 42
//   vitals fit LABELLED.csv --label-column churned --out fitted.json
//   vitals evaluate LABELLED.csv --label-column churned --scorecard default --scorecard fitted.json
//   vitals portfolio docs/examples/accounts.csv
//   vitals report docs/examples/accounts.csv --out report.html
//   vitals history --store health.db
//   vitals diff --store health.db --from 2026-10 --to 2026-11
//
// Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input (see docs/cli.md).
#include "commands.hpp"
#include "common.hpp"
#include "suggest.hpp"

#include "vitals/build_info.hpp"
#include "vitals/version.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace {

/// One "vitals: " per line: several problems, several lines.
void print_error_lines(std::string_view msg) {
    for (std::size_t nl; (nl = msg.find('\n')) != std::string_view::npos; msg.remove_prefix(nl + 1))
        fmt::print(stderr, "vitals: {}\n", msg.substr(0, nl));
    fmt::print(stderr, "vitals: {}\n", msg);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace vitals::cli;
    CLI::App app("vitals: explainable health scores for B2B customer accounts", "vitals");
    // the version, then how the scoring kernels run here: "isa avx2; cpu avx2; kernels ...; GCC ..."
    app.set_version_flag("--version", [] {
        const std::string info = vitals::build_info();
        return std::string("vitals ") + VITALS_VERSION_STRING + "\n" + info.substr(info.find("; ") + 2);
    });
    app.require_subcommand(1);
    app.footer("Exit status: 0 ok, 1 runtime failure, 2 bad usage or bad input.\n"
               "Run 'vitals <command> --help' for a command's options. Documentation: docs/cli.md.");
    int exit_code = exit_ok;
    add_score_command(app, exit_code);
    add_explain_command(app, exit_code);
    add_scorecard_command(app, exit_code);
    add_sample_command(app, exit_code);
    add_fit_command(app, exit_code);
    add_evaluate_command(app, exit_code);
    add_portfolio_command(app, exit_code);
    add_report_command(app, exit_code);
    add_history_command(app, exit_code);
    add_diff_command(app, exit_code);
    add_drift_command(app, exit_code);
    add_bands_command(app, exit_code);
    add_compare_command(app, exit_code);
    if (argc > 1 && argv[1][0] != '-') {  // CLI11 alone says only "A subcommand is required"
        const std::vector<std::string> commands = command_names(app);
        if (std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
            fmt::print(stderr, "vitals: {}\nvitals: see vitals --help\n", unknown_command(app, argv[1]));
            return exit_usage;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        print_error_lines(parse_error_message(app, e));
        return exit_usage;
    } catch (const failure& f) {
        std::fflush(stdout);
        print_error_lines(f.what());
        return f.code;
    } catch (const nlohmann::json::type_error& e) {
        std::fflush(stdout);
        if (e.id == 316)  // a text not UTF-8 that no check above named: still bad input, never broken JSON
            fmt::print(stderr, "vitals: JSON output needs UTF-8 text, and a text is not: {}\n", e.what());
        else
            fmt::print(stderr, "vitals: internal error: {}\n", e.what());
        return e.id == 316 ? exit_usage : exit_failure;
    } catch (const std::bad_alloc&) {
        fmt::print(stderr, "vitals: out of memory\n");
        return exit_failure;
    } catch (const std::exception& e) {
        fmt::print(stderr, "vitals: internal error: {}\n", e.what());
        return exit_failure;
    }
    return exit_code;
}
