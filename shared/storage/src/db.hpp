// Thin RAII over the SQLite C API: a connection, a prepared statement and a
// transaction guard that rolls back unless committed. Failures throw
// db::Failure inside the store; the store turns them into Error values at its
// public boundary, so nothing above it sees an exception.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace keluhan::db {

class Failure : public std::runtime_error {
  public:
    Failure(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    // The primary SQLite result code (SQLITE_BUSY, SQLITE_FULL, ...).
    [[nodiscard]] int code() const { return code_ & 0xFF; }
    [[nodiscard]] int extended_code() const { return code_; }

  private:
    int code_;
};

class Statement;

class Connection {
  public:
    enum class Mode { ReadWrite, ReadOnly };
    Connection(const std::string& path, Mode mode);
    ~Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&&) noexcept = default;
    Connection& operator=(Connection&&) noexcept = default;

    void exec(const char* sql); // for pragmas and DDL only, never with user text
    [[nodiscard]] Statement prepare(std::string_view sql);
    class Lease;
    // A statement prepared once for the life of the connection, for the hot
    // paths (submit, find, list). The lease resets it when it goes out of
    // scope, so a half-read query never holds an old snapshot open. One use
    // of a given SQL text at a time.
    [[nodiscard]] Lease cached(const std::string& sql);
    [[nodiscard]] std::int64_t last_insert_rowid() const;
    [[nodiscard]] int changes() const;
    [[nodiscard]] sqlite3* handle() const { return db_.get(); }
    // One integer from a query with no parameters ("PRAGMA user_version").
    [[nodiscard]] std::int64_t scalar(std::string_view sql);

  private:
    struct Closer {
        void operator()(sqlite3* db) const noexcept;
    };
    std::unique_ptr<sqlite3, Closer> db_;
    // Declared after db_: statements are finalised before the connection closes.
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

class Statement {
  public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

    // Parameters are 1-based, as in SQLite. Text and blobs are copied
    // (SQLITE_TRANSIENT), so temporaries are safe to pass.
    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Statement& bind(int i, double v);
    Statement& bind(int i, std::string_view v);
    Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Statement& bind_blob(int i, std::span<const std::uint8_t> v);
    Statement& bind_null(int i);
    template <typename T> Statement& bind(int i, const std::optional<T>& v) {
        return v ? bind(i, *v) : bind_null(i);
    }

    // True while there is a row; false when done.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    [[nodiscard]] std::int64_t int64(int col) const;
    [[nodiscard]] std::string text(int col) const;
    [[nodiscard]] std::vector<std::uint8_t> blob(int col) const;
    [[nodiscard]] bool is_null(int col) const;

  private:
    struct Finalizer {
        void operator()(sqlite3_stmt* s) const noexcept;
    };
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

class Connection::Lease {
  public:
    explicit Lease(Statement& s) : s_(&s) {}
    ~Lease();
    Lease(Lease&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    Statement* operator->() const { return s_; }
    Statement& operator*() const { return *s_; }

  private:
    Statement* s_;
};

// BEGIN IMMEDIATE on construction (takes the write lock at once, so a busy
// database fails here, before any work); ROLLBACK in the destructor unless
// commit() was called.
class Transaction {
  public:
    explicit Transaction(Connection& c);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Connection& c_;
    bool done_ = false;
};

// A read transaction (BEGIN DEFERRED): one consistent snapshot for several
// queries.
class ReadTransaction {
  public:
    explicit ReadTransaction(Connection& c);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

  private:
    Connection& c_;
};

} // namespace keluhan::db
