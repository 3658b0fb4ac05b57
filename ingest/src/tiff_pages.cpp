#include "tiff_pages.hpp"

#include <tiffio.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>

#include "newsocr/ingest.hpp"

namespace newsocr {

namespace fs = std::filesystem;

namespace {

// An open TIFF with the messages libtiff gave about it, errors and warnings apart.
class TiffFile {
public:
    explicit TiffFile(const fs::path& file) {
        std::unique_ptr<TIFFOpenOptions, decltype(&TIFFOpenOptionsFree)> options(TIFFOpenOptionsAlloc(), TIFFOpenOptionsFree);
        TIFFOpenOptionsSetErrorHandlerExtR(options.get(), &TiffFile::on_error, this);
        TIFFOpenOptionsSetWarningHandlerExtR(options.get(), &TiffFile::on_warning, this);
        tif_.reset(TIFFOpenExt(file.c_str(), "r", options.get()));
        if (!tif_) throw InputError(file, "truncated or corrupt TIFF (no readable page directory)" + said(errors));
    }
    TiffFile(const TiffFile&) = delete;
    TiffFile& operator=(const TiffFile&) = delete;

    TIFF* get() const { return tif_.get(); }

    std::vector<std::string> errors, warnings;

    // " (libtiff: a; b)" or "".
    static std::string said(const std::vector<std::string>& messages) {
        if (messages.empty()) return "";
        std::string out = " (libtiff: ";
        for (size_t i = 0; i < messages.size() && i < 3; ++i) out += (i ? "; " : "") + messages[i];
        return out + ")";
    }

private:
    static std::string format(const char* module, const char* fmt, va_list args) {
        char text[512];
        std::vsnprintf(text, sizeof text, fmt, args);
        return module && *module ? std::string(module) + ": " + text : std::string(text);
    }
    static void keep(std::vector<std::string>& into, std::string message) {
        constexpr size_t kKept = 20;  // a damaged file can repeat one complaint thousands of times
        if (into.size() < kKept && (into.empty() || into.back() != message)) into.push_back(std::move(message));
    }
    // Returning 1 keeps the message from libtiff's global handler (stderr).
    static int on_error(TIFF*, void* self, const char* module, const char* fmt, va_list args) {
        keep(static_cast<TiffFile*>(self)->errors, format(module, fmt, args));
        return 1;
    }
    static int on_warning(TIFF*, void* self, const char* module, const char* fmt, va_list args) {
        keep(static_cast<TiffFile*>(self)->warnings, format(module, fmt, args));
        return 1;
    }

    struct Closer {
        void operator()(TIFF* t) const { TIFFClose(t); }
    };
    std::unique_ptr<TIFF, Closer> tif_;
};

struct RgbaImage {
    TIFFRGBAImage image{};
    bool begun = false;
    ~RgbaImage() {
        if (begun) TIFFRGBAImageEnd(&image);
    }
};

[[noreturn]] void undecodable(const TiffFile& tiff, const fs::path& file, const std::string& which) {
    throw InputError(file, which + "cannot decode image data (truncated or corrupt file)" + TiffFile::said(tiff.errors));
}

// One plane of 8- or 16-bit grey in the upper-left orientation: what most archive masters
// are. These are read sample by sample (libtiff's RGBA interface misplaces the right edge
// of 16-bit tiled pages).
bool grey_samples(TIFF* tif) {
    uint16_t spp = 1, bits = 1, photometric = 0, orientation = ORIENTATION_TOPLEFT, format = SAMPLEFORMAT_UINT;
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_ORIENTATION, &orientation);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
    if (TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric) != 1) return false;
    return spp == 1 && (bits == 8 || bits == 16) && format == SAMPLEFORMAT_UINT && orientation == ORIENTATION_TOPLEFT &&
           (photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE);
}

void read_grey(const TiffFile& tiff, cv::Mat& gray, const fs::path& file, const std::string& which) {
    TIFF* tif = tiff.get();
    uint16_t bits = 8, photometric = PHOTOMETRIC_MINISBLACK;
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
    const bool inverted = photometric == PHOTOMETRIC_MINISWHITE;
    // n samples of the file's row at `src` into 8-bit grey at `dst`.
    auto put = [&](const uint8_t* src, uint8_t* dst, uint32_t n) {
        for (uint32_t x = 0; x < n; ++x) {
            uint8_t v = src[x];
            if (bits == 16) {
                uint16_t wide;
                std::memcpy(&wide, src + 2 * x, 2);  // libtiff hands samples in the machine's order
                v = static_cast<uint8_t>(wide >> 8);
            }
            dst[x] = inverted ? static_cast<uint8_t>(255 - v) : v;
        }
    };
    const auto w = static_cast<uint32_t>(gray.cols), h = static_cast<uint32_t>(gray.rows);
    if (TIFFIsTiled(tif)) {
        uint32_t tw = 0, th = 0;
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
        if (tw == 0 || th == 0) undecodable(tiff, file, which);
        std::vector<uint8_t> tile(static_cast<size_t>(TIFFTileSize(tif)));
        const size_t row_bytes = static_cast<size_t>(tw) * bits / 8;
        if (tile.size() < row_bytes * th) undecodable(tiff, file, which);
        for (uint32_t ty = 0; ty < h; ty += th)
            for (uint32_t tx = 0; tx < w; tx += tw) {
                if (TIFFReadTile(tif, tile.data(), tx, ty, 0, 0) < 0 || !tiff.errors.empty()) undecodable(tiff, file, which);
                for (uint32_t y = 0; y < th && ty + y < h; ++y)
                    put(tile.data() + y * row_bytes, gray.ptr<uint8_t>(static_cast<int>(ty + y)) + tx, std::min(tw, w - tx));
            }
        return;
    }
    std::vector<uint8_t> row(static_cast<size_t>(TIFFScanlineSize(tif)));
    if (row.size() < static_cast<size_t>(w) * bits / 8) undecodable(tiff, file, which);
    for (uint32_t y = 0; y < h; ++y) {
        if (TIFFReadScanline(tif, row.data(), y, 0) != 1 || !tiff.errors.empty()) undecodable(tiff, file, which);
        put(row.data(), gray.ptr<uint8_t>(static_cast<int>(y)), w);
    }
}

// Every other layout (bilevel, palette, RGB, YCbCr, JPEG, turned pages) through libtiff's
// RGBA interface.
void read_through_rgba(const TiffFile& tiff, cv::Mat& gray, const fs::path& file, const std::string& which) {
    TIFF* tif = tiff.get();
    char problem[1024] = {};
    if (!TIFFRGBAImageOK(tif, problem)) throw InputError(file, which + "unsupported TIFF layout (" + std::string(problem) + ")");
    RgbaImage rgba;
    // stop on error: damaged data is an error, not a half-grey page.
    if (!TIFFRGBAImageBegin(&rgba.image, tif, 1, problem))
        throw InputError(file, which + "unsupported TIFF layout (" + std::string(problem) + ")");
    rgba.begun = true;
    rgba.image.req_orientation = ORIENTATION_TOPLEFT;
    const auto w = static_cast<uint32_t>(gray.cols), h = static_cast<uint32_t>(gray.rows);
    // Read in bands, so that memory holds the 8-bit page and one band of RGBA, not the whole
    // page four times over. A page stored bottom-up (or turned) is read whole: libtiff turns
    // a band within itself.
    uint16_t orientation = ORIENTATION_TOPLEFT;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ORIENTATION, &orientation);
    const uint32_t band_rows = orientation == ORIENTATION_TOPLEFT ? std::min<uint32_t>(256, h) : h;
    std::vector<uint32_t> band(static_cast<size_t>(w) * band_rows);
    for (uint32_t y = 0; y < h; y += band_rows) {
        const uint32_t rows = std::min(band_rows, h - y);
        rgba.image.row_offset = static_cast<int>(y);
        rgba.image.col_offset = 0;
        if (TIFFRGBAImageGet(&rgba.image, band.data(), w, rows) != 1 || !tiff.errors.empty()) undecodable(tiff, file, which);
        for (uint32_t r = 0; r < rows; ++r) {
            auto* dst = gray.ptr<uint8_t>(static_cast<int>(y + r));
            const uint32_t* src = band.data() + static_cast<size_t>(r) * w;
            for (uint32_t x = 0; x < w; ++x) {
                const uint32_t p = src[x];
                // ITU-R BT.601 luma, as OpenCV and Leptonica weigh colour to grey.
                dst[x] = static_cast<uint8_t>((299 * TIFFGetR(p) + 587 * TIFFGetG(p) + 114 * TIFFGetB(p) + 500) / 1000);
            }
        }
    }
}

int resolution_dpi(TIFF* tif) {
    float xres = 0;
    uint16_t unit = RESUNIT_INCH;
    if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xres) != 1 || xres <= 0) return 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
    if (unit == RESUNIT_CENTIMETER) return static_cast<int>(xres * 2.54f + 0.5f);
    return unit == RESUNIT_INCH ? static_cast<int>(xres + 0.5f) : 0;
}

}  // namespace

TiffPageCount count_tiff_pages(const fs::path& file) {
    TiffFile tiff(file);
    TiffPageCount out;
    out.pages = static_cast<int>(TIFFNumberOfDirectories(tiff.get()));
    // The count follows the chain of directory offsets; an error on the way means the chain
    // broke there, and pages after it cannot be found.
    if (!tiff.errors.empty()) out.chain_broken = "the chain of TIFF page directories is broken" + TiffFile::said(tiff.errors);
    if (out.pages < 1) throw InputError(file, "truncated or corrupt TIFF (no readable page directory)" + TiffFile::said(tiff.errors));
    return out;
}

TiffPage read_tiff_page(const fs::path& file, int page, long long max_pixels) {
    TiffFile tiff(file);
    const std::string which = "page " + std::to_string(page) + ": ";
    if (page > 1) {  // what was said on opening was about page 1
        tiff.errors.clear();
        tiff.warnings.clear();
    }
    if (TIFFSetDirectory(tiff.get(), static_cast<tdir_t>(page - 1)) != 1 || !tiff.errors.empty())
        throw InputError(file, which + "cannot read its TIFF directory" + TiffFile::said(tiff.errors));

    uint32_t w = 0, h = 0;
    TIFFGetField(tiff.get(), TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tiff.get(), TIFFTAG_IMAGELENGTH, &h);
    check_image_size(file, w, h, max_pixels);

    TiffPage out;
    out.gray.create(static_cast<int>(h), static_cast<int>(w), CV_8UC1);
    if (grey_samples(tiff.get())) read_grey(tiff, out.gray, file, which);
    else read_through_rgba(tiff, out.gray, file, which);
    out.dpi = resolution_dpi(tiff.get());
    out.warnings = tiff.warnings;
    for (auto& warning : out.warnings) warning = "libtiff: " + warning;
    return out;
}

}  // namespace newsocr
