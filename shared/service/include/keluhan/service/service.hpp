// The office service: every operation the admin panel performs, as one
// interface. Two implementations:
//
//   LocalService   (local.hpp)   runs the operations on a Store: the one-PC
//                                office, the tests, and the hub itself;
//   RemoteService  (sync/remote_service.hpp) calls the hub's staff API
//                                /api/v1/ (docs/api.md) over HTTP(S).
//
// The panel sees only this interface. Every permission check runs inside
// the operation (ops/), so on the hub a client can never do what its user's
// role may not, whatever it sends. Expected failures are Result values with
// i18n keys, the same through both implementations (the hub sends the Error
// as JSON and the remote side rebuilds it).
//
// A service holds one session: sign_in() starts it, sign_out() ends it;
// every other call acts as the signed-in user and is refused with
// err.session.none (Denied) when nobody is. Calls may come from any one
// thread at a time per method family; the panel uses two worker threads
// (register pages, everything else), so implementations are thread-safe.
#pragma once

#include "keluhan/domain/capa.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/domain/notice.hpp"
#include "keluhan/ops/personal.hpp"
#include "keluhan/ops/report.hpp"
#include "keluhan/ops/settings.hpp"
#include "keluhan/ops/skm.hpp"
#include "keluhan/ops/workflow.hpp"
#include "keluhan/storage/complaints.hpp"
#include "keluhan/storage/print_jobs.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

// A complaint as its Detail page shows it.
struct ComplaintDetail {
    Complaint complaint;
    std::vector<Event> events;
    std::vector<Attachment> attachments; // without their bytes (attachment() has them)
    std::optional<Capa> capa;
    std::string letter_signer; // who signs the response letter (letter_signer())
    // The messages to the complainant and how each went (storage/notices.hpp);
    // a failure's words only for roles that see personal data (a server's
    // refusal may quote the address).
    std::vector<Notice> notices;
    // The display names of the users in its history (and of the CAPA
    // record's last writer), by user name: documents and screens name
    // people, not log-ins.
    std::vector<std::pair<std::string, std::string>> names;
    [[nodiscard]] std::string display_name(const std::string& user) const {
        return display_name_of(names, user);
    }
};

// The Administrasi page: the settings in effect, the accounts, the SOP
// profiles one may switch to.
struct SettingsPage {
    std::optional<Error> stored_refused; // a stored setting that no longer applies
    std::vector<SettingRow> rows;
    std::vector<User> users;
    std::vector<std::string> profiles;
    std::string current_profile;
};

// One change to a user account (users.hpp says who may make it).
struct AccountChange {
    enum class Kind { Add, Role, Active, Password, Function };
    Kind kind = Kind::Add;
    std::string name;
    std::string display_name;  // Add
    Role role = Role::StafPji; // Add, Role
    bool active = true;        // Active: the account's new state
    std::string password;      // Add, Password
    std::string function;      // Function: the function coordinated ("" = any)

    static AccountChange add(std::string name, std::string display_name, Role role,
                             std::string password);
    static AccountChange set_role(std::string name, Role role);
    static AccountChange set_active(std::string name, bool active);
    static AccountChange set_password(std::string name, std::string password);
    static AccountChange set_function(std::string name, std::string function);
};

// One row of the audit trail (storage/accounts.hpp).
using AuditEntry = AuditRow;

class OfficeService {
  public:
    virtual ~OfficeService() = default;

    // --- the session --------------------------------------------------------
    // Checks the password (lockout counted where the accounts are: the hub
    // for a remote service) and starts the session. Refusals: err.auth.*.
    [[nodiscard]] virtual Result<User> sign_in(const std::string& name,
                                               std::string_view password) = 0;
    // Ends the session (a remote one is revoked on the hub). Never fails
    // locally: a hub that cannot be told lets the token expire.
    virtual void sign_out() = 0;
    // The signed-in user as the accounts hold them now.
    [[nodiscard]] virtual Result<User> me() = 0;
    // The same, asked by the panel on its own (its heartbeat): it does not
    // count as using the session, so the hub's idle limit keeps running.
    [[nodiscard]] virtual Result<User> check_session() = 0;

    // --- the register and a complaint -------------------------------------------
    // A page of the register (filters, search, sort, keyset cursor); without
    // Permission::ViewPersonalData the complainant's fields come back empty.
    [[nodiscard]] virtual Result<ListPage> list(const ListQuery& q) = 0;
    [[nodiscard]] virtual Result<std::int64_t> count(const ListQuery& q) = 0;
    [[nodiscard]] virtual Result<ComplaintDetail> detail(const TrackingCode& code) = 0;
    // One attachment's bytes (a voice recording), err.attachment.none when
    // the complaint has no such file.
    [[nodiscard]] virtual Result<Attachment> attachment(const TrackingCode& code,
                                                        std::int64_t id) = 0;

    // --- the SOP's steps ---------------------------------------------------------
    // Completes or returns the current step (workflow.hpp). With
    // req.expected_step set, a step someone else completed meanwhile is
    // refused with err.step.already_done naming who and when.
    [[nodiscard]] virtual Result<Complaint> advance(const TrackingCode& code,
                                                    const AdvanceRequest& req) = 0;
    [[nodiscard]] virtual Result<Capa> save_capa(const TrackingCode& code, const Capa& values,
                                                 std::optional<Role> on_behalf_of) = 0;
    // The typed summary of a spoken complaint (workflow.hpp,
    // Permission::TranscribeSpoken).
    [[nodiscard]] virtual Result<Complaint> record_spoken_summary(const TrackingCode& code,
                                                                  const std::string& text) = 0;
    // The signed letter's number from the agenda surat keluar, where the
    // office has no letter pattern (workflow.hpp, Permission::NumberLetter).
    [[nodiscard]] virtual Result<Complaint> record_letter_number(const TrackingCode& code,
                                                                 const std::string& number) = 0;
    // A complaint taken at the desk (Permission::SubmitAtDesk).
    [[nodiscard]] virtual Result<Submitted> submit(const Submission& s) = 0;

    // --- the print-job journal ---------------------------------------------------
    // The paper comes out of the desk's own CUPS (printing/PrintService); the
    // office's one list of prints is kept here, so a failed receipt is found
    // and printed again from any desk. The signed-in user is the requester.
    // A Tanda Terima needs Permission::Reprint, the response letter
    // Permission::AdvanceSteps.
    [[nodiscard]] virtual Result<PrintJob> record_print(const TrackingCode& code,
                                                        PrintDocument document) = 0;
    // How that print went (printer, CUPS job, state, message, detail, file);
    // only the user who asked for it may say (err.print.not_yours).
    [[nodiscard]] virtual Result<PrintJob> update_print(const PrintJob& job) = 0;
    // Newest first (Permission::Reprint).
    [[nodiscard]] virtual Result<std::vector<PrintJob>> print_jobs(const PrintJobQuery& q) = 0;

    // --- the office's pages ------------------------------------------------------
    [[nodiscard]] virtual Result<MonthReport> month_report(int year, int month) = 0;
    // The satisfaction survey's report for a period (ops/skm.hpp),
    // Permission::ViewReports; err.skm.period for a bad one.
    [[nodiscard]] virtual Result<SkmReport> skm_report(Date from, Date to) = 0;
    [[nodiscard]] virtual Result<SettingsPage> settings() = 0;
    // The stored settings, to lay over a config file (a remote panel's office).
    [[nodiscard]] virtual Result<std::vector<StoredSetting>> stored_settings() = 0;
    [[nodiscard]] virtual Status change_setting(const std::string& key,
                                                const std::string& value) = 0;
    [[nodiscard]] virtual Status reset_setting(const std::string& key) = 0;
    [[nodiscard]] virtual Result<std::int64_t> count_open_outside_sop(const std::string& sop) = 0;
    [[nodiscard]] virtual Result<User> change_account(const AccountChange& change) = 0;
    [[nodiscard]] virtual Result<nlohmann::json> export_personal(const PersonQuery& q) = 0;
    [[nodiscard]] virtual Result<Complaint> anonymise(const TrackingCode& code,
                                                      const std::string& reason) = 0;
    // The audit trail, newest first: `limit` rows older than row `before`
    // (0 = from the newest). Permission::ManageUsers.
    [[nodiscard]] virtual Result<std::vector<AuditEntry>> audit_trail(std::int64_t before,
                                                                      int limit) = 0;
};

// err.session.none: the call needs a signed-in user.
[[nodiscard]] Error no_session();

} // namespace keluhan
