// libvitals — the C boundary: handle bodies, the thread's last error, and `guarded`, which runs a
// function body so that no exception ever leaves the library and every failure becomes a status
// plus a message naming the function. Internal: not installed.
#pragma once

#include "vitals/vitals.h"

#include "vitals/error.hpp"
#include "vitals/scorecard.hpp"
#include "vitals/scorecard_file.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vitals::capi {

// ---- user-defined normalisers behind a C callback ----------------------------------------------

/// What a C-registered normaliser needs: the callback, its context, and a record of failures.
/// Shared by the load options it was registered with and every scorecard that uses it; the last
/// owner to go releases the user context.
struct callback_state {
    std::string name;
    vitals_normaliser_fn apply = nullptr;
    void* user = nullptr;
    vitals_release_fn release = nullptr;

    /// Failed chunks so far, and the latest failure's description (under `mutex`).
    mutable std::atomic<std::uint64_t> failures{0};
    mutable std::mutex mutex;
    mutable std::string last_failure;

    callback_state() = default;
    callback_state(const callback_state&) = delete;
    callback_state& operator=(const callback_state&) = delete;
    ~callback_state() {
        if (release != nullptr) release(user);
    }
};

/// The normaliser model wrapping a callback (kind "custom", named, so it saves as such).
struct callback_normaliser {
    std::shared_ptr<const callback_state> state;

    [[nodiscard]] std::string_view kind() const noexcept { return "custom"; }
    [[nodiscard]] std::string name() const { return state->name; }
    /// Calls the callback once for the whole chunk. On failure (non-zero return), records it and
    /// fills the chunk with -inf, a sub-score the scorers reject, so the scoring call stops with
    /// out_of_range; the C layer then replaces the scorer's message with the recorded one.
    void apply(std::span<const double> in, std::span<double> out) const noexcept;

    friend bool operator==(const callback_normaliser& a, const callback_normaliser& b) noexcept {
        return a.state == b.state;
    }
};

}  // namespace vitals::capi

namespace vitals::capi {

// ---- errors ------------------------------------------------------------------------------------

/// Records `message` (prefixed with the function) as the thread's last error; returns -code.
vitals_status set_error(const char* function, errc code, std::string_view message) noexcept;
/// Clears the thread's last error; returns VITALS_OK.
vitals_status clear_error() noexcept;

/// Runs `body` (returning result<void>) at the C boundary: its error, or any exception, becomes
/// a status and the thread's last error; success clears the last error.
template <class Body>
vitals_status guarded(const char* function, Body&& body) noexcept {
    try {
        result<void> r = body();
        if (r) return clear_error();
        return set_error(function, r.error().code, r.error().message);
    } catch (const std::bad_alloc&) {
        return set_error(function, errc::internal, "out of memory");
    } catch (const std::exception& e) {
        return set_error(function, errc::internal, std::string("unexpected exception: ") + e.what());
    } catch (...) {
        return set_error(function, errc::internal, "unexpected exception");
    }
}

/// Writes `text` to a caller buffer with the size-query protocol of vitals.h ("Strings").
result<void> write_string(std::string_view text, char* buffer, std::size_t size, std::size_t* needed);

/// The callback states used by a scorecard's measures.
std::vector<std::shared_ptr<const callback_state>> callbacks_of(const scorecard& card);

/// The failure counters of `callbacks`, taken before a scoring call.
std::vector<std::uint64_t> failure_counts(std::span<const std::shared_ptr<const callback_state>> callbacks);

/// After a scoring call that ended in out_of_range: when a callback failed since `before` was
/// taken, the error describing that failure; otherwise `e` unchanged.
error explain_callback_failure(std::span<const std::shared_ptr<const callback_state>> callbacks,
                               std::span<const std::uint64_t> before, error e);

/// A scoring call's outcome, with a user-defined normaliser's own message replacing the scorer's
/// when one failed since `before` was taken.
inline result<void> explained(std::span<const std::shared_ptr<const callback_state>> callbacks,
                              std::span<const std::uint64_t> before, result<void> r) {
    if (!r && r.error().code == errc::out_of_range) return explain_callback_failure(callbacks, before, r.error());
    return r;
}

/// The building blocks name an error's row (error::row) as the caller handed the rows, from 0:
/// "row 3: account \"A-3\": ...". (The session names rows itself, by the table's source.)
inline error numbered(error e) {
    if (e.row >= 0) e.message = "row " + std::to_string(e.row) + ": " + e.message;
    return e;
}
template <class T>
result<T> numbered(result<T> r) {
    if (!r) return numbered(std::move(r).error());
    return r;
}

}  // namespace vitals::capi

// ---- handle bodies ---------------------------------------------------------------------------
// The C header's `struct vitals_scorecard` and `struct vitals_load_options` are never defined: the
// library converts between them and these bodies (wrap/unwrap). So the exported functions' debug
// information, which the ABI check reads, shows opaque handles and not the C++ core behind them.

namespace vitals::capi {

struct load_options_body {
    vitals::load_options options;
};

struct scorecard_body {
    explicit scorecard_body(vitals::scorecard c) : card(std::move(c)), callbacks(callbacks_of(card)) {}

    vitals::scorecard card;
    /// The user-defined normalisers the scorecard uses (to explain their failures).
    std::vector<std::shared_ptr<const callback_state>> callbacks;
};

inline vitals_scorecard* wrap(scorecard_body* b) noexcept { return reinterpret_cast<vitals_scorecard*>(b); }
inline const scorecard_body* unwrap(const vitals_scorecard* h) noexcept {
    return reinterpret_cast<const scorecard_body*>(h);
}
inline scorecard_body* unwrap(vitals_scorecard* h) noexcept { return reinterpret_cast<scorecard_body*>(h); }
inline vitals_load_options* wrap(load_options_body* b) noexcept { return reinterpret_cast<vitals_load_options*>(b); }
inline const load_options_body* unwrap(const vitals_load_options* h) noexcept {
    return reinterpret_cast<const load_options_body*>(h);
}
inline load_options_body* unwrap(vitals_load_options* h) noexcept { return reinterpret_cast<load_options_body*>(h); }

}  // namespace vitals::capi
