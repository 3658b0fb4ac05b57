// RAII ownership of Leptonica images, and conversion to and from OpenCV matrices.
#pragma once

#include <leptonica/allheaders.h>

#include <memory>

#include <opencv2/core.hpp>

namespace newsocr {

struct PixDeleter {
    void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

// 8-bit grayscale copy of any Leptonica image (colour converted by luminance).
inline cv::Mat pix_to_gray(PIX* pix) {
    PixPtr gray(pixConvertTo8(pix, 0));
    if (!gray) return {};
    const int w = pixGetWidth(gray.get()), h = pixGetHeight(gray.get());
    cv::Mat out(h, w, CV_8UC1);
    const l_uint32* data = pixGetData(gray.get());
    const int wpl = pixGetWpl(gray.get());
    for (int y = 0; y < h; ++y) {
        const l_uint32* line = data + static_cast<size_t>(y) * wpl;
        auto* row = out.ptr<unsigned char>(y);
        for (int x = 0; x < w; ++x) row[x] = static_cast<unsigned char>(GET_DATA_BYTE(line, x));
    }
    return out;
}

// 8-bit Leptonica image from a one-channel 8-bit matrix.
inline PixPtr gray_to_pix(const cv::Mat& gray) {
    CV_Assert(gray.type() == CV_8UC1);
    PixPtr pix(pixCreate(gray.cols, gray.rows, 8));
    l_uint32* data = pixGetData(pix.get());
    const int wpl = pixGetWpl(pix.get());
    for (int y = 0; y < gray.rows; ++y) {
        l_uint32* line = data + static_cast<size_t>(y) * wpl;
        const auto* row = gray.ptr<unsigned char>(y);
        for (int x = 0; x < gray.cols; ++x) SET_DATA_BYTE(line, x, row[x]);
    }
    return pix;
}

}  // namespace newsocr
