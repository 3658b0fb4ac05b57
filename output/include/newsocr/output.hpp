// Outputs: writers for every format, all from the same page record.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "newsocr/model.hpp"

namespace newsocr {

enum class Format { Json, Markdown, Alto, PageXml, Hocr, Pdf, Text, LayoutImage };

std::optional<Format> parse_format(std::string_view name);  // "json", "md", "alto", "page", "hocr", "pdf", "txt", "layout"
std::string_view extension(Format f);                       // ".json", ".md", ".alto.xml", ...

struct OutputOptions {
    std::vector<Format> formats = {Format::Json, Format::Markdown};
    std::string version;  // newsocr version, named in ALTO, hOCR and PDF metadata
};

// The words of a line that have text; a line without word boxes (a PDF text layer) is one word.
std::vector<Word> line_words(const Line& line);

// Library formats of one page. Blocks come in reading order: each article's blocks, then
// the rest. `created` (xs:dateTime) dates the PAGE file; callers pass a stable time (the
// input's modification time) so that reruns write identical files.
std::string alto_xml(const Page& page, std::string_view version);
std::string page_xml(const Page& page, std::string_view created);
std::string hocr(const Page& page, std::string_view version);
// Articles as plain text: title, subtitle, byline and paragraphs one per line with a blank
// line between them, two blank lines between articles.
std::string articles_text(const std::vector<Article>& articles);
// The page image (`image`, the input as given) with an invisible, selectable text layer.
std::string searchable_pdf(const Page& page, const cv::Mat& image, std::string_view version);

// Articles in reading order: "# title", "## subtitle", byline, then one paragraph per
// line, blank lines between.
std::string articles_markdown(const std::vector<Article>& articles);
std::string page_markdown(const Page& page);

// The page with its blocks drawn by role (colour) and direction (a short arrow from the first
// line's start), separators and photos, for a person to check what layout analysis found.
// `gray` is the input image as given; the page's boxes are in its pixels.
cv::Mat render_layout(const cv::Mat& gray, const Page& page);

// Writes OUTDIR/<stem><extension> for each format, each atomically. `image` is the page
// as given (for formats that embed it). Returns the paths written.
std::vector<std::filesystem::path> write_page_outputs(const Page& page, const cv::Mat& image,
                                                      const std::filesystem::path& out_dir, const std::string& stem,
                                                      const OutputOptions& options);

// The issue-level outputs: `<name>.json` (pages and joined articles) and `<name>.md`
// under `out_dir`, atomically. Returns the paths written.
std::vector<std::filesystem::path> write_issue_outputs(const Issue& issue, const std::filesystem::path& out_dir,
                                                       const std::string& name);

}  // namespace newsocr
