// One rendered page scanned at 100, 200, 300 and 600 dpi: the same articles with the same
// titles at every resolution, and every output's boxes in the pixels of the image given.
// The page is read at a working scale chosen from its type, so the 100-dpi copy (body glyphs
// of 10 px) is enlarged and the 600-dpi one reduced; the outputs must not show it.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>
#include <pugixml.hpp>

#include "newsocr/model.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kSampleDpi = 200;  // samples/vertical-page.png

struct Scan {
    int dpi;
    const char* extension;  // the TIFF says its resolution; the PNG does not
};

constexpr Scan kScans[] = {{100, ".png"}, {200, ".png"}, {300, ".tif"}, {600, ".png"}};

std::string stem(const Scan& s) { return "vertical" + std::to_string(s.dpi); }

// The four scans, run through newsocr once for the whole program, removed at its end.
class ScansAtFourResolutions : public ::testing::Environment {
public:
    void SetUp() override {
        out = fs::temp_directory_path() / ("newsocr-resolution-" + std::to_string(::getpid()));
        fs::remove_all(out);
        fs::create_directories(out / "in");
        const cv::Mat page = cv::imread((fs::path(NEWSOCR_SAMPLES) / "vertical-page.png").string(), cv::IMREAD_GRAYSCALE);
        ASSERT_FALSE(page.empty());
        for (const Scan& s : kScans) {
            const double f = static_cast<double>(s.dpi) / kSampleDpi;
            cv::Mat scan = page;
            if (s.dpi != kSampleDpi) cv::resize(page, scan, {}, f, f, f < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
            const std::vector<int> tiff_dpi = {cv::IMWRITE_TIFF_RESUNIT, 2, cv::IMWRITE_TIFF_XDPI, s.dpi, cv::IMWRITE_TIFF_YDPI, s.dpi};
            ASSERT_TRUE(cv::imwrite((out / "in" / (stem(s) + s.extension)).string(), scan,
                                    std::string(s.extension) == ".tif" ? tiff_dpi : std::vector<int>{}));
        }
        const auto r = test::run_newsocr((out / "in").string() + " -o " + (out / "out").string() +
                                         " -q --jobs 2 --formats json,alto,page,hocr,pdf");
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    void TearDown() override { fs::remove_all(out); }

    static inline fs::path out;
};

fs::path file(const Scan& s, const std::string& extension) { return ScansAtFourResolutions::out / "out" / (stem(s) + extension); }
json page(const Scan& s) { return json::parse(test::read_file(file(s, ".json"))); }

TEST(Resolution, SameArticlesWithTheSameTitles) {
    const json truth = json::parse(test::read_file(fs::path(NEWSOCR_SAMPLES) / "expected" / "vertical-page.gt.json"));
    for (const Scan& scan : kScans) {
        SCOPED_TRACE(std::to_string(scan.dpi) + " dpi");
        const json found = page(scan);
        ASSERT_EQ(found["articles"].size(), truth["articles"].size());
        for (size_t i = 0; i < truth["articles"].size(); ++i) {
            const std::string title = truth["articles"][i]["title"], read = found["articles"][i]["title"];
            // A character or two misread at 100 dpi, never another line taken for the title.
            EXPECT_LE(test::cer(title, read), 0.15) << title << " read as " << read;
        }
    }
}

std::vector<Box> headlines(const json& page) {
    std::vector<Box> out;
    for (const auto& b : page["blocks"])
        if (b["role"] == "headline") out.push_back({b["bbox"][0], b["bbox"][1], b["bbox"][2], b["bbox"][3]});
    return out;
}

// The headlines are found where they are at 200 dpi, in the pixels of each image: boxes are
// mapped back through the working scale. ALTO, PAGE, hOCR and the PDF describe the image given.
TEST(Resolution, BoxesInTheInputsPixels) {
    const json reference = page(kScans[1]);
    for (const Scan& scan : kScans) {
        SCOPED_TRACE(std::to_string(scan.dpi) + " dpi");
        const json p = page(scan);
        const int width = p["width"], height = p["height"];
        const double f = static_cast<double>(scan.dpi) / kSampleDpi;
        EXPECT_NEAR(width, 1653 * f, 1);
        for (const auto& b : p["blocks"]) {
            EXPECT_GE(b["bbox"][0].get<int>(), 0);
            EXPECT_GE(b["bbox"][1].get<int>(), 0);
            EXPECT_LE(b["bbox"][2].get<int>(), width);
            EXPECT_LE(b["bbox"][3].get<int>(), height);
        }
        const auto found = headlines(p), expected = headlines(reference);
        ASSERT_EQ(found.size(), expected.size());
        for (const Box& e : expected) {
            const Box scaled{int(e.x0 * f), int(e.y0 * f), int(e.x1 * f), int(e.y1 * f)};
            double best = 0;
            for (const Box& b : found) best = std::max(best, iou(b, scaled));
            EXPECT_GE(best, 0.8) << "headline at " << e.x0 << "," << e.y0 << " (200 dpi)";
        }

        pugi::xml_document alto, page_xml, hocr;
        ASSERT_TRUE(alto.load_file(file(scan, ".alto.xml").c_str()));
        ASSERT_TRUE(page_xml.load_file(file(scan, ".page.xml").c_str()));
        ASSERT_TRUE(hocr.load_file(file(scan, ".hocr").c_str()));
        const auto alto_page = alto.select_node("//*[local-name()='Page']").node();
        EXPECT_EQ(alto_page.attribute("WIDTH").as_int(), width);
        EXPECT_EQ(alto_page.attribute("HEIGHT").as_int(), height);
        const auto page_page = page_xml.select_node("//*[local-name()='Page']").node();
        EXPECT_EQ(page_page.attribute("imageWidth").as_int(), width);
        EXPECT_EQ(page_page.attribute("imageHeight").as_int(), height);
        const std::string hocr_page = hocr.select_node("//*[@class='ocr_page']").node().attribute("title").value();
        EXPECT_NE(hocr_page.find("bbox 0 0 " + std::to_string(width) + " " + std::to_string(height)), std::string::npos) << hocr_page;
        // The first ALTO text block is one of the JSON's blocks, at the same place.
        const auto alto_block = alto.select_node("//*[local-name()='TextBlock']").node();
        bool block_in_json = false;
        for (const auto& b : p["blocks"])
            block_in_json = block_in_json ||
                            (b["bbox"][0] == alto_block.attribute("HPOS").as_int() && b["bbox"][1] == alto_block.attribute("VPOS").as_int());
        EXPECT_TRUE(block_in_json) << "ALTO block at " << alto_block.attribute("HPOS").value() << "," << alto_block.attribute("VPOS").value();

        // The searchable PDF's page is the image at its resolution.
        std::unique_ptr<poppler::document> pdf(poppler::document::load_from_file(file(scan, ".pdf").string()));
        ASSERT_TRUE(pdf);
        std::unique_ptr<poppler::page> pdf_page(pdf->create_page(0));
        const double points_to_pixels = p["dpi"].get<double>() / 72.0;
        EXPECT_NEAR(pdf_page->page_rect().width() * points_to_pixels, width, 2);
        EXPECT_NEAR(pdf_page->page_rect().height() * points_to_pixels, height, 2);
    }
}

// A born-digital page rendered at 100 dpi (body glyphs of 8 px) is brought to the working
// scale like a scan, its text layer with it: the same articles with the same titles as at
// 300 dpi, and its boxes in the pixels of the 100-dpi rendering.
TEST(Resolution, BornDigitalPageRenderedSmall) {
    const fs::path pdf = test::data("resolution/born-digital-a.pdf");
    const json truth = json::parse(test::read_file(test::data("resolution/born-digital-a.gt.json")));
    const fs::path out = fs::temp_directory_path() / ("newsocr-resolution-pdf-" + std::to_string(::getpid()));
    std::map<int, json> pages;
    for (const int dpi : {100, 300}) {
        fs::remove_all(out);
        const auto r = test::run_newsocr(pdf.string() + " -q --dpi " + std::to_string(dpi) + " -o " + out.string());
        ASSERT_EQ(r.exit_code, 0) << r.output;
        pages[dpi] = json::parse(test::read_file(out / "born-digital-a.json"));
    }
    fs::remove_all(out);
    for (const auto& [dpi, p] : pages) {
        SCOPED_TRACE(std::to_string(dpi) + " dpi");
        ASSERT_EQ(p["articles"].size(), truth["articles"].size());
        for (size_t i = 0; i < truth["articles"].size(); ++i)
            EXPECT_EQ(p["articles"][i]["title"], truth["articles"][i]["title"]);
    }
    EXPECT_GT(pages[100]["working_scale"].get<double>(), 2.0);  // the small rendering was enlarged
    EXPECT_NEAR(pages[100]["width"].get<double>() * 3, pages[300]["width"].get<double>(), 3);
    const auto small = headlines(pages[100]), large = headlines(pages[300]);
    ASSERT_EQ(small.size(), large.size());
    for (const Box& l : large) {
        const Box scaled{l.x0 / 3, l.y0 / 3, l.x1 / 3, l.y1 / 3};
        double best = 0;
        for (const Box& s : small) best = std::max(best, iou(s, scaled));
        EXPECT_GE(best, 0.8) << "headline at " << l.x0 << "," << l.y0 << " (300 dpi)";
    }
}

const auto* const kScansEnvironment = ::testing::AddGlobalTestEnvironment(new ScansAtFourResolutions);

}  // namespace
}  // namespace newsocr
