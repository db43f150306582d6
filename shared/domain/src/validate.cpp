#include "keluhan/domain/validate.hpp"

#include "keluhan/domain/text.hpp"

#include <algorithm>
#include <initializer_list>

namespace keluhan {

Status check_text(std::string_view field, std::string_view value, std::size_t max_chars,
                  bool required) {
    if (!text::valid_utf8(value))
        return Error{ErrorKind::Invalid, "err.text.utf8", {{"field", std::string(field)}}};
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F)
            return Error{ErrorKind::Invalid, "err.text.control", {{"field", std::string(field)}}};
    }
    const std::size_t n = text::length(value);
    if (n > max_chars)
        return Error{ErrorKind::Invalid,
                     "err.text.too_long",
                     {{"field", std::string(field)},
                      {"max", std::to_string(max_chars)},
                      {"length", std::to_string(n)}}};
    if (required && text::trim(value).empty())
        return Error{ErrorKind::Invalid, "err.text.required", {{"field", std::string(field)}}};
    return ok();
}

Status check_phone(std::string_view phone) {
    int digits = 0;
    for (std::size_t i = 0; i < phone.size(); ++i) {
        const char c = phone[i];
        if (c >= '0' && c <= '9')
            ++digits;
        else if (c == '+' && i == 0)
            continue;
        else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')')
            continue;
        else
            return Error{ErrorKind::Invalid, "err.phone.format", {{"field", "field.phone"}}};
    }
    if (digits < 8 || digits > 15)
        return Error{ErrorKind::Invalid, "err.phone.format", {{"field", "field.phone"}}};
    return ok();
}

Status check_email(std::string_view email) {
    const auto at = email.find('@');
    const bool shape = at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
                       email.find('@', at + 1) == std::string_view::npos &&
                       email.find('.', at + 2) != std::string_view::npos && email.back() != '.' &&
                       email.find(' ') == std::string_view::npos && email.size() <= 254;
    if (!shape) return Error{ErrorKind::Invalid, "err.email.format", {{"field", "field.email"}}};
    return ok();
}

std::vector<FieldError> submission_errors(const Submission& s, const Limits& l,
                                          const std::vector<std::string>& services) {
    std::vector<FieldError> out;
    auto add = [&](const char* field, const Status& st) {
        if (!st) out.push_back({field, st.error()});
    };
    auto has_error = [&](std::string_view field) {
        return std::any_of(out.begin(), out.end(),
                           [&](const FieldError& e) { return e.field == field; });
    };
    const auto& who = s.complainant;
    if (!who.anonymous) {
        add("name", check_text("field.name", who.name, l.name_max, true));
        add("organization",
            check_text("field.organization", who.organization, l.organization_max, false));
        add("phone", check_text("field.phone", who.phone, 40, false));
        add("email", check_text("field.email", who.email, 254, false));
        // The format only once the text itself is acceptable.
        if (!who.phone.empty() && !has_error("phone")) add("phone", check_phone(who.phone));
        if (!who.email.empty() && !has_error("email")) add("email", check_email(who.email));
        // Someone who gives a name must leave a way to be answered.
        if (text::trim(who.phone).empty() && text::trim(who.email).empty())
            out.push_back(
                {"phone",
                 Error{ErrorKind::Invalid, "err.contact.required", {{"field", "field.phone"}}}});
    } else if (!who.name.empty() || !who.organization.empty() || !who.phone.empty() ||
               !who.email.empty()) {
        out.push_back(
            {"name",
             Error{ErrorKind::Invalid, "err.anonymous.personal", {{"field", "field.name"}}}});
    }
    if (std::find(services.begin(), services.end(), s.service) == services.end())
        out.push_back({"service", Error{ErrorKind::Invalid,
                                        "err.service.unknown",
                                        {{"field", "field.service"}, {"value", s.service}}}});
    add("reference", check_text("field.reference", s.reference, l.reference_max, false));
    // A spoken complaint's words are in its recording; the text may be a summary.
    const bool has_recording = std::any_of(s.attachments.begin(), s.attachments.end(), [](auto& a) {
        return a.media_type.rfind("audio/", 0) == 0;
    });
    add("description", check_text("field.description", s.description, l.description_max,
                                  !(s.channel == Channel::Lisan && has_recording)));
    add("expectation", check_text("field.expectation", s.expectation, l.expectation_max, false));
    for (const auto& a : s.attachments) {
        if (a.data.size() > l.attachment_max_bytes)
            out.push_back(
                {"attachment",
                 Error{ErrorKind::Invalid,
                       "err.attachment.too_large",
                       {{"field", "field.attachment"},
                        {"max", std::to_string(l.attachment_max_bytes / (1024 * 1024))}}}});
        if (a.media_type.empty() || a.media_type.find('/') == std::string::npos)
            out.push_back({"attachment", Error{ErrorKind::Invalid,
                                               "err.attachment.type",
                                               {{"field", "field.attachment"}}}});
    }
    if (!s.consent)
        out.push_back(
            {"consent",
             Error{ErrorKind::Invalid, "err.consent.required", {{"field", "field.consent"}}}});
    return out;
}

Status validate_submission(const Submission& s, const Limits& limits,
                           const std::vector<std::string>& services) {
    auto errors = submission_errors(s, limits, services);
    if (errors.empty()) return ok();
    return std::move(errors.front().error);
}

std::string mask_phone(std::string_view phone) {
    std::string digits;
    for (const char c : phone)
        if ((c >= '0' && c <= '9') || (c == '+' && digits.empty())) digits.push_back(c);
    if (digits.size() < 8) return std::string(digits.size(), '*');
    return digits.substr(0, 4) + std::string(digits.size() - 7, '*') +
           digits.substr(digits.size() - 3);
}

std::string_view document_type_of(const std::vector<std::uint8_t>& bytes) {
    auto starts = [&](std::initializer_list<std::uint8_t> magic) {
        return bytes.size() >= magic.size() &&
               std::equal(magic.begin(), magic.end(), bytes.begin());
    };
    if (starts({'%', 'P', 'D', 'F', '-'})) return "application/pdf";
    if (starts({0xFF, 0xD8, 0xFF})) return "image/jpeg";
    if (starts({0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) return "image/png";
    return "";
}

std::string_view extension_for(std::string_view document_type) {
    if (document_type == "application/pdf") return ".pdf";
    if (document_type == "image/jpeg") return ".jpg";
    if (document_type == "image/png") return ".png";
    return "";
}

} // namespace keluhan
