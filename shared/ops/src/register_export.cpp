// The register as CSV (report.hpp): for the office's own records, with
// every complainant's contacts, so only the roles that keep the register
// may take it, and each export is in the audit trail.
#include "keluhan/ops/report.hpp"

#include "keluhan/domain/capa.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/text.hpp"

#include <algorithm>
#include <iterator>
#include <ostream>

namespace keluhan {

Result<std::int64_t> export_register_csv(Store& store, const Office& office, const Catalog& lang,
                                         const User& user, std::ostream& os,
                                         const std::string& target) {
    if (auto st = require(user, Permission::ExportRegister); !st) return st.error();
    // Recorded before a byte is written: whoever starts the export may see
    // every contact, even if the file is never finished.
    auto total = store.count(ListQuery{});
    if (!total) return total.error();
    if (auto st = store.audit(user.name, "register.export", target,
                              std::to_string(*total) + " complaint(s)");
        !st)
        return st.error();
    const auto& cal = office.config.calendar;
    static const char* const headers[] = {
        "header.no",          "header.register_number", "header.code",      "header.date",
        "header.name",        "header.organization",    "header.phone",     "header.email",
        "header.service",     "header.channel",         "header.reference", "header.description",
        "header.expectation", "header.current_step",    "header.due",       "header.status"};
    os << "\xEF\xBB\xBF"; // BOM, so spreadsheet programs read the UTF-8 right
    for (std::size_t i = 0; i < std::size(headers); ++i)
        os << (i ? "," : "") << text::csv_cell(lang.tr(headers[i]));
    // Corrective and preventive action, when the SOP in use asks for it.
    const bool with_capa = std::any_of(office.profile.steps.begin(), office.profile.steps.end(),
                                       [](const SopStep& s) { return !s.capa.empty(); });
    if (with_capa)
        for (const auto f : kAllCapaFields)
            os << "," << text::csv_cell(lang.tr(capa_field_key(f)));
    os << "\r\n";
    ListQuery q;
    q.sort = ListQuery::Sort::Oldest;
    q.limit = 1000;
    std::int64_t n = 0;
    for (;;) {
        auto page = store.list(q);
        if (!page) return page.error();
        for (const auto& c : page->rows) {
            const SopStep* step = office.profile.step(c.current_step);
            const std::string cells[] = {
                std::to_string(++n),
                c.register_number,
                grouped_code(c.code),
                cal.format(c.created_at),
                c.complainant.anonymous ? lang.tr("label.anonymous") : c.complainant.name,
                c.complainant.organization,
                c.complainant.phone,
                c.complainant.email,
                lang.tr("service." + c.service),
                lang.tr("channel." + std::string(to_string(c.channel))),
                c.reference,
                c.description,
                c.expectation,
                step ? std::to_string(step->number) + ". " + step->action : "",
                c.status == ComplaintStatus::Open ? cal.format(c.due_at) : "",
                lang.tr("status." + std::string(to_string(c.status)))};
            for (std::size_t i = 0; i < std::size(cells); ++i)
                os << (i ? "," : "") << text::csv_cell(cells[i]);
            if (with_capa) {
                auto capa = store.capa(c.seq);
                if (!capa) return capa.error();
                for (const auto f : kAllCapaFields)
                    os << "," << text::csv_cell(*capa ? (*capa)->get(f) : std::string());
            }
            os << "\r\n";
        }
        if (!page->next) break;
        q.after = page->next;
    }
    os.flush();
    if (!os) return Error{ErrorKind::Storage, "err.file.write", {{"file", target}}};
    return n;
}

} // namespace keluhan
