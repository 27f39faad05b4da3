// libFuzzer target: the C ABI's batch scoring entry, vitals_scorecard_score, with fuzzer-chosen
// shapes, strides (row-major, column-major, padded, broadcast, arbitrary and negative), element
// types, column subsets and orders (unknown names, names given twice, absent columns), options
// (threads, top_k, block size, absent columns allowed) and output buffers (each wanted or not,
// long enough or one element short), over the default scorecard or docs/examples'
// scorecard-enterprise.json.
// Properties: the call returns a status, never crashes, and reads no element outside the matrix
// (the data buffer is exactly the matrix's extent, so AddressSanitizer sees any stray read); the
// cases the header calls errors (bad dtype, negative stride, short buffer, top_k > 64, a column
// the card reads named twice, a read column not given) fail with a message; a call that succeeds gives, for every
// row, bit for bit what scoring that row alone (contiguous, one thread) gives.
#include "fuzz_capi_cards.hpp"
#include "fuzz_check.hpp"

#include "vitals/vitals.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

using vitals::fuzz::card_of;
using vitals::fuzz::check;

double value_of(std::uint8_t b) {
    switch (b % 16) {
    case 0: return std::numeric_limits<double>::quiet_NaN();
    case 1: return std::numeric_limits<double>::infinity();
    case 2: return -std::numeric_limits<double>::infinity();
    case 3: return 0.0;
    case 4: return -1.0;
    case 5: return 1e308;
    case 6: return -1e308;
    case 7: return 5e-324;
    default: return static_cast<double>(b) / 7.0 - 10.0;
    }
}

/// The outputs of one call, each `length` long (a NULL pointer when not wanted).
struct outputs {
    std::vector<double> score, coverage, contributions, points_lost;
    std::vector<std::int32_t> band, status, drivers;
    vitals_score_output view{};

    outputs(std::int64_t rows, std::int64_t measures, std::int64_t top_k, unsigned wanted, unsigned short_by) {
        view.struct_size = sizeof view;
        const auto len = [&](std::int64_t n, unsigned bit) { return n - ((short_by >> bit) & 1U ? 1 : 0); };
        const auto give = [&](auto& v, auto*& ptr, std::int64_t& length, std::int64_t n, unsigned bit) {
            if (!((wanted >> bit) & 1U)) return;
            length = std::max<std::int64_t>(len(n, bit), 0);
            v.assign(static_cast<std::size_t>(length) + 0, {});
            ptr = v.data();
            if (ptr == nullptr) {  // an empty vector: a non-null pointer to nothing
                v.reserve(1);
                ptr = v.data();
            }
        };
        give(score, view.score, view.score_length, rows, 0);
        give(band, view.band, view.band_length, rows, 1);
        give(coverage, view.coverage, view.coverage_length, rows, 2);
        give(status, view.status, view.status_length, rows, 3);
        give(contributions, view.contributions, view.contributions_length, rows * measures, 4);
        give(points_lost, view.points_lost, view.points_lost_length, rows * measures, 5);
        give(drivers, view.drivers, view.drivers_length, rows * top_k, 6);
    }
};

template <class T>
bool same_bits(const std::vector<T>& all, std::size_t at, const std::vector<T>& one, std::size_t n) {
    if (all.empty() && one.empty()) return true;
    return std::memcmp(all.data() + at, one.data(), n * sizeof(T)) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    vitals::fuzz::bytes in(data, size);
    vitals_scorecard* card = card_of(in.byte() & 1U);
    std::int64_t n_inputs = 0, n_measures = 0;
    check(vitals_scorecard_input_count(card, &n_inputs) == VITALS_OK, "input count");
    check(vitals_scorecard_measure_count(card, &n_measures) == VITALS_OK, "measure count");
    std::vector<std::string> inputs;
    for (std::int64_t i = 0; i < n_inputs; ++i) {
        const char* name = nullptr;
        check(vitals_scorecard_input_name(card, i, &name) == VITALS_OK && name != nullptr, "input name");
        inputs.emplace_back(name);
    }

    // the element type: float64, float32, or (rarely) one the library does not know
    const std::uint8_t t = in.byte();
    const vitals_dtype dtype = t % 16 == 15 ? 7 : (t & 1U) ? VITALS_DTYPE_FLOAT32 : VITALS_DTYPE_FLOAT64;
    const bool bad_dtype = dtype != VITALS_DTYPE_FLOAT32 && dtype != VITALS_DTYPE_FLOAT64;
    const std::int64_t rows = static_cast<std::int64_t>(in.pick(0, 40));

    // the columns: NULL (the card's inputs in order), or names (a subset, any order, perhaps an
    // unknown name, perhaps a name twice)
    const std::uint8_t cm = in.byte();
    const bool named = (cm & 1U) != 0;
    const bool allow_absent = (cm & 2U) != 0;
    std::vector<std::string> names;
    bool twice = false;
    if (named) {
        const std::size_t n = in.pick(0, inputs.size() + 2);
        for (std::size_t k = 0; k < n; ++k) {
            const std::uint8_t b = in.byte();
            const bool unknown = b % (inputs.size() + 1) == inputs.size();
            std::string name = unknown ? std::string("not_an_input") + std::to_string(b % 3) : inputs[b % (inputs.size() + 1)];
            // a name the card reads, given twice (an unknown name is ignored, however often given)
            if (!unknown)
                for (const std::string& other : names) twice = twice || other == name;
            names.push_back(std::move(name));
        }
    }
    const std::int64_t cols = named ? static_cast<std::int64_t>(names.size()) : n_inputs;
    bool absent = false;  // a column the card reads is not given
    if (named)
        for (const std::string& input : inputs) {
            bool given = false;
            for (const std::string& n : names) given = given || n == input;
            absent = absent || !given;
        }

    // the layout
    std::int64_t rs = cols, cs = 1;
    switch (in.byte() % 6) {
    case 0: break;                                                     // row-major
    case 1: rs = 1; cs = rows; break;                                  // column-major
    case 2: rs = cols + static_cast<std::int64_t>(in.pick(1, 5)); break;  // padded rows
    case 3: rs = 0; break;                                             // one row broadcast
    case 4: rs = static_cast<std::int64_t>(in.pick(0, 12)); cs = static_cast<std::int64_t>(in.pick(0, 12)); break;
    default:
        rs = static_cast<std::int64_t>(in.pick(0, 8)) - 3;
        cs = static_cast<std::int64_t>(in.pick(0, 8)) - 3;
    }
    const bool negative = rs < 0 || cs < 0;
    // the elements the matrix spans (exactly: the buffer ends at the last element)
    std::size_t extent = 1;
    if (!negative && rows > 0 && cols > 0) extent = static_cast<std::size_t>((rows - 1) * rs + (cols - 1) * cs + 1);
    if (negative) extent = static_cast<std::size_t>(rows * (rs < 0 ? -rs : rs) + cols * (cs < 0 ? -cs : cs) + 1);

    // the options
    vitals_score_options options{};
    options.struct_size = sizeof options;
    options.threads = static_cast<std::int64_t>(in.pick(0, 4));
    const std::uint8_t k = in.byte();
    options.top_k = k % 32 == 31 ? VITALS_MAX_TOP_K + 1 : static_cast<std::int64_t>(k % 9);
    const bool bad_top_k = options.top_k > VITALS_MAX_TOP_K;
    options.allow_absent_columns = allow_absent ? 1 : 0;
    options.block_size = static_cast<std::int64_t>(in.pick(0, 9));
    const std::int64_t top_k = options.top_k == 0 ? 3 : options.top_k;

    // the output buffers
    const unsigned wanted = in.byte();
    const std::uint8_t sb = in.byte();
    const unsigned short_by = sb % 8 == 7 ? in.byte() : 0U;
    bool short_buffer = false;
    for (unsigned bit = 0; bit < 7; ++bit) {
        const std::int64_t n = bit < 4 ? rows : bit < 6 ? rows * n_measures : rows * top_k;
        if (((wanted >> bit) & 1U) && ((short_by >> bit) & 1U) && n > 0) short_buffer = true;
    }

    // the matrix
    std::vector<double> d64;
    std::vector<float> d32;
    if (dtype == VITALS_DTYPE_FLOAT32) d32.resize(extent);
    else d64.resize(extent);
    for (std::size_t i = 0; i < extent; ++i) {
        const double v = value_of(in.byte());
        if (dtype == VITALS_DTYPE_FLOAT32) d32[i] = static_cast<float>(v);
        else d64[i] = v;
    }
    const void* matrix = dtype == VITALS_DTYPE_FLOAT32 ? static_cast<const void*>(d32.data()) : d64.data();

    std::vector<const char*> name_ptrs;
    for (const std::string& n : names) name_ptrs.push_back(n.c_str());
    outputs all(rows, n_measures, top_k, wanted, short_by);
    const vitals_status st = vitals_scorecard_score(card, matrix, dtype, rows, cols, rs, cs,
                                                    named ? name_ptrs.data() : nullptr, named ? cols : 0, &options,
                                                    &all.view);
    const std::string msg = vitals_last_error();
    const bool must_fail = bad_dtype || (negative && rows > 0 && cols > 0) || short_buffer || bad_top_k ||
                           (twice && cols > 0) || (absent && !allow_absent);
    if (st != VITALS_OK) {
        check(!msg.empty(), "a failed call leaves a message");
        check(st >= VITALS_ERR_INTERNAL && st != VITALS_ERR_INTERNAL, "a failure has a documented, non-internal status", msg);
        return 0;
    }
    check(!must_fail, "a call the header calls an error fails",
          "dtype " + std::to_string(dtype) + " strides " + std::to_string(rs) + "," + std::to_string(cs) + " short " +
              std::to_string(short_buffer) + " top_k " + std::to_string(options.top_k) + " twice " + std::to_string(twice) +
              " absent " + std::to_string(absent));

    // each row alone: the card's inputs in order, contiguous, one thread, the default block size
    vitals_score_options one = options;
    one.threads = 1;
    one.block_size = 0;
    for (std::int64_t r = 0; r < rows; ++r) {
        std::vector<double> row64(static_cast<std::size_t>(n_inputs), std::nan(""));
        std::vector<float> row32(static_cast<std::size_t>(n_inputs), std::nanf(""));
        for (std::int64_t i = 0; i < n_inputs; ++i) {
            std::int64_t col = -1;
            if (!named) col = i;
            else
                for (std::int64_t c = 0; c < cols; ++c)
                    if (names[static_cast<std::size_t>(c)] == inputs[static_cast<std::size_t>(i)]) { col = c; break; }
            if (col < 0) continue;  // absent: missing
            const std::size_t at = static_cast<std::size_t>(r * rs + col * cs);
            if (dtype == VITALS_DTYPE_FLOAT32) row32[static_cast<std::size_t>(i)] = d32[at];
            else row64[static_cast<std::size_t>(i)] = d64[at];
        }
        outputs alone(1, n_measures, top_k, wanted, 0);
        const void* row = dtype == VITALS_DTYPE_FLOAT32 ? static_cast<const void*>(row32.data()) : row64.data();
        const vitals_status s1 = vitals_scorecard_score(card, row, dtype, 1, n_inputs, n_inputs, 1, nullptr, 0, &one, &alone.view);
        check(s1 == VITALS_OK, "a row of a successful call scores alone", vitals_last_error());
        const auto R = static_cast<std::size_t>(r);
        const auto M = static_cast<std::size_t>(n_measures);
        const auto K = static_cast<std::size_t>(top_k);
        const std::string where = "row " + std::to_string(r);
        check(same_bits(all.score, R, alone.score, all.score.empty() ? 0 : 1), "score: the batch equals the row alone", where);
        check(same_bits(all.band, R, alone.band, all.band.empty() ? 0 : 1), "band: the batch equals the row alone", where);
        check(same_bits(all.coverage, R, alone.coverage, all.coverage.empty() ? 0 : 1), "coverage: the batch equals the row alone", where);
        check(same_bits(all.status, R, alone.status, all.status.empty() ? 0 : 1), "status: the batch equals the row alone", where);
        check(same_bits(all.contributions, R * M, alone.contributions, all.contributions.empty() ? 0 : M),
              "contributions: the batch equals the row alone", where);
        check(same_bits(all.points_lost, R * M, alone.points_lost, all.points_lost.empty() ? 0 : M),
              "points lost: the batch equals the row alone", where);
        check(same_bits(all.drivers, R * K, alone.drivers, all.drivers.empty() ? 0 : K), "drivers: the batch equals the row alone", where);
        if (!all.score.empty()) {
            const double s = all.score[R];
            check(std::isnan(s) || (s >= 0.0 && s <= 100.0), "a score is NaN or in 0-100", where);
        }
    }
    return 0;
}
