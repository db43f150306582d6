// QR codes as a plain module matrix (libqrencode), for the kiosk's screen,
// the printed receipt and the status page. Drawing is the caller's job.
#pragma once

#include "keluhan/domain/config.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/domain/ids.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keluhan {

class QrMatrix {
  public:
    enum class Level { L, M, Q, H };
    // Encodes `text` (8-bit mode) at error-correction `level` (M or better for
    // receipts). Refused with err.qr.encode when it does not fit.
    [[nodiscard]] static Result<QrMatrix> encode(std::string_view text, Level level = Level::M);

    [[nodiscard]] int size() const { return size_; } // modules per side, without quiet zone
    [[nodiscard]] bool dark(int x, int y) const {
        return modules_[static_cast<std::size_t>(y * size_ + x)] != 0;
    }
    // The quiet zone every reader needs around the symbol, in modules.
    static constexpr int kQuietZone = 4;

  private:
    int size_ = 0;
    std::vector<std::uint8_t> modules_;
};

// What a receipt's QR holds: "<status.base_url>/s/<code>" when the office
// has a status page, else the grouped code itself.
[[nodiscard]] std::string qr_payload(const Config& config, const TrackingCode& code);

} // namespace keluhan
