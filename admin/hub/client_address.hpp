// Which address a request comes from: the socket's peer, or, when that peer
// is one of [hub] trusted_proxies, the address the proxy put last in
// X-Forwarded-For (nginx: `proxy_set_header X-Forwarded-For $remote_addr`).
// Everything the hub counts per client (the status page's and the sign-in's
// limits) and logs uses this, so behind nginx each visitor has their own
// limit, and a client talking to the hub directly cannot pose as another.
#pragma once

#include "http_server.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace keluhan::hub {

inline std::string client_address(const http::Request& req,
                                  const std::vector<std::string>& trusted_proxies) {
    if (std::find(trusted_proxies.begin(), trusted_proxies.end(), req.remote_addr) ==
        trusted_proxies.end())
        return req.remote_addr;
    std::string xff = req.get_header_value("X-Forwarded-For");
    // The last hop is the one the trusted proxy added; earlier ones are the
    // client's own words.
    if (const auto comma = xff.rfind(','); comma != std::string::npos) xff = xff.substr(comma + 1);
    const auto b = xff.find_first_not_of(" \t");
    const auto e = xff.find_last_not_of(" \t");
    if (b == std::string::npos) return req.remote_addr;
    xff = xff.substr(b, e - b + 1);
    // An address, not a story: at most 45 characters of hex, digits, dots, colons.
    if (xff.size() > 45 || xff.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
        return req.remote_addr;
    return xff;
}

} // namespace keluhan::hub
