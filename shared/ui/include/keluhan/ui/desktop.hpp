// Desktop widgets for the admin panel: mouse and keyboard sizes (a normal
// window, 1366x768 and up), ImGui's own controls, each recording what it
// shows in the frame's Record like the touch widgets do, so the headless
// script driver can "tap <label>", "type" into a focused field and
// "expect <text>". The kiosk's touch widgets (widgets.hpp) are unchanged.
//
// Labels may carry an ImGui id suffix ("Simpan##note"): the part before "##"
// is shown and recorded, the whole string is the ImGui id.
#pragma once

#include "keluhan/ui/widgets.hpp"

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace keluhan::ui::desktop {

// ImGui style for a desktop window: compact padding, our colours, opaque
// popups and tables. Sizes in pixels (the panel draws at scale 1).
void apply_theme();

// The part of `label` shown ("Simpan##x" -> "Simpan").
[[nodiscard]] std::string_view shown(std::string_view label);

// A button; Primary is filled blue, Danger red. `width` 0 = fit the label.
bool button(Ui& ui, std::string_view label, Look look = Look::Secondary, bool enabled = true,
            float width = 0);

struct InputOptions {
    std::string_view hint; // muted text in the empty box
    float width = 0;       // 0 = the rest of the line
    float height = 0;      // > 0: several lines, this tall
    bool password = false; // dots
    bool read_only = false;
    bool* entered = nullptr;   // one line: set when Enter was pressed
    bool focus = false;        // take the keyboard focus this frame
    std::size_t max_chars = 0; // > 0: a counter "n / max" under a multi-line box

    // Chained setters: input(ui, "Nama", s, InputOptions().wide(200).on_enter(&go)).
    InputOptions& hinted(std::string_view h) {
        hint = h;
        return *this;
    }
    InputOptions& wide(float w) {
        width = w;
        return *this;
    }
    InputOptions& tall(float h) {
        height = h;
        return *this;
    }
    InputOptions& secret() {
        password = true;
        return *this;
    }
    InputOptions& fixed() {
        read_only = true;
        return *this;
    }
    InputOptions& on_enter(bool* e) {
        entered = e;
        return *this;
    }
    InputOptions& focused(bool f) {
        focus = f;
        return *this;
    }
    InputOptions& counted(std::size_t m) {
        max_chars = m;
        return *this;
    }
};
// A text box with its label above it (label "" = none; the hint names it
// then). Tapping the label or the box focuses it. Returns true when the
// text changed.
bool input(Ui& ui, std::string_view label, std::string& value, const InputOptions& o = {});

bool checkbox(Ui& ui, std::string_view label, bool& value);
// A drop-down; every item is a tap target while it is open. Returns true
// when the choice changed.
bool combo(Ui& ui, std::string_view label, int& index, const std::vector<std::string>& items,
           float width = 0);
// A row of the left navigation or a tab: highlighted when `selected`.
bool nav_item(Ui& ui, std::string_view label, bool selected, float width,
              std::string_view badge = {});
// A selectable table row spanning every column (call in the first column);
// `label` is what a script taps (e.g. the tracking code).
bool row(Ui& ui, std::string_view label, bool selected, float height = 0);

// Text in a font and colour, recorded. `wrap`: wrap to the available width.
void text(Ui& ui, std::string_view s, ImU32 colour = color::kText, ImFont* font = nullptr,
          bool wrap = false);
// Records text drawn by hand (table cells drawn with ImGui directly).
void record(Ui& ui, std::string_view s);
// A coloured box with wrapped text (errors, notices) at desktop size.
void banner(Ui& ui, std::string_view s, ImU32 text_colour, ImU32 back);
// A white, bordered box (`width` 0 = the rest of the line) around what is drawn between
// the two calls; its height follows the content (measured each frame).
void begin_card(const char* id, float padding = 14, float width = 0);
void end_card();
// "Label: value" on one line, the label muted and a fixed width.
void field_line(Ui& ui, std::string_view label, std::string_view value, float label_width);

} // namespace keluhan::ui::desktop
