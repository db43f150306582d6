// Colours, type sizes and spacing shared by the apps. Sizes are in pixels at
// the reference size (1080 px short side) times `scale`, so the same layout
// works at 1080x1920 portrait, 1920x1080 landscape and in a smaller window.
#pragma once

#include <imgui.h>

namespace keluhan::ui {

namespace color {
inline constexpr ImU32 kBackground = IM_COL32(0xF3, 0xF5, 0xF8, 0xFF);
inline constexpr ImU32 kSurface = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kBand = IM_COL32(0x0B, 0x4A, 0x8B, 0xFF);    // header band, Kemenperin blue
inline constexpr ImU32 kPrimary = IM_COL32(0x0B, 0x5C, 0xAD, 0xFF); // main actions
inline constexpr ImU32 kPrimaryDown = IM_COL32(0x08, 0x45, 0x82, 0xFF);
inline constexpr ImU32 kSecondary = IM_COL32(0xE3, 0xE9, 0xF1, 0xFF); // other buttons
inline constexpr ImU32 kSecondaryDown = IM_COL32(0xC9, 0xD3, 0xE0, 0xFF);
inline constexpr ImU32 kText = IM_COL32(0x16, 0x1D, 0x27, 0xFF);
inline constexpr ImU32 kMuted = IM_COL32(0x4A, 0x55, 0x63, 0xFF);
inline constexpr ImU32 kOnPrimary = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kBorder = IM_COL32(0x9A, 0xA6, 0xB5, 0xFF);
inline constexpr ImU32 kFocus = IM_COL32(0x0B, 0x5C, 0xAD, 0xFF);
inline constexpr ImU32 kError = IM_COL32(0xB0, 0x1E, 0x1E, 0xFF);
inline constexpr ImU32 kErrorBack = IM_COL32(0xFD, 0xEC, 0xEC, 0xFF);
inline constexpr ImU32 kSuccess = IM_COL32(0x1B, 0x6E, 0x35, 0xFF);
inline constexpr ImU32 kSuccessBack = IM_COL32(0xE7, 0xF5, 0xEA, 0xFF);
inline constexpr ImU32 kNotice = IM_COL32(0xFF, 0xF4, 0xD6, 0xFF);
inline constexpr ImU32 kKey = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kKeyboard = IM_COL32(0xD5, 0xDB, 0xE3, 0xFF);
} // namespace color

// The fonts loaded for the apps; all from Noto Sans (fontconfig).
struct Fonts {
    ImFont* small = nullptr;   // hints, counters
    ImFont* body = nullptr;    // text, fields
    ImFont* bold = nullptr;    // buttons, labels
    ImFont* heading = nullptr; // screen titles
    ImFont* title = nullptr;   // welcome title
    ImFont* code = nullptr;    // the tracking code, huge
};

struct Metrics {
    float scale = 1.0f;
    [[nodiscard]] float px(float reference) const { return reference * scale; }
    // Minimum touch target at the reference size (issue: at least 64 px).
    [[nodiscard]] float touch() const { return px(96.0f); }
    [[nodiscard]] float gap() const { return px(24.0f); }
    [[nodiscard]] float margin() const { return px(48.0f); }
    [[nodiscard]] float radius() const { return px(16.0f); }
};

// ImGui style for touch: big padding, rounded, our colours.
void apply_theme(const Metrics& m);

} // namespace keluhan::ui
