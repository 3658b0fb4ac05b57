// Layout analysis on committed rendered scans (checked against their ground truth) and on
// drawn pages with known rules.
#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "newsocr/ingest.hpp"
#include "newsocr/layout.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Ground-truth boxes are in pixels of the clean render; the scan's transform maps them.
Box to_scan(const json& bbox, const json& t) {
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (const auto& [x, y] : {std::pair{bbox[0], bbox[1]}, {bbox[2], bbox[1]}, {bbox[0], bbox[3]}, {bbox[2], bbox[3]}}) {
        const double px = t[0][0].get<double>() * x.get<double>() + t[0][1].get<double>() * y.get<double>() + t[0][2].get<double>();
        const double py = t[1][0].get<double>() * x.get<double>() + t[1][1].get<double>() * y.get<double>() + t[1][2].get<double>();
        x0 = std::min(x0, px), y0 = std::min(y0, py), x1 = std::max(x1, px), y1 = std::max(y1, py);
    }
    return {int(x0), int(y0), int(x1), int(y1)};
}

struct Found {
    std::vector<Block> blocks;  // boxes in input pixels
    json gt;
};

// A sample scan (200 dpi) as it would come from a scanner set to `dpi`, with no resolution in
// its metadata: the layout must not depend on the size of the type.
struct SampleAt {
    std::string stem;
    int dpi;
};

void PrintTo(const SampleAt& s, std::ostream* os) { *os << s.stem << "@" << s.dpi << "dpi"; }

Found analyse_sample(const SampleAt& sample) {
    constexpr int kSampleDpi = 200;
    const PageImage image = load_page(fs::path(NEWSOCR_SAMPLES) / (sample.stem + ".png"), 1, {});
    const double factor = static_cast<double>(sample.dpi) / kSampleDpi;
    cv::Mat gray = image.gray;
    if (sample.dpi != kSampleDpi) cv::resize(image.gray, gray, {}, factor, factor, factor < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    const PreprocessedPage pre = preprocess(gray, 0, {});
    Found f{analyse_layout(pre, {}).blocks, json::parse(test::read_file(fs::path(NEWSOCR_SAMPLES) / "expected" / (sample.stem + ".gt.json")))};
    for (auto& b : f.blocks) {
        const Box in = pre.geometry.map_to_input(b.box);
        b.box = {int(in.x0 / factor), int(in.y0 / factor), int(in.x1 / factor), int(in.y1 / factor)};
    }
    return f;
}

class SampleLayout : public ::testing::TestWithParam<SampleAt> {};

TEST_P(SampleLayout, BodyRegionsCoveredWithTheRightDirection) {
    const Found f = analyse_sample(GetParam());
    const json& t = f.gt["scan"]["transform"];
    int regions = 0, covered = 0;
    long long area = 0, right_direction = 0;
    for (const auto& a : f.gt["articles"]) {
        const Direction dir = *parse_direction(a["direction"].get<std::string>());
        for (const auto& r : a["regions"]) {
            if (r["role"] != "body") continue;
            ++regions;
            const Box truth = to_scan(r["bbox"], t);
            Box found;
            for (const auto& b : f.blocks) {
                if (b.role != Role::Body || intersect(b.box, truth).area() < 0.5 * b.box.area()) continue;
                found = unite(found, b.box);
                area += b.box.area();
                if (b.direction == dir) right_direction += b.box.area();
            }
            covered += iou(found, truth) >= 0.8;
        }
    }
    EXPECT_GE(covered, regions - 1) << covered << " of " << regions << " body regions";
    EXPECT_GE(static_cast<double>(right_direction) / area, 0.99);
}

TEST_P(SampleLayout, TitlesFoundAsHeadlinesAndNoBlockSpansTwoArticles) {
    const Found f = analyse_sample(GetParam());
    const json& t = f.gt["scan"]["transform"];
    std::vector<std::vector<Box>> articles;
    int titles = 0, found_titles = 0;
    for (const auto& a : f.gt["articles"]) {
        articles.emplace_back();
        for (const auto& r : a["regions"]) {
            const Box truth = to_scan(r["bbox"], t);
            articles.back().push_back(truth);
            if (r["role"] != "title") continue;
            ++titles;
            for (const auto& b : f.blocks)
                if (b.role == Role::Headline && intersect(b.box, truth).area() >= 0.5 * std::min(b.box.area(), truth.area())) {
                    ++found_titles;
                    break;
                }
        }
    }
    EXPECT_EQ(found_titles, titles);
    // Every headline starts an article: one more than the titles is a story split in two.
    EXPECT_EQ(std::count_if(f.blocks.begin(), f.blocks.end(), [](const Block& b) { return b.role == Role::Headline; }), titles);
    for (const auto& b : f.blocks) {
        if (!holds_text(b.role)) continue;
        int touched = 0;
        for (const auto& regions : articles) {
            bool in = false;
            for (const auto& r : regions) in = in || intersect(b.box, r).area() >= 0.1 * b.box.area();
            touched += in;
        }
        EXPECT_LE(touched, 1) << "block " << b.id << " spans articles";
    }
}

// mixed-page: horizontal and vertical articles, a photo, a boxed story (200 dpi scan);
// vertical-page: a traditional all-vertical layout. Both also as scanned at 100 and 600 dpi,
// vertical-page at 300 dpi too.
INSTANTIATE_TEST_SUITE_P(RenderedScans, SampleLayout,
                         ::testing::Values(SampleAt{"mixed-page", 100}, SampleAt{"mixed-page", 200}, SampleAt{"mixed-page", 600},
                                           SampleAt{"vertical-page", 100}, SampleAt{"vertical-page", 200},
                                           SampleAt{"vertical-page", 300}, SampleAt{"vertical-page", 600}),
                         [](const auto& info) { return info.param.stem.substr(0, info.param.stem.find('-')) + "_" + std::to_string(info.param.dpi) + "dpi"; });

// ---------------------------------------------------------------- drawn pages

cv::Mat paper() { return cv::Mat(1200, 1600, CV_8UC1, cv::Scalar(0)); }  // binary: 255 = ink

// Rows of glyph-like marks: text for the separator detector to leave alone.
void draw_text(cv::Mat& page, cv::Rect area, int glyph) {
    for (int y = area.y; y + glyph <= area.br().y; y += glyph * 3 / 2)
        for (int x = area.x; x + glyph <= area.br().x; x += glyph + glyph / 8) {
            cv::rectangle(page, cv::Rect(x, y, glyph, glyph / 4), cv::Scalar(255), cv::FILLED);
            cv::rectangle(page, cv::Rect(x + glyph / 3, y, glyph / 5, glyph), cv::Scalar(255), cv::FILLED);
        }
}

std::vector<Separator> rules_of(const cv::Mat& page) { return find_separators(page, 300, {}); }

TEST(Separators, BrokenRuleIsOneRule) {
    cv::Mat page = paper();
    for (int x = 100; x < 1500; x += 140) cv::line(page, {x, 600}, {x + 110, 600}, cv::Scalar(255), 4);
    draw_text(page, {100, 100, 1400, 400}, 30);
    const auto rules = rules_of(page);
    ASSERT_EQ(rules.size(), 1u);
    EXPECT_FALSE(rules[0].vertical);
    EXPECT_LE(rules[0].box.x0, 110);
    EXPECT_GE(rules[0].box.x1, 1470);  // the last dash ends at 1470
}

TEST(Separators, SkewedRuleIsFound) {
    cv::Mat page = paper();
    cv::line(page, {100, 500}, {1500, 500 + static_cast<int>(1400 * std::tan(CV_PI / 180))}, cv::Scalar(255), 3);  // 1 degree
    cv::line(page, {800, 700}, {800 + static_cast<int>(400 * std::tan(CV_PI / 180)), 1100}, cv::Scalar(255), 3);
    const auto rules = rules_of(page);
    ASSERT_EQ(rules.size(), 2u);
    const auto& h = rules[0].vertical ? rules[1] : rules[0];
    const auto& v = rules[0].vertical ? rules[0] : rules[1];
    EXPECT_GE(h.box.width(), 1300);
    EXPECT_GE(v.box.height(), 380);
}

// Old papers set their columns tight against a long column rule: still a rule, and the glyph
// rows on either side are not.
TEST(Separators, ColumnRuleWithTextTightAgainstItIsFound) {
    cv::Mat page = paper();
    cv::line(page, {800, 50}, {800, 1150}, cv::Scalar(255), 4);
    draw_text(page, {300, 50, 494, 1100}, 30);  // ends 6 px left of the rule
    draw_text(page, {806, 50, 500, 1100}, 30);  // starts 4 px right of it
    const auto rules = rules_of(page);
    ASSERT_EQ(rules.size(), 1u);
    EXPECT_TRUE(rules[0].vertical);
    EXPECT_GE(rules[0].box.height(), 1000);
}

TEST(Separators, BoxedStoryFrameGivesFourRules) {
    cv::Mat page = paper();
    cv::rectangle(page, cv::Rect(300, 200, 900, 800), cv::Scalar(255), 3);
    draw_text(page, {360, 260, 780, 680}, 30);
    const auto rules = rules_of(page);
    int horizontal = 0, vertical = 0;
    for (const auto& r : rules) (r.vertical ? vertical : horizontal)++;
    EXPECT_EQ(horizontal, 2);
    EXPECT_EQ(vertical, 2);
}

TEST(Separators, RulesOfARealPageAreItsRulesOrFramesOrInsideItsPhotos) {
    const PageImage image = load_page(fs::path(NEWSOCR_SAMPLES) / "mixed-page.png", 1, {});
    const PreprocessedPage pre = preprocess(image.gray, image.dpi, {});
    const json gt = json::parse(test::read_file(fs::path(NEWSOCR_SAMPLES) / "expected" / "mixed-page.gt.json"));
    std::vector<Box> truth;
    for (const auto& s : gt["separators"]) truth.push_back(to_scan(s["bbox"], gt["scan"]["transform"]));
    for (const auto& p : gt["images"]) truth.push_back(to_scan(p["bbox"], gt["scan"]["transform"]));
    for (const auto& h : gt["header"]) truth.push_back(to_scan(h["bbox"], gt["scan"]["transform"]));  // the section label's frame
    const auto rules = find_separators(pre.binary, pre.dpi, {});
    EXPECT_GE(rules.size(), gt["separators"].size() - 1);
    for (const auto& r : rules) {
        const Box in_input = pre.geometry.map_to_input(r.box);
        Box grown{in_input.x0 - 10, in_input.y0 - 10, in_input.x1 + 10, in_input.y1 + 10};
        bool known = false;
        for (const auto& t : truth) known = known || intersect(grown, t).area() > 0;
        EXPECT_TRUE(known) << "rule at " << in_input.x0 << "," << in_input.y0 << " - " << in_input.x1 << "," << in_input.y1;
    }
}

// ---------------------------------------------------------------- drawn pages through layout

PreprocessedPage drawn_page(const cv::Mat& binary) {
    PreprocessedPage page;
    page.binary = binary;
    page.gray = 255 - binary;
    page.dpi = 300;
    return page;
}

std::vector<Block> layout_of(const cv::Mat& binary) { return analyse_layout(drawn_page(binary), {}).blocks; }

std::vector<Block> text_blocks(const std::vector<Block>& blocks) {
    std::vector<Block> text;
    for (const auto& b : blocks)
        if (holds_text(b.role)) text.push_back(b);
    return text;
}

// Checks that the text blocks `picked` picks out have `role` and that no other text block
// has it; returns how many were picked out.
int only_picked_have_role(const std::vector<Block>& blocks, Role role, const std::function<bool(const Box&)>& picked) {
    int n = 0;
    for (const auto& b : text_blocks(blocks)) {
        const bool pick = picked(b.box);
        if (pick) ++n;
        EXPECT_EQ(b.role == role, pick) << "block at " << b.box.x0 << "," << b.box.y0 << " has role " << to_string(b.role);
    }
    return n;
}

// Old adverts and boxed stories are framed by hand-drawn or wavy rules that the straight-rule
// search does not take whole. The frame still bounds the text inside: its sides become rules
// and the text inside is read as lines of type, not as one glyph the size of the frame.
// Dense small type on a blurred microfilm frame (a crop of a generated briefs page) darkens
// whole columns as much as a photo does; its glyphs say it is text.
TEST(Photos, DenseTextOnMicrofilmIsNotAPhoto) {
    const PageImage image = load_page(test::data("layout/microfilm-dense-text.jpg"), 1, {});
    const PreprocessedPage pre = preprocess(image.gray, image.dpi, {});
    EXPECT_TRUE(find_photos(pre.gray, pre.dpi, find_separators(pre.binary, pre.dpi, {})).empty());
    // The same at a third of the size (about 70 dpi), enlarged to the working scale: its
    // glyphs blur into each other, and still it is text.
    cv::Mat third;
    cv::resize(image.gray, third, {}, 1.0 / 3, 1.0 / 3, cv::INTER_AREA);
    const PreprocessedPage small = preprocess(third, 0, {});
    EXPECT_GT(small.geometry.scale, 1.5);
    EXPECT_TRUE(find_photos(small.gray, small.dpi, find_separators(small.binary, small.dpi, {})).empty());
}

TEST(Photos, ThePhotoOfARenderedPageIsFound) {
    const PageImage image = load_page(fs::path(NEWSOCR_SAMPLES) / "mixed-page.png", 1, {});
    const PreprocessedPage pre = preprocess(image.gray, image.dpi, {});
    const json gt = json::parse(test::read_file(fs::path(NEWSOCR_SAMPLES) / "expected" / "mixed-page.gt.json"));
    const auto photos = find_photos(pre.gray, pre.dpi, find_separators(pre.binary, pre.dpi, {}));
    ASSERT_EQ(photos.size(), gt["images"].size());
    EXPECT_GE(iou(photos[0], to_scan(gt["images"][0]["bbox"], gt["scan"]["transform"])), 0.8);
}

// A page rendered at 100 dpi and enlarged to the working scale: under its photo, past a rule,
// columns of blurred type show as little bare paper as the photo does, and still the photo
// is found where it is and not over the type.
TEST(Photos, APhotoOnASmallPageEndsWhereTheTypeBegins) {
    const PageImage image = load_page(test::data("layout/vertical-page-100dpi.png"), 1, {});
    const PreprocessedPage pre = preprocess(image.gray, 100, {});
    ASSERT_GT(pre.geometry.scale, 2.0);
    const Box photo{38, 343, 226, 575};  // the page's truth, in the 100-dpi pixels
    double best = 0;
    for (const Box& p : find_photos(pre.gray, pre.dpi, find_separators(pre.binary, pre.dpi, {}))) best = std::max(best, iou(pre.geometry.map_to_input(p), photo));
    EXPECT_GE(best, 0.85);
}

// A story of two columns under its title and subtitle (a crop of a generated scan): the left
// column opens with an indented run-in, so the columns' lines are out of step and no gap
// between rows runs clean across both. The gutter still parts them, under the heading lines
// that span it: no block of text runs across it, and each column is one block.
TEST(Layout, ColumnsOutOfStepArePartedAtTheirGutter) {
    const PageImage image = load_page(test::data("layout/two-columns-out-of-step.jpg"), 1, {});
    const PreprocessedPage pre = preprocess(image.gray, image.dpi, {});
    constexpr int kGutterFrom = 461, kGutterTo = 491;  // between the columns, from the page's truth
    int left = 0, right = 0;
    for (const Block& b : text_blocks(analyse_layout(pre, {}).blocks)) {
        const Box box = pre.geometry.map_to_input(b.box);
        if (box.y0 < 290) continue;  // the title and subtitle span the gutter
        EXPECT_FALSE(box.x0 < kGutterFrom - 20 && box.x1 > kGutterTo + 20) << "block across the gutter at " << box.x0 << "," << box.y0;
        left += box.x1 <= kGutterTo && box.height() > 1000;
        right += box.x0 >= kGutterFrom && box.height() > 300;
    }
    EXPECT_EQ(left, 1);
    EXPECT_EQ(right, 1);
}

// A microfilm frame: the page on the film with a wide margin around it, dust and scratches
// on the margin. Nothing there becomes a block, and the page's blocks are those of the
// frame without the dust.
TEST(Layout, DustAroundThePrintedPageIsNoBlock) {
    const PageImage image = load_page(fs::path(NEWSOCR_SAMPLES) / "vertical-page.png", 1, {});
    const int margin = image.gray.cols / 8;
    cv::Mat frame(image.gray.rows + 2 * margin, image.gray.cols + 2 * margin, CV_8UC1, cv::Scalar(235));
    image.gray.copyTo(frame(cv::Rect(margin, margin, image.gray.cols, image.gray.rows)));
    const cv::Rect page(margin, margin, image.gray.cols, image.gray.rows);
    const cv::Mat clean_frame = frame.clone();
    cv::RNG rng(7);
    for (int i = 0; i < 400; ++i) {
        const cv::Point at(rng.uniform(0, frame.cols), rng.uniform(0, frame.rows));
        if (page.contains(at)) continue;
        if (i % 10 == 0)  // a scratch
            cv::line(frame, at, at + cv::Point(rng.uniform(-60, 60), rng.uniform(-60, 60)), cv::Scalar(40), rng.uniform(2, 5));
        else
            cv::circle(frame, at, rng.uniform(2, 9), cv::Scalar(30), cv::FILLED);
    }
    const auto blocks_of = [](const cv::Mat& gray) {
        const PreprocessedPage pre = preprocess(gray, 200, {});
        std::vector<Block> blocks = text_blocks(analyse_layout(pre, {}).blocks);
        for (Block& b : blocks) b.box = pre.geometry.map_to_input(b.box);
        return blocks;
    };
    const std::vector<Block> clean = blocks_of(clean_frame), dusty = blocks_of(frame);
    size_t inside = 0;
    for (const Block& b : dusty) {
        const cv::Rect box(b.box.x0, b.box.y0, b.box.width(), b.box.height());
        EXPECT_GE((box & page).area(), box.area() / 2) << "block on the margin at " << b.box.x0 << "," << b.box.y0;
        inside += (box & page).area() >= box.area() / 2;
    }
    EXPECT_EQ(inside, clean.size());
}

// An advert is framed and set mostly in display type, with a few lines of small print; a
// boxed story beside it is framed too, but set mostly in body type under its headline.
TEST(Layout, FramedDisplayTypeIsAnAdvertAndABoxedStoryIsNot) {
    cv::Mat page = paper();
    const cv::Rect advert(200, 150, 500, 800), story(800, 150, 700, 800);
    cv::rectangle(page, advert, cv::Scalar(255), 4);
    cv::rectangle(page, story, cv::Scalar(255), 4);
    draw_text(page, {230, 200, 440, 450}, 90);  // the name of the shop, large
    draw_text(page, {230, 760, 440, 160}, 30);  // its address and prices
    draw_text(page, {830, 200, 640, 60}, 60);   // the story's headline
    draw_text(page, {830, 300, 640, 600}, 30);  // its body
    const int adverts = only_picked_have_role(layout_of(page), Role::Advert, [&](const Box& b) {
        const cv::Rect box(b.x0, b.y0, b.width(), b.height());
        return (box & advert) == box;
    });
    EXPECT_GE(adverts, 2);
}

// On film an advert's frame is a heavy (double, run together) rule broken at the corners,
// with a scratch stuck to it from outside: its sides are rules all the same, not photos, and
// the scratch does not carry the advert past its frame.
TEST(Layout, AnAdvertInAHeavyBrokenFrameWithAScratchIsAnAdvert) {
    cv::Mat page = paper();
    const cv::Rect advert(200, 150, 500, 900);
    const int heavy = 16, gap = 10;
    for (const cv::Rect side : {cv::Rect(advert.x + gap, advert.y, advert.width - 2 * gap, heavy),
                                cv::Rect(advert.x + gap, advert.br().y - heavy, advert.width - 2 * gap, heavy),
                                cv::Rect(advert.x, advert.y + gap, heavy, advert.height - 2 * gap),
                                cv::Rect(advert.br().x - heavy, advert.y + gap, heavy, advert.height - 2 * gap)})
        cv::rectangle(page, side, cv::Scalar(255), cv::FILLED);
    cv::rectangle(page, cv::Rect(440, advert.br().y - 5, 12, 70), cv::Scalar(255), cv::FILLED);  // the scratch
    draw_text(page, {240, 200, 420, 400}, 90);  // the doctor's name, large
    draw_text(page, {240, 640, 420, 360}, 30);  // the small print
    draw_text(page, {800, 150, 700, 900}, 30);  // a story beside it
    const auto blocks = layout_of(page);
    EXPECT_EQ(std::ranges::count_if(blocks, [](const Block& b) { return b.role == Role::Photo; }), 0);
    const int adverts = only_picked_have_role(blocks, Role::Advert, [&](const Box& b) {
        const cv::Rect box(b.x0, b.y0, b.width(), b.height());
        return (box & advert) == box;
    });
    EXPECT_GE(adverts, 2);
}

// A microfilmed fold: two pages side by side, a rule down the gutter between them, each
// with its running head over a rule across that page only. Two printed pages, left first
// (horizontal text), each with its running head; no block crosses the gutter.
TEST(Layout, TheTwoPagesOfAFoldEachHaveTheirRunningHead) {
    cv::Mat fold(1200, 2400, CV_8UC1, cv::Scalar(0));
    cv::line(fold, {1200, 60}, {1200, 1160}, cv::Scalar(255), 4);
    for (const int x : {100, 1300}) {
        draw_text(fold, {x, 90, 600, 30}, 30);  // the running head
        cv::line(fold, {x, 150}, {x + 1000, 150}, cv::Scalar(255), 4);
        draw_text(fold, {x, 200, 1000, 900}, 30);
    }
    const PageLayout layout = analyse_layout(drawn_page(fold), {});
    ASSERT_EQ(layout.printed_areas.size(), 2u);
    EXPECT_LT(layout.printed_areas[0].x1, 1200);
    EXPECT_GT(layout.printed_areas[1].x0, 1200);
    for (const auto& b : text_blocks(layout.blocks))
        EXPECT_FALSE(b.box.x0 < 1200 && b.box.x1 > 1200) << "block across the gutter at " << b.box.x0 << "," << b.box.y0;
    EXPECT_GE(only_picked_have_role(layout.blocks, Role::Header, [](const Box& b) { return b.y1 <= 150; }), 2);
}

// Text set outside the rule that runs down the page by its edge is the margin's (the
// subscription rates beside a 1939 晶報 page), though on film that rule is broken in pieces.
TEST(Layout, TextOutsideABrokenRuleDownThePageEdgeIsTheMargins) {
    cv::Mat page(1600, 1200, CV_8UC1, cv::Scalar(0));
    for (const auto& [from, to] : {std::pair{100, 500}, {600, 1000}, {1100, 1450}}) cv::line(page, {100, from}, {100, to}, cv::Scalar(255), 4);
    draw_text(page, {40, 100, 30, 1350}, 30);  // a column of single characters in the margin
    draw_text(page, {140, 100, 1000, 1350}, 30);
    EXPECT_GE(only_picked_have_role(layout_of(page), Role::Header, [](const Box& b) { return b.x1 <= 100; }), 1);
}

TEST(Layout, WavyFrameBoundsTheTextInsideIt) {
    cv::Mat page = paper();
    const cv::Rect frame(200, 150, 700, 800);
    std::vector<cv::Point> outline;
    for (int t = 0; t <= 100; ++t) outline.push_back({frame.x + frame.width * t / 100, frame.y + static_cast<int>(6 * std::sin(t * 0.9))});
    for (int t = 0; t <= 100; ++t) outline.push_back({frame.br().x + static_cast<int>(6 * std::sin(t * 0.9)), frame.y + frame.height * t / 100});
    for (int t = 100; t >= 0; --t) outline.push_back({frame.x + frame.width * t / 100, frame.br().y + static_cast<int>(6 * std::sin(t * 0.9))});
    for (int t = 100; t >= 0; --t) outline.push_back({frame.x + static_cast<int>(6 * std::sin(t * 0.9)), frame.y + frame.height * t / 100});
    cv::polylines(page, outline, true, cv::Scalar(255), 4);
    draw_text(page, {250, 200, 600, 700}, 30);   // inside the frame
    draw_text(page, {960, 200, 500, 700}, 30);   // a column beside it, 60 px away
    const auto blocks = layout_of(page);
    int sides = 0;
    for (const auto& b : blocks) sides += b.role == Role::Separator;
    EXPECT_GE(sides, 4);
    const Box inside{frame.x + 10, frame.y + 10, frame.br().x - 10, frame.br().y - 10};
    int inside_text = 0;
    for (const auto& b : text_blocks(blocks)) {
        EXPECT_LE(b.font_size, 45) << "block " << b.box.x0 << "," << b.box.y0 << " - " << b.box.x1 << "," << b.box.y1;
        EXPECT_EQ(b.direction, Direction::Horizontal);
        const bool in = intersect(b.box, inside).area() == b.box.area();
        const bool beside = b.box.x0 >= 950;
        EXPECT_TRUE(in || beside) << "block crosses the frame: " << b.box.x0 << "," << b.box.y0 << " - " << b.box.x1 << "," << b.box.y1;
        inside_text += in;
    }
    EXPECT_GE(inside_text, 1);
}

// Old vertical papers set their columns so tight that glyphs and punctuation touch across
// the gutters: no clean gap parts them. The columns still show as narrow bands few glyphs
// cross, wider than the space between characters, and are found as vertical lines of type.
TEST(Layout, TouchingVerticalColumnsAreReadAsColumns) {
    cv::Mat page = paper();
    const int glyph = 24, column_gap = 8, glyph_gap = 2;
    const cv::Rect area(300, 150, 12 * (glyph + column_gap), 30 * (glyph + glyph_gap));
    int col = 0;
    for (int x = area.x; x + glyph <= area.br().x; x += glyph + column_gap, ++col) {
        int row = 0;
        for (int y = area.y; y + glyph <= area.br().y; y += glyph + glyph_gap, ++row) {
            cv::rectangle(page, cv::Rect(x, y + glyph / 3, glyph, glyph / 5), cv::Scalar(255), cv::FILLED);
            cv::rectangle(page, cv::Rect(x + glyph / 3, y, glyph / 5, glyph), cv::Scalar(255), cv::FILLED);
            // Now and then a glyph reaches across the gutter into the next column.
            if (x + 2 * glyph + column_gap <= area.br().x && (row + 3 * col) % 7 == 0) cv::rectangle(page, cv::Rect(x + glyph - 2, y + glyph / 2, column_gap + 4, 3), cv::Scalar(255), cv::FILLED);
        }
    }
    const auto blocks = text_blocks(layout_of(page));
    ASSERT_FALSE(blocks.empty());
    long long area_found = 0, vertical = 0;
    for (const auto& b : blocks) {
        EXPECT_EQ(b.role, Role::Body) << b.box.x0 << "," << b.box.y0 << " - " << b.box.x1 << "," << b.box.y1;
        // A column with a glyph reaching into the next is that much thicker; the whole area
        // read as one glyph would be 12 columns thick.
        EXPECT_LE(b.font_size, 2.5 * glyph);
        area_found += b.box.area();
        if (b.direction == Direction::Vertical) vertical += b.box.area();
    }
    EXPECT_GE(static_cast<double>(vertical) / area_found, 0.95);
}

// A serial in dense vertical setting has a faint rule between every two columns, broken on
// film into hairline pieces a few glyphs long. The pieces are rules, not glyphs: read as
// glyphs they fill the gaps between the columns, and the columns come apart into rows.
TEST(Layout, HairlinePiecesBetweenVerticalColumnsAreRules) {
    cv::Mat page = paper();
    const int glyph = 24, column_gap = 14, glyph_gap = 3;
    const cv::Rect area(300, 150, 10 * (glyph + column_gap), 30 * (glyph + glyph_gap));
    for (int x = area.x; x + glyph <= area.br().x; x += glyph + column_gap) {
        for (int y = area.y; y + glyph <= area.br().y; y += glyph + glyph_gap) {
            cv::rectangle(page, cv::Rect(x, y + glyph / 3, glyph, glyph / 5), cv::Scalar(255), cv::FILLED);
            cv::rectangle(page, cv::Rect(x + glyph / 3, y, glyph / 5, glyph), cv::Scalar(255), cv::FILLED);
        }
        if (x + glyph + column_gap >= area.br().x) break;
        // The rule in the gap after this column: pieces four glyphs long, a glyph apart.
        for (int y = area.y; y + 4 * glyph <= area.br().y; y += 5 * glyph)
            cv::rectangle(page, cv::Rect(x + glyph + column_gap / 2 - 1, y, 3, 4 * glyph), cv::Scalar(255), cv::FILLED);
    }
    const auto blocks = layout_of(page);
    EXPECT_GE(std::ranges::count_if(blocks, [](const Block& b) { return b.role == Role::Separator; }), 9 * 5);
    long long area_found = 0, vertical = 0;
    for (const auto& b : text_blocks(blocks)) {
        area_found += b.box.area();
        if (b.direction == Direction::Vertical) vertical += b.box.area();
    }
    ASSERT_GT(area_found, 0);
    EXPECT_GE(static_cast<double>(vertical) / area_found, 0.95);
}

// Justified lines of narrow columns (old German papers) open wide spaces between words. A
// line parted there is still one line, and the column one block of lines.
TEST(Layout, JustifiedLineWithAWideWordSpaceStaysOneLine) {
    cv::Mat page = paper();
    const int letter_width = 14, letter_height = 26, line_pitch = 34;
    const cv::Rect column(200, 200, 700, 10 * line_pitch);
    for (int line = 0; line < 10; ++line) {
        const int y = column.y + line * line_pitch;
        // Words of 3 to 7 letters, no two lines alike; on the fourth line the space after the
        // second word is 38 px.
        int x = column.x;
        for (int word = 0;; ++word) {
            const int letters = 3 + (line * 7 + word * 3) % 5;
            if (x + letters * (letter_width + 3) > column.br().x) break;
            for (int l = 0; l < letters; ++l, x += letter_width + 3) {
                cv::rectangle(page, cv::Rect(x, y + 6, letter_width, letter_height - 6), cv::Scalar(255), cv::FILLED);
                if (l == 2) cv::rectangle(page, cv::Rect(x + 4, y, 4, letter_height), cv::Scalar(255), cv::FILLED);  // an ascender
            }
            x += line == 3 && word == 1 ? 38 : 18;
        }
    }
    const auto blocks = text_blocks(layout_of(page));
    ASSERT_FALSE(blocks.empty());
    for (int line = 0; line < 10; ++line) {
        const Box printed{column.x, column.y + line * line_pitch + 6, column.x + 500, column.y + line * line_pitch + letter_height};
        bool whole = false;
        for (const auto& b : blocks) whole = whole || intersect(b.box, printed).area() == printed.area();
        EXPECT_TRUE(whole) << "line " << line + 1 << " is not inside one block";
    }
}

}  // namespace
}  // namespace newsocr
