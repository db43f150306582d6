#include "keluhan/domain/notice.hpp"

#include <algorithm>

namespace keluhan {

namespace {

template <typename E, std::size_t N>
std::optional<E> from_table(std::string_view s, const std::pair<E, const char*> (&table)[N]) {
    for (const auto& [v, name] : table)
        if (s == name) return v;
    return std::nullopt;
}
template <typename E, std::size_t N>
std::string_view name_in(E v, const std::pair<E, const char*> (&table)[N]) {
    for (const auto& [e, name] : table)
        if (e == v) return name;
    return table[0].second;
}

constexpr std::pair<NoticeKind, const char*> kKinds[] = {{NoticeKind::Received, "received"},
                                                         {NoticeKind::Letter, "letter"},
                                                         {NoticeKind::Closed, "closed"}};
constexpr std::pair<NoticeChannel, const char*> kChannels[] = {{NoticeChannel::Email, "email"},
                                                               {NoticeChannel::Sms, "sms"},
                                                               {NoticeChannel::Webhook, "webhook"}};
constexpr std::pair<NoticeState, const char*> kStates[] = {{NoticeState::Pending, "pending"},
                                                           {NoticeState::Sent, "sent"},
                                                           {NoticeState::Failed, "failed"},
                                                           {NoticeState::Cancelled, "cancelled"}};

} // namespace

std::string_view to_string(NoticeKind k) {
    return name_in(k, kKinds);
}
std::optional<NoticeKind> notice_kind_from_string(std::string_view s) {
    return from_table(s, kKinds);
}
std::string_view to_string(NoticeChannel c) {
    return name_in(c, kChannels);
}
std::optional<NoticeChannel> notice_channel_from_string(std::string_view s) {
    return from_table(s, kChannels);
}
std::string_view to_string(NoticeState s) {
    return name_in(s, kStates);
}
std::optional<NoticeState> notice_state_from_string(std::string_view s) {
    return from_table(s, kStates);
}

TimeMs notice_backoff_ms(int attempts) {
    const int doublings = std::clamp(attempts - 1, 0, 16);
    const TimeMs minutes = std::min<TimeMs>(TimeMs{1} << doublings, 6 * 60);
    return minutes * 60'000;
}

} // namespace keluhan
