// JSON forms of the model, shared by the command line and the hub.
// Parsing is strict: wrong types, unknown keys and bad UTF-8 are refused
// with a message naming the key, never thrown.
#pragma once

#include "keluhan/domain/capa.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/domain/timeline.hpp"

#include <nlohmann/json.hpp>

namespace keluhan {

// A submission from {"channel","name","organization","phone","email",
// "anonymous","service","reference","description","expectation","consent"}.
[[nodiscard]] Result<Submission> parse_submission(std::string_view json_text);
[[nodiscard]] Result<Submission> submission_from_json(const nlohmann::json& j);

// With `personal` false the complainant's fields are left out.
[[nodiscard]] nlohmann::json to_json(const Complaint& c, const WorkingCalendar& cal, bool personal);
[[nodiscard]] nlohmann::json to_json(const Event& e);
// {"root_cause": ..., ..., "updated_at": ISO, "updated_by": ...}
[[nodiscard]] nlohmann::json to_json(const Capa& capa);
[[nodiscard]] nlohmann::json to_json(const StepView& v);
[[nodiscard]] nlohmann::json to_json(const SopProfile& p);
[[nodiscard]] nlohmann::json to_json(const User& u);

} // namespace keluhan
