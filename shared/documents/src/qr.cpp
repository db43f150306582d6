#include "keluhan/documents/qr.hpp"

#include <qrencode.h>

#include <memory>

namespace keluhan {

Result<QrMatrix> QrMatrix::encode(std::string_view text, Level level) {
    const QRecLevel lv = level == Level::L   ? QR_ECLEVEL_L
                         : level == Level::M ? QR_ECLEVEL_M
                         : level == Level::Q ? QR_ECLEVEL_Q
                                             : QR_ECLEVEL_H;
    struct Free {
        void operator()(QRcode* q) const noexcept { QRcode_free(q); }
    };
    std::unique_ptr<QRcode, Free> q(QRcode_encodeData(
        static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0, lv));
    if (!q) return Error{ErrorKind::Invalid, "err.qr.encode"};
    QrMatrix m;
    m.size_ = q->width;
    const auto n = static_cast<std::size_t>(q->width) * static_cast<std::size_t>(q->width);
    m.modules_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        m.modules_[i] = static_cast<std::uint8_t>(q->data[i] & 1u);
    return m;
}

std::string qr_payload(const Config& config, const TrackingCode& code) {
    if (config.status_base_url.empty()) return code.grouped();
    return config.status_base_url + "/s/" + code.grouped();
}

} // namespace keluhan
