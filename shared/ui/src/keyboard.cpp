#include "keluhan/ui/keyboard.hpp"

#include "keluhan/ui/fast_render.hpp"

#include <algorithm>
#include <vector>

namespace keluhan::ui {
namespace {

enum class Special { None, Shift, Backspace, Enter, Space, Symbols, Letters };

struct Key {
    std::string label;  // what the key shows (and the script taps)
    std::string output; // what it types
    float units = 1.0f; // width in key units
    Special special = Special::None;
};
using Row = std::vector<Key>;

Key k(const std::string& s) {
    return Key{s, s, 1.0f, Special::None};
}
Key wide(std::string label, std::string out, float units) {
    return Key{std::move(label), std::move(out), units, Special::None};
}
Key sp(const std::string& label, Special s, float units) {
    return Key{label, "", units, s};
}

std::vector<Row> rows_for(KeyboardLayout layout, const KeyboardState& st, const KeyboardLabels& l) {
    auto letters = [&](const char* row) {
        Row r;
        for (const char* p = row; *p; ++p) {
            std::string c(1, *p);
            if (st.shift || st.caps)
                c[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(c[0])));
            r.push_back(k(c));
        }
        return r;
    };
    auto digits = [] {
        Row r;
        for (char c = '1'; c <= '9'; ++c)
            r.push_back(k(std::string(1, c)));
        r.push_back(k("0"));
        return r;
    };
    switch (layout) {
    case KeyboardLayout::Phone:
    case KeyboardLayout::Pin: {
        std::vector<Row> rows{
            {k("1"), k("2"), k("3")}, {k("4"), k("5"), k("6")}, {k("7"), k("8"), k("9")}};
        Row last;
        if (layout == KeyboardLayout::Phone)
            last.push_back(k("+"));
        else
            last.push_back(Key{"", "", 1.0f, Special::None});
        last.push_back(k("0"));
        last.push_back(sp(l.backspace, Special::Backspace, 1.0f));
        rows.push_back(last);
        rows.push_back({sp(l.enter, Special::Enter, 3.0f)});
        return rows;
    }
    case KeyboardLayout::Code: {
        std::vector<Row> rows{digits()};
        auto up = [&](const char* row) {
            Row r;
            for (const char* p = row; *p; ++p)
                r.push_back(k(std::string(1, *p)));
            return r;
        };
        rows.push_back(up("QWERTYUIOP"));
        rows.push_back(up("ASDFGHJKL-"));
        Row r = up("ZXCVBNM");
        r.push_back(sp(l.backspace, Special::Backspace, 3.0f));
        rows.push_back(r);
        rows.push_back({sp(l.enter, Special::Enter, 10.0f)});
        return rows;
    }
    case KeyboardLayout::Text:
    case KeyboardLayout::Email:
        break;
    }
    std::vector<Row> rows;
    if (st.symbols) {
        rows.push_back(digits());
        rows.push_back(
            {k("!"), k("?"), k("."), k(","), k(":"), k(";"), k("'"), k("\""), k("("), k(")")});
        rows.push_back(
            {k("@"), k("#"), k("&"), k("/"), k("-"), k("_"), k("+"), k("="), k("%"), k("*")});
        rows.push_back({sp(l.letters, Special::Letters, 2.0f), k("<"), k(">"), k("["), k("]"),
                        k("$"), sp(l.backspace, Special::Backspace, 3.0f)});
    } else {
        rows.push_back(digits());
        rows.push_back(letters("qwertyuiop"));
        Row r2 = letters("asdfghjkl");
        r2.push_back(layout == KeyboardLayout::Email ? k("_") : k("'"));
        rows.push_back(r2);
        Row r3{sp(l.shift, Special::Shift, 1.5f)};
        for (auto& key : letters("zxcvbnm"))
            r3.push_back(key);
        r3.push_back(sp(l.backspace, Special::Backspace, 1.5f));
        rows.push_back(r3);
    }
    if (layout == KeyboardLayout::Email) {
        rows.push_back({sp(st.symbols ? l.letters : l.symbols,
                           st.symbols ? Special::Letters : Special::Symbols, 1.5f),
                        k("@"), k("."), k("-"), wide(".com", ".com", 1.5f),
                        wide(".co.id", ".co.id", 1.5f), wide(".go.id", ".go.id", 1.5f),
                        sp(l.enter, Special::Enter, 2.0f)});
    } else {
        rows.push_back({sp(st.symbols ? l.letters : l.symbols,
                           st.symbols ? Special::Letters : Special::Symbols, 1.5f),
                        k(","), sp(l.space, Special::Space, 4.5f), k("."), k("-"),
                        sp(l.enter, Special::Enter, 2.0f)});
    }
    return rows;
}

float units_of(const Row& r) {
    float u = 0;
    for (const auto& key : r)
        u += key.units;
    return u;
}

float max_units(const std::vector<Row>& rows) {
    float u = 0;
    for (const auto& r : rows)
        u = std::max(u, units_of(r));
    return u;
}

float keyboard_width(const Ui& ui, KeyboardLayout layout, float width) {
    // The number pad stays a comfortable size instead of stretching.
    if (layout == KeyboardLayout::Phone || layout == KeyboardLayout::Pin)
        return std::min(width, ui.m.px(720));
    return width;
}

} // namespace

float keyboard_height(const Ui& ui, KeyboardLayout layout, float width) {
    const auto rows = rows_for(layout, KeyboardState{}, KeyboardLabels{});
    (void)width;
    const float key_h = ui.m.px(100);
    const float gap = ui.m.px(12);
    return static_cast<float>(rows.size()) * (key_h + gap) + gap;
}

std::optional<KeyPress> keyboard(Ui& ui, KeyboardState& state, KeyboardLayout layout, float width,
                                 const KeyboardLabels& labels) {
    const auto rows = rows_for(layout, state, labels);
    const float gap = ui.m.px(12);
    const float key_h = ui.m.px(100);
    const float kb_w = keyboard_width(ui, layout, width);
    const float unit = (kb_w - gap) / max_units(rows);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float height = static_cast<float>(rows.size()) * (key_h + gap) + gap;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), color::kKeyboard);
    std::optional<KeyPress> out;
    float y = origin.y + gap;
    int index = 0;
    for (const auto& row : rows) {
        // Rows shorter than the widest are centred.
        float x = origin.x + (width - kb_w) * 0.5f + gap +
                  (max_units(rows) - units_of(row)) * unit * 0.5f;
        for (const auto& key : row) {
            const float w = key.units * unit - gap;
            if (key.label.empty()) {
                x += key.units * unit;
                continue;
            }
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            ImGui::PushID(index++);
            const bool pressed = ImGui::InvisibleButton("key", ImVec2(w, key_h));
            const bool down = ImGui::IsItemActive();
            ImGui::PopID();
            const bool special = key.special != Special::None && key.special != Special::Space;
            const bool lit = key.special == Special::Shift && (state.shift || state.caps);
            const bool enter = key.special == Special::Enter;
            ImU32 back = down ? color::kSecondaryDown : (special ? color::kSecondary : color::kKey);
            ImU32 fore = color::kText;
            if (enter || lit) {
                back = down ? color::kPrimaryDown : color::kPrimary;
                fore = color::kOnPrimary;
            }
            const ImVec2 kmin(x, y), kmax(x + w, y + key_h);
            // The key's lower edge, then the key.
            fill_rect(dl, ImVec2(kmin.x + ui.m.px(6), kmax.y - ui.m.px(4)),
                      ImVec2(kmax.x - ui.m.px(6), kmax.y + ui.m.px(3)),
                      IM_COL32(0xA3, 0xAC, 0xB8, 0xFF), 0);
            fill_rect(dl, kmin, kmax, back, ui.m.px(12));
            ImFont* font = key.label.size() > 2 ? ui.fonts.bold : ui.fonts.heading;
            const ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, key.label.c_str());
            dl->AddText(font, font->FontSize,
                        ImVec2(x + (w - ts.x) * 0.5f, y + (key_h - ts.y) * 0.5f), fore,
                        key.label.c_str());
            record_target(ui, key.label, kmin, kmax);
            if (pressed) {
                ui.tapped = true;
                switch (key.special) {
                case Special::None:
                    out = KeyPress{KeyPress::Kind::Text, key.output};
                    if (state.shift && !state.caps) state.shift = false;
                    break;
                case Special::Space:
                    out = KeyPress{KeyPress::Kind::Text, " "};
                    break;
                case Special::Backspace:
                    out = KeyPress{KeyPress::Kind::Backspace, ""};
                    break;
                case Special::Enter:
                    out = KeyPress{KeyPress::Kind::Enter, ""};
                    break;
                case Special::Shift:
                    if (state.caps)
                        state.caps = state.shift = false;
                    else if (state.shift)
                        state.caps = true;
                    else
                        state.shift = true;
                    break;
                case Special::Symbols:
                    state.symbols = true;
                    break;
                case Special::Letters:
                    state.symbols = false;
                    break;
                }
            }
            x += key.units * unit;
        }
        y += key_h + gap;
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(width, height));
    return out;
}

} // namespace keluhan::ui
