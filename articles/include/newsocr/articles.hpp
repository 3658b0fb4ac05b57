// Articles: blocks with text in, the articles a reader sees out (title, subtitle, byline,
// body regions in reading order, continuation references), plus photo captions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsocr/model.hpp"

namespace newsocr {

struct ArticleOptions {
    double subtitle_size_ratio = 1.08;  // a short block this much larger than the body, next to the title
};

struct ArticleLayout {
    std::vector<Block> blocks;      // the input blocks, text roles (byline, marker) assigned, markers cut from body text
    std::vector<Article> articles;  // reading order; paragraphs are left to postprocessing
    std::vector<Caption> captions;
    int printed_page = 0;  // from the folio or header ("第5版"), 0 when none
};

// `printed_areas`: the printed pages the blocks lie on, in reading order (layout's); two for a
// fold, whose articles never cross from one page to the other. None: one page.
ArticleLayout group_articles(std::vector<Block> blocks, const ArticleOptions& options, const std::vector<Box>& printed_areas = {});

// The subtitle and byline an article's paragraphs still open with (set in the first body
// block, or run together on one line: "抢抓风口，让“模力”焕发“魔力”青年报首席记者范彦萍"), and a
// signature closing them ("方翔"), moved to the article's subtitle and byline.
void separate_front_matter(Article& article);

// A continuation marker such as "（下转第3版）", "（上接第1版）", "Continued on page 3".
struct ContinuationMarker {
    bool forward = true;  // "continued on" (下转) rather than "continued from" (上接)
    int page = 0;
    size_t begin = 0, end = 0;  // byte range in the text searched
};
std::optional<ContinuationMarker> find_marker(std::string_view text);

// Joins articles continued across the pages of one issue: a "continued on page N" article
// with the "continued from" article on page N (the printed number, else the position in the
// issue) whose title matches best.
Issue link_issue(std::vector<Page> pages);

}  // namespace newsocr
