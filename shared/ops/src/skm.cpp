#include "keluhan/ops/skm.hpp"

#include "keluhan/domain/text.hpp"
#include "keluhan/domain/validate.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace keluhan {
namespace {

constexpr std::size_t kSuggestionMax = 2000;

std::string fixed2(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(";\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (const char ch : s) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

} // namespace

Result<SkmQuestionnaire> skm_questionnaire(const Office& office) {
    return load_skm_questionnaire(office.config.skm_path());
}

namespace {

// The checks every response meets, wherever it comes from; the response
// to keep (its day and id still to be set).
Result<SkmResponse> checked_response(const Office& office, const SkmQuestionnaire& q,
                                     const SkmSubmission& s) {
    std::set<std::string> seen;
    for (const auto& [id, score] : s.scores) {
        if (!q.element(id) || !seen.insert(id).second)
            return Error{ErrorKind::Invalid, "err.skm.element", {{"element", id}}};
        if (score < 1 || score > 4)
            return Error{ErrorKind::Invalid,
                         "err.skm.score",
                         {{"element", q.element(id)->name.id}, {"score", std::to_string(score)}}};
    }
    if (s.scores.empty()) return Error{ErrorKind::Invalid, "err.skm.empty"};
    std::set<std::string> fields;
    for (const auto& answer : s.profile) {
        const std::string& given = answer.second;
        const SkmProfileField* f = q.field(answer.first);
        const bool known = f && std::any_of(f->options.begin(), f->options.end(),
                                            [&](const SkmText& o) { return o.id == given; });
        if (!known || !fields.insert(answer.first).second)
            return Error{
                ErrorKind::Invalid, "err.skm.profile", {{"field", answer.first}, {"value", given}}};
    }
    if (!s.service.empty() &&
        std::find(office.config.services.begin(), office.config.services.end(), s.service) ==
            office.config.services.end())
        return Error{ErrorKind::Invalid,
                     "err.service.unknown",
                     {{"field", "field.service"}, {"value", s.service}}};
    const std::string suggestion = text::trim(s.suggestion);
    if (auto st = check_text("field.skm_suggestion", suggestion, kSuggestionMax, false); !st)
        return st.error();
    if (s.origin.empty() || s.origin.size() > 64)
        return Error{ErrorKind::Invalid, "err.skm.origin"};
    SkmResponse r;
    r.id = s.id;
    r.service = s.service;
    r.scores = s.scores;
    r.profile = s.profile;
    r.suggestion = suggestion;
    r.origin = s.origin;
    r.for_complaint = s.code.has_value();
    return r;
}

} // namespace

Result<std::string> submit_skm(Store& store, const Office& office, const SkmSubmission& s) {
    auto q = skm_questionnaire(office);
    if (!q) return q.error();
    SkmSubmission given = s;
    // Here the complaint is at hand: its service, not who gave it.
    if (given.code && given.service.empty() && !given.for_hub)
        if (auto c = store.find_by_code(*given.code)) given.service = c->service;
    auto r = checked_response(office, *q, given);
    if (!r) return r.error();
    if (r->id.empty()) r->id = new_uuid();
    const TimeMs now = now_ms();
    r->day = office.config.calendar.local_date(now);
    if (s.for_hub) {
        if (auto st = store.queue_skm_response(*r, s.code, q->id, now); !st) return st.error();
    } else if (auto st = store.add_skm_response(*r, s.code, q->id); !st) {
        return st.error();
    }
    return r->id;
}

Result<bool> import_skm(Store& store, const Office& office, const SkmQuestionnaire& q,
                        const SkmSubmission& s, Date day) {
    SkmSubmission given = s;
    if (given.code && given.service.empty()) {
        auto c = store.find_by_code(*given.code);
        if (!c) return c.error();
        given.service = c->service; // the complaint's service, not who gave it
    }
    auto r = checked_response(office, q, given);
    if (!r) return r.error();
    if (r->id.empty()) return Error{ErrorKind::Invalid, "err.skm.id"};
    const Date today = office.config.calendar.local_date(now_ms());
    if (day < Date{2020, 1, 1} || days_from_civil(day) > days_from_civil(today) + 1)
        return Error{ErrorKind::Invalid, "err.skm.day", {{"day", format_date(day)}}};
    r->day = day;
    return store.add_skm_response(*r, given.code, q.id);
}

Result<std::pair<Date, Date>> skm_period(std::string_view text) {
    const std::string t = text::trim(text);
    auto bad = [&] { return Error{ErrorKind::Invalid, "err.skm.period_text", {{"text", t}}}; };
    if (t.size() < 4) return bad();
    int year = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        if (t[i] < '0' || t[i] > '9') return bad();
        year = year * 10 + (t[i] - '0');
    }
    auto last_day = [&](int month) {
        return civil_from_days(
            days_from_civil(month == 12 ? Date{year + 1, 1, 1} : Date{year, month + 1, 1}) - 1);
    };
    if (t.size() == 4) return std::pair{Date{year, 1, 1}, Date{year, 12, 31}};
    if (t[4] != '-') return bad();
    const std::string rest = t.substr(5);
    if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' &&
        rest[1] <= '4') {
        const int q = rest[1] - '0';
        return std::pair{Date{year, 3 * q - 2, 1}, last_day(3 * q)};
    }
    if (rest.size() == 2 && (rest[0] == 'S' || rest[0] == 's') &&
        (rest[1] == '1' || rest[1] == '2')) {
        const int s = rest[1] - '0';
        return std::pair{Date{year, 6 * s - 5, 1}, last_day(6 * s)};
    }
    if (rest.size() == 2 && rest[0] >= '0' && rest[0] <= '1' && rest[1] >= '0' && rest[1] <= '9') {
        const int m = (rest[0] - '0') * 10 + (rest[1] - '0');
        if (m >= 1 && m <= 12) return std::pair{Date{year, m, 1}, last_day(m)};
    }
    return bad();
}

Result<SkmReport> skm_report(Store& store, const Office& office, Date from, Date to) {
    if (to < from || days_from_civil(to) - days_from_civil(from) > 366)
        return Error{ErrorKind::Invalid,
                     "err.skm.period",
                     {{"from", format_date(from)}, {"to", format_date(to)}}};
    auto q = skm_questionnaire(office);
    if (!q) return q.error();
    auto rows = store.skm_responses(from, to);
    if (!rows) return rows.error();
    SkmReport r;
    r.from = from;
    r.to = to;
    r.questionnaire = *q;
    r.index = compute_skm_index(*q, *rows);
    for (const auto& f : q->profile) {
        std::vector<SkmReport::Count> counts;
        for (const auto& o : f.options)
            counts.push_back({o.id, 0});
        counts.push_back({"", 0});
        for (const auto& resp : *rows) {
            std::string given;
            for (const auto& [k, v] : resp.profile)
                if (k == f.id) given = v;
            for (auto& c : counts)
                if (c.option == given) {
                    ++c.n;
                    break;
                }
        }
        r.profile.emplace_back(f.id, std::move(counts));
    }
    for (const auto& resp : *rows) {
        const std::string service = resp.service;
        auto it = std::find_if(r.services.begin(), r.services.end(),
                               [&](const auto& p) { return p.first == service; });
        if (it == r.services.end())
            r.services.emplace_back(service, 1);
        else
            ++it->second;
        if (!resp.suggestion.empty())
            r.suggestions.push_back({resp.day, resp.service, resp.suggestion});
    }
    return r;
}

std::string skm_report_csv(const SkmReport& r, std::string_view lang) {
    const bool en = lang == "en";
    std::string out;
    auto line = [&](std::initializer_list<std::string> cells) {
        bool first = true;
        for (const auto& c : cells) {
            if (!first) out += ';';
            out += csv_field(c);
            first = false;
        }
        out += "\r\n";
    };
    line({en ? "Period" : "Periode", format_date(r.from), format_date(r.to)});
    line({en ? "Respondents" : "Responden", std::to_string(r.index.respondents)});
    line({en ? "Element" : "Unsur", en ? "Name" : "Nama", en ? "Answers" : "Jawaban", "NRR",
          en ? "NRR x 25" : "NRR x 25"});
    for (std::size_t i = 0; i < r.index.elements.size(); ++i) {
        const auto& e = r.index.elements[i];
        const SkmElement* el = r.questionnaire.element(e.id);
        line({e.id, el ? el->name.in(lang) : e.id, std::to_string(e.answers),
              e.answers ? fixed2(e.nrr) : "", e.answers ? fixed2(e.converted) : ""});
    }
    line({"IKM", fixed2(r.index.ikm), fixed2(r.index.converted), std::string(1, r.index.grade)});
    for (const auto& s : r.suggestions)
        line({en ? "Suggestion" : "Saran", format_date(s.day), s.service, s.text});
    return out;
}

} // namespace keluhan
