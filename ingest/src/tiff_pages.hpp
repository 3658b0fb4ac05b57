// TIFF pages through libtiff itself: every layout an archive produces (strips or tiles;
// 1, 8 or 16 bits; uncompressed, G3/G4, LZW, Deflate, JPEG, PackBits), and every problem
// libtiff reports kept with the page it concerns.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace newsocr {

struct TiffPageCount {
    int pages = 0;  // directories in the file's chain of pages
    // Why the chain could not be followed to its end: pages after `pages` may exist but
    // cannot be found. Empty when the chain ends properly.
    std::string chain_broken;
};

struct TiffPage {
    cv::Mat gray;  // 8-bit, one channel
    int dpi = 0;   // from the resolution tags; 0 when absent
    std::vector<std::string> warnings;  // what libtiff warned of while reading the page
};

// Throws InputError when the file's first page directory cannot be read.
TiffPageCount count_tiff_pages(const std::filesystem::path& file);

// Page `page` (1-based). Throws InputError naming the page and libtiff's reason when its
// directory or its image data cannot be read, or when it holds more than max_pixels.
TiffPage read_tiff_page(const std::filesystem::path& file, int page, long long max_pixels);

}  // namespace newsocr
