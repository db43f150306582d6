// A complaint worked to its end through the core, for the tests of what
// follows a closed complaint (the satisfaction survey).
#pragma once

#include "keluhan/ops/workflow.hpp"
#include "keluhan/storage/store.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace keluhan::test {

// Works the complaint through every step of its SOP to Closed, each step
// by an account of the role that acts on it (made here, named `prefix`0, 1...).
inline void close_complaint(Store& store, const Office& office, const TrackingCode& code,
                            const std::string& prefix = "petugas") {
    std::map<Role, User> users;
    for (int guard = 0; guard < 40; ++guard) {
        auto c = store.find_by_code(code).value();
        if (c.status == ComplaintStatus::Closed) return;
        const SopStep& step = *office.profile.step(c.current_step);
        const Role role = SopEngine::acting_role(step);
        if (!users.count(role))
            users.emplace(
                role, store.add_user(prefix + std::to_string(users.size()), "Petugas", role, "x")
                          .value());
        auto done = advance_complaint(store, office, users.at(role), code,
                                      AdvanceRequest{"Dikerjakan", false, std::nullopt, {}});
        REQUIRE_MESSAGE(done.ok(), done.error().key);
    }
    FAIL("the complaint is still open after 40 steps");
}

} // namespace keluhan::test
