// The real hub (`keluhan serve`) as a child process on loopback, for the sync
// tests and benchmarks: its own database and config in a folder, a free
// port, started and waited for (/healthz), killed (SIGKILL) or stopped
// (SIGTERM) and started again on the same port and database.
#pragma once

#include "keluhan/storage/store.hpp"

#include <httplib.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace keluhan::test {

// A TCP port nobody listens on right now (the kernel's pick).
inline int free_port() {
    const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("no free port");
    close(s);
    return ntohs(a.sin_port);
}

// Spawns argv with stdout and stderr appended to `log`; returns the pid.
inline pid_t spawn_logged(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    std::vector<char*> cargv;
    for (const auto& a : argv)
        cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("spawn failed: " + argv[0]);
    return pid;
}

class HubProcess {
  public:
    // `bin`: the keluhan binary; `dir`: where hub.db, hub.toml and hub.log go.
    // `extra_toml` is appended to the config (e.g. rate limits off).
    HubProcess(std::string bin, const std::filesystem::path& dir, std::string extra_toml = {})
        : bin_(std::move(bin)), dir_(dir), port_(free_port()) {
        db_ = (dir / "hub.db").string();
        config_ = (dir / "hub.toml").string();
        std::ofstream(config_) << "[storage]\ndata_dir = \"" << (dir / "hub-data").string()
                               << "\"\n"
                               << "[hub]\nlisten = \"127.0.0.1\"\nport = " << port_ << "\n"
                               << extra_toml;
    }
    ~HubProcess() { stop(SIGKILL); }
    HubProcess(const HubProcess&) = delete;
    HubProcess& operator=(const HubProcess&) = delete;

    [[nodiscard]] const std::string& db() const { return db_; }
    [[nodiscard]] const std::string& config() const { return config_; }
    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    [[nodiscard]] std::filesystem::path log() const { return dir_ / "hub.log"; }
    [[nodiscard]] bool running() const { return pid_ > 0; }
    [[nodiscard]] pid_t pid() const { return pid_; }

    // Starts `keluhan serve` and waits until /healthz answers 200.
    void start() {
        if (pid_ > 0) return;
        pid_ = spawn_logged({bin_, "--db", db_, "--config", config_, "serve"}, log());
        httplib::Client c("127.0.0.1", port_);
        c.set_connection_timeout(0, 200'000);
        for (int i = 0; i < 200; ++i) {
            if (auto r = c.Get("/healthz"); r && r->status == 200) return;
            int st = 0;
            if (waitpid(pid_, &st, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("keluhan serve ended at start; see " + log().string());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        throw std::runtime_error("keluhan serve did not answer /healthz in 10 s");
    }

    // SIGKILL: the hub dies where it stands (mid-batch). SIGTERM: clean stop.
    void stop(int sig = SIGTERM) {
        if (pid_ <= 0) return;
        ::kill(pid_, sig);
        int st = 0;
        waitpid(pid_, &st, 0);
        pid_ = -1;
    }

    // Runs `keluhan --db hub.db --config hub.toml args...` to the end.
    [[nodiscard]] std::vector<std::string> cli(const std::vector<std::string>& args) const {
        std::vector<std::string> argv{bin_, "--db", db_, "--config", config_};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }

  private:
    std::string bin_;
    std::filesystem::path dir_;
    int port_;
    std::string db_, config_;
    pid_t pid_ = -1;
};

// The token in what `keluhan kiosk add NAME` printed: "<name>.<secret>".
inline std::string find_token(const std::string& out, const std::string& name) {
    std::smatch m;
    const std::regex re(name + R"(\.[A-Za-z0-9_-]{43})");
    if (!std::regex_search(out, m, re)) throw std::runtime_error("no token in: " + out);
    return m.str();
}

} // namespace keluhan::test
