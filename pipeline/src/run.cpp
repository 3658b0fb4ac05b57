#include "newsocr/run.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "newsocr/atomic_file.hpp"
#include "newsocr/evaluation.hpp"
#include "newsocr/page_json.hpp"
#include "newsocr/report.hpp"

#include <opencv2/imgcodecs.hpp>

namespace newsocr {

namespace fs = std::filesystem;

Shard parse_shard(std::string_view text) {
    const auto slash = text.find('/');
    Shard s;
    auto number = [](std::string_view t, int& v) {
        const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
        return r.ec == std::errc() && r.ptr == t.data() + t.size();
    };
    if (slash == std::string_view::npos || !number(text.substr(0, slash), s.index) || !number(text.substr(slash + 1), s.count))
        throw std::invalid_argument("shard \"" + std::string(text) + "\" is not K/N");
    if (s.count < 1 || s.index < 1 || s.index > s.count)
        throw std::invalid_argument("shard \"" + std::string(text) + "\": K must be between 1 and N");
    return s;
}

int RunSummary::failed() const {
    return static_cast<int>(std::count_if(pages.begin(), pages.end(), [](const PageOutcome& p) { return !p.record.ok; }));
}
int RunSummary::succeeded() const { return static_cast<int>(pages.size()) - failed(); }
int RunSummary::skipped() const {
    return static_cast<int>(std::count_if(pages.begin(), pages.end(), [](const PageOutcome& p) { return p.skipped; }));
}

int exit_code(size_t pages, size_t failed) {
    if (pages == 0) return kExitCannotStart;
    if (failed == 0) return kExitOk;
    return failed < pages ? kExitPartial : kExitAllFailed;
}

int exit_code(const RunSummary& summary) { return exit_code(summary.pages.size(), static_cast<size_t>(summary.failed())); }

namespace {

// One page to do: its input, its place in it, and what its record will say.
struct PageTask {
    fs::path file;
    int page = 1, page_count = 1;
    PageRecord record;
};

// The report's picture of a page, kept with the run's records.
fs::path thumbnail_path(const fs::path& out_dir, const std::string& stem) { return out_dir / ".newsocr" / "thumbs" / (stem + ".jpg"); }

std::vector<std::string> relative_to(const std::vector<fs::path>& paths, const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& p : paths) out.push_back(p.lexically_relative(dir).generic_string());
    return out;
}

void process_task(PageTask& task, const RunOptions& run, const PipelineOptions& options, const EngineProvider& engine) {
    PageRecord& r = task.record;
    const auto start = std::chrono::steady_clock::now();
    try {
        const PageImage image = load_page(task.file, task.page, options.ingest);
        const Page page = process_page(image, engine, options);
        r.outputs = relative_to(write_page_outputs(page, image.gray, run.out_dir, r.stem, options.output), run.out_dir);
        std::vector<unsigned char> jpeg;
        cv::imencode(".jpg", render_article_thumbnail(image.gray, page), jpeg, {cv::IMWRITE_JPEG_QUALITY, 70});
        write_file_atomic(thumbnail_path(run.out_dir, r.stem), std::string_view(reinterpret_cast<const char*>(jpeg.data()), jpeg.size()));
        r.ok = true;
    } catch (const std::exception& e) {
        r.error = e.what();
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.finished = utc_now();
}

// The pages of this shard's inputs, each with its record filled but for the outcome. An
// input that cannot be read or counted becomes a task that has already failed.
bool in_shard(size_t file_index, const Shard& shard) { return static_cast<int>(file_index % shard.count) == shard.index - 1; }

// Files are counted and hashed in parallel: on a batch of thousands this reading comes
// before any page is processed, on every run.
std::vector<PageTask> plan(const RunOptions& run, const std::string& options_hash, const PipelineOptions& options) {
    std::vector<InputFile> files;
    const auto all = expand_inputs(run.inputs);
    for (size_t i = 0; i < all.size(); ++i)
        if (in_shard(i, run.shard)) files.push_back(all[i]);
    const std::string host = host_name();
    std::vector<std::vector<PageTask>> per_file(files.size());
    tbb::parallel_for(size_t{0}, files.size(), [&](size_t i) {
        const auto& input = files[i];
        PageRecord base;
        base.source = input.path.string();
        base.stem = input.name;
        base.options_hash = options_hash;
        base.version = run.version;
        base.host = host;
        PageCount count;
        try {
            // Counting first: ingest names the problem of an unreadable file best.
            count = count_pages(input.path, options.ingest);
            base.input_hash = sha256_file(input.path);
        } catch (const std::exception& e) {
            base.error = e.what();
            base.finished = utc_now();
            per_file[i].push_back({input.path, 1, 1, base});
            return;
        }
        // Pages that may follow but cannot be found are a failed record of their own, so that
        // the run says so (and exits 3) instead of passing for a shorter file.
        const int pages = count.pages + (count.missing_pages.empty() ? 0 : 1);
        for (int p = 1; p <= pages; ++p) {
            PageTask t{input.path, p, pages, base};
            t.record.page = p;
            if (pages > 1) t.record.stem += "-p" + std::to_string(p);
            if (p > count.pages) {
                t.record.error = input.path.string() + ": pages after page " + std::to_string(count.pages) +
                                 " cannot be found: " + count.missing_pages;
                t.record.finished = utc_now();
            }
            per_file[i].push_back(std::move(t));
        }
    });
    std::vector<PageTask> tasks;
    for (auto& file_tasks : per_file) std::move(file_tasks.begin(), file_tasks.end(), std::back_inserter(tasks));
    return tasks;
}

}  // namespace

RunSummary run_pages(const RunOptions& run, const PipelineOptions& options, const PageFinished& finished) {
    std::error_code ec;
    fs::create_directories(run.out_dir, ec);
    if (!fs::is_directory(run.out_dir)) throw std::runtime_error(run.out_dir.string() + ": cannot create the output folder");
    remove_stale_temp_files(run.out_dir);

    const int jobs = run.jobs > 0 ? run.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(jobs));
    const std::string options_hash = sha256_text(options_fingerprint(options) + run.version);
    std::vector<PageTask> tasks = plan(run, options_hash, options);

    RunSummary summary;
    summary.pages.resize(tasks.size());
    std::vector<size_t> todo;
    for (size_t i = 0; i < tasks.size(); ++i) {
        const auto& r = tasks[i].record;
        const bool unreadable = !r.error.empty();
        if (!unreadable && !run.force)
            if (const auto old = read_record(run.out_dir, r.stem); old && up_to_date(*old, run.out_dir, r.input_hash, r.options_hash, r.version)) {
                summary.pages[i] = {*old, true};
                continue;
            }
        if (unreadable) {
            write_record(run.out_dir, r);
            summary.pages[i] = {r, false};
            continue;
        }
        todo.push_back(i);
    }

    std::mutex report_mutex;
    size_t done = 0;
    auto report = [&](size_t i) {
        std::lock_guard lock(report_mutex);
        ++done;
        if (finished) finished(summary.pages[i], done, tasks.size());
    };
    std::vector<bool> queued(tasks.size(), false);
    for (size_t i : todo) queued[i] = true;
    for (size_t i = 0; i < tasks.size(); ++i)
        if (!queued[i]) report(i);

    // One OCR engine per worker thread, made on its first scanned page and kept for the next.
    tbb::enumerable_thread_specific<std::unique_ptr<OcrEngine>> engines;
    tbb::parallel_for(size_t{0}, todo.size(), [&](size_t k) {
        const size_t i = todo[k];
        auto& engine = engines.local();
        const EngineProvider provider = [&]() -> OcrEngine& {
            if (!engine) engine = make_tesseract_engine(options.ocr);
            return *engine;
        };
        process_task(tasks[i], run, options, provider);
        // The record comes after the outputs: a page with a record is complete.
        try {
            write_record(run.out_dir, tasks[i].record);
        } catch (const std::exception& e) {
            tasks[i].record.ok = false;
            tasks[i].record.error = e.what();
        }
        summary.pages[i] = {tasks[i].record, false};
        report(i);
    });

    if (run.finalise) finalise_run(run.out_dir, run.version, run.truth_dir);
    return summary;
}

namespace {

// Pages of one issue: the pages of one multi-page file, or the single-page files of one folder.
std::map<std::string, std::vector<std::string>> issues_of(const std::vector<PageRecord>& records) {
    std::map<std::string, int> pages_per_source;
    for (const auto& r : records) pages_per_source[r.source] = std::max(pages_per_source[r.source], r.page);
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& r : records) {
        if (!r.ok) continue;
        const fs::path stem(r.stem);
        std::string issue;
        if (pages_per_source[r.source] > 1) {
            issue = stem.generic_string().substr(0, r.stem.rfind("-p")) + ".issue";
        } else {
            issue = (stem.parent_path() / "issue").generic_string();
        }
        out[issue].push_back(r.stem);
    }
    return out;
}

}  // namespace

std::vector<ShardProgress> shard_progress(const std::vector<fs::path>& inputs, const fs::path& out_dir, int shard_count) {
    std::map<std::string, std::vector<PageRecord>> records_of;  // by source
    for (auto& r : read_records(out_dir)) records_of[r.source].push_back(std::move(r));
    std::vector<ShardProgress> progress;
    for (int k = 1; k <= shard_count; ++k) {
        ShardProgress p;
        p.shard = Shard{k, shard_count};
        progress.push_back(std::move(p));
    }
    const auto files = expand_inputs(inputs);
    for (size_t i = 0; i < files.size(); ++i) {
        auto& p = progress[i % static_cast<size_t>(shard_count)];
        const auto it = records_of.find(files[i].path.string());
        if (it == records_of.end()) {
            ++p.pending;
            continue;
        }
        const auto failed = std::find_if(it->second.begin(), it->second.end(), [](const PageRecord& r) { return !r.ok; });
        if (failed == it->second.end()) {
            ++p.done;
        } else {
            ++p.failed;
            p.failures.push_back(failed->error);
        }
    }
    return progress;
}

std::vector<PageRecord> finalise_run(const fs::path& out_dir, const std::string& version, const fs::path& truth_dir) {
    remove_stale_temp_files(out_dir);
    const std::vector<PageRecord> records = read_records(out_dir);
    write_manifest(out_dir, records, version);

    std::vector<ReportPage> report_pages;
    std::map<std::string, const Page*> page_of;
    report_pages.reserve(records.size());
    for (const auto& r : records) {
        ReportPage rp{r, std::nullopt, {}};
        if (r.ok) {
            try {
                rp.page = page_from_json(nlohmann::json::parse(read_file(out_dir / (r.stem + ".json"))));
            } catch (const std::exception&) {
                // a page JSON missing or not parsing is reported as missing
            }
            try {
                rp.thumbnail_jpeg = read_file(thumbnail_path(out_dir, r.stem));
            } catch (const std::exception&) {
                // no picture of the page
            }
        }
        report_pages.push_back(std::move(rp));
    }
    for (const auto& rp : report_pages)
        if (rp.page) page_of[rp.record.stem] = &*rp.page;

    for (const auto& [issue, stems] : issues_of(records)) {
        std::vector<Page> pages;
        for (const auto& stem : stems)
            if (const auto it = page_of.find(stem); it != page_of.end()) pages.push_back(*it->second);
        if (pages.size() >= 2) write_issue_outputs(link_issue(std::move(pages)), out_dir, issue);
    }
    write_report(report_pages, out_dir, truth_dir.empty() ? nlohmann::json() : to_json(evaluate_folders(truth_dir, out_dir)));
    return records;
}

}  // namespace newsocr
