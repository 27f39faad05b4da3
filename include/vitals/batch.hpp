// Vitals — the batch scorer: whole account books, in cache-sized blocks, on every core.
//
// Same answers as the reference scorer (score.hpp), computed column-wise:
//   for each block of accounts (block_size rows, all measures of a block before the next block):
//     gather   the input columns the scorecard reads into contiguous doubles (no copy when the
//              input already is contiguous double columns), then compute the derived columns
//              (vitals/expression.hpp) from them, one vector loop per operation;
//     normalise each measure's raw values with one virtual call per measure per block;
//     aggregate groups bottom-up with branch-free selects, in the reference scorer's order of
//              operations, so scores, coverage and contributions equal the reference bit for bit;
//     results  score, band, coverage, status; optionally contributions, points lost, drivers.
// Blocks are independent, so results do not depend on the thread count or the block size.
// The block kernel exists once per instruction-set level (isa.hpp); each call runs at the level in
// use when it starts, and every level gives the same bits.
// Nothing is allocated per account: scratch space is one buffer per thread per call.
#pragma once

#include "vitals/band.hpp"
#include "vitals/detail/builtin_normaliser.hpp"
#include "vitals/detail/numeric.hpp"
#include "vitals/error.hpp"
#include "vitals/frame.hpp"
#include "vitals/isa.hpp"
#include "vitals/score.hpp"
#include "vitals/scorecard.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace vitals {
inline namespace v1 {

/// Caller-owned output buffers. An empty span means "not wanted".
struct batch_output {
    std::span<double> score;          ///< rows; NaN when not scored
    std::span<std::int32_t> band;     ///< rows; bands::none (-1) when not scored
    std::span<double> coverage;       ///< rows
    std::span<std::int32_t> status;   ///< rows; vitals::status values
    std::span<double> contributions;  ///< rows x measures, account-major
    std::span<double> points_lost;    ///< rows x measures, account-major
    std::span<std::int32_t> drivers;  ///< rows x top_k measure indices, most points lost first, -1 padded
};

/// Options of the batch scorer.
struct batch_options {
    unsigned threads = 0;          ///< 0 = std::thread::hardware_concurrency()
    std::size_t block_size = 512;  ///< accounts per block (cache-sized); results do not depend on it
    std::size_t top_k = 3;         ///< drivers per account (see score_options::top_k)
};

/// For each scorecard input (card.inputs() order), its index among `columns`.
/// An input absent from `columns` is an unknown_column error naming every absent input, unless
/// `allow_absent`, in which case its index is -1 and the input is missing for every account.
[[nodiscard]] inline result<std::vector<std::int64_t>> bind_columns(const scorecard& card,
                                                                    std::span<const std::string> columns,
                                                                    bool allow_absent = false) {
    std::vector<std::int64_t> idx;
    std::string absent;
    for (const std::string& in : card.inputs()) {
        std::int64_t found = -1;
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == in) {
                if (found >= 0)
                    return fail(errc::invalid_argument, "columns: \"" + in + "\" appears more than once");
                found = static_cast<std::int64_t>(c);
            }
        if (found < 0) absent += (absent.empty() ? "" : ", ") + in;
        idx.push_back(found);
    }
    if (!absent.empty() && !allow_absent)
        return fail(errc::unknown_column, "columns: the scorecard reads columns that are not given: " + absent);
    return idx;
}

namespace detail {

using detail::keep;
using detail::order_key;
using detail::present_mask;
using detail::select_bits;

/// The scorecard in the form the block kernel walks: flat arrays, nodes deepest first.
struct batch_plan {
    struct member {
        bool is_group;
        std::size_t index;  // measure index, or node index (group + 1)
        double weight;
    };
    struct node {
        std::size_t id;  // node index
        bool weakest_link;
        std::vector<member> members;  // weight > 0 only
    };
    std::vector<node> bottom_up;  // deepest first; the top level last
    std::vector<std::size_t> measure_node;   // node each measure belongs to
    std::vector<double> measure_weight;      // its raw weight in that node
    std::vector<char> measure_weakest;       // whether that node takes the weakest link
    std::vector<builtin_normaliser> normalisers;  // each measure's, its built-in type looked up
    std::vector<std::size_t> derived_depth, derived_operands;  // each derived column's stack depth, operand count
    std::size_t measures = 0;
    std::size_t inputs = 0;
    std::size_t derived = 0;  // derived columns: column slots inputs .. inputs + derived - 1
    std::size_t nodes = 0;

    explicit batch_plan(const scorecard& card) {
        const auto ns = card.nodes();
        measures = card.measures().size();
        inputs = card.inputs().size();
        derived = card.derived().size();
        nodes = ns.size();
        std::vector<std::size_t> depth(ns.size(), 0), order(ns.size());
        for (std::size_t n = 0; n < ns.size(); ++n) {
            order[n] = n;
            for (std::size_t p = ns[n].parent; p != npos; p = ns[p].parent) ++depth[n];
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return depth[a] > depth[b]; });
        measure_node.resize(measures);
        measure_weight.resize(measures);
        measure_weakest.resize(measures);
        for (std::size_t m = 0; m < measures; ++m) {
            measure_node[m] = card.slots()[m].node;
            measure_weight[m] = card.measures()[m].weight;
            measure_weakest[m] = ns[measure_node[m]].aggregation == aggregation::weakest_link;
            normalisers.emplace_back(&card.measures()[m].normaliser);
        }
        for (const scorecard::derived_slot& ds : card.derived()) {
            derived_depth.push_back(ds.expr.stack_depth());
            derived_operands.push_back(ds.operands.size());
        }
        for (std::size_t n : order) {
            node nd{n, ns[n].aggregation == aggregation::weakest_link, {}};
            for (const scorecard::member& mb : ns[n].members)
                if (mb.weight != 0.0) nd.members.push_back({mb.is_group, mb.is_group ? mb.index + 1 : mb.index, mb.weight});
            bottom_up.push_back(std::move(nd));
        }
    }
};

/// Per-thread scratch for one block.
struct batch_scratch {
    std::vector<double> inputs, raw, sub, value, wsum, eff_node, eff_measure;  // raw: ratios, then scores
    std::vector<double> expr_scratch;  // derived columns' evaluation stacks
    std::vector<const double*> input_ptr, operand_ptr;  // input_ptr: per column slot
    void size(const batch_plan& p, std::size_t b) {
        input_ptr.assign(p.inputs + p.derived, nullptr);
        inputs.assign((p.inputs + p.derived) * b, 0.0);
        std::size_t depth = 0, operands = 0;
        for (std::size_t d = 0; d < p.derived; ++d) {
            depth = std::max(depth, p.derived_depth[d]);
            operands = std::max(operands, p.derived_operands[d]);
        }
        expr_scratch.assign(depth * b, 0.0);
        operand_ptr.reserve(operands);
        raw.assign(std::max<std::size_t>(p.measures, 1) * b, 0.0);
        sub.assign(p.measures * b, 0.0);
        value.assign(p.nodes * b, 0.0);
        wsum.assign(p.nodes * b, 0.0);
        eff_node.assign(p.nodes * b, 0.0);
        eff_measure.assign(p.measures * b, 0.0);
    }
};

/// Scores rows [r0, r0 + b) of the frame: the arithmetic of a block, at whatever instruction-set
/// level the caller is compiled for. Returns npos, or the first measure with a sub-score out of
/// [0, 1] (its raw values and sub-scores are then left in the scratch for score_block to report).
template <class T, bool Wide = false>
std::size_t score_block_kernel(const scorecard& card, const batch_plan& plan, const frame_view<T>& frame,
                               std::span<const std::int64_t> cols, const batch_output& out,
                               const batch_options& opt, std::int64_t r0, std::size_t b, batch_scratch& s) {
    constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
    const auto slots = card.slots();
    const std::size_t M = plan.measures;

    // 1. gather: input k of the block at s.inputs[k * b], or straight from the frame
    std::vector<const double*>& in_ptr = s.input_ptr;
    for (std::size_t k = 0; k < plan.inputs; ++k) {
        double* dst = s.inputs.data() + k * b;
        const std::int64_t c = cols[k];
        if (c < 0) {
            std::fill(dst, dst + b, qnan);
            in_ptr[k] = dst;
            continue;
        }
        const T* src = frame.data + r0 * frame.row_stride + c * frame.col_stride;
        if constexpr (std::is_same_v<T, double>) {
            if (frame.row_stride == 1) {
                in_ptr[k] = src;  // contiguous doubles: no copy
                continue;
            }
        }
        const std::int64_t rs = frame.row_stride;
        for (std::size_t i = 0; i < b; ++i) dst[i] = static_cast<double>(src[static_cast<std::int64_t>(i) * rs]);
        in_ptr[k] = dst;
    }
    // 1b. derived columns, block-wise from the gathered inputs: column slot inputs + d
    for (std::size_t d = 0; d < plan.derived; ++d) {
        const scorecard::derived_slot& ds = card.derived()[d];
        s.operand_ptr.clear();
        for (std::size_t k : ds.operands) s.operand_ptr.push_back(in_ptr[k]);
        double* dst = s.inputs.data() + (plan.inputs + d) * b;
        ds.expr.evaluate(s.operand_ptr, b, dst, s.expr_scratch);
        in_ptr[plan.inputs + d] = dst;
    }

    // 2-3a. raw values and sub-scores, one normaliser call per measure per block; then one fused
    // pass per measure checks the range and adds the sub-score to its group and to coverage.
    // Measures come first among a group's members, in scorecard order, so every sum is formed in
    // the reference scorer's order.
    double* cov = s.eff_measure.data();  // borrowed as scratch: rewritten in step 5 before use
    std::fill(cov, cov + b, 0.0);
    for (const batch_plan::node& nd : plan.bottom_up) {
        double* val = s.value.data() + nd.id * b;
        std::fill(val, val + b, nd.weakest_link ? std::numeric_limits<double>::infinity() : 0.0);
        std::fill(s.wsum.data() + nd.id * b, s.wsum.data() + (nd.id + 1) * b, 0.0);
    }
    for (std::size_t m = 0; m < M; ++m) {
        const double* raw = in_ptr[slots[m].numerator];
        if (slots[m].denominator != npos) {
            const double* den = in_ptr[slots[m].denominator];
            double* r = s.raw.data() + m * b;
            for (std::size_t i = 0; i < b; ++i) r[i] = ratio_value(raw[i], den[i]);
            raw = r;
        }
        double* sub = s.sub.data() + m * b;
        plan.normalisers[m].template apply<Wide>(std::span<const double>(raw, b), std::span<double>(sub, b));
        // out of [0, 1] and not NaN, on the bits (integer ops vectorise): +0.0 .. 1.0 are the
        // patterns 0 .. 0x3FF0..0; -0.0 is 0x80..0; NaN has the exponent all ones and a mantissa
        std::uint64_t bad_bits = 0;
        const double share = slots[m].share;
        const double w = plan.measure_weight[m];
        double* val = s.value.data() + plan.measure_node[m] * b;
        double* ws = s.wsum.data() + plan.measure_node[m] * b;
        const auto check = [&](std::size_t i) {
            const std::uint64_t u = std::bit_cast<std::uint64_t>(sub[i]);
            const std::uint64_t is_nan = (u & 0x7FFFFFFFFFFFFFFFull) > 0x7FF0000000000000ull ? 1u : 0u;
            const std::uint64_t outside = (u > 0x3FF0000000000000ull && u != 0x8000000000000000ull) ? 1u : 0u;
            return outside & ~is_nan;
        };
        if (w == 0.0) {  // weight 0: counts for coverage only (its share is 0 too)
            for (std::size_t i = 0; i < b; ++i) {
                bad_bits |= check(i);
                cov[i] += keep(share, present_mask(sub[i]));
            }
        } else if (!plan.measure_weakest[m]) {
            for (std::size_t i = 0; i < b; ++i) {  // missing members add +0.0: same sums
                bad_bits |= check(i);
                const std::uint64_t p = present_mask(sub[i]);
                cov[i] += keep(share, p);
                val[i] += keep(w * sub[i], p);
                ws[i] += keep(w, p);
            }
        } else {
            for (std::size_t i = 0; i < b; ++i) {
                bad_bits |= check(i);
                const std::uint64_t p = present_mask(sub[i]);
                cov[i] += keep(share, p);
                val[i] = sub[i] < val[i] ? sub[i] : val[i];  // NaN compares false: kept out
                ws[i] += keep(w, p);
            }
        }
        if (bad_bits != 0) return m;
    }

    // 3b. groups bottom-up: add the sub-groups (already final: they are deeper), then finish
    const auto member_values = [&](const batch_plan::member& mb) -> const double* {
        return mb.is_group ? s.value.data() + mb.index * b : s.sub.data() + mb.index * b;
    };
    for (const batch_plan::node& nd : plan.bottom_up) {
        double* val = s.value.data() + nd.id * b;
        double* ws = s.wsum.data() + nd.id * b;
        for (const batch_plan::member& mb : nd.members) {
            if (!mb.is_group) continue;
            const double* v = member_values(mb);
            const double w = mb.weight;
            if (!nd.weakest_link) {
                for (std::size_t i = 0; i < b; ++i) {
                    const std::uint64_t p = present_mask(v[i]);
                    val[i] += keep(w * v[i], p);
                    ws[i] += keep(w, p);
                }
            } else {
                for (std::size_t i = 0; i < b; ++i) {
                    val[i] = v[i] < val[i] ? v[i] : val[i];
                    ws[i] += keep(w, present_mask(v[i]));
                }
            }
        }
        if (!nd.weakest_link) {
            for (std::size_t i = 0; i < b; ++i) {
                const std::uint64_t any = std::bit_cast<std::uint64_t>(ws[i]) != 0 ? ~0ull : 0ull;  // ws >= 0
                val[i] = std::bit_cast<double>((std::bit_cast<std::uint64_t>(val[i] / ws[i]) & any) |
                                               (std::bit_cast<std::uint64_t>(qnan) & ~any));
            }
        } else {
            for (std::size_t i = 0; i < b; ++i) val[i] = ws[i] > 0.0 ? val[i] : qnan;
        }
    }

    // 4. status, score, band
    // coverage = present share / total share, as in the reference scorer (exactly 1 when complete)
    double total_share = 0.0;
    for (std::size_t m = 0; m < M; ++m) total_share += slots[m].share;
    for (std::size_t i = 0; i < b; ++i) cov[i] = cov[i] / total_share;
    const double min_cov = card.min_coverage();
    const double* top = s.value.data();  // node 0
    const vitals::bands& bands = card.bands();
    const std::size_t row0 = static_cast<std::size_t>(r0);
    double* eff0 = s.eff_node.data();  // effective weight of the top level: 1 when scored
    double* score = s.raw.data();        // raw values are no longer needed: reuse as scratch
    // scored = top present && coverage > 0 && coverage + tolerance >= min_coverage; compared on
    // order keys (all non-negative here) so the loops vectorise; one simple loop per output
    const std::int64_t min_key = order_key(min_cov);
    for (std::size_t i = 0; i < b; ++i) {
        const std::uint64_t ok = (order_key(cov[i]) > 0 && order_key(cov[i] + coverage_tolerance) >= min_key)
                                     ? present_mask(top[i])
                                     : 0ull;
        score[i] = select_bits(ok, 100.0 * top[i], qnan);
        eff0[i] = keep(1.0, ok);
    }
    if (!out.score.empty()) std::copy(score, score + b, out.score.data() + row0);
    if (!out.coverage.empty()) std::copy(cov, cov + b, out.coverage.data() + row0);
    if (!out.status.empty()) {
        std::int32_t* st = out.status.data() + row0;
        for (std::size_t i = 0; i < b; ++i)
            st[i] = std::bit_cast<std::uint64_t>(eff0[i]) != 0 ? static_cast<std::int32_t>(status::ok)
                                                                : static_cast<std::int32_t>(status::insufficient_data);
    }
    if (!out.band.empty()) {  // the number of cutoffs at or below the score; -1 when not scored
        std::int32_t* bd = out.band.data() + row0;
        for (std::size_t i = 0; i < b; ++i) bd[i] = std::bit_cast<std::uint64_t>(eff0[i]) != 0 ? 0 : bands::none;
        for (double c : bands.cutoffs) {
            const std::int64_t ck = order_key(c == 0.0 ? -0.0 : c);
            for (std::size_t i = 0; i < b; ++i) bd[i] += (order_key(score[i]) >= ck && bd[i] >= 0) ? 1 : 0;
        }
    }

    // 5. effective weights top-down, then contributions, points lost, drivers
    const bool explain = !out.contributions.empty() || !out.points_lost.empty() || !out.drivers.empty();
    if (!explain) return npos;
    std::fill(s.eff_node.begin() + static_cast<std::ptrdiff_t>(b), s.eff_node.end(), 0.0);
    std::fill(s.eff_measure.begin(), s.eff_measure.end(), 0.0);
    const auto eff_of = [&](const batch_plan::member& mb) {
        return mb.is_group ? s.eff_node.data() + mb.index * b : s.eff_measure.data() + mb.index * b;
    };
    for (auto it = plan.bottom_up.rbegin(); it != plan.bottom_up.rend(); ++it) {
        const batch_plan::node& nd = *it;
        const double* eff = s.eff_node.data() + nd.id * b;
        const double* ws = s.wsum.data() + nd.id * b;
        if (!nd.weakest_link) {
            for (const batch_plan::member& mb : nd.members) {
                const double* v = member_values(mb);
                double* e = eff_of(mb);
                const double w = mb.weight;
                for (std::size_t i = 0; i < b; ++i) {
                    const bool p = v[i] == v[i] && eff[i] != 0.0 && ws[i] != 0.0;
                    e[i] = p ? eff[i] * w / ws[i] : 0.0;
                }
            }
        } else {
            // the first present member with the lowest value takes the group's whole weight
            const double* val = s.value.data() + nd.id * b;
            for (std::size_t i = 0; i < b; ++i) {
                bool taken = false;
                for (const batch_plan::member& mb : nd.members) {
                    const double v = member_values(mb)[i];
                    const bool wins = !taken && v == val[i] && eff[i] != 0.0;
                    eff_of(mb)[i] = wins ? eff[i] : 0.0;
                    taken |= wins;
                }
            }
        }
    }
    const std::size_t k = opt.top_k;
    for (std::size_t i = 0; i < b; ++i) {
        const bool scored = eff0[i] != 0.0;
        std::int32_t* drv = out.drivers.empty() ? nullptr : out.drivers.data() + (row0 + i) * k;
        double lost_top[64];
        std::size_t nd = 0;
        const std::size_t kk = std::min<std::size_t>(k, 64);
        if (drv) std::fill(drv, drv + k, -1);
        for (std::size_t m = 0; m < M; ++m) {
            const double sub = s.sub[m * b + i];
            const double e = s.eff_measure[m * b + i];
            const bool present = sub == sub;
            const double contribution = !scored ? qnan : present ? 100.0 * e * sub : 0.0;
            const double lost = !scored ? qnan : present ? 100.0 * e * (1.0 - sub) : 0.0;
            if (!out.contributions.empty()) out.contributions[(row0 + i) * M + m] = contribution;
            if (!out.points_lost.empty()) out.points_lost[(row0 + i) * M + m] = lost;
            if (drv && scored && present && lost > 0.0) {
                // insertion into the running top-k; strictly greater moves ahead, so ties keep
                // scorecard order
                std::size_t pos = nd;
                while (pos > 0 && lost > lost_top[pos - 1]) --pos;
                if (pos < kk) {
                    const std::size_t last = std::min(nd, kk - 1);
                    for (std::size_t q = last; q > pos; --q) {
                        lost_top[q] = lost_top[q - 1];
                        drv[q] = drv[q - 1];
                    }
                    lost_top[pos] = lost;
                    drv[pos] = static_cast<std::int32_t>(m);
                    if (nd < kk) ++nd;
                }
            }
        }
    }
    return npos;
}

// The kernel compiled for each level: the attribute makes the whole body (flatten inlines every
// call it can, the built-in normalisers included) AVX2 or AVX-512 code, while every function it
// inlines keeps its own, baseline, out-of-line copy — so no baseline caller can ever pick up an
// AVX copy of an inline function (as it could if translation units were built with -mavx2).
template <class T>
using block_kernel = std::size_t (*)(const scorecard&, const batch_plan&, const frame_view<T>&,
                                     std::span<const std::int64_t>, const batch_output&, const batch_options&,
                                     std::int64_t, std::size_t, batch_scratch&);

#if VITALS_ISA_X86
// GCC's generic tuning would use only 256 bits of the AVX-512 registers; Clang does not take the
// preference in a target attribute.
#if defined(__clang__)
#define VITALS_TARGET_AVX512 "avx2,fma,avx512f,avx512dq,avx512vl,avx512bw"
#else
#define VITALS_TARGET_AVX512 "avx2,fma,avx512f,avx512dq,avx512vl,avx512bw,prefer-vector-width=512"
#endif
template <class T>
__attribute__((target("avx2,fma"), flatten)) std::size_t score_block_avx2(
    const scorecard& card, const batch_plan& plan, const frame_view<T>& frame, std::span<const std::int64_t> cols,
    const batch_output& out, const batch_options& opt, std::int64_t r0, std::size_t b, batch_scratch& s) {
    return score_block_kernel<T>(card, plan, frame, cols, out, opt, r0, b, s);
}

template <class T>
__attribute__((target(VITALS_TARGET_AVX512), flatten))
std::size_t score_block_avx512(const scorecard& card, const batch_plan& plan, const frame_view<T>& frame,
                               std::span<const std::int64_t> cols, const batch_output& out,
                               const batch_options& opt, std::int64_t r0, std::size_t b, batch_scratch& s) {
    return score_block_kernel<T, true>(card, plan, frame, cols, out, opt, r0, b, s);
}
#endif

/// The block kernel for `level` (the baseline one off x86-64).
template <class T>
[[nodiscard]] block_kernel<T> block_kernel_for(isa level) noexcept {
#if VITALS_ISA_X86
    if (level == isa::avx512) return &score_block_avx512<T>;
    if (level == isa::avx2) return &score_block_avx2<T>;
#endif
    (void)level;
    return &score_block_kernel<T>;
}

/// Scores rows [r0, r0 + b) of the frame with `kernel`. Returns an error only for a sub-score out
/// of [0, 1].
template <class T>
result<void> score_block(block_kernel<T> kernel, const scorecard& card, const batch_plan& plan,
                         const frame_view<T>& frame, std::span<const std::int64_t> cols, const batch_output& out,
                         const batch_options& opt, std::int64_t r0, std::size_t b, batch_scratch& s) {
    const std::size_t m = kernel(card, plan, frame, cols, out, opt, r0, b, s);
    if (m == npos) return boost::outcome_v2::success();
    const auto measures = card.measures();
    const auto slots = card.slots();
    const double* sub = s.sub.data() + m * b;
    const double* raw = slots[m].denominator != npos ? s.raw.data() + m * b : s.input_ptr[slots[m].numerator];
    for (std::size_t i = 0; i < b; ++i)
        if (sub[i] < 0.0 || sub[i] > 1.0)
            return fail_at_row(errc::out_of_range, r0 + static_cast<std::int64_t>(i),
                               "/measures/" + std::to_string(m) + " (" + measures[m].name + "): the " +
                                   std::string(measures[m].normaliser.kind()) + " normaliser returned " +
                                   std::to_string(sub[i]) + " for " + std::to_string(raw[i]) +
                                   "; sub-scores must lie in [0, 1] or be NaN (missing)");
    return boost::outcome_v2::success();
}

inline result<void> check_output(const char* name, std::size_t have, std::size_t need) {
    if (have != 0 && have < need)
        return fail(errc::shape_mismatch, std::string("out.") + name + ": " + std::to_string(have) +
                                              " elements, " + std::to_string(need) + " needed");
    return boost::outcome_v2::success();
}

}  // namespace detail

/// Score every account (row) of `frame`. `input_columns[k]` is the frame column of scorecard
/// input k (see bind_columns; -1 = absent, all missing). Outputs go to the caller's buffers.
/// Errors: shape_mismatch (bad frame or short buffers), invalid_argument (a column index out of
/// range, top_k > 64, block_size 0), out_of_range (a user normaliser's sub-score outside [0, 1];
/// the first such account by row is reported: error::row is its row, which the message leaves
/// for the caller to name; outputs are then unspecified).
/// Exceptions are not errors but still arrive where you can catch them: std::bad_alloc, and
/// whatever a user-defined normaliser throws, are rethrown in the calling thread once every worker
/// has stopped (outputs are then unspecified). Thread-safe: any number of calls may share one
/// scorecard.
template <class T>
[[nodiscard]] result<void> score_batch(const scorecard& card, const frame_view<T>& frame,
                                       std::span<const std::int64_t> input_columns, const batch_output& out,
                                       const batch_options& options = {}) {
    static_assert(std::is_same_v<T, double> || std::is_same_v<T, float>, "frames hold double or float");
    VITALS_TRY(frame.validate("frame"));
    if (input_columns.size() != card.inputs().size())
        return fail(errc::invalid_argument, "input_columns: " + std::to_string(input_columns.size()) +
                                                " given, the scorecard reads " +
                                                std::to_string(card.inputs().size()) + " inputs");
    for (std::size_t k = 0; k < input_columns.size(); ++k)
        if (input_columns[k] < -1 || input_columns[k] >= frame.cols)
            return fail(errc::invalid_argument, "input_columns[" + std::to_string(k) + "]: column " +
                                                    std::to_string(input_columns[k]) + " is outside the frame (" +
                                                    std::to_string(frame.cols) + " columns)");
    if (options.block_size == 0) return fail(errc::invalid_argument, "options.block_size: must be at least 1");
    if (options.top_k > 64) return fail(errc::invalid_argument, "options.top_k: at most 64");
    const auto rows = static_cast<std::size_t>(frame.rows);
    const std::size_t M = card.measures().size();
    // rows x measures and rows x top_k must not wrap (a stride-0 frame can have any row count)
    constexpr std::size_t max_size = static_cast<std::size_t>(-1);
    if ((M != 0 && rows > max_size / M) || (options.top_k != 0 && rows > max_size / options.top_k))
        return fail(errc::shape_mismatch, "frame: rows x measures overflows the size of an output buffer");
    VITALS_TRY(detail::check_output("score", out.score.size(), rows));
    VITALS_TRY(detail::check_output("band", out.band.size(), rows));
    VITALS_TRY(detail::check_output("coverage", out.coverage.size(), rows));
    VITALS_TRY(detail::check_output("status", out.status.size(), rows));
    VITALS_TRY(detail::check_output("contributions", out.contributions.size(), rows * M));
    VITALS_TRY(detail::check_output("points_lost", out.points_lost.size(), rows * M));
    VITALS_TRY(detail::check_output("drivers", out.drivers.size(), rows * options.top_k));
    if (rows == 0) return boost::outcome_v2::success();

    const detail::batch_plan plan(card);
    const detail::block_kernel<T> kernel = detail::block_kernel_for<T>(active_isa());
    const std::size_t B = std::min(options.block_size, rows);
    const std::size_t blocks = (rows + B - 1) / B;
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, blocks));

    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> first_failed{blocks};  // lowest failed block so far
    std::mutex err_mutex;
    std::size_t err_block = blocks;
    error err;
    std::exception_ptr thrown;  // an exception in a worker (bad_alloc, a throwing user normaliser)
    const auto work = [&] {
        try {
            detail::batch_scratch s;
            s.size(plan, B);
            for (;;) {
                const std::size_t blk = next.fetch_add(1, std::memory_order_relaxed);
                if (blk >= blocks) return;
                if (blk > first_failed.load(std::memory_order_relaxed)) return;  // an earlier block failed
                const std::size_t r0 = blk * B;
                const std::size_t b = std::min(B, rows - r0);
                auto r = detail::score_block(kernel, card, plan, frame, input_columns, out, options,
                                             static_cast<std::int64_t>(r0), b, s);
                if (!r) {
                    std::lock_guard lock(err_mutex);
                    if (blk < err_block) {
                        err_block = blk;
                        err = r.error();
                        first_failed.store(blk, std::memory_order_relaxed);
                    }
                }
            }
        } catch (...) {
            std::lock_guard lock(err_mutex);
            if (!thrown) thrown = std::current_exception();
            first_failed.store(0, std::memory_order_relaxed);  // stop the others
        }
    };
    if (threads <= 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        pool.reserve(threads - 1);
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
    }  // joined here
    if (thrown) std::rethrow_exception(thrown);
    if (err_block < blocks) return err;
    return boost::outcome_v2::success();
}

}  // namespace v1
}  // namespace vitals
