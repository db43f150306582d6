// The office service on a Store: the one-PC office's panel, the tests, and
// the hub, whose staff API runs every request through one of these acting
// as the request's user (so the permission checks are the hub's).
#pragma once

#include "keluhan/domain/office.hpp"
#include "keluhan/service/service.hpp"
#include "keluhan/storage/store.hpp"

#include <mutex>
#include <optional>

namespace keluhan {

class LocalService final : public OfficeService {
  public:
    // Nobody signed in yet (the panel): sign_in() checks the password.
    LocalService(Store& store, const Office& office);
    // Acting as `user` already (the hub, once a request's token is checked).
    LocalService(Store& store, const Office& office, User user);

    Result<User> sign_in(const std::string& name, std::string_view password) override;
    void sign_out() override;
    Result<User> me() override;
    Result<User> check_session() override { return me(); }
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

    // The office with the stored settings laid over it, as the last
    // change_setting() or reset_setting() left it (the hub takes it up).
    [[nodiscard]] const std::optional<Office>& changed_office() const { return changed_; }

  private:
    [[nodiscard]] Result<User> user() const;

    Store& store_;
    const Office& office_;
    mutable std::mutex mu_;
    std::optional<User> user_;
    std::optional<Office> changed_;
};

} // namespace keluhan
