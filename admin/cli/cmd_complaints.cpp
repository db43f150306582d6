// keluhan init | submit | list | show | advance | demo
#include "commands.hpp"

#include "keluhan/domain/json.hpp"
#include "keluhan/domain/read_file.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/ops/capa.hpp"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

namespace keluhan::cli {
namespace {

using nlohmann::json;

// --- init -------------------------------------------------------------------

int run_init(Context& ctx) {
    int code = kOk;
    auto store = ctx.open_write(/*create=*/true, code);
    if (!store) return code;
    if (ctx.globals().json)
        std::cout << json{{"database", ctx.globals().db},
                          {"schema_version", store->schema_version()}}
                  << "\n";
    else
        std::cout << ctx.tr("cli.init.done", {{"path", ctx.globals().db},
                                              {"version", std::to_string(store->schema_version())}})
                  << "\n";
    return kOk;
}

// --- submit -----------------------------------------------------------------

struct SubmitOptions {
    std::string channel = "tertulis", name, organization, phone, email, service, reference,
                description, expectation, origin = "cli";
    bool anonymous = false, consent = false, from_stdin = false;
    std::vector<std::string> attach;
};

std::string media_type_for(const std::filesystem::path& p) {
    const auto ext = text::ascii_lower(p.extension().string());
    if (ext == ".wav") return "audio/wav";
    if (ext == ".ogg" || ext == ".opus") return "audio/ogg";
    if (ext == ".mp3") return "audio/mpeg";
    if (ext == ".pdf") return "application/pdf";
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    return "application/octet-stream";
}

int run_submit(Context& ctx, const SubmitOptions& o) {
    Submission s;
    if (o.from_stdin) {
        // A submission is a form's worth of text: 1 MiB is far past any.
        auto text = read_stdin(1024 * 1024);
        if (!text) return ctx.fail(text.error());
        auto parsed = parse_submission(*text);
        if (!parsed) return ctx.fail(parsed.error());
        s = std::move(parsed).value();
    } else {
        const auto ch = channel_from_string(o.channel);
        if (!ch)
            return ctx.fail(
                Error{ErrorKind::Invalid, "err.channel.unknown", {{"value", o.channel}}});
        s.channel = *ch;
        s.complainant = {o.anonymous, o.name, o.organization, o.phone, o.email};
        s.service = o.service;
        s.reference = o.reference;
        s.description = o.description;
        s.expectation = o.expectation;
        s.consent = o.consent;
    }
    s.origin = o.origin;
    for (const auto& file : o.attach) {
        // A folder, a device or a file over the attachment limit is refused
        // by name before anything is read into memory.
        auto bytes = read_regular_file(file, ctx.office().config.limits.attachment_max_bytes);
        if (!bytes) return ctx.fail(bytes.error());
        Attachment a;
        a.media_type = media_type_for(file);
        a.filename = std::filesystem::path(file).filename().string();
        a.data.assign(bytes->begin(), bytes->end());
        s.attachments.push_back(std::move(a));
    }
    // Refuse bad input before touching the database.
    if (auto st = validate_submission(s, ctx.office().config.limits, ctx.office().config.services);
        !st)
        return ctx.fail(st.error());
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto r = submit_complaint(*store, ctx.office(), s);
    if (!r) return ctx.fail(r.error());
    if (ctx.globals().json) {
        std::cout << json{{"code", r->code.grouped()},
                          {"id", r->complaint.id},
                          {"created_at", format_iso_utc(r->complaint.created_at)},
                          {"current_step", r->complaint.current_step},
                          {"due_at", format_iso_utc(r->complaint.due_at)}}
                  << "\n";
    } else {
        std::cout << r->code.grouped() << "\n";
    }
    return kOk;
}

// --- list -------------------------------------------------------------------

struct ListOptions {
    std::string status, service, channel, step, from, to, search, sort = "newest", after;
    bool overdue = false, all = false;
    int limit = 50;
};

int run_list(Context& ctx, const ListOptions& o) {
    const auto& cal = ctx.office().config.calendar;
    ListQuery q;
    q.now = now_ms();
    if (!o.status.empty()) {
        q.status = status_from_string(o.status);
        if (!q.status)
            return ctx.fail(Error{ErrorKind::Invalid, "err.status.unknown", {{"value", o.status}}});
    }
    if (!o.channel.empty()) {
        q.channel = channel_from_string(o.channel);
        if (!q.channel)
            return ctx.fail(
                Error{ErrorKind::Invalid, "err.channel.unknown", {{"value", o.channel}}});
    }
    q.service = o.service;
    q.step = o.step;
    q.text = o.search;
    q.overdue_only = o.overdue;
    q.limit = o.limit;
    if (!o.after.empty()) q.after = o.after;
    for (auto [text, out, add_day] :
         {std::tuple{&o.from, &q.from, 0}, std::tuple{&o.to, &q.to, 1}}) {
        if (text->empty()) continue;
        auto d = parse_date(*text);
        if (!d) return ctx.fail(d.error());
        *out = cal.from_local(civil_from_days(days_from_civil(*d) + add_day), 0);
    }
    if (o.sort == "newest")
        q.sort = ListQuery::Sort::Newest;
    else if (o.sort == "oldest")
        q.sort = ListQuery::Sort::Oldest;
    else if (o.sort == "due")
        q.sort = ListQuery::Sort::DueSoonest;
    else
        return ctx.fail(Error{ErrorKind::Invalid, "err.list.sort", {{"value", o.sort}}});

    int code = kOk;
    auto store = ctx.open_read(code);
    if (!store) return code;
    json rows = json::array();
    std::vector<Complaint> all;
    std::optional<std::string> next;
    do {
        auto page = store->list(q);
        if (!page) return ctx.fail(page.error());
        for (auto& c : page->rows)
            all.push_back(std::move(c));
        next = page->next;
        q.after = next;
    } while (o.all && next);

    if (ctx.globals().json) {
        for (const auto& c : all)
            rows.push_back(to_json(c, cal, true));
        json out{{"complaints", rows}};
        if (next) out["next"] = *next;
        std::cout << out.dump(2) << "\n";
        return kOk;
    }
    if (all.empty()) {
        std::cout << ctx.tr("cli.list.empty") << "\n";
        return kOk;
    }
    for (const auto& c : all) {
        const auto tc = TrackingCode::parse(c.code);
        const SopStep* step = ctx.office().profile.step(c.current_step);
        const bool late = c.status == ComplaintStatus::Open && c.due_at < q.now;
        std::cout << (tc ? tc->grouped() : c.code) << "  "
                  << (c.register_number.empty() ? "-" : c.register_number) << "  "
                  << cal.format(c.created_at) << "  "
                  << (c.complainant.anonymous ? ctx.tr("label.anonymous") : c.complainant.name)
                  << "  " << ctx.tr("service." + c.service) << "  "
                  << ctx.tr("channel." + std::string(to_string(c.channel))) << "  "
                  << (step ? std::to_string(step->number) + ". " + text::truncate(step->action, 40)
                           : ctx.tr("status.closed"))
                  << (late ? "  [" + ctx.tr("label.late") + "]" : "") << "\n";
    }
    if (next) std::cout << ctx.tr("cli.list.more", {{"cursor", *next}}) << "\n";
    return kOk;
}

// --- show -------------------------------------------------------------------

struct ShowOptions {
    std::string code;
};

int run_show(Context& ctx, const ShowOptions& o) {
    auto tc = TrackingCode::parse(o.code);
    if (!tc) return ctx.fail(tc.error());
    int code = kOk;
    auto store = ctx.open_read(code);
    if (!store) return code;
    auto c = store->find_by_code(*tc);
    if (!c) return ctx.fail(c.error());
    auto events = store->events(c->seq);
    if (!events) return ctx.fail(events.error());
    auto files = store->attachments(c->seq, false);
    if (!files) return ctx.fail(files.error());
    const auto& office = ctx.office();
    auto profile = c->sop == office.profile.name
                       ? Result<SopProfile>(office.profile)
                       : load_sop_profile(office.config.assets_dir / "sop" / (c->sop + ".toml"));
    if (!profile) return ctx.fail(profile.error());
    const auto steps = timeline(*profile, office.config.calendar, *events, now_ms());
    const auto& cal = office.config.calendar;
    auto capa = store->capa(c->seq); // corrective and preventive action, where the SOP asks for it
    if (!capa) return ctx.fail(capa.error());
    if (ctx.globals().json) {
        json j = to_json(*c, cal, true);
        j["steps"] = json::array();
        for (const auto& s : steps)
            j["steps"].push_back(to_json(s));
        j["events"] = json::array();
        for (const auto& e : *events)
            j["events"].push_back(to_json(e));
        j["attachments"] = json::array();
        for (const auto& a : *files)
            j["attachments"].push_back(
                {{"id", a.id}, {"media_type", a.media_type}, {"filename", a.filename}});
        j["capa"] = *capa ? to_json(**capa) : json(nullptr);
        std::cout << j.dump(2) << "\n";
        return kOk;
    }
    auto line = [&](const char* key, const std::string& value) {
        std::cout << std::left << std::setw(22) << ctx.tr(key) << value << "\n";
    };
    line("label.code", tc->grouped());
    line("label.register_number", c->register_number.empty() ? "-" : c->register_number);
    line("label.date", cal.format(c->created_at));
    line("label.channel", ctx.tr("channel." + std::string(to_string(c->channel))));
    line("label.service", ctx.tr("service." + c->service));
    line("label.name", c->complainant.anonymous ? ctx.tr("label.anonymous") : c->complainant.name);
    if (!c->complainant.anonymous) {
        line("label.organization", c->complainant.organization);
        line("label.phone", c->complainant.phone);
        line("label.email", c->complainant.email);
    }
    line("label.reference", c->reference.empty() ? "-" : c->reference);
    line("label.status", ctx.tr("status." + std::string(to_string(c->status))));
    if (!c->function.empty()) line("label.function", c->function);
    std::cout << "\n" << ctx.tr("label.description") << ":\n" << c->description << "\n";
    if (!c->expectation.empty())
        std::cout << "\n" << ctx.tr("label.expectation") << ":\n" << c->expectation << "\n";
    for (const auto& a : *files)
        std::cout << "\n"
                  << ctx.tr("label.attachment") << ": " << a.filename << " (" << a.media_type
                  << ")\n";
    std::cout << "\n";
    print_timeline(ctx, *c, steps);
    if (*capa) {
        std::cout << "\n";
        print_capa(ctx, **capa);
    }
    std::cout << "\n" << ctx.tr("label.events") << ":\n";
    for (const auto& e : *events) {
        std::cout << "  " << cal.format(e.at) << "  " << e.kind << "  " << e.step_id << "  "
                  << e.actor;
        if (!e.on_behalf_of.empty())
            std::cout << " (" << ctx.tr("label.on_behalf_of") << " "
                      << role_title(role_from_string(e.on_behalf_of).value_or(Role::StafPji))
                      << ")";
        if (!e.note.empty()) std::cout << "  \"" << text::truncate(e.note, 80) << "\"";
        std::cout << "\n";
    }
    return kOk;
}

// --- advance ------------------------------------------------------------------

struct AdvanceOptions {
    std::string code, user, note, on_behalf_of, function;
    bool send_back = false;
};

int run_advance(Context& ctx, const AdvanceOptions& o) {
    auto tc = TrackingCode::parse(o.code);
    if (!tc) return ctx.fail(tc.error());
    std::optional<Role> behalf;
    if (!o.on_behalf_of.empty()) {
        behalf = role_from_string(o.on_behalf_of);
        if (!behalf)
            return ctx.fail(
                Error{ErrorKind::Invalid, "err.role.unknown", {{"value", o.on_behalf_of}}});
    }
    if (auto st = check_text("field.note", o.note, ctx.office().config.limits.note_max, false); !st)
        return ctx.fail(st.error());
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto user = ctx.sign_in(*store, o.user, code);
    if (!user) return code;
    AdvanceRequest req{o.note, o.send_back, behalf, {}};
    req.function = o.function;
    auto c = advance_complaint(*store, ctx.office(), *user, *tc, req);
    if (!c) return ctx.fail(c.error());
    const SopStep* next = ctx.office().profile.step(c->current_step);
    if (ctx.globals().json) {
        std::cout << json{{"code", tc->grouped()},
                          {"status", to_string(c->status)},
                          {"current_step", c->current_step},
                          {"register_number", c->register_number},
                          {"due_at", c->due_at ? format_iso_utc(c->due_at) : ""}}
                  << "\n";
    } else if (next) {
        std::cout << ctx.tr(o.send_back ? "cli.advance.returned" : "cli.advance.done",
                            {{"code", tc->grouped()},
                             {"step", std::to_string(next->number) + ". " + next->action},
                             {"role", std::string(role_title(SopEngine::acting_role(*next)))},
                             {"due", ctx.office().config.calendar.format(c->due_at)}})
                  << "\n";
        if (!c->register_number.empty() && o.send_back == false)
            std::cout << ctx.tr("label.register_number") << ": " << c->register_number << "\n";
    } else {
        std::cout << ctx.tr("cli.advance.closed", {{"code", tc->grouped()}}) << "\n";
    }
    return kOk;
}

// --- summary ------------------------------------------------------------------

struct SummaryOptions {
    std::string code, user, text;
    bool from_stdin = false;
};

int run_summary(Context& ctx, const SummaryOptions& o) {
    auto tc = TrackingCode::parse(o.code);
    if (!tc) return ctx.fail(tc.error());
    std::string text = o.text;
    if (o.from_stdin) {
        auto in = read_stdin(1024 * 1024);
        if (!in) return ctx.fail(in.error());
        text = std::move(in).value();
    }
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto user = ctx.sign_in(*store, o.user, code);
    if (!user) return code;
    auto c = record_spoken_summary(*store, ctx.office(), *user, *tc, text);
    if (!c) return ctx.fail(c.error());
    if (ctx.globals().json)
        std::cout << json{{"code", tc->grouped()}, {"description", c->description}} << "\n";
    else
        std::cout << ctx.tr("admin.summary.saved", {{"code", tc->grouped()}}) << "\n";
    return kOk;
}

// --- letter-number -------------------------------------------------------------

struct LetterNumberOptions {
    std::string code, user, number;
};

int run_letter_number(Context& ctx, const LetterNumberOptions& o) {
    auto tc = TrackingCode::parse(o.code);
    if (!tc) return ctx.fail(tc.error());
    int code = kOk;
    auto store = ctx.open_write(false, code);
    if (!store) return code;
    auto user = ctx.sign_in(*store, o.user, code);
    if (!user) return code;
    auto c = record_letter_number(*store, ctx.office(), *user, *tc, o.number);
    if (!c) return ctx.fail(c.error());
    const std::string number = text::trim(o.number);
    if (ctx.globals().json)
        std::cout << json{{"code", tc->grouped()}, {"letter_number", number}} << "\n";
    else
        std::cout << ctx.tr("admin.letter_number.saved",
                            {{"code", tc->grouped()}, {"number", number}})
                  << "\n";
    return kOk;
}

} // namespace

void print_timeline(const Context& ctx, const Complaint& c, const std::vector<StepView>& steps) {
    const auto& cal = ctx.office().config.calendar;
    std::cout << ctx.tr("label.timeline") << " (" << c.sop << "):\n";
    for (const auto& v : steps) {
        const char* mark = v.state == StepView::State::Done      ? "[x]"
                           : v.state == StepView::State::Current ? "[>]"
                                                                 : "[ ]";
        std::cout << "  " << mark << " " << std::setw(2) << v.step->number << ". "
                  << role_title(v.step->actor) << ": " << v.step->action << "\n";
        std::cout << "        " << ctx.tr("label.standard_time") << " "
                  << v.step->standard_time.to_string();
        if (v.state != StepView::State::Pending && v.due != 0) {
            std::cout << ", " << ctx.tr("label.actual_time") << " " << v.working_minutes << " "
                      << ctx.tr("label.minutes") << ", " << ctx.tr("label.due") << " "
                      << cal.format(v.due);
            if (v.late) std::cout << "  [" << ctx.tr("label.late") << "]";
        }
        if (v.returned > 0)
            std::cout << "  (" << ctx.tr("label.returned", {{"n", std::to_string(v.returned)}})
                      << ")";
        std::cout << "\n";
    }
}

void add_complaint_commands(CLI::App& app, Runner& run) {
    auto* init = app.add_subcommand("init", "Create or upgrade the database (harmless to repeat)");
    init->callback([&run] { run = run_init; });

    auto so = std::make_shared<SubmitOptions>();
    auto* submit = app.add_subcommand(
        "submit",
        "Record a complaint from flags, or JSON on stdin (--stdin); prints its tracking code");
    submit->add_option("--channel", so->channel, "tertulis, lisan or elektronik")
        ->capture_default_str();
    submit->add_option("--name", so->name, "Complainant's name");
    submit->add_option("--organization", so->organization, "Company or organization");
    submit->add_option("--phone", so->phone, "Phone number");
    submit->add_option("--email", so->email, "E-mail address");
    submit->add_flag("--anonymous", so->anonymous, "Submit without personal data");
    submit->add_option("--service", so->service, "Service concerned (see config: services)");
    submit->add_option("--reference", so->reference, "Order or test-report number");
    submit->add_option("--description", so->description, "The complaint itself");
    submit->add_option("--expectation", so->expectation, "What the complainant expects");
    submit->add_flag("--consent", so->consent, "The complainant accepted the privacy notice");
    submit->add_option("--attach", so->attach, "Attach a file (e.g. a voice recording .wav)");
    submit->add_option("--origin", so->origin, "Where it was taken (device name)")
        ->capture_default_str();
    submit->add_flag("--stdin", so->from_stdin,
                     "Read {\"channel\",\"name\",...,\"consent\"} JSON from standard input");
    submit->callback([&run, so] { run = [so](Context& c) { return run_submit(c, *so); }; });

    auto lo = std::make_shared<ListOptions>();
    auto* list = app.add_subcommand("list", "The register of complaints, newest first");
    list->add_option("--status", lo->status, "open or closed");
    list->add_option("--service", lo->service, "Only this service");
    list->add_option("--channel", lo->channel, "tertulis, lisan or elektronik");
    list->add_option("--step", lo->step, "Only complaints at this SOP step (id)");
    list->add_option("--from", lo->from, "Submitted on or after this date (YYYY-MM-DD)");
    list->add_option("--to", lo->to, "Submitted on or before this date (YYYY-MM-DD)");
    list->add_option("--search", lo->search,
                     "Words in the complaint, expectation, name, organization or reference");
    list->add_flag("--overdue", lo->overdue, "Only open complaints past their step's due time");
    list->add_option("--sort", lo->sort, "newest, oldest or due")->capture_default_str();
    list->add_option("--limit", lo->limit, "Rows per page (1-1000)")->capture_default_str();
    list->add_option("--after", lo->after,
                     "Continue after this cursor (printed at the end of a page)");
    list->add_flag("--all", lo->all, "Every page, not just the first");
    list->callback([&run, lo] { run = [lo](Context& c) { return run_list(c, *lo); }; });

    auto sh = std::make_shared<ShowOptions>();
    auto* show = app.add_subcommand(
        "show", "One complaint: its data, SOP steps with standard and actual times, and events");
    show->add_option("code", sh->code, "Tracking code")->required();
    show->callback([&run, sh] { run = [sh](Context& c) { return run_show(c, *sh); }; });

    auto ao = std::make_shared<AdvanceOptions>();
    auto* adv = app.add_subcommand(
        "advance",
        "Complete the current SOP step as a user (password from KELUHAN_PASSWORD or a prompt)");
    adv->add_option("code", ao->code, "Tracking code")->required();
    adv->add_option("--user", ao->user, "User name")->required();
    adv->add_option("--note", ao->note, "Note: disposition, response, reason for return, ...");
    adv->add_flag("--return", ao->send_back,
                  "Send the checked work back for revision (needs --note)");
    adv->add_option("--function", ao->function,
                    "At the disposition: the related function it goes to (office.functions)");
    adv->add_option("--on-behalf-of", ao->on_behalf_of,
                    "Staff recording an official's paper decision: that official's role");
    adv->callback([&run, ao] { run = [ao](Context& c) { return run_advance(c, *ao); }; });

    auto sm = std::make_shared<SummaryOptions>();
    auto* sum = app.add_subcommand(
        "summary", "Type the summary of a spoken (lisan) complaint from its recording");
    sum->add_option("code", sm->code, "Tracking code")->required();
    sum->add_option("--user", sm->user, "User name (staf_pji or koordinator_pji)")->required();
    auto* text = sum->add_option("--text", sm->text, "The summary");
    sum->add_flag("--stdin", sm->from_stdin, "Read the summary from stdin")->excludes(text);
    sum->callback([&run, sm] { run = [sm](Context& c) { return run_summary(c, *sm); }; });

    auto ln = std::make_shared<LetterNumberOptions>();
    auto* num =
        app.add_subcommand("letter-number", "Record the signed letter's number from the agenda "
                                            "surat keluar (no office.letter_pattern)");
    num->add_option("code", ln->code, "Tracking code")->required();
    num->add_option("--user", ln->user, "User name (staf_pji or koordinator_pji)")->required();
    num->add_option("--number", ln->number, "The number, e.g. B/123/BSPJI-PLG/PJI/XII/2026")
        ->required();
    num->callback([&run, ln] { run = [ln](Context& c) { return run_letter_number(c, *ln); }; });
}

} // namespace keluhan::cli
