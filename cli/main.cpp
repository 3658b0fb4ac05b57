// newsocr command line: a thin layer that turns options into the pipeline's structs.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "newsocr/run.hpp"
#include "newsocr/text.hpp"

namespace {

using namespace newsocr;

std::vector<Format> parse_formats(const std::string& list) {
    std::vector<Format> out;
    std::stringstream ss(list);
    for (std::string name; std::getline(ss, name, ',');) {
        if (name.empty()) continue;
        const auto f = parse_format(name);
        if (!f) throw CLI::ValidationError("--formats", "unknown format \"" + name + "\" (json, md, alto, page, hocr, pdf, txt, layout)");
        out.push_back(*f);
    }
    return out;
}

// `newsocr rejoin [FILE]`: bare text broken at the column width, rejoined into paragraphs
// separated by one blank line on standard output.
int rejoin_command(const std::string& file, const ParagraphOptions& options) {
    std::stringstream text;
    if (file.empty() || file == "-") {
        text << std::cin.rdbuf();
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::cerr << file << ": cannot open file for reading\n";
            return kExitAllFailed;
        }
        text << in.rdbuf();
    }
    const std::string input = text.str();
    if (!valid_utf8(input)) {
        std::cerr << (file.empty() ? "standard input" : file) << ": not UTF-8 text\n";
        return kExitAllFailed;
    }
    const auto paragraphs = rejoin_text(input, options);
    for (size_t i = 0; i < paragraphs.size(); ++i) std::cout << (i ? "\n" : "") << paragraphs[i] << "\n";
    return kExitOk;
}

}  // namespace

// Tesseract's OpenMP threads fight page-level workers (and spin in the kernel): limit them.
// OpenMP reads the variable when the library loads, so it must be set before this process
// starts: set it and start again.
void limit_openmp_threads(char** argv) {
    if (std::getenv("OMP_THREAD_LIMIT")) return;
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);  // returns only on failure: go on unlimited
}

int main(int argc, char** argv) {
    limit_openmp_threads(argv);
    CLI::App app{"newsocr: scanned newspaper pages to structured articles"};
    app.set_version_flag("--version", std::string(NEWSOCR_VERSION));

    RunOptions run;
    PipelineOptions options;
    std::vector<std::string> inputs;
    std::string formats = "json,md", pdf_text = "auto";
    int dpi = 0;
    bool verbose = false, quiet = false, debug_layout = false;

    app.add_option("inputs", inputs, "page files (PNG, JPEG, TIFF, PDF) or directories");
    app.add_option("-o,--output", run.out_dir, "output folder");
    app.add_option("--formats", formats, "outputs: json,md,alto,page,hocr,pdf,txt,layout")->capture_default_str();
    app.add_option("--lang", options.ocr.languages, "Tesseract languages for horizontal text (vertical uses the _vert models)")
        ->capture_default_str();
    app.add_option("--dpi", dpi, "resolution of image inputs and rendered PDFs (default: metadata, else estimated; PDFs 300)");
    app.add_option("--pdf-text", pdf_text, "use a PDF's text layer: auto (when present), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    app.add_option("-j,--jobs", run.jobs, "pages processed in parallel (0: all cores)")->capture_default_str();
    app.add_flag("--debug-layout", debug_layout, "also write <stem>.layout.png: the page with the blocks found drawn on it");
    app.add_flag("--layout-only", options.layout_only, "stop after layout analysis (blocks without text; no OCR)");
    app.add_flag("-v,--verbose", verbose, "log every step");
    app.add_flag("-q,--quiet", quiet, "log errors only");
    app.add_flag("--normalise-punctuation", options.paragraphs.normalise_punctuation,
                 "full-width punctuation between CJK characters (\",\" -> \"，\"); digits and Latin kept");

    CLI::App* rejoin = app.add_subcommand("rejoin", "rejoin bare text broken at the column width into paragraphs (stdout)");
    std::string rejoin_file;
    rejoin->add_option("file", rejoin_file, "UTF-8 text file (default: standard input)");
    rejoin->add_flag("--normalise-punctuation", options.paragraphs.normalise_punctuation, "full-width punctuation in CJK context");

    try {
        app.parse(argc, argv);
        options.output.formats = parse_formats(formats + (debug_layout ? ",layout" : ""));
        if (!rejoin->parsed() && (inputs.empty() || run.out_dir.empty()))
            throw CLI::RequiredError(inputs.empty() ? "inputs" : "--output");
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : kExitCannotStart;
    }
    if (rejoin->parsed()) return rejoin_command(rejoin_file, options.paragraphs);

    spdlog::set_pattern("%^%l%$: %v");
    spdlog::set_level(quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::info);
    if (dpi > 0) {
        options.ingest.dpi = dpi;
        options.ingest.pdf_render_dpi = dpi;
    }
    options.ingest.pdf_text = pdf_text == "always" ? PdfTextMode::Always : pdf_text == "never" ? PdfTextMode::Never : PdfTextMode::Auto;
    run.inputs.assign(inputs.begin(), inputs.end());

    const RunSummary summary = run_pages(run, options);
    const int code = exit_code(summary);
    if (summary.pages.empty()) spdlog::error("no input pages found");
    else spdlog::info("{} of {} pages done, {} failed; outputs in {}", summary.succeeded(), summary.pages.size(), summary.failed(),
                      run.out_dir.string());
    return code;
}
