#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "newsocr/ingest.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

using test::data;

IngestOptions defaults() { return {}; }

// Every bad input gives an InputError whose message names the file and says what is wrong.
void expect_input_error(const std::string& name, const std::string& problem) {
    const auto path = data("ingest/" + name);
    try {
        (void)load_page(path, 1, defaults());
        FAIL() << name << " was accepted";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
        EXPECT_NE(msg.find(problem), std::string::npos) << msg;
    }
}

TEST(Ingest, ReadsPngJpegAndEveryTiffPage) {
    const PageImage png = load_page(data("ingest/crop.png"), 1, defaults());
    EXPECT_EQ(png.gray.cols, 840);
    EXPECT_EQ(png.gray.rows, 160);
    EXPECT_EQ(png.gray.type(), CV_8UC1);
    const PageImage jpg = load_page(data("ingest/crop.jpg"), 1, defaults());
    EXPECT_EQ(jpg.gray.size(), png.gray.size());

    ASSERT_EQ(count_pages(data("ingest/two_pages.tif"), defaults()), 2);
    const PageImage p1 = load_page(data("ingest/two_pages.tif"), 1, defaults());
    const PageImage p2 = load_page(data("ingest/two_pages.tif"), 2, defaults());
    EXPECT_EQ(p2.page, 2);
    EXPECT_EQ(p2.page_count, 2);
    // The second page is the first mirrored: same pixels, other order.
    cv::Mat mirrored;
    cv::flip(p1.gray, mirrored, 1);
    EXPECT_EQ(cv::norm(mirrored, p2.gray, cv::NORM_INF), 0);
}

TEST(Ingest, DpiOverrideWins) {
    IngestOptions options;
    options.dpi = 200;
    EXPECT_EQ(load_page(data("ingest/crop.png"), 1, options).dpi, 200);
}

TEST(Ingest, BornDigitalPdfTextMatchesGroundTruth) {
    const auto path = data("ingest/born_digital.pdf");
    ASSERT_EQ(count_pages(path, defaults()), 1);
    const PageImage page = load_page(path, 1, defaults());
    EXPECT_EQ(page.dpi, 300);
    EXPECT_EQ(page.gray.cols, 1937);  // 464.88 pt at 300 dpi
    ASSERT_TRUE(page.text_layer.has_value());

    std::string found;
    for (const auto& w : *page.text_layer) {
        found += w.text;
        EXPECT_TRUE(w.box.x0 >= 0 && w.box.x1 <= page.gray.cols && w.box.y0 >= 0 && w.box.y1 <= page.gray.rows);
    }
    // Everything printed on the page: articles, captions, labels, header, folio.
    const auto gt = nlohmann::json::parse(test::read_file(data("ingest/born_digital.gt.json")));
    std::string truth;
    for (const auto& a : gt["articles"]) {
        for (const char* k : {"title", "subtitle", "byline"}) truth += a.value(k, "");
        for (const auto& p : a["paragraphs"]) truth += p.get<std::string>();
    }
    for (const char* group : {"captions", "labels", "header"})
        for (const auto& item : gt[group]) truth += item["text"].get<std::string>();
    truth += gt["folio"]["text"].get<std::string>();
    EXPECT_GE(test::char_f1(truth, found), 0.99);

    IngestOptions never;
    never.pdf_text = PdfTextMode::Never;
    EXPECT_FALSE(load_page(path, 1, never).text_layer.has_value());
}

TEST(Ingest, BadInputsNameTheFileAndTheProblem) {
    expect_input_error("does_not_exist.png", "not found");
    expect_input_error("empty.png", "empty");
    expect_input_error("truncated.png", "truncated");
    expect_input_error("truncated.jpg", "truncated");
    expect_input_error("truncated.tif", "truncated");
    expect_input_error("not_an_image.png", "not a supported image");
    expect_input_error("broken.pdf", "broken PDF");
    expect_input_error("encrypted.pdf", "encrypted");
    expect_input_error("zero_pages.pdf", "no pages");
    expect_input_error("bomb.png", "decompression bomb");
}

TEST(Ingest, PageOutsideTheFileIsAnError) {
    EXPECT_THROW((void)load_page(data("ingest/crop.png"), 2, defaults()), InputError);
    EXPECT_THROW((void)load_page(data("ingest/two_pages.tif"), 3, defaults()), InputError);
}

}  // namespace
}  // namespace newsocr
