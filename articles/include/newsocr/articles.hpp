// Articles: blocks with text in, the articles a reader sees out (title, subtitle, byline,
// body regions in reading order, continuation references), plus photo captions.
#pragma once

#include <vector>

#include "newsocr/model.hpp"

namespace newsocr {

struct ArticleOptions {};

struct ArticleLayout {
    std::vector<Article> articles;  // reading order; paragraphs are left to postprocessing
    std::vector<Caption> captions;
};

ArticleLayout group_articles(const std::vector<Block>& blocks, const ArticleOptions& options);

// Joins articles continued across the pages of one issue.
Issue link_issue(std::vector<Page> pages);

}  // namespace newsocr
