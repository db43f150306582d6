// What the monthly report (report.hpp) reads (src/reports.cpp): counts
// grouped in SQL over the submission-time indexes, and the SOP history of a
// month's complaints in one pass. Reads only; no tables of its own.
#pragma once

#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/storage/database.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace keluhan {

// One complaint's SOP history as the reports read it.
struct ComplaintHistory {
    std::int64_t seq = 0;
    std::string sop;
    std::string service;
    Channel channel = Channel::Tertulis;
    ComplaintStatus status = ComplaintStatus::Open;
    TimeMs created_at = 0;
    std::vector<Event> events; // kind, step_id and at only, in order
};

// How many complaints of a month have one value of a column.
struct GroupCount {
    std::string key;
    std::int64_t count = 0;
};
enum class ReportGroup { ByService, ByChannel, ByStatus };

class ReportRepository : protected Repository {
  public:
    explicit ReportRepository(Database& db) : Repository(db) {}

    // Complaints submitted in [from, to) counted by one column, largest first.
    [[nodiscard]] Result<std::vector<GroupCount>> count_by(ReportGroup g, TimeMs from, TimeMs to);
    // Calls `f` with the history of every complaint submitted in [from, to),
    // in submission order, all read in one snapshot.
    [[nodiscard]] Status each_history(TimeMs from, TimeMs to,
                                      const std::function<void(const ComplaintHistory&)>& f);
};

} // namespace keluhan
