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
    // Working scale: a page whose body glyphs are smaller than `min_glyph_pixels` (a 100-dpi
    // copy) or larger than `max_glyph_pixels` (a 600-dpi scan) is resampled so that they are
    // `target_glyph_pixels`, and every later stage sees type of the size it reads well.
    bool normalise_scale = true;
    double min_glyph_pixels = 16;
    double max_glyph_pixels = 48;
    double target_glyph_pixels = 32;
};

// Maps boxes between the upright (deskewed) page and the input image as given.
struct PageGeometry {
    double skew_degrees = 0;  // clockwise skew found in the input
    double scale = 1;         // working pixels per input pixel
    cv::Size input_size;      // input image size
    cv::Mat to_input;         // 2x3 affine: upright working pixels -> input pixels
    cv::Mat to_working;       // its inverse: input pixels -> upright working pixels

    Box map_to_input(const Box& upright) const;  // bounding box of the mapped corners, clipped
    Box map_to_working(const Box& input) const;  // the inverse: input pixels -> upright working pixels
};

struct PreprocessedPage {
    cv::Mat gray;    // upright, at the working scale, background-normalised (text dark on light)
    cv::Mat binary;  // the same pixels, 255 = ink, 0 = background; borders and speckles removed
    int dpi = 300;   // of the working image
    double body_glyph = 0;  // size of a body-text glyph in working pixels, 0 when too little text to say
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
