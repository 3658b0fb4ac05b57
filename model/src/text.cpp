#include "newsocr/text.hpp"

namespace newsocr {

std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = n == 1 ? c : c & (0x7F >> n);
        bool ok = true;
        for (int k = 1; k < n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            ok = ok && (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        out.push_back(ok ? cp : 0xFFFD);
        i += ok ? n : 1;
    }
    return out;
}

std::u32string to_utf32(std::string_view utf8) {
    const auto cps = code_points(utf8);
    return {cps.begin(), cps.end()};
}

std::string to_utf8(std::u32string_view text) {
    std::string out;
    for (char32_t c : text) out += to_utf8(c);
    return out;
}

std::string to_utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

bool valid_utf8(std::string_view s) {
    for (char32_t cp : code_points(s))
        if (cp == 0xFFFD) return s.find("\xEF\xBF\xBD") != std::string_view::npos;
    return true;
}

bool is_cjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) ||   // radicals, CJK punctuation, kana, ideographs
           (c >= 0xAC00 && c <= 0xD7AF) ||   // hangul
           (c >= 0xF900 && c <= 0xFAFF) ||   // compatibility ideographs
           (c >= 0xFE30 && c <= 0xFE4F) ||   // vertical forms
           (c >= 0xFF00 && c <= 0xFFEF) ||   // full-width forms
           (c >= 0x20000 && c <= 0x3FFFF) || // extension ideographs
           c == 0x2014 || c == 0x2026 || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x00B7;
}

bool is_ideograph(char32_t c) {
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

bool is_latin_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F); }

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0; }

char32_t first_code_point(std::string_view s) {
    const auto cps = code_points(s.substr(0, std::min<size_t>(4, s.size())));
    return cps.empty() ? 0 : cps.front();
}

char32_t last_code_point(std::string_view s) {
    size_t i = s.size();
    while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
    if (i > 0) --i;
    const auto cps = code_points(s.substr(i));
    return cps.empty() ? 0 : cps.back();
}

std::string drop_cjk_spaces(std::string_view s) {
    const auto cps = code_points(s);
    std::string out;
    for (size_t i = 0; i < cps.size(); ++i) {
        if (cps[i] == ' ') {
            size_t a = i, b = i;
            while (a > 0 && cps[a - 1] == ' ') --a;
            while (b + 1 < cps.size() && cps[b + 1] == ' ') ++b;
            const char32_t before = a > 0 ? cps[a - 1] : 0, after = b + 1 < cps.size() ? cps[b + 1] : 0;
            // The space between a Han character and a Latin word ("推动 AI 科技") is printed.
            const bool latin_word = (is_ideograph(before) && is_latin_letter(after)) || (is_latin_letter(before) && is_ideograph(after));
            if (before && after && (is_cjk(before) || is_cjk(after)) && !latin_word) continue;
        }
        out += to_utf8(cps[i]);
    }
    return out;
}

std::string join_words(std::string_view left, std::string_view right) {
    const std::string r = drop_cjk_spaces(right);
    if (left.empty()) return r;
    if (r.empty()) return std::string(left);
    const bool space = !is_cjk(last_code_point(left)) && !is_cjk(first_code_point(r)) && !is_space(last_code_point(left));
    return std::string(left) + (space ? " " : "") + r;
}

}  // namespace newsocr
