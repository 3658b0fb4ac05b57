#include <gtest/gtest.h>

#include <tiffio.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "newsocr/ingest.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

using test::data;

IngestOptions defaults() { return {}; }

// Every bad input gives an InputError whose message names the file and says what is wrong.
void expect_input_error(const std::string& name, const std::string& problem) {
    const auto path = data("ingest/" + name);
    try {
        (void)load_page(path, 1, defaults());
        FAIL() << name << " was accepted";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
        EXPECT_NE(msg.find(problem), std::string::npos) << msg;
    }
}

TEST(Ingest, ReadsPngJpegAndEveryTiffPage) {
    const PageImage png = load_page(data("ingest/crop.png"), 1, defaults());
    EXPECT_EQ(png.gray.cols, 840);
    EXPECT_EQ(png.gray.rows, 160);
    EXPECT_EQ(png.gray.type(), CV_8UC1);
    const PageImage jpg = load_page(data("ingest/crop.jpg"), 1, defaults());
    EXPECT_EQ(jpg.gray.size(), png.gray.size());

    ASSERT_EQ(count_pages(data("ingest/two_pages.tif"), defaults()).pages, 2);
    const PageImage p1 = load_page(data("ingest/two_pages.tif"), 1, defaults());
    const PageImage p2 = load_page(data("ingest/two_pages.tif"), 2, defaults());
    EXPECT_EQ(p2.page, 2);
    EXPECT_EQ(p2.page_count, 2);
    // The second page is the first mirrored: same pixels, other order.
    cv::Mat mirrored;
    cv::flip(p1.gray, mirrored, 1);
    EXPECT_EQ(cv::norm(mirrored, p2.gray, cv::NORM_INF), 0);
}

TEST(Ingest, DpiOverrideWins) {
    IngestOptions options;
    options.dpi = 200;
    EXPECT_EQ(load_page(data("ingest/crop.png"), 1, options).dpi, 200);
}

TEST(Ingest, BornDigitalPdfTextMatchesGroundTruth) {
    const auto path = data("ingest/born_digital.pdf");
    ASSERT_EQ(count_pages(path, defaults()).pages, 1);
    const PageImage page = load_page(path, 1, defaults());
    EXPECT_EQ(page.dpi, 300);
    EXPECT_EQ(page.gray.cols, 1937);  // 464.88 pt at 300 dpi
    ASSERT_TRUE(page.text_layer.has_value());

    std::string found;
    for (const auto& w : *page.text_layer) {
        found += w.text;
        EXPECT_TRUE(w.box.x0 >= 0 && w.box.x1 <= page.gray.cols && w.box.y0 >= 0 && w.box.y1 <= page.gray.rows);
    }
    // Everything printed on the page: articles, captions, labels, header, folio.
    const auto gt = nlohmann::json::parse(test::read_file(data("ingest/born_digital.gt.json")));
    std::string truth;
    for (const auto& a : gt["articles"]) {
        for (const char* k : {"title", "subtitle", "byline"}) truth += a.value(k, "");
        for (const auto& p : a["paragraphs"]) truth += p.get<std::string>();
    }
    for (const char* group : {"captions", "labels", "header"})
        for (const auto& item : gt[group]) truth += item["text"].get<std::string>();
    truth += gt["folio"]["text"].get<std::string>();
    EXPECT_GE(test::char_f1(truth, found), 0.99);

    IngestOptions never;
    never.pdf_text = PdfTextMode::Never;
    EXPECT_FALSE(load_page(path, 1, never).text_layer.has_value());
}

TEST(Ingest, BadInputsNameTheFileAndTheProblem) {
    expect_input_error("does_not_exist.png", "not found");
    expect_input_error("empty.png", "empty");
    expect_input_error("truncated.png", "truncated");
    expect_input_error("truncated.jpg", "truncated");
    expect_input_error("truncated.tif", "truncated");
    expect_input_error("not_an_image.png", "not a supported image");
    expect_input_error("broken.pdf", "broken PDF");
    expect_input_error("encrypted.pdf", "encrypted");
    expect_input_error("zero_pages.pdf", "no pages");
    expect_input_error("bomb.png", "decompression bomb");
}

TEST(Ingest, PageOutsideTheFileIsAnError) {
    EXPECT_THROW((void)load_page(data("ingest/crop.png"), 2, defaults()), InputError);
    EXPECT_THROW((void)load_page(data("ingest/two_pages.tif"), 3, defaults()), InputError);
}
TEST(Ingest, TooSmallAnImageIsRefusedWithItsSize) {
    const auto dir = std::filesystem::temp_directory_path() / "newsocr_ingest_small";
    std::filesystem::create_directories(dir);
    for (const auto& [w, h] : {std::pair{2, 2}, std::pair{3, 1000}}) {
        const auto path = dir / ("small_" + std::to_string(w) + "x" + std::to_string(h) + ".png");
        cv::imwrite(path.string(), cv::Mat(h, w, CV_8UC1, cv::Scalar(255)));
        try {
            (void)load_page(path, 1, defaults());
            FAIL() << path << " was accepted";
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(path.string() + ": image too small to hold text: " + std::to_string(w) + "x" +
                                                 std::to_string(h) + " px"),
                      std::string::npos)
                << e.what();
        }
    }
}

// ---------------------------------------------------------------- TIFF layouts

struct TiffLayout {
    uint16_t compression = COMPRESSION_NONE;
    uint32_t tile = 0;  // 0: strips
    uint16_t bits = 8;  // 1 (black and white), 8 or 16
    uint16_t orientation = ORIENTATION_TOPLEFT;
};

// Writes `pages` (8-bit grey) as one TIFF in the given layout, with libtiff itself.
void write_tiff(const std::filesystem::path& path, const std::vector<cv::Mat>& pages, const TiffLayout& layout) {
    TIFF* tif = TIFFOpen(path.c_str(), "w");
    ASSERT_NE(tif, nullptr);
    for (const cv::Mat& gray : pages) {
        cv::Mat page = gray;
        if (layout.orientation == ORIENTATION_BOTLEFT) cv::flip(gray, page, 0);  // stored bottom row first
        TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(page.cols));
        TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(page.rows));
        TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, uint16_t{1});
        TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, layout.bits);
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, layout.bits == 1 ? PHOTOMETRIC_MINISWHITE : PHOTOMETRIC_MINISBLACK);
        TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tif, TIFFTAG_COMPRESSION, layout.compression);
        TIFFSetField(tif, TIFFTAG_ORIENTATION, layout.orientation);
        TIFFSetField(tif, TIFFTAG_XRESOLUTION, 300.0f);
        TIFFSetField(tif, TIFFTAG_YRESOLUTION, 300.0f);
        TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, uint16_t{RESUNIT_INCH});
        if (pages.size() > 1) TIFFSetField(tif, TIFFTAG_SUBFILETYPE, uint32_t{FILETYPE_PAGE});
        // One row of samples in the file's own form.
        auto row_bytes = [&](int y, std::vector<uint8_t>& out) {
            const uint8_t* src = page.ptr<uint8_t>(y);
            if (layout.bits == 8) {
                out.assign(src, src + page.cols);
            } else if (layout.bits == 16) {
                out.resize(2 * page.cols);
                for (int x = 0; x < page.cols; ++x) {
                    const uint16_t v = static_cast<uint16_t>(src[x] * 257);
                    std::memcpy(&out[2 * x], &v, 2);
                }
            } else {
                out.assign((page.cols + 7) / 8, 0);
                for (int x = 0; x < page.cols; ++x)
                    if (src[x] < 128) out[x / 8] |= static_cast<uint8_t>(0x80 >> (x % 8));  // min-is-white: 1 is black
            }
        };
        std::vector<uint8_t> row;
        if (layout.tile) {
            TIFFSetField(tif, TIFFTAG_TILEWIDTH, layout.tile);
            TIFFSetField(tif, TIFFTAG_TILELENGTH, layout.tile);
            const size_t bytes_per_sample_row = layout.tile * layout.bits / 8;
            std::vector<uint8_t> tile(bytes_per_sample_row * layout.tile);
            for (uint32_t ty = 0; ty < static_cast<uint32_t>(page.rows); ty += layout.tile)
                for (uint32_t tx = 0; tx < static_cast<uint32_t>(page.cols); tx += layout.tile) {
                    std::fill(tile.begin(), tile.end(), 0);
                    for (uint32_t y = 0; y < layout.tile && ty + y < static_cast<uint32_t>(page.rows); ++y) {
                        row_bytes(static_cast<int>(ty + y), row);
                        const size_t from = tx * layout.bits / 8;
                        const size_t n = std::min(bytes_per_sample_row, row.size() - from);
                        std::memcpy(&tile[y * bytes_per_sample_row], &row[from], n);
                    }
                    ASSERT_GE(TIFFWriteTile(tif, tile.data(), tx, ty, 0, 0), 0);
                }
        } else {
            TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 0));
            for (int y = 0; y < page.rows; ++y) {
                row_bytes(y, row);
                ASSERT_EQ(TIFFWriteScanline(tif, row.data(), static_cast<uint32_t>(y), 0), 1);
            }
        }
        TIFFWriteDirectory(tif);
    }
    TIFFClose(tif);
}

std::filesystem::path temp_dir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("newsocr_ingest_" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// Archives hold TIFFs in every layout: each reads as the same page, pixel for pixel.
TEST(Ingest, EveryTiffLayoutReadsAsTheSamePage) {
    const cv::Mat page = load_page(data("ingest/crop.png"), 1, defaults()).gray;
    cv::Mat bilevel;
    cv::threshold(page, bilevel, 127, 255, cv::THRESH_BINARY);
    const auto dir = temp_dir("layouts");
    write_tiff(dir / "stripped.tif", {page}, {});
    const cv::Mat stripped = load_page(dir / "stripped.tif", 1, defaults()).gray;
    ASSERT_EQ(cv::norm(stripped, page, cv::NORM_INF), 0);

    const std::vector<std::pair<std::string, TiffLayout>> layouts = {
        {"tiled deflate 128", {COMPRESSION_ADOBE_DEFLATE, 128}},
        {"tiled none 64", {COMPRESSION_NONE, 64}},
        {"strips lzw", {COMPRESSION_LZW}},
        {"tiled lzw 16 bit", {COMPRESSION_LZW, 128, 16}},
        {"strips 16 bit", {COMPRESSION_NONE, 0, 16}},
        {"bottom-up", {COMPRESSION_NONE, 0, 8, ORIENTATION_BOTLEFT}},
    };
    for (const auto& [name, layout] : layouts) {
        const auto path = dir / (name + ".tif");
        write_tiff(path, {page}, layout);
        const PageImage read = load_page(path, 1, defaults());
        ASSERT_EQ(read.gray.size(), page.size()) << name;
        EXPECT_EQ(cv::norm(read.gray, stripped, cv::NORM_INF), 0) << name;
        EXPECT_EQ(read.dpi, 300) << name;
    }
    for (const auto& [name, layout] : std::vector<std::pair<std::string, TiffLayout>>{
             {"g4 strips", {COMPRESSION_CCITTFAX4, 0, 1}}, {"g4 tiled", {COMPRESSION_CCITTFAX4, 128, 1}}}) {
        const auto path = dir / (name + ".tif");
        write_tiff(path, {bilevel}, layout);
        EXPECT_EQ(cv::norm(load_page(path, 1, defaults()).gray, bilevel, cv::NORM_INF), 0) << name;
    }
    // JPEG is lossy: the same page within JPEG's error.
    write_tiff(dir / "jpeg.tif", {page}, {COMPRESSION_JPEG, 128});
    cv::Mat diff;
    cv::absdiff(load_page(dir / "jpeg.tif", 1, defaults()).gray, page, diff);
    EXPECT_LT(cv::mean(diff)[0], 3.0);
}

// Offset of the directory of page `n` (0-based) in a little-endian classic TIFF.
uint32_t directory_offset(const std::string& bytes, int n) {
    auto u32 = [&](size_t at) {
        uint32_t v;
        std::memcpy(&v, bytes.data() + at, 4);
        return v;
    };
    auto u16 = [&](size_t at) {
        uint16_t v;
        std::memcpy(&v, bytes.data() + at, 2);
        return v;
    };
    uint32_t offset = u32(4);
    for (int i = 0; i < n; ++i) offset = u32(offset + 2 + 12 * u16(offset));
    return offset;
}

std::string two_page_tiff(const std::filesystem::path& dir) {
    const cv::Mat page = load_page(data("ingest/crop.png"), 1, defaults()).gray;
    cv::Mat flipped;
    cv::flip(page, flipped, 1);
    write_tiff(dir / "two.tif", {page, flipped}, {COMPRESSION_LZW});
    return test::read_file(dir / "two.tif");
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// A damaged second directory loses no page without a word: page 1 is read, page 2 is an
// error naming libtiff's reason.
TEST(Ingest, DamagedSecondTiffDirectoryIsAnErrorForThatPage) {
    const auto dir = temp_dir("damaged_dir");
    std::string bytes = two_page_tiff(dir);
    // The second directory's ImageLength tag (257) renamed to an unknown one.
    const uint32_t second = directory_offset(bytes, 1);
    const uint16_t entries = static_cast<uint16_t>(static_cast<uint8_t>(bytes[second]) | static_cast<uint8_t>(bytes[second + 1]) << 8);
    bool patched = false;
    for (uint16_t e = 0; e < entries; ++e) {
        const size_t at = second + 2 + 12 * e;
        if (static_cast<uint8_t>(bytes[at]) == 0x01 && static_cast<uint8_t>(bytes[at + 1]) == 0x01) {
            bytes[at] = static_cast<char>(0xF0);
            bytes[at + 1] = static_cast<char>(0xFF);
            patched = true;
        }
    }
    ASSERT_TRUE(patched);
    const auto path = dir / "damaged.tif";
    write_bytes(path, bytes);

    const PageCount count = count_pages(path, defaults());
    EXPECT_EQ(count.pages, 2);
    EXPECT_TRUE(count.missing_pages.empty()) << count.missing_pages;
    EXPECT_EQ(load_page(path, 1, defaults()).gray.size(), cv::Size(840, 160));
    try {
        (void)load_page(path, 2, defaults());
        FAIL() << "the damaged page 2 was read";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("page 2: cannot read its TIFF directory"), std::string::npos) << msg;
        EXPECT_NE(msg.find("(libtiff: TIFFReadDirectory: "), std::string::npos) << msg;  // libtiff's own reason
    }
}

// When the link to the next directory points nowhere, the pages after it cannot even be
// counted: the count says so.
TEST(Ingest, BrokenChainOfTiffDirectoriesIsReported) {
    const auto dir = temp_dir("broken_chain");
    std::string bytes = two_page_tiff(dir);
    const uint32_t first = directory_offset(bytes, 0);
    const uint16_t entries = static_cast<uint16_t>(static_cast<uint8_t>(bytes[first]) | static_cast<uint8_t>(bytes[first + 1]) << 8);
    const uint32_t beyond = static_cast<uint32_t>(bytes.size()) + 4096;
    std::memcpy(&bytes[first + 2 + 12 * entries], &beyond, 4);
    const auto path = dir / "broken_chain.tif";
    write_bytes(path, bytes);
    const PageCount count = count_pages(path, defaults());
    EXPECT_EQ(count.pages, 1);
    EXPECT_NE(count.missing_pages.find("chain of TIFF page directories is broken"), std::string::npos) << count.missing_pages;
    EXPECT_EQ(load_page(path, 1, defaults()).gray.size(), cv::Size(840, 160));
}

}  // namespace
}  // namespace newsocr
