// The sender: what is due in the outbox, claimed, composed, delivered, and
// marked sent or failed.
#include "keluhan/notify/notify.hpp"

#include "keluhan/documents/letter.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/read_file.hpp"
#include "keluhan/domain/text.hpp"
#include "keluhan/ops/workflow.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <system_error>

namespace keluhan {

namespace {

// A secret kept in its own file (the SMTP password, the gateway's token):
// the first line, which nobody but its owner may read.
Result<std::string> read_secret(const std::string& file) {
    if (file.empty()) return std::string();
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0)
        return Error{ErrorKind::Invalid,
                     "err.notify.secret",
                     {{"file", file}, {"reason", std::generic_category().message(errno)}}};
    if ((st.st_mode & 0077) != 0)
        return Error{ErrorKind::Invalid, "err.notify.secret_mode", {{"file", file}}};
    auto text = read_regular_file(file, 4096);
    if (!text)
        return Error{ErrorKind::Invalid,
                     "err.notify.secret",
                     {{"file", file}, {"reason", text.error().key}}};
    std::string s = std::move(text).value();
    if (const auto nl = s.find_first_of("\r\n"); nl != std::string::npos) s.resize(nl);
    return s;
}

// How long a claimed message is left to its sender before another may try
// it: well beyond the longest a delivery may take.
TimeMs lease_ms(const NotifyConfig& c) {
    return 10 * 60'000 + 2 * TimeMs{c.timeout_seconds} * 1000;
}

} // namespace

Result<Notifier> Notifier::create(const Office& office) {
    auto id = Catalog::load(office.config.i18n_dir(), "id");
    if (!id) return id.error();
    auto en = Catalog::load(office.config.i18n_dir(), "en");
    if (!en) return en.error();
    Notifier n(std::move(id).value(), std::move(en).value());
    auto password = read_secret(office.config.notify.smtp_password_file);
    if (!password) return password.error();
    auto token = read_secret(office.config.notify.webhook_token_file);
    if (!token) return token.error();
    n.password_ = std::move(password).value();
    n.token_ = std::move(token).value();
    return n;
}

Delivery Notifier::deliver(Store& store, const Office& office, const Notice& n, TimeMs now,
                           const std::function<bool()>& stop) {
    auto c = store.find_by_seq(n.complaint_seq);
    if (!c) return Delivery{false, c.error().kind == ErrorKind::NotFound, c.error().key};
    const auto& who = c->complainant;
    const std::string lang_name = c->language.empty() ? office.config.language : c->language;
    const Catalog& lang = lang_name == "en" ? en_ : id_;
    const TimeMs due = office.check_profile(*c) ? office.engine().answer_due(c->created_at) : 0;
    const auto code = TrackingCode::parse(c->code);
    const std::string compact = code ? code->compact() : c->code;
    const auto& cfg = office.config.notify;
    if (who.anonymous) return Delivery{false, true, id_.tr("err.notify.no_contact")};

    switch (n.channel) {
    case NoticeChannel::Email: {
        const std::string to = text::trim(who.email);
        if (to.empty() || !cfg.email())
            return Delivery{false, true, id_.tr("err.notify.no_contact")};
        Mail m;
        m.to = to;
        m.date = now;
        // Named under the office's own domain, the same on every try.
        const auto at = cfg.smtp_from.find('@');
        m.message_id = "<notice-" + std::to_string(n.id) + "." + compact + "@" +
                       (at == std::string::npos ? "keluhan" : cfg.smtp_from.substr(at + 1)) + ">";
        if (n.kind == NoticeKind::Letter) {
            // The letter as signed, in the office's language (an official letter).
            auto events = store.events(c->seq);
            if (!events) return Delivery{false, false, events.error().key};
            auto letter = draft_response_letter(office, office.catalog, *c, *events,
                                                letter_signer(store, office, *events));
            auto pdf = render_response_letter(office, office.catalog, letter);
            if (!pdf)
                return Delivery{false, false,
                                id_.tr("err.notify.letter", {{"reason", office.say(pdf.error())}})};
            m.attachments.push_back(
                {"surat-tanggapan-" + compact + ".pdf", "application/pdf", std::move(pdf->bytes)});
        }
        const NoticeText t = compose_notice(office, lang, *c, n.kind, due, !m.attachments.empty());
        m.subject = t.subject;
        m.body = t.body;
        return send_mail(cfg, password_, office.config.office.short_name, m, stop);
    }
    case NoticeChannel::Sms: {
        const std::string number = sms_number(who.phone);
        if (number.empty() || !cfg.sms())
            return Delivery{false, true, id_.tr("err.notify.no_contact")};
        const NoticeText t = compose_notice(office, lang, *c, n.kind, due, false);
        return write_sms(cfg.sms_outbox, number, t.short_text, n.id, now, office.config.calendar);
    }
    case NoticeChannel::Webhook: {
        const std::string number = sms_number(who.phone);
        if (number.empty() || !cfg.webhook())
            return Delivery{false, true, id_.tr("err.notify.no_contact")};
        const NoticeText t = compose_notice(office, lang, *c, n.kind, due, false);
        const nlohmann::json body{{"id", n.id},
                                  {"to", number},
                                  {"text", t.short_text},
                                  {"kind", to_string(n.kind)},
                                  {"code", code ? code->grouped() : c->code},
                                  {"register_number", c->register_number},
                                  {"language", lang.language()},
                                  {"status_url", t.status_url},
                                  {"survey_url", t.survey_url}};
        return post_webhook(cfg, token_, body, n.id, stop);
    }
    }
    return Delivery{false, true, "unknown channel"};
}

Result<NotifyRound> Notifier::run_once(Store& store, const Office& office, TimeMs now, int limit,
                                       const std::function<bool()>& stop) {
    auto due = store.notices_due(now, limit);
    if (!due) return due.error();
    NotifyRound round;
    const auto started = std::chrono::steady_clock::now();
    auto at = [&] {
        return now + std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count();
    };
    for (const auto& n : *due) {
        if (stop && stop()) break;
        const TimeMs lease = at() + lease_ms(office.config.notify);
        auto mine = store.claim_notice(n.id, n.next_at, lease);
        if (!mine) return mine.error();
        if (!*mine) continue; // another sender has it
        const Delivery d = deliver(store, office, n, at(), stop);
        if (stop && stop() && !d.ok) break; // cut short: its lease runs out, then it is tried again
        if (d.ok) {
            if (auto st = store.notice_sent(n.id, lease, at()); !st) return st.error();
            ++round.sent;
            continue;
        }
        if (auto st = store.notice_failed(n.id, lease, d.error, d.permanent, at()); !st)
            return st.error();
        if (d.permanent || n.attempts + 1 >= kNoticeMaxAttempts)
            ++round.failed;
        else
            ++round.retrying;
    }
    return round;
}

} // namespace keluhan
