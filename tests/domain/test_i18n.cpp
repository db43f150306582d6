#include "keluhan/domain/i18n.hpp"

#include "support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>

using namespace keluhan;

TEST_CASE("placeholders are filled, nested keys translated, gaps visible") {
    auto c =
        Catalog::parse("id", "[a]\nb = \"Halo {name}, {field} wajib\"\n[field]\nname = \"Nama\"\n")
            .value();
    CHECK(c.tr("a.b", {{"name", "Budi"}, {"field", "field.name"}}) == "Halo Budi, Nama wajib");
    CHECK(c.tr("tidak.ada") == "tidak.ada");
    CHECK(c.tr("a.b") == "Halo {name}, {field} wajib");
}

TEST_CASE("English falls back to Indonesian for a missing key") {
    auto c = Catalog::parse("en", "x = \"Hello\"\n", "x = \"Halo\"\ny = \"Hanya ID\"\n").value();
    CHECK(c.tr("x") == "Hello");
    CHECK(c.tr("y") == "Hanya ID");
}

TEST_CASE("a broken catalog is refused with its line") {
    auto r = Catalog::parse("id", "a = \"ok\"\nb = \n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().key == "err.i18n.parse");
    CHECK(r.error().param("line") == "2");
    CHECK(Catalog::load(test::assets_dir() / "i18n", "jv").error().key == "err.i18n.language");
}

TEST_CASE("a key defined in two files of one language is refused") {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "id");
    { std::ofstream(dir / "id" / "a.toml") << "[x]\ny = \"1\"\n"; }
    { std::ofstream(dir / "id" / "b.toml") << "[x]\ny = \"2\"\n"; }
    auto r = Catalog::load(dir.path(), "id");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().param("reason").find("x.y") != std::string::npos);
}

TEST_CASE("both shipped catalogs have exactly the same keys") {
    auto id = Catalog::load(test::assets_dir() / "i18n", "id", false).value();
    auto en = Catalog::load(test::assets_dir() / "i18n", "en", false).value();
    const auto a = id.keys();
    const auto b = en.keys();
    const std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
    for (const auto& k : sa)
        CHECK_MESSAGE(sb.count(k), "missing in i18n/en/: " << k);
    for (const auto& k : sb)
        CHECK_MESSAGE(sa.count(k), "missing in i18n/id/: " << k);
}

TEST_CASE("every message key the code uses is in the catalog") {
    auto id = Catalog::load(test::assets_dir() / "i18n", "id").value();
    const std::regex key_re(
        "\"((err|cli|label|field|header|kiosk|page|admin)\\.[a-z0-9_]+(\\.[a-z0-9_]+)*)\"");
    int found = 0;
    for (const char* dir : {"shared", "admin", "kiosk"}) {
        const auto root = test::source_dir() / dir;
        if (!std::filesystem::exists(root)) continue;
        for (const auto& f : std::filesystem::recursive_directory_iterator(root)) {
            const auto ext = f.path().extension();
            if (ext != ".cpp" && ext != ".hpp") continue;
            const std::string src = test::read_file(f.path());
            for (std::sregex_iterator it(src.begin(), src.end(), key_re), end; it != end; ++it) {
                const std::string key = (*it)[1];
                if (key.back() == '.') continue; // a prefix, completed at run time
                ++found;
                CHECK_MESSAGE(id.has(key), f.path().filename().string() << " uses " << key);
            }
        }
    }
    CHECK(found > 100);
}

TEST_CASE("every channel, status and default service has a label in both languages") {
    for (const char* lang : {"id", "en"}) {
        auto c = Catalog::load(test::assets_dir() / "i18n", lang).value();
        for (const char* k : {"channel.tertulis", "channel.lisan", "channel.elektronik",
                              "status.open", "status.closed"})
            CHECK(c.has(k));
        for (const auto& s : default_config(test::assets_dir()).services)
            CHECK(c.has("service." + s));
    }
}
