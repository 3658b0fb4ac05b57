#include "layout_parts.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace newsocr::layout_parts {

double quantile(std::vector<double> v, double share) {
    if (v.empty()) return 0;
    const auto at = v.begin() + static_cast<std::ptrdiff_t>(static_cast<double>(v.size()) * share);
    std::nth_element(v.begin(), at, v.end());
    return *at;
}

double median(std::vector<double> v) { return quantile(std::move(v), 0.5); }

double whole_glyph_size(const std::vector<double>& component_sizes) { return quantile(component_sizes, 0.75); }

std::vector<Box> glyph_boxes(const cv::Mat& text_mask, cv::Mat& labels) {
    cv::Mat stats, centroids;
    const int n = cv::connectedComponentsWithStats(text_mask, labels, stats, centroids, 8, CV_32S);
    std::vector<Box> boxes;
    boxes.reserve(n);
    for (int i = 1; i < n; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        boxes.push_back({x, y, x + stats.at<int>(i, cv::CC_STAT_WIDTH), y + stats.at<int>(i, cv::CC_STAT_HEIGHT)});
    }
    return boxes;
}

std::optional<std::vector<Separator>> frame_sides(const cv::Mat& labels, int label, const Box& b, int band) {
    // Thin all along: a rule (wavy or broken ones pass the straight-rule search).
    if (std::min(b.width(), b.height()) <= band / 2) return std::vector<Separator>{{b, b.height() > b.width()}};
    const cv::Mat mine = labels(cv::Rect(b.x0, b.y0, b.width(), b.height())) == label;
    const int w = b.width(), h = b.height();
    const cv::Rect inside(band, band, w - 2 * band, h - 2 * band);
    if (inside.area() > 0 && cv::countNonZero(mine(inside)) > 0.1 * inside.area()) return std::nullopt;
    auto covered = [&](const cv::Rect& r, int dim) {
        cv::Mat any;
        cv::reduce(mine(r), any, dim, cv::REDUCE_MAX);
        return cv::countNonZero(any) / static_cast<double>(any.total());
    };
    // Each side is searched inward from the box's edge, up to its middle: a blot or a glyph
    // touching the frame from outside may stretch the box beyond the frame.
    const int step = std::max(1, band / 4);
    std::vector<Separator> sides;
    const auto find_side = [&](bool vertical, bool far_end) {
        const int across = vertical ? w : h, along = vertical ? h : w;
        if (band > across) return;
        for (int d = 0; d <= std::max(0, across / 2 - band); d += step) {
            const int from = far_end ? across - band - d : d;
            const cv::Rect strip = vertical ? cv::Rect(from, 0, band, along) : cv::Rect(0, from, along, band);
            if (covered(strip, vertical ? 1 : 0) < 0.6) continue;
            sides.push_back({{b.x0 + strip.x, b.y0 + strip.y, b.x0 + strip.x + strip.width, b.y0 + strip.y + strip.height}, vertical});
            return;
        }
    };
    find_side(false, false);
    find_side(false, true);
    find_side(true, false);
    find_side(true, true);
    if (sides.empty()) return std::nullopt;
    return sides;
}

bool unbroken_along(const cv::Mat& labels, int label, const Box& b) {
    const cv::Mat mine = labels(cv::Rect(b.x0, b.y0, b.width(), b.height())) == label;
    const bool vertical = b.height() > b.width();
    cv::Mat inked;
    cv::reduce(mine / 255, inked, vertical ? 0 : 1, cv::REDUCE_SUM, CV_32S);
    double longest = 0;
    cv::minMaxLoc(inked, nullptr, &longest);
    return longest >= 0.9 * (vertical ? b.height() : b.width());
}

// The fenced areas are found on a grid of `kFenceCell` pixels: they need no finer detail,
// and a full-page label image would cost 5 bytes per pixel.
constexpr int kFenceCell = 4;

std::vector<std::vector<int>> fenced_areas(const std::vector<int>& ids, const std::vector<Box>& glyphs,
                                           const std::vector<Separator>& separators, cv::Size size, int reach) {
    const cv::Size cells((size.width + kFenceCell - 1) / kFenceCell, (size.height + kFenceCell - 1) / kFenceCell);
    cv::Mat open(cells, CV_8U, cv::Scalar(255));
    for (const auto& s : separators) {
        const Box& b = s.box;
        const Box fence = s.vertical ? Box{b.x0, b.y0 - reach, b.x1, b.y1 + reach} : Box{b.x0 - reach, b.y0, b.x1 + reach, b.y1};
        const cv::Point from(fence.x0 / kFenceCell, fence.y0 / kFenceCell);
        cv::rectangle(open, from, cv::Point(std::max(from.x, (fence.x1 - 1) / kFenceCell), std::max(from.y, (fence.y1 - 1) / kFenceCell)),
                      cv::Scalar(0), cv::FILLED);
    }
    cv::Mat areas;
    const int n = cv::connectedComponents(open, areas, 4, CV_32S);
    std::vector<std::vector<int>> members(n + 1);
    for (int i : ids) {
        const Box& g = glyphs[i];
        // A glyph whose centre is on a rule (touching it) goes with a corner that is not.
        int area = n;
        for (const cv::Point p : {cv::Point(g.cx(), g.cy()), cv::Point(g.x0, g.y0), cv::Point(g.x1 - 1, g.y1 - 1),
                                  cv::Point(g.x1 - 1, g.y0), cv::Point(g.x0, g.y1 - 1)}) {
            const int a = areas.at<int>(std::clamp(p.y / kFenceCell, 0, cells.height - 1), std::clamp(p.x / kFenceCell, 0, cells.width - 1));
            if (a > 0) {
                area = a;
                break;
            }
        }
        members[area].push_back(i);
    }
    std::erase_if(members, [](const auto& m) { return m.empty(); });
    return members;
}

}  // namespace newsocr::layout_parts
