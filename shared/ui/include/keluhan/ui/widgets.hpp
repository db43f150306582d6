// Touch widgets. Every widget records what it shows (texts and tappable
// labels) in the frame's Record, so the headless driver can find "tap
// Sampaikan Keluhan" and check "expect ..." against what is really drawn.
#pragma once

#include "keluhan/ui/theme.hpp"

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace keluhan::ui {

struct Target {
    std::string label;
    ImVec2 min, max;
    bool enabled = true;
};

// What one frame showed.
struct Record {
    std::vector<std::string> texts;
    std::vector<Target> targets;
    void clear() {
        texts.clear();
        targets.clear();
    }
};

// What draw code needs: fonts, sizes, and the frame's record.
struct Ui {
    Fonts fonts;
    Metrics m;
    Record record;
    // Set by a widget when something was tapped this frame (the app uses it
    // as "the visitor is still here").
    bool tapped = false;
};

enum class Look { Primary, Secondary, Quiet, Danger };

// A big button. `size.x` 0 = full width. Returns true when tapped.
bool button(Ui& ui, std::string_view label, ImVec2 size, Look look = Look::Primary,
            bool enabled = true);
// A large choice tile: a bold title and a line under it.
bool tile(Ui& ui, std::string_view title, std::string_view subtitle, ImVec2 size,
          bool selected = false);
// A round check box with its label beside it, the whole row tappable.
bool check(Ui& ui, std::string_view label, bool checked);

void text(Ui& ui, std::string_view s, ImFont* font, ImU32 colour = color::kText);
// Wrapped to the available width.
void paragraph(Ui& ui, std::string_view s, ImFont* font, ImU32 colour = color::kText);
void centered(Ui& ui, std::string_view s, ImFont* font, ImU32 colour = color::kText);
// A coloured box with wrapped text (errors, notices).
void banner(Ui& ui, std::string_view s, ImU32 text_colour, ImU32 back);

struct FieldView {
    std::string_view label; // shown above the box
    bool required = false;  // marks the label with *
    std::string_view value;
    std::string_view placeholder; // shown, muted, when empty
    bool focused = false;
    std::string_view error; // shown under the box, in red
    float height = 0;       // 0 = one line
    std::string counter;    // "120 / 20000" under the box, right
    bool secret = false;    // shows dots (PIN)
};
// A text box the on-screen keyboard types into. Returns true when tapped
// (the app moves the focus there). The text is drawn wrapped; a long text
// shows its end, where the cursor is.
bool field(Ui& ui, const FieldView& f);

// Records a target drawn by hand (e.g. the hidden corner); only its visible
// part (inside the current clip rectangle) can be tapped.
void record_target(Ui& ui, std::string_view label, ImVec2 min, ImVec2 max, bool enabled = true);

} // namespace keluhan::ui
