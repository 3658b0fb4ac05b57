// OCR: the text of each layout block, with lines, words, boxes and confidences.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "newsocr/model.hpp"

namespace newsocr {

struct OcrOptions {
    std::string languages = "chi_sim";  // for horizontal text; vertical uses the matching _vert models
    std::string tessdata_dir;           // empty: Tesseract's default
};

// Raised when a page's OCR runs past its deadline.
class OcrTimeout : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads blocks. One engine per thread: engines are never shared between threads.
class OcrEngine {
public:
    virtual ~OcrEngine() = default;
    // Fills block.lines (with words), block.text and block.confidence from the upright page.
    virtual void read_block(const cv::Mat& upright_gray, int dpi, Block& block) = 0;
    // Recognition still running at the deadline is cancelled (OcrTimeout).
    virtual void set_deadline(std::optional<std::chrono::steady_clock::time_point>) {}
};

// Line texts from their words, block text from its lines, block confidence as the
// character-weighted mean of word confidences; empty lines dropped.
void finish_block(Block& block);

// Tesseract through its C++ API. Throws std::runtime_error when a language is missing.
std::unique_ptr<OcrEngine> make_tesseract_engine(const OcrOptions& options);

// Reads blocks from a born-digital PDF's text layer instead of the image.
std::unique_ptr<OcrEngine> make_text_layer_reader(std::vector<Word> words);

// Reads every text block (not photos or separators) of the page.
void read_text(const cv::Mat& upright_gray, int dpi, std::vector<Block>& blocks, OcrEngine& engine,
               std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

}  // namespace newsocr
