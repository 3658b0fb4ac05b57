#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "newsocr/layout.hpp"

namespace newsocr {

namespace {

struct Segment {
    int x0, x1, y0, y1;  // in the orientation being searched: rules run along x
    double cy() const { return (y0 + y1) / 2.0; }
};

// Horizontal rules of `binary`: thin straight runs found by a long opening, then chained
// along their line so that broken rules and slightly skewed ones (which step from row to
// row) come out whole.
std::vector<Box> horizontal_rules(const cv::Mat& binary, int dpi, const LayoutOptions& options) {
    const int min_length = std::max(40, static_cast<int>(dpi * options.min_rule_length_inches));
    const int max_thickness = std::max(4, dpi / 25);
    const int max_gap = std::max(10, dpi / 10);

    cv::Mat runs;
    cv::morphologyEx(binary, runs, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {std::max(15, min_length / 3), 1}));
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(runs, labels, stats, centroids, 8, CV_32S);
    std::vector<Segment> segments;
    for (int i = 1; i < n; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        // A skewed rule steps one row every few hundred pixels: its pieces stay thin.
        if (h <= max_thickness + 0.06 * w && static_cast<double>(stats.at<int>(i, cv::CC_STAT_AREA)) / w <= max_thickness)
            segments.push_back({x, x + w, y, y + h});
    }
    std::sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) { return a.x0 < b.x0; });

    struct Chain {
        std::vector<Segment> parts;
        int covered = 0;
    };
    std::vector<Chain> chains;
    for (const auto& s : segments) {
        Chain* best = nullptr;
        for (auto& c : chains) {
            const Segment& last = c.parts.back();
            if (s.x0 - last.x1 <= max_gap && s.x0 >= last.x0 && std::abs(s.cy() - last.cy()) <= max_thickness) {
                best = &c;
                break;
            }
        }
        if (!best) {
            chains.push_back({});
            best = &chains.back();
        }
        best->parts.push_back(s);
        best->covered += s.x1 - s.x0;
    }

    // A rule stands in white space: the bands just above and below it are mostly paper.
    // Strokes of bold headline glyphs and edges inside photos have ink all around.
    auto isolated = [&](const Box& b) {
        const int band = std::max(3, max_thickness);
        long long ink = 0, area = 0;
        for (const cv::Rect r : {cv::Rect(b.x0, b.y0 - 2 * band, b.width(), band), cv::Rect(b.x0, b.y1 + band, b.width(), band)}) {
            const cv::Rect clipped = r & cv::Rect(0, 0, binary.cols, binary.rows);
            ink += cv::countNonZero(binary(clipped));
            area += clipped.area();
        }
        return area == 0 || ink < 0.25 * area;
    };
    std::vector<Box> rules;
    for (const auto& c : chains) {
        Box b{c.parts.front().x0, c.parts.front().y0, c.parts.front().x1, c.parts.front().y1};
        for (const auto& p : c.parts) b = unite(b, Box{p.x0, p.y0, p.x1, p.y1});
        // Mostly ink along its length: a rule, not strokes of glyphs that happen to line up.
        // A long unbroken run is a rule even with text set tight against it (old papers' column
        // rules): no glyph stroke is that long.
        const bool long_rule = b.width() >= 2 * dpi && c.covered >= 0.85 * b.width();
        if (b.width() >= min_length && c.covered >= 0.6 * b.width() && (long_rule || isolated(b))) rules.push_back(b);
    }
    return rules;
}

}  // namespace

std::vector<Separator> find_separators(const cv::Mat& binary, int dpi, const LayoutOptions& options) {
    std::vector<Separator> out;
    for (const Box& b : horizontal_rules(binary, dpi, options)) out.push_back({b, false});
    cv::Mat transposed;
    cv::transpose(binary, transposed);
    for (const Box& b : horizontal_rules(transposed, dpi, options)) out.push_back({{b.y0, b.x0, b.y1, b.x1}, true});
    return out;
}

}  // namespace newsocr
