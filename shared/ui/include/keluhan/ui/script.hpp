// Headless driving: a script has one action a line.
//   tap <visible label>    tap the button showing that label
//   type <text>            type text, as a keyboard or QR scanner would
//   key <name>             press a key: Return, Backspace, Escape, Tab
//   wait <seconds>         let time pass (the app's timers see it)
//   shot <name>            write DIR/name.png
//   expect <visible text>  fail unless the screen shows that text
//   bench <frames>         print the CPU time per frame over that many frames
// Blank lines and lines starting with # are ignored.
#pragma once

#include "keluhan/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace keluhan::ui {

struct ScriptAction {
    enum class Kind { Tap, Type, Key, Wait, Shot, Expect, Bench } kind = Kind::Tap;
    std::string arg;
    double seconds = 0; // wait
    int frames = 0;     // bench
    int line = 0;
};

// Refuses an unknown action or a bad argument with err.script.* naming the line.
[[nodiscard]] Result<std::vector<ScriptAction>> parse_script(std::string_view text);

} // namespace keluhan::ui
