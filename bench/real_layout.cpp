// Layout on real scans against their ground truth, from the page JSON of a run:
//   newsocr SCANS... -o OUT --layout-only
//   real_layout OUT GROUND_TRUTH...
// GROUND_TRUTH: PAGE XML files (regions and text lines, e.g. the NZZ pages) or 4-class layout
// masks (orange article, green advert, blue image, purple headline/margin, e.g. the 晶報
// folds). Each is matched to the page JSON whose stem ends with the ground truth's stem.
//
// PAGE XML, per page:
//   lines in one block  share of ground-truth text lines with >= 80% of their box inside a
//                       single text block (found, and not cut across blocks)
//   blocks over gutters share of text blocks holding two ground-truth lines side by side
//                       (same row, apart across): blocks run across a column gutter
//   direction           share of text-block area over ground-truth lines whose direction is
//                       the page's (PAGE gives none per region; these pages are horizontal)
// Masks, per page:
//   article covered     share of article pixels inside text blocks
//   blocks mixing       share of text-block area in blocks with >= 15% of their area in
//                       articles and >= 15% in adverts
//   vertical            share of body-block area over articles that is vertical (the
//                       papers' body text is vertical; headlines are often horizontal)
//   headlines on heads  share of headline-block area on the headline class (purple, which
//                       also holds margins and masthead)
#include <cstdio>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <pugixml.hpp>

#include "newsocr/model.hpp"
#include "newsocr/page_json.hpp"

using namespace newsocr;
namespace fs = std::filesystem;

namespace {

Box points_box(const std::string& points) {
    Box b;
    int x = 0, y = 0;
    for (const char* p = points.c_str(); std::sscanf(p, "%d,%d", &x, &y) == 2;) {
        b = unite(b, Box{x, y, x + 1, y + 1});
        p = std::strchr(p, ' ');
        if (!p) break;
        ++p;
    }
    return b;
}

void check_page_xml(const Page& page, const fs::path& xml) {
    pugi::xml_document doc;
    if (!doc.load_file(xml.c_str())) throw std::runtime_error(xml.string() + ": not XML");
    std::vector<Box> lines;
    for (const auto& node : doc.select_nodes("//*[local-name()='TextLine']/*[local-name()='Coords']"))
        lines.push_back(points_box(node.node().attribute("points").value()));
    std::vector<const Block*> text;
    for (const auto& b : page.blocks)
        if (holds_text(b.role)) text.push_back(&b);

    int whole = 0;
    for (const auto& l : lines)
        for (const Block* b : text)
            if (intersect(l, b->box).area() >= 0.8 * l.area()) {
                ++whole;
                break;
            }
    int over_gutters = 0;
    long long over_lines = 0, horizontal = 0;
    for (const Block* b : text) {
        std::vector<Box> inside;
        for (const auto& l : lines)
            if (intersect(l, b->box).area() >= 0.5 * l.area()) inside.push_back(l);
        bool side_by_side = false;
        for (size_t i = 0; i < inside.size() && !side_by_side; ++i)
            for (size_t j = i + 1; j < inside.size() && !side_by_side; ++j) {
                const Box &p = inside[i], &q = inside[j];
                const int rows = std::min(p.y1, q.y1) - std::max(p.y0, q.y0);
                side_by_side = rows >= 0.5 * std::min(p.height(), q.height()) && (p.x1 <= q.x0 || q.x1 <= p.x0);
            }
        over_gutters += side_by_side;
        if (!inside.empty()) {
            over_lines += b->box.area();
            if (b->direction == Direction::Horizontal) horizontal += b->box.area();
        }
    }
    std::printf("%-36s %5zu lines %5zu blocks   lines in one block %.3f   blocks over gutters %.3f   direction %.3f\n",
                xml.stem().c_str(), lines.size(), text.size(), lines.empty() ? 0.0 : double(whole) / lines.size(),
                text.empty() ? 0.0 : double(over_gutters) / text.size(), over_lines ? double(horizontal) / over_lines : 0.0);
}

void check_mask(const Page& page, const fs::path& png) {
    const cv::Mat mask = cv::imread(png.string(), cv::IMREAD_COLOR);
    if (mask.empty()) throw std::runtime_error(png.string() + ": cannot read the mask");
    if (mask.cols != page.width || mask.rows != page.height)
        throw std::runtime_error(png.string() + ": mask size differs from the page's");
    cv::Mat article, advert, head;
    cv::inRange(mask, cv::Scalar(0, 165, 255), cv::Scalar(0, 165, 255), article);
    cv::inRange(mask, cv::Scalar(0, 128, 0), cv::Scalar(0, 128, 0), advert);
    cv::inRange(mask, cv::Scalar(128, 0, 128), cv::Scalar(128, 0, 128), head);
    cv::Mat in_text(mask.size(), CV_8U, cv::Scalar(0));
    long long text_area = 0, mixing = 0, over_articles = 0, vertical = 0, headlines = 0, on_heads = 0;
    const cv::Rect frame(0, 0, mask.cols, mask.rows);
    for (const auto& b : page.blocks) {
        if (!holds_text(b.role)) continue;
        const cv::Rect r = cv::Rect(b.box.x0, b.box.y0, b.box.width(), b.box.height()) & frame;
        if (r.area() == 0) continue;
        in_text(r).setTo(255);
        const double a = cv::countNonZero(article(r)), d = cv::countNonZero(advert(r));
        text_area += r.area();
        if (a >= 0.15 * r.area() && d >= 0.15 * r.area()) mixing += r.area();
        if (b.role == Role::Headline) {
            headlines += r.area();
            on_heads += cv::countNonZero(head(r));
        }
        if (b.role == Role::Body && a >= 0.5 * r.area()) {
            over_articles += r.area();
            if (b.direction == Direction::Vertical) vertical += r.area();
        }
    }
    cv::Mat covered;
    cv::bitwise_and(article, in_text, covered);
    const double articles = cv::countNonZero(article);
    std::printf("%-36s %5zu blocks   article covered %.3f   blocks mixing %.3f   vertical %.3f   headlines on heads %.3f\n",
                png.stem().c_str(), page.blocks.size(), articles ? cv::countNonZero(covered) / articles : 0.0,
                text_area ? double(mixing) / text_area : 0.0, over_articles ? double(vertical) / over_articles : 0.0,
                headlines ? double(on_heads) / headlines : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR GROUND_TRUTH...\n", argv[0]);
        return 2;
    }
    std::map<std::string, fs::path> pages;  // stem -> page JSON (and the run's own JSON files)
    for (const auto& e : fs::directory_iterator(argv[1]))
        if (e.path().extension() == ".json") pages[e.path().stem().string()] = e.path();
    int failures = 0;
    for (int i = 2; i < argc; ++i) {
        const fs::path truth = argv[i];
        // Mask names carry a suffix after the page's stem.
        std::string stem = truth.stem().string();
        for (const std::string suffix : {"_4class_gold", "_mask"})
            if (stem.ends_with(suffix)) stem.resize(stem.size() - suffix.size());
        const fs::path* json_file = nullptr;
        for (const auto& [name, file] : pages)
            if (name.ends_with(stem)) json_file = &file;
        try {
            if (!json_file) throw std::runtime_error(truth.string() + ": no page JSON in " + argv[1] + " for " + stem);
            std::ifstream in(*json_file);
            const Page page = page_from_json(nlohmann::json::parse(in));
            if (truth.extension() == ".xml") check_page_xml(page, truth);
            else check_mask(page, truth);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s\n", e.what());
            ++failures;
        }
    }
    return failures ? 1 : 0;
}
