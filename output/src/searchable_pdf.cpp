// A searchable PDF: the page image with an invisible text layer (text render mode 3) placed
// word by word over the printed words, so that selecting and searching in any viewer finds
// the right characters at the right place. The construction follows Tesseract's PDF
// renderer: a Type0 font with Identity-H encoding whose character codes are UTF-16 code
// units, a ToUnicode map that is the identity, and Tesseract's one-glyph "GlyphLessFont"
// embedded when it is installed. Vertical words run top to bottom.
#include <opencv2/imgcodecs.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "newsocr/atomic_file.hpp"
#include "newsocr/output.hpp"
#include "newsocr/text.hpp"

namespace newsocr {

namespace fs = std::filesystem;

namespace {

// Tesseract's glyph-less font (pdf.ttf beside the language data), "" when not installed;
// read once for the whole run.
const std::string& glyphless_font() {
    static const std::string font = [] {
        std::vector<std::filesystem::path> dirs;
        if (const char* prefix = std::getenv("TESSDATA_PREFIX")) dirs.emplace_back(prefix);
        for (const char* d : {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata"})
            dirs.emplace_back(d);
        for (const auto& d : dirs) {
            std::error_code ec;
            if (fs::exists(d / "pdf.ttf", ec)) return read_file(d / "pdf.ttf");
        }
        return std::string();
    }();
    return font;
}

// UTF-16BE code units of a text as a PDF hex string body.
std::string utf16_hex(const std::string& text) {
    std::string out;
    auto unit = [&out](unsigned u) { out += fmt::format("{:04X}", u); };
    for (char32_t c : code_points(text)) {
        if (c >= 0x10000) {
            c -= 0x10000;
            unit(0xD800 + (static_cast<unsigned>(c) >> 10));
            unit(0xDC00 + (static_cast<unsigned>(c) & 0x3FF));
        } else {
            unit(static_cast<unsigned>(c));
        }
    }
    return out;
}

// PDF objects numbered from 1, each written once, with their byte offsets for the xref table.
class PdfFile {
public:
    PdfFile() { out_ << "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n"; }
    void object(int number, const std::string& body) {
        offsets_.resize(std::max<size_t>(offsets_.size(), static_cast<size_t>(number)));
        offsets_[static_cast<size_t>(number - 1)] = static_cast<long>(out_.tellp());
        out_ << number << " 0 obj\n" << body << "\nendobj\n";
    }
    void stream(int number, const std::string& dictionary_entries, std::string_view data) {
        object(number, "<< " + dictionary_entries + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + std::string(data) +
                           "\nendstream");
    }
    std::string finish(int root, int info) {
        const long xref = static_cast<long>(out_.tellp());
        out_ << "xref\n0 " << offsets_.size() + 1 << "\n0000000000 65535 f \n";
        for (long o : offsets_) out_ << fmt::format("{:010d} 00000 n \n", o);
        out_ << "trailer\n<< /Size " << offsets_.size() + 1 << " /Root " << root << " 0 R /Info " << info << " 0 R >>\nstartxref\n"
             << xref << "\n%%EOF\n";
        return out_.str();
    }

private:
    std::ostringstream out_;
    std::vector<long> offsets_;
};

std::string pdf_text_string(const std::string& s) {
    std::string out = "(";
    for (char c : s) {
        if (c == '(' || c == ')' || c == '\\') out += '\\';
        out += c;
    }
    return out + ")";
}

}  // namespace

std::string searchable_pdf(const Page& page, const cv::Mat& image, std::string_view version) {
    const double scale = 72.0 / (page.dpi > 0 ? page.dpi : 300);  // pixels to points
    const double width = page.width * scale, height = page.height * scale;

    std::vector<unsigned char> jpeg;
    cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, 85});
    const bool color = image.channels() == 3;

    // The text layer: one text object per word, scaled to the word's box.
    std::string text = "BT\n3 Tr\n";
    for (const auto& block : page.blocks) {
        const bool vertical = block.direction == Direction::Vertical;
        for (const auto& line : block.lines) {
            for (const auto& w : line_words(line)) {
                const size_t n = code_points(w.text).size();
                if (n == 0 || w.box.empty()) continue;
                const double x0 = w.box.x0 * scale, x1 = w.box.x1 * scale;
                const double top = height - w.box.y0 * scale, bottom = height - w.box.y1 * scale;
                if (!vertical) {
                    // Glyphs are one em wide (the font's default width): stretch n of them over the box.
                    const double size = top - bottom, stretch = 100.0 * (x1 - x0) / (size * static_cast<double>(n));
                    text += fmt::format("/F1 {:.2f} Tf {:.1f} Tz 1 0 0 1 {:.2f} {:.2f} Tm <{}> Tj\n", size, stretch, x0,
                                        bottom + 0.2 * size, utf16_hex(w.text));
                } else {
                    // Turned a quarter clockwise, so the text runs down the column.
                    const double size = x1 - x0, stretch = 100.0 * (top - bottom) / (size * static_cast<double>(n));
                    text += fmt::format("/F1 {:.2f} Tf {:.1f} Tz 0 -1 1 0 {:.2f} {:.2f} Tm <{}> Tj\n", size, stretch,
                                        x0 + 0.2 * size, top, utf16_hex(w.text));
                }
            }
        }
    }
    text += "ET\n";
    const std::string contents = fmt::format("q {:.2f} 0 0 {:.2f} 0 0 cm /Im1 Do Q\n", width, height) + text;

    const std::string& font_file = glyphless_font();
    PdfFile pdf;
    pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    pdf.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.object(3, fmt::format("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {:.2f} {:.2f}] /Contents 4 0 R "
                              "/Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
                              width, height));
    pdf.stream(4, "", contents);
    pdf.stream(5,
               fmt::format("/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /{} /BitsPerComponent 8 /Filter /DCTDecode",
                           image.cols, image.rows, color ? "DeviceRGB" : "DeviceGray"),
               std::string_view(reinterpret_cast<const char*>(jpeg.data()), jpeg.size()));
    pdf.object(6, "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [7 0 R] "
                  "/ToUnicode 9 0 R >>");
    pdf.object(7, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDToGIDMap /Identity "
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>");
    pdf.object(8, std::string("<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 500 1000] /ItalicAngle 0 "
                              "/Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80") +
                      (font_file.empty() ? "" : " /FontFile2 10 0 R") + " >>");
    pdf.stream(9, "",
               "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
               "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
               "1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\n"
               "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    pdf.stream(10, "/Length1 " + std::to_string(font_file.size()), font_file);
    pdf.object(11, "<< /Producer " + pdf_text_string("newsocr " + std::string(version)) + " >>");
    return pdf.finish(1, 11);
}

}  // namespace newsocr
