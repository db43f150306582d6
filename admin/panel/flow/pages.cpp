#include "pages.hpp"

#include <cstdio>
#include <map>

namespace keluhan::panel {

// --- Administrasi ---------------------------------------------------------------

// --- Survei Kepuasan -------------------------------------------------------------

namespace {

int parts_of(SurveyState::Span s) {
    switch (s) {
    case SurveyState::Span::Month:
        return 12;
    case SurveyState::Span::Quarter:
        return 4;
    case SurveyState::Span::Semester:
        return 2;
    case SurveyState::Span::Year:
        break;
    }
    return 1;
}

// The part of its year a month falls in, for a kind of period.
int part_of(SurveyState::Span s, int month) {
    return (month - 1) / (12 / parts_of(s)) + 1;
}

} // namespace

std::string SurveyState::period() const {
    char buf[16];
    switch (span) {
    case Span::Month:
        std::snprintf(buf, sizeof buf, "%04d-%02d", year, part);
        break;
    case Span::Quarter:
        std::snprintf(buf, sizeof buf, "%04d-Q%d", year, part);
        break;
    case Span::Semester:
        std::snprintf(buf, sizeof buf, "%04d-S%d", year, part);
        break;
    case Span::Year:
        std::snprintf(buf, sizeof buf, "%04d", year);
        break;
    }
    return buf;
}

void SurveyState::start(Date today) {
    year = today.year;
    part = part_of(span, today.month);
}

void SurveyState::show(Span s) {
    const int first_month = (part - 1) * (12 / parts_of(span)) + 1;
    span = s;
    part = part_of(span, first_month);
}

void SurveyState::step(int by) {
    const int n = parts_of(span);
    int index = year * n + (part - 1) + by;
    year = index / n;
    part = index % n + 1;
}

bool SurveyState::at_or_after(Date today) const {
    if (year != today.year) return year > today.year;
    return part >= part_of(span, today.month);
}

void SettingsState::read(const Status& applied, const Result<std::vector<SettingRow>>& in_effect,
                         const Result<std::vector<User>>& accounts, std::vector<std::string> found,
                         const std::string& current) {
    loading = false;
    loaded = true;
    error.reset();
    if (!applied) error = applied.error();
    if (!in_effect) error = in_effect.error();
    if (!accounts) error = accounts.error();
    if (in_effect) {
        // Values being edited and not yet saved stay as typed.
        std::map<std::string, std::string> editing;
        for (const auto& row : rows)
            if (row.value != row.original) editing[row.key] = row.value;
        rows.clear();
        for (const auto& r : *in_effect) {
            Row row{std::string(r.info->key),
                    r.value,
                    r.value,
                    r.stored,
                    r.updated_by,
                    r.updated_at,
                    {}};
            if (auto it = editing.find(row.key); it != editing.end()) row.value = it->second;
            rows.push_back(std::move(row));
        }
    }
    if (accounts) users = *accounts;
    profiles = std::move(found);
    profile_choice = -1;
    for (std::size_t i = 0; i < profiles.size(); ++i)
        if (profiles[i] == current) profile_choice = static_cast<int>(i);
}

void SettingsState::saved(const std::string& key, const Status& r, const std::string& now_value,
                          std::string what) {
    busy = false;
    for (auto& row : rows)
        if (row.key == key) {
            row.error.reset();
            if (r)
                row.value = row.original = now_value;
            else
                row.error = r.error();
        }
    if (r) {
        done = std::move(what);
        done_setting = true;
        loaded = false; // read back who stored it and when
    }
}

void SettingsState::user_changed(const Status& r, std::string what) {
    busy = false;
    if (!r) {
        user_error = r.error();
        return;
    }
    done = std::move(what);
    done_setting = false; // accounts are read at every login: in effect at once
    new_name.clear();
    new_display.clear();
    new_password.clear();
    reset_name.clear();
    reset_password.clear();
    loaded = false;
}

// --- Data pribadi -------------------------------------------------------------------

void PersonalState::follow(const std::string& complaint_code) {
    if (code == complaint_code) return;
    *this = PersonalState{};
    code = complaint_code;
}

void SpokenSummaryState::follow(const std::string& complaint_code) {
    if (code == complaint_code) return;
    *this = SpokenSummaryState{};
    code = complaint_code;
}

void LetterNumberState::follow(const std::string& complaint_code) {
    if (code == complaint_code) return;
    *this = LetterNumberState{};
    code = complaint_code;
}

// --- CAPA -----------------------------------------------------------------------------

void CapaState::follow(const std::string& complaint_code) {
    if (code == complaint_code) return;
    *this = CapaState{};
    code = complaint_code;
}

void CapaState::read(const Result<std::optional<Capa>>& k) {
    loading = false;
    if (!k) {
        error = k.error();
        return;
    }
    stored = *k;
    const Capa fresh = k->value_or(Capa{});
    const std::string typed_effective = effective == 1 ? "ya" : effective == 2 ? "tidak" : "";
    for (const auto f : kAllCapaFields) {
        if (f == CapaField::Effective) continue;
        if (edit.get(f) == loaded.get(f)) edit.get(f) = fresh.get(f);
    }
    if (typed_effective == loaded.effective)
        effective = fresh.effective == "ya" ? 1 : fresh.effective == "tidak" ? 2 : 0;
    loaded = fresh;
}

Capa CapaState::values() const {
    Capa v = edit;
    v.effective = effective == 1 ? "ya" : effective == 2 ? "tidak" : "";
    return v;
}

} // namespace keluhan::panel
