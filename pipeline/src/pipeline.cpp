#include "newsocr/pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include <opencv2/core.hpp>

namespace newsocr {

namespace fs = std::filesystem;

namespace {

// Every box of the page, found on the upright working image, mapped into the input's pixels.
void map_boxes_to_input(Page& page, const PageGeometry& geometry) {
    auto map = [&geometry](Box& b) { b = geometry.map_to_input(b); };
    for (auto& b : page.blocks) {
        map(b.box);
        b.font_size = static_cast<float>(b.font_size / geometry.scale);
        for (auto& l : b.lines) {
            map(l.box);
            for (auto& w : l.words) map(w.box);
        }
    }
    for (auto& a : page.articles)
        for (auto& r : a.regions) map(r.box);
    for (auto& c : page.captions) map(c.box);
    for (auto& a : page.printed_areas) map(a);
}

bool is_blank(const cv::Mat& binary) {
    // Less ink than a short line of text: nothing to read.
    return cv::countNonZero(binary) < std::max(200, binary.rows * binary.cols / 20000);
}

}  // namespace

Page process_page(const PageImage& input, const EngineProvider& engine, const PipelineOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    Page page;
    page.source = input.source;
    page.page = input.page;
    page.width = input.gray.cols;
    page.height = input.gray.rows;
    page.warnings = input.warnings;

    // A born-digital page is upright: no deskew. It is brought to the working scale like a
    // scan (a page rendered at 100 dpi has glyphs too small for layout's measures), and its
    // text layer with it.
    PreprocessOptions pre_options = options.preprocess;
    if (input.text_layer) pre_options.deskew = false;
    const PreprocessedPage pre = preprocess(input.gray, input.dpi, pre_options);
    if (is_blank(pre.binary)) throw PageError(input.source + ": blank page (no text or image found)");
    // The input's own resolution where it is known; else what the working image's implies.
    page.dpi = input.dpi > 0 ? input.dpi : static_cast<int>(std::lround(pre.dpi / pre.geometry.scale));
    page.body_glyph = pre.body_glyph / pre.geometry.scale;
    page.working_scale = pre.geometry.scale;
    page.skew_degrees = pre.geometry.skew_degrees;

    PageLayout layout = analyse_layout(pre, options.layout);
    page.blocks = std::move(layout.blocks);
    page.printed_areas = std::move(layout.printed_areas);
    if (options.layout_only) {
        map_boxes_to_input(page, pre.geometry);
        return page;
    }
    if (input.text_layer) {
        page.text_source = TextSource::PdfText;
        std::vector<Word> words = *input.text_layer;
        for (auto& w : words) w.box = pre.geometry.map_to_working(w.box);
        read_text(pre.gray, pre.dpi, page.blocks, *make_text_layer_reader(std::move(words)));
    } else {
        std::optional<std::chrono::steady_clock::time_point> deadline;
        if (options.page_timeout_seconds > 0)
            deadline = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(options.page_timeout_seconds));
        read_text(pre.gray, pre.dpi, page.blocks, engine(), deadline);
    }

    ArticleLayout articles = group_articles(std::move(page.blocks), options.articles, page.printed_areas);
    page.blocks = std::move(articles.blocks);
    page.articles = std::move(articles.articles);
    page.captions = std::move(articles.captions);
    page.printed_page = articles.printed_page;
    fill_paragraphs(page.articles, page.blocks, options.paragraphs);
    for (auto& a : page.articles) separate_front_matter(a);

    map_boxes_to_input(page, pre.geometry);
    if (page.articles.empty()) page.warnings.push_back("no article text found");
    return page;
}

std::string options_fingerprint(const PipelineOptions& o) {
    nlohmann::json formats = nlohmann::json::array();
    for (const Format f : o.output.formats) formats.push_back(std::string(extension(f)));
    const nlohmann::json j = {
        {"dpi", o.ingest.dpi.value_or(0)},
        {"pdf_render_dpi", o.ingest.pdf_render_dpi},
        {"pdf_text", static_cast<int>(o.ingest.pdf_text)},
        {"languages", o.ocr.languages},
        {"tessdata", o.ocr.tessdata_dir},
        {"normalise_punctuation", o.paragraphs.normalise_punctuation},
        {"typical_paragraph", o.paragraphs.typical_paragraph},
        {"layout_only", o.layout_only},
        {"formats", formats},
    };
    return j.dump();
}

std::string page_stem(const fs::path& source, int page, int page_count) {
    std::string stem = source.stem().string();
    if (page_count > 1) stem += "-p" + std::to_string(page);
    return stem;
}

namespace {
// "page2" < "page10": digit runs compare by value.
bool natural_less(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
            size_t ie = i, je = j;
            while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
            while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
            const auto na = a.substr(i, ie - i), nb = b.substr(j, je - j);
            const auto ta = na.substr(std::min(na.find_first_not_of('0'), na.size()));
            const auto tb = nb.substr(std::min(nb.find_first_not_of('0'), nb.size()));
            if (ta.size() != tb.size()) return ta.size() < tb.size();
            if (ta != tb) return ta < tb;
            i = ie, j = je;
        } else {
            if (a[i] != b[j]) return a[i] < b[j];
            ++i, ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

bool is_page_file(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    static const std::vector<std::string> kExtensions = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf"};
    return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}
}  // namespace

std::vector<InputFile> expand_inputs(const std::vector<fs::path>& paths) {
    std::vector<InputFile> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) {
            out.push_back({p, p.stem().string()});  // a missing or bad file is reported when it is read
            continue;
        }
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied)) {
            const auto name = e.path().filename().string();
            if (e.is_regular_file() && !name.starts_with(".") && is_page_file(e.path())) files.push_back(e.path());
        }
        std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return natural_less(a.string(), b.string()); });
        for (const auto& f : files) out.push_back({f, (f.lexically_relative(p).parent_path() / f.stem()).generic_string()});
    }
    // Inputs differing only in extension (scan.jpg, scan.tif) would write the same outputs:
    // each of them keeps its extension in its name instead.
    std::map<std::string, int> uses;
    for (const auto& f : out) ++uses[f.name];
    for (auto& f : out)
        if (uses[f.name] > 1 && f.path.has_extension()) f.name += "-" + f.path.extension().string().substr(1);
    // Same-named files from different folders given one by one: numbered in input order.
    std::map<std::string, int> seen;
    for (auto& f : out)
        if (const int n = ++seen[f.name]; n > 1) f.name += "-" + std::to_string(n);
    return out;
}

}  // namespace newsocr
