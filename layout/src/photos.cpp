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

std::vector<Box> find_photos(const cv::Mat& gray, int dpi, const std::vector<Separator>& rules) {
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
    // Rules part an area into pieces: type set past a rule, blurred on a small page enlarged,
    // shows as little bare paper as the photo beside it and is taken in with it; a line
    // inside a photo parts it too. Each piece is judged on its own.
    cv::Mat cut_cells = photo_cells.clone();
    for (const Separator& r : rules) {
        const cv::Rect line(r.box.x0 / cell, r.box.y0 / cell, std::max(1, r.box.width() / cell), std::max(1, r.box.height() / cell));
        cut_cells(line & cv::Rect(0, 0, cut_cells.cols, cut_cells.rows)).setTo(0);
    }
    auto pixels_of = [&](const cv::Mat& stats, int i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        return Box{x * cell, y * cell, std::min(gray.cols, (x + w) * cell), std::min(gray.rows, (y + h) * cell)};
    };
    // Photos have no glyphs: on the dev pages a photo's share is at most 0.12, dark text
    // taken for one 0.3 or more (dense microfilm type whose glyphs touch).
    auto is_photo = [&](const Box& b) { return glyph_ink_share(gray(cv::Rect(b.x0, b.y0, b.width(), b.height())), glyph) < 0.2; };

    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(photo_cells, labels, stats, centroids, 8, CV_32S);
    const int min_side = std::max(3, static_cast<int>(0.75 * dpi / cell));  // three quarters of an inch
    std::vector<Box> photos;
    for (int i = 1; i < n; ++i) {
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        // Solid enough to be one picture, not a scatter of bold glyphs.
        if (w < min_side || h < min_side || stats.at<int>(i, cv::CC_STAT_AREA) < 0.6 * w * h) continue;
        cv::Mat piece_labels, piece_stats, piece_centroids;
        const int pieces = cv::connectedComponentsWithStats(cut_cells & (labels == i), piece_labels, piece_stats, piece_centroids, 8, CV_32S);
        Box photo{};
        for (int p = 1; p < pieces; ++p) {
            // A sliver between a rule and the area's edge is too small to judge.
            if (piece_stats.at<int>(p, cv::CC_STAT_WIDTH) < min_side || piece_stats.at<int>(p, cv::CC_STAT_HEIGHT) < min_side) continue;
            const Box piece = pixels_of(piece_stats, p);
            if (is_photo(piece)) photo = unite(photo, piece);
        }
        if (!photo.empty()) photos.push_back(photo);
    }
    return photos;
}

}  // namespace newsocr
