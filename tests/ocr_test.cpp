// OCR on small crops of rendered pages, checked against their ground-truth text.
#include <gtest/gtest.h>

#include "newsocr/pipeline.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

// Every text block of the crop, read through the whole pipeline, in block order.
std::string read_crop(const std::string& name, Direction expected_direction) {
    static std::unique_ptr<OcrEngine> engine = make_tesseract_engine({});
    const PageImage image = load_page(test::data("ocr/" + name), 1, {});
    const Page page = process_page(image, [&]() -> OcrEngine& { return *engine; }, {});
    std::string text;
    for (const auto& b : page.blocks) {
        if (!holds_text(b.role)) continue;
        EXPECT_EQ(b.direction, expected_direction) << name << ": " << b.text;
        for (const auto& l : b.lines) {
            text += l.text;
            EXPECT_GT(l.confidence, 0.0f);
            for (const auto& w : l.words) EXPECT_TRUE(w.box.width() > 0 && w.box.height() > 0) << w.text;
        }
    }
    return text;
}

TEST(Ocr, HorizontalParagraph) {
    const std::string truth = "启用不久的“模速空间”人工智能产品体验店是上海首家AI“黑科技”体验店。店内，被撸毛后会“打呼噜”的AI智能仿真猫咪、可监测睡";
    const std::string found = read_crop("horizontal_paragraph.png", Direction::Horizontal);
    EXPECT_LE(test::cer(truth, found), 0.05) << found;  // at most 3 characters wrong
}

TEST(Ocr, MixedChineseAndLatinKeepsLatinWordsWhole) {
    const std::string truth = "品体验店是上海首家AI“黑科技”体验店。店内，被撸毛后会“打呼噜”的AI智";
    const std::string found = read_crop("mixed_latin_lines.png", Direction::Horizontal);
    EXPECT_LE(test::cer(truth, found), 0.08) << found;
    EXPECT_NE(found.find("首家AI“黑科技"), std::string::npos) << "no space inserted around Latin in CJK: " << found;
}

TEST(Ocr, VerticalHeadline) {
    const std::string found = read_crop("vertical_headline.png", Direction::Vertical);
    EXPECT_LE(test::cer("举报交通违法行为人人有责", found), 0.1) << found;  // one character
}

// A headline in heavy type with curly quotes, which the model reads as straight ones or as a
// backtick: they come back as printed.
TEST(Ocr, HeadlineQuotesComeBackAsPrinted) {
    const std::string found = read_crop("horizontal_headline_quotes.png", Direction::Horizontal);
    const std::string truth = "上海发布“模塑申城”五大公共服务平台";
    EXPECT_NE(found.find("“模塑申城”"), std::string::npos) << found;
    // The headline comes first, then the body below it.
    const auto chars = code_points(found);
    std::string headline;
    for (size_t i = 0; i < std::min<size_t>(chars.size(), code_points(truth).size()); ++i) headline += to_utf8(chars[i]);
    EXPECT_LE(test::cer(truth, headline), 0.06) << found;  // one character
}

TEST(Ocr, VerticalParagraphReadsColumnsRightToLeft) {
    const std::string truth = "昨天，上海市“人工智能+”行动推进大会暨中国—金砖国家人工智能发展与合作中心基地在徐汇启用。会上，徐汇区推进“人工"
                              "智能+”十大行动正式发布。当天会上还发布了“模塑申城”五大公共服务平台，为各类创新主体提供";
    const std::string found = read_crop("vertical_paragraph.png", Direction::Vertical);
    EXPECT_LE(test::cer(truth, found), 0.12) << found;
    EXPECT_EQ(found.rfind("昨天", 0), 0u) << "the rightmost column comes first: " << found;
}

// A born-digital page's text layer read into a vertical headline: Poppler's boxes of a
// rendered page (300 dpi) for "一根秸秆的" and the headline block layout found, whose top is
// the ink of the "一". That box's centre lies above the block; the word is still its first.
TEST(Ocr, TextLayerWordOpeningAVerticalColumn) {
    const std::vector<Word> words = {{"一", {1778, 1437, 1837, 1591}}, {"根", {1778, 1493, 1837, 1647}},
                                     {"秸", {1778, 1553, 1837, 1707}}, {"秆", {1778, 1615, 1837, 1769}},
                                     {"的", {1778, 1671, 1837, 1825}},
                                     // the first word of the next block down the column
                                     {"本", {1778, 1833, 1837, 1987}}};
    Block block;
    block.role = Role::Headline;
    block.direction = Direction::Vertical;
    block.box = {1779, 1522, 1836, 1775};
    make_text_layer_reader(words)->read_block(cv::Mat(), 300, block);
    std::string text;
    for (const auto& l : block.lines) text += l.text;
    EXPECT_EQ(text, "一根秸秆的");
}

TEST(Ocr, MissingLanguageIsAClearError) {
    OcrOptions options;
    options.languages = "xyz_nonexistent";
    auto engine = make_tesseract_engine(options);
    Block block{"b1", Role::Body, Direction::Horizontal, {0, 0, 10, 10}, {}, "", 1.0f, 10};
    try {
        engine->read_block(cv::Mat(20, 20, CV_8UC1, cv::Scalar(255)), 300, block);
        FAIL() << "no error for a missing language";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("xyz_nonexistent"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace newsocr
