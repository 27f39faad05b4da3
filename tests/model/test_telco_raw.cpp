// Real data, read as exported: the Telco churn sample's raw CSV (text categories such as
// "Month-to-month" and "No internet service", yes/no labels, NA) through the CSV reader and the
// scorecard docs/examples/telco-raw-start.json (categories measures, two derived inputs), with no
// preparation outside Vitals. Protocol A's split (tests/data/model_telco_split.txt): fit learned
// binning (level sub-scores for the categories) + learned weights on the 5,274 training rows,
// score the 1,758 held out, beside the numeric card of test_telco.cpp fitted the same way. The
// figures are printed (run the binary) and copied into docs/models.md.
#include <doctest/doctest.h>

#include "telco.hpp"
#include "vitals/io/binding.hpp"
#include "vitals/io/cell.hpp"
#include "vitals/io/csv_reader.hpp"
#include "vitals/model/binning.hpp"
#include "vitals/model/compare.hpp"
#include "vitals/model/learned_weights.hpp"
#include "vitals/scorecard_file.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace {

namespace vm = vitals::model;

/// The raw file's rows `keep` (0-based data rows), as the scorecard's inputs (column-major) and labels.
struct raw_book {
    std::vector<std::string> columns;
    std::vector<double> values, labels;
    std::size_t rows = 0;
    vm::labelled_frame view() const {
        return {vitals::frame_view<double>::column_major(values.data(), static_cast<std::int64_t>(rows),
                                                         static_cast<std::int64_t>(columns.size())),
                columns, labels};
    }
};

raw_book read_raw(const vitals::scorecard& card, const std::vector<std::size_t>& keep) {
    auto reader = vitals::io::open_csv(std::string(VITALS_MODEL_DATA_DIR) + "/telco_churn.csv").value();
    vitals::io::binding_options bo;
    bo.id_column = "";
    auto b = vitals::io::bind_inputs(card, reader->columns(), reader->source(), bo).value();
    std::size_t label = 0;
    while (reader->columns()[label] != "churn") ++label;
    b.selection.id_column = label;  // the label, read as text ("Yes" / "No")
    REQUIRE(reader->select(b.selection));
    std::vector<char> wanted;
    for (std::size_t r : keep) {
        if (r >= wanted.size()) wanted.resize(r + 1, 0);
        wanted[r] = 1;
    }
    raw_book out;
    out.columns.assign(card.inputs().begin(), card.inputs().end());
    std::vector<std::vector<double>> cols(out.columns.size());
    vitals::io::account_chunk chunk;
    std::size_t row = 0;
    for (;;) {
        const auto n = reader->read(chunk, 4096);
        if (!n) FAIL(n.error().message);
        if (n.value() == 0) break;
        for (std::size_t r = 0; r < n.value(); ++r, ++row) {
            if (row >= wanted.size() || !wanted[row]) continue;
            for (std::size_t i = 0; i < cols.size(); ++i)
                cols[i].push_back(chunk.values[r * chunk.cols + static_cast<std::size_t>(b.input_columns[i])]);
            out.labels.push_back(vitals::io::parse_label(chunk.ids[r]).value);
        }
    }
    out.rows = out.labels.size();
    for (const auto& c : cols) out.values.insert(out.values.end(), c.begin(), c.end());
    return out;
}

}  // namespace

TEST_CASE("Telco protocol A from the raw export: categories and derived inputs, no preparation") {
    const auto split = model_test::load_split();
    const auto card = vitals::load_scorecard_file(std::string(VITALS_SOURCE_DIR) + "/docs/examples/telco-raw-start.json").value();
    const raw_book train = read_raw(card, split.train), test = read_raw(card, split.test);
    REQUIRE(train.rows == 5274);
    REQUIRE(test.rows == 1758);
    // every text cell of a categories column was one of its levels ("unseen": "error" in the card)
    for (std::size_t i = 0; i < card.inputs().size(); ++i)
        if (card.input_levels(i) != nullptr)
            for (std::size_t r = 0; r < train.rows; ++r) REQUIRE(!std::isnan(train.values[i * train.rows + r]));

    auto binned = vm::fit_binning(card, train.view());
    REQUIRE(binned.has_value());
    auto raw_fit = vm::learn_weights(binned.value().card, train.view());
    REQUIRE(raw_fit.has_value());

    // the numeric card of test_telco.cpp (its text columns turned into numbers by hand), fitted the same way
    const model_test::telco num_train = model_test::load_telco(split.train), num_test = model_test::load_telco(split.test);
    const auto num_view = [](const model_test::telco& t) {
        return vm::labelled_frame{vitals::frame_view<double>::column_major(t.values.data(), static_cast<std::int64_t>(t.rows),
                                                                          static_cast<std::int64_t>(t.columns.size())),
                                  t.columns, t.churn};
    };
    auto num_binned = vm::fit_binning(model_test::telco_card(), num_view(num_train));
    REQUIRE(num_binned.has_value());
    auto num_fit = vm::learn_weights(num_binned.value().card, num_view(num_train));
    REQUIRE(num_fit.has_value());

    vm::evaluate_options opt;
    opt.bootstrap_resamples = 1000;
    opt.seed = 7;
    const std::vector<vm::candidate> raw_cands{{"raw export: categories + derived, binned + learned", raw_fit.value().card,
                                                raw_fit.value().probability}};
    const std::vector<vm::candidate> num_cands{{"hand-prepared numbers, binned + learned", num_fit.value().card,
                                                num_fit.value().probability}};
    auto raw_cmp = vm::compare(raw_cands, test.view(), opt);
    auto num_cmp = vm::compare(num_cands, num_view(num_test), opt);
    REQUIRE(raw_cmp.has_value());
    REQUIRE(num_cmp.has_value());
    const auto& raw_e = raw_cmp.value().rows[0];
    const auto& num_e = num_cmp.value().rows[0];
    std::printf("\nTelco protocol A, %zu held-out accounts (scikit-learn LogisticRegression: %.4f)\n", raw_e.scored,
                split.sklearn_auc);
    for (const auto* e : {&raw_e, &num_e})
        std::printf("| %-52s | %.4f [%.4f, %.4f] | %.4f | %.3f | %.2f |\n", e->name.c_str(), e->roc_auc,
                    e->roc_auc_interval->lower, e->roc_auc_interval->upper, e->average_precision, e->top[0].precision,
                    e->top[0].lift);
    std::printf("\nlevel sub-scores learned from churn:\n");
    for (const auto& bm : binned.value().measures) {
        if (!card.measures()[bm.measure].normaliser.target<vitals::categories>()) continue;
        std::printf("  %-18s share %.4f  ", bm.name.c_str(), raw_fit.value().shares[bm.measure]);
        for (const auto& b : bm.binning.bins)
            std::printf("%s n=%g churn %.3f -> %.3f; ", bm.binning.levels.levels[static_cast<std::size_t>(b.lower)].c_str(),
                        b.accounts, b.churn_rate, b.score);
        std::printf("\n");
    }
    CHECK(raw_e.unscored == 0);
    // read raw, the card does at least as well as the hand-prepared numbers (less a rounding margin)
    CHECK(raw_e.roc_auc >= num_e.roc_auc - 0.002);
    CHECK(raw_e.roc_auc >= 0.835);
}
