// The satisfaction survey (SKM, PermenPANRB 14/2017): taking a response
// (from the kiosk, the phone page, or staff keying in a paper form) and the
// report the office publishes for a period.
#pragma once

#include "keluhan/domain/office.hpp"
#include "keluhan/domain/skm.hpp"
#include "keluhan/storage/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace keluhan {

// The office's questionnaire (config skm.questionnaire, assets/skm/).
[[nodiscard]] Result<SkmQuestionnaire> skm_questionnaire(const Office& office);

// What a respondent gives. Every answer is optional, but at least one
// element must be scored.
struct SkmSubmission {
    std::optional<TrackingCode> code;                // a closed complaint's: one response per code
    std::string service;                             // one of the office's services, or ""
    std::vector<std::pair<std::string, int>> scores; // element id -> 1..4
    std::vector<std::pair<std::string, std::string>> profile; // field id -> option (Indonesian)
    std::string suggestion;
    std::string origin;  // "kiosk-lobi", "web", "cli"
    std::string id = {}; // "" = a new one (a kiosk sends its own, for an idempotent sync)
    // A kiosk that syncs with a hub: the response is kept here and queued
    // for the hub with its code, which the hub checks (the kiosk does not
    // know whether the complaint is closed or already answered).
    bool for_hub = false;
};

// Checks and stores a response; returns its id. err.skm.element (unknown or
// twice), err.skm.score (not 1..4), err.skm.empty (nothing scored),
// err.skm.profile (an option the questionnaire does not list),
// err.service.unknown, err.text.too_long (the suggestion, 2,000
// characters); with a code, err.skm.not_closed / err.skm.already.
[[nodiscard]] Result<std::string> submit_skm(Store& store, const Office& office,
                                             const SkmSubmission& s);

// The hub's import of one response a kiosk pushed (sync.hpp
// import_skm_push, which loads the questionnaire once): the same checks
// as submit_skm, with the kiosk's `day`
// (err.skm.day when before 2020 or after tomorrow) and, for a complaint's
// code with no service given, the complaint's service. True when stored,
// false when the hub has that id already (a retried push).
[[nodiscard]] Result<bool> import_skm(Store& store, const Office& office,
                                      const SkmQuestionnaire& questionnaire, const SkmSubmission& s,
                                      Date day);

// The report for a period: the index, each element, the respondents'
// profile counted, and every suggestion.
struct SkmReport {
    Date from, to;
    SkmQuestionnaire questionnaire;
    SkmIndex index;
    // Per profile field, each option with how many gave it (the
    // questionnaire's order; "" counts those who left it out).
    struct Count {
        std::string option;
        int n = 0;
    };
    std::vector<std::pair<std::string, std::vector<Count>>> profile;
    std::vector<std::pair<std::string, int>> services; // service -> respondents
    struct Suggestion {
        Date day;
        std::string service, text;
    };
    std::vector<Suggestion> suggestions;
};
// err.skm.period when `to` is before `from` or the period is over a year.
[[nodiscard]] Result<SkmReport> skm_report(Store& store, const Office& office, Date from, Date to);

// "2026-01-01".."2026-03-31" for "2026-Q1", "2026-S2", "2026-11", "2026".
[[nodiscard]] Result<std::pair<Date, Date>> skm_period(std::string_view text);

// The report as CSV (UTF-8, ";" separated as Indonesian spreadsheets read it).
[[nodiscard]] std::string skm_report_csv(const SkmReport& r, std::string_view lang);

} // namespace keluhan
