#include "newsocr/run.hpp"

#include <chrono>
#include <memory>

#include <spdlog/spdlog.h>

namespace newsocr {

namespace fs = std::filesystem;

int RunSummary::failed() const {
    int n = 0;
    for (const auto& p : pages) n += !p.ok;
    return n;
}

int RunSummary::succeeded() const { return static_cast<int>(pages.size()) - failed(); }

int exit_code(const RunSummary& summary) {
    if (summary.pages.empty()) return kExitCannotStart;
    if (summary.failed() == 0) return kExitOk;
    return summary.succeeded() > 0 ? kExitPartial : kExitAllFailed;
}

namespace {

PageOutcome process_one(const fs::path& file, int page, int page_count, const RunOptions& run,
                        const PipelineOptions& options, const EngineProvider& engine) {
    PageOutcome outcome;
    outcome.source = file.string();
    outcome.page = page;
    outcome.stem = page_stem(file, page, page_count);
    const auto start = std::chrono::steady_clock::now();
    try {
        const PageImage image = load_page(file, page, options.ingest);
        const Page result = process_page(image, engine, options);
        outcome.outputs = write_page_outputs(result, image.gray, run.out_dir, outcome.stem, options.output);
        outcome.ok = true;
    } catch (const std::exception& e) {
        outcome.error = e.what();
    }
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
}

}  // namespace

RunSummary run_pages(const RunOptions& run, const PipelineOptions& options) {
    RunSummary summary;
    std::unique_ptr<OcrEngine> engine;
    const EngineProvider provider = [&]() -> OcrEngine& {
        if (!engine) engine = make_tesseract_engine(options.ocr);
        return *engine;
    };
    for (const auto& file : expand_inputs(run.inputs)) {
        int pages = 0;
        try {
            pages = count_pages(file, options.ingest);
        } catch (const std::exception& e) {
            summary.pages.push_back({file.string(), 1, page_stem(file, 1, 1), false, e.what(), {}, 0});
            spdlog::error("{}", e.what());
            continue;
        }
        for (int p = 1; p <= pages; ++p) {
            auto outcome = process_one(file, p, pages, run, options, provider);
            if (outcome.ok)
                spdlog::info("{} page {}: {:.1f} s", outcome.source, p, outcome.seconds);
            else
                spdlog::error("{}", outcome.error);
            summary.pages.push_back(std::move(outcome));
        }
    }
    return summary;
}

}  // namespace newsocr
