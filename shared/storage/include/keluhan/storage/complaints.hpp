// Complaints (src/complaints.cpp): the complaints, their events and
// attachments, the register's numbers and its full-text index; submitting,
// finding, applying SOP decisions, the register's list and count, and the
// personal-data lookup and anonymisation.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/domain/ids.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/domain/notice.hpp"
#include "keluhan/domain/sop.hpp"
#include "keluhan/storage/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keluhan {

// A filter, order and page of the register ("Formulir daftar keluhan pelanggan").
struct ListQuery {
    std::optional<ComplaintStatus> status;
    std::string service;
    std::optional<Channel> channel;
    std::string step;           // current step id
    std::optional<TimeMs> from; // created_at >= from
    std::optional<TimeMs> to;   // created_at < to
    bool overdue_only = false;  // open and due before `now`
    TimeMs now = 0;
    std::string text; // full-text search over the complaint's words and names
    enum class Sort { Newest, Oldest, DueSoonest } sort = Sort::Newest;
    int limit = 50;
    // Keyset paging: the cursor of the last row of the previous page. Pages
    // cost the same at row 10 and at row 900,000.
    std::optional<std::string> after;
};

struct ListPage {
    std::vector<Complaint> rows;
    std::optional<std::string> next; // cursor for the next page, if any
};

// The submission as stored, and what the kiosk prints.
struct Submitted {
    Complaint complaint;
    TrackingCode code;
};

class ComplaintRepository : protected Repository {
  public:
    explicit ComplaintRepository(Database& db) : Repository(db) {}

    // Validated input in, the complaint, its first SOP event, its attachments
    // and an outbox row out, in one durable transaction.
    [[nodiscard]] Result<Submitted> submit(const Submission& s, const SopEngine& engine);
    [[nodiscard]] Result<Complaint> find_by_code(const TrackingCode& code);
    [[nodiscard]] Result<Complaint> find_by_id(const std::string& id);
    [[nodiscard]] Result<Complaint> find_by_seq(std::int64_t seq);
    [[nodiscard]] Result<std::vector<Event>> events(std::int64_t complaint_seq);
    // Attachments; without data unless `with_data`.
    [[nodiscard]] Result<std::vector<Attachment>> attachments(std::int64_t complaint_seq,
                                                              bool with_data);
    // Applies an engine decision, provided the complaint is still at the step
    // the decision was made on (err.sop.changed otherwise). Gives the register
    // number when the transition asks for it, and the letter's number (a
    // "letter_number" event, its own sequence per year) when the letter is
    // signed and `letter_pattern` is not empty. `notices` go into the
    // outbox of messages to the complainant (notices.hpp) in the same
    // transaction, each once per complaint, kind and channel.
    [[nodiscard]] Result<Complaint> apply(const Complaint& c, const Transition& t,
                                          const std::string& register_pattern,
                                          const WorkingCalendar& calendar,
                                          const std::string& letter_pattern = {},
                                          const std::vector<NewNotice>& notices = {});
    // The summary staff typed of a spoken (lisan) complaint: it becomes the
    // complaint's text (searchable, on the letter) and `e` (kind
    // "transcript": who typed it, when) goes into its history.
    // err.transcript.not_spoken for a written complaint,
    // err.personal.already once it is anonymised.
    [[nodiscard]] Result<Complaint> set_spoken_summary(const Complaint& c, const std::string& text,
                                                       const Event& e);
    // The letter's number typed from the agenda surat keluar: `e` (kind
    // "letter_number", the number as its note) goes into the history.
    // err.letter_number.closed once the complaint is closed.
    [[nodiscard]] Result<Complaint> set_letter_number(const Complaint& c, const Event& e);
    [[nodiscard]] Result<ListPage> list(const ListQuery& q);
    [[nodiscard]] Result<std::int64_t> count(const ListQuery& q);

    // --- personal data (personal.hpp says the rules) ---------------------------
    // Complaints whose phone (compared digits only, 62... read as 0...) or
    // e-mail (case-insensitive) matches; either may be empty. Oldest first.
    [[nodiscard]] Result<std::vector<Complaint>> find_by_contact(const std::string& phone,
                                                                 const std::string& email);
    // Clears a closed complaint's personal data (see personal.hpp); returns
    // the files of saved receipts to delete. err.personal.open /
    // err.personal.already when it is open or already anonymised. Writes its
    // event and audit row in the same transaction.
    [[nodiscard]] Result<std::vector<std::string>>
    anonymise(const Complaint& c, const std::string& marker, const Event& e);
    // When the complaint was anonymised (0 if never).
    [[nodiscard]] Result<TimeMs> anonymised_at(std::int64_t complaint_seq);
};

} // namespace keluhan
