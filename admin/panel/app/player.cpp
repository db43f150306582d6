#include "player.hpp"

#include <memory>

namespace keluhan::panel {

Player::Player() : audio_ok_(SDL_InitSubSystem(SDL_INIT_AUDIO) == 0) {}

Player::~Player() {
    stop();
    if (audio_ok_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

Status Player::play(std::int64_t id, const std::vector<std::uint8_t>& wav) {
    stop();
    if (!audio_ok_)
        return Error{ErrorKind::Storage, "err.admin.audio_device", {{"detail", SDL_GetError()}}};
    SDL_AudioSpec spec{};
    Uint8* buf = nullptr;
    Uint32 len = 0;
    SDL_RWops* rw = SDL_RWFromConstMem(wav.data(), static_cast<int>(wav.size()));
    if (!rw || !SDL_LoadWAV_RW(rw, 1, &spec, &buf, &len))
        return Error{ErrorKind::Invalid, "err.admin.audio_file", {{"detail", SDL_GetError()}}};
    std::unique_ptr<Uint8, void (*)(Uint8*)> samples(buf, SDL_FreeWAV);
    spec.callback = nullptr; // queued, not pulled
    SDL_AudioSpec got{};
    device_ = SDL_OpenAudioDevice(nullptr, 0, &spec, &got, 0);
    if (device_ == 0)
        return Error{ErrorKind::Storage, "err.admin.audio_device", {{"detail", SDL_GetError()}}};
    if (SDL_QueueAudio(device_, samples.get(), len) != 0) {
        stop();
        return Error{ErrorKind::Storage, "err.admin.audio_device", {{"detail", SDL_GetError()}}};
    }
    const int frame = SDL_AUDIO_BITSIZE(spec.format) / 8 * spec.channels;
    bytes_per_second_ = static_cast<double>(frame) * spec.freq;
    bytes_ = len;
    length_ = len / bytes_per_second_;
    id_ = id;
    SDL_PauseAudioDevice(device_, 0);
    return ok();
}

void Player::stop() {
    if (device_ != 0) SDL_CloseAudioDevice(device_);
    device_ = 0;
    id_ = 0;
}

bool Player::playing() const {
    return device_ != 0 && SDL_GetQueuedAudioSize(device_) > 0;
}

double Player::seconds() const {
    if (device_ == 0) return 0;
    return (bytes_ - SDL_GetQueuedAudioSize(device_)) / bytes_per_second_;
}

} // namespace keluhan::panel
