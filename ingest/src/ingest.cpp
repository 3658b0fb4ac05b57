#include "newsocr/ingest.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <string_view>

#include <opencv2/imgproc.hpp>

#include "library_messages.hpp"
#include "newsocr/pix.hpp"
#include "tiff_pages.hpp"

namespace newsocr {

namespace fs = std::filesystem;

namespace {

enum class FileKind { Pdf, Tiff, Jpeg, OtherImage };

void check_readable(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) throw InputError(file, "file not found");
    if (fs::is_directory(file, ec)) throw InputError(file, "is a directory, not a page file");
    if (fs::file_size(file, ec) == 0) throw InputError(file, "file is empty (0 bytes)");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file, "cannot open file for reading");
}

FileKind detect_kind(const fs::path& file) {
    unsigned char magic[8] = {};
    std::ifstream in(file, std::ios::binary);
    in.read(reinterpret_cast<char*>(magic), sizeof magic);
    const std::string_view head(reinterpret_cast<const char*>(magic), static_cast<size_t>(in.gcount()));
    if (head.starts_with("%PDF-")) return FileKind::Pdf;
    if (head.starts_with("II*") || head.starts_with(std::string_view("MM\0*", 4))) return FileKind::Tiff;
    if (head.starts_with("\xFF\xD8\xFF")) return FileKind::Jpeg;
    l_int32 format = IFF_UNKNOWN;
    findFileFormat(file.c_str(), &format);
    if (format == IFF_UNKNOWN)
        throw InputError(file, "not a supported image or PDF (expected PNG, JPEG, TIFF or PDF content)");
    return FileKind::OtherImage;
}

// Many writers store 72 or 96 dpi as a placeholder; a page scan is never that coarse.
void set_metadata_dpi(PageImage& page, int dpi) {
    if (dpi >= 100 && dpi <= 2400) {
        page.dpi = dpi;
        page.dpi_from_metadata = true;
    }
}

// ---------------------------------------------------------------- images

PageImage load_tiff(const fs::path& file, int page, const IngestOptions& options) {
    const int pages = count_tiff_pages(file).pages;
    if (page < 1 || page > pages) throw InputError(file, "has no page " + std::to_string(page));
    TiffPage tiff = read_tiff_page(file, page, options.max_pixels);
    PageImage out;
    out.source = file.string();
    out.page = page;
    out.page_count = pages;
    out.gray = std::move(tiff.gray);
    out.warnings = std::move(tiff.warnings);
    set_metadata_dpi(out, tiff.dpi);
    return out;
}

// PNG, JPEG and the rest through Leptonica.
PageImage load_image(const fs::path& file, FileKind kind, int page, const IngestOptions& options) {
    const LibraryMessages said;
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    if (pixReadHeader(file.c_str(), &format, &w, &h, &bps, &spp, &cmap) != 0)
        throw InputError(file, "unreadable image header (truncated or corrupt file)" + said.summary());
    check_image_size(file, w, h, options.max_pixels);
    if (page != 1) throw InputError(file, "has no page " + std::to_string(page));

    PixPtr pix;
    if (kind == FileKind::Jpeg) {
        l_int32 warnings = 0;  // hint 0: damaged data is an error, not a grey half-page
        pix.reset(pixReadJpeg(file.c_str(), 0, 1, &warnings, 0));
    } else {
        pix.reset(pixRead(file.c_str()));
    }
    if (!pix) throw InputError(file, "cannot decode image data (truncated or corrupt file)" + said.summary());
    check_image_size(file, pixGetWidth(pix.get()), pixGetHeight(pix.get()), options.max_pixels);

    PageImage out;
    out.source = file.string();
    out.gray = pix_to_gray(pix.get());
    if (out.gray.empty()) throw InputError(file, "cannot convert image to grayscale" + said.summary());
    set_metadata_dpi(out, pixGetXRes(pix.get()));
    out.warnings = said.messages();
    return out;
}

// ---------------------------------------------------------------- PDF

std::unique_ptr<poppler::document> open_pdf(const fs::path& file, const LibraryMessages& said) {
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(file.string()));
    if (!doc) throw InputError(file, "broken PDF (Poppler cannot parse it)" + said.summary());
    if (doc->is_locked()) throw InputError(file, "encrypted PDF (password required)");
    if (doc->pages() < 1) throw InputError(file, "PDF has no pages");
    return doc;
}

std::string utf8(const poppler::ustring& s) {
    const auto bytes = s.to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

// Words of the page's text layer, in pixels at `dpi`. Empty when the PDF is a scan.
std::vector<Word> pdf_words(const poppler::page& page, int dpi) {
    std::vector<Word> words;
    const double scale = dpi / 72.0;
    for (const auto& tb : page.text_list()) {
        std::string text = utf8(tb.text());
        if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
        const auto r = tb.bbox();
        Word w;
        w.text = std::move(text);
        w.box = {static_cast<int>(std::floor(r.left() * scale)), static_cast<int>(std::floor(r.top() * scale)),
                 static_cast<int>(std::ceil(r.right() * scale)), static_cast<int>(std::ceil(r.bottom() * scale))};
        words.push_back(std::move(w));
    }
    return words;
}

// A text layer counts when it holds a real amount of text, not a stray page number.
bool has_text_layer(const std::vector<Word>& words) {
    size_t chars = 0;
    for (const auto& w : words) chars += w.text.size();
    return chars >= 30;
}

PageImage load_pdf_page(const fs::path& file, int page, const IngestOptions& options) {
    const LibraryMessages said;
    const auto doc = open_pdf(file, said);
    if (page < 1 || page > doc->pages()) throw InputError(file, "has no page " + std::to_string(page));
    std::unique_ptr<poppler::page> pg(doc->create_page(page - 1));
    if (!pg) throw InputError(file, "cannot read page " + std::to_string(page) + said.summary());

    const int dpi = options.pdf_render_dpi;
    const auto rect = pg->page_rect();
    check_image_size(file, std::llround(rect.width() * dpi / 72.0), std::llround(rect.height() * dpi / 72.0), options.max_pixels);

    poppler::page_renderer renderer;
    renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
    renderer.set_image_format(poppler::image::format_gray8);
    const poppler::image img = renderer.render_page(pg.get(), dpi, dpi);
    if (!img.is_valid()) throw InputError(file, "cannot render page " + std::to_string(page) + said.summary());

    PageImage out;
    out.source = file.string();
    out.page = page;
    out.page_count = doc->pages();
    // render_page's buffer belongs to the image; copy it into a matrix we own.
    cv::Mat(img.height(), img.width(), CV_8UC1, const_cast<char*>(img.const_data()), img.bytes_per_row())
        .copyTo(out.gray);
    out.dpi = dpi;
    out.dpi_from_metadata = true;
    if (options.pdf_text != PdfTextMode::Never) {
        auto words = pdf_words(*pg, dpi);
        if (options.pdf_text == PdfTextMode::Always || has_text_layer(words)) out.text_layer = std::move(words);
    }
    out.warnings = said.messages();
    return out;
}

}  // namespace

void check_image_size(const fs::path& file, long long w, long long h, long long max_pixels) {
    if (w <= 0 || h <= 0) throw InputError(file, "image has no pixels");
    if (w < kMinImageSide || h < kMinImageSide)
        throw InputError(file, "image too small to hold text: " + std::to_string(w) + "x" + std::to_string(h) + " px");
    if (w * h > max_pixels)
        throw InputError(file, "image of " + std::to_string(w) + "x" + std::to_string(h) + " pixels exceeds the limit of " +
                                   std::to_string(max_pixels) + " pixels (corrupt header or decompression bomb)");
}

PageCount count_pages(const fs::path& file, const IngestOptions& options) {
    (void)options;
    check_readable(file);
    switch (detect_kind(file)) {
        case FileKind::Pdf: {
            const LibraryMessages said;
            return {open_pdf(file, said)->pages(), ""};
        }
        case FileKind::Tiff: {
            const TiffPageCount count = count_tiff_pages(file);
            return {count.pages, count.chain_broken};
        }
        default: return {};
    }
}

PageImage load_page(const fs::path& file, int page, const IngestOptions& options) {
    check_readable(file);
    const FileKind kind = detect_kind(file);
    PageImage out = kind == FileKind::Pdf    ? load_pdf_page(file, page, options)
                    : kind == FileKind::Tiff ? load_tiff(file, page, options)
                                             : load_image(file, kind, page, options);
    if (options.dpi) {
        out.dpi = *options.dpi;
        out.dpi_from_metadata = false;
    }
    return out;
}

}  // namespace newsocr
