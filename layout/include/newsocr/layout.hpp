// Layout analysis: what is on the page before any character is read. Separators, photos,
// text blocks with their direction and role, in upright (deskewed) page pixels.
#pragma once

#include <vector>

#include <opencv2/core.hpp>

#include "newsocr/model.hpp"
#include "newsocr/preprocess.hpp"

namespace newsocr {

struct LayoutOptions {
    bool detect_photos = true;
    double min_rule_length_inches = 0.6;  // shorter straight strokes are glyph parts, not rules
    double headline_size_ratio = 1.3;     // glyphs this much larger than body text make a headline
    double subtitle_size_ratio = 1.15;
};

// A rule found on the page, as a thin box.
struct Separator {
    Box box;
    bool vertical = false;
};

// Horizontal and vertical rules (also the sides of boxed stories), tolerant of breaks and
// slight skew. `binary`: 255 = ink.
std::vector<Separator> find_separators(const cv::Mat& binary, int dpi, const LayoutOptions& options);

// Photo and graphic regions: areas of continuous tone, or dense ink far larger than glyphs,
// each within the rules of the page (`rules`: find_separators's).
std::vector<Box> find_photos(const cv::Mat& gray, int dpi, const std::vector<Separator>& rules);

// The layout of an image: its blocks, and the printed pages they lie on: one, or the two of a
// microfilmed fold, in reading order (right to left where the text is mostly vertical).
struct PageLayout {
    std::vector<Block> blocks;
    std::vector<Box> printed_areas;
};

// Blocks of the page: text blocks (role, direction and font size set, no text yet), photos
// and separators. Ids are "b1", "b2", ... in a stable order.
PageLayout analyse_layout(const PreprocessedPage& page, const LayoutOptions& options);

}  // namespace newsocr
