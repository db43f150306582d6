// The surat tanggapan (response letter): A4, letterhead on the first page,
// the body broken across pages line by line, KONSEP across every page of a
// draft.
#include "keluhan/documents/letter.hpp"

#include "keluhan/domain/ids.hpp"

#include "keluhan/domain/text.hpp"
#include "keluhan/ops/personal.hpp"
#include "render_internal.hpp"

#include <algorithm>
#include <cmath>

namespace keluhan {

using namespace render_detail;

std::string long_date(const Catalog& lang, const WorkingCalendar& cal, TimeMs t) {
    const Date d = cal.local_date(t);
    return std::to_string(d.day) + " " + lang.tr("label.month." + std::to_string(d.month)) + " " +
           std::to_string(d.year);
}

namespace {

// How much of the complaint the opening quotes.
constexpr std::size_t kAboutChars = 160;

std::vector<std::string> split_paragraphs(std::string_view body) {
    std::vector<std::string> out;
    std::string cur;
    std::size_t start = 0;
    while (start <= body.size()) {
        const auto nl = body.find('\n', start);
        const std::string line =
            text::trim(body.substr(start, nl == std::string_view::npos ? nl : nl - start));
        if (line.empty()) {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += (cur.empty() ? "" : " ") + line;
        }
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

// The last note of a completed step with form `f`.
std::string note_of(const SopProfile& p, const std::vector<Event>& events, StepForm f,
                    TimeMs* at = nullptr) {
    std::string note;
    bool found = false;
    for (const auto& e : events) {
        if (e.kind != "complete") continue;
        const SopStep* s = p.step(e.step_id);
        if (s && s->form == f) {
            note = e.note;
            found = true;
            if (at) *at = e.at;
        }
    }
    return found ? note : std::string();
}

bool step_done(const SopProfile& p, const std::vector<Event>& events, StepForm f, TimeMs* at) {
    bool done = false;
    for (const auto& e : events) {
        if (e.kind != "complete") continue;
        const SopStep* s = p.step(e.step_id);
        if (s && s->form == f) {
            done = true;
            *at = e.at;
        }
    }
    return done;
}

} // namespace

ResponseLetter draft_response_letter(const Office& office, const Catalog& lang, const Complaint& c,
                                     const std::vector<Event>& events,
                                     const std::string& signer_name) {
    const auto& cfg = office.config;
    ResponseLetter l;
    const std::string& short_name = cfg.office.short_name;
    if (!cfg.office.city.empty())
        l.place = cfg.office.city;
    else if (const auto sp = short_name.find(' ');
             sp != std::string::npos && short_name.rfind("BSPJI ", 0) == 0)
        l.place = short_name.substr(sp + 1);
    TimeMs signed_at = 0;
    l.signed_off = step_done(office.profile, events, StepForm::Sign, &signed_at);
    l.date = l.signed_off ? signed_at : now_ms();
    l.subject = lang.tr("label.letter.subject");
    // The outgoing number given when it was signed (office.letter_pattern).
    for (const auto& e : events)
        if (e.kind == "letter_number") l.number = e.note;
    const auto& who = c.complainant;
    if (who.anonymous || text::trim(who.name).empty()) {
        l.addressee.push_back(lang.tr("label.letter.anonymous_addressee"));
    } else {
        // "Sdr." as the body says "Saudara": right for a man or a woman;
        // not before a name the complainant gave with a title of its own.
        const std::string lower = text::ascii_lower(text::trim(who.name)) + " ";
        bool titled = false;
        for (const char* t : {"bapak ", "bpk", "ibu ", "sdr", "tn.", "ny.", "nn.", "dr.", "dr ",
                              "prof", "h. ", "hj.", "mr.", "mr ", "mrs", "ms ", "ms."})
            titled |= lower.rfind(t, 0) == 0;
        l.addressee.push_back(titled ? who.name
                                     : lang.tr("label.letter.honorific", {{"name", who.name}}));
        if (!text::trim(who.organization).empty()) l.addressee.push_back(who.organization);
    }
    const auto tc = TrackingCode::parse(c.code);
    const std::vector<std::pair<std::string, std::string>> params = {
        {"date", long_date(lang, cfg.calendar, c.created_at)},
        {"code", tc ? tc->grouped() : c.code},
        {"register", c.register_number},
        {"service", lang.tr("service." + c.service)},
        // What it was about, in its first words (a spoken complaint's typed
        // summary too); nothing when there is no text or it was anonymised.
        {"about", text::trim(c.description).empty() || c.description == kAnonymisedMarker
                      ? std::string()
                      : lang.tr("label.letter.about",
                                {{"summary", text::summarize(c.description, kAboutChars)}})}};
    l.paragraphs.push_back(lang.tr(c.register_number.empty() ? "label.letter.opening"
                                                             : "label.letter.opening_register",
                                   params));
    std::string body = note_of(office.profile, events, StepForm::Draft);
    if (text::trim(body).empty()) body = note_of(office.profile, events, StepForm::Response);
    // The CAPA SOP drafts the answer in its corrective-action step (konsep surat balasan).
    if (text::trim(body).empty()) body = note_of(office.profile, events, StepForm::Capa);
    auto paras = split_paragraphs(body);
    if (paras.empty()) paras.push_back(lang.tr("label.letter.no_answer"));
    for (auto& p : paras)
        l.paragraphs.push_back(std::move(p));
    l.paragraphs.push_back(lang.tr("label.letter.closing"));
    // The signer as the office settings name them (office.signer_*), else
    // the title from the office's name and who signed in the system.
    l.signer_title = !cfg.office.signer_title.empty()
                         ? cfg.office.signer_title
                         : lang.tr("label.letter.signer_title", {{"office", cfg.office.name}});
    l.signer_name = !cfg.office.signer_name.empty() ? cfg.office.signer_name : signer_name;
    l.signer_id = cfg.office.signer_nip;
    return l;
}

namespace {

struct Page {
    double w = mm(210), h = mm(297);
    double left = mm(25), right = mm(20), top = mm(15), bottom = mm(22);
    double top_next = mm(20); // pages after the first have no letterhead
    [[nodiscard]] double content_w() const { return w - left - right; }
    [[nodiscard]] double limit() const { return h - bottom; }
};

// Lays the letter out; draws the items of page `target` (none when the
// canvas only measures). Returns the number of pages.
class LetterLayout {
  public:
    LetterLayout(const Canvas& c, const Catalog& lang, int target)
        : c_(c), lang_(lang), target_(target) {}

    int run(const Office& office, const ResponseLetter& l) {
        signed_ = l.signed_off;
        begin_page();
        letterhead(office);
        const double x = p_.left, w = p_.content_w();
        const Font body{kSans, 11};

        // Date on the right, then number, attachment and subject.
        const std::string date =
            (l.place.empty() ? "" : l.place + ", ") +
            (l.date ? long_date(lang_, office.config.calendar, l.date) : std::string());
        y_ += mm(4);
        y_ += text(date, body, x, w, PANGO_ALIGN_RIGHT) + mm(3);
        const std::string blank = lang_.tr("label.letter.blank");
        const double label_w = mm(24);
        const std::pair<std::string, std::string> heads[] = {
            {lang_.tr("label.letter.number"), l.number.empty() ? blank : l.number},
            {lang_.tr("label.letter.attachment"), l.attachment.empty() ? "-" : l.attachment},
            {lang_.tr("label.letter.subject_label"), l.subject}};
        for (const auto& [k, v] : heads) {
            auto lv = c_.layout(v, body, w - label_w - mm(4));
            const double h = Canvas::height(lv.get());
            keep(h);
            show_text(k, body, x, label_w);
            show_text(":", body, x + label_w, mm(4));
            if (on_target()) c_.show(lv.get(), x + label_w + mm(4), y_);
            y_ += h + 1;
        }
        y_ += mm(6);

        // Addressee.
        keep(mm(20));
        y_ += text(lang_.tr("label.letter.to"), body, x, w);
        for (const auto& a : l.addressee)
            y_ += text(a, body, x, w);
        y_ += text(lang_.tr("label.letter.at_place"), body, x, w) + mm(6);

        // Body: justified paragraphs, broken across pages line by line.
        for (const auto& para : l.paragraphs) {
            paragraph(para, body, x, w);
            y_ += mm(3.5);
        }

        // Signature block on the right half, kept in one piece.
        const double sx = x + w * 0.5, sw = w * 0.5;
        auto title = c_.layout(l.signer_title + ",", body, sw);
        const double block = Canvas::height(title.get()) + mm(26) + 3 * 16;
        y_ += mm(4);
        keep(block);
        if (on_target()) c_.show(title.get(), sx, y_);
        y_ += Canvas::height(title.get()) + mm(24);
        y_ += text(l.signer_name.empty() ? blank : l.signer_name, {kSans, 11, true}, sx, sw);
        if (!l.signer_id.empty())
            y_ += text(lang_.tr("label.letter.nip", {{"nip", l.signer_id}}), body, sx, sw);

        if (!l.copies.empty()) {
            y_ += mm(8);
            keep(mm(12));
            y_ += text(lang_.tr("label.letter.copies"), {kSans, 10}, x, w);
            int i = 0;
            for (const auto& cp : l.copies)
                y_ += text(std::to_string(++i) + ". " + cp, {kSans, 10}, x, w);
        }
        return page_ + 1;
    }

  private:
    [[nodiscard]] bool on_target() const { return c_.drawing() && page_ == target_; }

    void begin_page() {
        y_ = page_ == 0 ? p_.top : p_.top_next;
        if (on_target() && !signed_) watermark();
    }
    void new_page() {
        ++page_;
        begin_page();
    }
    // Starts a new page unless `h` more points fit on this one.
    void keep(double h) {
        if (y_ + h > p_.limit() && y_ > p_.top_next + 1) new_page();
    }

    double text(const std::string& s, const Font& f, double x, double w,
                PangoAlignment a = PANGO_ALIGN_LEFT) {
        if (s.empty()) return 0;
        auto l = c_.layout(s, f, w, a);
        const double h = Canvas::height(l.get());
        keep(h);
        if (on_target()) c_.show(l.get(), x, y_);
        return h;
    }
    void show_text(const std::string& s, const Font& f, double x, double w) {
        auto l = c_.layout(s, f, w);
        if (on_target()) c_.show(l.get(), x, y_);
    }

    void paragraph(const std::string& s, const Font& f, double x, double w) {
        auto l = c_.layout(s, f, w, PANGO_ALIGN_LEFT, true);
        show_lines(c_, l.get(), x, y_, [&](double h) {
            keep(h);
            return on_target();
        });
    }

    void letterhead(const Office& office) {
        y_ += draw_letterhead(c_, lang_, office, p_.left, y_, p_.content_w(), on_target());
    }

    void watermark() {
        cairo_t* cr = c_.cr();
        cairo_save(cr);
        auto l = c_.layout(lang_.tr("label.letter.watermark"), {kSans, 110, true}, 0);
        PangoRectangle ink{};
        pango_layout_get_extents(l.get(), &ink, nullptr);
        cairo_translate(cr, p_.w / 2, p_.h / 2);
        cairo_rotate(cr, -std::atan2(p_.h, p_.w));
        const double iw = pango_units_to_double(ink.width), ih = pango_units_to_double(ink.height);
        const double fit = std::min(1.0, (p_.w * 1.05) / iw);
        cairo_scale(cr, fit, fit);
        cairo_set_source_rgb(cr, 0.86, 0.86, 0.86);
        cairo_move_to(cr, -iw / 2 - pango_units_to_double(ink.x),
                      -ih / 2 - pango_units_to_double(ink.y));
        pango_cairo_show_layout(cr, l.get());
        cairo_restore(cr);
    }

    const Canvas& c_;
    const Catalog& lang_;
    int target_;
    Page p_;
    int page_ = 0;
    double y_ = 0;
    bool signed_ = false;
};

} // namespace

Result<Rendered> render_response_letter(const Office& office, const Catalog& lang,
                                        const ResponseLetter& letter, const RenderOptions& opt) {
    auto lock = lock_rendering();
    Page page;
    PageSpec spec{page.w, page.h, 1};
    {
        Measure m;
        LetterLayout layout(m.canvas(), lang, -1);
        spec.pages = layout.run(office, letter);
    }
    const std::string title = letter.subject;
    return output(spec, opt, title, [&](const Canvas& c, int p) {
        LetterLayout layout(c, lang, p);
        (void)layout.run(office, letter);
        if (spec.pages > 1) {
            auto n = c.layout(lang.tr("label.letter.page", {{"page", std::to_string(p + 1)},
                                                            {"pages", std::to_string(spec.pages)}}),
                              {kSans, 8}, page.content_w(), PANGO_ALIGN_RIGHT);
            c.show(n.get(), page.left, page.h - mm(12));
        }
    });
}

} // namespace keluhan
