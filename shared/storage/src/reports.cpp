// What the monthly report (report.hpp) reads: counts grouped in SQL over the
// submission-time indexes, and the SOP history of a month's complaints in
// one pass (the events of each complaint come off the events_complaint index
// in order, so no sort is needed).
#include "keluhan/storage/reports.hpp"

#include "store_internal.hpp"

namespace keluhan {

using namespace store_detail;

Result<std::vector<GroupCount>> ReportRepository::count_by(ReportGroup g, TimeMs from, TimeMs to) {
    return guarded("count_by", [&]() -> Result<std::vector<GroupCount>> {
        const char* column = g == ReportGroup::ByService   ? "service"
                             : g == ReportGroup::ByChannel ? "channel"
                                                           : "status";
        auto st =
            conn().cached(std::string("SELECT ") + column +
                          ", count(*) FROM complaints "
                          "WHERE created_at >= ? AND created_at < ? GROUP BY 1 ORDER BY 2 DESC, 1");
        st->bind(1, from).bind(2, to);
        std::vector<GroupCount> out;
        while (st->step())
            out.push_back({st->text(0), st->int64(1)});
        return out;
    });
}

Status ReportRepository::each_history(TimeMs from, TimeMs to,
                                      const std::function<void(const ComplaintHistory&)>& f) {
    return guarded("each_history", [&]() -> Status {
        db::ReadTransaction snapshot(conn());
        auto st = conn().cached(
            "SELECT c.seq, c.sop, c.service, c.channel, c.status, c.created_at, e.kind, e.step_id, "
            "e.at "
            "FROM complaints c JOIN events e ON e.complaint_seq = c.seq "
            "WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.created_at, c.seq, e.id");
        st->bind(1, from).bind(2, to);
        ComplaintHistory h;
        bool have = false;
        while (st->step()) {
            const auto seq = st->int64(0);
            if (!have || seq != h.seq) {
                if (have) f(h);
                have = true;
                h.seq = seq;
                h.sop = st->text(1);
                h.service = st->text(2);
                h.channel = channel_from_string(st->text(3)).value_or(Channel::Tertulis);
                h.status = status_from_string(st->text(4)).value_or(ComplaintStatus::Open);
                h.created_at = st->int64(5);
                h.events.clear();
            }
            Event e;
            e.kind = st->text(6);
            e.step_id = st->text(7);
            e.at = st->int64(8);
            h.events.push_back(std::move(e));
        }
        if (have) f(h);
        return ok();
    });
}

} // namespace keluhan
