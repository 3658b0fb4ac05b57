#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "newsocr/ingest.hpp"
#include "newsocr/preprocess.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

namespace fs = std::filesystem;
using test::data;

// Rendered scans with a known rotation, downscaled (the angle is kept).
class Deskew : public ::testing::TestWithParam<std::string> {};

TEST_P(Deskew, AngleWithinFifteenHundredthsOfADegree) {
    const auto truth = nlohmann::json::parse(test::read_file(data("preprocess/" + GetParam() + ".truth.json")));
    const PageImage page = load_page(data("preprocess/" + GetParam() + ".scan.jpg"), 1, {});
    const PreprocessedPage pre = preprocess(page.gray, 0, {});
    EXPECT_NEAR(pre.geometry.skew_degrees, truth["rotation_deg"].get<double>(), 0.15);
    // These scans are reduced to 1000 px wide: the page is worked on enlarged.
    EXPECT_GT(pre.geometry.scale, 1.5);
    EXPECT_NEAR(pre.binary.cols, page.gray.cols * pre.geometry.scale, 1);
    EXPECT_NEAR(pre.binary.rows, page.gray.rows * pre.geometry.scale, 1);
}

INSTANTIATE_TEST_SUITE_P(RenderedScans, Deskew, ::testing::Values("a_11_000", "b_11_001"));

TEST(Preprocess, UprightBoxesMapBackToTheInput) {
    // A page rotated by 2 degrees clockwise: a mark at a known input position is found again
    // after preprocessing, and its upright box maps back onto it.
    cv::Mat page(1400, 1000, CV_8UC1, cv::Scalar(235));
    for (int row = 0; row < 30; ++row)  // lines of "text" so the skew has something to lock onto
        for (int x = 100; x < 900; x += 40) cv::rectangle(page, cv::Rect(x, 150 + row * 40, 28, 28), cv::Scalar(20), cv::FILLED);
    cv::Mat rotated;
    cv::warpAffine(page, rotated, cv::getRotationMatrix2D({500, 700}, -2.0, 1.0), page.size(), cv::INTER_LINEAR,
                   cv::BORDER_CONSTANT, cv::Scalar(235));
    const PreprocessedPage pre = preprocess(rotated, 300, {});
    EXPECT_NEAR(pre.geometry.skew_degrees, 2.0, 0.15);

    // The first glyph of the first row, found on the upright binary page...
    cv::Mat first_row = pre.binary(cv::Rect(0, 0, pre.binary.cols, 200));
    const cv::Rect upright = cv::boundingRect(first_row(cv::Rect(0, 0, 160, 200)));
    ASSERT_GT(upright.area(), 0);
    // ... maps into the rotated input where the rotated glyph is inked.
    const Box in = pre.geometry.map_to_input({upright.x, upright.y, upright.x + upright.width, upright.y + upright.height});
    const cv::Mat patch = rotated(cv::Rect(in.x0, in.y0, in.width(), in.height()));
    EXPECT_LT(cv::mean(patch)[0], 150.0);
}

TEST(Preprocess, RemovesScanBordersAndSpeckles) {
    cv::Mat page(1000, 800, CV_8UC1, cv::Scalar(230));
    cv::rectangle(page, cv::Rect(0, 0, 40, 1000), cv::Scalar(10), cv::FILLED);  // dark scanner edge
    cv::circle(page, {400, 100}, 1, cv::Scalar(0), cv::FILLED);                  // speck
    cv::rectangle(page, cv::Rect(300, 500, 40, 40), cv::Scalar(10), cv::FILLED); // a glyph-sized mark
    PreprocessOptions options;
    options.deskew = false;
    const PreprocessedPage pre = preprocess(page, 300, options);
    EXPECT_EQ(cv::countNonZero(pre.binary(cv::Rect(0, 0, 60, 1000))), 0);
    EXPECT_EQ(cv::countNonZero(pre.binary(cv::Rect(390, 90, 20, 20))), 0);
    EXPECT_GT(cv::countNonZero(pre.binary(cv::Rect(300, 500, 40, 40))), 1200);
}

TEST(Preprocess, EstimatesResolutionFromGlyphSize) {
    // The ground truth's body type is 29.3 px at 300 dpi; downscaled to 1000 px wide, ~121 dpi.
    const PageImage page = load_page(data("preprocess/a_11_000.scan.jpg"), 1, {});
    const PreprocessedPage pre = preprocess(page.gray, 0, {});
    const double input_dpi = pre.dpi / pre.geometry.scale;
    EXPECT_GT(input_dpi, 90);
    EXPECT_LT(input_dpi, 160);
}

// The rendered samples at their own size and scanned at half and twice the resolution: the
// body glyph measured is the body type the page was set in (its em, in the scan's pixels),
// whatever the size of the image.
class BodyGlyph : public ::testing::TestWithParam<std::tuple<std::string, double>> {};

TEST_P(BodyGlyph, MeasuredAsTheBodyTypeSize) {
    const auto& [stem, factor] = GetParam();
    const auto truth = nlohmann::json::parse(test::read_file(fs::path(NEWSOCR_SAMPLES) / "expected" / (stem + ".gt.json")));
    const PageImage page = load_page(fs::path(NEWSOCR_SAMPLES) / (stem + ".png"), 1, {});
    // The sample is the render reduced to its width; body_px is in the render's pixels.
    const double em = truth["style"]["body_px"].get<double>() * page.gray.cols / truth["image"]["width"].get<double>() * factor;
    cv::Mat gray;
    cv::resize(page.gray, gray, {}, factor, factor, factor < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    const PreprocessedPage pre = preprocess(gray, 0, {});
    // A glyph's ink fills 0.85 to 1 of its em; the page is measured in working pixels.
    const double glyph = pre.body_glyph / pre.geometry.scale;
    EXPECT_GE(glyph, 0.8 * em);
    EXPECT_LE(glyph, 1.1 * em);
    // Type too small to read well is enlarged to the working size, large type is left alone.
    if (glyph < 16) EXPECT_NEAR(pre.body_glyph, 32, 1);
    else EXPECT_EQ(pre.geometry.scale, 1.0);
}

INSTANTIATE_TEST_SUITE_P(RenderedScans, BodyGlyph,
                         ::testing::Combine(::testing::Values("mixed-page", "vertical-page"), ::testing::Values(0.5, 1.0, 2.0)));

}  // namespace
}  // namespace newsocr
