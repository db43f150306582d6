#include "keluhan/domain/printing.hpp"

#include <utility>

namespace keluhan {
namespace {

constexpr std::pair<PrintDocument, std::string_view> kDocuments[] = {
    {PrintDocument::TandaTerima, "tanda_terima"},
    {PrintDocument::SuratTanggapan, "surat_tanggapan"},
};

constexpr std::pair<PrintState, std::string_view> kStates[] = {
    {PrintState::Queued, "queued"},       {PrintState::Submitted, "submitted"},
    {PrintState::Completed, "completed"}, {PrintState::Held, "held"},
    {PrintState::Failed, "failed"},       {PrintState::Cancelled, "cancelled"},
    {PrintState::Saved, "saved"},         {PrintState::Refused, "refused"},
};

template <typename E, std::size_t N>
std::string_view name_of(const std::pair<E, std::string_view> (&names)[N], E e,
                         std::string_view fallback) {
    for (const auto& [v, n] : names)
        if (v == e) return n;
    return fallback;
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::pair<E, std::string_view> (&names)[N], std::string_view s) {
    for (const auto& [v, n] : names)
        if (n == s) return v;
    return std::nullopt;
}

} // namespace

std::string_view to_string(PrintDocument d) {
    return name_of(kDocuments, d, "tanda_terima");
}
std::optional<PrintDocument> print_document_from_string(std::string_view s) {
    return value_of(kDocuments, s);
}
std::string_view to_string(PrintState s) {
    return name_of(kStates, s, "failed");
}
std::optional<PrintState> print_state_from_string(std::string_view s) {
    return value_of(kStates, s);
}

} // namespace keluhan
