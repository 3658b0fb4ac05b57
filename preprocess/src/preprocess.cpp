#include "newsocr/preprocess.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "newsocr/pix.hpp"

namespace newsocr {

namespace {

// Grey level below which `share` of the pixels of an 8-bit image lie.
double percentile(const cv::Mat& image, double share) {
    cv::Mat flat = image.reshape(1, 1).clone();
    const int at = std::clamp(static_cast<int>(flat.cols * share), 0, flat.cols - 1);
    std::nth_element(flat.begin<unsigned char>(), flat.begin<unsigned char>() + at, flat.end<unsigned char>());
    return flat.at<unsigned char>(0, at);
}

// Divides out uneven paper and illumination (the background is what a closing wider than
// any glyph leaves, smoothed), then stretches faded ink to black.
cv::Mat normalise_background(const cv::Mat& gray, int dpi) {
    const int k = std::max(15, dpi / 10) | 1;
    const double f = 0.25;
    cv::Mat small, bg;
    cv::resize(gray, small, {}, f, f, cv::INTER_AREA);
    const int ks = std::max(3, static_cast<int>(k * f)) | 1;
    cv::morphologyEx(small, bg, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {ks, ks}));
    cv::GaussianBlur(bg, bg, {ks, ks}, 0);
    // Inside a photo the closing finds the photo, not paper: the background may not fall far
    // below the paper's own level, or photos would be bleached to white.
    bg = cv::max(bg, 0.8 * percentile(small, 0.9));
    cv::resize(bg, bg, gray.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat out;
    cv::divide(gray, bg, out, 255.0, CV_8U);

    // Faded ink: the darkest ink becomes black, or binarisation loses light strokes.
    cv::resize(out, small, {}, f, f, cv::INTER_AREA);
    const double ink = percentile(small, 0.005);
    if (ink > 10 && ink < 200) out.convertTo(out, CV_8U, 255.0 / (255.0 - ink), -ink * 255.0 / (255.0 - ink));
    return out;
}

cv::Mat sauvola(const cv::Mat& gray, int window, double k) {
    PixPtr pix = gray_to_pix(gray);
    PIX* bin = nullptr;
    // Tiling keeps Leptonica's integral images small on big pages.
    const int tiles_x = std::max(1, gray.cols / 1000), tiles_y = std::max(1, gray.rows / 1000);
    if (pixSauvolaBinarizeTiled(pix.get(), window / 2, static_cast<l_float32>(k), tiles_x, tiles_y, nullptr, &bin) != 0 || !bin)
        throw std::runtime_error("binarisation failed on a " + std::to_string(gray.cols) + "x" + std::to_string(gray.rows) + " page");
    PixPtr owned(bin);
    return pix1_to_binary(owned.get());
}

// Removes dark scan borders (components touching the image edge that are large or long)
// and speckles smaller than `min_area`.
void clean_binary(cv::Mat& binary, bool remove_borders, int min_area) {
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(binary, labels, stats, centroids, 8, CV_32S);
    std::vector<unsigned char> drop(n, 0);
    const int w = binary.cols, h = binary.rows;
    for (int i = 1; i < n; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int bw = stats.at<int>(i, cv::CC_STAT_WIDTH), bh = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const int area = stats.at<int>(i, cv::CC_STAT_AREA);
        const bool touches = x == 0 || y == 0 || x + bw >= w || y + bh >= h;
        if (area < min_area) drop[i] = 1;
        if (remove_borders && touches && (bw > w / 8 || bh > h / 8)) drop[i] = 1;
    }
    for (int y = 0; y < h; ++y) {
        const int* lrow = labels.ptr<int>(y);
        auto* brow = binary.ptr<unsigned char>(y);
        for (int x = 0; x < w; ++x)
            if (drop[lrow[x]]) brow[x] = 0;
    }
}

// Body glyph size of the page as given, with one threshold for the whole page: no window
// sized by a resolution not known yet touches it.
double input_glyph_size(const cv::Mat& gray) {
    cv::Mat ink;
    cv::threshold(gray, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    return estimate_glyph_size(ink);
}

// Working pixels per input pixel: 1 when the body glyphs are of a size every later stage
// reads well, else the factor that brings them to the target size.
double working_scale(double glyph, cv::Size size, const PreprocessOptions& options) {
    if (!options.normalise_scale || glyph <= 0 || (glyph >= options.min_glyph_pixels && glyph <= options.max_glyph_pixels))
        return 1.0;
    // Enlarging more than 4x restores nothing of glyphs that small; and the working image
    // stays within what a 600-dpi broadsheet holds.
    constexpr double kMaxWorkingPixels = 150e6;
    const double most = std::sqrt(kMaxWorkingPixels / (static_cast<double>(size.width) * size.height));
    return std::min({options.target_glyph_pixels / glyph, 4.0, std::max(1.0, most)});
}

}  // namespace

namespace {

// Bounding box of the box's corners under a 2x3 affine map, clipped to [0, limit].
Box map_box(const cv::Mat& affine, const Box& b, cv::Size limit) {
    const double xs[] = {double(b.x0), double(b.x1), double(b.x0), double(b.x1)};
    const double ys[] = {double(b.y0), double(b.y0), double(b.y1), double(b.y1)};
    double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
    for (int i = 0; i < 4; ++i) {
        const double x = affine.at<double>(0, 0) * xs[i] + affine.at<double>(0, 1) * ys[i] + affine.at<double>(0, 2);
        const double y = affine.at<double>(1, 0) * xs[i] + affine.at<double>(1, 1) * ys[i] + affine.at<double>(1, 2);
        x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
    }
    auto clip = [](double v, int hi) { return std::clamp(static_cast<int>(std::lround(v)), 0, hi); };
    return {clip(x0, limit.width), clip(y0, limit.height), clip(x1, limit.width), clip(y1, limit.height)};
}

}  // namespace

Box PageGeometry::map_to_input(const Box& b) const {
    if (to_input.empty()) return b;
    return map_box(to_input, b, input_size);
}

Box PageGeometry::map_to_working(const Box& b) const {
    if (to_working.empty()) return b;
    // The working image is the input turned and scaled; its size bounds the mapped box.
    const cv::Size working(static_cast<int>(std::ceil(input_size.width * scale)) + 1,
                           static_cast<int>(std::ceil(input_size.height * scale)) + 1);
    return map_box(to_working, b, working);
}

double estimate_skew(const cv::Mat& gray, double max_degrees) {
    // Skew is found on a binarised copy; text lines and rules give the strongest signal.
    // Vertical CJK columns align their glyphs in rows too, but rules and headline rows are
    // what the horizontal search locks onto, so one search in each orientation is taken and
    // the more confident one wins.
    cv::Mat bin;
    cv::threshold(gray, bin, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    PixPtr pix = binary_to_pix1(bin);
    l_float32 angle_h = 0, conf_h = 0, angle_v = 0, conf_v = 0;
    const auto sweep = static_cast<l_float32>(max_degrees);
    pixFindSkewSweepAndSearch(pix.get(), &angle_h, &conf_h, 2, 1, sweep, 0.2f, 0.01f);
    PixPtr rotated(pixRotateOrth(pix.get(), 1));
    pixFindSkewSweepAndSearch(rotated.get(), &angle_v, &conf_v, 2, 1, sweep, 0.2f, 0.01f);
    // Leptonica reports the angle that would deskew the page, counter-clockwise positive;
    // the page's own skew is clockwise positive.
    return conf_v > conf_h * 1.5 ? -angle_v : -angle_h;
}

double estimate_glyph_size(const cv::Mat& binary) {
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(binary, labels, stats, centroids, 8, CV_32S);
    const int largest = std::max(binary.rows, binary.cols) / 20;  // larger: a rule, photo or masthead
    std::vector<int> sizes;
    for (int i = 1; i < n; ++i) {
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const int size = std::max(w, h);
        // Glyphs are about square; longer shapes are radicals, or glyphs run together by blur.
        if (size < 3 || size > largest || 2 * w > 3 * h || 2 * h > 3 * w) continue;
        sizes.push_back(size);
    }
    if (sizes.size() < 50) return 0;
    // A CJK glyph falls apart into radicals and dots, and Latin letters are mostly x-height,
    // so the median measures parts; the upper decile is a whole body glyph, headline type
    // being far rarer than body type on a newspaper page.
    const auto at = sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() * 9 / 10);
    std::nth_element(sizes.begin(), at, sizes.end());
    return *at;
}

int estimate_dpi(const cv::Mat& binary) {
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(binary, labels, stats, centroids, 8, CV_32S);
    std::vector<int> heights;
    for (int i = 1; i < n; ++i) {
        const int bw = stats.at<int>(i, cv::CC_STAT_WIDTH), bh = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        // Glyph-like components: roughly square, not specks, not rules or photos.
        if (bh >= 8 && bh <= 400 && bw >= bh / 2 && bw <= bh * 2) heights.push_back(bh);
    }
    if (heights.size() < 50) return 300;
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    // Body type of newspapers is about 7.5 pt; a CJK glyph fills about 0.9 of its em.
    const double em_pixels = heights[heights.size() / 2] / 0.9;
    const int dpi = static_cast<int>(std::lround(em_pixels / (7.5 / 72.0) / 10.0) * 10);
    return std::clamp(dpi, 100, 1200);
}

PreprocessedPage preprocess(const cv::Mat& gray_in, int dpi, const PreprocessOptions& options) {
    CV_Assert(gray_in.type() == CV_8UC1);
    PreprocessedPage out;
    out.geometry.input_size = gray_in.size();
    const double glyph = input_glyph_size(gray_in);
    const double scale = working_scale(glyph, gray_in.size(), options);
    out.geometry.scale = scale;
    out.body_glyph = glyph * scale;
    cv::Mat scaled = gray_in;
    if (scale != 1.0) cv::resize(gray_in, scaled, {}, scale, scale, scale > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
    const int work_dpi = dpi > 0 ? static_cast<int>(std::lround(dpi * scale)) : 300;

    cv::Mat gray = normalise_background(scaled, work_dpi);
    scaled.release();
    double skew = options.deskew ? estimate_skew(gray, options.max_skew_degrees) : 0.0;
    if (std::abs(skew) < 0.02) skew = 0.0;
    out.geometry.skew_degrees = skew;

    // Rotate counter-clockwise by the skew around the centre; the inverse maps back.
    const cv::Point2f centre(gray.cols / 2.0f, gray.rows / 2.0f);
    const cv::Mat to_upright = cv::getRotationMatrix2D(centre, skew, 1.0);
    // Input pixels -> working pixels -> upright: the rotation's linear part times the scale.
    cv::Mat input_to_upright = to_upright.clone();
    input_to_upright.colRange(0, 2) *= scale;
    cv::invertAffineTransform(input_to_upright, out.geometry.to_input);
    out.geometry.to_working = input_to_upright;
    if (skew != 0.0)
        cv::warpAffine(gray, out.gray, to_upright, gray.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255));
    else
        out.gray = gray;

    const int window = options.sauvola_window > 0 ? options.sauvola_window : std::max(15, work_dpi / 6);
    out.binary = sauvola(out.gray, window, options.sauvola_k);
    // Faint or blurred type (a small scan enlarged, light ink) loses its thin strokes to
    // Sauvola's threshold and falls apart into pieces smaller than the glyphs the grey page
    // shows; a lower k keeps them, at the cost of more noise, so it is lowered only then.
    for (double k = options.sauvola_k - 0.12; k >= 0.1 && estimate_glyph_size(out.binary) < 0.75 * out.body_glyph; k -= 0.12)
        out.binary = sauvola(out.gray, window, k);
    const double s = work_dpi / 300.0;
    const int min_area = options.min_speckle_area > 0 ? options.min_speckle_area : std::max(2, static_cast<int>(6 * s * s));
    clean_binary(out.binary, options.remove_borders, min_area);
    // A resampled page of unknown resolution has the resolution its glyphs now have: a body
    // glyph of N pixels is about 10 N dpi, as estimate_dpi finds on pages left as they are.
    if (dpi > 0) out.dpi = work_dpi;
    else if (scale != 1.0) out.dpi = std::clamp(static_cast<int>(std::lround(out.body_glyph)) * 10, 100, 1200);
    else out.dpi = estimate_dpi(out.binary);
    return out;
}

}  // namespace newsocr
