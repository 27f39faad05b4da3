// Vitals — the instruction-set level the batch kernels run at, chosen once per process.
//
// The batch scorer's block kernel is compiled three times in the same header (batch.hpp):
// baseline x86-64, AVX2 + FMA, and AVX-512 (F, DQ, VL, BW), each a function of its own with a GCC /
// Clang `target` attribute, so no compiler flag is needed and no inline function is ever compiled
// for an instruction set the CPU may lack. At first use the level is the best the CPU supports,
// or the one the VITALS_ISA environment variable names (baseline, avx2, avx512) when the CPU has
// it; a level the CPU lacks falls back to the best it has, and isa_note() says so. Every level
// gives the same results bit for bit (no floating-point contraction: the library builds with
// -ffp-contract=off, and so does every target linking vitals::vitals).
// Off x86-64, or with another compiler, only the baseline exists.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define VITALS_ISA_X86 1
#else
#define VITALS_ISA_X86 0
#endif

namespace vitals {
inline namespace v1 {

/// An instruction-set level of the batch kernels, lowest first.
enum class isa : std::int32_t {
    baseline = 0,  ///< x86-64 as every 64-bit x86 CPU runs it (SSE2), or the target's default
    avx2 = 1,      ///< AVX2 + FMA (x86-64 only)
    avx512 = 2,    ///< AVX-512 F, DQ, VL, BW (x86-64 only)
};

[[nodiscard]] constexpr std::string_view to_string(isa level) noexcept {
    switch (level) {
    case isa::avx2: return "avx2";
    case isa::avx512: return "avx512";
    default: return "baseline";
    }
}

/// The level named `name` ("baseline", "avx2", "avx512"), or nothing.
[[nodiscard]] constexpr std::optional<isa> parse_isa(std::string_view name) noexcept {
    for (isa l : {isa::baseline, isa::avx2, isa::avx512})
        if (name == to_string(l)) return l;
    return std::nullopt;
}

/// The best level this CPU runs (and this build has kernels for).
[[nodiscard]] inline isa supported_isa() noexcept {
#if VITALS_ISA_X86
    __builtin_cpu_init();  // harmless when already done; needed before constructors have run
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw"))
        return isa::avx512;
    if (avx2) return isa::avx2;
#endif
    return isa::baseline;
}

namespace detail {

/// The process's choice: the level in use, and why it is not what VITALS_ISA asked for.
struct isa_choice {
    std::atomic<isa> level{isa::baseline};
    std::string note;  // "" unless VITALS_ISA was set and could not be followed; written once

    isa_choice() {
        const isa best = supported_isa();
        isa chosen = best;
        if (const char* env = std::getenv("VITALS_ISA"); env != nullptr && *env != '\0') {
            const std::optional<isa> wanted = parse_isa(env);
            if (!wanted)
                note = "VITALS_ISA=" + std::string(env) + " is not a level (baseline, avx2, avx512); using " +
                       std::string(to_string(best));
            else if (*wanted > best)
                note = "VITALS_ISA=" + std::string(env) + ", but this CPU lacks " + std::string(to_string(*wanted)) +
                       "; using " + std::string(to_string(best));
            else
                chosen = *wanted;
        }
        level.store(chosen, std::memory_order_relaxed);
    }
};

inline isa_choice& the_isa_choice() {
    static isa_choice choice;  // thread-safe initialisation, once per process (per shared library)
    return choice;
}

}  // namespace detail

/// The level the batch kernels run at. Thread-safe.
[[nodiscard]] inline isa active_isa() noexcept {
    return detail::the_isa_choice().level.load(std::memory_order_relaxed);
}

/// Why the level differs from VITALS_ISA's ("" when VITALS_ISA is unset or was followed).
[[nodiscard]] inline const std::string& isa_note() noexcept { return detail::the_isa_choice().note; }

/// Run the kernels at `wanted`, or at the best supported level below it when the CPU lacks it.
/// Returns the level now in use. For tests and measurements; scoring calls already running keep
/// the level they started with. Thread-safe.
inline isa set_isa(isa wanted) noexcept {
    const isa best = supported_isa();
    const isa level = wanted > best ? best : wanted;
    detail::the_isa_choice().level.store(level, std::memory_order_relaxed);
    return level;
}

/// "avx2", or "avx2 (VITALS_ISA=avx512, but this CPU lacks avx512; using avx2)": the level in use
/// and, when there is one, the note.
[[nodiscard]] inline std::string isa_report() {
    std::string r(to_string(active_isa()));
    if (!isa_note().empty()) r += " (" + isa_note() + ")";
    return r;
}

}  // namespace v1
}  // namespace vitals
