// The library formats of real pages (a horizontal crop with two articles, a vertical
// paragraph): ALTO and PAGE valid against their official schemas, every format holding
// the same words as the page JSON, and the searchable PDF's text layer where the words are.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>
#include <pugixml.hpp>

#include "newsocr/evaluation.hpp"
#include "newsocr/output.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::data;
using test::read_file;

class Outputs : public ::testing::TestWithParam<const char*> {
protected:
    static void SetUpTestSuite() {
        out_ = fs::temp_directory_path() / ("newsocr-outputs-" + std::to_string(::getpid()));
        fs::remove_all(out_);
        const auto r = test::run_newsocr(data("batch/page02.jpg").string() + " " + data("ocr/vertical_paragraph.png").string() +
                                         " -o " + out_.string() + " -q --formats json,md,alto,page,hocr,pdf,txt");
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    static void TearDownTestSuite() { fs::remove_all(out_); }

    fs::path file(const std::string& extension) const { return out_ / (std::string(GetParam()) + extension); }
    json page() const { return json::parse(read_file(file(".json"))); }

    // Word texts of the page JSON, block by block in file order, whitespace dropped.
    std::string json_words() const {
        std::string s;
        const json p = page();
        for (const auto& b : p["blocks"])
            for (const auto& l : b["lines"])
                for (const auto& w : l["words"]) s += w["text"].get<std::string>();
        return normalise_for_evaluation(s);
    }

    static inline fs::path out_;
};

int xmllint(const fs::path& schema, const fs::path& file) {
    const std::string cmd = "xmllint --noout --schema " + schema.string() + " " + file.string() + " 2>&1";
    return std::system(cmd.c_str());
}

TEST_P(Outputs, AltoIsValidAndTagsEachArticlesBlocks) {
    ASSERT_EQ(xmllint(data("schemas/alto-4-4-local.xsd"), file(".alto.xml")), 0);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_file(file(".alto.xml").c_str()));
    const json p = page();
    // One StructureTag per article; each article's blocks carry its tag, in a group of the reading order.
    EXPECT_EQ(doc.select_nodes("//StructureTag[@TYPE='article']").size(), p["articles"].size());
    for (const auto& a : p["articles"]) {
        const std::string tag = "ART_" + a["id"].get<std::string>();
        EXPECT_EQ(doc.select_nodes(("//TextBlock[@TAGREFS='" + tag + "']").c_str()).size(), a["block_ids"].size()) << tag;
        EXPECT_EQ(doc.select_nodes(("//ReadingOrder//OrderedGroup[@TAGREFS='" + tag + "']/ElementRef").c_str()).size(),
                  a["block_ids"].size());
    }
    std::string strings;
    size_t with_confidence = 0, total = 0;
    for (const auto& s : doc.select_nodes("//String")) {
        strings += s.node().attribute("CONTENT").value();
        ++total;
        with_confidence += !s.node().attribute("WC").empty();
    }
    EXPECT_GT(total, 10u);
    EXPECT_EQ(with_confidence, total);
    // Same words as the JSON (the XML holds them in reading order, so compare the bags).
    EXPECT_DOUBLE_EQ(test::char_f1(json_words(), normalise_for_evaluation(strings)), 1.0);
}

TEST_P(Outputs, PageXmlIsValidWithRegionsLinesWordsAndReadingOrder) {
    ASSERT_EQ(xmllint(data("schemas/pagecontent-2019-07-15.xsd"), file(".page.xml")), 0);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_file(file(".page.xml").c_str()));
    const json p = page();
    size_t articles_with_blocks = 0;
    for (const auto& a : p["articles"]) articles_with_blocks += !a["block_ids"].empty();
    EXPECT_EQ(doc.select_nodes("//*[local-name()='OrderedGroupIndexed']").size(), articles_with_blocks);
    std::string words;
    for (const auto& w : doc.select_nodes("//*[local-name()='Word']/*[local-name()='TextEquiv']/*[local-name()='Unicode']"))
        words += w.node().text().get();
    EXPECT_DOUBLE_EQ(test::char_f1(json_words(), normalise_for_evaluation(words)), 1.0);
    // Vertical blocks read top to bottom, their lines right to left.
    size_t vertical = 0;
    for (const auto& b : p["blocks"]) vertical += b["direction"] == "vertical" && b["role"] != "photo" && b["role"] != "separator";
    if (std::string(GetParam()) == "vertical_paragraph") {
        EXPECT_GT(vertical, 0u);
    }
    EXPECT_EQ(doc.select_nodes("//*[local-name()='TextRegion'][@readingDirection='top-to-bottom'][@textLineOrder='right-to-left']").size(),
              vertical);
}

TEST_P(Outputs, HocrHoldsEveryWordWithBoxAndConfidence) {
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_file(file(".hocr").c_str())) << "hOCR is not well-formed XHTML";
    std::string words;
    size_t n = 0;
    for (const auto& w : doc.select_nodes("//span[@class='ocrx_word']")) {
        words += w.node().text().get();
        const std::string title = w.node().attribute("title").value();
        EXPECT_TRUE(title.starts_with("bbox ") && title.find("x_wconf") != std::string::npos) << title;
        ++n;
    }
    EXPECT_GT(n, 10u);
    EXPECT_DOUBLE_EQ(test::char_f1(json_words(), normalise_for_evaluation(words)), 1.0);
    const json p = page();
    EXPECT_EQ(doc.select_nodes("//div[@class='ocr_linear']").size(), p["articles"].size());
}

TEST_P(Outputs, PlainTextHoldsTheArticles) {
    const auto from_text = read_articles(file(".txt"));
    std::string articles;
    const json p = page();
    for (const auto& a : p["articles"]) {
        articles += a["title"].get<std::string>() + a["subtitle"].get<std::string>() + a["byline"].get<std::string>();
        for (const auto& p : a["paragraphs"]) articles += p.get<std::string>();
    }
    std::string text;
    for (const auto& p : from_text[0].paragraphs) text += p;
    EXPECT_EQ(normalise_for_evaluation(text), normalise_for_evaluation(articles));
}

// The PDF's text layer, read back by Poppler, has the page's characters where the words are.
TEST_P(Outputs, SearchablePdfTextLiesOnTheWords) {
    std::unique_ptr<poppler::document> pdf(poppler::document::load_from_file(file(".pdf").string()));
    ASSERT_TRUE(pdf);
    ASSERT_EQ(pdf->pages(), 1);
    std::unique_ptr<poppler::page> pdf_page(pdf->create_page(0));
    const json p = page();
    const double scale = p["dpi"].get<double>() / 72.0;  // points to pixels
    const auto boxes = pdf_page->text_list();
    ASSERT_FALSE(boxes.empty());
    std::string text;
    size_t on_a_word = 0;
    for (const auto& box : boxes) {
        const auto utf8 = box.text().to_utf8();
        text.append(utf8.begin(), utf8.end());
        const auto r = box.bbox();
        const double cx = (r.left() + r.width() / 2) * scale, cy = (r.top() + r.height() / 2) * scale;
        bool inside = false;
        for (const auto& b : p["blocks"])
            for (const auto& l : b["lines"])
                for (const auto& w : l["words"]) {
                    const auto& bb = w["bbox"];
                    inside = inside || (cx >= bb[0].get<double>() - 2 && cx <= bb[2].get<double>() + 2 && cy >= bb[1].get<double>() - 2 &&
                                        cy <= bb[3].get<double>() + 2);
                }
        on_a_word += inside;
    }
    EXPECT_GT(test::char_f1(json_words(), normalise_for_evaluation(text)), 0.99);
    // pdftotext, as archives index PDFs, finds the same text.
    const auto extracted = test::run_command("pdftotext -enc UTF-8 " + file(".pdf").string() + " -");
    ASSERT_EQ(extracted.exit_code, 0);
    EXPECT_GT(test::char_f1(json_words(), normalise_for_evaluation(extracted.output)), 0.95);
    EXPECT_GE(on_a_word, boxes.size() * 95 / 100) << on_a_word << " of " << boxes.size() << " text boxes lie on a word";
}

INSTANTIATE_TEST_SUITE_P(Pages, Outputs, ::testing::Values("page02", "vertical_paragraph"));

// Advert text belongs to no article: the Markdown lists it apart, after the articles.
TEST(Markdown, AdvertsAreListedApartAfterTheArticles) {
    Page page;
    Article story;
    story.title = "日僞統制鮮豬業貿易";
    story.paragraphs = {"日僞方面、因實施搜括起見、定於五月一日起、統制本市鮮豬貿易。"};
    page.articles.push_back(story);
    Block advert;
    advert.role = Role::Advert;
    advert.text = "老協大祥\n綢緞布莊";
    advert.lines = {Line{"老協大祥", {}, 0.9f, {}}, Line{"綢緞布莊", {}, 0.9f, {}}};
    page.blocks.push_back(advert);
    const std::string md = page_markdown(page);
    EXPECT_EQ(md, "# 日僞統制鮮豬業貿易\n\n日僞方面、因實施搜括起見、定於五月一日起、統制本市鮮豬貿易。\n\n## Adverts\n\n- 老協大祥綢緞布莊\n");
}

}  // namespace
}  // namespace newsocr
