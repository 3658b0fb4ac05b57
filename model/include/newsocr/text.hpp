// UTF-8 text helpers shared by the stages: code points, scripts, and how two pieces of text
// are joined (CJK with no space, Latin with one).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsocr {

std::vector<char32_t> code_points(std::string_view utf8);  // invalid bytes become U+FFFD
std::string to_utf8(char32_t cp);
std::u32string to_utf32(std::string_view utf8);  // code_points as a string
std::string to_utf8(std::u32string_view text);
bool valid_utf8(std::string_view s);

// Han ideographs, kana, hangul, and CJK / full-width punctuation: no spaces around them.
bool is_cjk(char32_t cp);
bool is_ideograph(char32_t cp);  // Han, kana, hangul: CJK letters, not punctuation
bool is_latin_letter(char32_t cp);
bool is_space(char32_t cp);

char32_t first_code_point(std::string_view s);
char32_t last_code_point(std::string_view s);

// Two words of one line: a space between them unless either side is CJK. Spaces OCR puts
// between CJK characters inside `right` are dropped too.
std::string join_words(std::string_view left, std::string_view right);

// `s` without the spaces OCR puts beside CJK characters (a known Tesseract habit); the
// space between a Han character and a Latin word is kept, as printed.
std::string drop_cjk_spaces(std::string_view s);

}  // namespace newsocr
