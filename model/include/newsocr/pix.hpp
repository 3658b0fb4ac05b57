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

// Copies between Leptonica's packed rows and matrix rows, one pixel at a time through
// Leptonica's accessors (its words are big-endian within each 32-bit word).
template <typename PixelFromPix>
cv::Mat pix_rows_to_mat(PIX* pix, PixelFromPix pixel) {
    const int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    cv::Mat out(h, w, CV_8UC1);
    const l_uint32* data = pixGetData(pix);
    for (int y = 0; y < h; ++y) {
        const l_uint32* line = data + static_cast<size_t>(y) * wpl;
        auto* row = out.ptr<unsigned char>(y);
        for (int x = 0; x < w; ++x) row[x] = pixel(line, x);
    }
    return out;
}

template <typename SetPixel>
PixPtr mat_rows_to_pix(const cv::Mat& mat, int depth, SetPixel set) {
    CV_Assert(mat.type() == CV_8UC1);
    PixPtr pix(pixCreate(mat.cols, mat.rows, depth));
    l_uint32* data = pixGetData(pix.get());
    const int wpl = pixGetWpl(pix.get());
    for (int y = 0; y < mat.rows; ++y) {
        l_uint32* line = data + static_cast<size_t>(y) * wpl;
        const auto* row = mat.ptr<unsigned char>(y);
        for (int x = 0; x < mat.cols; ++x) set(line, x, row[x]);
    }
    return pix;
}

// 8-bit grayscale copy of any Leptonica image (colour converted by luminance).
inline cv::Mat pix_to_gray(PIX* pix) {
    PixPtr gray(pixConvertTo8(pix, 0));
    if (!gray) return {};
    return pix_rows_to_mat(gray.get(), [](const l_uint32* line, int x) { return static_cast<unsigned char>(GET_DATA_BYTE(line, x)); });
}

// 8-bit Leptonica image from a one-channel 8-bit matrix.
inline PixPtr gray_to_pix(const cv::Mat& gray) {
    return mat_rows_to_pix(gray, 8, [](l_uint32* line, int x, unsigned char v) { SET_DATA_BYTE(line, x, v); });
}

// 1-bit Leptonica image (1 = ink) from a binary matrix (non-zero = ink), and back (255 = ink).
inline PixPtr binary_to_pix1(const cv::Mat& binary) {
    return mat_rows_to_pix(binary, 1, [](l_uint32* line, int x, unsigned char v) {
        if (v) SET_DATA_BIT(line, x);
    });
}

inline cv::Mat pix1_to_binary(PIX* pix) {
    return pix_rows_to_mat(pix, [](const l_uint32* line, int x) { return static_cast<unsigned char>(GET_DATA_BIT(line, x) ? 255 : 0); });
}

}  // namespace newsocr
