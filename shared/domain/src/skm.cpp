#include "keluhan/domain/skm.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace keluhan {
namespace {

Error bad(const std::filesystem::path& file, const toml::node* n, const std::string& key,
          const std::string& reason) {
    const std::string line = n ? std::to_string(n->source().begin.line) : "1";
    return Error{ErrorKind::Invalid,
                 "err.config.invalid",
                 {{"file", file.string()}, {"line", line}, {"key", key}, {"reason", reason}},
                 file.string() + ":" + line + ": " + key + ": " + reason};
}

// `key` and `key_en` of table `t` as one text; the Indonesian must be there.
Result<SkmText> text_of(const std::filesystem::path& file, const toml::table& t,
                        const std::string& where, const char* key) {
    SkmText out;
    out.id = t[key].value_or(std::string());
    out.en = t[std::string(key) + "_en"].value_or(std::string());
    if (out.id.empty()) return bad(file, &t, where + "." + key, "must be text");
    return out;
}

// The lists `key` and `key_en` of `t`, paired; `count` of them when > 0.
Result<std::vector<SkmText>> texts_of(const std::filesystem::path& file, const toml::table& t,
                                      const std::string& where, const char* key,
                                      std::size_t count) {
    const auto* ids = t[key].as_array();
    const auto* ens = t[std::string(key) + "_en"].as_array();
    if (!ids || (count && ids->size() != count) || ids->empty())
        return bad(file, &t, where + "." + key,
                   count ? "must list " + std::to_string(count) + " texts" : "must list texts");
    if (ens && ens->size() != ids->size())
        return bad(file, ens, where + "." + key + "_en",
                   std::string("must list as many texts as ") + key);
    std::vector<SkmText> out;
    for (std::size_t i = 0; i < ids->size(); ++i) {
        SkmText s;
        s.id = (*ids)[i].value_or(std::string());
        if (ens) s.en = (*ens)[i].value_or(std::string());
        if (s.id.empty()) return bad(file, &(*ids)[i], where + "." + key, "must be text");
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace

const SkmElement* SkmQuestionnaire::element(std::string_view want) const {
    for (const auto& e : elements)
        if (e.id == want) return &e;
    return nullptr;
}

const SkmProfileField* SkmQuestionnaire::field(std::string_view want) const {
    for (const auto& f : profile)
        if (f.id == want) return &f;
    return nullptr;
}

Result<SkmQuestionnaire> load_skm_questionnaire(const std::filesystem::path& file) {
    toml::table t;
    try {
        t = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        return Error{ErrorKind::Invalid,
                     "err.config.invalid",
                     {{"file", file.string()},
                      {"line", std::to_string(e.source().begin.line)},
                      {"key", "-"},
                      {"reason", std::string(e.description())}}};
    } catch (...) {
        return Error{ErrorKind::NotFound, "err.config.missing", {{"file", file.string()}}};
    }
    SkmQuestionnaire q;
    q.id = file.stem().string();
    auto title = text_of(file, t, "", "title");
    if (!title) return title.error();
    q.title = *title;
    q.basis = t["basis"].value_or(std::string());
    const auto* unsur = t["unsur"].as_array();
    if (!unsur || unsur->empty()) return bad(file, &t, "unsur", "must list the elements");
    std::set<std::string> ids;
    for (const auto& n : *unsur) {
        const auto* u = n.as_table();
        if (!u) return bad(file, &n, "unsur", "each element is a table");
        SkmElement e;
        e.id = (*u)["id"].value_or(std::string());
        if (e.id.empty() || !ids.insert(e.id).second)
            return bad(file, u, "unsur.id", "each element needs an id of its own");
        auto name = text_of(file, *u, "unsur." + e.id, "name");
        if (!name) return name.error();
        auto question = text_of(file, *u, "unsur." + e.id, "question");
        if (!question) return question.error();
        auto answers = texts_of(file, *u, "unsur." + e.id, "answers", 4);
        if (!answers) return answers.error();
        e.name = *name;
        e.question = *question;
        std::copy(answers->begin(), answers->end(), e.answers.begin());
        q.elements.push_back(std::move(e));
    }
    if (const auto* profil = t["profil"].as_array())
        for (const auto& n : *profil) {
            const auto* p = n.as_table();
            if (!p) return bad(file, &n, "profil", "each field is a table");
            SkmProfileField f;
            f.id = (*p)["id"].value_or(std::string());
            if (f.id.empty()) return bad(file, p, "profil.id", "must be text");
            auto name = text_of(file, *p, "profil." + f.id, "name");
            if (!name) return name.error();
            auto options = texts_of(file, *p, "profil." + f.id, "options", 0);
            if (!options) return options.error();
            f.name = *name;
            f.options = std::move(*options);
            q.profile.push_back(std::move(f));
        }
    return q;
}

SkmIndex compute_skm_index(const SkmQuestionnaire& q, const std::vector<SkmResponse>& responses) {
    SkmIndex out;
    out.respondents = static_cast<int>(responses.size());
    std::vector<long long> sums(q.elements.size(), 0);
    std::vector<int> counts(q.elements.size(), 0);
    for (const auto& r : responses)
        for (const auto& [id, score] : r.scores)
            for (std::size_t i = 0; i < q.elements.size(); ++i)
                if (q.elements[i].id == id && score >= 1 && score <= 4) {
                    sums[i] += score;
                    ++counts[i];
                }
    int answered = 0;
    for (std::size_t i = 0; i < q.elements.size(); ++i) {
        SkmElementResult e;
        e.id = q.elements[i].id;
        e.answers = counts[i];
        if (counts[i] > 0) {
            e.nrr = static_cast<double>(sums[i]) / counts[i];
            e.converted = e.nrr * 25;
            ++answered;
        }
        out.elements.push_back(e);
    }
    if (answered == 0) return out;
    for (const auto& e : out.elements)
        if (e.answers > 0) out.ikm += e.nrr / answered;
    out.converted = std::round(out.ikm * 25 * 100) / 100;
    out.grade = skm_grade(out.converted);
    std::vector<const SkmElementResult*> by_nrr;
    // Below the index only: where every element scores alike, none is weakest.
    for (const auto& e : out.elements)
        if (e.answers > 0 && e.nrr < out.ikm - 1e-9) by_nrr.push_back(&e);
    std::stable_sort(by_nrr.begin(), by_nrr.end(),
                     [](const auto* a, const auto* b) { return a->nrr < b->nrr; });
    for (std::size_t i = 0; i < by_nrr.size() && i < 3; ++i)
        out.weakest.push_back(by_nrr[i]->id);
    return out;
}

char skm_grade(double converted) {
    // Compared in hundredths, as the value is published.
    const auto v = static_cast<long long>(std::llround(converted * 100));
    return v >= 8831 ? 'A' : v >= 7661 ? 'B' : v >= 6500 ? 'C' : 'D';
}

std::string skm_grade_key(char grade) {
    switch (grade) {
    case 'A':
        return "label.skm.grade_a";
    case 'B':
        return "label.skm.grade_b";
    case 'C':
        return "label.skm.grade_c";
    case 'D':
        return "label.skm.grade_d";
    default:
        return "label.skm.grade_none";
    }
}

} // namespace keluhan
