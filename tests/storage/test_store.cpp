#include "keluhan/storage/store.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

#include <sqlite3.h>

using namespace keluhan;
using keluhan::test::TempDir;

namespace {

std::unique_ptr<Store> open_writer(const std::filesystem::path& p,
                                   const std::string& owner = "test") {
    auto s = Store::open(p, StoreOptions{StoreOptions::Access::Write, owner, 2000});
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().key + " " + s.error().detail));
    return std::move(s).value();
}

Submitted submit(Store& store, const Office& office, const Submission& s) {
    auto r = submit_complaint(store, office, s);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().key));
    return std::move(r).value();
}

} // namespace

TEST_CASE("a new store is created at the latest schema, opening again is harmless") {
    TempDir dir;
    {
        auto s = open_writer(dir / "k.db");
        CHECK(s->schema_version() == Store::latest_schema_version());
    }
    auto again = open_writer(dir / "k.db");
    CHECK(again->schema_version() == Store::latest_schema_version());
    CHECK(again->check()->empty());
}

TEST_CASE("submit stores the complaint, its first event and an outbox row, find it by code") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = open_writer(dir / "k.db");
    auto sub = submit(*store, office, test::sample_submission());
    CHECK(sub.complaint.current_step == "terima");
    CHECK(sub.complaint.status == ComplaintStatus::Open);
    CHECK(sub.complaint.register_number.empty());
    CHECK(sub.complaint.due_at > sub.complaint.created_at);
    auto found = store->find_by_code(sub.code);
    REQUIRE(found.ok());
    CHECK(found->id == sub.complaint.id);
    CHECK(found->complainant.name == "Budi Santoso");
    auto ev = store->events(found->seq);
    REQUIRE(ev.ok());
    REQUIRE(ev->size() == 1);
    CHECK((*ev)[0].kind == "submit");
    CHECK((*ev)[0].actor == "pelanggan");
    CHECK(store->find_by_code(TrackingCode::generate()).error().kind == ErrorKind::NotFound);
}

TEST_CASE("text that looks like SQL is stored verbatim") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = open_writer(dir / "k.db");
    const std::string evil = "'); DROP TABLE complaints; -- \" OR 1=1 /* NEAR(a b) */";
    auto s = test::sample_submission(evil);
    s.complainant.name = "Robert'); DELETE FROM users;--";
    auto sub = submit(*store, office, s);
    auto found = store->find_by_code(sub.code).value();
    CHECK(found.description == evil);
    CHECK(found.complainant.name == s.complainant.name);
    ListQuery q;
    q.text = evil; // FTS syntax in search words is neutralised too
    CHECK(store->list(q).ok());
    CHECK(store->check()->empty());
}

TEST_CASE("attachments keep their bytes and media type") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = open_writer(dir / "k.db");
    auto s = test::sample_submission("");
    s.channel = Channel::Lisan;
    Attachment a;
    a.media_type = "audio/wav";
    a.filename = "rekaman.wav";
    for (int i = 0; i < 100000; ++i)
        a.data.push_back(static_cast<std::uint8_t>(i * 7));
    s.attachments.push_back(a);
    auto sub = submit(*store, office, s);
    auto meta = store->attachments(sub.complaint.seq, false).value();
    REQUIRE(meta.size() == 1);
    CHECK(meta[0].data.empty());
    auto full = store->attachments(sub.complaint.seq, true).value();
    CHECK(full[0].data == a.data);
    CHECK(full[0].media_type == "audio/wav");
}

TEST_CASE("writers take turns on one file, a writer kept waiting is refused, naming the holder") {
    TempDir dir;
    const auto office = test::load_office();
    auto kiosk = open_writer(dir / "k.db", "keluhan-kiosk");
    auto hub =
        Store::open(dir / "k.db", StoreOptions{StoreOptions::Access::Write, "keluhan serve", 100});
    REQUIRE(hub.ok());
    auto& second = **hub;
    // Both write, one transaction at a time, and each sees the other's work.
    for (int i = 0; i < 5; ++i) {
        submit(*kiosk, office, test::sample_submission());
        submit(second, office, test::sample_submission());
    }
    CHECK(kiosk->count(ListQuery{}).value() == 10);
    CHECK(second.count(ListQuery{}).value() == 10);

    {
        // Another program is in the middle of a long write transaction.
        test::HeldWriterLock held(dir / "k.db", "keluhan-admin");
        auto refused = submit_complaint(second, office, test::sample_submission());
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().key == "err.store.locked");
        CHECK(refused.error().param("owner").find("keluhan-admin") != std::string::npos);
        CHECK(refused.error().param("owner").find("pid=") != std::string::npos);
        // Nothing was half-written, and readers are welcome meanwhile.
        auto reader =
            Store::open(dir / "k.db", StoreOptions{StoreOptions::Access::Read, "reader", 100});
        REQUIRE(reader.ok());
        CHECK((*reader)->count(ListQuery{}).value() == 10);
        // Opening for writing waits for the lock too (it may migrate).
        auto opening =
            Store::open(dir / "k.db", StoreOptions{StoreOptions::Access::Write, "keluhan", 100});
        REQUIRE_FALSE(opening.ok());
        CHECK(opening.error().key == "err.store.locked");
    }
    // Once the holder lets go, writing goes on.
    submit(second, office, test::sample_submission());
    CHECK(kiosk->count(ListQuery{}).value() == 11);
    CHECK(second.check()->empty());
}

TEST_CASE("a reader cannot write, and a missing file is reported, not created") {
    TempDir dir;
    const auto office = test::load_office();
    auto missing = Store::open(dir / "nope.db", StoreOptions{StoreOptions::Access::Read, "r", 100});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().key == "err.store.missing");
    CHECK_FALSE(std::filesystem::exists(dir / "nope.db"));
    { auto w = open_writer(dir / "k.db"); }
    auto r = Store::open(dir / "k.db", StoreOptions{StoreOptions::Access::Read, "r", 100}).value();
    auto res = r->submit(test::sample_submission(), office.engine());
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().kind == ErrorKind::Storage);
}

TEST_CASE("the register: filters, text search and keyset pages") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = open_writer(dir / "k.db");
    std::vector<std::string> codes;
    for (int i = 0; i < 25; ++i) {
        auto s = test::sample_submission(i % 5 == 0 ? "Sertifikat kalibrasi timbangan salah tanggal"
                                                    : "Laporan pengujian air limbah terlambat");
        s.service = i % 2 ? "kalibrasi" : "pengujian";
        s.channel = i % 3 ? Channel::Tertulis : Channel::Lisan;
        if (i == 7) s.complainant = {true, "", "", "", ""};
        codes.push_back(submit(*store, office, s).code.compact());
    }
    ListQuery q;
    q.limit = 10;
    auto p1 = store->list(q).value();
    REQUIRE(p1.rows.size() == 10);
    CHECK(p1.rows.front().code == codes.back()); // newest first
    REQUIRE(p1.next.has_value());
    q.after = p1.next;
    auto p2 = store->list(q).value();
    CHECK(p2.rows.size() == 10);
    CHECK(p2.rows.front().seq < p1.rows.back().seq);
    q.after = p2.next;
    auto p3 = store->list(q).value();
    CHECK(p3.rows.size() == 5);
    CHECK_FALSE(p3.next.has_value());

    ListQuery svc;
    svc.service = "kalibrasi";
    CHECK(store->count(svc).value() == 12);
    ListQuery ch;
    ch.channel = Channel::Lisan;
    CHECK(store->count(ch).value() == 9);
    ListQuery words;
    words.text = "timbangan KALIBRASI";
    CHECK(store->count(words).value() == 5);
    words.text = "timb"; // prefix
    CHECK(store->count(words).value() == 5);
    words.text = "Budi";
    CHECK(store->count(words).value() == 24); // the anonymous one has no name
    // Only the last word is a prefix, and only from three letters: "ti"
    // alone is a whole word (none here), not the start of half the register.
    words.text = "ti";
    CHECK(store->count(words).value() == 0);
    words.text = "tim";
    CHECK(store->count(words).value() == 5);
    words.text = "timb kalibrasi";
    CHECK(store->count(words).value() == 0);
    ListQuery due;
    due.sort = ListQuery::Sort::DueSoonest;
    due.limit = 4;
    auto d1 = store->list(due).value();
    REQUIRE(d1.next.has_value());
    due.after = d1.next;
    auto d2 = store->list(due).value();
    CHECK(d2.rows.front().due_at >= d1.rows.back().due_at);
    ListQuery bad;
    bad.after = "x:1";
    CHECK(store->list(bad).error().key == "err.list.cursor");
    ListQuery overdue;
    overdue.overdue_only = true;
    overdue.now = now_ms() + 365LL * 24 * 3600 * 1000;
    CHECK(store->count(overdue).value() == 25);
    overdue.now = now_ms() - 1000;
    CHECK(store->count(overdue).value() == 0);
}

TEST_CASE("apply: register numbers per year in letter style, and stale decisions are refused") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = open_writer(dir / "k.db");
    const auto engine = office.engine();
    const Actor staff{"staf", Role::StafPji, std::nullopt};
    std::vector<std::string> numbers;
    for (int i = 0; i < 3; ++i) {
        auto c = submit(*store, office, test::sample_submission()).complaint;
        const TimeMs t = parse_iso_time("2026-11-23T09:00:00+07:00").value() + i;
        auto tr = engine.complete(c, staff, "", t).value();
        auto after =
            store->apply(c, tr, office.config.office.register_pattern, office.config.calendar);
        REQUIRE(after.ok());
        numbers.push_back(after->register_number);
        // The same decision again is stale: the complaint moved on.
        auto again =
            store->apply(c, tr, office.config.office.register_pattern, office.config.calendar);
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().key == "err.sop.changed");
    }
    CHECK(numbers[0] == "001/KEL/BSPJI-PLG/XI/2026");
    CHECK(numbers[1] == "002/KEL/BSPJI-PLG/XI/2026");
    CHECK(numbers[2] == "003/KEL/BSPJI-PLG/XI/2026");
    // A new year starts again at 1.
    auto c = submit(*store, office, test::sample_submission()).complaint;
    auto tr =
        engine.complete(c, staff, "", parse_iso_time("2027-01-04T09:00:00+07:00").value()).value();
    CHECK(store->apply(c, tr, office.config.office.register_pattern, office.config.calendar)
              ->register_number == "001/KEL/BSPJI-PLG/I/2027");
}

TEST_CASE(
    "register numbers take the year and month of the office's date, which changes at 00:00 WIB") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = open_writer(dir / "k.db");
    const auto engine = office.engine();
    const Actor staff{"staf", Role::StafPji, std::nullopt};
    auto receive = [&](const char* at) {
        auto c = submit(*store, office, test::sample_submission()).complaint;
        auto tr = engine.complete(c, staff, "", parse_iso_time(at).value()).value();
        return store->apply(c, tr, office.config.office.register_pattern, office.config.calendar)
            ->register_number;
    };
    // 23:59 WIB on 31 December is 16:59 UTC; 00:00 WIB on 1 January is 17:00 UTC on the 31st.
    CHECK(receive("2026-12-31T16:59:00Z") == "001/KEL/BSPJI-PLG/XII/2026");
    CHECK(receive("2026-12-31T17:00:00Z") == "001/KEL/BSPJI-PLG/I/2027");
    CHECK(receive("2027-01-31T17:00:00Z") == "002/KEL/BSPJI-PLG/II/2027");
}

TEST_CASE("online backup gives a consistent, standalone copy and refuses to overwrite") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = open_writer(dir / "k.db");
    auto sub = submit(*store, office, test::sample_submission());
    REQUIRE(store->backup(dir / "copy.db").ok());
    auto copy = Store::open(dir / "copy.db", StoreOptions{StoreOptions::Access::Read, "r", 100});
    REQUIRE(copy.ok());
    CHECK((*copy)->find_by_code(sub.code).ok());
    CHECK((*copy)->check()->empty());
    CHECK(store->backup(dir / "copy.db").error().key == "err.backup.exists");
}

TEST_CASE("check finds a damaged file") {
    TempDir dir;
    const auto office = test::load_office();
    {
        auto store = open_writer(dir / "k.db");
        for (int i = 0; i < 200; ++i)
            (void)submit(*store, office, test::sample_submission(std::string(500, 'x')));
    }
    // Scribble over the middle of every page but the first (the schema).
    {
        const auto size = std::filesystem::file_size(dir / "k.db");
        std::FILE* f = std::fopen((dir / "k.db").c_str(), "r+b");
        REQUIRE(f);
        const std::string junk(1500, '\x5A');
        for (std::uintmax_t page = 1; page * 4096 < size; ++page) {
            std::fseek(f, static_cast<long>(page * 4096 + 1200), SEEK_SET);
            std::fwrite(junk.data(), 1, junk.size(), f);
        }
        std::fclose(f);
    }
    auto store = Store::open(dir / "k.db", StoreOptions{StoreOptions::Access::Read, "r", 100});
    if (!store) {
        CHECK(store.error().kind == ErrorKind::Storage);
        return;
    }
    auto problems = (*store)->check();
    CHECK((!problems.ok() || !problems->empty()));
}

TEST_CASE("a newer schema is refused instead of misread") {
    TempDir dir;
    { auto w = open_writer(dir / "k.db"); }
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open((dir / "k.db").c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    auto s = Store::open(dir / "k.db", StoreOptions{});
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().key == "err.store.newer");
}

TEST_CASE("search by what is printed on the receipt or the letter: the tracking code, with or "
          "without dashes, and the register number; other words stay a text search") {
    TempDir dir;
    const auto office = test::load_office();
    auto store = open_writer(dir / "k.db");
    const auto engine = office.engine();
    const Actor staff{"staf", Role::StafPji, std::nullopt};
    std::vector<Complaint> cs;
    for (int i = 0; i < 4; ++i) {
        auto c = submit(*store, office, test::sample_submission("Sertifikat kalibrasi terlambat"))
                     .complaint;
        auto tr = engine.complete(c, staff, "", now_ms()).value();
        cs.push_back(
            store->apply(c, tr, office.config.office.register_pattern, office.config.calendar)
                .value());
    }
    const auto& target = cs[2];
    const auto code = TrackingCode::parse(target.code).value();
    auto only = [&](const std::string& text) {
        ListQuery q;
        q.text = text;
        auto page = store->list(q).value();
        CHECK(store->count(q).value() == static_cast<std::int64_t>(page.rows.size()));
        return page.rows.size() == 1 && page.rows[0].seq == target.seq;
    };
    CHECK(only(code.grouped()));
    CHECK(only(code.compact()));
    CHECK(only(" " + code.grouped() + " "));
    std::string lower = code.grouped();
    for (auto& ch : lower)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    CHECK(only(lower));
    CHECK(only(target.register_number));
    CHECK(only("003/kel/bspji-plg/xi/2026"));
    // With another filter that excludes it: nothing, not a text search's hits.
    ListQuery closed;
    closed.text = code.grouped();
    closed.status = ComplaintStatus::Closed;
    CHECK(store->list(closed).value().rows.empty());
    // Words are still words: all four.
    ListQuery words;
    words.text = "kalibrasi";
    CHECK(store->list(words).value().rows.size() == 4);
    // A register number nobody has falls back to the text search (no hits).
    ListQuery none;
    none.text = "999/KEL/BSPJI-PLG/XI/2026";
    CHECK(store->list(none).value().rows.empty());
}
