#include "newsocr/paragraphs.hpp"

#include <unordered_map>

namespace newsocr {

std::string join_lines(std::string_view left, std::string_view right) {
    if (left.empty()) return std::string(right);
    if (right.empty()) return std::string(left);
    const auto l = static_cast<unsigned char>(left.back()), r = static_cast<unsigned char>(right.front());
    const bool latin = l < 0x80 && r < 0x80 && l != ' ' && r != ' ';
    return std::string(left) + (latin ? " " : "") + std::string(right);
}

// First cut: one paragraph per block.
std::vector<std::string> paragraphs_from_lines(const std::vector<Line>& lines, Direction, const ParagraphOptions&) {
    std::string text;
    for (const auto& l : lines) text = join_lines(text, l.text);
    if (text.empty()) return {};
    return {text};
}

void fill_paragraphs(std::vector<Article>& articles, const std::vector<Block>& blocks, const ParagraphOptions& options) {
    std::unordered_map<std::string, const Block*> by_id;
    for (const auto& b : blocks) by_id[b.id] = &b;
    for (auto& a : articles) {
        a.paragraphs.clear();
        for (const auto& id : a.block_ids) {
            const auto it = by_id.find(id);
            if (it == by_id.end() || it->second->role != Role::Body) continue;
            for (auto& p : paragraphs_from_lines(it->second->lines, it->second->direction, options))
                a.paragraphs.push_back(std::move(p));
        }
    }
}

}  // namespace newsocr
