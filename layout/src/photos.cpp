#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "newsocr/layout.hpp"

namespace newsocr {

std::vector<Box> find_photos(const cv::Mat& gray, int dpi) {
    // Photos are told from text by how little bare paper they show: text, even dense bold
    // type, leaves paper between strokes and lines; a photo or graphic covers its area with
    // tone or ink.
    const int cell = std::max(6, dpi / 20);
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
        photos.push_back({x * cell, y * cell, std::min(gray.cols, (x + w) * cell), std::min(gray.rows, (y + h) * cell)});
    }
    return photos;
}

}  // namespace newsocr
