#include "keluhan/ops/personal.hpp"

#include "keluhan/domain/json.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"
#include "keluhan/ops/capa.hpp"

#include <filesystem>
#include <map>

namespace keluhan {
namespace {

std::string mask_email(const std::string& email) {
    const auto at = email.find('@');
    if (at == std::string::npos || at == 0) return "***";
    return email.substr(0, 1) + "***" + email.substr(at);
}

} // namespace

Result<nlohmann::json> export_personal_data(Store& store, const Office& office, const User& user,
                                            const PersonQuery& q) {
    if (auto st = require(user, Permission::ViewPersonalData); !st) return st.error();
    const int given =
        !text::trim(q.code).empty() + !text::trim(q.phone).empty() + !text::trim(q.email).empty();
    if (given != 1) return Error{ErrorKind::Invalid, "err.personal.query"};
    std::string phone = text::trim(q.phone), email = text::trim(q.email);
    std::vector<Complaint> found;
    std::string subject;
    if (!text::trim(q.code).empty()) {
        auto code = TrackingCode::parse(q.code);
        if (!code) return code.error();
        auto c = store.find_by_code(*code);
        if (!c) return c.error();
        phone = c->complainant.phone;
        email = c->complainant.email;
        subject = code->grouped();
        if (phone.empty() && email.empty()) found.push_back(*c);
    } else {
        if (!phone.empty())
            if (auto st = check_phone(phone); !st) return st.error();
        if (!email.empty())
            if (auto st = check_email(email); !st) return st.error();
        subject = !phone.empty() ? mask_phone(phone) : mask_email(email);
    }
    if (found.empty()) {
        auto more = store.find_by_contact(phone, email);
        if (!more) return more.error();
        found = std::move(more).value();
    }
    if (found.empty()) return Error{ErrorKind::NotFound, "err.personal.none"};

    const auto& cal = office.config.calendar;
    nlohmann::json doc{{"generated_at", format_iso_utc(now_ms())},
                       {"generated_by", user.name},
                       {"office", office.config.office.name},
                       {"query",
                        {{"code", text::trim(q.code)},
                         {"phone", text::trim(q.phone)},
                         {"email", text::trim(q.email)}}},
                       {"complaints", nlohmann::json::array()}};
    std::map<std::string, SopProfile> profiles;
    for (const auto& c : found) {
        nlohmann::json j = to_json(c, cal, true);
        auto events = store.events(c.seq);
        if (!events) return events.error();
        auto files = store.attachments(c.seq, false);
        if (!files) return files.error();
        auto capa = store.capa(c.seq);
        if (!capa) return capa.error();
        auto anonymised = store.anonymised_at(c.seq);
        if (!anonymised) return anonymised.error();
        j["anonymised_at"] = *anonymised ? format_iso_utc(*anonymised) : "";
        j["events"] = nlohmann::json::array();
        for (const auto& e : *events)
            j["events"].push_back(to_json(e));
        if (!profiles.count(c.sop)) {
            auto p = c.sop == office.profile.name
                         ? Result<SopProfile>(office.profile)
                         : load_sop_profile(office.config.assets_dir / "sop" / (c.sop + ".toml"));
            if (p) profiles.emplace(c.sop, std::move(p).value());
        }
        if (auto it = profiles.find(c.sop); it != profiles.end()) {
            j["steps"] = nlohmann::json::array();
            for (const auto& v : timeline(it->second, cal, *events, now_ms()))
                j["steps"].push_back(to_json(v));
        }
        j["attachments"] = nlohmann::json::array();
        for (const auto& a : *files)
            j["attachments"].push_back(
                {{"id", a.id}, {"media_type", a.media_type}, {"filename", a.filename}});
        j["capa"] = *capa ? to_json(**capa) : nlohmann::json(nullptr);
        doc["complaints"].push_back(std::move(j));
    }
    if (auto st = store.audit(user.name, "personal.export", subject,
                              std::to_string(found.size()) + " complaint(s)");
        !st)
        return st.error();
    return doc;
}

Result<Complaint> anonymise_complaint(Store& store, const Office& office, const User& user,
                                      const TrackingCode& code, const std::string& reason) {
    (void)office;
    if (auto st = require(user, Permission::Anonymise); !st) return st.error();
    const std::string why = text::trim(reason);
    if (auto st = check_text("field.anonymise_reason", why, 500, true); !st) return st.error();
    auto c = store.find_by_code(code);
    if (!c) return c.error();
    if (c->status != ComplaintStatus::Closed)
        return Error{ErrorKind::Conflict, "err.personal.open", {{"code", code.grouped()}}};
    Event e;
    e.kind = "anonymise";
    e.actor = user.name;
    e.actor_role = std::string(to_string(user.role));
    e.note = why;
    e.at = now_ms();
    auto files = store.anonymise(*c, kAnonymisedMarker, e);
    if (!files) return files.error();
    for (const auto& f : *files) {
        std::error_code ec;
        std::filesystem::remove(f, ec); // a file already gone is fine
    }
    return store.find_by_code(code);
}

} // namespace keluhan
