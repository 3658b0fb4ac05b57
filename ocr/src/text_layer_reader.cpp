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
        std::vector<Word> inside;
        for (const auto& w : words_)
            if (block.box.x0 <= w.box.cx() && w.box.cx() < block.box.x1 && block.box.y0 <= w.box.cy() && w.box.cy() < block.box.y1)
                inside.push_back(w);
        const bool vertical = block.direction == Direction::Vertical;
        // Sort along the reading order, then cut into lines where the cross position jumps.
        std::sort(inside.begin(), inside.end(), [vertical](const Word& a, const Word& b) {
            return vertical ? std::pair(-a.box.cx(), a.box.cy()) < std::pair(-b.box.cx(), b.box.cy())
                            : std::pair(a.box.cy(), a.box.cx()) < std::pair(b.box.cy(), b.box.cx());
        });
        block.lines.clear();
        for (const auto& w : inside) {
            const int size = vertical ? w.box.width() : w.box.height();
            bool same_line = false;
            if (!block.lines.empty()) {
                const Box& lb = block.lines.back().box;
                same_line = vertical ? std::abs(lb.cx() - w.box.cx()) < size / 2 : std::abs(lb.cy() - w.box.cy()) < size / 2;
            }
            if (!same_line) block.lines.push_back(Line{"", w.box, 1.0f, {}});
            Line& line = block.lines.back();
            if (!line.text.empty() && !vertical) line.text += needs_space(line.text, w.text) ? " " : "";
            line.text += w.text;
            line.box = unite(line.box, w.box);
            line.words.push_back(w);
        }
        block.text.clear();
        for (const auto& l : block.lines) block.text += (block.text.empty() ? "" : "\n") + l.text;
        block.confidence = 1.0f;
    }

private:
    // Latin words are separated by a space; CJK characters are not.
    static bool needs_space(const std::string& left, const std::string& right) {
        auto ascii = [](unsigned char c) { return c < 0x80 && c != ' '; };
        return ascii(static_cast<unsigned char>(left.back())) && ascii(static_cast<unsigned char>(right.front()));
    }

    std::vector<Word> words_;
};

}  // namespace

std::unique_ptr<OcrEngine> make_text_layer_reader(std::vector<Word> words) {
    return std::make_unique<TextLayerReader>(std::move(words));
}

}  // namespace newsocr
