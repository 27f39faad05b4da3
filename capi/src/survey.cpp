// libvitals — stakeholder-weighted survey measures (vitals/survey.hpp behind the C ABI).
#include "boundary.hpp"
#include "arguments.hpp"

#include "vitals/survey.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

using vitals::errc;
using vitals::fail;
using vitals::capi::guarded;
using namespace vitals::capi;

namespace {


static_assert(VITALS_ROLE_C_SUITE == static_cast<int>(vitals::role::c_suite));
static_assert(VITALS_ROLE_VP == static_cast<int>(vitals::role::vp));
static_assert(VITALS_ROLE_DIRECTOR == static_cast<int>(vitals::role::director));
static_assert(VITALS_ROLE_MANAGER == static_cast<int>(vitals::role::manager));
static_assert(VITALS_ROLE_USER == static_cast<int>(vitals::role::user));
static_assert(VITALS_ROLE_COUNT == vitals::role_count);
static_assert(VITALS_SURVEY_NPS == static_cast<int>(vitals::survey_column::nps));
static_assert(VITALS_SURVEY_PARTICIPATION == static_cast<int>(vitals::survey_column::participation));
static_assert(VITALS_SURVEY_PARTICIPATION_BELOW_TARGET ==
              static_cast<int>(vitals::survey_column::participation_below_target));
static_assert(VITALS_SURVEY_SENIORITY_LEVELS == static_cast<int>(vitals::survey_column::seniority_levels));
static_assert(VITALS_SURVEY_SENIORITY_COVERAGE == static_cast<int>(vitals::survey_column::seniority_coverage));
static_assert(VITALS_SURVEY_SENIOR_VOICES_MISSING == static_cast<int>(vitals::survey_column::senior_voices_missing));
static_assert(VITALS_SURVEY_INVITED == static_cast<int>(vitals::survey_column::invited));
static_assert(VITALS_SURVEY_ANSWERED == static_cast<int>(vitals::survey_column::answered));
static_assert(VITALS_SURVEY_COLUMN_COUNT == vitals::survey_column_count);

}  // namespace

extern "C" {

VITALS_API vitals_status vitals_survey_column_name(int64_t index, const char** name) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (name == nullptr) return fail(errc::invalid_argument, "name: the out-pointer is NULL");
        *name = nullptr;
        if (index < 0 || index >= VITALS_SURVEY_COLUMN_COUNT)
            return fail(errc::out_of_range, "index: " + std::to_string(index) + " is not 0.." +
                                                std::to_string(VITALS_SURVEY_COLUMN_COUNT - 1));
        *name = vitals::column_name(static_cast<vitals::survey_column>(index)).data();  // literals
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_survey_parse_role(const char* text, size_t length, int32_t* role) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (role == nullptr) return fail(errc::invalid_argument, "role: the out-pointer is NULL");
        *role = -1;
        if (text == nullptr) return fail(errc::invalid_argument, "text is NULL");
        const std::size_t n = length == VITALS_NUL_TERMINATED ? std::strlen(text) : length;
        VITALS_TRY(r, vitals::parse_role(std::string_view(text, n), "text"));
        *role = static_cast<int32_t>(r);
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_survey_measures(int64_t accounts, const int64_t* account, const int32_t* role,
                                                const double* answer, int64_t rows,
                                                const vitals_survey_options* options, double* out,
                                                int64_t out_length) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        VITALS_TRY(n_accounts, count_arg(accounts, "accounts"));
        VITALS_TRY(n_rows, count_arg(rows, "rows"));
        VITALS_TRY(acc, input_span(account, n_rows, "account"));
        VITALS_TRY(rl, input_span(role, n_rows, "role"));
        VITALS_TRY(ans, input_span(answer, n_rows, "answer"));
        vitals::survey_options o;
        if (options != nullptr) {
            VITALS_TRY(in, read_versioned(options, survey_options_v1_size, "options"));
            bool any = false;
            for (double w : in.role_weights) any = any || w != 0.0;
            if (any)
                for (std::size_t r = 0; r < vitals::role_count; ++r) o.role_weights[r] = in.role_weights[r];
            if (in.participation_target != 0.0) o.participation_target = in.participation_target;
        }
        if (n_accounts > 0 && out == nullptr) return fail(errc::invalid_argument, "out is NULL");
        if (n_accounts > SIZE_MAX / vitals::survey_column_count)
            return fail(errc::shape_mismatch, "accounts: " + std::to_string(accounts) + " is too large");
        const std::size_t need = n_accounts * vitals::survey_column_count;
        VITALS_TRY(block, output_array(out, out_length, need, "out_length"));
        VITALS_TRY(columns, vitals::survey_outputs::block(block, n_accounts));
        return vitals::survey_measures(accounts, {acc, rl, ans}, o, columns);
    });
}

}  // extern "C"
