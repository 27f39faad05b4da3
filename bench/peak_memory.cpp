// Peak memory of the batch scorer: resident set before and after scoring N x M accounts.
// Usage: peak_memory [N] [M] [threads]. Prints JSON: input, output and peak sizes in MiB.
#include "bench_card.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

/// The resident-set high-water mark of this process image (VmHWM). Not getrusage's ru_maxrss:
/// Linux carries that across fork and exec, so a large parent (numpy in bench/report.py) shows up.
static double max_rss_mib() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return -1.0;
    char line[256];
    double kib = -1.0;
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, "VmHWM:", 6) == 0) kib = std::strtod(line + 6, nullptr);
    std::fclose(f);
    return kib / 1024.0;
}

int main(int argc, char** argv) {
    const std::size_t N = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
    const std::size_t M = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 16;
    const unsigned threads = argc > 3 ? static_cast<unsigned>(std::strtoul(argv[3], nullptr, 10)) : 1;
    const auto card = vitals_bench::bench_card(M);
    const auto data = vitals_bench::bench_book<double>(N, M);
    std::vector<std::string> names;
    for (std::size_t j = 0; j < M; ++j) names.push_back("x" + std::to_string(j));
    const auto bind = vitals::bind_columns(card, names).value();
    std::vector<double> score(N, 0.0), coverage(N, 0.0);
    std::vector<std::int32_t> band(N, 0), status(N, 0);
    const double before = max_rss_mib();
    const auto t0 = std::chrono::steady_clock::now();
    auto r = vitals::score_batch(card, vitals::frame_view<double>::column_major(data.data(), static_cast<std::int64_t>(N),
                                                                                 static_cast<std::int64_t>(M)),
                                 bind, {score, band, coverage, status, {}, {}, {}}, {threads, 512, 3});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        return 1;
    }
    const double after = max_rss_mib();
    double score_sum = 0.0;  // a checksum of the scores
    std::size_t scored = 0;
    for (double x : score)
        if (x == x) {
            score_sum += x;
            ++scored;
        }
    const double input = static_cast<double>(N * M * sizeof(double)) / 1048576.0;
    const double output = static_cast<double>(N * (2 * sizeof(double) + 2 * sizeof(std::int32_t))) / 1048576.0;
    std::printf("{\"accounts\": %zu, \"measures\": %zu, \"threads\": %u, \"seconds\": %.4f, \"input_mib\": %.1f, "
                "\"output_mib\": %.1f, \"peak_rss_before_mib\": %.1f, \"peak_rss_after_mib\": %.1f, "
                "\"scoring_overhead_mib\": %.1f, \"scored\": %zu, \"score_sum\": %.6f}\n",
                N, M, threads, seconds, input, output, before, after, after - before, scored, score_sum);
    return 0;
}
