#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "newsocr/paragraphs.hpp"
#include "newsocr/text.hpp"

namespace newsocr {

namespace {

// Display width in half-width cells: CJK characters and CJK punctuation take two.
int display_width(std::string_view line) {
    int w = 0;
    for (char32_t c : code_points(line)) w += (is_cjk(c) && c > 0x2000) || c == 0x3000 ? 2 : 1;
    return w;
}

bool ends_sentence(std::string_view line) {
    static const std::u32string marks = U"。！？；”’」』）!?.";
    return marks.find(last_code_point(line)) != std::u32string::npos;
}

// Punctuation that is never set at the start of a line: a printed line may run past the
// column by one of these.
bool no_line_start(char32_t c) {
    static const std::u32string marks = U"，。、；：？！”’）》」』…—％%,.;:?!)";
    return marks.find(c) != std::u32string::npos;
}

// Width of what a line starts with: an ASCII run (a number, a Latin word) is set whole.
int first_token_width(std::string_view line) {
    const auto cps = code_points(line);
    if (cps.empty()) return 0;
    auto ascii_word = [](char32_t c) { return c < 0x80 && (std::isalnum(static_cast<int>(c)) || c == '.' || c == '%' || c == '+' || c == '-' || c == '/'); };
    if (!ascii_word(cps[0])) return display_width(to_utf8(cps[0]));
    int w = 0;
    for (size_t i = 0; i < cps.size() && ascii_word(cps[i]); ++i) ++w;
    return w;
}

std::string_view trim(std::string_view s) {
    auto space = [](std::string_view t, bool front) {
        const char32_t c = front ? first_code_point(t) : last_code_point(t);
        return !t.empty() && is_space(c) ? to_utf8(c).size() : 0;
    };
    for (size_t n; (n = space(s, true)) > 0;) s.remove_prefix(n);
    for (size_t n; (n = space(s, false)) > 0;) s.remove_suffix(n);
    return s;
}

bool indented(std::string_view line) { return line.starts_with("\u3000") || line.starts_with("  ") || line.starts_with("\t"); }

// Lines that stand on their own whatever their length: headings, continuation markers,
// bylines, list items.
bool stands_alone(std::string_view line) {
    if (line.starts_with("#") || line.starts_with("**")) return true;
    if (auto cps = code_points(line); cps.size() <= 16) {
        const std::string s(line);
        for (const char* cue : {"下转", "上接", "转第", "接第", "记者", "通讯员", "本报讯"})
            if (s.find(cue) != std::string::npos && (s.find("版") != std::string::npos || cps.size() <= 12)) return true;
    }
    return false;
}

bool list_item(std::string_view line) {
    const auto cps = code_points(line);
    if (cps.size() < 2) return false;
    if (cps[0] == U'-' || cps[0] == U'•' || cps[0] == U'·') return cps[1] == U' ';
    if (cps[0] == U'（' || cps[0] == U'(') return cps.size() > 2 && (cps[1] == U'一' || cps[1] == U'二' || (cps[1] >= U'0' && cps[1] <= U'9'));
    size_t i = 0;
    while (i < cps.size() && cps[i] >= U'0' && cps[i] <= U'9') ++i;
    return i > 0 && i < 3 && i < cps.size() && (cps[i] == U'.' || cps[i] == U'、' || cps[i] == U'．');
}

}  // namespace

std::vector<std::string> rejoin_text(std::string_view text, const ParagraphOptions& options) {
    struct Row {
        std::string_view raw;
        bool blank;
    };
    std::vector<Row> rows;
    for (size_t start = 0; start <= text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (line.ends_with('\r')) line.remove_suffix(1);
        rows.push_back({line, trim(line).empty()});
        start = end + 1;
    }
    // A blank line after (almost) every printed line carries no meaning; otherwise blank
    // lines part paragraphs.
    int lines = 0, followed = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].blank) continue;
        ++lines;
        followed += i + 1 < rows.size() && rows[i + 1].blank;
    }
    const bool blanks_mean_breaks = lines < 3 || followed < 0.8 * lines;

    // The column: the width most lines fill (lines ending in punctuation that may hang past
    // it are left out); the most common width, the wider one on a tie.
    std::map<int, int> widths;
    bool uses_indent = false;
    for (const auto& r : rows) {
        if (r.blank || stands_alone(trim(r.raw))) continue;
        uses_indent = uses_indent || indented(r.raw);
        if (!no_line_start(last_code_point(trim(r.raw)))) ++widths[display_width(r.raw)];
    }
    int column = 0, most = 0;
    for (const auto& [width, count] : widths)
        if (count >= most) column = width, most = count;

    std::vector<std::string> paragraphs;
    bool open = false;        // the last paragraph may go on with the next line
    bool blank_before = false;
    std::string_view previous;
    for (const auto& r : rows) {
        if (r.blank) {
            blank_before = true;
            continue;
        }
        const std::string_view line = trim(r.raw);
        const bool alone = stands_alone(line);
        // The previous line ended its paragraph when the start of this one would have fitted
        // on it: the break was not forced by the column width.
        const bool fitted = !previous.empty() && display_width(previous) + first_token_width(line) <= column;
        // A blank line parts paragraphs, unless blank lines follow every line. After a full
        // line it may be a column break inside a paragraph: then only a finished sentence ends
        // the paragraph.
        const bool blank_break = blank_before && blanks_mean_breaks && (fitted || previous.empty() || ends_sentence(previous));
        // A full line ending a sentence, then an opening quote: a new paragraph quoting
        // someone far more often than a quote inside a running paragraph.
        const bool quote_opens = !previous.empty() && ends_sentence(previous) && last_code_point(previous) != U'”' &&
                                 first_code_point(line) == U'“';
        if (!open || alone || indented(r.raw) || list_item(line) || fitted || blank_break || quote_opens) paragraphs.emplace_back();
        paragraphs.back() = join_lines(paragraphs.back(), line);
        open = !alone;
        previous = alone ? std::string_view() : r.raw;
        blank_before = false;
    }
    if (options.normalise_punctuation)
        for (auto& p : paragraphs) p = normalise_punctuation(p);
    return paragraphs;
}

}  // namespace newsocr
