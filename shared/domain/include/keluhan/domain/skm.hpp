// The satisfaction survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017):
// its questionnaire as data (assets/skm/<id>.toml: the elements, each with
// its question and four answers scored 1 to 4, and the respondent's
// profile), one response, and the index the regulation computes from them.
#pragma once

#include "keluhan/domain/calendar.hpp"
#include "keluhan/domain/error.hpp"

#include <array>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace keluhan {

// A text in Bahasa Indonesia and in English.
struct SkmText {
    std::string id, en;
    [[nodiscard]] const std::string& in(std::string_view lang) const {
        return lang == "en" && !en.empty() ? en : id;
    }
};

struct SkmElement {
    std::string id; // "U1"
    SkmText name;   // "Persyaratan"
    SkmText question;
    std::array<SkmText, 4> answers; // scored 1, 2, 3, 4
};

struct SkmProfileField {
    std::string id; // "umur"
    SkmText name;
    std::vector<SkmText> options; // a response keeps the Indonesian text
};

struct SkmQuestionnaire {
    std::string id; // the file's stem
    SkmText title;
    std::string basis; // the regulation
    std::vector<SkmElement> elements;
    std::vector<SkmProfileField> profile;
    [[nodiscard]] const SkmElement* element(std::string_view id) const;
    [[nodiscard]] const SkmProfileField* field(std::string_view id) const;
};

// err.config.invalid naming the line for anything amiss.
[[nodiscard]] Result<SkmQuestionnaire> load_skm_questionnaire(const std::filesystem::path& file);

// One response as kept: no name, no contact, no time of day.
struct SkmResponse {
    std::string id;      // uuid
    Date day;            // the day it was given (office time)
    std::string service; // one of the office's services, or ""
    // Each element's score, 1..4; an element left out is not here.
    std::vector<std::pair<std::string, int>> scores;
    // Profile answers by field id (the option's Indonesian text); left out if not given.
    std::vector<std::pair<std::string, std::string>> profile;
    std::string suggestion;
    std::string origin;         // "kiosk-lobi", "web", "cli"
    bool for_complaint = false; // given for a closed complaint's code (not which one)
};

// Per element: answers, the average score (NRR) and NRR x 25.
struct SkmElementResult {
    std::string id;
    int answers = 0;
    double nrr = 0;       // sum of scores / answers (0 when none)
    double converted = 0; // nrr x 25
};

// The index as PermenPANRB 14/2017 computes it: every element with answers
// weighs the same (1/n of the n elements answered at least once); IKM is
// the weighted sum of the NRRs on the 1-4 scale, and x 25 the 25-100 value
// (rounded to two decimals) that the grade comes from: A 88.31-100.00
// (sangat baik), B 76.61-88.30 (baik), C 65.00-76.60 (kurang baik), D
// 25.00-64.99 (tidak baik).
struct SkmIndex {
    int respondents = 0;
    std::vector<SkmElementResult> elements; // in the questionnaire's order
    double ikm = 0;                         // 1..4 (0 with no answers)
    double converted = 0;                   // 25..100, two decimals
    char grade = '-';                       // 'A'..'D', '-' with no answers
    // The elements scoring below the index (their NRR under IKM), lowest
    // first, at most three; none when every element scores alike.
    std::vector<std::string> weakest;
};
[[nodiscard]] SkmIndex compute_skm_index(const SkmQuestionnaire& q,
                                         const std::vector<SkmResponse>& responses);
// The grade of a converted value (25..100, two decimals).
[[nodiscard]] char skm_grade(double converted);
// The i18n key of a grade's words: "label.skm.grade_a" ... "label.skm.grade_none".
[[nodiscard]] std::string skm_grade_key(char grade);

} // namespace keluhan
