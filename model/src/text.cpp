#include "newsocr/text.hpp"

#include <stdexcept>

namespace newsocr {

namespace {

// One UTF-8 sequence at s[i] as RFC 3629 defines it: the code point and its length, or the
// reason it is not one (length 0).
struct Decoded {
    char32_t cp = 0;
    size_t length = 0;
    const char* problem = nullptr;
};

Decoded decode(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return {c, 1};
    if (c < 0xC2) return {0, 0, c < 0xC0 ? "stray continuation byte" : "overlong form"};
    if (c > 0xF4) return {0, 0, "byte that never occurs in UTF-8"};
    const size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + n > s.size()) return {0, 0, "sequence cut short at the end of the text"};
    char32_t cp = c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return {0, 0, "sequence cut short"};
        cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return {0, 0, "overlong form"};
    if (cp >= 0xD800 && cp <= 0xDFFF) return {0, 0, "UTF-16 surrogate"};
    if (cp > 0x10FFFF) return {0, 0, "code point above U+10FFFF"};
    return {cp, n};
}

}  // namespace

std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const Decoded d = decode(s, i);
        out.push_back(d.length ? d.cp : 0xFFFD);
        i += d.length ? d.length : 1;
    }
    return out;
}

std::optional<Utf8Error> find_invalid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const Decoded d = decode(s, i);
        if (!d.length) return Utf8Error{i, d.problem};
        i += d.length;
    }
    return std::nullopt;
}

void require_utf8(std::string_view s, const std::string& source) {
    if (const auto e = find_invalid_utf8(s))
        throw std::runtime_error(source + ": not valid UTF-8 text: " + e->problem + " at byte " + std::to_string(e->offset));
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

bool valid_utf8(std::string_view s) { return !find_invalid_utf8(s); }

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
    out.reserve(s.size());
    for (size_t i = 0; i < cps.size(); ++i) {
        if (cps[i] != ' ') {
            out += to_utf8(cps[i]);
            continue;
        }
        // A run of spaces is kept or dropped whole, from the characters on either side.
        size_t end = i;
        while (end < cps.size() && cps[end] == ' ') ++end;
        const char32_t before = i > 0 ? cps[i - 1] : 0, after = end < cps.size() ? cps[end] : 0;
        // The space between a Han character and a Latin word ("推动 AI 科技") is printed.
        const bool latin_word = (is_ideograph(before) && is_latin_letter(after)) || (is_latin_letter(before) && is_ideograph(after));
        if (!(before && after && (is_cjk(before) || is_cjk(after)) && !latin_word)) out.append(end - i, ' ');
        i = end - 1;
    }
    return out;
}

void append_word(std::string& text, std::string_view word) {
    const std::string w = drop_cjk_spaces(word);
    if (w.empty()) return;
    const bool space = !text.empty() && !is_cjk(last_code_point(text)) && !is_cjk(first_code_point(w)) && !is_space(last_code_point(text));
    if (space) text += ' ';
    text += w;
}

}  // namespace newsocr
