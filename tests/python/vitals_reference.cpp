// vitals_reference — the C++ batch scorer, called directly (no C ABI), for the Python tests and the
// overhead benchmark: what the Python package returns must equal this bit for bit.
//
//   vitals_reference <scorecard.json | default> <data file> <f64 | f32> <rows> <cols> <offset>
//                    <row_stride> <col_stride> <columns, comma-separated> <output prefix>
//                    [top_k = 3] [threads = 0] [repeat = 0]
//
// The data file holds raw native-endian elements; the matrix starts `offset` elements in, with the
// given element strides. Writes <prefix>.score (f64), .band (i32), .coverage (f64), .status (i32),
// .contributions and .points_lost (f64, rows x measures), .drivers (i32, rows x top_k).
// With repeat > 0 it also times that many calls of score_batch and prints "best_seconds=<s>".
#include "vitals/batch.hpp"
#include "vitals/scorecard_file.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');) out.push_back(item);
    return out;
}

template <class T>
bool write(const std::string& path, const std::vector<T>& v) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
    return static_cast<bool>(out);
}

template <class T>
int run(const vitals::scorecard& card, const std::vector<char>& bytes, std::int64_t rows, std::int64_t cols,
        std::int64_t offset, std::int64_t rs, std::int64_t cs, const std::vector<std::string>& columns,
        const std::string& prefix, std::size_t top_k, unsigned threads, int repeat) {
    std::vector<T> data(bytes.size() / sizeof(T));
    std::copy(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(data.size() * sizeof(T)),
              reinterpret_cast<char*>(data.data()));
    const vitals::frame_view<T> frame{data.data() + offset, rows, cols, rs, cs};
    auto bound = vitals::bind_columns(card, columns);
    if (!bound) {
        std::cerr << bound.error().message << "\n";
        return 1;
    }
    const auto n = static_cast<std::size_t>(rows);
    const std::size_t m = card.measures().size();
    std::vector<double> score(n), coverage(n), contributions(n * m), points_lost(n * m);
    std::vector<std::int32_t> band(n), status(n), drivers(n * top_k);
    const vitals::batch_output out{score, band, coverage, status, contributions, points_lost, drivers};
    vitals::batch_options options;
    options.threads = threads;
    options.top_k = top_k;
    auto r = vitals::score_batch(card, frame, bound.value(), out, options);
    if (!r) {
        std::cerr << r.error().message << "\n";
        return 1;
    }
    if (repeat > 0) {
        // the benchmark's C++ path: scores, bands, coverage and status only, like the Python call
        const vitals::batch_output lean{score, band, coverage, status, {}, {}, {}};
        double best = std::numeric_limits<double>::infinity();
        for (int i = 0; i < repeat; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            auto again = vitals::score_batch(card, frame, bound.value(), lean, options);
            const auto t1 = std::chrono::steady_clock::now();
            if (!again) return 1;
            best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
        }
        std::cout << "best_seconds=" << best << "\n";
    }
    const bool ok = write(prefix + ".score", score) && write(prefix + ".band", band) &&
                    write(prefix + ".coverage", coverage) && write(prefix + ".status", status) &&
                    write(prefix + ".contributions", contributions) && write(prefix + ".points_lost", points_lost) &&
                    write(prefix + ".drivers", drivers);
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 11) {
        std::cerr << "usage: vitals_reference <card.json|default> <data> <f64|f32> <rows> <cols> <offset> "
                     "<row_stride> <col_stride> <columns> <prefix> [top_k] [threads] [repeat]\n";
        return 2;
    }
    const std::string card_path = argv[1];
    auto card = card_path == "default" ? vitals::result<vitals::scorecard>(vitals::default_scorecard())
                                       : vitals::load_scorecard_file(card_path);
    if (!card) {
        std::cerr << card.error().message << "\n";
        return 1;
    }
    std::ifstream in(argv[2], std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string dtype = argv[3];
    const std::int64_t rows = std::stoll(argv[4]), cols = std::stoll(argv[5]), offset = std::stoll(argv[6]);
    const std::int64_t rs = std::stoll(argv[7]), cs = std::stoll(argv[8]);
    const std::vector<std::string> columns = split(argv[9]);
    const std::string prefix = argv[10];
    const std::size_t top_k = argc > 11 ? std::stoul(argv[11]) : 3;
    const auto threads = static_cast<unsigned>(argc > 12 ? std::stoul(argv[12]) : 0);
    const int repeat = argc > 13 ? std::stoi(argv[13]) : 0;
    if (dtype == "f64")
        return run<double>(card.value(), bytes, rows, cols, offset, rs, cs, columns, prefix, top_k, threads, repeat);
    if (dtype == "f32")
        return run<float>(card.value(), bytes, rows, cols, offset, rs, cs, columns, prefix, top_k, threads, repeat);
    std::cerr << "dtype: f64 or f32\n";
    return 2;
}
