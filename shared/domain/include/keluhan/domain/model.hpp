// The domain model: complaints, complainants, events, users and roles.
// Plain structs; the store and the SOP engine give them meaning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keluhan {

// Milliseconds since the Unix epoch, UTC. Shown in the office's zone.
using TimeMs = std::int64_t;

// How the complaint came in (the SOP: "secara tertulis, lisan, maupun elektronik").
enum class Channel { Tertulis, Lisan, Elektronik };
[[nodiscard]] std::string_view to_string(Channel c);
[[nodiscard]] std::optional<Channel> channel_from_string(std::string_view s);

// Roles of the SOP's actor columns plus the system administrator.
// Pelanggan (the customer) acts in the SOP but never logs in.
enum class Role {
    Pelanggan,
    StafPji,
    KoordinatorPji,
    KepalaBalai,
    KoordinatorTerkait,
    Administrator
};
[[nodiscard]] std::string_view to_string(Role r);
[[nodiscard]] std::optional<Role> role_from_string(std::string_view s);
// Human title, e.g. "Koordinator Fungsi PJI" (Indonesian; titles are not translated).
[[nodiscard]] std::string_view role_title(Role r);

enum class ComplaintStatus { Open, Closed };
[[nodiscard]] std::string_view to_string(ComplaintStatus s);
[[nodiscard]] std::optional<ComplaintStatus> status_from_string(std::string_view s);

// Who complained. When `anonymous`, every personal field is empty.
struct Complainant {
    bool anonymous = false;
    std::string name;
    std::string organization;
    std::string phone;
    std::string email;
};

// A file kept with a complaint: the voice recording of a lisan complaint,
// a scanned letter.
struct Attachment {
    std::int64_t id = 0;
    std::string media_type; // "audio/wav", "application/pdf", ...
    std::string filename;
    std::vector<std::uint8_t> data;
};

// What a visitor or staff member enters; validated by validate_submission().
struct Submission {
    Channel channel = Channel::Tertulis;
    Complainant complainant;
    std::string service;     // one of the configured services
    std::string reference;   // order or test-report number (optional)
    std::string description; // the complaint itself
    std::string expectation; // what the complainant expects (optional)
    bool consent = false;    // privacy notice accepted
    std::string origin;      // device that took it ("kiosk-lobby", "cli", ...)
    std::vector<Attachment> attachments;
    // The complainant's language ("id", "en"), for what the office sends
    // them; "" = the office's.
    std::string language{};
};

// One entry in a complaint's history: a step completed or returned, a note,
// a register number given, a print, an anonymisation.
struct Event {
    std::int64_t id = 0;
    std::string kind;    // submit, complete, return, note, anonymise, ...
    std::string step_id; // SOP step concerned ("" for none)
    std::string actor;   // user name, or "pelanggan" for the customer
    std::string actor_role;
    std::string on_behalf_of; // role recorded for, when staff record for an official
    std::string note;
    TimeMs at = 0;
};

struct Complaint {
    std::int64_t seq = 0;        // local row number (newest has the largest)
    std::string id;              // UUID, made on the device
    std::string code;            // tracking code, compact form
    std::string register_number; // "" until staff receive it
    Channel channel = Channel::Tertulis;
    Complainant complainant;
    std::string service;
    std::string reference;
    std::string description;
    std::string expectation;
    bool consent = false;
    std::string sop;          // profile name
    std::string current_step; // "" when closed
    ComplaintStatus status = ComplaintStatus::Open;
    TimeMs created_at = 0;
    TimeMs step_started_at = 0;
    TimeMs due_at = 0; // due time of the current step
    TimeMs updated_at = 0;
    std::string origin;
    // The related function (Koordinator Fungsi Terkait) the disposition sent
    // it to, one of the office's functions; "" = not routed (no functions
    // set up, or before the disposition).
    std::string function;
    std::string language{}; // the complainant's ("id", "en"); "" = the office's
};

// Where a complaint was taken, from its origin: the panel's front desk
// ("admin-<device>"), the command line ("cli"), the web form ("web"), or a
// kiosk (its device name, anything else).
enum class OriginKind { Desk, CommandLine, Web, Kiosk };
[[nodiscard]] OriginKind origin_kind(std::string_view origin);
// The catalog key of the kind: origin.desk, origin.cli, origin.web, origin.kiosk.
[[nodiscard]] std::string origin_key(std::string_view origin);

struct User {
    std::int64_t id = 0;
    std::string name; // login name
    std::string display_name;
    Role role = Role::StafPji;
    bool active = true;
    int failed_attempts = 0;
    TimeMs locked_until = 0;
    // The function a Koordinator Fungsi Terkait coordinates (office.functions);
    // "" = any (an office that does not route dispositions).
    std::string function{};
};

// A user's display name from (user name, display name) pairs; the user name
// itself when it is not among them or has no display name.
[[nodiscard]] std::string
display_name_of(const std::vector<std::pair<std::string, std::string>>& names,
                const std::string& user);

} // namespace keluhan
