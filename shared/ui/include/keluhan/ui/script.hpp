// Headless driving: a script has one action a line.
//   tap <visible label>    tap the button showing that label
//   type <text>            type text, as a keyboard or QR scanner would
//   key <name>             press a key: Return, Backspace, Escape, Tab
//   wait <seconds>         let time pass (the app's timers see it)
//   shot <name>            write DIR/name.png
//   expect <visible text>  fail unless the screen shows that text
//   absent <text>          fail if the screen shows that text (a message gone)
//   await <seconds> <text> wait in real time, up to that long, until the screen
//                          shows the text (what another process does: a hub
//                          that comes back); the app's clock follows
//   bench <frames>         print the CPU time per frame over that many frames
//   bench <frames> wheel <n>  the same, each frame after a mouse-wheel step of n
//                          notches (down when positive): the time per frame while
//                          scrolling, with its median, 95th percentile and maximum
//   hover <label>          move the pointer over a target without pressing
//   wheel <n>              turn the mouse wheel n notches (down when positive)
//                          where the pointer is (over what was last tapped)
// Blank lines and lines starting with # are ignored.
#pragma once

#include "keluhan/domain/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace keluhan::ui {

struct ScriptAction {
    enum class Kind {
        Tap,
        Type,
        Key,
        Wait,
        Shot,
        Expect,
        Absent, // the screen must not show the text
        Await,
        Bench,
        Wheel,
        Hover
    } kind = Kind::Tap;
    std::string arg;
    double seconds = 0; // wait, await
    int frames = 0;     // bench
    int wheel = 0;      // wheel, and bench while scrolling: notches per step
    int line = 0;
};

// Refuses an unknown action or a bad argument with err.script.* naming the line.
[[nodiscard]] Result<std::vector<ScriptAction>> parse_script(std::string_view text);

} // namespace keluhan::ui
