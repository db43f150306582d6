// The on-screen keyboard: letters, digits, shift, backspace, space, common
// punctuation, @ and . for e-mail, a number pad for phone numbers and PINs.
// No physical keyboard is assumed. The app owns its state.
#pragma once

#include "keluhan/ui/widgets.hpp"

#include <optional>
#include <string>

namespace keluhan::ui {

enum class KeyboardLayout { Text, Email, Phone, Code, Pin };

struct KeyboardState {
    bool shift = false;   // next letter upper case
    bool caps = false;    // shift held down (double tap)
    bool symbols = false; // punctuation page
    void reset() { *this = {}; }
};

struct KeyPress {
    enum class Kind { Text, Backspace, Enter } kind = Kind::Text;
    std::string text;
};

// Labels of the special keys, in the visitor's language.
struct KeyboardLabels {
    std::string space = "spasi", backspace = "hapus", enter = "lanjut", shift = "shift",
                symbols = "?123", letters = "abc";
};

// Height the keyboard needs at this width.
[[nodiscard]] float keyboard_height(const Ui& ui, KeyboardLayout layout, float width);
// Draws the keyboard at the cursor, `width` wide; returns the key tapped.
std::optional<KeyPress> keyboard(Ui& ui, KeyboardState& state, KeyboardLayout layout, float width,
                                 const KeyboardLabels& labels);

} // namespace keluhan::ui
