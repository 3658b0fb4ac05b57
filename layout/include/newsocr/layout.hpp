// Layout analysis: what is on the page before any character is read. Separators, photos,
// text blocks with their direction and role, in upright (deskewed) page pixels.
#pragma once

#include <vector>

#include "newsocr/model.hpp"
#include "newsocr/preprocess.hpp"

namespace newsocr {

struct LayoutOptions {
    bool detect_photos = true;
};

// Blocks of the page: text blocks (role and direction set, no text yet), photos and
// separators. Ids are "b1", "b2", ... in a stable order.
std::vector<Block> analyse_layout(const PreprocessedPage& page, const LayoutOptions& options);

}  // namespace newsocr
