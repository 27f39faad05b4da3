// libvitals — versions, status strings, the thread's last error, load options and C callbacks.
#include "boundary.hpp"

#include "vitals/build_info.hpp"
#include "vitals/version.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

// vitals.h restates the library version for C. This file includes both headers, so if they ever
// disagree, the differing macro redefinition fails the build.

namespace vitals::capi {
namespace {

// The thread's last error. `fallback` is used when the message itself cannot be stored.
thread_local std::string last_message;
thread_local const char* last_fallback = nullptr;

constexpr std::int32_t last_known_code = static_cast<std::int32_t>(errc::internal);

/// A number for messages: shortest round-trip text.
std::string number_text(double x) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

}  // namespace

vitals_status set_error(const char* function, errc code, std::string_view message) noexcept {
    try {
        last_fallback = nullptr;
        last_message.assign(function);
        last_message.append(": ");
        last_message.append(message);
    } catch (...) {
        last_fallback = "out of memory (while recording an error message)";
    }
    const auto c = static_cast<std::int32_t>(code);
    return c > 0 ? -c : VITALS_ERR_INTERNAL;
}

vitals_status clear_error() noexcept {
    last_fallback = nullptr;
    last_message.clear();
    return VITALS_OK;
}

result<void> write_string(std::string_view text, char* buffer, std::size_t size, std::size_t* needed) {
    const std::size_t need = text.size() + 1;
    if (needed != nullptr) *needed = need;
    if (buffer == nullptr) {
        if (size != 0)
            return fail(errc::invalid_argument,
                        "buffer: NULL with size " + std::to_string(size) + " (pass size 0 to query the size)");
        return boost::outcome_v2::success();
    }
    if (size < need) {
        if (size > 0) buffer[0] = '\0';
        return fail(errc::shape_mismatch, "buffer: " + std::to_string(size) + " bytes, " + std::to_string(need) +
                                              " needed (including the terminating NUL)");
    }
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    return boost::outcome_v2::success();
}

void callback_normaliser::apply(std::span<const double> in, std::span<double> out) const noexcept {
    const std::size_t n = std::min(in.size(), out.size());
    if (n == 0) return;
    const std::int32_t rc = state->apply(state->user, in.data(), out.data(), static_cast<std::int64_t>(n));
    // missing in, missing out: a sub-score made up for a missing value would turn no data into data
    std::size_t invented = n;
    if (rc == 0) {
        for (std::size_t i = 0; i < n && invented == n; ++i)
            if (std::isnan(in[i]) && !std::isnan(out[i])) invented = i;
        if (invented == n) return;
    }
    const double made_up = rc == 0 ? out[invented] : 0.0;
    std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), -std::numeric_limits<double>::infinity());
    try {
        std::lock_guard lock(state->mutex);
        if (rc != 0)
            state->last_failure = "the user-defined normaliser \"" + state->name + "\" failed: its callback returned " +
                                  std::to_string(rc) + " for a chunk of " + std::to_string(n) + " values";
        else
            state->last_failure = "the user-defined normaliser \"" + state->name +
                                  "\" mapped a missing value (NaN) to " + number_text(made_up) +
                                  "; missing in, missing out: a normaliser must map NaN to NaN";
    } catch (...) {
        // the count below still fails the call; only the description is lost
    }
    state->failures.fetch_add(1, std::memory_order_acq_rel);
}

std::vector<std::shared_ptr<const callback_state>> callbacks_of(const scorecard& card) {
    std::vector<std::shared_ptr<const callback_state>> out;
    for (const measure& m : card.measures())
        if (const auto* c = m.normaliser.target<callback_normaliser>())
            if (std::find(out.begin(), out.end(), c->state) == out.end()) out.push_back(c->state);
    return out;
}

std::vector<std::uint64_t> failure_counts(std::span<const std::shared_ptr<const callback_state>> callbacks) {
    std::vector<std::uint64_t> counts;
    counts.reserve(callbacks.size());
    for (const auto& c : callbacks) counts.push_back(c->failures.load(std::memory_order_acquire));
    return counts;
}

error explain_callback_failure(std::span<const std::shared_ptr<const callback_state>> callbacks,
                               std::span<const std::uint64_t> before, error e) {
    for (std::size_t i = 0; i < callbacks.size() && i < before.size(); ++i)
        if (callbacks[i]->failures.load(std::memory_order_acquire) != before[i]) {
            std::lock_guard lock(callbacks[i]->mutex);
            return error{errc::out_of_range, callbacks[i]->last_failure, e.row};
        }
    return e;
}

}  // namespace vitals::capi

using vitals::errc;
using vitals::fail;
using vitals::capi::guarded;
using vitals::capi::unwrap;
using vitals::capi::wrap;

extern "C" {

VITALS_API const char* vitals_version_string(void) { return VITALS_VERSION_STRING; }

VITALS_API int32_t vitals_version_number(void) { return VITALS_VERSION_NUMBER; }

VITALS_API int32_t vitals_abi_version(void) { return VITALS_ABI_VERSION; }

VITALS_API const char* vitals_build_info(void) {
    try {
        static const std::string info = vitals::build_info();  // the level is fixed once chosen
        return info.c_str();
    } catch (...) {  // std::bad_alloc: the level is still in use, only the line is lost
        return "vitals " VITALS_VERSION_STRING "; isa unknown (out of memory)";
    }
}

VITALS_API const char* vitals_status_string(vitals_status status) {
    if (status > 0 || status < -vitals::capi::last_known_code) return "unknown";
    return vitals::to_string(static_cast<errc>(-status)).data();  // static, NUL-terminated literals
}

VITALS_API const char* vitals_last_error(void) {
    if (vitals::capi::last_fallback != nullptr) return vitals::capi::last_fallback;
    return vitals::capi::last_message.c_str();
}

VITALS_API vitals_status vitals_load_options_create(vitals_load_options** options) {
    if (options != nullptr) *options = nullptr;
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (options == nullptr) return fail(errc::invalid_argument, "options: the out-pointer is NULL");
        *options = wrap(new vitals::capi::load_options_body());
        return boost::outcome_v2::success();
    });
}

VITALS_API vitals_status vitals_load_options_add_normaliser(vitals_load_options* options, const char* name,
                                                            vitals_normaliser_fn apply, void* user,
                                                            vitals_release_fn release) {
    return guarded(__func__, [&]() -> vitals::result<void> {
        if (options == nullptr) return fail(errc::invalid_argument, "options is NULL");
        if (name == nullptr) return fail(errc::invalid_argument, "name is NULL");
        if (apply == nullptr) return fail(errc::invalid_argument, "apply is NULL");
        if (*name == '\0') return fail(errc::invalid_argument, "name is empty");
        vitals::load_options& lo = unwrap(options)->options;
        if (lo.custom.contains(std::string_view(name)))
            return fail(errc::invalid_argument,
                        "name: a normaliser named \"" + std::string(name) + "\" is already registered");
        auto state = std::make_shared<vitals::capi::callback_state>();
        state->name = name;
        state->apply = apply;
        state->user = user;
        // `release` is set last: if anything above throws, the state dies without releasing the
        // user context, which the caller still owns (the documented failure behaviour).
        vitals::normaliser n = vitals::capi::callback_normaliser{state};
        lo.custom.emplace(std::string(name), std::move(n));
        state->release = release;  // from here on the library owns `user`
        return boost::outcome_v2::success();
    });
}

VITALS_API void vitals_load_options_destroy(vitals_load_options* options) {
    delete unwrap(options);  // noexcept; a release callback must not unwind
}

}  // extern "C"
