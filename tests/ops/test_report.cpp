// The monthly report against a database built here, step by step, at chosen
// moments: every expected figure is computed from the durations this test
// chose, not written down by hand.
#include "keluhan/documents/report_pdf.hpp"
#include "keluhan/ops/report.hpp"

#include "office_fixture.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

using namespace keluhan;
using keluhan::test::SeededOffice;

namespace {

struct Expected {
    std::map<std::string, std::int64_t> service, channel, status;
    std::int64_t total = 0;
    struct Step {
        std::int64_t done = 0, on_time = 0, late = 0, open_overdue = 0, open_in_time = 0,
                     minutes = 0, standard = 0;
    };
    std::map<std::string, Step> steps;
};

// Working minutes of a step's standard time when it starts early on a
// working day (every standard here ends the same day).
std::int64_t standard_minutes(const SopStep& s) {
    REQUIRE(s.standard_time.unit == Duration::Unit::Minutes);
    return s.standard_time.amount;
}

struct Built {
    SeededOffice d;
    Expected x;
    TimeMs now = 0;

    Built() {
        const auto& cal = d.office.config.calendar;
        const auto& services = d.office.config.services;
        const auto& profile = d.office.profile;
        // Tuesdays and Wednesdays of November 2026 (no holidays configured).
        const Date days[] = {{2026, 11, 3},  {2026, 11, 4},  {2026, 11, 10}, {2026, 11, 11},
                             {2026, 11, 17}, {2026, 11, 18}, {2026, 11, 24}};
        now = cal.from_local(Date{2026, 11, 25}, 9 * 60);
        int n = 0;
        auto submission = [&](int i) {
            Submission s = test::sample_submission("Keluhan nomor " + std::to_string(i));
            s.service = services[static_cast<std::size_t>(i) % 3];
            s.channel = i % 2 ? Channel::Elektronik : Channel::Tertulis;
            return s;
        };
        auto count = [&](const Submission& s, const Complaint& c) {
            ++x.total;
            ++x.service[s.service];
            ++x.channel[std::string(to_string(s.channel))];
            ++x.status[std::string(to_string(c.status))];
        };
        // Closed complaints: every step on time or late by a fixed pattern.
        for (const Date& day : days) {
            for (int k = 0; k < 2; ++k, ++n) {
                const Submission s = submission(n);
                TimeMs t = cal.from_local(day, 7 * 60 + 45 + k * 5);
                Complaint c = d.submit_at(s, t);
                for (std::size_t i = 1; i < profile.steps.size(); ++i) {
                    const SopStep& step = profile.steps[i];
                    REQUIRE(c.current_step == step.id);
                    const bool late = (n + static_cast<int>(i)) % 3 == 0;
                    const std::int64_t std_min = standard_minutes(step);
                    const std::int64_t took =
                        late ? std_min + 7 : std::max<std::int64_t>(1, std_min / 2);
                    t += took * 60'000;
                    c = d.act_at(c, t);
                    auto& e = x.steps[step.id];
                    ++e.done;
                    ++(late ? e.late : e.on_time);
                    e.minutes += took;
                    e.standard += std_min;
                }
                REQUIRE(c.status == ComplaintStatus::Closed);
                count(s, c);
            }
        }
        // One whose letter was returned once: the draft counts both its
        // attempts against its own clock; the check counts from its last start.
        {
            const Submission s = submission(n++);
            TimeMs t = cal.from_local(Date{2026, 11, 19}, 8 * 60);
            Complaint c = d.submit_at(s, t);
            auto step_done = [&](const std::string& id, std::int64_t took) {
                auto& e = x.steps[id];
                const auto std_min = standard_minutes(*profile.step(id));
                ++e.done;
                ++(took > std_min ? e.late : e.on_time);
                e.minutes += took;
                e.standard += std_min;
            };
            while (c.current_step != "periksa") {
                t += 2 * 60'000;
                if (c.current_step != "konsep") step_done(c.current_step, 2);
                c = d.act_at(c, t);
            }
            t += 30 * 60'000;
            c = d.act_at(c, t, /*send_back=*/true, "Perbaiki tanggal");
            REQUIRE(c.current_step == "konsep");
            t += 25 * 60'000; // the redraft: 2 + 25 minutes, late (15 minutes standard)
            c = d.act_at(c, t);
            step_done("konsep", 27);
            t += 20 * 60'000;
            c = d.act_at(c, t);
            step_done("periksa", 20);
            while (c.status == ComplaintStatus::Open) {
                t += 3 * 60'000;
                step_done(c.current_step, 3);
                c = d.act_at(c, t);
            }
            count(s, c);
        }
        // Open: one at the disposition since yesterday (overdue), one just
        // received this morning (not yet due).
        {
            const Submission s = submission(n++);
            TimeMs t = cal.from_local(Date{2026, 11, 24}, 9 * 60);
            Complaint c = d.submit_at(s, t);
            while (c.current_step != "disposisi") {
                t += 60'000;
                auto& e = x.steps[c.current_step];
                ++e.done;
                ++e.on_time;
                e.minutes += 1;
                e.standard += standard_minutes(*profile.step(c.current_step));
                c = d.act_at(c, t);
            }
            ++x.steps["disposisi"].open_overdue;
            count(s, c);
        }
        {
            const Submission s = submission(n++);
            Complaint c = d.submit_at(s, now - 5 * 60'000);
            ++x.steps["terima"].open_in_time;
            count(s, c);
        }
        // Under another SOP: in the recap, not in the SLA figures.
        {
            const Submission s = submission(n++);
            Complaint c = d.submit_at(s, cal.from_local(Date{2026, 11, 12}, 10 * 60));
            d.sql("UPDATE complaints SET sop = 'sop-lama' WHERE seq = " + std::to_string(c.seq));
            count(s, c);
        }
        // Outside the month: the last minute of October and the first of December.
        (void)d.submit_at(submission(90), cal.from_local(Date{2026, 11, 1}, 0) - 60'000);
        (void)d.submit_at(submission(91), cal.from_local(Date{2026, 12, 1}, 0));
    }
};

} // namespace

TEST_CASE("report: the month's recap and SLA figures match the histories made") {
    Built b;
    auto r = month_report(*b.d.store, b.d.office, b.d.users[Role::KepalaBalai], 2026, 11, b.now);
    REQUIRE_MESSAGE(r.ok(), r.error().key);
    CHECK(r->total == b.x.total);
    CHECK(r->other_profile == 1);
    auto as_map = [](const std::vector<GroupCount>& v) {
        std::map<std::string, std::int64_t> m;
        for (const auto& g : v)
            m[g.key] = g.count;
        return m;
    };
    CHECK(as_map(r->by_service) == b.x.service);
    CHECK(as_map(r->by_channel) == b.x.channel);
    CHECK(as_map(r->by_status) == b.x.status);
    // Largest first.
    for (std::size_t i = 1; i < r->by_service.size(); ++i)
        CHECK(r->by_service[i - 1].count >= r->by_service[i].count);

    REQUIRE(r->steps.size() == b.d.office.profile.steps.size() - 1);
    Expected::Step sum;
    int customer_steps = 0;
    for (const auto& s : r->steps) {
        CAPTURE(s.step->id);
        const auto& e = b.x.steps[s.step->id];
        CAPTURE(s.step->id);
        CHECK(s.done == e.done);
        CHECK(s.minutes_sum == e.minutes);
        CHECK(s.standard_sum == e.standard);
        // The customer's own step (receiving the letter) is timed but is not
        // the office's to keep: no share, and out of the overall figures.
        CHECK(s.customer == (s.step->actor == Role::Pelanggan));
        if (s.customer) {
            CHECK(s.on_time == 0);
            CHECK(s.late == 0);
            CHECK(s.open_overdue == 0);
            CHECK(s.compliance() < 0);
            ++customer_steps;
            continue;
        }
        CHECK(s.on_time == e.on_time);
        CHECK(s.late == e.late);
        CHECK(s.open_overdue == e.open_overdue);
        CHECK(s.open_in_time == e.open_in_time);
        if (e.done)
            CHECK(s.average_minutes() ==
                  doctest::Approx(static_cast<double>(e.minutes) / static_cast<double>(e.done)));
        if (e.done + e.open_overdue)
            CHECK(s.compliance() == doctest::Approx(static_cast<double>(e.on_time) /
                                                    static_cast<double>(e.done + e.open_overdue)));
        sum.done += e.done;
        sum.on_time += e.on_time;
        sum.late += e.late;
        sum.open_overdue += e.open_overdue;
    }
    CHECK(r->overall.done == sum.done);
    CHECK(r->overall.on_time == sum.on_time);
    CHECK(r->overall.late == sum.late);
    CHECK(r->overall.compliance() ==
          doctest::Approx(static_cast<double>(sum.on_time) /
                          static_cast<double>(sum.done + sum.open_overdue)));
    CHECK(customer_steps == 1);
    // The pattern made both kinds at every step of the office's.
    for (const auto& s : r->steps) {
        if (s.customer) continue;
        CHECK(s.on_time > 0);
        CHECK(s.late > 0);
    }

    // Permission and bad months.
    CHECK(month_report(*b.d.store, b.d.office, User{0, "p", "p", Role::Pelanggan}, 2026, 11, b.now)
              .error()
              .key == "err.auth.denied");
    CHECK(month_report(*b.d.store, b.d.office, b.d.users[Role::KepalaBalai], 2026, 13, b.now)
              .error()
              .key == "err.report.month");
    CHECK(parse_month("2026-11").value() == std::pair{2026, 11});
    CHECK(parse_month("2026-1").error().key == "err.report.month");
    CHECK(parse_month("November").error().key == "err.report.month");
    // An empty month is a report of zeros, not an error.
    auto empty = month_report(*b.d.store, b.d.office, b.d.users[Role::KepalaBalai], 2025, 2, b.now);
    REQUIRE(empty.ok());
    CHECK(empty->total == 0);
    CHECK(empty->overall.compliance() < 0);
}

TEST_CASE("report: the CSV holds the same figures one section after another") {
    Built b;
    auto r =
        month_report(*b.d.store, b.d.office, b.d.users[Role::KepalaBalai], 2026, 11, b.now).value();
    const std::string csv = report_csv(r, b.d.office, b.d.office.catalog);
    REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    std::vector<std::vector<std::string>> rows;
    {
        std::istringstream in(csv.substr(3));
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            std::vector<std::string> cells;
            std::string cur;
            bool quoted = false;
            for (std::size_t i = 0; i < line.size(); ++i) {
                const char ch = line[i];
                if (quoted) {
                    if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"')
                        cur += '"', ++i;
                    else if (ch == '"')
                        quoted = false;
                    else
                        cur += ch;
                } else if (ch == '"')
                    quoted = true;
                else if (ch == ',')
                    cells.push_back(std::exchange(cur, {}));
                else
                    cur += ch;
            }
            cells.push_back(cur);
            rows.push_back(cells);
        }
    }
    auto find = [&](const std::string& first) -> const std::vector<std::string>* {
        for (const auto& row : rows)
            if (!row.empty() && row[0] == first) return &row;
        return nullptr;
    };
    const auto& lang = b.d.office.catalog;
    REQUIRE(find(lang.tr("label.report.total")));
    CHECK((*find(lang.tr("label.report.total")))[1] == std::to_string(b.x.total));
    for (const auto& [service, n] : b.x.service) {
        const auto* row = find(lang.tr("service." + service));
        REQUIRE_MESSAGE(row, service);
        CHECK((*row)[1] == std::to_string(n));
    }
    for (const auto& s : r.steps) {
        const auto* row = find(std::to_string(s.step->number));
        REQUIRE(row);
        REQUIRE(row->size() == 11);
        const auto& e = b.x.steps[s.step->id];
        CHECK((*row)[1] == s.step->action);
        CHECK((*row)[4] == std::to_string(e.done));
        if (s.customer) {
            CHECK((*row)[5] == "0");
            CHECK((*row)[6] == "0");
            CHECK((*row)[8] == lang.tr("label.report.customer_step"));
            continue;
        }
        CHECK((*row)[5] == std::to_string(e.on_time));
        CHECK((*row)[6] == std::to_string(e.late));
        CHECK((*row)[7] == std::to_string(e.open_overdue));
        char pct[16];
        std::snprintf(pct, sizeof pct, "%.1f",
                      100.0 * static_cast<double>(e.on_time) /
                          static_cast<double>(e.done + e.open_overdue));
        CHECK((*row)[8] == pct);
    }
}

TEST_CASE("report: the PDF is two A4 pages with the figures and both bar charts") {
    Built b;
    auto r =
        month_report(*b.d.store, b.d.office, b.d.users[Role::KepalaBalai], 2026, 11, b.now).value();
    auto pdf = render_report(r, b.d.office, b.d.office.catalog);
    REQUIRE_MESSAGE(pdf.ok(), pdf.error().detail);
    CHECK(pdf->pages == 2);
    CHECK(pdf->width_mm == doctest::Approx(210).epsilon(0.01));
    CHECK(pdf->height_mm == doctest::Approx(297).epsilon(0.01));
    const auto path = b.d.dir / "laporan.pdf";
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(pdf->bytes.data()),
               static_cast<std::streamsize>(pdf->bytes.size()));
    const auto info = test::run_process({"/usr/bin/pdfinfo", path.string()});
    REQUIRE(info.exit_code == 0);
    CHECK(std::regex_search(info.out, std::regex("Pages:\\s+2\\n")));
    CHECK(info.out.find("595.276 x 841.89") != std::string::npos);
    const auto text = test::run_process({"/usr/bin/pdftotext", "-layout", path.string(), "-"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("LAPORAN PENANGANAN KELUHAN PELANGGAN") != std::string::npos);
    CHECK(text.out.find("November 2026") != std::string::npos);
    CHECK(text.out.find("Jumlah keluhan: " + std::to_string(b.x.total)) != std::string::npos);
    char overall[16];
    std::snprintf(overall, sizeof overall, "%.1f %%", r.overall.compliance() * 100);
    std::string id_overall = overall;
    std::replace(id_overall.begin(), id_overall.end(), '.', ',');
    CHECK(text.out.find(id_overall) != std::string::npos);
    for (const auto& [service, n] : b.x.service)
        CHECK(text.out.find(b.d.office.catalog.tr("service." + service)) != std::string::npos);
    CHECK(text.out.find("Menandatangani") != std::string::npos); // the table of steps, page 2

    // The bars are drawn: the complaint bars' blue, and green and red for compliance.
    auto picture =
        render_report(r, b.d.office, b.d.office.catalog, RenderOptions{ImageFormat::Rgba, 60});
    REQUIRE(picture.ok());
    auto count_colour = [&](int R, int G, int B) {
        std::size_t n = 0;
        for (std::size_t i = 0; i + 3 < picture->bytes.size(); i += 4)
            if (std::abs(picture->bytes[i] - R) < 6 && std::abs(picture->bytes[i + 1] - G) < 6 &&
                std::abs(picture->bytes[i + 2] - B) < 6)
                ++n;
        return n;
    };
    CHECK(count_colour(41, 97, 158) > 50);                             // complaints by service
    CHECK(count_colour(46, 140, 87) + count_colour(199, 56, 46) > 50); // compliance per step
}
