#include "print_journal.hpp"

#include <chrono>
#include <thread>

namespace keluhan::panel {

Result<Complaint> ServiceJournal::complaint(const TrackingCode& code) {
    auto d = service_.detail(code);
    if (!d) return d.error();
    Complaint c = d->complaint;
    std::lock_guard lock(mu_);
    last_ = std::move(d).value();
    return c;
}

Result<std::vector<Event>> ServiceJournal::events(const Complaint& c) {
    {
        std::lock_guard lock(mu_);
        if (last_ && last_->complaint.code == c.code) return last_->events;
    }
    auto code = TrackingCode::parse(c.code);
    if (!code) return code.error();
    auto d = service_.detail(*code);
    if (!d) return d.error();
    return std::move(d->events);
}

Result<PrintJob> ServiceJournal::add_job(const Complaint& c, PrintDocument document,
                                         const std::string& /*requested_by*/, bool /*visitor*/,
                                         int /*visitor_reprint_limit*/) {
    auto code = TrackingCode::parse(c.code);
    if (!code) return code.error();
    return service_.record_print(*code, document);
}

Status ServiceJournal::update_job(const PrintJob& job) {
    for (int attempt = 0;; ++attempt) {
        auto r = service_.update_print(job);
        if (r) return ok();
        if (r.error().key != "err.remote.unreachable" || attempt == 2) return r.error();
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

} // namespace keluhan::panel
