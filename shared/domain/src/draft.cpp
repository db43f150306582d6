#include "keluhan/domain/draft.hpp"

#include "keluhan/domain/text.hpp"

#include <algorithm>

namespace keluhan {

void ComplaintDraft::wipe() {
    for (auto* s :
         {&name, &organization, &phone, &email, &service, &reference, &description, &expectation})
        text::scrub(*s);
    std::fill(recording.begin(), recording.end(), std::uint8_t{0});
    recording.clear();
    recording.shrink_to_fit();
    recording_seconds = 0;
    anonymous = false;
    consent = false;
    channel = Channel::Tertulis;
}

Submission ComplaintDraft::submission(std::string origin, bool with_audio) const {
    Submission s;
    s.channel = channel;
    if (anonymous)
        s.complainant.anonymous = true;
    else
        s.complainant = {false, name, organization, phone, email};
    s.service = service;
    s.reference = reference;
    const bool recorded = channel == Channel::Lisan && !recording.empty();
    s.description = recorded ? std::string() : description;
    s.expectation = expectation;
    s.consent = consent;
    s.origin = std::move(origin);
    if (!recording.empty())
        s.attachments.push_back(Attachment{0, "audio/wav", "keluhan-lisan.wav",
                                           with_audio ? recording : std::vector<std::uint8_t>{1}});
    return s;
}

} // namespace keluhan
