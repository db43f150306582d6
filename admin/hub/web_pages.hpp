// The hub's HTML pages beyond the status page: the complaint form for the
// public (/ajukan, web_intake.cpp) and the officials' pages (/staf,
// staff_pages.cpp). Server-rendered, no JavaScript, Bahasa Indonesia with
// a link to English, built for a phone's screen and a screen reader.
//
//   GET  /ajukan                           the form (sets the form cookie)
//   POST /ajukan                           multipart: fields and up to 3 files
//   GET  /ajukan/diterima/<code>?t=        the code, its QR, the receipt's link
//   GET  /ajukan/diterima/<code>/tanda-terima.pdf?t=
//   GET  /staf                             my tasks (or the sign-in form)
//   POST /staf/masuk, /staf/keluar         sign in, sign out
//   GET  /staf/k/<code>                    a complaint and my step's form
//   POST /staf/k/<code>                    my step: complete or return it
//   GET  /staf/k/<code>/surat.pdf          the answer letter as it stands
//
// Every form carries a token bound to the browser (a SameSite=Strict cookie)
// and to the form, so another site cannot post it.
#pragma once

#include "rate_limit.hpp"
#include "status_page.hpp"
#include "store_pool.hpp"
#include "web_forms.hpp"

#include "keluhan/domain/office.hpp"
#include "keluhan/storage/store.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace keluhan::hub {

namespace http {
class Server;
}

// What the pages are given by the hub.
struct WebSite {
    std::function<std::shared_ptr<const Office>()> office; // as it is now
    std::function<PageContext(const std::string& lang)> page;
    Store& writer;
    StorePool& pool;
    std::function<void(const std::string&)> log;
    HubConfig config;
    web::Signer signer;
};

// The form's limits: three files, 5 MB in all.
inline constexpr int kWebMaxFiles = 3;
inline constexpr std::size_t kWebMaxFileBytes = 5u << 20;
// A form's body: the files and a form's worth of text around them.
// Read whole up to 24 MB, so a phone's photo over the 5 MB is refused
// beside the file field with everything typed kept, not cut off with 413.
inline constexpr std::size_t kWebMaxBody = 24u << 20;

class WebIntake {
  public:
    explicit WebIntake(WebSite& site);
    void routes(http::Server& s);

  private:
    struct Form;
    void show(const http::Request& req, http::Response& res);
    void post(const http::Request& req, http::Response& res);
    void done(const http::Request& req, http::Response& res, bool pdf);
    // The form cookie (made and set when the browser has none).
    std::string binding(const http::Request& req, http::Response& res);
    std::string form_page(const PageContext& ctx, const Office& office, const Form& f,
                          const std::string& token) const;
    WebSite& site_;
    RateLimiter posts_; // any POST, a minute's worth, briefly
    RateLimiter quota_; // the complaints stored (and honeypots filled), an hour's worth
    // Forms already sent, by their token: sent again (Back, then Kirim), the
    // answer is the same complaint, not a second one.
    std::mutex sent_mu_;
    std::map<std::string, std::pair<std::string, TimeMs>> sent_; // token -> (code, expiry)
};

class StaffPages {
  public:
    // `sign_ins`: the staff API's per-address sign-in limit, shared.
    StaffPages(WebSite& site, RateLimiter& sign_ins);
    void routes(http::Server& s);

  private:
    void tasks(const http::Request& req, http::Response& res);
    void sign_in(const http::Request& req, http::Response& res);
    void sign_out(const http::Request& req, http::Response& res);
    void complaint(const http::Request& req, http::Response& res, bool post);
    void letter(const http::Request& req, http::Response& res);
    void sign_in_page(const http::Request& req, http::Response& res, const std::string& message,
                      const std::string& name, int status);
    // The session's user; otherwise the answer is given (the sign-in form,
    // "expired", or the database's failure) and nothing is returned.
    std::optional<User> signed_in(const http::Request& req, http::Response& res);
    WebSite& site_;
    RateLimiter& sign_ins_;
};

} // namespace keluhan::hub
