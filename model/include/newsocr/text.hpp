// UTF-8 text helpers shared by the stages: code points, scripts, and how two pieces of text
// are joined (CJK with no space, Latin with one).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsocr {

// Code points of UTF-8 text, strictly as RFC 3629 defines it (no overlong forms, surrogates
// or code points above U+10FFFF): each invalid byte becomes U+FFFD.
std::vector<char32_t> code_points(std::string_view utf8);
std::string to_utf8(char32_t cp);
std::u32string to_utf32(std::string_view utf8);  // code_points as a string
std::string to_utf8(std::u32string_view text);

struct Utf8Error {
    size_t offset = 0;        // byte offset of the first invalid sequence
    std::string problem;      // "overlong form", "UTF-16 surrogate", ...
};
std::optional<Utf8Error> find_invalid_utf8(std::string_view s);
bool valid_utf8(std::string_view s);
// Throws std::runtime_error "<source>: not valid UTF-8 text: <problem> at byte <offset>".
void require_utf8(std::string_view s, const std::string& source);

// Han ideographs, kana, hangul, and CJK / full-width punctuation: no spaces around them.
bool is_cjk(char32_t cp);
bool is_ideograph(char32_t cp);  // Han, kana, hangul: CJK letters, not punctuation
bool is_latin_letter(char32_t cp);
bool is_space(char32_t cp);

char32_t first_code_point(std::string_view s);
char32_t last_code_point(std::string_view s);

// Appends the next word of a line: a space before it unless either side is CJK. Spaces OCR
// puts between CJK characters inside `word` are dropped too. Time linear in `word`.
void append_word(std::string& text, std::string_view word);

// `s` without the spaces OCR puts beside CJK characters (a known Tesseract habit); the
// space between a Han character and a Latin word is kept, as printed.
std::string drop_cjk_spaces(std::string_view s);

}  // namespace newsocr
