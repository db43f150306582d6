// libFuzzer target: the hub's push payload parser (and the other parsers of
// sync.hpp) on arbitrary bytes. They must never crash, throw, hang or leak.
// Built with clang by scripts/fuzz.sh (KELUHAN_FUZZ=ON), never by ctest.
#include "keluhan/domain/config.hpp"
#include "keluhan/sync/sync.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    static const keluhan::Config config = keluhan::default_config({});
    // A small limit now and then, so the size check is exercised too.
    const std::size_t max = size > 0 && data[0] == ' ' ? 64 : keluhan::sync_limits::kMaxBodyBytes;
    if (auto batch = keluhan::parse_push(in, max)) {
        for (const auto& c : *batch)
            (void)keluhan::check_imported(c, config.limits, config.services, 1'800'000'000'000);
    }
    (void)keluhan::parse_push_reply(in);
    (void)keluhan::parse_changes(in);
    (void)keluhan::parse_status_view(in, "id");
    (void)keluhan::parse_bearer(in);
    (void)keluhan::parse_cursor_param(in);
    return 0;
}
