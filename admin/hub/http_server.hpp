// The hub's HTTP server: event-driven (Boost.Beast over Asio, Debian's
// libboost-dev), so an open connection costs a socket and a few kilobytes,
// not a thread. The hub's handlers stay plain functions from a Request to a
// Response; they run on a pool of worker threads (the database work), while
// a couple of I/O threads read and write every connection.
//
// What it holds against a client that means harm (tests/hub/test_slow_clients.cpp):
//   - headers must be complete within Limits::header_timeout of the
//     connection's start (or of the last answer on a kept-alive one), and
//     fit in Limits::header_bytes; a TLS handshake has its own deadline;
//   - a body is read only for a route that takes one, only up to the
//     route's max_body (a declared Content-Length over it is refused with
//     413 before a byte of the body is read; a chunked body is cut at the
//     limit), and only after the route's before_body check (the sync push
//     checks its token there) has passed;
//   - the whole body within Limits::body_timeout, an answer within
//     Limits::write_timeout;
//   - at most Limits::max_connections at once (beyond: closed at accept).
//
//     http::Server s;
//     s.Get(R"(/s/([^/]*))", [](const http::Request& q, http::Response& r) { ... q.matches[1] ...
//     }); s.Post("/api/v1/sync/push", push, 32 << 20, check_token); if (auto why =
//     s.listen("127.0.0.1", 8080)) fail(*why); s.start(/*workers=*/8);
//     ...
//     s.stop();
#pragma once

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keluhan::hub::http {

// Header names compare without regard to case.
struct CaseLess {
    bool operator()(const std::string& a, const std::string& b) const;
};

struct Request {
    std::string method;      // "GET", "POST", ... ("HEAD" is served by the GET route)
    std::string target;      // as sent: path and query
    std::string path;        // percent-decoded, without the query
    std::string remote_addr; // the socket's peer (an IPv4-mapped IPv6 address as IPv4)
    std::multimap<std::string, std::string, CaseLess> headers;
    std::multimap<std::string, std::string> params; // the query, decoded
    std::vector<std::string> matches;               // [0] the path, [1..] the route's groups
    std::string body;
    bool tls = false;

    [[nodiscard]] std::string get_header_value(const std::string& name) const;
    [[nodiscard]] bool has_header(const std::string& name) const;
    [[nodiscard]] bool has_param(const std::string& key) const;
    [[nodiscard]] std::string get_param_value(const std::string& key) const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    // Sets a header (replacing one of the same name).
    void set_header(const std::string& name, std::string value);
    // Adds one more header of that name (Set-Cookie, once per cookie).
    void add_header(const std::string& name, std::string value);
    [[nodiscard]] std::string get_header_value(const std::string& name) const;
    void set_content(std::string content, std::string_view content_type);
    void set_content(const char* data, std::size_t size, std::string_view content_type);
};

// An application/x-www-form-urlencoded body, decoded ('+' is a space).
[[nodiscard]] std::multimap<std::string, std::string> parse_form(std::string_view body);

using Handler = std::function<void(const Request&, Response&)>;
using ExceptionHandler = std::function<void(const Request&, Response&, std::exception_ptr)>;
// After every answer: the request (headers only when it was refused before
// its body), the answer, and how long it took from the end of the headers.
using Logger = std::function<void(const Request&, const Response&, double ms)>;

struct Limits {
    std::chrono::milliseconds header_timeout{5000};
    std::chrono::milliseconds handshake_timeout{5000};
    std::chrono::milliseconds body_timeout{30000};
    std::chrono::milliseconds write_timeout{30000};
    std::size_t header_bytes = 16 * 1024;
    std::size_t max_connections = 20000;
    int requests_per_connection = 1000;
    // The body a route takes when it does not say (a GET's is refused beyond).
    std::size_t default_max_body = 64 * 1024;
};

class Server {
  public:
    Server();
    ~Server(); // stop()
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // A route: `pattern` is an ECMAScript regular expression matched against
    // the whole decoded path. `max_body` 0 = Limits::default_max_body.
    // `before_body` runs (on a worker) once the headers are in; an answer of
    // 400 or more from it is sent as is, and the body is never read.
    void route(std::string method, const std::string& pattern, Handler handler,
               std::size_t max_body = 0, Handler before_body = {});
    void Get(const std::string& pattern, Handler h) { route("GET", pattern, std::move(h)); }
    void Post(const std::string& pattern, Handler h, std::size_t max_body = 0,
              Handler before_body = {}) {
        route("POST", pattern, std::move(h), max_body, std::move(before_body));
    }
    void Put(const std::string& pattern, Handler h, std::size_t max_body = 0) {
        route("PUT", pattern, std::move(h), max_body);
    }
    void Patch(const std::string& pattern, Handler h, std::size_t max_body = 0) {
        route("PATCH", pattern, std::move(h), max_body);
    }
    void Delete(const std::string& pattern, Handler h) { route("DELETE", pattern, std::move(h)); }

    // Fills an answer left without a body at status 400 or more: a handler's
    // and those the server makes itself (400 bad request, 404 no route, 405,
    // 413 too large, 431 headers too large).
    void set_error_handler(Handler h);
    void set_exception_handler(ExceptionHandler h);
    void set_logger(Logger l);
    void set_limits(const Limits& limits);

    // HTTPS with these PEM files: TLS 1.2 and 1.3 only, forward-secret AEAD
    // ciphers only, and Strict-Transport-Security on every answer. The
    // reason when they cannot be used.
    [[nodiscard]] std::optional<std::string> use_tls(const std::string& cert_file,
                                                     const std::string& key_file);
    [[nodiscard]] bool tls() const;

    // Binds and listens (backlog 1024); port 0 = any free port. The reason
    // when it cannot.
    [[nodiscard]] std::optional<std::string> listen(const std::string& address, int port);
    [[nodiscard]] int port() const;
    // Serves on two I/O threads and `workers` handler threads; returns at once.
    void start(int workers);
    // Stops accepting and serving; handlers under way finish first. Safe twice.
    void stop();
    [[nodiscard]] std::size_t open_connections() const;

    struct Impl; // (public only so the connections in http_server.cpp can name it)

  private:
    std::unique_ptr<Impl> impl_;
};

} // namespace keluhan::hub::http
