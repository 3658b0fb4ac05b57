#include <string>

#include <opencv2/imgproc.hpp>

#include "newsocr/output.hpp"

namespace newsocr {

namespace {
cv::Scalar role_colour(Role r) {  // BGR
    switch (r) {
        case Role::Headline: return {0, 0, 220};
        case Role::Subtitle:
        case Role::Kicker: return {0, 140, 255};
        case Role::Byline: return {180, 0, 180};
        case Role::Body: return {200, 120, 0};
        case Role::Caption: return {0, 170, 0};
        case Role::Photo: return {0, 200, 200};
        case Role::Separator: return {255, 0, 255};
        case Role::Header:
        case Role::Folio: return {120, 120, 120};
        case Role::Advert: return {60, 60, 160};
        case Role::Marker: return {0, 90, 160};
    }
    return {0, 0, 0};
}
}  // namespace

cv::Mat render_layout(const cv::Mat& gray, const Page& page) {
    cv::Mat canvas;
    cv::cvtColor(gray, canvas, cv::COLOR_GRAY2BGR);
    const int stroke = std::max(2, gray.cols / 600);
    for (const auto& b : page.blocks) {
        const cv::Rect r(b.box.x0, b.box.y0, b.box.width(), b.box.height());
        const cv::Scalar colour = role_colour(b.role);
        if (b.role == Role::Separator) {
            cv::rectangle(canvas, r, colour, cv::FILLED);
            continue;
        }
        cv::rectangle(canvas, r, colour, stroke);
        if (b.role == Role::Photo) continue;
        // Direction: an arrow along the first line, from the top-left (horizontal) or
        // top-right (vertical) corner.
        const int len = std::max(20, static_cast<int>(b.font_size * 2));
        const cv::Point start = b.direction == Direction::Vertical ? cv::Point(b.box.x1 - stroke * 3, b.box.y0 + stroke * 3)
                                                                   : cv::Point(b.box.x0 + stroke * 3, b.box.y0 + stroke * 3);
        const cv::Point end = b.direction == Direction::Vertical ? start + cv::Point(0, len) : start + cv::Point(len, 0);
        cv::arrowedLine(canvas, start, end, colour, stroke, cv::LINE_AA, 0, 0.3);
        cv::putText(canvas, std::string(to_string(b.role)).substr(0, 4), {b.box.x0 + stroke, b.box.y1 - stroke * 2},
                    cv::FONT_HERSHEY_SIMPLEX, std::max(0.5, gray.cols / 2500.0), colour, std::max(1, stroke / 2), cv::LINE_AA);
    }
    return canvas;
}

}  // namespace newsocr
