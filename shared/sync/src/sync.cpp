// [SECTION] index
//   helpers: errors, base64, JSON depth
//   push: body, parse, check, import, reply
//   survey push
//   status view
//   changes
//   tokens
#include "keluhan/sync/sync.hpp"

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"
#include "keluhan/ops/auth.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace keluhan {

using nlohmann::json;

// [SECTION] helpers: errors, base64, JSON depth -----------------------------------

namespace {

// A refused body: one key for the user, the place and reason for the log.
Error payload_error(const std::string& where, const std::string& reason) {
    return Error{ErrorKind::Invalid,
                 "err.sync.payload",
                 {{"where", where}, {"reason", reason}},
                 where + ": " + reason};
}

Error reply_error(const std::string& reason) {
    return Error{ErrorKind::Invalid, "err.sync.reply", {{"hub", ""}}, reason};
}

std::string base64_encode(const std::vector<std::uint8_t>& bin) {
    if (bin.empty()) return {};
    std::string out(sodium_base64_ENCODED_LEN(bin.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bin.data(), bin.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view b64, int variant) {
    std::vector<std::uint8_t> out(b64.size() / 4 * 3 + 3);
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), b64.data(), b64.size(), nullptr, &len, &end,
                          variant) != 0 ||
        end != b64.data() + b64.size())
        return std::nullopt;
    out.resize(len);
    return out;
}

// The deepest nesting of [ and { outside strings; stops counting past `limit`.
// nlohmann's parser is iterative, but a bounded depth keeps every later walk
// (and the destructor) cheap whatever arrives.
bool depth_within(std::string_view s, int limit) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (const char ch : s) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (ch == '\\')
                escaped = true;
            else if (ch == '"')
                in_string = false;
            continue;
        }
        if (ch == '"')
            in_string = true;
        else if (ch == '[' || ch == '{') {
            if (++depth > limit) return false;
        } else if (ch == ']' || ch == '}')
            --depth;
    }
    return true;
}

std::optional<json> parse_bounded(std::string_view body) {
    if (!depth_within(body, sync_limits::kMaxDepth)) return std::nullopt;
    json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

bool is_int(const json& v) {
    return v.is_number_integer() || v.is_number_unsigned();
}

std::int64_t as_int(const json& v) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        return u > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(u);
    }
    return v.get<std::int64_t>();
}

bool uuid_shaped(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string iso_or_empty(TimeMs t) {
    return t == 0 ? std::string() : format_iso_utc(t);
}

} // namespace

// [SECTION] push: body, parse, check, import, reply ---------------------------------

std::string push_body(const std::vector<OutboxItem>& items) {
    json list = json::array();
    for (const auto& item : items) {
        const Complaint& c = item.complaint;
        json atts = json::array();
        for (const auto& a : item.attachments)
            atts.push_back(json{{"media_type", a.media_type},
                                {"filename", a.filename},
                                {"data", base64_encode(a.data)}});
        list.push_back(json{{"id", c.id},
                            {"code", c.code},
                            {"created_at", c.created_at},
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
                            {"attachments", std::move(atts)}});
    }
    return json{{"version", sync_limits::kVersion}, {"complaints", std::move(list)}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
}

namespace {

Result<ImportedComplaint> parse_one(const json& j, const std::string& where) {
    if (!j.is_object()) return payload_error(where, "must be an object");
    ImportedComplaint out;
    auto field = [&](const char* key) -> const json* {
        const auto it = j.find(key);
        return it == j.end() ? nullptr : &*it;
    };
    auto str = [&](const char* key, std::string& dest, bool required) -> Status {
        const json* v = field(key);
        if (!v || v->is_null()) {
            if (required) return payload_error(where + "." + key, "missing");
            return ok();
        }
        if (!v->is_string()) return payload_error(where + "." + key, "must be a string");
        dest = v->get_ref<const std::string&>();
        return ok();
    };
    auto boolean = [&](const char* key, bool& dest) -> Status {
        const json* v = field(key);
        if (!v) return payload_error(where + "." + key, "missing");
        if (!v->is_boolean()) return payload_error(where + "." + key, "must be true or false");
        dest = v->get<bool>();
        return ok();
    };
    Submission& s = out.submission;
    std::string channel;
    if (auto st = str("id", out.id, true); !st) return st.error();
    if (auto st = str("code", out.code, true); !st) return st.error();
    if (auto st = str("channel", channel, true); !st) return st.error();
    if (auto st = str("service", s.service, true); !st) return st.error();
    if (auto st = str("description", s.description, true); !st) return st.error();
    if (auto st = str("name", s.complainant.name, false); !st) return st.error();
    if (auto st = str("organization", s.complainant.organization, false); !st) return st.error();
    if (auto st = str("phone", s.complainant.phone, false); !st) return st.error();
    if (auto st = str("email", s.complainant.email, false); !st) return st.error();
    if (auto st = str("reference", s.reference, false); !st) return st.error();
    if (auto st = str("expectation", s.expectation, false); !st) return st.error();
    // Optional: a kiosk before it sent none (the office's language then).
    if (auto st = str("language", s.language, false); !st) return st.error();
    if (!s.language.empty() && s.language != "id" && s.language != "en")
        return payload_error(where + ".language", "must be id or en");
    if (auto st = boolean("anonymous", s.complainant.anonymous); !st) return st.error();
    if (auto st = boolean("consent", s.consent); !st) return st.error();
    const json* created = field("created_at");
    if (!created) return payload_error(where + ".created_at", "missing");
    if (!is_int(*created))
        return payload_error(where + ".created_at", "must be whole milliseconds");
    out.created_at = as_int(*created);
    const auto ch = channel_from_string(channel);
    if (!ch) return payload_error(where + ".channel", "must be tertulis, lisan or elektronik");
    s.channel = *ch;
    if (const json* atts = field("attachments"); atts && !atts->is_null()) {
        if (!atts->is_array()) return payload_error(where + ".attachments", "must be an array");
        if (atts->size() > sync_limits::kMaxAttachments)
            return payload_error(where + ".attachments",
                                 "at most " + std::to_string(sync_limits::kMaxAttachments));
        for (std::size_t i = 0; i < atts->size(); ++i) {
            const json& a = (*atts)[i];
            const std::string at = where + ".attachments[" + std::to_string(i) + "]";
            if (!a.is_object()) return payload_error(at, "must be an object");
            Attachment att;
            for (auto [key, dest] :
                 {std::pair<const char*, std::string*>{"media_type", &att.media_type},
                  {"filename", &att.filename}}) {
                const auto it = a.find(key);
                if (it == a.end() || it->is_null()) {
                    if (std::string_view(key) == "media_type")
                        return payload_error(at + ".media_type", "missing");
                    continue;
                }
                if (!it->is_string()) return payload_error(at + "." + key, "must be a string");
                *dest = it->get_ref<const std::string&>();
            }
            const auto data = a.find("data");
            if (data == a.end()) return payload_error(at + ".data", "missing");
            if (!data->is_string()) return payload_error(at + ".data", "must be a base64 string");
            auto bytes =
                base64_decode(data->get_ref<const std::string&>(), sodium_base64_VARIANT_ORIGINAL);
            if (!bytes) return payload_error(at + ".data", "not valid base64");
            att.data = std::move(*bytes);
            s.attachments.push_back(std::move(att));
        }
    }
    return out;
}

// A push body, {"version":1,"<key>":[...]}, read strictly: its size, the
// version, the list and its length, then each element by `one` (which
// names the element's place in its errors). Never throws.
template <class T, class One>
Result<std::vector<T>> parse_batch(std::string_view body, std::size_t max_body_bytes,
                                   const std::string& key, std::size_t max_items, One one) {
    try {
        if (body.size() > max_body_bytes)
            return Error{ErrorKind::Invalid,
                         "err.hub.too_large",
                         {{"max", std::to_string(max_body_bytes >> 20)}},
                         "body of " + std::to_string(body.size()) + " bytes"};
        auto j = parse_bounded(body);
        if (!j) return payload_error("body", "not JSON (or nested deeper than 16)");
        if (!j->is_object()) return payload_error("body", "must be an object");
        const auto version = j->find("version");
        if (version == j->end()) return payload_error("version", "missing");
        if (!is_int(*version) || as_int(*version) != sync_limits::kVersion)
            return Error{ErrorKind::Invalid,
                         "err.sync.version",
                         {{"version", version->dump()}},
                         "version: must be 1"};
        const auto list = j->find(key);
        if (list == j->end()) return payload_error(key, "missing");
        if (!list->is_array()) return payload_error(key, "must be an array");
        if (list->size() > max_items)
            return Error{ErrorKind::Invalid,
                         "err.sync.too_many",
                         {{"max", std::to_string(max_items)}},
                         std::to_string(list->size()) + " " + key};
        std::vector<T> out;
        out.reserve(list->size());
        for (std::size_t i = 0; i < list->size(); ++i) {
            auto item = one((*list)[i], key + "[" + std::to_string(i) + "]");
            if (!item) return item.error();
            out.push_back(std::move(item).value());
        }
        return out;
    } catch (const std::bad_alloc&) {
        return payload_error("body", "too large to read");
    } catch (const std::exception& e) {
        return payload_error("body", e.what());
    }
}

} // namespace

Result<std::vector<ImportedComplaint>> parse_push(std::string_view body,
                                                  std::size_t max_body_bytes) {
    return parse_batch<ImportedComplaint>(body, max_body_bytes, "complaints",
                                          sync_limits::kMaxComplaints, parse_one);
}

Status check_imported(const ImportedComplaint& c, const Limits& limits,
                      const std::vector<std::string>& services, TimeMs now) {
    if (!uuid_shaped(c.id))
        return Error{ErrorKind::Invalid, "err.sync.id", {{"id", text::truncate(c.id, 40)}}};
    const auto code = TrackingCode::parse(c.code);
    if (!code) return code.error();
    // 2020-01-01T00:00:00Z; a kiosk clock may run a little ahead.
    if (c.created_at < 1577836800000 || c.created_at > now + 24 * 3600 * 1000)
        return Error{
            ErrorKind::Invalid, "err.sync.created_at", {{"value", std::to_string(c.created_at)}}};
    for (const auto& a : c.submission.attachments) {
        if (auto st = check_text("field.attachment", a.filename, 255, false); !st)
            return st.error();
        if (auto st = check_text("field.attachment", a.media_type, 100, true); !st)
            return st.error();
        // It becomes a Content-Type header when staff open the recording:
        // "type/subtype" in printable ASCII, nothing that could split a header.
        if (!a.media_type.empty() &&
            (a.media_type.find('/') == std::string::npos ||
             std::any_of(a.media_type.begin(), a.media_type.end(),
                         [](char ch) { return ch <= 0x20 || ch >= 0x7f; })))
            return Error{ErrorKind::Invalid,
                         "err.json.field",
                         {{"key", "media_type"}, {"reason", "type/subtype expected"}}};
    }
    return validate_submission(c.submission, limits, services);
}

Result<std::vector<ImportResult>> import_push(Store& store, const Office& office,
                                              const std::string& kiosk,
                                              const std::vector<ImportedComplaint>& batch) {
    std::vector<ImportResult> results(batch.size());
    std::vector<ImportedComplaint> valid;
    std::vector<std::size_t> where;
    const TimeMs now = now_ms();
    for (std::size_t i = 0; i < batch.size(); ++i) {
        results[i].id = batch[i].id;
        if (auto st = check_imported(batch[i], office.config.limits, office.config.services, now);
            !st) {
            results[i].outcome = ImportResult::Outcome::Rejected;
            results[i].error = st.error();
            continue;
        }
        valid.push_back(batch[i]);
        where.push_back(i);
    }
    if (!valid.empty()) {
        auto stored = store.import_batch(valid, kiosk, office.engine());
        if (!stored) return stored.error();
        for (std::size_t k = 0; k < where.size() && k < stored->size(); ++k)
            results[where[k]] = (*stored)[k];
    }
    return results;
}

std::string_view to_string(PushResult::Kind k) {
    switch (k) {
    case PushResult::Kind::Stored:
        return "stored";
    case PushResult::Kind::Duplicate:
        return "duplicate";
    case PushResult::Kind::Rejected:
        return "rejected";
    }
    return "rejected";
}

std::string push_reply_body(const std::vector<ImportResult>& results, const Catalog& catalog) {
    json list = json::array();
    for (const auto& r : results) {
        const auto kind = r.outcome;
        json j{{"id", r.id}, {"result", to_string(kind)}};
        if (kind == PushResult::Kind::Rejected)
            j["error"] = json{{"key", r.error.key}, {"message", catalog.message(r.error)}};
        list.push_back(std::move(j));
    }
    return json{{"results", std::move(list)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<PushResult>> parse_push_reply(std::string_view body) {
    try {
        auto j = parse_bounded(body);
        if (!j || !j->is_object()) return reply_error("not a JSON object");
        const auto list = j->find("results");
        if (list == j->end() || !list->is_array()) return reply_error("no results array");
        std::vector<PushResult> out;
        for (const auto& r : *list) {
            if (!r.is_object()) return reply_error("a result is not an object");
            const auto id = r.find("id"), result = r.find("result");
            if (id == r.end() || !id->is_string() || result == r.end() || !result->is_string())
                return reply_error("a result without id or result");
            PushResult p;
            p.id = id->get<std::string>();
            const auto& kind = result->get_ref<const std::string&>();
            if (kind == "stored")
                p.result = PushResult::Kind::Stored;
            else if (kind == "duplicate")
                p.result = PushResult::Kind::Duplicate;
            else if (kind == "rejected")
                p.result = PushResult::Kind::Rejected;
            else
                return reply_error("unknown result \"" + text::truncate(kind, 20) + "\"");
            if (p.result == PushResult::Kind::Rejected) {
                p.error = Error{ErrorKind::Invalid, "err.sync.rejected"};
                if (const auto e = r.find("error"); e != r.end() && e->is_object()) {
                    if (const auto k = e->find("key"); k != e->end() && k->is_string())
                        p.error.key = k->get<std::string>();
                    if (const auto m = e->find("message"); m != e->end() && m->is_string())
                        p.error.detail = m->get<std::string>();
                }
            }
            out.push_back(std::move(p));
        }
        return out;
    } catch (const std::exception& e) {
        return reply_error(e.what());
    }
}

// [SECTION] survey push ---------------------------------------------------------------

std::string skm_push_body(const std::vector<SkmOutboxItem>& items) {
    json list = json::array();
    for (const auto& item : items) {
        const SkmResponse& r = item.response;
        json scores = json::object();
        for (const auto& [element, score] : r.scores)
            scores[element] = score;
        json profile = json::object();
        for (const auto& [field, option] : r.profile)
            profile[field] = option;
        list.push_back({{"id", r.id},
                        {"day", format_date(r.day)},
                        {"service", r.service},
                        {"code", item.code},
                        {"scores", std::move(scores)},
                        {"profile", std::move(profile)},
                        {"suggestion", r.suggestion}});
    }
    return json{{"version", sync_limits::kVersion}, {"responses", std::move(list)}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
}

namespace {

Result<PushedSkm> parse_skm_one(const json& j, const std::string& where) {
    if (!j.is_object()) return payload_error(where, "must be an object");
    PushedSkm out;
    SkmSubmission& s = out.submission;
    auto str = [&](const char* key, std::string& dest, bool required) -> Status {
        const auto it = j.find(key);
        if (it == j.end() || it->is_null()) {
            if (required) return payload_error(where + "." + key, "missing");
            return ok();
        }
        if (!it->is_string()) return payload_error(where + "." + key, "must be a string");
        dest = it->get_ref<const std::string&>();
        return ok();
    };
    std::string day, code;
    if (auto st = str("id", s.id, true); !st) return st.error();
    if (auto st = str("day", day, true); !st) return st.error();
    if (auto st = str("service", s.service, false); !st) return st.error();
    if (auto st = str("code", code, false); !st) return st.error();
    if (auto st = str("suggestion", s.suggestion, false); !st) return st.error();
    const auto d = parse_date(day);
    if (!d) return payload_error(where + ".day", "must be YYYY-MM-DD");
    out.day = *d;
    if (!code.empty()) {
        auto c = code.size() > 40 ? Result<TrackingCode>(Error{}) : TrackingCode::parse(code);
        if (!c) return payload_error(where + ".code", "not a tracking code");
        s.code = *c;
    }
    const auto scores = j.find("scores");
    if (scores == j.end() || !scores->is_object())
        return payload_error(where + ".scores", "must be an object");
    if (scores->size() > 64) return payload_error(where + ".scores", "at most 64");
    for (const auto& [element, score] : scores->items()) {
        if (!is_int(score))
            return payload_error(where + ".scores." + text::truncate(element, 20),
                                 "must be a whole number");
        s.scores.emplace_back(element,
                              static_cast<int>(std::clamp<std::int64_t>(as_int(score), -1, 100)));
    }
    if (const auto profile = j.find("profile"); profile != j.end() && !profile->is_null()) {
        if (!profile->is_object()) return payload_error(where + ".profile", "must be an object");
        if (profile->size() > 64) return payload_error(where + ".profile", "at most 64");
        for (const auto& [field, option] : profile->items()) {
            if (!option.is_string())
                return payload_error(where + ".profile." + text::truncate(field, 20),
                                     "must be a string");
            s.profile.emplace_back(field, option.get<std::string>());
        }
    }
    return out;
}

} // namespace

Result<std::vector<PushedSkm>> parse_skm_push(std::string_view body) {
    return parse_batch<PushedSkm>(body, sync_limits::kMaxSkmBodyBytes, "responses",
                                  sync_limits::kMaxSkmResponses, parse_skm_one);
}

Result<std::vector<ImportResult>> import_skm_push(Store& store, const Office& office,
                                                  const std::string& kiosk,
                                                  const std::vector<PushedSkm>& batch) {
    // The hub's questionnaire, once per push; missing or broken (an install
    // gone wrong) fails the whole push, sent again later, not each response.
    auto q = skm_questionnaire(office);
    if (!q) return q.error();
    std::vector<ImportResult> results;
    results.reserve(batch.size());
    for (const auto& one : batch) {
        ImportResult r;
        r.id = one.submission.id;
        if (!uuid_shaped(one.submission.id)) {
            r.error = Error{
                ErrorKind::Invalid, "err.sync.id", {{"id", text::truncate(one.submission.id, 40)}}};
            results.push_back(std::move(r));
            continue;
        }
        SkmSubmission s = one.submission;
        s.origin = kiosk;
        s.for_hub = false;
        auto stored = import_skm(store, office, *q, s, one.day);
        if (stored)
            r.outcome = *stored ? ImportResult::Outcome::Stored : ImportResult::Outcome::Duplicate;
        else if (stored.error().kind == ErrorKind::Storage ||
                 stored.error().kind == ErrorKind::Internal ||
                 stored.error().key.rfind("err.store.", 0) == 0)
            return stored.error(); // the hub's failure, not the response's: sent again later
        else
            r.error = stored.error();
        results.push_back(std::move(r));
    }
    return results;
}

// [SECTION] status view -----------------------------------------------------------------

namespace {
// Bounds of a status view read back: an SOP has a dozen steps, a visitor
// text a sentence or two.
constexpr std::size_t kMaxStatusSteps = 64;
constexpr std::size_t kMaxStepText = 2000;
} // namespace

json status_view(const SopProfile& profile, const WorkingCalendar& calendar, const Complaint& c,
                 const std::vector<Event>& events, const std::string& language, TimeMs now) {
    const auto id = visitor_status(profile, calendar, c, events, "id", now);
    const auto en = visitor_status(profile, calendar, c, events, "en", now);
    json steps = json::array();
    for (std::size_t i = 0; i < id.steps.size(); ++i) {
        const auto& s = id.steps[i];
        const std::string& text_en = i < en.steps.size() ? en.steps[i].text : s.text;
        steps.push_back(json{{"number", s.number},
                             {"state", to_string(s.state)},
                             {"text", language == "en" ? text_en : s.text},
                             {"text_id", s.text},
                             {"text_en", text_en},
                             {"finished", iso_or_empty(s.finished)},
                             {"finished_ms", s.finished}});
    }
    return json{{"code", id.code},
                {"status", to_string(id.status)},
                {"submitted", iso_or_empty(id.submitted)},
                {"submitted_ms", id.submitted},
                {"updated", iso_or_empty(id.updated)},
                {"updated_ms", id.updated},
                {"current", id.current},
                {"answer_due", iso_or_empty(id.answer_due)},
                {"answer_due_ms", id.answer_due},
                {"late", id.late},
                {"steps", std::move(steps)}};
}

Result<VisitorStatus> parse_status_view(std::string_view text, const std::string& language) {
    try {
        auto j = parse_bounded(text);
        if (!j || !j->is_object()) return reply_error("status view: not an object");
        const json& o = *j;
        // Each field the kiosk reads is there and of its type, or the whole
        // view is refused (the ISO copies of the times, "text" and fields
        // added later are let by).
        auto field = [](const json& from, const char* k) -> const json* {
            const auto it = from.find(k);
            return it == from.end() ? nullptr : &*it;
        };
        auto str = [&](const json& from, const char* k) -> std::optional<std::string> {
            const json* f = field(from, k);
            if (!f || !f->is_string()) return std::nullopt;
            return f->get<std::string>();
        };
        auto num = [&](const json& from, const char* k) -> std::optional<std::int64_t> {
            const json* f = field(from, k);
            if (!f || !is_int(*f)) return std::nullopt;
            return as_int(*f);
        };
        const auto code = str(o, "code");
        const auto status = str(o, "status");
        const auto submitted = num(o, "submitted_ms");
        const auto updated = num(o, "updated_ms");
        const auto current = num(o, "current");
        const json* steps = field(o, "steps");
        if (!code || !status || !submitted || !updated || !current || !steps || !steps->is_array())
            return reply_error("status view: code, status, submitted_ms, updated_ms, current or "
                               "steps missing or mistyped");
        const auto tc = TrackingCode::parse(*code);
        if (!tc) return reply_error("status view: the code is not a tracking code");
        const auto st = status_from_string(*status);
        if (!st)
            return reply_error("status view: unknown status \"" + text::truncate(*status, 20) +
                               "\"");
        if (*submitted < 0 || *updated < 0) return reply_error("status view: a negative time");
        if (steps->empty() || steps->size() > kMaxStatusSteps)
            return reply_error("status view: " + std::to_string(steps->size()) + " steps");
        VisitorStatus v;
        v.code = tc->grouped();
        v.status = *st;
        v.submitted = *submitted;
        v.updated = *updated;
        // Added later: a hub before them sends neither.
        if (const auto due = num(o, "answer_due_ms"); due && *due > 0) v.answer_due = *due;
        if (const json* late = field(o, "late"); late && late->is_boolean())
            v.late = late->get<bool>();
        for (const auto& js : *steps) {
            if (!js.is_object()) return reply_error("status view: a step is not an object");
            const auto number = num(js, "number");
            const auto state = str(js, "state");
            const auto text_id = str(js, "text_id");
            const auto text_en = str(js, "text_en");
            const auto finished = num(js, "finished_ms");
            if (!number || !state || !text_id || !text_en || !finished)
                return reply_error("status view: a step's number, state, text_id, text_en or "
                                   "finished_ms missing or mistyped");
            VisitorStatus::Step step;
            if (*state == "done")
                step.state = StepView::State::Done;
            else if (*state == "current")
                step.state = StepView::State::Current;
            else if (*state == "pending")
                step.state = StepView::State::Pending;
            else
                return reply_error("status view: unknown step state \"" +
                                   text::truncate(*state, 20) + "\"");
            if (*number < 1 || *number > static_cast<std::int64_t>(kMaxStatusSteps) ||
                *finished < 0)
                return reply_error("status view: a step's number or time out of range");
            step.number = static_cast<int>(*number);
            step.text = language == "en" ? *text_en : *text_id;
            if (step.text.empty() || step.text.size() > kMaxStepText)
                return reply_error("status view: a step's text empty or too long");
            step.finished = *finished;
            v.steps.push_back(std::move(step));
        }
        // The step under way is one of the steps, and says so; -1 when none is.
        if (*current < -1 || *current >= static_cast<std::int64_t>(v.steps.size()) ||
            (*current >= 0 &&
             v.steps[static_cast<std::size_t>(*current)].state != StepView::State::Current))
            return reply_error("status view: current is not a step under way");
        v.current = static_cast<int>(*current);
        return v;
    } catch (const std::exception& e) {
        return reply_error(std::string("status view: ") + e.what());
    }
}

// [SECTION] changes ---------------------------------------------------------------------

std::string changes_body(const ChangesPage& page) {
    json list = json::array();
    for (const auto& c : page.changes) {
        json view = json::parse(c.status_view, nullptr, false);
        if (view.is_discarded()) view = json::object();
        list.push_back(json{{"id", c.id},
                            {"code", c.code},
                            {"status", to_string(c.status)},
                            {"updated_at", c.updated_at},
                            {"status_view", std::move(view)}});
    }
    return json{{"changes", std::move(list)}, {"next", page.next}, {"more", page.more}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
}

Result<ChangesPage> parse_changes(std::string_view body) {
    try {
        auto j = parse_bounded(body);
        if (!j || !j->is_object()) return reply_error("changes: not a JSON object");
        const auto list = j->find("changes");
        const auto next = j->find("next");
        const auto more = j->find("more");
        if (list == j->end() || !list->is_array() || next == j->end() || !next->is_string() ||
            more == j->end() || !more->is_boolean())
            return reply_error("changes: needs changes, next and more");
        ChangesPage page;
        page.next = next->get<std::string>();
        if (!parse_cursor_param(page.next)) return reply_error("changes: bad cursor");
        page.more = more->get<bool>();
        for (const auto& c : *list) {
            if (!c.is_object()) return reply_error("changes: an entry is not an object");
            const auto id = c.find("id"), code = c.find("code"), status = c.find("status"),
                       updated = c.find("updated_at"), view = c.find("status_view");
            if (id == c.end() || !id->is_string() || code == c.end() || !code->is_string() ||
                status == c.end() || !status->is_string() || updated == c.end() ||
                !is_int(*updated) || view == c.end() || !view->is_object())
                return reply_error(
                    "changes: an entry lacks id, code, status, updated_at or status_view");
            const auto st = status_from_string(status->get_ref<const std::string&>());
            const auto tc = TrackingCode::parse(code->get_ref<const std::string&>());
            if (!st || !tc) return reply_error("changes: bad status or code");
            page.changes.push_back(
                StatusChange{id->get<std::string>(), tc->compact(), *st, as_int(*updated),
                             view->dump(-1, ' ', false, json::error_handler_t::replace)});
        }
        return page;
    } catch (const std::exception& e) {
        return reply_error(std::string("changes: ") + e.what());
    }
}

std::optional<std::int64_t> parse_cursor_param(std::string_view since) {
    if (since.empty()) return 0;
    if (since.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(since.data(), since.data() + since.size(), v);
    if (ec != std::errc() || p != since.data() + since.size() || v < 0) return std::nullopt;
    return v;
}

std::string error_body(const Error& e, const Catalog& catalog) {
    return json{{"error", {{"key", e.key}, {"message", catalog.message(e)}}}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
}

Result<ErrorReply> parse_error_body(std::string_view body) {
    try {
        auto j = parse_bounded(body);
        if (!j || !j->is_object()) return reply_error("error body: not a JSON object");
        const auto e = j->find("error");
        if (e == j->end() || !e->is_object()) return reply_error("error body: no error object");
        const auto key = e->find("key"), message = e->find("message");
        if (key == e->end() || !key->is_string() || key->get_ref<const std::string&>().empty() ||
            message == e->end() || !message->is_string())
            return reply_error("error body: no key or message");
        return ErrorReply{key->get<std::string>(), message->get<std::string>()};
    } catch (const std::exception& e) {
        return reply_error(std::string("error body: ") + e.what());
    }
}

// [SECTION] tokens -----------------------------------------------------------------------

namespace {
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kSecretChars = 43; // base64url of 32 bytes, no padding
Error token_error(const std::string& why) {
    return Error{ErrorKind::Denied, "err.sync.token", {}, why};
}
} // namespace

KioskToken make_kiosk_token(const std::string& name) {
    unsigned char raw[kSecretBytes];
    randombytes_buf(raw, sizeof raw);
    std::string secret(
        sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(secret.data(), secret.size(), raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    secret.resize(std::strlen(secret.c_str()));
    sodium_memzero(raw, sizeof raw);
    return KioskToken{name, secret};
}

Result<KioskToken> parse_kiosk_token(std::string_view t) {
    const auto dot = t.rfind('.');
    if (dot == std::string_view::npos) return token_error("no dot");
    KioskToken k{std::string(t.substr(0, dot)), std::string(t.substr(dot + 1))};
    if (!check_kiosk_name(k.name)) return token_error("bad kiosk name");
    if (k.secret.size() != kSecretChars) return token_error("bad secret length");
    if (!base64_decode(k.secret, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
        return token_error("bad secret");
    return k;
}

Result<KioskToken> parse_bearer(std::string_view header) {
    if (header.size() < 7 || text::ascii_lower(header.substr(0, 7)) != "bearer ")
        return token_error("no Bearer authorization");
    std::string_view t = header.substr(7);
    while (!t.empty() && t.front() == ' ')
        t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ')
        t.remove_suffix(1);
    return parse_kiosk_token(t);
}

std::string hash_token_secret(std::string_view secret) {
    unsigned char h[32];
    crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(secret.data()),
                       secret.size(), nullptr, 0);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return std::string(hex, 64);
}

bool verify_token_secret(std::string_view secret, std::string_view stored) {
    const std::string mine = hash_token_secret(secret);
    if (stored.size() != mine.size()) return false;
    return sodium_memcmp(mine.data(), stored.data(), mine.size()) == 0;
}

Status check_kiosk_name(std::string_view name) {
    if (!check_user_name(name))
        return Error{ErrorKind::Invalid, "err.kiosk.name", {{"name", std::string(name)}}};
    return ok();
}

Result<HubAddress> parse_hub_url(const std::string& url) {
    const Error bad{ErrorKind::Invalid, "err.sync.hub_url", {{"url", url}}};
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return bad;
    const std::string scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") return bad;
    const auto path_start = url.find('/', scheme_end + 3);
    HubAddress a;
    a.origin = url.substr(0, path_start);
    if (a.origin.size() <= scheme_end + 3) return bad;
    if (path_start != std::string::npos) a.prefix = url.substr(path_start);
    while (!a.prefix.empty() && a.prefix.back() == '/')
        a.prefix.pop_back();
    return a;
}

} // namespace keluhan
