// png_compare A.png B.png: how alike two screenshots are, for the kiosk
// session test (tests/packaging/test_kiosk_session.sh). Prints
//   <A's width>x<A's height> <B's width>x<B's height> <diff> <diff180> <spread>
// diff: the mean absolute difference of their RGB values (0..255), diff180:
// the same with B turned 180 degrees, spread: the standard deviation of A's
// brightness (0 for a one-colour picture, a black screen). Sizes that differ
// print -1 for both differences. Exit 2 when a file cannot be read.
#include <stb_image.h>

#include <cmath>
#include <cstdio>
#include <memory>

namespace {

struct Image {
    int w = 0, h = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> px{nullptr, stbi_image_free};
    [[nodiscard]] const stbi_uc* at(int x, int y) const {
        return px.get() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                           static_cast<std::size_t>(x)) *
                              3;
    }
};

bool load(const char* file, Image& img) {
    int n = 0;
    img.px.reset(stbi_load(file, &img.w, &img.h, &n, 3));
    return img.px != nullptr;
}

double mean_diff(const Image& a, const Image& b, bool turned) {
    double sum = 0;
    for (int y = 0; y < a.h; ++y)
        for (int x = 0; x < a.w; ++x) {
            const stbi_uc* p = a.at(x, y);
            const stbi_uc* q = turned ? b.at(b.w - 1 - x, b.h - 1 - y) : b.at(x, y);
            for (int c = 0; c < 3; ++c)
                sum += std::abs(static_cast<int>(p[c]) - q[c]);
        }
    return sum / (3.0 * a.w * a.h);
}

double spread(const Image& a) {
    double sum = 0, sq = 0;
    const double n = static_cast<double>(a.w) * a.h;
    for (int y = 0; y < a.h; ++y)
        for (int x = 0; x < a.w; ++x) {
            const stbi_uc* p = a.at(x, y);
            const double l = (p[0] + p[1] + p[2]) / 3.0;
            sum += l;
            sq += l * l;
        }
    const double m = sum / n;
    return std::sqrt(std::max(0.0, sq / n - m * m));
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: png_compare A.png B.png\n");
        return 2;
    }
    Image a, b;
    if (!load(argv[1], a) || !load(argv[2], b)) {
        std::fprintf(stderr, "png_compare: cannot read %s\n", a.px ? argv[2] : argv[1]);
        return 2;
    }
    const bool same = a.w == b.w && a.h == b.h;
    std::printf("%dx%d %dx%d %.2f %.2f %.2f\n", a.w, a.h, b.w, b.h,
                same ? mean_diff(a, b, false) : -1.0, same ? mean_diff(a, b, true) : -1.0,
                spread(a));
    return 0;
}
