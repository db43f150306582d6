// [SECTION] index
//   libcups handles and requests
//   printer state in plain words
//   CupsClient
//   following a job
//   print_document: render, record, send, follow
//   PrintService: the worker thread
#include "keluhan/printing/print.hpp"

#include "keluhan/documents/letter.hpp"
#include "keluhan/documents/receipt.hpp"
#include "keluhan/storage/files.hpp"

#include <cups/cups.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>

namespace keluhan {

// [SECTION] libcups handles and requests ---------------------------------------

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

struct HttpClose {
    void operator()(http_t* h) const noexcept { httpClose(h); }
};
struct IppFree {
    void operator()(ipp_t* i) const noexcept { ippDelete(i); }
};
using HttpPtr = std::unique_ptr<http_t, HttpClose>;
using IppPtr = std::unique_ptr<ipp_t, IppFree>;

// Printing failures are the device's, not the user's input: ErrorKind::Storage
// (the command line's exit code 3, "storage or printing failure").
Error print_error(std::string key, std::vector<std::pair<std::string, std::string>> params = {},
                  std::string detail = {}) {
    return Error{ErrorKind::Storage, std::move(key), std::move(params), std::move(detail)};
}

std::string server_name(const std::string& server) {
    return server.empty() ? std::string(cupsServer()) : server;
}

Result<HttpPtr> connect(const std::string& server) {
    const std::string host = server_name(server);
    HttpPtr h(httpConnect2(host.c_str(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1, 5000,
                           nullptr));
    if (!h) {
        const std::string why = std::strerror(errno);
        return print_error("err.print.no_cups", {{"server", host}, {"detail", why}},
                           host + ": " + why);
    }
    return h;
}

std::string printer_uri(const std::string& name) {
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", ippPort(),
                     "/printers/%s", name.c_str());
    return uri;
}

std::string job_uri(int id) {
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", ippPort(),
                     "/jobs/%d", id);
    return uri;
}

IppPtr request(ipp_op_t op) {
    IppPtr r(ippNewRequest(op));
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr,
                 cupsUser());
    return r;
}

// Sends `req` and returns the response; the IPP status is in `status`.
IppPtr send(http_t* http, IppPtr req, const char* resource, ipp_status_t& status) {
    IppPtr resp(cupsDoRequest(http, req.release(), resource));
    status = cupsLastError();
    return resp;
}

// The IPP document-name of a job titled `title`: a file name of its letters
// and digits ("Tanda Terima 7KQ2-M9XD" -> "tanda-terima-7kq2-m9xd.pdf").
// Debian 12's cupsd since 2.4.2-3+deb12u10 (November 2026) crashes when it
// starts a job whose document-name holds a space, taking every queue down;
// a name like this is what lp sends for a file. The title (job-name) may
// hold anything.
std::string document_name(const std::string& title) {
    std::string out;
    for (const char c : title) {
        const auto ch = static_cast<unsigned char>(c);
        if (std::isalnum(ch))
            out += static_cast<char>(std::tolower(ch));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return (out.empty() ? std::string("dokumen") : out) + ".pdf";
}

bool failed(ipp_status_t s) {
    return s > IPP_STATUS_OK_EVENTS_COMPLETE;
}

const char* const kPrinterAttrs[] = {"printer-name",
                                     "printer-state",
                                     "printer-state-reasons",
                                     "printer-state-message",
                                     "printer-is-accepting-jobs",
                                     "printer-info",
                                     "printer-location",
                                     "printer-make-and-model",
                                     "device-uri",
                                     "printer-error-policy"};

void add_requested(ipp_t* r, const char* const* names, int n) {
    ippAddStrings(r, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", n, nullptr, names);
}

std::string str(ipp_attribute_t* a, int i = 0) {
    const char* s = ippGetString(a, i, nullptr);
    return s ? s : "";
}

// Reads one printer's attributes, from `a` to the next group separator.
// Returns the attribute after the printer (nullptr at the end).
ipp_attribute_t* read_printer(ipp_t* resp, ipp_attribute_t* a, PrinterInfo& p) {
    for (; a && ippGetName(a); a = ippNextAttribute(resp)) {
        const std::string_view name = ippGetName(a);
        if (name == "printer-name")
            p.name = str(a);
        else if (name == "printer-state") {
            switch (ippGetInteger(a, 0)) {
            case IPP_PSTATE_IDLE:
                p.state = PrinterState::Idle;
                break;
            case IPP_PSTATE_PROCESSING:
                p.state = PrinterState::Processing;
                break;
            case IPP_PSTATE_STOPPED:
                p.state = PrinterState::Stopped;
                break;
            default:
                p.state = PrinterState::Unknown;
            }
        } else if (name == "printer-state-reasons") {
            for (int i = 0; i < ippGetCount(a); ++i)
                if (auto r = str(a, i); !r.empty() && r != "none") p.reasons.push_back(r);
        } else if (name == "printer-state-message")
            p.state_message = str(a);
        else if (name == "printer-is-accepting-jobs")
            p.accepting = ippGetBoolean(a, 0) != 0;
        else if (name == "printer-info")
            p.info = str(a);
        else if (name == "printer-location")
            p.location = str(a);
        else if (name == "printer-make-and-model")
            p.make_model = str(a);
        else if (name == "device-uri")
            p.device_uri = str(a);
        else if (name == "printer-error-policy")
            p.error_policy = str(a);
    }
    return a;
}

} // namespace

// [SECTION] printer state in plain words ----------------------------------------

std::string_view to_string(PrinterState s) {
    switch (s) {
    case PrinterState::Idle:
        return "idle";
    case PrinterState::Processing:
        return "processing";
    case PrinterState::Stopped:
        return "stopped";
    case PrinterState::Unknown:
        break;
    }
    return "unknown";
}

std::string_view to_string(CupsJobState s) {
    switch (s) {
    case CupsJobState::Pending:
        return "pending";
    case CupsJobState::Held:
        return "held";
    case CupsJobState::Processing:
        return "processing";
    case CupsJobState::Stopped:
        return "stopped";
    case CupsJobState::Cancelled:
        return "cancelled";
    case CupsJobState::Aborted:
        return "aborted";
    case CupsJobState::Completed:
        return "completed";
    case CupsJobState::Unknown:
        break;
    }
    return "unknown";
}

namespace {

struct ReasonWords {
    std::string_view reason;
    const char* key;
    bool blocking;
};
// IPP printer-state-reasons (RFC 8011 and CUPS's own), grouped into what a
// person at the desk can act on.
constexpr ReasonWords kReasons[] = {
    {"paused", "label.printer_reason.paused", true},
    {"media-empty", "label.printer_reason.media_empty", true},
    {"media-needed", "label.printer_reason.media_empty", true},
    {"media-jam", "label.printer_reason.media_jam", true},
    {"door-open", "label.printer_reason.door_open", true},
    {"cover-open", "label.printer_reason.door_open", true},
    {"interlock-open", "label.printer_reason.door_open", true},
    {"offline", "label.printer_reason.offline", true},
    {"shutdown", "label.printer_reason.offline", true},
    {"timed-out", "label.printer_reason.offline", true},
    {"connecting-to-device", "label.printer_reason.connecting", false},
    {"marker-supply-empty", "label.printer_reason.supply_empty", true},
    {"toner-empty", "label.printer_reason.supply_empty", true},
    {"marker-supply-low", "label.printer_reason.supply_low", false},
    {"toner-low", "label.printer_reason.supply_low", false},
    {"media-low", "label.printer_reason.media_low", false},
    {"cups-missing-filter", "label.printer_reason.driver", true},
    {"cups-insecure-filter", "label.printer_reason.driver", true},
};

} // namespace

std::vector<PrinterProblem> printer_problems(const PrinterInfo& p) {
    std::vector<PrinterProblem> out;
    auto add = [&](PrinterProblem pp) {
        for (const auto& o : out)
            if (o.key == pp.key) return;
        out.push_back(std::move(pp));
    };
    for (const auto& raw : p.reasons) {
        std::string r = raw;
        bool advisory = false;
        for (const std::string_view suffix : {"-error", "-warning", "-report"}) {
            if (r.size() > suffix.size() &&
                r.compare(r.size() - suffix.size(), suffix.size(), suffix) == 0) {
                advisory = suffix != "-error";
                r.resize(r.size() - suffix.size());
            }
        }
        if (r == "cups-waiting-for-job-completed" || r == "none") continue;
        const ReasonWords* w = nullptr;
        for (const auto& k : kReasons)
            if (k.reason == r) w = &k;
        if (w)
            add({r, w->key, w->blocking && !advisory});
        else
            add({r, "label.printer_reason.other", raw.find("-error") != std::string::npos});
    }
    if (p.state == PrinterState::Stopped) {
        const bool paused =
            std::any_of(out.begin(), out.end(), [](const auto& x) { return x.reason == "paused"; });
        if (!paused) add({"stopped", "label.printer_reason.stopped", true});
    }
    if (!p.accepting) add({"rejecting", "label.printer_reason.rejecting", true});
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.blocking > b.blocking; });
    return out;
}

std::string describe_printer(const Catalog& lang, const PrinterInfo& p) {
    std::string s = lang.tr("label.printer_state." + std::string(to_string(p.state)));
    const auto problems = printer_problems(p);
    for (std::size_t i = 0; i < problems.size(); ++i) {
        s += i == 0 ? ": " : "; ";
        s += lang.tr(problems[i].key, {{"reason", problems[i].reason}});
    }
    return s;
}

std::string visitor_message_key(const PrintReport& r) {
    switch (r.outcome) {
    case PrintState::Completed:
        return "label.print.visitor_done";
    case PrintState::Saved:
        return "label.print.visitor_saved";
    case PrintState::Refused:
        return r.message.key == "err.print.reprint_limit" ? "label.print.visitor_limit"
                                                          : "label.print.visitor_trouble";
    default:
        return "label.print.visitor_trouble";
    }
}

// [SECTION] CupsClient -----------------------------------------------------------

CupsClient::CupsClient(std::string server) : server_(std::move(server)) {}

Result<std::vector<PrinterInfo>> CupsClient::printers() const {
    auto http = connect(server_);
    if (!http) return http.error();
    auto req = request(IPP_OP_CUPS_GET_PRINTERS);
    add_requested(req.get(), kPrinterAttrs, static_cast<int>(std::size(kPrinterAttrs)));
    ipp_status_t st{};
    auto resp = send(http->get(), std::move(req), "/", st);
    std::vector<PrinterInfo> out;
    if (st == IPP_STATUS_ERROR_NOT_FOUND) return out; // no queues at all
    if (!resp || failed(st))
        return print_error("err.print.cups", {{"detail", cupsLastErrorString()}},
                           cupsLastErrorString());
    ipp_attribute_t* a = ippFirstAttribute(resp.get());
    while (a) {
        while (a && ippGetGroupTag(a) != IPP_TAG_PRINTER)
            a = ippNextAttribute(resp.get());
        if (!a) break;
        PrinterInfo p;
        a = read_printer(resp.get(), a, p);
        if (!p.name.empty()) out.push_back(std::move(p));
        if (a) a = ippNextAttribute(resp.get());
    }
    auto def = default_printer();
    if (def)
        for (auto& p : out)
            p.is_default = p.name == *def;
    return out;
}

Result<PrinterInfo> CupsClient::printer(const std::string& name) const {
    auto http = connect(server_);
    if (!http) return http.error();
    auto req = request(IPP_OP_GET_PRINTER_ATTRIBUTES);
    ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                 printer_uri(name).c_str());
    add_requested(req.get(), kPrinterAttrs, static_cast<int>(std::size(kPrinterAttrs)));
    ipp_status_t st{};
    auto resp = send(http->get(), std::move(req), "/", st);
    if (st == IPP_STATUS_ERROR_NOT_FOUND)
        return Error{ErrorKind::NotFound, "err.print.unknown_printer", {{"printer", name}}};
    if (!resp || failed(st))
        return print_error("err.print.cups", {{"detail", cupsLastErrorString()}},
                           cupsLastErrorString());
    PrinterInfo p;
    ipp_attribute_t* a = ippFirstAttribute(resp.get());
    while (a && ippGetGroupTag(a) != IPP_TAG_PRINTER)
        a = ippNextAttribute(resp.get());
    read_printer(resp.get(), a, p);
    if (p.name.empty()) p.name = name;
    return p;
}

Result<std::string> CupsClient::default_printer() const {
    auto http = connect(server_);
    if (!http) return http.error();
    // Honours $LPDEST / $PRINTER and lpoptions, then asks cupsd.
    const char* d = cupsGetDefault2(http->get());
    return std::string(d ? d : "");
}

Result<int> CupsClient::submit(const std::string& printer, const std::string& title,
                               std::span<const std::uint8_t> pdf) const {
    auto http = connect(server_);
    if (!http) return http.error();
    const int id = cupsCreateJob(http->get(), printer.c_str(), title.c_str(), 0, nullptr);
    auto refused = [&](int job) -> Error {
        const ipp_status_t st = cupsLastError();
        const std::string why = cupsLastErrorString();
        if (job) (void)cancel(job);
        if (st == IPP_STATUS_ERROR_NOT_FOUND)
            return Error{
                ErrorKind::NotFound, "err.print.unknown_printer", {{"printer", printer}}, why};
        if (st == IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS)
            return print_error("err.print.not_accepting", {{"printer", printer}}, why);
        return print_error("err.print.refused", {{"printer", printer}, {"detail", why}}, why);
    };
    if (id <= 0) return refused(0);
    if (cupsStartDocument(http->get(), printer.c_str(), id, document_name(title).c_str(),
                          CUPS_FORMAT_PDF, 1) != HTTP_STATUS_CONTINUE)
        return refused(id);
    std::size_t off = 0;
    while (off < pdf.size()) {
        const std::size_t n = std::min<std::size_t>(pdf.size() - off, 65536);
        if (cupsWriteRequestData(http->get(), reinterpret_cast<const char*>(pdf.data() + off), n) !=
            HTTP_STATUS_CONTINUE)
            return refused(id);
        off += n;
    }
    if (failed(cupsFinishDocument(http->get(), printer.c_str()))) return refused(id);
    return id;
}

Result<CupsJob> CupsClient::job(int job_id) const {
    auto http = connect(server_);
    if (!http) return http.error();
    auto req = request(IPP_OP_GET_JOB_ATTRIBUTES);
    ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nullptr,
                 job_uri(job_id).c_str());
    static const char* const attrs[] = {"job-id", "job-state", "job-state-reasons",
                                        "job-printer-state-message"};
    add_requested(req.get(), attrs, static_cast<int>(std::size(attrs)));
    ipp_status_t st{};
    auto resp = send(http->get(), std::move(req), "/", st);
    if (st == IPP_STATUS_ERROR_NOT_FOUND)
        return Error{ErrorKind::NotFound, "err.print.job_gone", {{"job", std::to_string(job_id)}}};
    if (!resp || failed(st))
        return print_error("err.print.cups", {{"detail", cupsLastErrorString()}},
                           cupsLastErrorString());
    CupsJob j;
    j.id = job_id;
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "job-state", IPP_TAG_ENUM)) {
        switch (ippGetInteger(a, 0)) {
        case IPP_JSTATE_PENDING:
            j.state = CupsJobState::Pending;
            break;
        case IPP_JSTATE_HELD:
            j.state = CupsJobState::Held;
            break;
        case IPP_JSTATE_PROCESSING:
            j.state = CupsJobState::Processing;
            break;
        case IPP_JSTATE_STOPPED:
            j.state = CupsJobState::Stopped;
            break;
        case IPP_JSTATE_CANCELED:
            j.state = CupsJobState::Cancelled;
            break;
        case IPP_JSTATE_ABORTED:
            j.state = CupsJobState::Aborted;
            break;
        case IPP_JSTATE_COMPLETED:
            j.state = CupsJobState::Completed;
            break;
        default:
            break;
        }
    }
    if (ipp_attribute_t* a = ippFindAttribute(resp.get(), "job-state-reasons", IPP_TAG_KEYWORD))
        for (int i = 0; i < ippGetCount(a); ++i)
            if (auto r = str(a, i); !r.empty() && r != "none") j.reasons.push_back(r);
    if (ipp_attribute_t* a =
            ippFindAttribute(resp.get(), "job-printer-state-message", IPP_TAG_TEXT))
        j.message = str(a);
    return j;
}

Status CupsClient::cancel(int job_id) const {
    auto http = connect(server_);
    if (!http) return http.error();
    auto req = request(IPP_OP_CANCEL_JOB);
    ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nullptr,
                 job_uri(job_id).c_str());
    ipp_status_t st{};
    (void)send(http->get(), std::move(req), "/jobs/", st);
    if (failed(st) && st != IPP_STATUS_ERROR_NOT_POSSIBLE) // not possible: it already ended
        return print_error("err.print.cups", {{"detail", cupsLastErrorString()}},
                           cupsLastErrorString());
    return ok();
}

Status CupsClient::resume(const std::string& name) const {
    auto http = connect(server_);
    if (!http) return http.error();
    for (const ipp_op_t op : {IPP_OP_RESUME_PRINTER, IPP_OP_CUPS_ACCEPT_JOBS}) {
        auto req = request(op);
        ippAddString(req.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                     printer_uri(name).c_str());
        ipp_status_t st{};
        (void)send(http->get(), std::move(req), "/admin/", st);
        if (st == IPP_STATUS_ERROR_NOT_FOUND)
            return Error{ErrorKind::NotFound, "err.print.unknown_printer", {{"printer", name}}};
        if (st == IPP_STATUS_ERROR_FORBIDDEN || st == IPP_STATUS_ERROR_NOT_AUTHORIZED ||
            st == IPP_STATUS_ERROR_NOT_AUTHENTICATED)
            return Error{ErrorKind::Denied,
                         "err.print.not_allowed",
                         {{"printer", name}},
                         cupsLastErrorString()};
        if (failed(st))
            return print_error("err.print.cups", {{"detail", cupsLastErrorString()}},
                               cupsLastErrorString());
    }
    return ok();
}

// [SECTION] following a job ---------------------------------------------------------

PrintReport follow_job(const CupsClient& cups, const std::string& printer, int job_id,
                       const FollowOptions& opt) {
    PrintReport r;
    r.printer = printer;
    r.cups_job_id = job_id;
    const auto start = Clock::now();
    bool stuck_before = false;
    Clock::time_point stuck_since{};
    std::optional<CupsJobState> last_state;
    std::vector<std::string> last_reasons;
    std::string last_error;
    auto stopping = [&] { return opt.stop && opt.stop->load(); };
    auto give_up = [&](PrintState o, Error e) {
        if (opt.cancel_when_held) (void)cups.cancel(job_id);
        r.outcome = o;
        r.message = std::move(e);
        return r;
    };
    for (;;) {
        if (stopping()) {
            r.outcome = PrintState::Failed;
            r.message = Error{ErrorKind::Storage, "err.print.interrupted", {{"printer", printer}}};
            return r;
        }
        auto job = cups.job(job_id);
        auto info = cups.printer(printer);
        if (info) r.problems = printer_problems(*info);
        if (job) {
            if (!job->message.empty())
                r.detail = job->message;
            else if (info && !info->state_message.empty())
                r.detail = info->state_message;
            std::vector<std::string> reasons;
            for (const auto& p : r.problems)
                reasons.push_back(p.key);
            if (opt.on_change && (job->state != last_state || reasons != last_reasons))
                opt.on_change(*job, r.problems);
            last_state = job->state;
            last_reasons = std::move(reasons);
            switch (job->state) {
            case CupsJobState::Completed:
                r.outcome = PrintState::Completed;
                r.message = {};
                return r;
            case CupsJobState::Cancelled:
                r.outcome = PrintState::Cancelled;
                r.message =
                    Error{ErrorKind::Storage, "err.print.cancelled", {{"printer", printer}}};
                return r;
            case CupsJobState::Aborted:
                r.outcome = PrintState::Failed;
                r.message =
                    print_error("err.print.aborted", {{"printer", printer}, {"detail", r.detail}});
                return r;
            default:
                break;
            }
            const bool queue_stopped =
                info && (info->state == PrinterState::Stopped || !info->accepting);
            const bool stuck = job->state == CupsJobState::Held ||
                               job->state == CupsJobState::Stopped ||
                               (job->state == CupsJobState::Pending && queue_stopped);
            if (stuck && !stuck_before) stuck_since = Clock::now();
            stuck_before = stuck;
            if (stuck && Clock::now() - stuck_since >= opt.stopped_grace) {
                const std::string reason =
                    r.problems.empty()
                        ? (job->state == CupsJobState::Held ? "label.printer_reason.job_held"
                                                            : "label.printer_reason.job_stopped")
                        : r.problems.front().key;
                return give_up(
                    PrintState::Held,
                    print_error("err.print.stopped", {{"printer", printer}, {"reason", reason}}));
            }
        } else if (job.error().key == "err.print.job_gone") {
            // Finished and purged from the history (PreserveJobHistory No).
            r.outcome = PrintState::Completed;
            return r;
        } else {
            last_error = job.error().detail; // cupsd restarting? keep trying until the timeout
        }
        if (Clock::now() - start >= opt.timeout) {
            if (!last_error.empty() && r.detail.empty()) r.detail = last_error;
            const auto secs = duration_cast<std::chrono::seconds>(opt.timeout).count();
            const std::string reason =
                r.problems.empty() ? "label.printer_reason.none" : r.problems.front().key;
            return give_up(PrintState::Failed,
                           print_error("err.print.timeout", {{"printer", printer},
                                                             {"seconds", std::to_string(secs)},
                                                             {"reason", reason}}));
        }
        // Sleep in small steps so a stop request is seen quickly.
        const auto until = Clock::now() + opt.poll;
        while (Clock::now() < until && !stopping())
            std::this_thread::sleep_for(
                std::min<Clock::duration>(milliseconds(20), until - Clock::now()));
    }
}

// [SECTION] print_document: render, record, send, follow ------------------------------

namespace {

// The document's PDF in `lang`, and the words for its title in CUPS.
Result<Rendered> render_document(PrintJournal& journal, const Office& office, const Catalog& lang,
                                 const Complaint& c, const PrintRequest& req) {
    if (req.document == PrintDocument::SuratTanggapan) {
        auto events = journal.events(c);
        if (!events) return events.error();
        const auto letter =
            draft_response_letter(office, lang, c, *events, office.config.office.signer_name);
        return render_response_letter(office, lang, letter, RenderOptions{});
    }
    ReceiptOptions ro;
    ro.paper = req.paper.value_or(receipt_paper(office.config));
    return render_receipt(office, receipt_content(office, lang, c), ro);
}

} // namespace

Result<Complaint> StoreJournal::complaint(const TrackingCode& code) {
    return store_.find_by_code(code);
}
Result<std::vector<Event>> StoreJournal::events(const Complaint& c) {
    return store_.events(c.seq);
}
Result<PrintJob> StoreJournal::add_job(const Complaint& c, PrintDocument document,
                                       const std::string& requested_by, bool visitor,
                                       int visitor_reprint_limit) {
    return store_.add_print_job(c.seq, document, requested_by, visitor, visitor_reprint_limit);
}
Status StoreJournal::update_job(const PrintJob& job) {
    return store_.update_print_job(job);
}

Result<PrintReport> print_document(Store& store, const Office& office, const Complaint& c,
                                   const PrintRequest& req, const ProgressFn& progress,
                                   const std::atomic<bool>* stop) {
    StoreJournal journal(store);
    return print_document(journal, office, c, req, progress, stop);
}

Result<PrintReport> print_document(PrintJournal& journal, const Office& office, const Complaint& c,
                                   const PrintRequest& req, const ProgressFn& progress,
                                   const std::atomic<bool>* stop) {
    const auto t0 = Clock::now();
    const auto& pc = office.config.printer;
    const bool letter = req.document == PrintDocument::SuratTanggapan;
    auto job = journal.add_job(c, req.document, req.requested_by, req.visitor, pc.reprint_limit);
    if (!job) return job.error();
    PrintReport r;
    r.print_job_id = job->id;
    PrintProgress pg;
    pg.print_job_id = job->id;
    auto say = [&](PrintProgress::Stage s) {
        pg.stage = s;
        if (progress) progress(pg);
    };
    // Records how it ended and returns the report.
    auto finish = [&](PrintState state) -> Result<PrintReport> {
        r.finished_after = duration_cast<milliseconds>(Clock::now() - t0);
        r.outcome = state;
        job->printer = r.printer;
        job->cups_job_id = r.cups_job_id;
        job->state = state;
        job->message = r.message;
        job->detail = r.detail;
        job->file = r.saved.string();
        // The paper's fate is known: a record that cannot be written (the
        // hub out of reach) is said in the report, not made a refusal that
        // would have the document printed twice.
        if (auto st = journal.update_job(*job); !st) r.not_recorded = st.error();
        return r;
    };
    say(PrintProgress::Stage::Rendering);

    // In the visitor's language (a receipt asked for in English).
    std::optional<Catalog> own;
    if (!req.language.empty() && req.language != office.catalog.language()) {
        auto cat = Catalog::load(office.config.i18n_dir(), req.language);
        if (!cat) return cat.error();
        own.emplace(std::move(cat).value());
    }
    const Catalog& lang = own ? *own : office.catalog;
    auto pdf = render_document(journal, office, lang, c, req);
    if (!pdf) {
        r.message = pdf.error();
        return finish(PrintState::Failed);
    }

    // The queue: asked for, configured, or the CUPS default; with none at
    // all, the PDF is kept under the data folder.
    say(PrintProgress::Stage::Sending);
    const CupsClient cups(req.cups_server);
    std::string name = !req.printer.empty() ? req.printer : letter ? pc.letter_name : pc.name;
    Error why_saved;
    // Why there was no printer, in words that name the document.
    auto saved = [&](const std::string& key) {
        return Error{ErrorKind::Invalid, letter ? key + "_letter" : key};
    };
    if (name.empty()) {
        auto def = cups.default_printer();
        if (def && !def->empty()) {
            name = *def;
        } else if (def) {
            auto all = cups.printers();
            if (all && all->size() == 1)
                name = all->front().name;
            else if (all && all->size() > 1)
                why_saved = saved("label.print.saved_no_default");
            else
                why_saved = saved("label.print.saved_no_printer");
        } else {
            why_saved = saved("label.print.saved_no_cups");
        }
    }
    const auto code = TrackingCode::parse(c.code);
    const std::string grouped = code ? code->grouped() : c.code;
    if (name.empty()) {
        r.saved = office.config.data_dir / (letter ? "surat-tanggapan" : "tanda-terima") /
                  (grouped + "-" + std::to_string(job->id) + ".pdf");
        if (auto st = write_file_atomic(r.saved, pdf->bytes); !st) {
            r.message = st.error();
            r.saved.clear();
            return finish(PrintState::Failed);
        }
        r.message = why_saved;
        r.message.params.emplace_back("path", r.saved.string());
        r.accepted_after = duration_cast<milliseconds>(Clock::now() - t0);
        return finish(PrintState::Saved);
    }

    r.printer = name;
    pg.printer = name;
    // An unknown queue is said so by name (Create-Job answers less clearly).
    if (auto info = cups.printer(name); !info && info.error().kind == ErrorKind::NotFound) {
        r.message = info.error();
        return finish(PrintState::Failed);
    }
    const std::string title =
        lang.tr(letter ? "label.letter.subject" : "label.receipt.title") + " " + grouped;
    auto id = cups.submit(name, title, pdf->bytes);
    if (!id) {
        r.message = id.error();
        r.detail = id.error().detail;
        if (auto info = cups.printer(name)) r.problems = printer_problems(*info);
        return finish(PrintState::Failed);
    }
    r.cups_job_id = *id;
    r.accepted_after = duration_cast<milliseconds>(Clock::now() - t0);
    pg.cups_job_id = *id;
    job->printer = name;
    job->cups_job_id = *id;
    job->state = PrintState::Submitted;
    if (auto st = journal.update_job(*job); !st) r.not_recorded = st.error();
    say(PrintProgress::Stage::Waiting);

    FollowOptions fo;
    fo.timeout = std::chrono::seconds(pc.timeout_seconds);
    fo.stop = stop;
    fo.on_change = [&](const CupsJob& j, const std::vector<PrinterProblem>& problems) {
        pg.job = j;
        pg.problems = problems;
        say(PrintProgress::Stage::Waiting);
    };
    const auto accepted = r.accepted_after;
    const auto print_job_id = r.print_job_id;
    auto not_recorded = std::move(r.not_recorded);
    r = follow_job(cups, name, *id, fo);
    r.accepted_after = accepted;
    r.print_job_id = print_job_id;
    r.not_recorded = std::move(not_recorded);
    // Interrupted (the program is closing): the job is still in CUPS.
    if (r.outcome == PrintState::Failed && r.message.key == "err.print.interrupted")
        return finish(PrintState::Submitted);
    return finish(r.outcome);
}

Result<int> visitor_reprints_left(Store& store, const Office& office, const Complaint& c) {
    auto made = store.visitor_prints(c.seq, PrintDocument::TandaTerima);
    if (!made) return made.error();
    const int reprints = std::max(0, *made - 1);
    return std::max(0, office.config.printer.reprint_limit - reprints);
}

// [SECTION] PrintService: the worker thread ------------------------------------------

PrintService::PrintService(Store& store, const Office& office, ProgressFn on_progress)
    : own_journal_(std::make_unique<StoreJournal>(store)), journal_(*own_journal_), office_(office),
      on_progress_(std::move(on_progress)) {
    worker_ = std::thread([this] { run(); });
}

PrintService::PrintService(PrintJournal& journal, const Office& office, ProgressFn on_progress)
    : journal_(journal), office_(office), on_progress_(std::move(on_progress)) {
    worker_ = std::thread([this] { run(); });
}

PrintService::~PrintService() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
}

std::int64_t PrintService::print(const TrackingCode& code, PrintRequest req) {
    return print(code, std::move(req), nullptr);
}

std::int64_t PrintService::print(const TrackingCode& code, PrintRequest req,
                                 std::shared_ptr<const Office> office) {
    std::int64_t ticket = 0;
    {
        std::lock_guard lock(mu_);
        ticket = next_ticket_++;
        tasks_.push_back(Task{ticket, code, std::move(req), std::move(office)});
    }
    cv_.notify_all();
    return ticket;
}

std::vector<PrintProgress> PrintService::take_updates() {
    std::lock_guard lock(mu_);
    return std::exchange(updates_, {});
}

bool PrintService::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [this] { return tasks_.empty() && !busy_; });
}

void PrintService::publish(const PrintProgress& p) {
    {
        std::lock_guard lock(mu_);
        // Nobody polling must not grow memory without end.
        if (updates_.size() >= 256) updates_.erase(updates_.begin());
        updates_.push_back(p);
    }
    if (on_progress_) on_progress_(p);
}

void PrintService::run() {
    for (;;) {
        std::optional<Task> next;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
            // Closing: requests already queued are still sent (or saved), so
            // a receipt asked for never silently vanishes; with stop_ set
            // nothing waits for CUPS to finish them.
            if (tasks_.empty()) return;
            next.emplace(std::move(tasks_.front()));
            tasks_.pop_front();
            busy_ = true;
        }
        const Task& task = *next;
        auto progress = [&](const PrintProgress& p) {
            PrintProgress q = p;
            q.ticket = task.ticket;
            publish(q);
        };
        PrintProgress done;
        done.ticket = task.ticket;
        done.stage = PrintProgress::Stage::Finished;
        const Office& office = task.office ? *task.office : office_;
        auto c = journal_.complaint(task.code);
        Result<PrintReport> r = c ? print_document(journal_, office, *c, task.req, progress, &stop_)
                                  : Result<PrintReport>(c.error());
        if (r) {
            done.print_job_id = r->print_job_id;
            done.printer = r->printer;
            done.cups_job_id = r->cups_job_id;
            done.problems = r->problems;
            done.report = std::move(r).value();
        } else {
            PrintReport refused;
            refused.outcome = PrintState::Refused;
            refused.message = r.error();
            done.report = std::move(refused);
        }
        publish(done);
        {
            std::lock_guard lock(mu_);
            busy_ = false;
        }
        cv_.notify_all();
    }
}

} // namespace keluhan
