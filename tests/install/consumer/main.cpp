// A program that knows Vitals only through its install tree (find_package(vitals)).
#include <vitals/vitals.hpp>
#include <vitals/scorecard_file.hpp>

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
    std::printf("scored 3 accounts: %.2f %.2f %s\n", score[0], score[1], score[2] == score[2] ? "?" : "no data");
    return 0;
}
