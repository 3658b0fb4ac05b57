#include <algorithm>

#include "newsocr/ocr.hpp"

namespace newsocr {

namespace {

// Reads a block from the words of a PDF text layer that lie inside it: words are grouped
// into lines (rows for horizontal text, columns right to left for vertical text).
class TextLayerReader final : public OcrEngine {
public:
    explicit TextLayerReader(std::vector<Word> words) : words_(std::move(words)) {}

    void read_block(const cv::Mat&, int, Block& block) override {
        const bool vertical = block.direction == Direction::Vertical;
        std::vector<Word> inside;
        for (const auto& w : words_) {
            // A vertical run's box is the font's ascent to descent laid along the column: its
            // centre lies up to a fifth of a glyph above the ink's, and a "一" opening a
            // column, ink only in its middle band, would fall just above the block. (Below a
            // block the next one's words lie further off, not nearer.)
            const int slack = vertical ? w.box.width() / 4 : 0;
            if (block.box.x0 <= w.box.cx() && w.box.cx() < block.box.x1 && block.box.y0 - slack <= w.box.cy() && w.box.cy() < block.box.y1)
                inside.push_back(w);
        }
        // Lines first, by the position across them (right to left for vertical text), then
        // the words of each line along it.
        auto across = [vertical](const Word& w) { return vertical ? -w.box.cx() : w.box.cy(); };
        auto along = [vertical](const Word& w) { return vertical ? w.box.cy() : w.box.cx(); };
        std::sort(inside.begin(), inside.end(), [&](const Word& a, const Word& b) { return across(a) < across(b); });
        block.lines.clear();
        int line_pos = 0;
        // Words of one line do not overlap along it: tightly set headline rows, whose PDF boxes
        // (font ascent to descent) overlap across, are told apart that way. (Words drawn twice
        // at the same place, for a bolder look, stay in their line.)
        // Horizontal only: the boxes of vertical runs are not reliable along the column.
        auto overlaps_line = [&](const Word& w) {
            if (vertical) return false;
            for (const auto& other : block.lines.back().words)
                if (std::min(w.box.x1, other.box.x1) - std::max(w.box.x0, other.box.x0) > std::min(w.box.width(), other.box.width()) / 2)
                    return true;
            return false;
        };
        for (const auto& w : inside) {
            const int size = vertical ? w.box.width() : w.box.height();
            const int gap = across(w) - line_pos;
            if (block.lines.empty() || gap > size / 2 || (gap > size / 4 && overlaps_line(w))) {
                block.lines.push_back(Line{"", w.box, 1.0f, {}});
                line_pos = across(w);
            }
            block.lines.back().box = unite(block.lines.back().box, w.box);
            block.lines.back().words.push_back(w);
        }
        for (auto& line : block.lines)
            std::sort(line.words.begin(), line.words.end(), [&](const Word& a, const Word& b) { return along(a) < along(b); });
        finish_block(block);
    }

private:
    std::vector<Word> words_;
};

}  // namespace

std::unique_ptr<OcrEngine> make_text_layer_reader(std::vector<Word> words) {
    return std::make_unique<TextLayerReader>(std::move(words));
}

}  // namespace newsocr
