// The hub's read-only stores: one per request at a time, back to the pool
// afterwards, so a status page or a register page never waits behind a
// sync batch or a step being written.
#pragma once

#include "keluhan/storage/store.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace keluhan::hub {

class StorePool {
  public:
    explicit StorePool(std::filesystem::path db) : db_(std::move(db)) {}

    // A read-only store for one request (get() is null when it cannot be
    // opened: error() says why).
    class Lease {
      public:
        explicit Lease(StorePool& pool) : pool_(pool) {
            {
                std::lock_guard lock(pool_.mu_);
                if (!pool_.free_.empty()) {
                    store_ = std::move(pool_.free_.back());
                    pool_.free_.pop_back();
                    return;
                }
            }
            auto s = Store::open(pool_.db_,
                                 StoreOptions{StoreOptions::Access::Read, "keluhan serve", 5000});
            if (s)
                store_ = std::move(s).value();
            else
                error_ = s.error();
        }
        ~Lease() {
            if (!store_) return;
            std::lock_guard lock(pool_.mu_);
            pool_.free_.push_back(std::move(store_));
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        [[nodiscard]] Store* get() { return store_.get(); }
        [[nodiscard]] const Error& error() const { return error_; }

      private:
        StorePool& pool_;
        std::unique_ptr<Store> store_;
        Error error_;
    };

    void clear() {
        std::lock_guard lock(mu_);
        free_.clear();
    }

  private:
    std::filesystem::path db_;
    std::mutex mu_;
    std::vector<std::unique_ptr<Store>> free_;
};

} // namespace keluhan::hub
