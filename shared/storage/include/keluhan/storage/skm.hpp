// Satisfaction-survey responses (src/skm.cpp). A response keeps no name, no
// contact, no time of day and no complaint: a complaint that has had its
// one response is only marked so (complaints.skm_answered), so nothing in
// the file joins a response to the person who gave it.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/skm.hpp"
#include "keluhan/storage/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace keluhan {

class SkmRepository : protected Repository {
  public:
    explicit SkmRepository(Database& db) : Repository(db) {}

    // Stores `r` (its id given) in one transaction. With `code`: the
    // complaint must be closed (err.skm.not_closed) and not answered yet
    // (err.skm.already), and is marked answered; err.complaint.not_found
    // when there is none. The same id again changes nothing (a retried sync).
    [[nodiscard]] Status add_skm_response(const SkmResponse& r,
                                          const std::optional<TrackingCode>& code,
                                          const std::string& questionnaire);
    // The responses given from `from` to `to` (days, both included), by day.
    [[nodiscard]] Result<std::vector<SkmResponse>> skm_responses(Date from, Date to);
    // Whether the complaint has had its response.
    [[nodiscard]] Result<bool> skm_answered(const TrackingCode& code);
};

} // namespace keluhan
