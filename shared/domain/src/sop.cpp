#include "keluhan/domain/sop.hpp"

#include "keluhan/domain/config.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/timeline.hpp"
#include "keluhan/domain/validate.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace keluhan {
namespace {

constexpr std::string_view kEnd = "selesai";

struct FormName {
    StepForm form;
    std::string_view name;
};
constexpr FormName kForms[] = {
    {StepForm::None, "none"},
    {StepForm::Receive, "receive"},
    {StepForm::Disposition, "disposition"},
    {StepForm::Response, "response"},
    {StepForm::Instruct, "instruct"},
    {StepForm::Draft, "draft"},
    {StepForm::Check, "check"},
    {StepForm::Sign, "sign"},
    {StepForm::Send, "send"},
    {StepForm::Receipt, "receipt"},
    {StepForm::Capa, "capa"},
    {StepForm::Evaluation, "evaluation"},
};

Error sop_error(const std::string& file, int line, std::string reason) {
    return Error{ErrorKind::Invalid,
                 "err.sop.invalid",
                 {{"file", file}, {"line", std::to_string(line)}, {"reason", reason}},
                 file + ":" + std::to_string(line) + ": " + reason};
}

} // namespace

std::string_view to_string(StepForm f) {
    for (const auto& k : kForms)
        if (k.form == f) return k.name;
    return "none";
}

std::optional<StepForm> step_form_from_string(std::string_view s) {
    for (const auto& k : kForms)
        if (k.name == s) return k.form;
    return std::nullopt;
}

const SopStep* SopProfile::step(std::string_view id) const {
    for (const auto& s : steps)
        if (s.id == id) return &s;
    return nullptr;
}

int SopProfile::position(std::string_view id) const {
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].id == id) return static_cast<int>(i) + 1;
    return 0;
}

Result<SopProfile> parse_sop_profile(std::string_view text, const std::string& source) {
    toml::table doc;
    try {
        doc = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        return sop_error(source, static_cast<int>(e.source().begin.line),
                         std::string(e.description()));
    }
    SopProfile p;
    p.source = source;
    p.name = std::filesystem::path(source).stem().string();

    const auto* head = doc["sop"].as_table();
    if (!head) return sop_error(source, 1, "missing [sop] table");
    const int head_line = static_cast<int>(head->source().begin.line);
    for (const auto& [key, val] : *head) {
        if (key != "title" && key != "number" && key != "office")
            return sop_error(source, static_cast<int>(val.source().begin.line),
                             "unknown key sop." + std::string(key.str()));
    }
    auto head_str = [&](const char* key, std::string& out) -> Status {
        const auto* v = head->get(key);
        if (!v) return sop_error(source, head_line, std::string("missing field sop.") + key);
        if (!v->is_string())
            return sop_error(source, static_cast<int>(v->source().begin.line),
                             std::string("sop.") + key + " must be text");
        out = v->as_string()->get();
        return ok();
    };
    if (auto st = head_str("title", p.title); !st) return st.error();
    if (auto st = head_str("number", p.number); !st) return st.error();
    if (auto st = head_str("office", p.office); !st) return st.error();

    for (const auto& [key, val] : doc)
        if (key != "sop" && key != "step")
            return sop_error(source, static_cast<int>(val.source().begin.line),
                             "unknown table or key " + std::string(key.str()));

    const auto* arr = doc["step"].as_array();
    if (!arr || arr->empty()) return sop_error(source, head_line, "no [[step]] tables");
    if (arr->size() < 2) return sop_error(source, head_line, "an SOP needs at least two steps");

    static const std::set<std::string, std::less<>> known_keys = {
        "id",        "no",      "actor",      "recorded_by",   "action",   "kelengkapan",
        "waktu",     "output",  "form",       "note_required", "register", "next",
        "return_to", "visitor", "visitor_en", "capa"};

    for (const auto& node : *arr) {
        const auto* t = node.as_table();
        const int line = static_cast<int>(node.source().begin.line);
        if (!t) return sop_error(source, line, "a step must be a table");
        for (const auto& [key, val] : *t)
            if (!known_keys.count(key.str()))
                return sop_error(source, static_cast<int>(val.source().begin.line),
                                 "unknown key " + std::string(key.str()));
        SopStep s;
        s.line = line;
        auto str = [&](const char* key, std::string& out, bool required) -> Status {
            const auto* v = t->get(key);
            if (!v) {
                if (required) return sop_error(source, line, std::string("missing field ") + key);
                return ok();
            }
            if (!v->is_string())
                return sop_error(source, static_cast<int>(v->source().begin.line),
                                 std::string(key) + " must be text");
            out = v->as_string()->get();
            if (required && out.empty())
                return sop_error(source, static_cast<int>(v->source().begin.line),
                                 std::string(key) + " is empty");
            return ok();
        };
        std::string actor, recorded_by, waktu, form = "none";
        for (auto [key, out, req] :
             std::initializer_list<std::tuple<const char*, std::string*, bool>>{
                 {"id", &s.id, true},
                 {"actor", &actor, true},
                 {"action", &s.action, true},
                 {"kelengkapan", &s.kelengkapan, true},
                 {"waktu", &waktu, true},
                 {"output", &s.output, true},
                 {"next", &s.next, true},
                 {"visitor", &s.visitor_text_id, true},
                 {"visitor_en", &s.visitor_text_en, true},
                 {"recorded_by", &recorded_by, false},
                 {"form", &form, false},
                 {"return_to", &s.return_to, false}}) {
            if (auto st = str(key, *out, req); !st) return st.error();
        }
        const auto* no = t->get("no");
        if (!no) return sop_error(source, line, "missing field no");
        if (!no->is_integer() || no->as_integer()->get() < 1)
            return sop_error(source, static_cast<int>(no->source().begin.line),
                             "no must be a positive whole number");
        s.number = static_cast<int>(no->as_integer()->get());
        if (const auto* nr = t->get("note_required")) {
            if (!nr->is_boolean())
                return sop_error(source, static_cast<int>(nr->source().begin.line),
                                 "note_required must be true or false");
            s.note_required = nr->as_boolean()->get();
        }
        if (const auto* rg = t->get("register")) {
            if (!rg->is_boolean())
                return sop_error(source, static_cast<int>(rg->source().begin.line),
                                 "register must be true or false");
            s.assigns_register = rg->as_boolean()->get();
        }
        if (const auto* cp = t->get("capa")) {
            const int cline = static_cast<int>(cp->source().begin.line);
            const auto* list = cp->as_array();
            if (!list || list->empty())
                return sop_error(source, cline, "capa must be a non-empty list of CAPA fields");
            for (const auto& e : *list) {
                const auto name = e.is_string() ? e.as_string()->get() : std::string();
                const auto f = capa_field_from_string(name);
                if (!f)
                    return sop_error(source, cline,
                                     "unknown CAPA field \"" + name +
                                         "\" (root_cause, correction, corrective_action, "
                                         "preventive_action, responsible, due_date, effective, "
                                         "effectiveness, notulen, checked_on)");
                if (std::find(s.capa.begin(), s.capa.end(), *f) != s.capa.end())
                    return sop_error(source, cline, "CAPA field \"" + name + "\" listed twice");
                s.capa.push_back(*f);
            }
        }
        auto line_of = [&](const char* key) {
            const auto* v = t->get(key);
            return v ? static_cast<int>(v->source().begin.line) : line;
        };
        const auto role = role_from_string(actor);
        if (!role) return sop_error(source, line_of("actor"), "unknown role \"" + actor + "\"");
        if (*role == Role::Administrator)
            return sop_error(source, line_of("actor"), "the administrator does not act in an SOP");
        s.actor = *role;
        if (!recorded_by.empty()) {
            const auto rb = role_from_string(recorded_by);
            if (!rb || *rb == Role::Pelanggan || *rb == Role::Administrator)
                return sop_error(source, line_of("recorded_by"),
                                 "unknown or unsuitable role \"" + recorded_by + "\"");
            s.recorded_by = *rb;
        }
        auto dur = Duration::parse(waktu);
        if (!dur) return sop_error(source, line_of("waktu"), "bad standard time \"" + waktu + "\"");
        s.standard_time = *dur;
        const auto f = step_form_from_string(form);
        if (!f) return sop_error(source, line_of("form"), "unknown form \"" + form + "\"");
        s.form = *f;
        if (s.form == StepForm::Disposition || s.form == StepForm::Response ||
            s.form == StepForm::Capa || s.form == StepForm::Evaluation)
            s.note_required = true;
        // An evaluation recorded in CAPA fields (the notulen) needs no note besides.
        if (s.form == StepForm::Evaluation && !s.capa.empty() && !t->get("note_required"))
            s.note_required = false;
        if (p.step(s.id))
            return sop_error(source, line_of("id"), "duplicate step id \"" + s.id + "\"");
        if (s.id == kEnd)
            return sop_error(source, line_of("id"), "\"selesai\" is reserved for the end");
        p.steps.push_back(std::move(s));
    }

    // The first step is the customer's submission; a customer step after it
    // must say which staff role records it.
    if (p.steps.front().actor != Role::Pelanggan)
        return sop_error(source, p.steps.front().line,
                         "the first step must be the customer's (actor = \"pelanggan\")");
    for (std::size_t i = 1; i < p.steps.size(); ++i)
        if (p.steps[i].actor == Role::Pelanggan && !p.steps[i].recorded_by)
            return sop_error(source, p.steps[i].line,
                             "a customer step needs recorded_by (the staff role that records it)");

    if (!p.steps.front().capa.empty())
        return sop_error(source, p.steps.front().line,
                         "the customer's submission cannot ask for corrective action (capa)");
    for (const auto& s : p.steps)
        if (!s.capa.empty() && s.actor == Role::Pelanggan)
            return sop_error(source, s.line,
                             "a customer step cannot ask for corrective action (capa)");

    const auto registering = std::count_if(p.steps.begin(), p.steps.end(),
                                           [](const SopStep& s) { return s.assigns_register; });
    if (registering != 1)
        return sop_error(source, head_line,
                         "exactly one step must give the register number (register = true)");
    if (p.steps.front().assigns_register)
        return sop_error(source, p.steps.front().line,
                         "the register number is given by staff, not at submission");
    for (const auto& s : p.steps) {
        if (s.next != kEnd && !p.step(s.next))
            return sop_error(source, s.line, "next step \"" + s.next + "\" does not exist");
        if (s.next == s.id) return sop_error(source, s.line, "a step cannot be its own next step");
        if (!s.return_to.empty()) {
            if (!p.step(s.return_to))
                return sop_error(source, s.line,
                                 "return_to \"" + s.return_to + "\" does not exist");
            if (p.position(s.return_to) >= p.position(s.id))
                return sop_error(source, s.line, "return_to must name an earlier step");
        }
    }
    // Every step must lead to the end by its next links (a return is never
    // the only way out), and every step must be reachable from the first.
    for (const auto& s : p.steps) {
        std::set<std::string> seen;
        const SopStep* cur = &s;
        while (true) {
            if (!seen.insert(cur->id).second)
                return sop_error(source, s.line,
                                 "steps \"" + s.id + "\" ... \"" + cur->id +
                                     "\" form a cycle without exit to \"selesai\"");
            if (cur->next == kEnd) break;
            cur = p.step(cur->next);
        }
    }
    std::set<std::string> reach;
    std::vector<std::string> todo{p.steps.front().id};
    while (!todo.empty()) {
        const auto id = todo.back();
        todo.pop_back();
        if (id == kEnd || !reach.insert(id).second) continue;
        const SopStep* s = p.step(id);
        todo.push_back(s->next);
        if (!s->return_to.empty()) todo.push_back(s->return_to);
    }
    for (const auto& s : p.steps)
        if (!reach.count(s.id))
            return sop_error(source, s.line, "step \"" + s.id + "\" can never be reached");
    return p;
}

Result<SopProfile> load_sop_profile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{ErrorKind::NotFound, "err.sop.not_found", {{"file", file.string()}}};
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_sop_profile(ss.str(), file.string());
}

std::vector<SopCatalogEntry> list_sop_profiles(const std::filesystem::path& dir) {
    std::vector<SopCatalogEntry> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".toml")
            out.push_back({e.path().stem().string(), e.path()});
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
    return out;
}

// --- engine --------------------------------------------------------------

Status SopEngine::may_act(const Complaint& c, const Actor& actor) const {
    if (c.status == ComplaintStatus::Closed || c.current_step.empty())
        return Error{ErrorKind::Conflict, "err.sop.closed", {{"code", c.code}}};
    const SopStep* step = profile_.step(c.current_step);
    if (!step)
        return Error{ErrorKind::Internal, "err.sop.unknown_step", {{"step", c.current_step}}};
    const Role needed = acting_role(*step);
    if (actor.on_behalf_of) {
        if (!opt_.allow_on_behalf) return Error{ErrorKind::Denied, "err.sop.on_behalf_off"};
        if (actor.role != Role::StafPji) return Error{ErrorKind::Denied, "err.sop.on_behalf_staff"};
        if (*actor.on_behalf_of != needed)
            return Error{ErrorKind::Denied,
                         "err.sop.wrong_role",
                         {{"step", step->action},
                          {"needed", std::string(role_title(needed))},
                          {"role", std::string(role_title(*actor.on_behalf_of))}}};
        return ok();
    }
    if (actor.role != needed)
        return Error{ErrorKind::Denied,
                     "err.sop.wrong_role",
                     {{"step", step->action},
                      {"needed", std::string(role_title(needed))},
                      {"role", std::string(role_title(actor.role))}}};
    // A disposition routed it to one related function: that function's
    // coordinator acts, not another's.
    if (needed == Role::KoordinatorTerkait && other_function(actor.function, c.function))
        return Error{
            ErrorKind::Denied,
            "err.sop.other_function",
            {{"code", grouped_code(c.code)}, {"function", c.function}, {"mine", actor.function}}};
    return ok();
}

TimeMs SopEngine::due(const std::string& step_id, TimeMs started) const {
    const SopStep* s = profile_.step(step_id);
    return s ? calendar_.add(started, s->standard_time) : 0;
}

TimeMs SopEngine::answer_due(TimeMs submitted) const {
    TimeMs t = submitted;
    const SopStep* step = profile_.step(profile_.first().next);
    // A profile is checked to end, but a bound keeps a bad one from looping.
    for (std::size_t hops = 0; step && hops <= profile_.steps.size(); ++hops) {
        t = calendar_.add(t, step->standard_time);
        if (step->form == StepForm::Receipt || step->next == kEnd) break;
        step = profile_.step(step->next);
    }
    return t;
}

namespace {
Event make_event(const char* kind, const SopStep& step, const Actor& actor, std::string note,
                 TimeMs now) {
    Event e;
    e.kind = kind;
    e.step_id = step.id;
    e.actor = actor.name;
    e.actor_role = std::string(to_string(actor.role));
    if (actor.on_behalf_of) e.on_behalf_of = std::string(to_string(*actor.on_behalf_of));
    e.note = std::move(note);
    e.at = now;
    return e;
}
} // namespace

Result<Transition> SopEngine::complete(const Complaint& c, const Actor& actor,
                                       const std::string& note, TimeMs now) const {
    if (auto st = may_act(c, actor); !st) return st.error();
    const SopStep& step = *profile_.step(c.current_step);
    if (auto st = check_text("field.note", note, kMaxNoteChars, step.note_required); !st)
        return st.error();
    Transition t;
    t.kind = Transition::Kind::Complete;
    t.from_step = step.id;
    t.to_step = step.next == kEnd ? std::string() : step.next;
    t.at = now;
    t.due_at = t.to_step.empty() ? 0 : due(t.to_step, now);
    t.assign_register_number = step.assigns_register;
    t.assign_letter_number = step.form == StepForm::Sign;
    t.event = make_event("complete", step, actor, note, now);
    return t;
}

Result<Transition> SopEngine::send_back(const Complaint& c, const Actor& actor,
                                        const std::string& note, TimeMs now,
                                        const std::vector<Event>& history) const {
    if (auto st = may_act(c, actor); !st) return st.error();
    const SopStep& step = *profile_.step(c.current_step);
    if (step.return_to.empty())
        return Error{ErrorKind::Invalid, "err.sop.no_return", {{"step", step.action}}};
    if (auto st = check_text("field.return_reason", note, kMaxNoteChars, true); !st)
        return st.error();
    Transition t;
    t.kind = Transition::Kind::Return;
    t.from_step = step.id;
    t.to_step = step.return_to;
    t.at = now;
    t.event = make_event("return", step, actor, note, now);
    // The step sent back to resumes its own clock (see timeline()).
    std::vector<Event> after = history;
    after.push_back(t.event);
    const auto steps = timeline(profile_, calendar_, after, now);
    const int pos = profile_.position(t.to_step);
    t.due_at = steps.at(static_cast<std::size_t>(pos - 1)).due;
    return t;
}

Transition SopEngine::start(TimeMs now) const {
    const SopStep& first = profile_.first();
    Transition t;
    t.from_step = first.id;
    t.to_step = first.next == kEnd ? std::string() : first.next;
    t.at = now;
    t.due_at = t.to_step.empty() ? 0 : due(t.to_step, now);
    t.event =
        make_event("submit", first, Actor{"pelanggan", Role::Pelanggan, std::nullopt}, {}, now);
    return t;
}

} // namespace keluhan
