#include "keluhan/ui/fonts.hpp"

#include <fontconfig/fontconfig.h>

#include <memory>

namespace keluhan::ui {
namespace {
struct FcPatternFree {
    void operator()(FcPattern* p) const noexcept { FcPatternDestroy(p); }
};
using PatternPtr = std::unique_ptr<FcPattern, FcPatternFree>;
} // namespace

Result<std::filesystem::path> find_font(const std::string& family, bool bold) {
    if (!FcInit()) return Error{ErrorKind::Storage, "err.ui.font", {{"font", family}}};
    PatternPtr pat(FcNameParse(reinterpret_cast<const FcChar8*>(family.c_str())));
    if (!pat) return Error{ErrorKind::Invalid, "err.ui.font", {{"font", family}}};
    FcPatternAddInteger(pat.get(), FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat.get(), FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(nullptr, pat.get(), FcMatchPattern);
    FcDefaultSubstitute(pat.get());
    FcResult result = FcResultNoMatch;
    PatternPtr match(FcFontMatch(nullptr, pat.get(), &result));
    if (!match) return Error{ErrorKind::NotFound, "err.ui.font", {{"font", family}}};
    FcChar8* file = nullptr;
    FcChar8* got_family = nullptr;
    if (FcPatternGetString(match.get(), FC_FILE, 0, &file) != FcResultMatch ||
        FcPatternGetString(match.get(), FC_FAMILY, 0, &got_family) != FcResultMatch)
        return Error{ErrorKind::NotFound, "err.ui.font", {{"font", family}}};
    // fontconfig always answers something; a different family means ours is missing.
    if (family != reinterpret_cast<const char*>(got_family))
        return Error{ErrorKind::NotFound, "err.ui.font", {{"font", family}}};
    return std::filesystem::path(reinterpret_cast<const char*>(file));
}

Result<Fonts> load_fonts(float scale) {
    return load_fonts(scale, FontSizes{});
}

Result<Fonts> load_fonts(float scale, const FontSizes& sizes) {
    auto regular = find_font("Noto Sans", false);
    if (!regular) return regular.error();
    auto bold = find_font("Noto Sans", true);
    if (!bold) return bold.error();
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* atlas = io.Fonts;
    atlas->Clear();
    // Latin with the accents of names (Latin-1 and Latin Extended-A), plus
    // the few symbols the screens use.
    static const ImWchar text_ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2013, 0x2014, 0x2018,
                                          0x201D, 0x2022, 0x2022, 0x2026, 0x2026, 0};
    // The tracking code: digits, capitals and the dash only.
    static const ImWchar code_ranges[] = {0x0020, 0x005A, 0};
    ImFontConfig cfg;
    cfg.OversampleH = 1; // crisp enough at these sizes, and a quarter of the atlas
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    auto add = [&](const std::filesystem::path& file, float px, const ImWchar* ranges) {
        return atlas->AddFontFromFileTTF(file.c_str(), px * scale, &cfg, ranges);
    };
    Fonts f;
    f.small = add(*regular, sizes.small, text_ranges);
    f.body = add(*regular, sizes.body, text_ranges);
    f.bold = add(*bold, sizes.bold, text_ranges);
    f.heading = add(*bold, sizes.heading, text_ranges);
    f.title = add(*bold, sizes.title, text_ranges);
    f.code = add(*bold, sizes.code, code_ranges);
    if (!f.small || !f.body || !f.bold || !f.heading || !f.title || !f.code)
        return Error{ErrorKind::Storage, "err.ui.font", {{"font", regular->string()}}};
    io.FontDefault = f.body;
    return f;
}

} // namespace keluhan::ui
