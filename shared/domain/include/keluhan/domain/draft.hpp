// A complaint being typed in and not yet submitted: the kiosk visitor's form
// and the front desk's form in the panel (a spoken complaint written down by
// staff) hold one of these, and both hand the core the same Submission.
#pragma once

#include "keluhan/domain/model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace keluhan {

struct ComplaintDraft {
    Channel channel = Channel::Tertulis;
    bool anonymous = false;
    std::string name, organization, phone, email, service, reference, description, expectation;
    bool consent = false;
    std::vector<std::uint8_t> recording; // WAV, a spoken complaint recorded at the kiosk
    double recording_seconds = 0;

    // Every field overwritten, then cleared (text::scrub): when the visitor
    // leaves, the idle timeout strikes, or the complaint is stored.
    void wipe();
    // What the core is given. An anonymous draft gives no contact fields; a
    // spoken complaint with a recording has its words in the recording, not
    // in `description`. Without `with_audio` a recording is stood in for by
    // one byte (enough to validate, without copying minutes of sound).
    [[nodiscard]] Submission submission(std::string origin, bool with_audio = true) const;
};

} // namespace keluhan
