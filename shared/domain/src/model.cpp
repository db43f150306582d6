#include "keluhan/domain/model.hpp"

#include <array>

namespace keluhan {
namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view s) {
    for (const auto& [e, name] : table)
        if (name == s) return e;
    return std::nullopt;
}
template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
    for (const auto& [k, name] : table)
        if (k == e) return name;
    return "?";
}

constexpr std::array<std::pair<Channel, std::string_view>, 3> kChannels{
    {{Channel::Tertulis, "tertulis"},
     {Channel::Lisan, "lisan"},
     {Channel::Elektronik, "elektronik"}}};

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoles{
    {{Role::Pelanggan, "pelanggan"},
     {Role::StafPji, "staf_pji"},
     {Role::KoordinatorPji, "koordinator_pji"},
     {Role::KepalaBalai, "kepala_balai"},
     {Role::KoordinatorTerkait, "koordinator_terkait"},
     {Role::Administrator, "administrator"}}};

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoleTitles{
    {{Role::Pelanggan, "Pelanggan"},
     {Role::StafPji, "Staf PJI"},
     {Role::KoordinatorPji, "Koordinator Fungsi PJI"},
     {Role::KepalaBalai, "Kepala Balai"},
     {Role::KoordinatorTerkait, "Koordinator Fungsi Terkait"},
     {Role::Administrator, "Administrator"}}};

constexpr std::array<std::pair<ComplaintStatus, std::string_view>, 2> kStatuses{
    {{ComplaintStatus::Open, "open"}, {ComplaintStatus::Closed, "closed"}}};

} // namespace

std::string_view to_string(Channel c) {
    return name_of(kChannels, c);
}
std::optional<Channel> channel_from_string(std::string_view s) {
    return lookup(kChannels, s);
}
std::string_view to_string(Role r) {
    return name_of(kRoles, r);
}
std::optional<Role> role_from_string(std::string_view s) {
    return lookup(kRoles, s);
}
std::string_view role_title(Role r) {
    return name_of(kRoleTitles, r);
}
std::string_view to_string(ComplaintStatus s) {
    return name_of(kStatuses, s);
}
std::optional<ComplaintStatus> status_from_string(std::string_view s) {
    return lookup(kStatuses, s);
}

OriginKind origin_kind(std::string_view origin) {
    if (origin.rfind("admin-", 0) == 0) return OriginKind::Desk;
    if (origin == "cli") return OriginKind::CommandLine;
    if (origin == "web") return OriginKind::Web;
    return OriginKind::Kiosk;
}

std::string origin_key(std::string_view origin) {
    switch (origin_kind(origin)) {
    case OriginKind::Desk:
        return "origin.desk";
    case OriginKind::CommandLine:
        return "origin.cli";
    case OriginKind::Web:
        return "origin.web";
    case OriginKind::Kiosk:
        return "origin.kiosk";
    }
    return "origin.kiosk";
}

std::string display_name_of(const std::vector<std::pair<std::string, std::string>>& names,
                            const std::string& user) {
    for (const auto& [n, d] : names)
        if (n == user && !d.empty()) return d;
    return user;
}

} // namespace keluhan
