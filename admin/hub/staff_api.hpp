// The staff API (docs/api.md): the office service over HTTP, under
// /api/v1/, for keluhan-admin --hub on any PC. Every request's bearer token
// is checked against the sessions table and the request runs the same
// operation a local panel runs (LocalService), as the token's user as the
// accounts hold them now, so every permission check happens here.
#pragma once

#include "store_pool.hpp"

#include "keluhan/domain/i18n.hpp"
#include "keluhan/domain/office.hpp"
#include "keluhan/storage/store.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace keluhan::hub::http {
class Server;
struct Request;
struct Response;
} // namespace keluhan::hub::http

namespace keluhan::hub {

class RateLimiter;

class StaffApi {
  public:
    using Log = std::function<void(const std::string&)>;
    // `trusted_proxies`: [hub] trusted_proxies (client_address.hpp).
    StaffApi(const Office& office, const Catalog& catalog, Store& writer, StorePool& pool, Log log,
             std::vector<std::string> trusted_proxies = {});
    ~StaffApi();
    StaffApi(const StaffApi&) = delete;
    StaffApi& operator=(const StaffApi&) = delete;

    // A staff request's body is a form's worth of text; a desk complaint
    // carries the longest (its description). Anything larger is refused
    // before it is read (the hub's server limit) or parsed.
    static constexpr std::size_t kMaxBody = 256 * 1024;

    void routes(http::Server& server);
    // The office as it is now (settings changed through the API included).
    [[nodiscard]] std::shared_ptr<const Office> office() const;
    // The last write the database refused (a full disk, a lock held too
    // long): its key and when; at 0 when none since the start.
    [[nodiscard]] std::pair<std::string, TimeMs> last_write_failure() const;
    // Sign-ins per client address (the /staf pages count against it too).
    [[nodiscard]] RateLimiter& sign_in_limiter() { return *sign_ins_; }

  private:
    struct Call;
    void sign_in(const http::Request& req, http::Response& res);
    void sign_out(const http::Request& req, http::Response& res);
    // Runs `f` as the request's user on the writer (write) or a pooled reader.
    // `use` false: the request does not count as a use of the session (its
    // idle clock is not started again).
    void serve(const http::Request& req, http::Response& res, bool write,
               const std::function<void(Call&)>& f, bool use = true);

    mutable std::mutex office_mu_;
    std::string write_failed_key_; // under office_mu_
    TimeMs write_failed_at_ = 0;
    std::shared_ptr<const Office> office_;
    const Catalog& catalog_;
    Store& writer_;
    StorePool& pool_;
    Log log_;
    std::unique_ptr<RateLimiter> sign_ins_;
    std::vector<std::string> trusted_proxies_;
};

} // namespace keluhan::hub
