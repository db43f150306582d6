// Data pribadi, a panel inside Detail: export everything held about the
// complainant (JSON file under <data_dir>/data-pribadi/), and anonymise a
// closed complaint on the customer's request. Both run through the core on
// the app's worker and are written to the audit trail there.
#include "views.hpp"

#include "keluhan/ops/personal.hpp"

#include <imgui.h>

#include <filesystem>
#include <fstream>

namespace keluhan::panel {

struct PersonalState {
    std::string code; // the complaint these belong to
    bool busy = false;
    std::string written; // the export's file
    std::optional<Error> error;
    std::string reason;
    bool confirm = false;
    bool refresh = false; // the detail should be read again (after anonymising)
    std::string done;
};

namespace {

void export_data(View& v, const std::shared_ptr<PersonalState>& st, const std::string& code) {
    st->busy = true;
    st->error.reset();
    st->written.clear();
    st->done.clear();
    v.submit([st, code](Services& s) -> Done {
        auto doc = export_personal_data(s.store, s.office, s.user, PersonQuery{code, "", ""});
        std::optional<Error> failed;
        std::string path;
        if (!doc)
            failed = doc.error();
        else {
            std::error_code ec;
            const auto dir =
                std::filesystem::absolute(s.office.config.data_dir / "data-pribadi", ec);
            std::filesystem::create_directories(dir, ec);
            std::string stamp = format_iso_utc(now_ms()).substr(0, 10);
            path = (dir / ("data-pribadi-" + code + "-" + stamp + ".json")).string();
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out << doc->dump(2) << "\n";
            out.close();
            if (!out) failed = Error{ErrorKind::Storage, "err.file.write", {{"file", path}}};
        }
        const auto n = doc ? (*doc)["complaints"].size() : 0;
        const std::string done =
            doc ? s.tr.tr("admin.personal.exported", {{"n", std::to_string(n)}, {"file", path}})
                : "";
        return [st, failed, done] {
            st->busy = false;
            if (failed)
                st->error = *failed;
            else
                st->done = done;
        };
    });
}

void anonymise(View& v, const std::shared_ptr<PersonalState>& st, const std::string& code) {
    auto tc = TrackingCode::parse(code);
    if (!tc) return;
    st->busy = true;
    st->error.reset();
    st->done.clear();
    const std::string reason = st->reason;
    v.submit([st, code = *tc, reason](Services& s) -> Done {
        auto r = anonymise_complaint(s.store, s.office, s.user, code, reason);
        const std::string done =
            r ? s.tr.tr("cli.personal.anonymised", {{"code", code.grouped()}}) : "";
        return [st, r, done] {
            st->busy = false;
            if (!r)
                st->error = r.error();
            else {
                st->done = done;
                st->reason.clear();
                st->confirm = false;
                st->refresh = true;
            }
        };
    });
}

} // namespace

void draw_personal(View& v) {
    auto& ui = v.ui;
    const auto& d = v.s.detail;
    if (!d.complaint || !v.can(Permission::ViewPersonalData)) return;
    if (!v.s.ext.personal) v.s.ext.personal = std::make_shared<PersonalState>();
    auto st = v.s.ext.personal;
    if (st->code != d.code) {
        *st = PersonalState{};
        st->code = d.code;
    }
    if (st->refresh) {
        st->refresh = false;
        v.want.refresh_detail = true;
    }
    const Complaint& c = *d.complaint;
    const bool anonymised = c.description == kAnonymisedMarker;

    ImGui::Dummy(ImVec2(0, 8));
    ui::desk::text(ui, v.t("admin.personal.title"), ui::color::kText, ui.fonts.heading);
    ui::desk::text(ui, v.t("admin.personal.lead"), ui::color::kMuted, nullptr, true);
    if (st->error) error_banner(v, *st->error);
    if (!st->done.empty())
        ui::desk::banner(ui, st->done, ui::color::kSuccess, ui::color::kSuccessBack);
    if (ui::desk::button(ui, v.t("admin.personal.export"), ui::Look::Secondary, !st->busy))
        export_data(v, st, d.code);
    if (!v.can(Permission::Anonymise)) return;
    ImGui::Dummy(ImVec2(0, 6));
    if (anonymised) {
        ui::desk::text(ui, v.t("admin.personal.already"), ui::color::kMuted, nullptr, true);
        return;
    }
    if (c.status != ComplaintStatus::Closed) {
        ui::desk::text(ui, v.t("admin.personal.open_first"), ui::color::kMuted, nullptr, true);
        return;
    }
    ui::desk::text(ui, v.t("admin.personal.anonymise_lead"), ui::color::kText, nullptr, true);
    ui::desk::input(ui, v.t("field.anonymise_reason"), st->reason,
                    ui::desk::InputOptions().hinted(v.t("admin.personal.reason_hint")).wide(-1));
    ui::desk::checkbox(ui, v.t("admin.personal.confirm"), st->confirm);
    if (ui::desk::button(ui, v.t("admin.personal.anonymise"), ui::Look::Danger,
                         !st->busy && st->confirm && !st->reason.empty()))
        anonymise(v, st, d.code);
}

} // namespace keluhan::panel
