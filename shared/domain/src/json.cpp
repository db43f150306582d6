#include "keluhan/domain/json.hpp"

#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/text.hpp"

namespace keluhan {

using nlohmann::json;

namespace {
Error json_error(const std::string& key, const std::string& reason) {
    return Error{ErrorKind::Invalid, "err.json.field", {{"key", key}, {"reason", reason}}};
}

std::string iso_or_empty(TimeMs t) {
    return t == 0 ? std::string() : format_iso_utc(t);
}
} // namespace

Result<Submission> parse_submission(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return Error{ErrorKind::Invalid, "err.json.parse"};
    return submission_from_json(j);
}

Result<Submission> submission_from_json(const json& j) {
    if (!j.is_object()) return Error{ErrorKind::Invalid, "err.json.object"};
    Submission s;
    static const char* const known[] = {"channel",     "name",        "organization", "phone",
                                        "email",       "anonymous",   "service",      "reference",
                                        "description", "expectation", "consent",      "language"};
    for (const auto& [k, v] : j.items()) {
        bool found = false;
        for (const char* n : known)
            found |= k == n;
        if (!found) return json_error(k, "unknown key");
    }
    auto str = [&](const char* key, std::string& out) -> Status {
        if (!j.contains(key) || j[key].is_null()) return ok();
        if (!j[key].is_string()) return json_error(key, "must be text");
        out = j[key].get<std::string>();
        if (!text::valid_utf8(out))
            return Error{
                ErrorKind::Invalid, "err.text.utf8", {{"field", std::string("field.") + key}}};
        return ok();
    };
    auto boolean = [&](const char* key, bool& out) -> Status {
        if (!j.contains(key) || j[key].is_null()) return ok();
        if (!j[key].is_boolean()) return json_error(key, "must be true or false");
        out = j[key].get<bool>();
        return ok();
    };
    std::string channel = "tertulis";
    for (auto [key, out] : std::initializer_list<std::pair<const char*, std::string*>>{
             {"channel", &channel},
             {"name", &s.complainant.name},
             {"organization", &s.complainant.organization},
             {"phone", &s.complainant.phone},
             {"email", &s.complainant.email},
             {"service", &s.service},
             {"reference", &s.reference},
             {"description", &s.description},
             {"expectation", &s.expectation},
             {"language", &s.language}})
        if (auto st = str(key, *out); !st) return st.error();
    if (!s.language.empty() && s.language != "id" && s.language != "en")
        return json_error("language", "must be id or en");
    if (auto st = boolean("anonymous", s.complainant.anonymous); !st) return st.error();
    if (auto st = boolean("consent", s.consent); !st) return st.error();
    const auto ch = channel_from_string(channel);
    if (!ch) return json_error("channel", "must be tertulis, lisan or elektronik");
    s.channel = *ch;
    return s;
}

json to_json(const Complaint& c, const WorkingCalendar& cal, bool personal) {
    json j{{"id", c.id},
           {"code", TrackingCode::parse(c.code) ? TrackingCode::parse(c.code)->grouped() : c.code},
           {"register_number", c.register_number},
           {"channel", to_string(c.channel)},
           {"service", c.service},
           {"reference", c.reference},
           {"description", c.description},
           {"expectation", c.expectation},
           {"sop", c.sop},
           {"current_step", c.current_step},
           {"status", to_string(c.status)},
           {"created_at", format_iso_utc(c.created_at)},
           {"created_local", cal.format(c.created_at)},
           {"due_at", iso_or_empty(c.due_at)},
           {"updated_at", format_iso_utc(c.updated_at)},
           {"origin", c.origin},
           {"function", c.function}};
    if (personal) {
        j["anonymous"] = c.complainant.anonymous;
        j["name"] = c.complainant.name;
        j["organization"] = c.complainant.organization;
        j["phone"] = c.complainant.phone;
        j["email"] = c.complainant.email;
        j["consent"] = c.consent;
    }
    return j;
}

json to_json(const Event& e) {
    return json{{"kind", e.kind},
                {"step", e.step_id},
                {"actor", e.actor},
                {"actor_role", e.actor_role},
                {"on_behalf_of", e.on_behalf_of},
                {"note", e.note},
                {"at", format_iso_utc(e.at)}};
}

json to_json(const Capa& capa) {
    json j = json::object();
    for (const auto f : kAllCapaFields)
        j[std::string(to_string(f))] = capa.get(f);
    j["updated_at"] = capa.updated_at ? format_iso_utc(capa.updated_at) : "";
    j["updated_by"] = capa.updated_by;
    return j;
}

json to_json(const StepView& v) {
    const auto& s = *v.step;
    json j{{"id", s.id},
           {"number", s.number},
           {"actor", to_string(s.actor)},
           {"actor_title", role_title(s.actor)},
           {"action", s.action},
           {"output", s.output},
           {"standard_time", s.standard_time.to_string()},
           {"state", to_string(v.state)},
           {"started_at", iso_or_empty(v.started)},
           {"finished_at", iso_or_empty(v.finished)},
           {"due_at", iso_or_empty(v.due)},
           {"working_minutes", v.working_minutes},
           {"late", v.late},
           {"returned", v.returned},
           {"completed_by", v.actor}};
    return j;
}

json to_json(const SopProfile& p) {
    json steps = json::array();
    for (const auto& s : p.steps) {
        json j{{"id", s.id},
               {"number", s.number},
               {"actor", to_string(s.actor)},
               {"actor_title", role_title(s.actor)},
               {"acting_role", to_string(SopEngine::acting_role(s))},
               {"action", s.action},
               {"kelengkapan", s.kelengkapan},
               {"standard_time", s.standard_time.to_string()},
               {"output", s.output},
               {"form", to_string(s.form)},
               {"note_required", s.note_required},
               {"next", s.next},
               {"return_to", s.return_to}};
        steps.push_back(std::move(j));
    }
    return json{{"name", p.name},
                {"title", p.title},
                {"number", p.number},
                {"office", p.office},
                {"steps", steps}};
}

json to_json(const User& u) {
    return json{{"name", u.name},
                {"display_name", u.display_name},
                {"role", to_string(u.role)},
                {"role_title", role_title(u.role)},
                {"active", u.active},
                {"locked_until", iso_or_empty(u.locked_until)},
                {"function", u.function}};
}

} // namespace keluhan
