// A TCP proxy on loopback in front of a real server that resets a client's
// connection when the client starts another request on it after an answer:
// what a kiosk meets when the hub closed an idle keep-alive connection just
// as the next request went out. Once it has reset one, it resets new
// connections too, until it has reset `drops` of them; everything else it
// relays untouched, both ways.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace keluhan::test {

class DroppingProxy {
  public:
    DroppingProxy(int upstream_port, int drops) : upstream_(upstream_port), drops_left_(drops) {
        listen_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (listen_ < 0 || bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
            ::listen(listen_, 16) != 0 ||
            getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            throw std::runtime_error("proxy: cannot listen");
        port_ = ntohs(a.sin_port);
        accepter_ = std::thread([this] { accept_loop(); });
    }
    ~DroppingProxy() {
        stop_ = true;
        accepter_.join();
        for (auto& t : relays_)
            t.join();
        close(listen_);
    }
    DroppingProxy(const DroppingProxy&) = delete;
    DroppingProxy& operator=(const DroppingProxy&) = delete;

    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    [[nodiscard]] int dropped() const { return dropped_; }

  private:
    void accept_loop() {
        while (!stop_) {
            pollfd p{listen_, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0) continue;
            const int client = accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) continue;
            relays_.emplace_back([this, client] { relay(client); });
        }
    }

    void relay(int client) {
        const int up = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(static_cast<std::uint16_t>(upstream_));
        if (up < 0 || connect(up, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            close(client);
            if (up >= 0) close(up);
            return;
        }
        bool answered = false; // the server sent something since the client last did
        bool fresh = true;     // nothing relayed on this connection yet
        std::vector<char> buf(64 * 1024);
        while (!stop_) {
            pollfd p[2] = {{client, POLLIN, 0}, {up, POLLIN, 0}};
            if (poll(p, 2, 50) <= 0) continue;
            if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
                const ssize_t n = recv(client, buf.data(), buf.size(), 0);
                if (n <= 0) break;
                // A request starts after an answer, or on a new connection
                // once the proxy reset one (the hub stays away for a while).
                const bool starts = answered || fresh;
                if (starts && (answered || dropped_ > 0) && drops_left_ > 0) {
                    --drops_left_;
                    // A reset, not a polite close: the client's write fails.
                    linger l{1, 0};
                    setsockopt(client, SOL_SOCKET, SO_LINGER, &l, sizeof l);
                    ++dropped_;
                    break;
                }
                answered = fresh = false;
                if (!send_all(up, buf.data(), static_cast<std::size_t>(n))) break;
            }
            if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
                const ssize_t n = recv(up, buf.data(), buf.size(), 0);
                if (n <= 0) break;
                answered = true;
                if (!send_all(client, buf.data(), static_cast<std::size_t>(n))) break;
            }
        }
        close(client);
        close(up);
    }

    static bool send_all(int fd, const char* p, std::size_t n) {
        while (n > 0) {
            const ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
            if (w <= 0) return false;
            p += w;
            n -= static_cast<std::size_t>(w);
        }
        return true;
    }

    int upstream_;
    int listen_ = -1;
    int port_ = 0;
    std::atomic<int> drops_left_;
    std::atomic<int> dropped_{0};
    std::atomic<bool> stop_{false};
    std::thread accepter_;
    std::vector<std::thread> relays_; // only the accepting thread adds to it
};

} // namespace keluhan::test
