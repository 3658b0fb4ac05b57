// Ingest: files in, page images (or born-digital text) out. PNG, JPEG, TIFF (every page
// of a multi-page TIFF), and PDF through Poppler.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "newsocr/model.hpp"

namespace newsocr {

// A problem with one input file; what() names the file and the problem.
class InputError : public std::runtime_error {
public:
    InputError(const std::filesystem::path& file, const std::string& problem)
        : std::runtime_error(file.string() + ": " + problem), file_(file) {}
    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_;
};

enum class PdfTextMode { Auto, Always, Never };

struct IngestOptions {
    int pdf_render_dpi = 300;
    PdfTextMode pdf_text = PdfTextMode::Auto;
    std::optional<int> dpi;               // overrides metadata and estimation
    long long max_pixels = 400'000'000;  // larger images are refused (decompression bombs)
};

// The smallest side of an image that can hold a line of text: a few pixels of glyph.
constexpr int kMinImageSide = 16;

// One page of an input, as it enters the pipeline.
struct PageImage {
    std::string source;  // the file as given
    int page = 1;        // 1-based
    int page_count = 1;  // pages in the source
    cv::Mat gray;        // 8-bit, one channel, pixels as given (before deskew)
    int dpi = 0;         // 0: unknown, to be estimated by preprocessing
    bool dpi_from_metadata = false;
    // Born-digital PDF: the words of its text layer, boxes in pixels of `gray`.
    std::optional<std::vector<Word>> text_layer;
    // What the libraries reading the file warned of (libtiff, Leptonica, Poppler).
    std::vector<std::string> warnings;
};

struct PageCount {
    int pages = 1;
    // Why pages after `pages` may exist but cannot be found (a multi-page TIFF whose chain of
    // page directories breaks); empty when every page is accounted for.
    std::string missing_pages;
};

// The pages of the file, after checking that it can be read at all.
PageCount count_pages(const std::filesystem::path& file, const IngestOptions& options);

// Throws InputError unless a w x h image can hold text (kMinImageSide) and stays within
// max_pixels (a corrupt header or a decompression bomb).
void check_image_size(const std::filesystem::path& file, long long w, long long h, long long max_pixels);

// Page `page` (1-based) of the file. Throws InputError naming the file and the problem.
PageImage load_page(const std::filesystem::path& file, int page, const IngestOptions& options);

}  // namespace newsocr
