// A run: many input files through the page pipeline, each page's outputs written to the
// output folder, in parallel. A page that fails is recorded with its reason and the run goes
// on; pages whose input, options and version are unchanged since their last run are skipped.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "newsocr/manifest.hpp"
#include "newsocr/pipeline.hpp"

namespace newsocr {

// The part of a run's inputs one machine takes: every count-th input file from the
// index-th (1-based), so shards split the same input list the same way everywhere.
struct Shard {
    int index = 1, count = 1;
};
// "K/N" with 1 <= K <= N; throws std::invalid_argument saying what is wrong.
Shard parse_shard(std::string_view text);

struct RunOptions {
    std::vector<std::filesystem::path> inputs;  // files or directories
    std::filesystem::path out_dir;
    int jobs = 0;        // pages in parallel; 0: all cores
    bool force = false;  // redo pages even when up to date
    Shard shard;
    std::string version;     // recorded with every page; a new version redoes pages
    bool finalise = true;    // end with the manifest, report and issue outputs (see finalise_run)
    std::filesystem::path truth_dir;  // ground truth of (some of) the pages: evaluated in the report
};

struct PageOutcome {
    PageRecord record;
    bool skipped = false;  // up to date from an earlier run
};

struct RunSummary {
    std::vector<PageOutcome> pages;  // in input order
    int failed() const;
    int succeeded() const;  // including skipped
    int skipped() const;
};

// Exit codes of the command line: every page done, some still pending (slurm status), could
// not start, some failed, all failed.
enum ExitCode : int { kExitOk = 0, kExitPending = 1, kExitCannotStart = 2, kExitPartial = 3, kExitAllFailed = 4 };
int exit_code(size_t pages, size_t failed);
int exit_code(const RunSummary& summary);

// Called once per page as it finishes (from one thread at a time), with pages finished so far
// and the total: for progress display and logs.
using PageFinished = std::function<void(const PageOutcome&, size_t done, size_t total)>;

// Throws std::runtime_error when the run cannot start (no output folder).
RunSummary run_pages(const RunOptions& run, const PipelineOptions& options, const PageFinished& finished = {});

// Progress of a sharded run from the records in its output folder: per shard, the input
// files done, failed (with reasons) and not done yet.
struct ShardProgress {
    Shard shard;
    int done = 0, failed = 0, pending = 0;
    std::vector<std::string> failures;  // "source: reason"
};
std::vector<ShardProgress> shard_progress(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& out_dir,
                                          int shard_count);

// The end of a run, or the merge of a sharded one, from every page record in OUTDIR:
// manifest.json, the quality report, and the issue-level outputs (pages of one folder or one
// multi-page file, continued articles joined), with the evaluation against `truth_dir` when
// given. Returns the records.
std::vector<PageRecord> finalise_run(const std::filesystem::path& out_dir, const std::string& version,
                                     const std::filesystem::path& truth_dir = {});

}  // namespace newsocr
