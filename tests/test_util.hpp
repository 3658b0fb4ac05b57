// Helpers shared by the test programs: paths of committed data, UTF-8 character bags.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace newsocr::test {

inline std::filesystem::path data(const std::string& relative) { return std::filesystem::path(NEWSOCR_TEST_DATA) / relative; }

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// UTF-8 code points of a string, whitespace (ASCII and ideographic space) dropped.
inline std::vector<char32_t> code_points(const std::string& s) {
    std::vector<char32_t> out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += n;
        if (cp != U' ' && cp != U'\n' && cp != U'\t' && cp != U'\r' && cp != U'\u3000') out.push_back(cp);
    }
    return out;
}

// Bag-of-characters F1 between two texts (whitespace ignored).
inline double char_f1(const std::string& truth, const std::string& found) {
    std::map<char32_t, long> a, b;
    for (auto c : code_points(truth)) ++a[c];
    for (auto c : code_points(found)) ++b[c];
    long common = 0, na = 0, nb = 0;
    for (auto& [c, n] : a) {
        na += n;
        if (auto it = b.find(c); it != b.end()) common += std::min(n, it->second);
    }
    for (auto& [c, n] : b) nb += n;
    if (na == 0 || nb == 0) return na == nb ? 1.0 : 0.0;
    const double p = double(common) / nb, r = double(common) / na;
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

}  // namespace newsocr::test
