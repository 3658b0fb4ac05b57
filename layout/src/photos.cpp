#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "newsocr/layout.hpp"

namespace newsocr {

namespace {

// Share of the ink in `area` held by components of a glyph's size (a fifth of a glyph to one
// and a half). Text is made of them, even where dense small type on a blurred scan darkens
// a whole area; a photo's ink lies in blobs far larger than a glyph or in specks far smaller.
double glyph_ink_share(const cv::Mat& area, double glyph) {
    cv::Mat ink, labels, stats, centroids;
    cv::threshold(area, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    const int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
    double all = 0, in_glyphs = 0;
    for (int i = 1; i < n; ++i) {
        const int pixels = stats.at<int>(i, cv::CC_STAT_AREA);
        const int size = std::max(stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        all += pixels;
        if (size >= 0.2 * glyph && size <= 1.5 * glyph) in_glyphs += pixels;
    }
    return all > 0 ? in_glyphs / all : 0.0;
}

}  // namespace

std::vector<Box> find_photos(const cv::Mat& gray, int dpi) {
    // Photos are told from text by how little bare paper they show: text, even dense bold
    // type, leaves paper between strokes and lines; a photo or graphic covers its area with
    // tone or ink.
    const int cell = std::max(6, dpi / 20);
    const double glyph = dpi / 10.0;  // a body glyph: 7.5-pt type
    const cv::Size cells(std::max(1, gray.cols / cell), std::max(1, gray.rows / cell));
    cv::Mat paper, paper_share;
    cv::threshold(gray, paper, 215, 255, cv::THRESH_BINARY);
    cv::resize(paper, paper_share, cells, 0, 0, cv::INTER_AREA);
    cv::Mat photo_cells = paper_share < 0.2 * 255;
    cv::morphologyEx(photo_cells, photo_cells, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {5, 5}));
    cv::morphologyEx(photo_cells, photo_cells, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));

    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(photo_cells, labels, stats, centroids, 8, CV_32S);
    const int min_side = std::max(3, static_cast<int>(0.75 * dpi / cell));  // three quarters of an inch
    std::vector<Box> photos;
    for (int i = 1; i < n; ++i) {
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        // Solid enough to be one picture, not a scatter of bold glyphs.
        if (w < min_side || h < min_side || stats.at<int>(i, cv::CC_STAT_AREA) < 0.6 * w * h) continue;
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const Box area{x * cell, y * cell, std::min(gray.cols, (x + w) * cell), std::min(gray.rows, (y + h) * cell)};
        // Photos have no glyphs: on the dev pages a photo's share is at most 0.12, dark
        // text taken for one 0.3 or more (dense microfilm type whose glyphs touch).
        if (glyph_ink_share(gray(cv::Rect(area.x0, area.y0, area.width(), area.height())), glyph) >= 0.2) continue;
        photos.push_back(area);
    }
    return photos;
}

}  // namespace newsocr
