// [SECTION] index
//   the strict reader
//   errors, users, complaints, events
//   the register, a complaint's detail, steps
//   the office's pages
//   print jobs
#include "keluhan/service/wire.hpp"

#include "keluhan/domain/json.hpp"
#include "keluhan/domain/text.hpp"

#include <cctype>
#include <initializer_list>
#include <limits>
#include <set>

namespace keluhan::wire {

namespace {

// [SECTION] the strict reader ------------------------------------------------------

// Thrown inside this file only, caught by decoded() at every decode_*.
struct Bad {
    std::string key;
    std::string reason;
};

// One JSON object's fields, read by key with their types checked. `only()`
// refuses keys it does not know (a client sending a field we would ignore
// is told so, not silently half-understood).
class In {
  public:
    In(const json& j, std::string where) : j_(j), where_(std::move(where)) {
        if (!j_.is_object()) throw Bad{where_, "must be an object"};
    }
    void only(std::initializer_list<const char*> keys) const {
        const std::set<std::string> known(keys.begin(), keys.end());
        for (const auto& [k, v] : j_.items())
            if (!known.contains(k)) throw Bad{name(k), "unknown key"};
    }
    [[nodiscard]] bool has(const char* k) const { return j_.contains(k) && !j_[k].is_null(); }
    [[nodiscard]] std::string str(const char* k, bool required = false) const {
        if (!has(k)) return missing(k, required), std::string();
        if (!j_[k].is_string()) throw Bad{name(k), "must be text"};
        auto s = j_[k].get<std::string>();
        if (!text::valid_utf8(s)) throw Bad{name(k), "must be UTF-8"};
        return s;
    }
    [[nodiscard]] std::int64_t int64(const char* k, bool required = false) const {
        if (!has(k)) return missing(k, required), 0;
        if (!j_[k].is_number_integer()) throw Bad{name(k), "must be an integer"};
        return j_[k].get<std::int64_t>();
    }
    [[nodiscard]] double number(const char* k, bool required = false) const {
        if (!has(k)) return missing(k, required), 0.0;
        if (!j_[k].is_number()) throw Bad{name(k), "must be a number"};
        return j_[k].get<double>();
    }
    [[nodiscard]] Date date(const char* k) const {
        auto d = parse_date(str(k, true));
        if (!d) throw Bad{name(k), "must be a date, YYYY-MM-DD"};
        return *d;
    }
    [[nodiscard]] bool boolean(const char* k) const {
        if (!has(k)) return false;
        if (!j_[k].is_boolean()) throw Bad{name(k), "must be true or false"};
        return j_[k].get<bool>();
    }
    [[nodiscard]] const json& array(const char* k) const {
        static const json empty = json::array();
        if (!has(k)) return empty;
        if (!j_[k].is_array()) throw Bad{name(k), "must be a list"};
        return j_[k];
    }
    [[nodiscard]] const json& object(const char* k) const {
        if (!has(k) || !j_[k].is_object()) throw Bad{name(k), "must be an object"};
        return j_[k];
    }
    template <typename E>
    [[nodiscard]] E word(const char* k, std::optional<E> (*parse)(std::string_view), E dflt,
                         bool required = false) const {
        if (!has(k)) return missing(k, required), dflt;
        auto v = parse(str(k));
        if (!v) throw Bad{name(k), "unknown value"};
        return *v;
    }
    [[nodiscard]] std::string name(const std::string& k) const {
        return where_.empty() ? k : where_ + "." + k;
    }

  private:
    void missing(const char* k, bool required) const {
        if (required) throw Bad{name(k), "is required"};
    }
    const json& j_;
    std::string where_;
};

template <typename F> auto decoded(F&& f) -> decltype(Result(f())) {
    try {
        return f();
    } catch (const Bad& b) {
        return Error{ErrorKind::Invalid, "err.json.field", {{"key", b.key}, {"reason", b.reason}}};
    } catch (const json::exception& e) {
        return Error{ErrorKind::Invalid, "err.json.parse", {}, e.what()};
    }
}

std::optional<ListQuery::Sort> sort_from_string(std::string_view s) {
    if (s == "newest") return ListQuery::Sort::Newest;
    if (s == "oldest") return ListQuery::Sort::Oldest;
    if (s == "due") return ListQuery::Sort::DueSoonest;
    return std::nullopt;
}
const char* to_string(ListQuery::Sort s) {
    switch (s) {
    case ListQuery::Sort::Oldest:
        return "oldest";
    case ListQuery::Sort::DueSoonest:
        return "due";
    case ListQuery::Sort::Newest:
        break;
    }
    return "newest";
}

// [SECTION] errors, users, complaints, events -----------------------------------------

User read_user(const In& in) {
    User u;
    u.id = in.int64("id");
    u.name = in.str("name", true);
    u.display_name = in.str("display_name");
    u.role = in.word<Role>("role", role_from_string, Role::StafPji, true);
    u.active = in.has("active") ? in.boolean("active") : true;
    u.failed_attempts = static_cast<int>(in.int64("failed_attempts"));
    u.locked_until = in.int64("locked_until");
    u.function = in.str("function");
    return u;
}

Complaint read_complaint(const In& in) {
    Complaint c;
    c.seq = in.int64("seq");
    c.id = in.str("id");
    c.code = in.str("code", true);
    c.register_number = in.str("register_number");
    c.channel = in.word<Channel>("channel", channel_from_string, Channel::Tertulis);
    c.complainant.anonymous = in.boolean("anonymous");
    c.complainant.name = in.str("name");
    c.complainant.organization = in.str("organization");
    c.complainant.phone = in.str("phone");
    c.complainant.email = in.str("email");
    c.service = in.str("service");
    c.reference = in.str("reference");
    c.description = in.str("description");
    c.expectation = in.str("expectation");
    c.consent = in.boolean("consent");
    c.language = in.str("language");
    c.sop = in.str("sop");
    c.current_step = in.str("current_step");
    c.status = in.word<ComplaintStatus>("status", status_from_string, ComplaintStatus::Open);
    c.created_at = in.int64("created_at");
    c.step_started_at = in.int64("step_started_at");
    c.due_at = in.int64("due_at");
    c.updated_at = in.int64("updated_at");
    c.origin = in.str("origin");
    c.function = in.str("function");
    return c;
}

json encode_event(const Event& e) {
    return json{{"id", e.id},
                {"kind", e.kind},
                {"step", e.step_id},
                {"actor", e.actor},
                {"actor_role", e.actor_role},
                {"on_behalf_of", e.on_behalf_of},
                {"note", e.note},
                {"at", e.at}};
}

Event read_event(const In& in) {
    Event e;
    e.id = in.int64("id");
    e.kind = in.str("kind", true);
    e.step_id = in.str("step");
    e.actor = in.str("actor");
    e.actor_role = in.str("actor_role");
    e.on_behalf_of = in.str("on_behalf_of");
    e.note = in.str("note");
    e.at = in.int64("at");
    return e;
}

json encode_capa_fields(const Capa& k) {
    json j = json::object();
    for (const auto f : kAllCapaFields)
        j[std::string(to_string(f))] = k.get(f);
    return j;
}

} // namespace

json encode(const Error& e) {
    json params = json::object();
    for (const auto& [k, v] : e.params)
        params[k] = v;
    const char* kind = "internal";
    switch (e.kind) {
    case ErrorKind::Invalid:
        kind = "invalid";
        break;
    case ErrorKind::NotFound:
        kind = "not_found";
        break;
    case ErrorKind::Denied:
        kind = "denied";
        break;
    case ErrorKind::Conflict:
        kind = "conflict";
        break;
    case ErrorKind::Storage:
        kind = "storage";
        break;
    case ErrorKind::Internal:
        break;
    }
    // The technical detail stays in the hub's log: it may name files and SQL.
    return json{{"error", {{"kind", kind}, {"key", e.key}, {"params", params}}}};
}

Error decode_error(const json& j) {
    struct Decoded {
        Error e;
    };
    auto r = decoded([&]() -> Result<Decoded> {
        const In outer(j, "");
        const In in(outer.object("error"), "error");
        static const std::pair<const char*, ErrorKind> kinds[] = {
            {"invalid", ErrorKind::Invalid}, {"not_found", ErrorKind::NotFound},
            {"denied", ErrorKind::Denied},   {"conflict", ErrorKind::Conflict},
            {"storage", ErrorKind::Storage}, {"internal", ErrorKind::Internal}};
        Error e;
        // The hub's own answers (no route, a body over its limit) carry no kind.
        const std::string kind = in.has("kind") ? in.str("kind") : "internal";
        bool known = false;
        for (const auto& [w, k] : kinds)
            if (kind == w) e.kind = k, known = true;
        if (!known) throw Bad{"error.kind", "unknown value"};
        e.key = in.str("key", true);
        if (e.key.rfind("err.", 0) != 0) throw Bad{"error.key", "must be an err.* key"};
        if (in.has("params"))
            for (const auto& [k, v] : in.object("params").items()) {
                if (!v.is_string()) throw Bad{"error.params." + k, "must be text"};
                e.params.emplace_back(k, v.get<std::string>());
            }
        return Decoded{e};
    });
    if (r) return r->e;
    return Error{ErrorKind::Internal, "err.remote.answer", {}, r.error().param("key")};
}

json encode(const User& u) {
    return json{{"id", u.id},
                {"name", u.name},
                {"display_name", u.display_name},
                {"role", to_string(u.role)},
                {"role_title", role_title(u.role)},
                {"active", u.active},
                {"failed_attempts", u.failed_attempts},
                {"locked_until", u.locked_until},
                {"function", u.function}};
}

Result<User> decode_user(const json& j) {
    return decoded([&] { return read_user(In(j, "user")); });
}

json encode(const std::vector<User>& users) {
    json a = json::array();
    for (const auto& u : users)
        a.push_back(encode(u));
    return json{{"users", a}};
}

json encode(const Complaint& c) {
    return json{{"seq", c.seq},
                {"id", c.id},
                {"code", c.code},
                {"register_number", c.register_number},
                {"channel", to_string(c.channel)},
                {"anonymous", c.complainant.anonymous},
                {"name", c.complainant.name},
                {"organization", c.complainant.organization},
                {"phone", c.complainant.phone},
                {"email", c.complainant.email},
                {"service", c.service},
                {"reference", c.reference},
                {"description", c.description},
                {"expectation", c.expectation},
                {"consent", c.consent},
                {"language", c.language},
                {"sop", c.sop},
                {"current_step", c.current_step},
                {"status", to_string(c.status)},
                {"created_at", c.created_at},
                {"step_started_at", c.step_started_at},
                {"due_at", c.due_at},
                {"updated_at", c.updated_at},
                {"origin", c.origin},
                {"function", c.function}};
}

Result<Complaint> decode_complaint(const json& j) {
    return decoded([&] { return read_complaint(In(j, "complaint")); });
}

int http_status(const Error& e) {
    switch (e.kind) {
    case ErrorKind::Invalid:
        return 400;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Denied:
        return e.key.rfind("err.session.", 0) == 0 ? 401 : 403;
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::Storage:
        return 503;
    case ErrorKind::Internal:
        break;
    }
    return 500;
}

// [SECTION] the register, a complaint's detail, steps -----------------------------------

json encode(const ListQuery& q) {
    json j{{"service", q.service}, {"step", q.step}, {"overdue_only", q.overdue_only},
           {"now", q.now},         {"text", q.text}, {"sort", to_string(q.sort)},
           {"limit", q.limit}};
    if (q.status) j["status"] = to_string(*q.status);
    if (q.channel) j["channel"] = to_string(*q.channel);
    if (q.from) j["from"] = *q.from;
    if (q.to) j["to"] = *q.to;
    if (q.after) j["after"] = *q.after;
    return j;
}

Result<ListQuery> decode_list_query(const json& j) {
    return decoded([&] {
        const In in(j, "query");
        in.only({"status", "service", "channel", "step", "from", "to", "overdue_only", "now",
                 "text", "sort", "limit", "after"});
        ListQuery q;
        if (in.has("status")) q.status = in.word<ComplaintStatus>("status", status_from_string, {});
        q.service = in.str("service");
        if (in.has("channel")) q.channel = in.word<Channel>("channel", channel_from_string, {});
        q.step = in.str("step");
        if (in.has("from")) q.from = in.int64("from");
        if (in.has("to")) q.to = in.int64("to");
        q.overdue_only = in.boolean("overdue_only");
        q.now = in.int64("now");
        q.text = in.str("text");
        if (q.text.size() > 200) throw Bad{"query.text", "is longer than 200 bytes"};
        q.sort = in.word<ListQuery::Sort>("sort", sort_from_string, ListQuery::Sort::Newest);
        if (in.has("limit")) q.limit = static_cast<int>(in.int64("limit"));
        if (q.limit < 1 || q.limit > 1000) throw Bad{"query.limit", "must be 1 to 1000"};
        if (in.has("after")) q.after = in.str("after");
        return q;
    });
}

json encode(const ListPage& p) {
    json rows = json::array();
    for (const auto& c : p.rows)
        rows.push_back(encode(c));
    json j{{"rows", rows}};
    if (p.next) j["next"] = *p.next;
    return j;
}

Result<ListPage> decode_list_page(const json& j) {
    return decoded([&] {
        const In in(j, "");
        ListPage p;
        for (const auto& r : in.array("rows"))
            p.rows.push_back(read_complaint(In(r, "rows[]")));
        if (in.has("next")) p.next = in.str("next");
        return p;
    });
}

json encode(const ComplaintDetail& d) {
    json events = json::array(), files = json::array();
    for (const auto& e : d.events)
        events.push_back(encode_event(e));
    for (const auto& a : d.attachments)
        files.push_back(json{{"id", a.id}, {"media_type", a.media_type}, {"filename", a.filename}});
    json names = json::object();
    for (const auto& [n, shown] : d.names)
        names[n] = shown;
    json notices = json::array();
    for (const auto& n : d.notices)
        notices.push_back(json{{"id", n.id},
                               {"kind", to_string(n.kind)},
                               {"channel", to_string(n.channel)},
                               {"state", to_string(n.state)},
                               {"attempts", n.attempts},
                               {"created_at", n.created_at},
                               {"next_at", n.next_at},
                               {"sent_at", n.sent_at},
                               {"error", n.error}});
    json j{{"complaint", encode(d.complaint)}, {"events", events}, {"attachments", files},
           {"letter_signer", d.letter_signer}, {"names", names},   {"notices", notices}};
    if (d.capa) {
        json k = encode_capa_fields(*d.capa);
        k["updated_at"] = d.capa->updated_at;
        k["updated_by"] = d.capa->updated_by;
        j["capa"] = k;
    }
    return j;
}

Result<ComplaintDetail> decode_detail(const json& j) {
    return decoded([&] {
        const In in(j, "");
        ComplaintDetail d;
        d.complaint = read_complaint(In(in.object("complaint"), "complaint"));
        for (const auto& e : in.array("events"))
            d.events.push_back(read_event(In(e, "events[]")));
        for (const auto& f : in.array("attachments")) {
            const In a(f, "attachments[]");
            Attachment att;
            att.id = a.int64("id", true);
            att.media_type = a.str("media_type");
            att.filename = a.str("filename");
            d.attachments.push_back(std::move(att));
        }
        d.letter_signer = in.str("letter_signer");
        for (const auto& item : in.array("notices")) {
            const In m(item, "notices[]");
            Notice n;
            n.id = m.int64("id", true);
            n.kind =
                m.word<NoticeKind>("kind", notice_kind_from_string, NoticeKind::Received, true);
            n.channel = m.word<NoticeChannel>("channel", notice_channel_from_string,
                                              NoticeChannel::Email, true);
            n.state =
                m.word<NoticeState>("state", notice_state_from_string, NoticeState::Pending, true);
            n.attempts = static_cast<int>(m.int64("attempts"));
            n.created_at = m.int64("created_at");
            n.next_at = m.int64("next_at");
            n.sent_at = m.int64("sent_at");
            n.error = m.str("error");
            d.notices.push_back(std::move(n));
        }
        if (in.has("names"))
            for (const auto& [n, shown] : in.object("names").items())
                if (shown.is_string() && d.names.size() < 1000)
                    d.names.emplace_back(n, shown.get<std::string>());
        if (in.has("capa")) {
            const In k(in.object("capa"), "capa");
            Capa c;
            for (const auto f : kAllCapaFields)
                c.get(f) = k.str(std::string(to_string(f)).c_str());
            c.updated_at = k.int64("updated_at");
            c.updated_by = k.str("updated_by");
            d.capa = std::move(c);
        }
        return d;
    });
}

json encode(const AdvanceRequest& r) {
    json j{{"note", r.note}, {"send_back", r.send_back}, {"expected_step", r.expected_step}};
    if (r.on_behalf_of) j["on_behalf_of"] = to_string(*r.on_behalf_of);
    if (!r.function.empty()) j["function"] = r.function;
    return j;
}

Result<AdvanceRequest> decode_advance(const json& j) {
    return decoded([&] {
        const In in(j, "");
        in.only({"note", "send_back", "expected_step", "on_behalf_of", "function"});
        AdvanceRequest r;
        r.note = in.str("note");
        r.send_back = in.boolean("send_back");
        r.expected_step = in.str("expected_step");
        r.function = in.str("function");
        if (in.has("on_behalf_of"))
            r.on_behalf_of = in.word<Role>("on_behalf_of", role_from_string, {});
        return r;
    });
}

json encode(const Capa& k) {
    json j = encode_capa_fields(k);
    j["updated_at"] = k.updated_at;
    j["updated_by"] = k.updated_by;
    return j;
}

Result<Capa> decode_capa(const json& j) {
    return decoded([&] {
        const In in(j, "");
        for (const auto& [key, v] : j.items())
            if (key != "on_behalf_of" && key != "updated_at" && key != "updated_by" &&
                !capa_field_from_string(key))
                throw Bad{key, "unknown key"};
        Capa c;
        for (const auto f : kAllCapaFields)
            c.get(f) = in.str(std::string(to_string(f)).c_str());
        // As saved (an answer); a request's are ignored: the hub sets them.
        c.updated_at = in.int64("updated_at");
        c.updated_by = in.str("updated_by");
        return c;
    });
}

json encode(const Submission& s) {
    return json{{"channel", to_string(s.channel)},
                {"name", s.complainant.name},
                {"organization", s.complainant.organization},
                {"phone", s.complainant.phone},
                {"email", s.complainant.email},
                {"anonymous", s.complainant.anonymous},
                {"service", s.service},
                {"reference", s.reference},
                {"description", s.description},
                {"expectation", s.expectation},
                {"consent", s.consent},
                {"language", s.language},
                {"origin", s.origin}};
}

Result<Submission> decode_submission(const json& j) {
    if (!j.is_object()) return Error{ErrorKind::Invalid, "err.json.object"};
    json fields = j;
    std::string origin;
    if (fields.contains("origin")) {
        if (!fields["origin"].is_string())
            return Error{ErrorKind::Invalid,
                         "err.json.field",
                         {{"key", "origin"}, {"reason", "must be text"}}};
        // A device name for the register: printable ASCII, 64 at most.
        for (const char ch : fields["origin"].get<std::string>())
            if (ch > 0x20 && ch < 0x7f && origin.size() < 64) origin.push_back(ch);
        fields.erase("origin");
    }
    auto s = submission_from_json(fields);
    if (!s) return s.error();
    s->origin = origin;
    return s;
}

json encode(const Submitted& s) {
    return json{{"complaint", encode(s.complaint)}, {"code", s.code.compact()}};
}

Result<Submitted> decode_submitted(const json& j) {
    auto r = decoded([&] {
        const In in(j, "");
        return std::pair{read_complaint(In(in.object("complaint"), "complaint")),
                         in.str("code", true)};
    });
    if (!r) return r.error();
    auto code = TrackingCode::parse(r->second);
    if (!code) return code.error();
    return Submitted{r->first, *code};
}

// [SECTION] the office's pages -------------------------------------------------------------

namespace {

json encode_stats(const StepStats& s) {
    return json{{"step", s.step ? s.step->id : ""},
                {"done", s.done},
                {"on_time", s.on_time},
                {"late", s.late},
                {"open_overdue", s.open_overdue},
                {"open_in_time", s.open_in_time},
                {"minutes_sum", s.minutes_sum},
                {"standard_sum", s.standard_sum}};
}

StepStats read_stats(const In& in, const SopProfile& profile) {
    StepStats s;
    const std::string id = in.str("step");
    if (!id.empty()) {
        s.step = profile.step(id);
        if (!s.step) throw Bad{"steps[].step", "is not a step of this panel's SOP: " + id};
    }
    s.done = in.int64("done");
    s.on_time = in.int64("on_time");
    s.late = in.int64("late");
    s.open_overdue = in.int64("open_overdue");
    s.open_in_time = in.int64("open_in_time");
    s.minutes_sum = in.int64("minutes_sum");
    s.standard_sum = in.int64("standard_sum");
    return s;
}

json encode_groups(const std::vector<GroupCount>& g) {
    json a = json::array();
    for (const auto& c : g)
        a.push_back(json{{"key", c.key}, {"count", c.count}});
    return a;
}

std::vector<GroupCount> read_groups(const json& a, const char* where) {
    std::vector<GroupCount> out;
    for (const auto& g : a) {
        const In in(g, where);
        out.push_back({in.str("key"), in.int64("count")});
    }
    return out;
}

} // namespace

json encode(const MonthReport& r) {
    json steps = json::array();
    for (const auto& s : r.steps)
        steps.push_back(encode_stats(s));
    return json{{"year", r.year},
                {"month", r.month},
                {"from", r.from},
                {"to", r.to},
                {"now", r.now},
                {"profile_name", r.profile_name},
                {"profile_number", r.profile_number},
                {"total", r.total},
                {"by_service", encode_groups(r.by_service)},
                {"by_channel", encode_groups(r.by_channel)},
                {"by_status", encode_groups(r.by_status)},
                {"steps", steps},
                {"overall", encode_stats(r.overall)},
                {"other_profile", r.other_profile}};
}

Result<MonthReport> decode_month_report(const json& j, const SopProfile& profile) {
    auto r = decoded([&] {
        const In in(j, "");
        MonthReport m;
        m.year = static_cast<int>(in.int64("year", true));
        m.month = static_cast<int>(in.int64("month", true));
        m.from = in.int64("from");
        m.to = in.int64("to");
        m.now = in.int64("now");
        m.profile_name = in.str("profile_name");
        m.profile_number = in.str("profile_number");
        m.total = in.int64("total");
        m.by_service = read_groups(in.array("by_service"), "by_service[]");
        m.by_channel = read_groups(in.array("by_channel"), "by_channel[]");
        m.by_status = read_groups(in.array("by_status"), "by_status[]");
        for (const auto& s : in.array("steps"))
            m.steps.push_back(read_stats(In(s, "steps[]"), profile));
        m.overall = read_stats(In(in.object("overall"), "overall"), profile);
        m.other_profile = in.int64("other_profile");
        return m;
    });
    if (!r && r.error().param("reason").find("SOP") != std::string::npos)
        return Error{ErrorKind::Invalid, "err.remote.profile", {{"profile", profile.name}}};
    return r;
}

namespace {

json encode_text(const SkmText& t) {
    return json{{"id", t.id}, {"en", t.en}};
}
SkmText read_text(const In& in) {
    return SkmText{in.str("id"), in.str("en")};
}
SkmText read_text(const In& parent, const char* key) {
    return read_text(In(parent.object(key), parent.name(key)));
}

} // namespace

json encode(const SkmReport& r) {
    const SkmQuestionnaire& q = r.questionnaire;
    json elements = json::array();
    for (const auto& e : q.elements) {
        json answers = json::array();
        for (const auto& a : e.answers)
            answers.push_back(encode_text(a));
        elements.push_back(json{{"id", e.id},
                                {"name", encode_text(e.name)},
                                {"question", encode_text(e.question)},
                                {"answers", answers}});
    }
    json fields = json::array();
    for (const auto& f : q.profile) {
        json options = json::array();
        for (const auto& o : f.options)
            options.push_back(encode_text(o));
        fields.push_back(json{{"id", f.id}, {"name", encode_text(f.name)}, {"options", options}});
    }
    json results = json::array();
    for (const auto& e : r.index.elements)
        results.push_back(
            json{{"id", e.id}, {"answers", e.answers}, {"nrr", e.nrr}, {"converted", e.converted}});
    json profile = json::array();
    for (const auto& [field, counts] : r.profile) {
        json c = json::array();
        for (const auto& n : counts)
            c.push_back(json{{"option", n.option}, {"n", n.n}});
        profile.push_back(json{{"field", field}, {"counts", c}});
    }
    json services = json::array();
    for (const auto& [service, n] : r.services)
        services.push_back(json{{"service", service}, {"n", n}});
    json suggestions = json::array();
    for (const auto& s : r.suggestions)
        suggestions.push_back(
            json{{"day", format_date(s.day)}, {"service", s.service}, {"text", s.text}});
    return json{{"from", format_date(r.from)},
                {"to", format_date(r.to)},
                {"questionnaire", json{{"id", q.id},
                                       {"title", encode_text(q.title)},
                                       {"basis", q.basis},
                                       {"elements", elements},
                                       {"profile", fields}}},
                {"respondents", r.index.respondents},
                {"elements", results},
                {"ikm", r.index.ikm},
                {"converted", r.index.converted},
                {"grade", std::string(1, r.index.grade)},
                {"weakest", r.index.weakest},
                {"profile", profile},
                {"services", services},
                {"suggestions", suggestions}};
}

Result<SkmReport> decode_skm_report(const json& j) {
    return decoded([&] {
        const In in(j, "");
        SkmReport r;
        r.from = in.date("from");
        r.to = in.date("to");
        const In qin(in.object("questionnaire"), "questionnaire");
        SkmQuestionnaire& q = r.questionnaire;
        q.id = qin.str("id", true);
        q.title = read_text(qin, "title");
        q.basis = qin.str("basis");
        for (const auto& e : qin.array("elements")) {
            const In ein(e, "questionnaire.elements[]");
            SkmElement el;
            el.id = ein.str("id", true);
            el.name = read_text(ein, "name");
            el.question = read_text(ein, "question");
            const json& answers = ein.array("answers");
            if (answers.size() != el.answers.size())
                throw Bad{ein.name("answers"), "must have four answers"};
            for (std::size_t i = 0; i < el.answers.size(); ++i)
                el.answers[i] = read_text(In(answers[i], ein.name("answers[]")));
            q.elements.push_back(std::move(el));
        }
        for (const auto& f : qin.array("profile")) {
            const In fin(f, "questionnaire.profile[]");
            SkmProfileField field;
            field.id = fin.str("id", true);
            field.name = read_text(fin, "name");
            for (const auto& o : fin.array("options"))
                field.options.push_back(read_text(In(o, fin.name("options[]"))));
            q.profile.push_back(std::move(field));
        }
        SkmIndex& ix = r.index;
        ix.respondents = static_cast<int>(in.int64("respondents"));
        for (const auto& e : in.array("elements")) {
            const In ein(e, "elements[]");
            SkmElementResult res;
            res.id = ein.str("id", true);
            if (!q.element(res.id)) throw Bad{ein.name("id"), "not in the questionnaire"};
            res.answers = static_cast<int>(ein.int64("answers"));
            res.nrr = ein.number("nrr");
            res.converted = ein.number("converted");
            ix.elements.push_back(std::move(res));
        }
        ix.ikm = in.number("ikm");
        ix.converted = in.number("converted");
        const std::string grade = in.str("grade", true);
        if (grade.size() != 1 || (grade != "-" && (grade[0] < 'A' || grade[0] > 'D')))
            throw Bad{"grade", "must be A, B, C, D or -"};
        ix.grade = grade[0];
        for (const auto& w : in.array("weakest")) {
            if (!w.is_string() || !q.element(w.get<std::string>()))
                throw Bad{"weakest[]", "must be an element's id"};
            ix.weakest.push_back(w.get<std::string>());
        }
        for (const auto& p : in.array("profile")) {
            const In pin(p, "profile[]");
            std::vector<SkmReport::Count> counts;
            for (const auto& c : pin.array("counts")) {
                const In cin(c, "profile[].counts[]");
                counts.push_back({cin.str("option"), static_cast<int>(cin.int64("n"))});
            }
            r.profile.emplace_back(pin.str("field", true), std::move(counts));
        }
        for (const auto& s : in.array("services")) {
            const In sin(s, "services[]");
            r.services.emplace_back(sin.str("service"), static_cast<int>(sin.int64("n")));
        }
        for (const auto& s : in.array("suggestions")) {
            const In sin(s, "suggestions[]");
            r.suggestions.push_back({sin.date("day"), sin.str("service"), sin.str("text")});
        }
        return r;
    });
}

json encode(const SettingsPage& p) {
    json rows = json::array();
    for (const auto& r : p.rows)
        rows.push_back(json{{"key", r.info ? std::string(r.info->key) : ""},
                            {"value", r.value},
                            {"stored", r.stored},
                            {"updated_at", r.updated_at},
                            {"updated_by", r.updated_by}});
    json j{{"rows", rows},
           {"users", encode(p.users)["users"]},
           {"profiles", p.profiles},
           {"current_profile", p.current_profile}};
    if (p.stored_refused) j["stored_refused"] = encode(*p.stored_refused)["error"];
    return j;
}

Result<SettingsPage> decode_settings_page(const json& j) {
    return decoded([&] {
        const In in(j, "");
        SettingsPage p;
        for (const auto& r : in.array("rows")) {
            const In row(r, "rows[]");
            SettingRow s;
            const std::string key = row.str("key", true);
            s.info = find_setting(key);
            if (!s.info) continue; // a newer hub's setting this panel does not know
            s.value = row.str("value");
            s.stored = row.boolean("stored");
            s.updated_at = row.int64("updated_at");
            s.updated_by = row.str("updated_by");
            p.rows.push_back(std::move(s));
        }
        for (const auto& u : in.array("users"))
            p.users.push_back(read_user(In(u, "users[]")));
        for (const auto& name : in.array("profiles")) {
            if (!name.is_string()) throw Bad{"profiles[]", "must be text"};
            p.profiles.push_back(name.get<std::string>());
        }
        p.current_profile = in.str("current_profile");
        if (in.has("stored_refused"))
            p.stored_refused = decode_error(json{{"error", in.object("stored_refused")}});
        return p;
    });
}

json encode(const std::vector<StoredSetting>& s) {
    json a = json::array();
    for (const auto& r : s)
        a.push_back(json{{"key", r.key},
                         {"value", r.value},
                         {"updated_at", r.updated_at},
                         {"updated_by", r.updated_by}});
    return json{{"settings", a}};
}

Result<std::vector<StoredSetting>> decode_stored_settings(const json& j) {
    return decoded([&] {
        const In in(j, "");
        std::vector<StoredSetting> out;
        for (const auto& r : in.array("settings")) {
            const In row(r, "settings[]");
            out.push_back({row.str("key", true), row.str("value"), row.int64("updated_at"),
                           row.str("updated_by")});
        }
        return out;
    });
}

json encode(const std::vector<AuditEntry>& rows) {
    json a = json::array();
    for (const auto& r : rows)
        a.push_back(json{{"id", r.id},
                         {"at", r.at},
                         {"actor", r.actor},
                         {"action", r.action},
                         {"subject", r.subject},
                         {"detail", r.detail}});
    return json{{"audit", a}};
}

Result<std::vector<AuditEntry>> decode_audit(const json& j) {
    return decoded([&] {
        const In in(j, "");
        std::vector<AuditEntry> out;
        for (const auto& r : in.array("audit")) {
            const In row(r, "audit[]");
            out.push_back({row.int64("id"), row.int64("at"), row.str("actor"), row.str("action"),
                           row.str("subject"), row.str("detail")});
        }
        return out;
    });
}

// [SECTION] print jobs ------------------------------------------------------------------

namespace {

// Text no longer than `max` bytes.
std::string capped(const In& in, const char* k, std::size_t max) {
    std::string s = in.str(k);
    if (s.size() > max) throw Bad{in.name(k), "longer than " + std::to_string(max) + " bytes"};
    return s;
}

// How a print went: the fields a desk tells the hub, each within what a
// queue name, CUPS's words and a path take.
void read_outcome(const In& in, PrintJob& p) {
    p.printer = capped(in, "printer", 256);
    const auto cups = in.int64("cups_job_id");
    if (cups < 0 || cups > std::numeric_limits<int>::max())
        throw Bad{in.name("cups_job_id"), "out of range"};
    p.cups_job_id = static_cast<int>(cups);
    p.state = in.word<PrintState>("state", print_state_from_string, PrintState::Queued, true);
    if (in.has("message")) {
        const In m(in.object("message"), in.name("message"));
        m.only({"key", "params"});
        p.message.key = capped(m, "key", 100);
        bool word = p.message.key.empty() || p.message.key.rfind("err.", 0) == 0 ||
                    p.message.key.rfind("label.", 0) == 0;
        for (const char ch : p.message.key)
            word = word && (std::islower(static_cast<unsigned char>(ch)) ||
                            std::isdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_');
        if (!word) throw Bad{m.name("key"), "must be an err.* or label.* key"};
        if (m.has("params")) {
            const auto& params = m.object("params");
            if (params.size() > 16) throw Bad{m.name("params"), "more than 16"};
            for (const auto& [k, v] : params.items()) {
                if (!v.is_string() || k.size() > 64 ||
                    v.get_ref<const std::string&>().size() > 4096)
                    throw Bad{m.name("params." + k.substr(0, 64)), "must be text of at most 4 KiB"};
                p.message.params.emplace_back(k, v.get<std::string>());
            }
        }
    }
    p.detail = capped(in, "detail", 4096);
    p.file = capped(in, "file", 4096);
}

PrintJob read_print_job(const In& in) {
    in.only({"id", "complaint_seq", "code", "document", "printer", "cups_job_id", "state",
             "message", "detail", "requested_by", "visitor", "file", "created_at", "updated_at",
             "finished_at", "reprinted"});
    PrintJob p;
    p.id = in.int64("id", true);
    p.complaint_seq = in.int64("complaint_seq");
    p.code = in.str("code");
    p.document = in.word<PrintDocument>("document", print_document_from_string,
                                        PrintDocument::TandaTerima, true);
    read_outcome(in, p);
    p.requested_by = in.str("requested_by");
    p.visitor = in.boolean("visitor");
    p.created_at = in.int64("created_at");
    p.updated_at = in.int64("updated_at");
    p.finished_at = in.int64("finished_at");
    p.reprinted = in.boolean("reprinted");
    return p;
}

} // namespace

json encode(const PrintJob& p) {
    json params = json::object();
    for (const auto& [k, v] : p.message.params)
        params[k] = v;
    return json{{"id", p.id},
                {"complaint_seq", p.complaint_seq},
                {"code", p.code},
                {"document", std::string(to_string(p.document))},
                {"printer", p.printer},
                {"cups_job_id", p.cups_job_id},
                {"state", std::string(to_string(p.state))},
                {"message", {{"key", p.message.key}, {"params", params}}},
                {"detail", p.detail},
                {"requested_by", p.requested_by},
                {"visitor", p.visitor},
                {"file", p.file},
                {"created_at", p.created_at},
                {"updated_at", p.updated_at},
                {"finished_at", p.finished_at},
                {"reprinted", p.reprinted}};
}

Result<PrintJob> decode_print_job(const json& j) {
    return decoded([&] { return read_print_job(In(j, "")); });
}

json encode_outcome(const PrintJob& p) {
    json j = encode(p);
    for (const char* k : {"id", "complaint_seq", "code", "document", "requested_by", "visitor",
                          "created_at", "updated_at", "finished_at", "reprinted"})
        j.erase(k);
    return j;
}

Result<PrintJob> decode_outcome(const json& j, std::int64_t id) {
    return decoded([&] {
        const In in(j, "");
        in.only({"printer", "cups_job_id", "state", "message", "detail", "file"});
        PrintJob p;
        p.id = id;
        read_outcome(in, p);
        if (p.state == PrintState::Refused) throw Bad{"state", "a refusal is never recorded"};
        return p;
    });
}

json encode(const std::vector<PrintJob>& jobs) {
    json a = json::array();
    for (const auto& p : jobs)
        a.push_back(encode(p));
    return json{{"print_jobs", a}};
}

Result<std::vector<PrintJob>> decode_print_jobs(const json& j) {
    return decoded([&] {
        const In in(j, "");
        std::vector<PrintJob> out;
        for (const auto& r : in.array("print_jobs"))
            out.push_back(read_print_job(In(r, "print_jobs[]")));
        return out;
    });
}

} // namespace keluhan::wire
