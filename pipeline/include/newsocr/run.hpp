// A run: many input files through the page pipeline, each page's outputs written to the
// output folder. A page that fails is recorded with its reason and the run goes on.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "newsocr/pipeline.hpp"

namespace newsocr {

struct RunOptions {
    std::vector<std::filesystem::path> inputs;  // files or directories
    std::filesystem::path out_dir;
    int jobs = 0;  // 0: all cores
};

struct PageOutcome {
    std::string source;
    int page = 1;
    std::string stem;
    bool ok = false;
    std::string error;  // why it failed, naming the file
    std::vector<std::filesystem::path> outputs;
    double seconds = 0;
};

struct RunSummary {
    std::vector<PageOutcome> pages;
    int failed() const;
    int succeeded() const;
};

// Exit codes of the command line: every page done, some failed, all failed, could not start.
enum ExitCode : int { kExitOk = 0, kExitCannotStart = 2, kExitPartial = 3, kExitAllFailed = 4 };
int exit_code(const RunSummary& summary);

RunSummary run_pages(const RunOptions& run, const PipelineOptions& options);

}  // namespace newsocr
