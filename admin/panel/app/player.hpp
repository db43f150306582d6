// Plays a spoken complaint's recording (a WAV attachment) through SDL audio:
// the whole file is queued on an output device opened in its own format.
#pragma once

#include "keluhan/domain/error.hpp"

#include <SDL.h>

#include <cstdint>
#include <vector>

namespace keluhan::panel {

class Player {
  public:
    Player();  // SDL_InitSubSystem(SDL_INIT_AUDIO)
    ~Player(); // closes the device, SDL_QuitSubSystem
    Player(const Player&) = delete;
    Player& operator=(const Player&) = delete;

    // Starts playing `wav` (stopping what played before); err.admin.audio_*
    // when the file cannot be read or no output device opens.
    [[nodiscard]] Status play(std::int64_t id, const std::vector<std::uint8_t>& wav);
    void stop();
    // True while sound is left to play.
    [[nodiscard]] bool playing() const;
    [[nodiscard]] std::int64_t current() const { return playing() ? id_ : 0; }
    [[nodiscard]] double seconds() const;
    [[nodiscard]] double length() const { return length_; }

  private:
    SDL_AudioDeviceID device_ = 0;
    std::int64_t id_ = 0;
    std::uint32_t bytes_ = 0;
    double bytes_per_second_ = 1;
    double length_ = 0;
    bool audio_ok_ = false;
};

} // namespace keluhan::panel
