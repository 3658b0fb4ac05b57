#include <algorithm>
#include <cctype>
#include <map>
#include <span>
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

// Typeset lines ending mid-sentence count as short below this share of the column;
// monospaced text (full lines within this many cells of the column) is measured exactly.
constexpr double kMidSentenceShort = 0.75;
constexpr int kMonospacedSlack = 1;
// The usual first-line indent: two CJK characters.
constexpr int kIndentCells = 4;

std::string_view trim(std::string_view s) {
    auto space = [](std::string_view t, bool front) {
        const char32_t c = front ? first_code_point(t) : last_code_point(t);
        return !t.empty() && is_space(c) ? to_utf8(c).size() : 0;
    };
    for (size_t n; (n = space(s, true)) > 0;) s.remove_prefix(n);
    for (size_t n; (n = space(s, false)) > 0;) s.remove_suffix(n);
    return s;
}

// OCR renders a printed first-line indent as a full-width space, spaces or a tab; a single
// space before a Latin word is only the word space of a line break inside a sentence.
bool indented(std::string_view line) {
    if (line.starts_with("\u3000") || line.starts_with("  ") || line.starts_with("\t")) return true;
    return line.starts_with(" ") && is_cjk(first_code_point(line.substr(1)));
}

// Continuation markers stand on their own whatever their length.
bool is_marker(std::string_view line) {
    if (code_points(line).size() > 16) return false;
    const std::string s(line);
    for (const char* cue : {"下转", "上接", "转第", "接第"})
        if (s.find(cue) != std::string::npos && s.find("版") != std::string::npos) return true;
    return false;
}

// Headings and bylines stand on their own when they end short of the column; a full line
// starting "本报讯（记者 X）" runs on into the article's first paragraph.
bool heading_or_byline(std::string_view line) {
    if (line.starts_with("#") || line.starts_with("**")) return true;
    if (code_points(line).size() > 16) return false;
    const std::string s(line);
    for (const char* cue : {"记者", "通讯员", "本报讯"})
        if (s.find(cue) != std::string::npos) return true;
    return false;
}

bool list_item(std::string_view line) {
    const auto cps = code_points(line);
    if (cps.size() < 2) return false;
    if (cps[0] == U'-' || cps[0] == U'•' || cps[0] == U'·') return cps[1] == U' ';
    if (cps[0] == U'（' || cps[0] == U'(') return cps.size() > 2 && (cps[1] == U'一' || cps[1] == U'二' || (cps[1] >= U'0' && cps[1] <= U'9'));
    size_t i = 0;
    while (i < cps.size() && cps[i] >= U'0' && cps[i] <= U'9') ++i;
    // "1." or "2、" numbers an item; "9.8" is a number.
    const bool numbered = i > 0 && i < 3 && i + 1 < cps.size() && (cps[i] == U'.' || cps[i] == U'、' || cps[i] == U'．');
    return numbered && !(cps[i + 1] >= U'0' && cps[i + 1] <= U'9');
}

// Whether `s` holds at least n code points, looking no further than it must.
bool has_code_points(std::string_view s, std::ptrdiff_t n) {
    std::ptrdiff_t count = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++count >= n) return true;
    return n <= 0;
}

struct Row {
    std::string_view raw;
    bool blank;
};

// The column lines were broken at, and how long a line ending mid-sentence may be and still
// end its paragraph.
struct Column {
    int width = 0;
    int mid_sentence_limit = 0;
};

// The column is the width most lines fill (lines ending in punctuation that may hang past it
// left out); the most common width, the wider one on a tie. Its slack, how far full lines
// fall short of it, tells monospaced breaks (generated text, a cell or two) from typeset ones.
// A line ending mid-sentence ends its paragraph only when clearly short: by more than the
// slack in monospaced text, by a quarter of the column in typeset text.
Column fit_column(std::span<const Row> rows) {
    std::map<int, int> widths;
    for (const auto& r : rows) {
        const auto line = trim(r.raw);
        if (r.blank || is_marker(line) || heading_or_byline(line) || no_line_start(last_code_point(line))) continue;
        ++widths[display_width(r.raw)];
    }
    Column column;
    int most = 0;
    for (const auto& [width, count] : widths)
        if (count >= most) column.width = width, most = count;
    std::vector<int> near_full;
    for (const auto& [width, count] : widths)
        if (width >= 0.85 * column.width && width <= column.width) near_full.insert(near_full.end(), count, width);
    const int slack = near_full.empty() ? 0 : column.width - near_full[near_full.size() / 10];
    column.mid_sentence_limit =
        slack <= kMonospacedSlack ? column.width - slack : static_cast<int>(kMidSentenceShort * column.width);
    return column;
}

}  // namespace

std::vector<std::string> rejoin_text(std::string_view text, const ParagraphOptions& options) {
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

    // Articles strung together may be set in different columns: each run of lines up to a
    // continuation marker gets its own.
    std::vector<Column> columns(rows.size());
    for (size_t begin = 0; begin < rows.size();) {
        size_t end = begin;
        while (end < rows.size() && !is_marker(trim(rows[end].raw))) ++end;
        end = std::min(end + 1, rows.size());
        const Column column = fit_column(std::span(rows).subspan(begin, end - begin));
        std::fill(columns.begin() + begin, columns.begin() + end, column);
        begin = end;
    }

    std::vector<std::string> paragraphs;
    bool open = false;        // the last paragraph may go on with the next line
    bool blank_before = false;
    std::string_view previous;
    bool previous_opened = false;  // the previous line started its paragraph
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row& r = rows[i];
        if (r.blank) {
            blank_before = true;
            continue;
        }
        const auto [column, mid_sentence_limit] = columns[i];
        const std::string_view line = trim(r.raw);
        // The previous line ended its paragraph when the start of this one would have fitted
        // on it: the break was not forced by the column width.
        // A paragraph's first line whose indent OCR dropped falls short by the indent.
        int previous_width = display_width(previous);
        if (previous_opened && !indented(previous) && previous_width + kIndentCells + 2 >= column) previous_width += kIndentCells;
        const bool hyphenated = last_code_point(previous) == U'-' || last_code_point(previous) == 0xAD;
        const bool fitted = !previous.empty() && !hyphenated &&
                            previous_width + first_token_width(line) <= (ends_sentence(previous) ? column : mid_sentence_limit);
        const bool alone = is_marker(line) || (heading_or_byline(line) && display_width(r.raw) < column - 2);
        const bool blank_break = blank_before && blanks_mean_breaks && (fitted || previous.empty() || ends_sentence(previous));
        // A full line ending a sentence, then an opening quote: a new paragraph quoting
        // someone far more often than a quote inside a running paragraph. Or after a paragraph
        // already of typical length.
        const bool finished = !previous.empty() && std::u32string_view(U"。！？").find(last_code_point(previous)) != std::u32string_view::npos;
        const bool quote_opens = finished && first_code_point(line) == U'“';
        const bool long_ends = finished && !paragraphs.empty() && 
                               has_code_points(paragraphs.back(), options.typical_paragraph);
        const bool opens = !open || alone || indented(r.raw) || list_item(line) || fitted || blank_break || quote_opens || long_ends;
        if (opens) paragraphs.emplace_back();
        // Bylines and markers stand as printed ("记者 王强"); body text loses OCR's stray spaces.
        if (alone) paragraphs.back() = line;
        else append_line(paragraphs.back(), line);
        open = !alone;
        previous = alone ? std::string_view() : r.raw;
        previous_opened = opens;
        blank_before = false;
    }
    if (options.normalise_punctuation)
        for (auto& p : paragraphs) p = normalise_punctuation(p);
    return paragraphs;
}

}  // namespace newsocr
