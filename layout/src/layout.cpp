#include "newsocr/layout.hpp"

#include <opencv2/imgproc.hpp>

namespace newsocr {

// First cut: the inked area of the page as one horizontal body block.
std::vector<Block> analyse_layout(const PreprocessedPage& page, const LayoutOptions&) {
    const cv::Rect r = cv::boundingRect(page.binary);
    if (r.area() == 0) return {};
    Block b;
    b.id = "b1";
    b.role = Role::Body;
    b.direction = Direction::Horizontal;
    b.box = {r.x, r.y, r.x + r.width, r.y + r.height};
    return {b};
}

}  // namespace newsocr
