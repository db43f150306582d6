#include "keluhan/domain/office.hpp"

#include "keluhan/domain/ids.hpp"

namespace keluhan {

Result<Office> Office::load(const std::filesystem::path& config_file, const std::string& language) {
    const auto assets = find_assets_dir();
    Result<Config> cfg = config_file.empty() ? Result<Config>(default_config(assets))
                                             : load_config(config_file, assets);
    if (!cfg) return cfg.error();
    auto profile = load_sop_profile(cfg->sop_path());
    if (!profile) return profile.error();
    auto catalog = Catalog::load(cfg->i18n_dir(), language.empty() ? cfg->language : language);
    if (!catalog) return catalog.error();
    return Office{std::move(cfg).value(), std::move(profile).value(), std::move(catalog).value()};
}

Status Office::check_profile(const Complaint& c) const {
    if (c.sop == profile.name) return ok();
    const auto code = TrackingCode::parse(c.code);
    return Error{
        ErrorKind::Conflict,
        "err.sop.other_profile",
        {{"code", code ? code->grouped() : c.code}, {"sop", c.sop}, {"active", profile.name}}};
}

} // namespace keluhan
