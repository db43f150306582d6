// Spoken complaints: record from the kiosk's microphone through SDL's audio
// capture (16 kHz mono, 16-bit), with a level meter, stop, play back and
// record again. The samples are handed over as a WAV file.
#pragma once

#include "keluhan/domain/error.hpp"

#include <SDL.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace keluhan::kiosk {

class Recorder {
  public:
    static constexpr int kRate = 16000;

    Recorder();  // SDL_InitSubSystem(SDL_INIT_AUDIO)
    ~Recorder(); // closes devices, SDL_QuitSubSystem
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // Whether a microphone can be opened at all (opens and closes it).
    [[nodiscard]] bool probe();
    // Starts a new recording (dropping the last); err.kiosk.mic when no
    // microphone can be opened.
    [[nodiscard]] Status start(int max_seconds);
    void stop();
    [[nodiscard]] bool recording() const { return capture_ != 0; }
    // Reached the maximum length: the app stops it.
    [[nodiscard]] bool full() const { return full_.load(); }
    // Recent loudness, 0..1, for the meter.
    [[nodiscard]] float level() const { return level_.load(); }
    [[nodiscard]] double seconds() const;

    [[nodiscard]] Status play();
    void stop_playback();
    // True while playback has sound left to play.
    [[nodiscard]] bool playing();

    // The recording as a RIFF/WAV file.
    [[nodiscard]] std::vector<std::uint8_t> wav() const;
    void clear();

  private:
    static void on_capture(void* self, Uint8* stream, int len);
    void close_capture();

    SDL_AudioDeviceID capture_ = 0;
    SDL_AudioDeviceID playback_ = 0;
    mutable std::mutex mu_;
    std::vector<std::int16_t> samples_;
    std::size_t max_samples_ = 0;
    std::atomic<float> level_{0.0f};
    std::atomic<bool> full_{false};
    bool audio_ok_ = false;
};

// RIFF/WAV bytes for 16-bit mono samples.
[[nodiscard]] std::vector<std::uint8_t> make_wav(const std::vector<std::int16_t>& samples,
                                                 int rate);

} // namespace keluhan::kiosk
