// libvitals — the handle bodies of the accounts part (scorecard sets, override books), shared by
// accounts.cpp (their own functions) and session.cpp (which builds sessions from them). Internal.
#pragma once

#include "vitals/vitals.h"

#include "boundary.hpp"

#include "vitals/override.hpp"
#include "vitals/scorecard_set.hpp"

#include <memory>
#include <utility>
#include <vector>

namespace vitals::capi {

struct set_body {
    explicit set_body(vitals::scorecard_set s) : set(std::move(s)) {
        for (const vitals::scorecard& c : set.cards())
            for (auto& cb : callbacks_of(c)) callbacks.push_back(std::move(cb));
    }
    vitals::scorecard_set set;
    /// The user-defined normalisers the cards use (to explain their failures).
    std::vector<std::shared_ptr<const callback_state>> callbacks;
};

struct book_body {
    vitals::override_book book;
};

inline set_body* body(vitals_scorecard_set* h) noexcept { return reinterpret_cast<set_body*>(h); }
inline const set_body* body(const vitals_scorecard_set* h) noexcept { return reinterpret_cast<const set_body*>(h); }
inline book_body* body(vitals_override_book* h) noexcept { return reinterpret_cast<book_body*>(h); }
inline const book_body* body(const vitals_override_book* h) noexcept { return reinterpret_cast<const book_body*>(h); }

}  // namespace vitals::capi
