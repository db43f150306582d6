#include "recorder.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace keluhan::kiosk {
namespace {

SDL_AudioSpec wanted_spec(SDL_AudioCallback cb, void* user) {
    SDL_AudioSpec s{};
    s.freq = Recorder::kRate;
    s.format = AUDIO_S16SYS;
    s.channels = 1;
    s.samples = 1024;
    s.callback = cb;
    s.userdata = user;
    return s;
}

void put_u32(std::vector<std::uint8_t>& v, std::uint32_t x) {
    for (int i = 0; i < 4; ++i)
        v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}
void put_u16(std::vector<std::uint8_t>& v, std::uint16_t x) {
    v.push_back(static_cast<std::uint8_t>(x));
    v.push_back(static_cast<std::uint8_t>(x >> 8));
}

} // namespace

std::vector<std::uint8_t> make_wav(const std::vector<std::int16_t>& samples, int rate) {
    const auto data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
    std::vector<std::uint8_t> v;
    v.reserve(44 + data_bytes);
    for (char c : std::string_view("RIFF"))
        v.push_back(static_cast<std::uint8_t>(c));
    put_u32(v, 36 + data_bytes);
    for (char c : std::string_view("WAVEfmt "))
        v.push_back(static_cast<std::uint8_t>(c));
    put_u32(v, 16);
    put_u16(v, 1); // PCM
    put_u16(v, 1); // mono
    put_u32(v, static_cast<std::uint32_t>(rate));
    put_u32(v, static_cast<std::uint32_t>(rate * 2));
    put_u16(v, 2);
    put_u16(v, 16);
    for (char c : std::string_view("data"))
        v.push_back(static_cast<std::uint8_t>(c));
    put_u32(v, data_bytes);
    for (const auto s : samples)
        put_u16(v, static_cast<std::uint16_t>(s));
    return v;
}

Recorder::Recorder() {
    audio_ok_ = SDL_InitSubSystem(SDL_INIT_AUDIO) == 0;
}

Recorder::~Recorder() {
    close_capture();
    stop_playback();
    if (audio_ok_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

bool Recorder::probe() {
    if (!audio_ok_) return false;
    SDL_AudioSpec want = wanted_spec(nullptr, nullptr);
    want.callback = [](void*, Uint8*, int) {};
    SDL_AudioSpec got{};
    const SDL_AudioDeviceID dev = SDL_OpenAudioDevice(nullptr, 1, &want, &got, 0);
    if (dev == 0) return false;
    SDL_CloseAudioDevice(dev);
    return true;
}

void Recorder::on_capture(void* user, Uint8* stream, int len) {
    auto* self = static_cast<Recorder*>(user);
    const auto n = static_cast<std::size_t>(len) / 2;
    const auto* in = reinterpret_cast<const std::int16_t*>(stream);
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += static_cast<double>(in[i]) * in[i];
    const double rms = n ? std::sqrt(sum / static_cast<double>(n)) / 32768.0 : 0.0;
    // A meter people can read: speech at a normal distance fills about half.
    self->level_.store(static_cast<float>(std::min(1.0, rms * 4.0)));
    std::lock_guard lock(self->mu_);
    const std::size_t room =
        self->max_samples_ > self->samples_.size() ? self->max_samples_ - self->samples_.size() : 0;
    const std::size_t take = std::min(room, n);
    self->samples_.insert(self->samples_.end(), in, in + take);
    if (self->samples_.size() >= self->max_samples_) self->full_.store(true);
}

Status Recorder::start(int max_seconds) {
    close_capture();
    stop_playback();
    {
        std::lock_guard lock(mu_);
        samples_.clear();
        max_samples_ = static_cast<std::size_t>(max_seconds) * kRate;
        samples_.reserve(std::min<std::size_t>(max_samples_, static_cast<std::size_t>(kRate) * 30));
    }
    full_.store(false);
    level_.store(0.0f);
    if (!audio_ok_) return Error{ErrorKind::Storage, "kiosk.record.no_mic", {}, SDL_GetError()};
    SDL_AudioSpec want = wanted_spec(&Recorder::on_capture, this);
    SDL_AudioSpec got{};
    capture_ = SDL_OpenAudioDevice(nullptr, 1, &want, &got, 0);
    if (capture_ == 0) return Error{ErrorKind::Storage, "kiosk.record.no_mic", {}, SDL_GetError()};
    SDL_PauseAudioDevice(capture_, 0);
    return ok();
}

void Recorder::close_capture() {
    if (capture_ != 0) {
        SDL_CloseAudioDevice(capture_); // waits for the callback to finish
        capture_ = 0;
    }
    level_.store(0.0f);
}

void Recorder::stop() {
    close_capture();
}

double Recorder::seconds() const {
    std::lock_guard lock(mu_);
    return static_cast<double>(samples_.size()) / kRate;
}

Status Recorder::play() {
    stop_playback();
    if (!audio_ok_) return Error{ErrorKind::Storage, "kiosk.record.no_speaker", {}, SDL_GetError()};
    SDL_AudioSpec want = wanted_spec(nullptr, nullptr);
    SDL_AudioSpec got{};
    playback_ = SDL_OpenAudioDevice(nullptr, 0, &want, &got, 0);
    if (playback_ == 0)
        return Error{ErrorKind::Storage, "kiosk.record.no_speaker", {}, SDL_GetError()};
    std::lock_guard lock(mu_);
    SDL_QueueAudio(playback_, samples_.data(), static_cast<Uint32>(samples_.size() * 2));
    SDL_PauseAudioDevice(playback_, 0);
    return ok();
}

void Recorder::stop_playback() {
    if (playback_ != 0) {
        SDL_CloseAudioDevice(playback_);
        playback_ = 0;
    }
}

bool Recorder::playing() {
    if (playback_ == 0) return false;
    if (SDL_GetQueuedAudioSize(playback_) == 0) {
        stop_playback();
        return false;
    }
    return true;
}

std::vector<std::uint8_t> Recorder::wav() const {
    std::lock_guard lock(mu_);
    return make_wav(samples_, kRate);
}

void Recorder::clear() {
    close_capture();
    stop_playback();
    std::lock_guard lock(mu_);
    std::fill(samples_.begin(), samples_.end(), std::int16_t{0});
    samples_.clear();
    full_.store(false);
}

} // namespace keluhan::kiosk
