#include "keluhan/domain/i18n.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace keluhan {
namespace {

void flatten(const toml::table& t, const std::string& prefix,
             std::map<std::string, std::string, std::less<>>& out) {
    for (const auto& [k, v] : t) {
        const std::string key =
            prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        if (const auto* sub = v.as_table())
            flatten(*sub, key, out);
        else if (const auto* s = v.as_string())
            out[key] = s->get();
    }
}

Result<std::map<std::string, std::string, std::less<>>> parse_toml(std::string_view text,
                                                                   std::string_view source) {
    std::map<std::string, std::string, std::less<>> out;
    try {
        const auto doc = toml::parse(text, source);
        flatten(doc, "", out);
    } catch (const toml::parse_error& e) {
        return Error{ErrorKind::Invalid,
                     "err.i18n.parse",
                     {{"file", std::string(source)},
                      {"line", std::to_string(e.source().begin.line)},
                      {"reason", std::string(e.description())}}};
    }
    return out;
}

using Messages = std::map<std::string, std::string, std::less<>>;

// Every *.toml in `dir`, in name order, merged; a key twice is an error.
Result<Messages> load_folder(const std::filesystem::path& dir) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().extension() == ".toml") files.push_back(e.path());
    if (files.empty())
        return Error{ErrorKind::NotFound, "err.i18n.missing", {{"file", dir.string()}}};
    std::sort(files.begin(), files.end());
    Messages all;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) return Error{ErrorKind::NotFound, "err.i18n.missing", {{"file", f.string()}}};
        std::ostringstream ss;
        ss << in.rdbuf();
        auto part = parse_toml(ss.str(), f.string());
        if (!part) return part.error();
        for (auto& [k, v] : *part) {
            if (all.count(k))
                return Error{ErrorKind::Invalid,
                             "err.i18n.parse",
                             {{"file", f.string()},
                              {"line", "-"},
                              {"reason", "key " + k + " is defined twice"}}};
            all.emplace(k, std::move(v));
        }
    }
    return all;
}

} // namespace

const std::vector<std::string>& supported_languages() {
    static const std::vector<std::string> langs{"id", "en"};
    return langs;
}

Result<Catalog> Catalog::parse(std::string_view lang, std::string_view text,
                               std::string_view fallback_text) {
    Catalog c;
    c.lang_ = std::string(lang);
    auto own = parse_toml(text, std::string(lang) + ".toml");
    if (!own) return own.error();
    c.own_ = std::move(own).value();
    if (!fallback_text.empty()) {
        auto fb = parse_toml(fallback_text, "id.toml");
        if (!fb) return fb.error();
        c.fallback_ = std::move(fb).value();
    }
    return c;
}

Result<Catalog> Catalog::load(const std::filesystem::path& dir, std::string_view lang,
                              bool with_fallback) {
    const auto& langs = supported_languages();
    if (std::find(langs.begin(), langs.end(), lang) == langs.end())
        return Error{ErrorKind::Invalid, "err.i18n.language", {{"value", std::string(lang)}}};
    auto own = load_folder(dir / std::string(lang));
    if (!own) return own.error();
    Catalog c;
    c.lang_ = std::string(lang);
    c.own_ = std::move(own).value();
    if (with_fallback && lang != "id") {
        auto fb = load_folder(dir / "id");
        if (!fb) return fb.error();
        c.fallback_ = std::move(fb).value();
    }
    return c;
}

bool Catalog::has(std::string_view key) const {
    return own_.find(key) != own_.end() || fallback_.find(key) != fallback_.end();
}

std::vector<std::string> Catalog::keys() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : own_)
        out.push_back(k);
    return out;
}

std::string Catalog::tr(std::string_view key,
                        const std::vector<std::pair<std::string, std::string>>& params) const {
    std::string_view tmpl = key;
    if (auto it = own_.find(key); it != own_.end())
        tmpl = it->second;
    else if (auto fb = fallback_.find(key); fb != fallback_.end())
        tmpl = fb->second;
    std::string out;
    out.reserve(tmpl.size() + 16);
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '{') {
            const auto close = tmpl.find('}', i);
            if (close != std::string_view::npos) {
                const auto name = tmpl.substr(i + 1, close - i - 1);
                const auto p = std::find_if(params.begin(), params.end(),
                                            [&](const auto& kv) { return kv.first == name; });
                if (p != params.end()) {
                    // A value that names a message ("field.name") is translated.
                    out += (p->second.find('.') != std::string::npos && has(p->second))
                               ? tr(p->second)
                               : p->second;
                    i = close;
                    continue;
                }
            }
        }
        out.push_back(tmpl[i]);
    }
    return out;
}

} // namespace keluhan
