#include <chrono>
#include <stdexcept>

#include <fmt/chrono.h>

#include <opencv2/imgcodecs.hpp>

#include "newsocr/atomic_file.hpp"
#include "newsocr/output.hpp"
#include "newsocr/text.hpp"
#include "newsocr/page_json.hpp"

namespace newsocr {

namespace {
struct FormatName {
    Format format;
    std::string_view name, extension;
};
constexpr FormatName kFormats[] = {
    {Format::Json, "json", ".json"},       {Format::Markdown, "md", ".md"},   {Format::Alto, "alto", ".alto.xml"},
    {Format::PageXml, "page", ".page.xml"}, {Format::Hocr, "hocr", ".hocr"}, {Format::Pdf, "pdf", ".pdf"},
    {Format::Text, "txt", ".txt"},         {Format::LayoutImage, "layout", ".layout.png"},
};
// The input's modification time as xs:dateTime (UTC): a date for the outputs that need one
// which does not change from run to run.
std::string source_time(const std::string& source) {
    std::error_code ec;
    const auto written = std::filesystem::last_write_time(source, ec);
    if (ec) return "1970-01-01T00:00:00Z";
    const auto seconds = std::chrono::floor<std::chrono::seconds>(std::chrono::file_clock::to_sys(written));
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", seconds);
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
    for (const auto& f : kFormats)
        if (f.name == name) return f.format;
    return std::nullopt;
}

std::string_view extension(Format format) {
    for (const auto& f : kFormats)
        if (f.format == format) return f.extension;
    return ".out";
}

std::string page_markdown(const Page& page) {
    std::string md = articles_markdown(page.articles);
    // Adverts are no article's: their text is listed apart, after the articles, a block a line.
    std::string adverts;
    for (const auto& b : page.blocks) {
        if (b.role != Role::Advert || b.text.empty()) continue;
        std::string line;
        for (const auto& l : b.lines) append_word(line, l.text);
        adverts += "- " + (line.empty() ? b.text : line) + "\n";
    }
    if (!adverts.empty()) md += (md.empty() ? "" : "\n") + std::string("## Adverts\n\n") + adverts;
    return md;
}

std::string articles_markdown(const std::vector<Article>& articles) {
    std::string md;
    auto para = [&md](const std::string& s) {
        if (s.empty()) return;
        if (!md.empty()) md += "\n";
        md += s + "\n";
    };
    for (const auto& a : articles) {
        para(a.kicker.empty() ? "" : "*" + a.kicker + "*");
        para(a.title.empty() ? "" : "# " + a.title);
        para(a.subtitle.empty() ? "" : "## " + a.subtitle);
        para(a.byline);
        for (const auto& p : a.paragraphs) para(p);
    }
    return md;
}

std::vector<std::filesystem::path> write_page_outputs(const Page& page, const cv::Mat& image, const std::filesystem::path& out_dir,
                                                      const std::string& stem, const OutputOptions& options) {
    std::vector<std::filesystem::path> written;
    for (const Format f : options.formats) {
        const auto path = out_dir / (stem + std::string(extension(f)));
        switch (f) {
            case Format::Json: write_file_atomic(path, to_json(page).dump(1) + "\n"); break;
            case Format::Markdown: write_file_atomic(path, page_markdown(page)); break;
            case Format::LayoutImage: {
                std::vector<unsigned char> png;
                cv::imencode(".png", render_layout(image, page), png);
                write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
                break;
            }
            case Format::Alto: write_file_atomic(path, alto_xml(page, options.version)); break;
            case Format::PageXml: write_file_atomic(path, page_xml(page, source_time(page.source))); break;
            case Format::Hocr: write_file_atomic(path, hocr(page, options.version)); break;
            case Format::Text: write_file_atomic(path, articles_text(page.articles)); break;
            case Format::Pdf: write_file_atomic(path, searchable_pdf(page, image, options.version)); break;
        }
        written.push_back(path);
    }
    return written;
}

std::vector<std::filesystem::path> write_issue_outputs(const Issue& issue, const std::filesystem::path& out_dir,
                                                       const std::string& name) {
    const auto json_path = out_dir / (name + ".json"), md_path = out_dir / (name + ".md");
    write_file_atomic(json_path, to_json(issue).dump(1) + "\n");
    write_file_atomic(md_path, articles_markdown(issue.articles));
    return {json_path, md_path};
}

}  // namespace newsocr
