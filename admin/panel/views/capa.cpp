// Tindakan koreksi dan pencegahan, a panel inside Detail: where the current
// SOP step asks for corrective and preventive action (profile `capa = [...]`)
// the one who acts on it fills in its fields and saves them (work in
// progress is kept); the core refuses completing the step until they are
// there. What was recorded at earlier steps is shown read-only.
#include "views.hpp"

#include "keluhan/ops/capa.hpp"

#include <imgui.h>

#include <algorithm>

namespace keluhan::panel {

struct CapaState {
    std::string code;
    TimeMs loaded_for = -1; // the complaint's updated_at the record was read at
    std::size_t events = 0;
    bool loading = false;
    bool busy = false;
    std::optional<Capa> stored;
    Capa edit;
    Capa loaded;       // what `edit` was filled from: a field that differs was typed and is kept
    int effective = 0; // 0 not yet, 1 ya, 2 tidak
    std::optional<Error> error;
    std::string done;
    bool refresh = false;
};

namespace {

void load(View& v, const std::shared_ptr<CapaState>& st, std::int64_t seq) {
    st->loading = true;
    v.submit([st, seq](Services& s) -> Done {
        auto k = s.store.capa(seq);
        return [st, k] {
            st->loading = false;
            if (!k) {
                st->error = k.error();
                return;
            }
            st->stored = *k;
            const Capa fresh = k->value_or(Capa{});
            // Take the stored values, except where the user typed something
            // not yet saved (a refresh of the detail never wipes a field).
            const std::string typed_effective = st->effective == 1   ? "ya"
                                                : st->effective == 2 ? "tidak"
                                                                     : "";
            for (const auto f : kAllCapaFields) {
                if (f == CapaField::Effective) continue;
                if (st->edit.get(f) == st->loaded.get(f)) st->edit.get(f) = fresh.get(f);
            }
            if (typed_effective == st->loaded.effective)
                st->effective = fresh.effective == "ya" ? 1 : fresh.effective == "tidak" ? 2 : 0;
            st->loaded = fresh;
        };
    });
}

void save(View& v, const std::shared_ptr<CapaState>& st, const std::string& code,
          std::optional<Role> on_behalf) {
    auto tc = TrackingCode::parse(code);
    if (!tc) return;
    st->busy = true;
    st->error.reset();
    st->done.clear();
    Capa values = st->edit;
    values.effective = st->effective == 1 ? "ya" : st->effective == 2 ? "tidak" : "";
    v.submit([st, code = *tc, values, on_behalf](Services& s) -> Done {
        auto r = save_capa(s.store, s.office, s.user, code, values, on_behalf);
        const std::string done = r ? s.tr.tr("cli.capa.saved", {{"code", code.grouped()}}) : "";
        return [st, r, done] {
            st->busy = false;
            if (!r)
                st->error = r.error();
            else {
                st->stored = *r;
                st->done = done;
                st->refresh = true; // the history shows the "capa" event
            }
        };
    });
}

bool long_text(CapaField f) {
    return f == CapaField::RootCause || f == CapaField::Correction ||
           f == CapaField::CorrectiveAction || f == CapaField::PreventiveAction ||
           f == CapaField::Effectiveness || f == CapaField::Notulen;
}

} // namespace

void draw_capa(View& v) {
    auto& ui = v.ui;
    const auto& d = v.s.detail;
    if (!d.complaint || d.complaint->sop != v.office.profile.name) return;
    const SopStep* step = d.current(v.office.profile);
    const bool asks = step && !step->capa.empty();
    bool profile_has_capa = false;
    for (const auto& s : v.office.profile.steps)
        profile_has_capa |= !s.capa.empty();
    if (!profile_has_capa) return;
    if (!v.s.ext.capa) v.s.ext.capa = std::make_shared<CapaState>();
    auto st = v.s.ext.capa;
    if (st->code != d.code) {
        *st = CapaState{};
        st->code = d.code;
    }
    if (st->refresh) {
        st->refresh = false;
        v.want.refresh_detail = true;
    }
    if (!st->loading &&
        (st->loaded_for != d.complaint->updated_at || st->events != d.events.size())) {
        st->loaded_for = d.complaint->updated_at;
        st->events = d.events.size();
        load(v, st, d.complaint->seq);
    }
    if (!asks && !st->stored) return; // nothing asked, nothing recorded

    ImGui::Dummy(ImVec2(0, 8));
    ui::desk::text(ui, v.t("label.capa.title"), ui::color::kText, ui.fonts.heading);
    if (st->error) error_banner(v, *st->error);
    if (!st->done.empty())
        ui::desk::banner(ui, st->done, ui::color::kSuccess, ui::color::kSuccessBack);

    const User* me = v.user();
    const MayAct who =
        asks && me ? may_act(*step, *me, v.office.config.allow_on_behalf) : MayAct::No;
    auto editable = [&](CapaField f) {
        return who != MayAct::No &&
               std::find(step->capa.begin(), step->capa.end(), f) != step->capa.end();
    };
    // What earlier steps recorded, read-only.
    if (st->stored) {
        for (const auto f : kAllCapaFields) {
            const std::string& value = st->stored->get(f);
            if (value.empty() || editable(f)) continue;
            ui::desk::field_line(ui, v.t(capa_field_key(f)), value, 260);
        }
    }
    if (!asks) return;
    if (who == MayAct::No) {
        ui::desk::text(ui,
                       v.t("admin.capa.not_yours",
                           {{"role", std::string(role_title(SopEngine::acting_role(*step)))}}),
                       ui::color::kMuted, nullptr, true);
        return;
    }
    ui::desk::text(ui, v.t("admin.capa.lead"), ui::color::kMuted, nullptr, true);
    const auto missing = missing_capa(*step, st->stored);
    for (const auto f : step->capa) {
        ImGui::PushID(static_cast<int>(f));
        const std::string label = v.t(capa_field_key(f)) + " *";
        if (f == CapaField::Effective) {
            const std::vector<std::string> items{v.t("admin.capa.not_yet"), v.t("admin.capa.yes"),
                                                 v.t("admin.capa.no")};
            ui::desk::combo(ui, label, st->effective, items, 260);
        } else if (f == CapaField::DueDate || f == CapaField::CheckedOn) {
            ui::desk::input(ui, label, st->edit.get(f),
                            ui::desk::InputOptions().wide(200).hinted("2026-12-31"));
        } else {
            ui::desk::InputOptions o;
            o.width = -1;
            if (long_text(f)) {
                o.height = f == CapaField::Notulen ? 110 : 64;
                o.max_chars = capa_field_max(f);
            }
            ui::desk::input(ui, label, st->edit.get(f), o);
        }
        ImGui::PopID();
    }
    if (!missing.empty())
        ui::desk::text(ui, v.t("admin.capa.missing", {{"n", std::to_string(missing.size())}}),
                       ui::color::kError, nullptr, true);
    const std::optional<Role> behalf = who == MayAct::OnBehalfOnly
                                           ? std::optional<Role>(SopEngine::acting_role(*step))
                                           : std::nullopt;
    if (ui::desk::button(ui, v.t("admin.capa.save"), ui::Look::Primary, !st->busy && !st->loading))
        save(v, st, d.code, behalf);
}

} // namespace keluhan::panel
