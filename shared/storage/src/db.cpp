#include "db.hpp"

#include <sqlite3.h>

namespace keluhan::db {
namespace {
[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
    std::string msg(what);
    msg += ": ";
    msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw Failure(db ? sqlite3_extended_errcode(db) : rc, msg);
}
} // namespace

void Connection::Closer::operator()(sqlite3* db) const noexcept {
    sqlite3_close_v2(db);
}
void Statement::Finalizer::operator()(sqlite3_stmt* s) const noexcept {
    sqlite3_finalize(s);
}

Connection::Connection(const std::string& path, Mode mode) {
    sqlite3* raw = nullptr;
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) fail(raw, rc, "open " + path);
    sqlite3_extended_result_codes(raw, 1);
}

void Connection::exec(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw Failure(sqlite3_extended_errcode(db_.get()), msg);
    }
}

Statement Connection::prepare(std::string_view sql) {
    sqlite3_stmt* s = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &s, nullptr);
    if (rc != SQLITE_OK) fail(db_.get(), rc, "prepare");
    return Statement(db_.get(), s);
}

Connection::Lease Connection::cached(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end())
        it = cache_.emplace(sql, std::make_unique<Statement>(prepare(sql))).first;
    return Lease(*it->second);
}

Connection::Lease::~Lease() {
    if (s_) s_->reset();
}

std::int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_.get());
}
int Connection::changes() const {
    return sqlite3_changes(db_.get());
}

std::int64_t Connection::scalar(std::string_view sql) {
    auto st = prepare(sql);
    return st.step() ? st.int64(0) : 0;
}

Statement& Statement::bind(int i, std::int64_t v) {
    if (const int rc = sqlite3_bind_int64(stmt_.get(), i, v); rc != SQLITE_OK)
        fail(db_, rc, "bind");
    return *this;
}
Statement& Statement::bind(int i, double v) {
    if (const int rc = sqlite3_bind_double(stmt_.get(), i, v); rc != SQLITE_OK)
        fail(db_, rc, "bind");
    return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
    const int rc =
        sqlite3_bind_text64(stmt_.get(), i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}
Statement& Statement::bind_blob(int i, std::span<const std::uint8_t> v) {
    const int rc = sqlite3_bind_blob64(stmt_.get(), i, v.data(), v.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}
Statement& Statement::bind_null(int i) {
    if (const int rc = sqlite3_bind_null(stmt_.get(), i); rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::int64(int col) const {
    return sqlite3_column_int64(stmt_.get(), col);
}

std::string Statement::text(int col) const {
    const auto* p = sqlite3_column_text(stmt_.get(), col);
    const int n = sqlite3_column_bytes(stmt_.get(), col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string();
}

std::vector<std::uint8_t> Statement::blob(int col) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), col));
    const int n = sqlite3_column_bytes(stmt_.get(), col);
    return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

bool Statement::is_null(int col) const {
    return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL;
}

// BEGIN, COMMIT and ROLLBACK are prepared once per connection, like every
// other statement of a write.
Transaction::Transaction(Connection& c) : c_(c) {
    c_.cached("BEGIN IMMEDIATE")->run();
}
Transaction::~Transaction() {
    if (!done_) {
        try {
            c_.cached("ROLLBACK")->run();
        } catch (...) {
            // The transaction may already be gone (SQLite rolls back by itself
            // on some errors such as SQLITE_FULL); nothing more to undo.
        }
    }
}
void Transaction::commit() {
    c_.cached("COMMIT")->run();
    done_ = true;
}

ReadTransaction::ReadTransaction(Connection& c) : c_(c) {
    c_.exec("BEGIN");
}
ReadTransaction::~ReadTransaction() {
    try {
        c_.exec("COMMIT");
    } catch (...) {
        // A read transaction has nothing to lose.
    }
}

} // namespace keluhan::db
