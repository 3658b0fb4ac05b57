// The pipeline of one page: ingest -> preprocess -> layout -> OCR -> articles ->
// paragraphs -> outputs. Each stage is a plain function with its options in a struct.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "newsocr/articles.hpp"
#include "newsocr/ingest.hpp"
#include "newsocr/layout.hpp"
#include "newsocr/model.hpp"
#include "newsocr/ocr.hpp"
#include "newsocr/output.hpp"
#include "newsocr/paragraphs.hpp"
#include "newsocr/preprocess.hpp"

namespace newsocr {

struct PipelineOptions {
    IngestOptions ingest;
    PreprocessOptions preprocess;
    LayoutOptions layout;
    OcrOptions ocr;
    ArticleOptions articles;
    ParagraphOptions paragraphs;
    OutputOptions output;
    bool layout_only = false;  // stop after layout analysis: blocks without text, no articles
    double page_timeout_seconds = 0;  // OCR still running this long after a page started is cancelled; 0: no limit
};

// What of the options shapes the outputs, as text: a page is redone when it changes.
std::string options_fingerprint(const PipelineOptions& options);

// Raised for a page that cannot give a result (for example a blank page); what() says why.
class PageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The OCR engine of the calling thread, created on first use (a born-digital page needs none).
using EngineProvider = std::function<OcrEngine&()>;

// Every stage after ingest for one page. Boxes in the result are in pixels of the input as
// given. Throws PageError or InputError.
Page process_page(const PageImage& input, const EngineProvider& engine, const PipelineOptions& options);

// Output file stem of a page: the file name without its last extension, "-p<N>" added for
// pages of a multi-page input.
std::string page_stem(const std::filesystem::path& source, int page, int page_count);

struct InputFile {
    std::filesystem::path path;
    std::string name;  // outputs' path under OUTDIR without extension: "page1", "issue-05/page1"
};

// Input files of the given paths: files as given (named by their stem), directories walked
// in natural sort order ("page2" before "page10"; named by their path inside the
// directory), hidden files skipped. Names stay unique: inputs that differ only in extension
// keep it ("scan-tif"), others sharing a name are numbered ("scan-2").
std::vector<InputFile> expand_inputs(const std::vector<std::filesystem::path>& paths);

}  // namespace newsocr
