#include "support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace keluhan::test {

HeldWriterLock::HeldWriterLock(const std::filesystem::path& db, const std::string& owner) {
    const std::string lock_path = db.string() + "-writer.lock";
    fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot open " + lock_path);
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd_, F_OFD_SETLK, &fl) != 0)
        throw std::runtime_error("writer lock is taken: " + lock_path);
    const std::string note = "owner=" + owner + " pid=" + std::to_string(getpid()) + "\n";
    if (ftruncate(fd_, 0) != 0 || pwrite(fd_, note.data(), note.size(), 0) < 0)
        throw std::runtime_error("cannot write the lock note");
}

HeldWriterLock::~HeldWriterLock() {
    if (fd_ >= 0) close(fd_);
}

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/keluhan-test-XXXXXX";
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void freeze_clock() {
    if (const char* e = std::getenv("KELUHAN_NOW"); e && *e) {
        if (!parse_iso_time(e))
            throw std::runtime_error(std::string("KELUHAN_NOW is not an ISO time: ") + e);
        return;
    }
    setenv("KELUHAN_NOW", kDefaultNow, 1);
}

std::string month_iso(const Date& d) {
    return format_date(d).substr(0, 7);
}

Date today_at_office() {
    return load_office().config.calendar.local_date(now_ms());
}

std::filesystem::path assets_dir() {
    return KELUHAN_TEST_ASSETS;
}
std::filesystem::path source_dir() {
    return KELUHAN_TEST_SOURCE_DIR;
}

Office load_office(const std::string& profile, const std::string& lang) {
    Config cfg = default_config(assets_dir());
    cfg.sop_profile = profile;
    auto p = load_sop_profile(cfg.sop_path());
    if (!p) throw std::runtime_error("profile: " + p.error().detail);
    auto cat = Catalog::load(cfg.i18n_dir(), lang);
    if (!cat) throw std::runtime_error("catalog: " + cat.error().key);
    return Office{std::move(cfg), std::move(p).value(), std::move(cat).value()};
}

Submission sample_submission(const std::string& description) {
    Submission s;
    s.channel = Channel::Tertulis;
    s.complainant = {false, "Budi Santoso", "PT Karet Musi", "0812 3456 7890",
                     "budi@karetmusi.co.id"};
    s.service = "pengujian";
    s.reference = "LHU-001/2026";
    s.description = description;
    s.expectation = "Segera dikirim.";
    s.consent = true;
    s.origin = "test";
    return s;
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input,
                          const std::map<std::string, std::string>& env) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC))
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    std::vector<std::string> envs;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        const auto key = kv.substr(0, kv.find('='));
        if (!env.count(key)) envs.push_back(kv);
    }
    for (const auto& [k, v] : env)
        if (v != "\x01unset") envs.push_back(k + "=" + v);
    std::vector<char*> cargv, cenv;
    for (const auto& a : argv)
        cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    for (const auto& e : envs)
        cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, cargv.data(), cenv.data());
    posix_spawn_file_actions_destroy(&fa);
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) throw std::runtime_error("spawn failed: " + argv[0]);
    // Feed stdin and drain stdout/stderr together, so neither side blocks.
    std::size_t written = 0;
    if (input.empty()) close(in_pipe[1]);
    ProcessResult r;
    bool out_open = true, err_open = true, in_open = !input.empty();
    while (out_open || err_open) {
        pollfd fds[3];
        int n = 0;
        if (out_open) fds[n++] = {out_pipe[0], POLLIN, 0};
        if (err_open) fds[n++] = {err_pipe[0], POLLIN, 0};
        if (in_open) fds[n++] = {in_pipe[1], POLLOUT, 0};
        if (poll(fds, static_cast<nfds_t>(n), -1) < 0) break;
        for (int i = 0; i < n; ++i) {
            if (!fds[i].revents) continue;
            if (fds[i].fd == in_pipe[1]) {
                const auto w = write(in_pipe[1], input.data() + written, input.size() - written);
                if (w > 0) written += static_cast<std::size_t>(w);
                if (w <= 0 || written == input.size()) {
                    close(in_pipe[1]);
                    in_open = false;
                }
                continue;
            }
            char buf[65536];
            const auto got = read(fds[i].fd, buf, sizeof buf);
            if (got <= 0) {
                if (fds[i].fd == out_pipe[0])
                    out_open = false;
                else
                    err_open = false;
                continue;
            }
            (fds[i].fd == out_pipe[0] ? r.out : r.err).append(buf, static_cast<std::size_t>(got));
        }
    }
    if (in_open) close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string sqlite_text(const std::filesystem::path& db, const std::string& query) {
    sqlite3* h = nullptr;
    if (sqlite3_open_v2(db.string().c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(h);
        throw std::runtime_error("sqlite_text: cannot open " + db.string());
    }
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt* st = nullptr;
    const int rc = sqlite3_prepare_v2(h, query.c_str(), -1, &st, nullptr);
    const std::string why = sqlite3_errmsg(h);
    std::string out;
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    if (rc != SQLITE_OK) throw std::runtime_error("sqlite_text: " + why);
    return out;
}

} // namespace keluhan::test
