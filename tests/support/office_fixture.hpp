// What the tests of the office operations share: an office with a real store in a temporary
// folder, one user per role, and a way to walk a complaint through its SOP at
// chosen moments (the engine and the store take the time of each decision,
// so histories with known on-time and late steps are made by the real code).
#pragma once

#include "keluhan/ops/capa.hpp"
#include "keluhan/ops/workflow.hpp"

#include "support.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <map>
#include <memory>
#include <string>

namespace keluhan::test {

struct SeededOffice {
    TempDir dir;
    Office office;
    std::unique_ptr<Store> store;
    std::map<Role, User> users;

    explicit SeededOffice(const std::string& profile = "bspji-palembang")
        : office(load_office(profile)) {
        store = Store::open(dir / "k.db").value();
        const std::pair<const char*, Role> people[] = {{"staf", Role::StafPji},
                                                       {"koordinator", Role::KoordinatorPji},
                                                       {"kepala", Role::KepalaBalai},
                                                       {"terkait", Role::KoordinatorTerkait},
                                                       {"admin", Role::Administrator}};
        for (const auto& [name, role] : people)
            users[role] = store->add_user(name, name, role, "x").value();
    }

    // Runs SQL on the database file directly (to set up what only time would make).
    void sql(const std::string& statement) const {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((dir / "k.db").string().c_str(), &db) == SQLITE_OK);
        sqlite3_busy_timeout(db, 5000);
        char* err = nullptr;
        const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &err);
        const std::string msg = err ? err : "";
        sqlite3_free(err);
        sqlite3_close(db);
        REQUIRE_MESSAGE(rc == SQLITE_OK, msg);
    }

    // One number from the database file (audit rows, counts).
    std::int64_t scalar(const std::string& query) const {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2((dir / "k.db").string().c_str(), &db, SQLITE_OPEN_READONLY,
                                nullptr) == SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, query.c_str(), -1, &st, nullptr) == SQLITE_OK);
        std::int64_t v = -1;
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
        return v;
    }

    // Submits `s` as if at `at`.
    Complaint submit_at(Submission s, TimeMs at) {
        auto sub = submit_complaint(*store, office, s);
        REQUIRE_MESSAGE(sub.ok(), sub.error().key);
        const auto seq = std::to_string(sub->complaint.seq);
        const auto due = office.engine().due(sub->complaint.current_step, at);
        sql("UPDATE complaints SET created_at = " + std::to_string(at) +
            ", step_started_at = " + std::to_string(at) + ", updated_at = " + std::to_string(at) +
            ", due_at = " + std::to_string(due) + " WHERE seq = " + seq +
            "; UPDATE events SET at = " + std::to_string(at) + " WHERE complaint_seq = " + seq);
        return store->find_by_id(sub->complaint.id).value();
    }

    // Completes (or returns) the current step as the role that acts on it, at `at`.
    Complaint act_at(const Complaint& c, TimeMs at, bool send_back = false,
                     const std::string& note = "Dikerjakan") {
        const SopStep& step = *office.profile.step(c.current_step);
        const User& u = users[SopEngine::acting_role(step)];
        const Actor actor{u.name, u.role, std::nullopt};
        auto t = send_back
                     ? office.engine().send_back(c, actor, note, at, store->events(c.seq).value())
                     : office.engine().complete(c, actor, note, at);
        REQUIRE_MESSAGE(t.ok(), t.error().key);
        auto after = store->apply(c, *t, office.config.office.register_pattern,
                                  office.config.calendar, office.config.office.letter_pattern);
        REQUIRE_MESSAGE(after.ok(), after.error().key);
        return *after;
    }

    // Fills in every CAPA field the current step asks for (as its actor).
    void fill_capa(const Complaint& c) {
        const SopStep& step = *office.profile.step(c.current_step);
        Capa k;
        for (const auto f : step.capa)
            k.get(f) = f == CapaField::DueDate || f == CapaField::CheckedOn ? "2026-12-01"
                       : f == CapaField::Effective                          ? "ya"
                                                   : "Isian " + std::string(to_string(f));
        auto saved = save_capa(*store, office, users[SopEngine::acting_role(step)],
                               TrackingCode::parse(c.code).value(), k);
        REQUIRE_MESSAGE(saved.ok(), saved.error().key);
    }

    // Closes a complaint through the whole SOP, `minutes` apart, from `start`.
    Complaint close(Complaint c, TimeMs start, int minutes = 1) {
        TimeMs t = start;
        for (int guard = 0; c.status == ComplaintStatus::Open && guard < 40; ++guard) {
            if (!office.profile.step(c.current_step)->capa.empty()) fill_capa(c);
            t += minutes * 60'000;
            c = act_at(c, t);
        }
        return c;
    }
};

} // namespace keluhan::test
