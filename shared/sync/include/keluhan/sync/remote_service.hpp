// The office service over the hub's staff API (docs/api.md): what
// keluhan-admin --hub URL works through, with no database on its PC. Each
// call is one HTTP(S) request; the hub runs the operation and its
// permission checks, and its refusals come back as the same Errors a local
// panel gets.
//
// A request that cannot reach the hub (connection refused, cut, timed out)
// is err.remote.unreachable (Storage): nothing was done, or, for a step,
// it was done once (asking again answers err.step.already_done). Reads are
// tried once more on a fresh connection first. An expired or revoked
// session is err.session.expired: the panel asks for the password again.
#pragma once

#include "keluhan/domain/sop.hpp"
#include "keluhan/service/service.hpp"

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace keluhan {

struct RemoteOptions {
    std::string hub_url;           // "https://host:port" (a path prefix is kept)
    std::filesystem::path ca_file; // PEM to trust ("" = the system's)
    int connect_timeout_ms = 3000;
    int timeout_ms = 20000;               // per request
    std::string client = "keluhan-admin"; // shown in the hub's session list
    // Where the SOP profiles are (a month report names its steps by id).
    std::filesystem::path sop_dir;
};

class RemoteService final : public OfficeService {
  public:
    // err.sync.hub_url when the URL is not http(s)://host[:port][/prefix].
    [[nodiscard]] static Result<std::unique_ptr<RemoteService>> open(RemoteOptions opt);
    ~RemoteService() override;
    RemoteService(const RemoteService&) = delete;
    RemoteService& operator=(const RemoteService&) = delete;

    // True when the last request reached the hub (the panel's banner).
    [[nodiscard]] bool reachable() const { return reachable_; }
    [[nodiscard]] const std::string& url() const { return opt_.hub_url; }

    Result<User> sign_in(const std::string& name, std::string_view password) override;
    void sign_out() override;
    Result<User> me() override;
    Result<User> check_session() override;
    Result<ListPage> list(const ListQuery& q) override;
    Result<std::int64_t> count(const ListQuery& q) override;
    Result<ComplaintDetail> detail(const TrackingCode& code) override;
    Result<Attachment> attachment(const TrackingCode& code, std::int64_t id) override;
    Result<Complaint> advance(const TrackingCode& code, const AdvanceRequest& req) override;
    Result<Capa> save_capa(const TrackingCode& code, const Capa& values,
                           std::optional<Role> on_behalf_of) override;
    Result<Submitted> submit(const Submission& s) override;
    Result<PrintJob> record_print(const TrackingCode& code, PrintDocument document) override;
    Result<PrintJob> update_print(const PrintJob& job) override;
    Result<std::vector<PrintJob>> print_jobs(const PrintJobQuery& q) override;
    Result<MonthReport> month_report(int year, int month) override;
    Result<SkmReport> skm_report(Date from, Date to) override;
    Result<SettingsPage> settings() override;
    Result<std::vector<StoredSetting>> stored_settings() override;
    Status change_setting(const std::string& key, const std::string& value) override;
    Status reset_setting(const std::string& key) override;
    Result<std::int64_t> count_open_outside_sop(const std::string& sop) override;
    Result<User> change_account(const AccountChange& change) override;
    Result<nlohmann::json> export_personal(const PersonQuery& q) override;
    Result<Complaint> record_spoken_summary(const TrackingCode& code,
                                            const std::string& text) override;
    Result<Complaint> record_letter_number(const TrackingCode& code,
                                           const std::string& number) override;
    Result<Complaint> anonymise(const TrackingCode& code, const std::string& reason) override;
    Result<std::vector<AuditEntry>> audit_trail(std::int64_t before, int limit) override;

  private:
    struct Reply; // one answer: status, body, content type
    struct Address {
        std::string origin;
        std::string prefix;
    };
    RemoteService(RemoteOptions opt, Address a);
    enum class Method { Get, Post, Put, Patch, Delete };
    // One request with the session's token; `idempotent` ones are tried
    // once more on a fresh connection when the first attempt fails to connect.
    [[nodiscard]] Result<Reply> call(Method m, const std::string& path, const std::string& body,
                                     bool idempotent);
    [[nodiscard]] Result<User> signed_in_user(const char* path);
    [[nodiscard]] Result<nlohmann::json> call_json(Method m, const std::string& path,
                                                   const nlohmann::json* body, bool idempotent);
    [[nodiscard]] std::string token() const;

    RemoteOptions opt_;
    Address address_;
    // The profiles month reports point into, loaded once each from sop_dir.
    std::map<std::string, std::unique_ptr<SopProfile>> profiles_;
    mutable std::mutex mu_;
    std::string token_;
    std::atomic<bool> reachable_{true};
    struct Pool;
    std::unique_ptr<Pool> pool_;
};

} // namespace keluhan
