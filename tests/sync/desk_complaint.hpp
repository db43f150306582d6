// A complaint taken at the front desk, straight into the hub's store (what
// the panel's desk intake does), and received by staff there: the hub's
// status is at the third step, which no kiosk copy has. For the tests of
// Cek Status asking the hub.
#pragma once

#include "keluhan/ops/workflow.hpp"
#include "keluhan/storage/store.hpp"

#include "hub_process.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

namespace keluhan::test {

inline Submitted desk_complaint(const HubProcess& hub, const Office& office) {
    auto h = Store::open(hub.db()).value();
    auto s = sample_submission("Sertifikat kalibrasi belum kami terima.");
    s.origin = "admin-loket";
    auto taken = submit_complaint(*h, office, s).value();
    const User staf = h->add_user("staf", "Staf PJI", Role::StafPji, "x").value();
    REQUIRE(advance_complaint(*h, office, staf, taken.code,
                              AdvanceRequest{"Diterima", false, std::nullopt, {}})
                .ok());
    return taken;
}

} // namespace keluhan::test
