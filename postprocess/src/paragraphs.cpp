#include "newsocr/paragraphs.hpp"

#include <algorithm>
#include <unordered_map>

#include "newsocr/text.hpp"

namespace newsocr {

namespace {

bool is_lower(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF); }

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

// Where each line of a block starts a paragraph, from the block's own geometry: an indent
// at the line start, or a previous line ending clearly short of the column edge.
struct LineBreaks {
    std::vector<bool> starts;
    bool last_ends_short = true;
};

LineBreaks line_breaks(const std::vector<Line>& lines, Direction direction) {
    LineBreaks out;
    out.starts.assign(lines.size(), false);
    if (lines.empty()) return out;
    const bool vertical = direction == Direction::Vertical;
    std::vector<double> sizes, starts, ends;
    for (const auto& l : lines) {
        sizes.push_back(vertical ? l.box.width() : l.box.height());
        starts.push_back(vertical ? l.box.y0 : l.box.x0);
        ends.push_back(vertical ? l.box.y1 : l.box.x1);
    }
    const double glyph = std::max(1.0, median(sizes));
    // The column's edges: where most lines start and end.
    std::vector<double> sorted_starts = starts, sorted_ends = ends;
    std::sort(sorted_starts.begin(), sorted_starts.end());
    std::sort(sorted_ends.begin(), sorted_ends.end());
    const double column_start = sorted_starts[sorted_starts.size() / 4];
    const double column_end = sorted_ends[sorted_ends.size() * 3 / 4];
    auto indented = [&](size_t i) { return starts[i] - column_start >= 0.8 * glyph; };
    auto short_end = [&](size_t i) { return column_end - ends[i] >= 1.5 * glyph; };
    out.starts[0] = indented(0);
    for (size_t i = 1; i < lines.size(); ++i) out.starts[i] = indented(i) || short_end(i - 1);
    out.last_ends_short = lines.size() > 1 ? short_end(lines.size() - 1) : false;
    return out;
}

}  // namespace

void append_line(std::string& paragraph, std::string_view line) {
    if (paragraph.empty() || line.empty()) return append_word(paragraph, line);
    const char32_t end = last_code_point(paragraph), start = first_code_point(line);
    // A soft hyphen only marks where the word was broken.
    if (end == 0xAD) {
        paragraph.resize(paragraph.size() - 2);
        paragraph += line;
        return;
    }
    // "digiti-" + "sation": a word broken at the line end. A capital after the hyphen, a
    // hyphen after a digit ("COVID-" + "19") or in a word that already has one
    // ("state-of-the-" + "art") is a real compound, kept.
    if (end == '-' && paragraph.size() >= 2) {
        const std::string_view stem = std::string_view(paragraph).substr(0, paragraph.size() - 1);
        const char32_t before = last_code_point(stem);
        // The word is looked for within a word's length of the hyphen, so that a paragraph
        // without spaces does not make each join scan all of it.
        constexpr size_t kLongestWord = 64;
        const std::string_view tail = stem.substr(stem.size() > kLongestWord ? stem.size() - kLongestWord : 0);
        const size_t space = tail.find_last_of(" \t");
        const bool compound = tail.find('-', space == std::string_view::npos ? 0 : space + 1) != std::string_view::npos;
        if (is_latin_letter(before) && is_lower(start) && !compound) {
            paragraph.pop_back();
            paragraph += line;
            return;
        }
        if (is_latin_letter(before) || before < 0x80) {
            paragraph += line;
            return;
        }
    }
    append_word(paragraph, line);
}

std::vector<std::string> paragraphs_from_lines(const std::vector<Line>& lines, Direction direction, const ParagraphOptions& options) {
    std::vector<std::string> out;
    const LineBreaks breaks = line_breaks(lines, direction);
    for (size_t i = 0; i < lines.size(); ++i) {
        if (out.empty() || breaks.starts[i]) out.emplace_back();
        append_line(out.back(), lines[i].text);
    }
    std::erase_if(out, [](const std::string& p) { return p.empty(); });
    if (options.normalise_punctuation)
        for (auto& p : out) p = normalise_punctuation(p);
    return out;
}

void fill_paragraphs(std::vector<Article>& articles, const std::vector<Block>& blocks, const ParagraphOptions& options) {
    std::unordered_map<std::string, const Block*> by_id;
    for (const auto& b : blocks) by_id[b.id] = &b;
    for (auto& a : articles) {
        a.paragraphs.clear();
        bool open = false;  // the last paragraph runs on into the next block
        for (const auto& id : a.block_ids) {
            const auto it = by_id.find(id);
            if (it == by_id.end() || it->second->role != Role::Body) continue;
            const Block& b = *it->second;
            const LineBreaks breaks = line_breaks(b.lines, b.direction);
            for (size_t i = 0; i < b.lines.size(); ++i) {
                if (a.paragraphs.empty() || breaks.starts[i] || (i == 0 && !open)) a.paragraphs.emplace_back();
                append_line(a.paragraphs.back(), b.lines[i].text);
            }
            open = !b.lines.empty() && !breaks.last_ends_short;
        }
        std::erase_if(a.paragraphs, [](const std::string& p) { return p.empty(); });
        if (options.normalise_punctuation)
            for (auto& p : a.paragraphs) p = normalise_punctuation(p);
    }
}

std::string normalise_punctuation(std::string_view text) {
    // Half-width punctuation between CJK characters becomes its full-width form; digits and
    // Latin text keep theirs.
    static const std::unordered_map<char32_t, char32_t> full = {
        {',', U'，'}, {'.', U'。'}, {':', U'：'}, {';', U'；'}, {'?', U'？'}, {'!', U'！'}, {'(', U'（'}, {')', U'）'}};
    const auto cps = code_points(text);
    std::string out;
    for (size_t i = 0; i < cps.size(); ++i) {
        const auto it = full.find(cps[i]);
        const bool cjk_before = i > 0 && is_cjk(cps[i - 1]) && !(cps[i] == '(');
        const bool cjk_after = i + 1 < cps.size() && is_cjk(cps[i + 1]);
        const bool digit_dot = cps[i] == '.' && i > 0 && i + 1 < cps.size() && cps[i - 1] < 0x80 && cps[i + 1] < 0x80;
        if (it != full.end() && !digit_dot && (cjk_before || (cjk_after && (cps[i] == '(' || i == 0 || is_cjk(cps[i - 1])))))
            out += to_utf8(it->second);
        else
            out += to_utf8(cps[i]);
    }
    return out;
}

}  // namespace newsocr
