// Where the panel's prints are recorded: through the office service, so a
// panel on the hub (--hub) keeps the office's one list of prints on the hub
// while the paper comes out of its own desk's CUPS, and the one-PC panel
// keeps it in its local database, with the same permission checks.
#pragma once

#include "keluhan/printing/print.hpp"
#include "keluhan/service/service.hpp"

#include <mutex>
#include <optional>

namespace keluhan::panel {

class ServiceJournal final : public PrintJournal {
  public:
    explicit ServiceJournal(OfficeService& service) : service_(service) {}

    Result<Complaint> complaint(const TrackingCode& code) override;
    Result<std::vector<Event>> events(const Complaint& c) override;
    // The signed-in user is the requester (the service says so, not us).
    Result<PrintJob> add_job(const Complaint& c, PrintDocument document,
                             const std::string& requested_by, bool visitor,
                             int visitor_reprint_limit) override;
    // A hub briefly out of reach is asked twice more, a second apart: how
    // a print ended is worth a few seconds on the print thread. (Still not
    // recorded, the report says so: PrintReport::not_recorded.)
    Status update_job(const PrintJob& job) override;

  private:
    OfficeService& service_;
    std::mutex mu_;
    std::optional<ComplaintDetail> last_; // complaint() read it; events() reuses it
};

} // namespace keluhan::panel
