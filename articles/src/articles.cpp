#include "newsocr/articles.hpp"

#include <string>

namespace newsocr {

// First cut: every text block is an article of its own.
ArticleLayout group_articles(const std::vector<Block>& blocks, const ArticleOptions&) {
    ArticleLayout out;
    for (const auto& b : blocks) {
        if (b.role == Role::Photo || b.role == Role::Separator || b.text.empty()) continue;
        Article a;
        a.id = "a" + std::to_string(out.articles.size() + 1);
        a.direction = b.direction;
        a.regions.push_back({b.role, b.box});
        a.block_ids.push_back(b.id);
        a.confidence = b.confidence;
        out.articles.push_back(std::move(a));
    }
    return out;
}

Issue link_issue(std::vector<Page> pages) {
    Issue issue;
    for (const auto& p : pages)
        issue.articles.insert(issue.articles.end(), p.articles.begin(), p.articles.end());
    issue.pages = std::move(pages);
    return issue;
}

}  // namespace newsocr
