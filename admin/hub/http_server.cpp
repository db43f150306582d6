// [SECTION] index
//   requests and responses
//   a connection: handshake, headers, checks, body, handler, answer, close
//   accept, listen, start and stop
#include "http_server.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fcntl.h>
#include <openssl/ssl.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <future>
#include <limits>
#include <regex>
#include <thread>
#include <type_traits>

namespace keluhan::hub::http {

namespace beast = boost::beast;
namespace bh = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// [SECTION] requests and responses ---------------------------------------------------------

namespace {

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// %XX decoded (a malformed escape is kept as it is); '+' is a space in a query.
std::string percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%' && i + 2 < s.size()) {
            const int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
    return out;
}

void parse_query(std::string_view q, std::multimap<std::string, std::string>& out) {
    while (!q.empty()) {
        const auto amp = q.find('&');
        const auto pair = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        out.emplace(percent_decode(pair.substr(0, eq), true),
                    eq == std::string_view::npos ? std::string()
                                                 : percent_decode(pair.substr(eq + 1), true));
    }
}

std::string peer_of(const tcp::socket& socket) {
    beast::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    if (ec) return "?";
    auto addr = ep.address();
    if (addr.is_v6() && addr.to_v6().is_v4_mapped())
        addr = net::ip::make_address_v4(net::ip::v4_mapped, addr.to_v6());
    return addr.to_string();
}

// Sockets are not handed down to programs this process starts (a panel
// with the hub inside it may run others): a child holding the listening
// socket would keep the port answering after the hub stopped.
void close_on_exec(int fd) {
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

bool is_http_error(const beast::error_code& ec) {
    return ec.category() == bh::make_error_code(bh::error::bad_method).category();
}

} // namespace

std::multimap<std::string, std::string> parse_form(std::string_view body) {
    std::multimap<std::string, std::string> out;
    parse_query(body, out);
    return out;
}

bool CaseLess::operator()(const std::string& a, const std::string& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](char x, char y) { return lower(x) < lower(y); });
}

std::string Request::get_header_value(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}
bool Request::has_header(const std::string& name) const {
    return headers.find(name) != headers.end();
}
bool Request::has_param(const std::string& key) const {
    return params.find(key) != params.end();
}
std::string Request::get_param_value(const std::string& key) const {
    const auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
}

void Response::set_header(const std::string& name, std::string value) {
    for (auto& [k, v] : headers)
        if (iequals(k, name)) {
            v = std::move(value);
            return;
        }
    headers.emplace_back(name, std::move(value));
}
void Response::add_header(const std::string& name, std::string value) {
    headers.emplace_back(name, std::move(value));
}
std::string Response::get_header_value(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}
void Response::set_content(std::string content, std::string_view content_type) {
    body = std::move(content);
    set_header("Content-Type", std::string(content_type));
}
void Response::set_content(const char* data, std::size_t size, std::string_view content_type) {
    set_content(std::string(data, size), content_type);
}

// [SECTION] a connection: handshake, headers, checks, body, handler, answer, close ----------

namespace {

struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
    std::size_t max_body = 0;
    Handler before_body;
};

// A path longer than this is refused (414) before any pattern sees it
// (std::regex recurses per character).
constexpr std::size_t kMaxPath = 2048;

} // namespace

struct Server::Impl {
    std::vector<Route> routes;
    Handler error_handler;
    ExceptionHandler exception_handler;
    Logger logger;
    Limits limits;
    std::atomic<std::size_t> connections{0};
    std::atomic<int> busy{0}; // connections between a request's headers and its answer sent
    std::atomic<bool> stopping{false};
    std::optional<ssl::context> tls; // outlives the connections (declared before ioc)
    int port = 0;
    bool started = false;
    net::io_context ioc{2};
    // Keeps the I/O threads running while a request is only on a worker
    // (no socket operation pending, the acceptor closed by stop()).
    std::optional<net::executor_work_guard<net::io_context::executor_type>> keep_running;
    std::optional<tcp::acceptor> acceptor;
    std::optional<net::steady_timer> retry;
    std::optional<net::thread_pool> workers;
    std::vector<std::thread> io;

    void accept();

    // The route for the request (its matches filled in), or 0 with the
    // status (and for 405, the methods the path takes).
    const Route* find(Request& req, int& status, std::string& allow) const {
        if (req.path.size() > kMaxPath) {
            status = 414;
            return nullptr;
        }
        const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
        bool known_path = false;
        for (const auto& r : routes) {
            std::smatch m;
            if (!std::regex_match(req.path, m, r.pattern)) continue;
            known_path = true;
            if (r.method != method) {
                allow += (allow.empty() ? "" : ", ") + r.method;
                continue;
            }
            req.matches.clear();
            for (const auto& group : m)
                req.matches.push_back(group.str());
            return &r;
        }
        status = known_path ? 405 : 404;
        return nullptr;
    }

    void fill_error(const Request& req, Response& res) const {
        if (res.status >= 400 && res.body.empty() && error_handler) error_handler(req, res);
    }
};

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream> class Connection : public std::enable_shared_from_this<Connection<Stream>> {
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  public:
    template <class... Args>
    Connection(Server::Impl& server, std::string peer, Args&&... args)
        : server_(server), stream_(std::forward<Args>(args)...), peer_(std::move(peer)) {
        ++server_.connections;
    }
    ~Connection() {
        end_busy();
        --server_.connections;
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void run() {
        net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
            if constexpr (kTls) {
                self->lowest().expires_after(self->server_.limits.handshake_timeout);
                self->stream_.async_handshake(ssl::stream_base::server,
                                              [self](const beast::error_code& ec) {
                                                  if (ec) return self->close();
                                                  self->read_header();
                                              });
            } else {
                self->read_header();
            }
        });
    }

  private:
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
    const Limits& limits() const { return server_.limits; }

    void read_header() {
        req_ = std::make_shared<Request>();
        route_ = nullptr;
        head_.emplace();
        head_->header_limit(static_cast<std::uint32_t>(limits().header_bytes));
        // The route's limit is applied once the route is known (on_header).
        head_->body_limit(std::numeric_limits<std::uint64_t>::max());
        // One deadline for the whole of the headers: a client that sends a
        // byte now and then is dropped all the same.
        lowest().expires_after(limits().header_timeout);
        bh::async_read_header(
            stream_, buffer_, *head_,
            [self = this->shared_from_this()](const beast::error_code& ec, std::size_t) {
                self->on_header(ec);
            });
    }

    void on_header(const beast::error_code& ec) {
        started_ = Clock::now();
        if (ec) {
            if (ec == bh::error::header_limit) return refuse(431);
            if (ec != bh::error::end_of_stream && ec != bh::error::partial_message &&
                is_http_error(ec))
                return refuse(400);
            return close(); // timed out, reset, or closed by the client
        }
        if (server_.stopping) return close();
        begin_busy();
        const auto& h = head_->get();
        const std::string_view target(h.target().data(), h.target().size());
        req_->method = std::string(h.method_string().data(), h.method_string().size());
        req_->target = std::string(target);
        const auto q = target.find('?');
        req_->path = percent_decode(target.substr(0, q), false);
        if (q != std::string_view::npos) parse_query(target.substr(q + 1), req_->params);
        for (const auto& f : h)
            req_->headers.emplace(std::string(f.name_string().data(), f.name_string().size()),
                                  std::string(f.value().data(), f.value().size()));
        req_->remote_addr = peer_;
        req_->tls = kTls;
        keep_alive_ = h.keep_alive();

        const auto length = head_->content_length();
        const bool has_body = head_->chunked() || (length && *length > 0);
        int status = 0;
        std::string allow;
        route_ = server_.find(*req_, status, allow);
        if (!route_) return refuse(status, has_body, allow);
        max_body_ = route_->max_body != 0 ? route_->max_body : limits().default_max_body;
        if (length && *length > max_body_) return refuse(413);
        if (!has_body || !route_->before_body) return read_body();
        // The route's check on the headers alone (the sync push's token)
        // runs before a byte of the body is read.
        net::post(*server_.workers, [self = this->shared_from_this()] {
            auto res = std::make_shared<Response>();
            self->guarded(self->route_->before_body, *res);
            if (res->status >= 400) {
                self->guarded(
                    [&self](const Request& rq, Response& rs) { self->server_.fill_error(rq, rs); },
                    *res);
                self->log_now(*res);
            }
            net::post(self->stream_.get_executor(), [self, res] {
                if (res->status < 400) return self->read_body();
                self->close_after_ = true;
                self->answer(std::move(*res));
            });
        });
    }

    void read_body() {
        if (head_->is_done()) return run_handler();
        if (iequals(req_->get_header_value("Expect"), "100-continue")) {
            static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            lowest().expires_after(limits().write_timeout);
            net::async_write(
                stream_, net::buffer(kContinue.data(), kContinue.size()),
                [self = this->shared_from_this()](const beast::error_code& ec, std::size_t) {
                    if (ec) return self->close();
                    self->read_rest();
                });
            return;
        }
        read_rest();
    }

    void read_rest() {
        body_.emplace(std::move(*head_));
        body_->body_limit(static_cast<std::uint64_t>(max_body_));
        const auto length = body_->content_length();
        lowest().expires_after(deadline(limits().body_timeout,
                                        length ? static_cast<std::size_t>(*length) : max_body_));
        bh::async_read(stream_, buffer_, *body_,
                       [self = this->shared_from_this()](const beast::error_code& ec, std::size_t) {
                           self->on_body(ec);
                       });
    }

    void on_body(const beast::error_code& ec) {
        if (ec == bh::error::body_limit) return refuse(413);
        if (ec) {
            if (ec != bh::error::end_of_stream && ec != bh::error::partial_message &&
                is_http_error(ec))
                return refuse(400);
            return close();
        }
        req_->body = std::move(body_->get().body());
        body_.reset();
        run_handler();
    }

    void run_handler() {
        net::post(*server_.workers, [self = this->shared_from_this()] {
            auto res = std::make_shared<Response>();
            self->guarded(self->route_->handler, *res);
            self->guarded(
                [&self](const Request& rq, Response& rs) { self->server_.fill_error(rq, rs); },
                *res);
            self->log_now(*res);
            net::post(self->stream_.get_executor(), [self, res] { self->answer(std::move(*res)); });
        });
    }

    // On a worker: the log line at once.
    void log_now(const Response& res) const {
        if (!server_.logger) return;
        try {
            server_.logger(
                *req_, res,
                std::chrono::duration<double, std::milli>(Clock::now() - started_).count());
        } catch (...) {
        }
    }

    void guarded(const Handler& handler, Response& res) {
        try {
            handler(*req_, res);
        } catch (...) {
            res = Response{};
            res.status = 500;
            if (server_.exception_handler) try {
                    server_.exception_handler(*req_, res, std::current_exception());
                } catch (...) {
                    res.status = 500;
                }
        }
    }

    // An answer the server makes itself; the connection closes after it
    // when the client's body (if any) was not read.
    void refuse(int status, bool unread_body = true, const std::string& allow = {}) {
        close_after_ = close_after_ || unread_body;
        begin_busy();
        Response res;
        res.status = status;
        if (!allow.empty()) res.set_header("Allow", allow);
        guarded([this](const Request& rq, Response& rs) { server_.fill_error(rq, rs); }, res);
        log(res);
        answer(std::move(res));
    }

    // The log line goes out from a worker: a slow stderr (a full pipe,
    // journald throttling) must not stall the I/O threads.
    void log(const Response& res) {
        if (!server_.logger) return;
        const double ms =
            std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
        auto head = std::make_shared<Response>();
        head->status = res.status;
        net::post(*server_.workers, [logger = &server_.logger, req = req_, head, ms] {
            try {
                (*logger)(*req, *head, ms);
            } catch (...) {
            }
        });
    }

    void begin_busy() {
        if (!busy_) ++server_.busy;
        busy_ = true;
    }
    void end_busy() {
        if (busy_) --server_.busy;
        busy_ = false;
    }

    void answer(Response res) {
        const bool keep = keep_alive_ && !close_after_ && !server_.stopping &&
                          ++served_ < limits().requests_per_connection;
        try {
            build(res, keep);
        } catch (...) {
            // A header Beast refused (too long): a bare 500 rather than nothing.
            Response bare;
            bare.status = 500;
            build(bare, keep);
        }
        lowest().expires_after(deadline(limits().write_timeout, out_.body().size()));
        bh::async_write(
            stream_, out_,
            [self = this->shared_from_this(), keep](const beast::error_code& ec, std::size_t) {
                self->end_busy();
                if (ec) return self->close();
                if (!keep) return self->shut_down();
                self->read_header();
            });
    }

    void build(Response& res, bool keep) {
        out_ = {};
        out_.version(11);
        const int status = res.status >= 100 && res.status <= 599 ? res.status : 500;
        out_.result(static_cast<unsigned>(status));
        // A header whose name is not a token or whose value holds a control
        // character (CR, LF: a split answer) is left out, never sent.
        // (Insert, not set: Set-Cookie may come more than once; set_header
        // has already kept one of every other name.)
        for (const auto& [name, value] : res.headers)
            if (header_ok(name, value)) out_.insert(name, value);
        if constexpr (kTls) out_.set(bh::field::strict_transport_security, "max-age=31536000");
        if (status < 200 || status == 204 || status == 304) {
            // No body, and (RFC 9110) no Content-Length on these.
            out_.erase(bh::field::content_length);
            out_.erase(bh::field::transfer_encoding);
        } else {
            out_.body() = std::move(res.body);
            out_.prepare_payload();
            if (req_->method == "HEAD") out_.body().clear(); // the length stays that of the GET
        }
        out_.keep_alive(keep);
    }

    static bool header_ok(std::string_view name, std::string_view value) {
        if (name.empty() || name.size() > 256 || value.size() > 8192) return false;
        for (const char c : name)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
                return false;
        for (const char c : value) {
            const auto u = static_cast<unsigned char>(c);
            if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
        }
        return true;
    }

    // A time limit for moving `bytes`: the base, plus what a slow but
    // honest link (32 KiB/s) needs for that much.
    static std::chrono::milliseconds deadline(std::chrono::milliseconds base, std::size_t bytes) {
        return base + std::chrono::milliseconds(bytes / 32);
    }

    // After the last answer: the client gets it before the connection goes,
    // even when it is still sending a body we refused (read and dropped for
    // two seconds, at most a megabyte, rather than answered with a reset).
    void shut_down() {
        lowest().expires_after(std::chrono::seconds(2));
        if constexpr (kTls) {
            // A refused body is still coming: read and drop its records
            // (close_notify now would make OpenSSL fail on them and reset).
            if (close_after_) return drain();
            stream_.async_shutdown(
                [self = this->shared_from_this()](const beast::error_code&) { self->close(); });
        } else {
            beast::error_code ignored;
            lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
            drain();
        }
    }

    void drain() {
        auto& from = [this]() -> auto& {
            if constexpr (kTls)
                return stream_;
            else
                return lowest();
        }
        ();
        from.async_read_some(
            net::buffer(scratch_),
            [self = this->shared_from_this()](const beast::error_code& ec, std::size_t n) {
                self->drained_ += n;
                if (ec || self->drained_ > (1u << 20)) return self->close();
                self->drain();
            });
    }

    void close() {
        end_busy();
        beast::error_code ignored;
        lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest().close();
    }

    Server::Impl& server_;
    Stream stream_;
    std::string peer_;
    beast::flat_buffer buffer_;
    std::optional<bh::request_parser<bh::empty_body>> head_;
    std::optional<bh::request_parser<bh::string_body>> body_;
    bh::response<bh::string_body> out_;
    std::shared_ptr<Request> req_ = std::make_shared<Request>();
    const Route* route_ = nullptr;
    std::size_t max_body_ = 0;
    bool keep_alive_ = false;
    bool close_after_ = false;
    bool busy_ = false;
    int served_ = 0;
    std::size_t drained_ = 0;
    std::array<char, 4096> scratch_{};
    Clock::time_point started_ = Clock::now();
};

} // namespace

// [SECTION] accept, listen, start and stop ----------------------------------------------------

void Server::Impl::accept() {
    acceptor->async_accept(net::make_strand(ioc), [this](const beast::error_code& ec,
                                                         tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
        if (ec) {
            // Out of descriptors, most likely: try again shortly rather than stop accepting.
            retry->expires_after(std::chrono::milliseconds(50));
            retry->async_wait([this](const beast::error_code& e) {
                if (!e) accept();
            });
            return;
        }
        if (connections.load() >= limits.max_connections || stopping) {
            beast::error_code ignored;
            socket.close(ignored);
        } else {
            beast::error_code ignored;
            close_on_exec(socket.native_handle());
            socket.set_option(tcp::no_delay(true), ignored);
            std::string peer = peer_of(socket);
            if (tls)
                std::make_shared<Connection<TlsStream>>(*this, std::move(peer), std::move(socket),
                                                        *tls)
                    ->run();
            else
                std::make_shared<Connection<PlainStream>>(*this, std::move(peer), std::move(socket))
                    ->run();
        }
        accept();
    });
}

Server::Server() : impl_(std::make_unique<Impl>()) {}

Server::~Server() {
    stop();
}

void Server::route(std::string method, const std::string& pattern, Handler handler,
                   std::size_t max_body, Handler before_body) {
    impl_->routes.push_back(Route{std::move(method), std::regex(pattern), std::move(handler),
                                  max_body, std::move(before_body)});
}
void Server::set_error_handler(Handler h) {
    impl_->error_handler = std::move(h);
}
void Server::set_exception_handler(ExceptionHandler h) {
    impl_->exception_handler = std::move(h);
}
void Server::set_logger(Logger l) {
    impl_->logger = std::move(l);
}
void Server::set_limits(const Limits& limits) {
    impl_->limits = limits;
}

std::optional<std::string> Server::use_tls(const std::string& cert_file,
                                           const std::string& key_file) {
    auto& tls = impl_->tls;
    tls.emplace(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::no_compression | ssl::context::single_dh_use);
    SSL_CTX* ctx = tls->native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // TLS 1.2: forward-secret AEAD suites only (as assets/nginx/keluhan-hub.conf);
    // TLS 1.3's are all of that kind.
    SSL_CTX_set_cipher_list(ctx, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                 "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                 "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
    beast::error_code ec;
    tls->use_certificate_chain_file(cert_file, ec);
    if (!ec) tls->use_private_key_file(key_file, ssl::context::pem, ec);
    if (ec) {
        tls.reset();
        return "the certificate or key cannot be used (PEM expected): " + ec.message();
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        tls.reset();
        return std::string("the certificate and the key do not match");
    }
    return std::nullopt;
}

bool Server::tls() const {
    return impl_->tls.has_value();
}

std::optional<std::string> Server::listen(const std::string& address, int port) {
    auto& im = *impl_;
    beast::error_code ec;
    tcp::resolver resolver(im.ioc);
    const auto found = resolver.resolve(
        address, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || found.empty()) return "cannot resolve the address: " + ec.message();
    const tcp::endpoint ep = found.begin()->endpoint();
    // The acceptor and its retry timer live on one strand of their own, so
    // stop() can close it from outside while an accept completes.
    im.acceptor.emplace(net::make_strand(im.ioc));
    im.acceptor->open(ep.protocol(), ec);
    if (!ec) close_on_exec(im.acceptor->native_handle());
    if (!ec) im.acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) im.acceptor->bind(ep, ec);
    if (!ec) im.acceptor->listen(1024, ec);
    if (ec) {
        im.acceptor.reset();
        return "cannot bind (" + ec.message() + ")";
    }
    im.port = im.acceptor->local_endpoint().port();
    return std::nullopt;
}

int Server::port() const {
    return impl_->port;
}

std::size_t Server::open_connections() const {
    return impl_->connections.load();
}

void Server::start(int workers) {
    auto& im = *impl_;
    if (im.started || !im.acceptor) return;
    im.started = true;
    // Every connection is a descriptor: the soft limit is raised to the hard
    // one, and connections beyond what it allows (less a margin for the
    // database and the log) are closed at accept rather than failing there.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
        if (files.rlim_cur < files.rlim_max) {
            files.rlim_cur = files.rlim_max;
            ::setrlimit(RLIMIT_NOFILE, &files);
            ::getrlimit(RLIMIT_NOFILE, &files);
        }
        if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur > 128)
            im.limits.max_connections =
                std::min<std::size_t>(im.limits.max_connections, files.rlim_cur - 128);
    }
    im.workers.emplace(static_cast<std::size_t>(std::max(1, workers)));
    im.keep_running.emplace(im.ioc.get_executor());
    im.retry.emplace(im.acceptor->get_executor());
    net::post(im.acceptor->get_executor(), [&im] { im.accept(); });
    for (int i = 0; i < 2; ++i)
        im.io.emplace_back([&im] {
            // A handler that throws must not end the thread (nor the process).
            for (;;) {
                try {
                    im.ioc.run();
                    return;
                } catch (...) {
                }
            }
        });
}

void Server::stop() {
    auto& im = *impl_;
    if (!im.started) return;
    im.started = false;
    im.stopping = true;
    // No new connection, and none taken after this returns.
    std::promise<void> closed;
    net::post(im.acceptor->get_executor(), [&im, &closed] {
        beast::error_code ignored;
        im.acceptor->close(ignored);
        im.retry->cancel();
        closed.set_value();
    });
    closed.get_future().wait_for(std::chrono::seconds(2));
    // Requests under way (from their headers to their answer written) get
    // up to five seconds to finish; no new request is read (stopping).
    for (int i = 0; i < 5000 && im.busy.load() > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    im.ioc.stop();
    for (auto& t : im.io)
        t.join();
    im.io.clear();
    im.workers->stop();
    im.workers->join();
}

} // namespace keluhan::hub::http
