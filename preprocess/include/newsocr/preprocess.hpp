// Preprocessing: a page image in, a clean upright binary page out, with the geometry
// needed to map boxes found on it back to the input's pixels.
#pragma once

#include <opencv2/core.hpp>

#include "newsocr/model.hpp"

namespace newsocr {

struct PreprocessOptions {
    bool deskew = true;
    double max_skew_degrees = 5.0;
    int sauvola_window = 0;   // 0: chosen from the resolution
    double sauvola_k = 0.34;
    bool remove_borders = true;
    int min_speckle_area = 0;  // 0: chosen from the resolution
};

// Maps boxes between the upright (deskewed) page and the input image as given.
struct PageGeometry {
    double skew_degrees = 0;  // clockwise skew found in the input
    cv::Size input_size;      // input image size
    cv::Mat to_input;         // 2x3 affine: upright pixels -> input pixels

    Box map_to_input(const Box& upright) const;  // bounding box of the mapped corners, clipped
};

struct PreprocessedPage {
    cv::Mat gray;    // upright, background-normalised grayscale (text dark on light)
    cv::Mat binary;  // upright, 255 = ink, 0 = background; borders and speckles removed
    int dpi = 300;
    double body_glyph = 0;  // size of a body-text glyph in pixels of `binary`, 0 when too little text to say
    PageGeometry geometry;
};

// Estimated skew of a grayscale page in degrees (clockwise positive), within +-max_degrees.
double estimate_skew(const cv::Mat& gray, double max_degrees);

// Size in pixels of a body-text glyph (its larger side) on a binary page (255 = ink), 0 when
// the page holds too little text to say.
double estimate_glyph_size(const cv::Mat& binary);

// Estimated resolution from the typical height of text glyphs, assuming ~10pt body type.
int estimate_dpi(const cv::Mat& binary);

PreprocessedPage preprocess(const cv::Mat& gray, int dpi, const PreprocessOptions& options);

}  // namespace newsocr
