// Articles on real microfilm folds against their ground truth, from the page JSON of a full
// run (e.g. the 晶報 folds of the shared data, read with --lang chi_tra):
//   fold_figures OUTPUT_DIR TEXT_GT_XML LAYOUT_MASK [TEXT_GT_XML LAYOUT_MASK]...
// TEXT_GT_XML: ECPO transcription (divs typed article, advert, head, image; text in reading
// order). LAYOUT_MASK: 4-class mask (orange article, green advert, blue image, purple
// headline/margin). Each pair is matched to the page JSON whose stem ends with the XML's stem.
//
// Per fold:
//   articles            articles found, against the transcription's article divs
//   holding adverts     articles holding advert text: 3 or more runs of three ideographs
//                       that occur in the fold's adverts and nowhere in its articles
//   columns as headline share of text blocks standing mostly (>= 50%) on article pixels
//                       that are labelled headline: body columns taken for headlines
//   CJK F1              bag-of-ideographs F1 of everything read (every text block) against
//                       the whole transcription
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <pugixml.hpp>

#include "newsocr/model.hpp"
#include "newsocr/page_json.hpp"
#include "newsocr/text.hpp"

using namespace newsocr;
namespace fs = std::filesystem;

namespace {

std::u32string ideographs(std::string_view utf8) {
    std::u32string out;
    for (const char32_t c : code_points(utf8))
        if (is_ideograph(c)) out += c;
    return out;
}

std::string node_text(const pugi::xml_node& node) {
    std::string out;
    for (const auto& n : node.select_nodes(".//text()")) out += n.node().value();
    return out;
}

std::set<std::u32string> trigrams(const std::u32string& s) {
    std::set<std::u32string> out;
    for (size_t i = 0; i + 3 <= s.size(); ++i) out.insert(s.substr(i, 3));
    return out;
}

double bag_f1(const std::u32string& truth, const std::u32string& found) {
    std::map<char32_t, long> t, f;
    for (const char32_t c : truth) ++t[c];
    for (const char32_t c : found) ++f[c];
    long common = 0;
    for (const auto& [c, n] : f) common += std::min(n, t.count(c) ? t[c] : 0L);
    if (truth.empty() || found.empty()) return 0;
    const double p = double(common) / double(found.size()), r = double(common) / double(truth.size());
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

void check_fold(const Page& page, const fs::path& xml, const fs::path& png) {
    pugi::xml_document doc;
    if (!doc.load_file(xml.c_str())) throw std::runtime_error(xml.string() + ": not XML");
    // Top-level articles and adverts: a div of that type with no ancestor of the same type.
    size_t truth_articles = 0;
    std::u32string article_text, advert_text, all_text;
    for (const auto& hit : doc.select_nodes("//div[@type='article' and not(ancestor::div[@type='article'])]")) {
        ++truth_articles;
        article_text += ideographs(node_text(hit.node()));
    }
    for (const auto& hit : doc.select_nodes("//div[@type='advert' and not(ancestor::div[@type='advert'])]"))
        advert_text += ideographs(node_text(hit.node()));
    all_text = ideographs(node_text(doc.document_element()));
    std::set<std::u32string> advert_only = trigrams(advert_text);
    for (const auto& g : trigrams(article_text)) advert_only.erase(g);

    size_t holding_adverts = 0;
    for (const auto& a : page.articles) {
        std::string text = a.title + a.subtitle + a.byline;
        for (const auto& p : a.paragraphs) text += p;
        size_t hits = 0;
        for (const auto& g : trigrams(ideographs(text))) hits += advert_only.count(g);
        holding_adverts += hits >= 3;
    }

    const cv::Mat mask = cv::imread(png.string(), cv::IMREAD_COLOR);
    if (mask.empty()) throw std::runtime_error(png.string() + ": cannot read the mask");
    if (mask.cols != page.width || mask.rows != page.height) throw std::runtime_error(png.string() + ": mask size differs from the page's");
    cv::Mat article;
    cv::inRange(mask, cv::Scalar(0, 165, 255), cv::Scalar(0, 165, 255), article);
    const cv::Rect frame(0, 0, mask.cols, mask.rows);
    size_t on_articles = 0, as_headline = 0;
    std::u32string read;
    for (const auto& b : page.blocks) {
        if (!holds_text(b.role)) continue;
        read += ideographs(b.text);
        const cv::Rect r = cv::Rect(b.box.x0, b.box.y0, b.box.width(), b.box.height()) & frame;
        if (r.area() == 0 || cv::countNonZero(article(r)) < 0.5 * r.area()) continue;
        ++on_articles;
        as_headline += b.role == Role::Headline;
    }
    std::printf("%-32s articles %3zu (truth %3zu)   holding adverts %2zu   columns as headline %.3f (%zu of %zu)   CJK F1 %.3f\n",
                xml.stem().c_str(), page.articles.size(), truth_articles, holding_adverts,
                on_articles ? double(as_headline) / double(on_articles) : 0.0, as_headline, on_articles, bag_f1(all_text, read));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4 || (argc - 2) % 2 != 0) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR TEXT_GT_XML LAYOUT_MASK [TEXT_GT_XML LAYOUT_MASK]...\n", argv[0]);
        return 2;
    }
    std::map<std::string, fs::path> pages;
    for (const auto& e : fs::directory_iterator(argv[1]))
        if (e.path().extension() == ".json") pages[e.path().stem().string()] = e.path();
    int failures = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        const fs::path xml = argv[i], png = argv[i + 1];
        const std::string stem = xml.stem().string();
        try {
            const fs::path* json_file = nullptr;
            for (const auto& [name, file] : pages)
                if (name.ends_with(stem)) json_file = &file;
            if (!json_file) throw std::runtime_error(xml.string() + ": no page JSON in " + argv[1] + " for " + stem);
            std::ifstream in(*json_file);
            check_fold(page_from_json(nlohmann::json::parse(in)), xml, png);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s\n", e.what());
            ++failures;
        }
    }
    return failures ? 1 : 0;
}
