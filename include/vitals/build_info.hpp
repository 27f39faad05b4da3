// Vitals — what this build is and how it runs here: version, kernel level, compiler.
#pragma once

#include "vitals/isa.hpp"
#include "vitals/version.hpp"

#include <string>

namespace vitals {
inline namespace v1 {

/// One line, e.g. "vitals 0.1.0; isa avx2; cpu avx2; kernels baseline avx2 avx512; GCC 12.2.0".
/// `isa` is the level the batch kernels run at (active_isa()), with isa_note() in parentheses
/// when VITALS_ISA could not be followed; `cpu` the best level this CPU runs; `kernels` the levels
/// this build has.
[[nodiscard]] inline std::string build_info() {
    std::string r = "vitals " VITALS_VERSION_STRING "; isa " + isa_report();
    r += "; cpu " + std::string(to_string(supported_isa()));
    r += VITALS_ISA_X86 ? "; kernels baseline avx2 avx512" : "; kernels baseline";
#if defined(__clang__)
    r += "; Clang " __clang_version__;
#elif defined(__GNUC__)
    r += "; GCC " __VERSION__;
#endif
    return r;
}

}  // namespace v1
}  // namespace vitals
