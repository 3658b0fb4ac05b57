// newsocr command line: a thin layer that turns options into the pipeline's structs.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "newsocr/atomic_file.hpp"
#include "newsocr/evaluation.hpp"
#include "newsocr/run.hpp"
#include "newsocr/text.hpp"
#include "slurm.hpp"

namespace {

using namespace newsocr;
namespace fs = std::filesystem;

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
    std::string input;
    if (file.empty() || file == "-") {
        std::stringstream text;
        text << std::cin.rdbuf();
        input = text.str();
    } else {
        try {
            input = read_file(file);
        } catch (const std::exception& e) {
            std::cerr << e.what() << "\n";
            return kExitAllFailed;
        }
    }
    try {
        require_utf8(input, file.empty() || file == "-" ? "standard input" : file);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return kExitAllFailed;
    }
    const auto paragraphs = rejoin_text(input, options);
    for (size_t i = 0; i < paragraphs.size(); ++i) std::cout << (i ? "\n" : "") << paragraphs[i] << "\n";
    return kExitOk;
}

// `newsocr eval --gt GTDIR --pred OUTDIR`: figures per page and overall on standard output.
int eval_command(const fs::path& truth_dir, const fs::path& found_dir, const std::string& json_file) {
    Evaluation evaluation;
    try {
        evaluation = evaluate_folders(truth_dir, found_dir);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return kExitCannotStart;
    }
    auto row = [](const std::string& name, const EvaluationScores& s) {
        return fmt::format("{:<24} {:>6.4f} {:>7.4f} {:>6.4f} {:>6.4f} {:>6.4f}  {:>3}/{:<3}", name, s.cer, s.char_f1, s.segmentation_f1,
                           s.title_accuracy, s.paragraph_f1, s.found_articles, s.truth_articles);
    };
    std::cout << fmt::format("{:<24} {:>6} {:>7} {:>6} {:>6} {:>6}  {}\n", "page", "CER", "char F1", "seg F1", "titles", "para F1",
                             "articles found/truth");
    for (const auto& p : evaluation.pages)
        std::cout << row(p.id, scores(p.counts)) << (p.problem ? "  " + *p.problem : "") << "\n";
    std::cout << row("OVERALL", scores(evaluation.total)) << "\n";
    if (!json_file.empty()) write_file_atomic(json_file, to_json(evaluation).dump(1) + "\n");
    return kExitOk;
}

void setup_logging(bool quiet, bool verbose, const std::string& log_file) {
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_pattern("%^%l%$: %v");
    console->set_level(quiet ? spdlog::level::err : verbose ? spdlog::level::debug : spdlog::level::info);
    std::vector<spdlog::sink_ptr> sinks{console};
    if (!log_file.empty()) {
        auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(log_file);
        file->set_pattern("%Y-%m-%d %H:%M:%S %l: %v");
        file->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
        sinks.push_back(file);
    }
    auto logger = std::make_shared<spdlog::logger>("newsocr", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
}

// Pages done on a terminal: one status line redrawn (done / total, pages per minute, time
// left); elsewhere a log line per page. Failures are always logged.
class Progress {
public:
    explicit Progress(bool quiet) : quiet_(quiet), terminal_(::isatty(STDERR_FILENO) != 0) {}
    ~Progress() {
        if (drawn_) std::cerr << "\n";
    }

    void page_done(const PageOutcome& o, size_t done, size_t total) {
        const auto& r = o.record;
        if (!o.skipped) ++processed_;
        if (!r.ok) {
            clear_line();
            spdlog::error("{}", r.error);
        } else if (!terminal_) {
            if (o.skipped) spdlog::debug("{} page {}: up to date", r.source, r.page);
            else spdlog::info("[{}/{}] {} page {}: {:.1f} s", done, total, r.source, r.page, r.seconds);
        }
        if (terminal_ && !quiet_) draw(done, total);
    }

private:
    void clear_line() {
        if (drawn_) std::cerr << "\r\033[K";
    }
    void draw(size_t done, size_t total) {
        const double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() / 60;
        const double rate = minutes > 0 ? processed_ / minutes : 0;
        const int width = 30, filled = static_cast<int>(width * done / std::max<size_t>(total, 1));
        std::string bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
        std::string eta = rate > 0 ? fmt::format("{:.0f} min left", (total - done) / rate) : "";
        std::cerr << fmt::format("\r\033[K{} {}/{} pages  {:.1f} pages/min  {}", bar, done, total, rate, eta) << std::flush;
        drawn_ = true;
    }

    bool quiet_, terminal_, drawn_ = false;
    size_t processed_ = 0;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

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
    std::string input_list, shard, log_file;
    app.add_option("--input-list", input_list, "a file listing inputs, one path per line (added to those given)");
    app.add_flag("--force", run.force, "redo every page, even those whose input, options and version are unchanged");
    app.add_option("--shard", shard, "K/N: take only every N-th input file from the K-th (1-based), for several machines");
    app.add_option("--page-timeout", options.page_timeout_seconds, "seconds of OCR after which a page is given up (0: no limit)")
        ->capture_default_str();
    app.add_option("--log-file", log_file, "also write the log to this file");
    app.add_flag("--debug-layout", debug_layout, "also write <stem>.layout.png: the page with the blocks found drawn on it");
    app.add_flag("--layout-only", options.layout_only, "stop after layout analysis (blocks without text; no OCR)");
    app.add_flag("-v,--verbose", verbose, "log every step");
    app.add_flag("-q,--quiet", quiet, "log errors only");
    app.add_flag("--normalise-punctuation", options.paragraphs.normalise_punctuation,
                 "full-width punctuation between CJK characters (\",\" -> \"，\"); digits and Latin kept");

    app.add_option("--gt", run.truth_dir, "ground truth of pages (newsocr JSON, .gt.json or .txt per page): evaluated in the report");

    CLI::App* merge = app.add_subcommand("merge", "after sharded runs: manifest, report and issue outputs of an output folder");
    std::string merge_dir;
    merge->add_option("outdir", merge_dir, "output folder the shards wrote to")->required();
    merge->add_option("--gt", run.truth_dir, "ground truth to evaluate in the report");

    CLI::App* eval = app.add_subcommand("eval", "score outputs against ground truth: CER, character F1, article segmentation, titles, paragraphs");
    std::string eval_json;
    eval->add_option("--gt", run.truth_dir, "ground truth: <id>.gt.json, <id>.json (newsocr page JSON) or <id>.txt per page")->required();
    eval->add_option("--pred", run.out_dir, "outputs to score: <id>.json or <id>.txt per page")->required();
    eval->add_option("--json", eval_json, "also write the figures per page and overall to this file");

    CLI::App* rejoin = app.add_subcommand("rejoin", "rejoin bare text broken at the column width into paragraphs (stdout)");
    std::string rejoin_file;
    rejoin->add_option("file", rejoin_file, "UTF-8 text file (default: standard input)");
    rejoin->add_flag("--normalise-punctuation", options.paragraphs.normalise_punctuation, "full-width punctuation in CJK context");

    CLI::App* slurm = app.add_subcommand("slurm", "run on a Slurm cluster: one array job of shards and a merge job");
    slurm->require_subcommand(1);
    CLI::App* submit = slurm->add_subcommand("submit", "submit INPUT... as N shards writing into OUTDIR (a shared folder); "
                                                       "other options go to sbatch (--partition=..., --time=...)");
    SlurmSubmit slurm_run;
    submit->add_option("inputs", slurm_run.inputs, "page files or directories")->required();
    submit->add_option("-o,--output", slurm_run.out_dir, "output folder on a file system every node sees")->required();
    submit->add_option("--shards", slurm_run.shards, "array tasks (each runs --shard K/N)")->capture_default_str();
    submit->add_option("--run-options", slurm_run.run_options, "options for every shard's newsocr, e.g. \"--formats json,alto\"");
    submit->allow_extras();
    CLI::App* status = slurm->add_subcommand("status", "progress of a submitted run from its output folder");
    std::string status_dir;
    status->add_option("outdir", status_dir, "output folder of the run")->required();

    try {
        app.parse(argc, argv);
        options.output.formats = parse_formats(formats + (debug_layout ? ",layout" : ""));
        if (!rejoin->parsed() && !merge->parsed() && !eval->parsed() && !slurm->parsed() && ((inputs.empty() && input_list.empty()) || run.out_dir.empty()))
            throw CLI::RequiredError(run.out_dir.empty() ? "--output" : "inputs");
        if (!shard.empty()) try {
                run.shard = parse_shard(shard);
                run.finalise = run.shard.count == 1;
            } catch (const std::invalid_argument& e) {
                throw CLI::ValidationError("--shard", e.what());
            }
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : kExitCannotStart;
    }
    if (rejoin->parsed()) return rejoin_command(rejoin_file, options.paragraphs);
    if (eval->parsed()) return eval_command(run.truth_dir, run.out_dir, eval_json);
    if (status->parsed()) return slurm_status(status_dir);
    if (submit->parsed()) {
        slurm_run.sbatch_options = submit->remaining();
        slurm_run.binary = fs::read_symlink("/proc/self/exe");
        return slurm_submit(slurm_run);
    }

    setup_logging(quiet, verbose, log_file);
    run.version = NEWSOCR_VERSION;
    options.output.version = run.version;
    if (merge->parsed()) {
        const auto records = finalise_run(merge_dir, run.version, run.truth_dir);
        const auto failed = static_cast<size_t>(std::count_if(records.begin(), records.end(), [](const PageRecord& r) { return !r.ok; }));
        spdlog::info("{}: {} pages, {} failed; report.html written", merge_dir, records.size(), failed);
        return exit_code(records.size(), failed);
    }
    if (!input_list.empty()) {
        try {
            const std::string list = read_file(input_list);
            require_utf8(list, input_list);
            std::istringstream lines(list);
            for (std::string line; std::getline(lines, line);) {
                if (line.ends_with('\r')) line.pop_back();
                if (!line.empty() && !line.starts_with("#")) inputs.push_back(line);
            }
        } catch (const std::exception& e) {
            spdlog::error("{}", e.what());
            return kExitCannotStart;
        }
    }
    if (dpi > 0) {
        options.ingest.dpi = dpi;
        options.ingest.pdf_render_dpi = dpi;
    }
    options.ingest.pdf_text = pdf_text == "always" ? PdfTextMode::Always : pdf_text == "never" ? PdfTextMode::Never : PdfTextMode::Auto;
    run.inputs.assign(inputs.begin(), inputs.end());

    RunSummary summary;
    try {
        Progress progress(quiet);
        summary = run_pages(run, options, [&progress](const PageOutcome& o, size_t done, size_t total) { progress.page_done(o, done, total); });
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitCannotStart;
    }
    const int code = exit_code(summary);
    if (summary.pages.empty()) spdlog::error("no input pages found");
    else spdlog::info("{} of {} pages done ({} up to date from an earlier run), {} failed; outputs in {}", summary.succeeded(),
                      summary.pages.size(), summary.skipped(), summary.failed(), run.out_dir.string());
    return code;
}
