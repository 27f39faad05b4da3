// A program that knows Vitals only through its install tree (find_package(vitals)).
#include <vitals/vitals.hpp>
#include <vitals/explanation.hpp>
#include <vitals/model/run.hpp>
#include <vitals/scorecard_file.hpp>
#include <vitals/session.hpp>

#include <string>

#include <cstdio>
#include <vector>

int main() {
    const vitals::scorecard& card = vitals::default_scorecard();
    const std::vector<std::string> columns(card.inputs().begin(), card.inputs().end());
    const auto bind = vitals::bind_columns(card, columns);
    if (!bind) return 1;
    // three accounts, every input 0 except: account 1 all good, account 2 all missing
    const auto M = static_cast<std::int64_t>(columns.size());
    std::vector<double> data(3 * columns.size(), 0.0);
    for (std::size_t j = 0; j < columns.size(); ++j) data[1 * columns.size() + j] = 1.0;
    for (std::size_t j = 0; j < columns.size(); ++j) data[2 * columns.size() + j] = NAN;
    std::vector<double> score(3);
    vitals::batch_output out;
    out.score = score;
    auto r = vitals::score_batch(card, vitals::frame_view<double>::row_major(data.data(), 3, M), bind.value(), out);
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        return 1;
    }
    if (score[2] == score[2]) return 2;  // all missing must not be scored
    // the same three accounts through the account session: the same scores
    auto session = vitals::session::create(vitals::scorecard_set::single(card), {}, {.as_of = 20000, .threads = 1});
    if (!session) return 3;
    const std::vector<std::string> ids{"a", "b", "c"};
    vitals::account_table table{.ids = ids, .names = columns,
                                .values = vitals::frame_view<double>::row_major(data.data(), 3, M)};
    vitals::session_result result;
    if (auto ok = session.value().score(table, result); !ok) {
        std::fprintf(stderr, "%s\n", ok.error().message.c_str());
        return 4;
    }
    for (std::size_t i = 0; i < 3; ++i)
        if (!(result.score[i] == score[i] || (result.score[i] != result.score[i] && score[i] != score[i]))) return 5;
    // fitting options parse through the installed vitals::model_run
    if (!vitals::model_run::parse_fit_request(R"({"weights": "entropy"})")) return 6;
    // one account explained as JSON through the installed vitals::scorecard_file
    const std::vector<double> good(columns.size(), 1.0);
    const auto scored = vitals::score_account(card, good, vitals::explanation_score_options(card));
    if (!scored || !vitals::explanation_json(card, scored.value(), good)) return 7;
    std::printf("scored 3 accounts: %.2f %.2f %s\n", score[0], score[1], score[2] == score[2] ? "?" : "no data");
    return 0;
}
