// Batch runs as an unattended digitisation job meets them: folders mixing good pages and
// broken files, runs killed with SIGKILL and restarted, reruns after a page changed, shards.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "newsocr/atomic_file.hpp"
#include "newsocr/run.hpp"
#include "test_util.hpp"

extern char** environ;

namespace newsocr {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::data;
using test::read_file;
using test::run_newsocr;

// Files that describe a run rather than its pages: they carry timestamps and timings.
bool run_bookkeeping(const fs::path& relative) {
    const std::string s = relative.generic_string();
    return s == "manifest.json" || s == "report.json" || s == "report.html" || s.starts_with(".newsocr/pages/");
}

// Relative path -> content of every output of a run.
std::map<std::string, std::string> page_outputs(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const fs::path rel = fs::relative(e.path(), dir);
        if (e.is_regular_file() && !run_bookkeeping(rel)) out[rel.generic_string()] = read_file(e.path());
    }
    return out;
}

// Stem -> content of each page record (a record exists only once its page is complete).
std::map<std::string, std::string> records(const fs::path& dir) {
    std::map<std::string, std::string> out;
    if (fs::exists(dir / ".newsocr/pages"))
        for (const auto& e : fs::directory_iterator(dir / ".newsocr/pages")) out[e.path().stem().string()] = read_file(e.path());
    return out;
}

int temporary_files(const fs::path& dir) {
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.path().string().ends_with(kTempSuffix);
    return n;
}

// Pages processed (not skipped) by a run, from its summary line.
int pages_processed(const std::string& log) {
    std::smatch m;
    const std::regex summary(R"((\d+) of (\d+) pages done \((\d+) up to date)");
    if (!std::regex_search(log, m, summary)) return -1;
    return std::stoi(m[1]) - std::stoi(m[3]);
}

class Batch : public ::testing::Test {
protected:
    // One uninterrupted run of the nine batch pages, shared by the tests that compare with it.
    static void SetUpTestSuite() {
        root_ = fs::temp_directory_path() / ("newsocr-batch-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "pages");
        for (const auto& e : fs::directory_iterator(data("batch"))) fs::copy_file(e.path(), root_ / "pages" / e.path().filename());
        const auto start = std::chrono::steady_clock::now();
        reference_result_ = run_newsocr((root_ / "pages").string() + " -o " + (root_ / "reference").string() + " -j 2 -q");
        reference_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    static void TearDownTestSuite() { fs::remove_all(root_); }

    void SetUp() override {
        ASSERT_EQ(reference_result_.exit_code, kExitOk) << reference_result_.output;
        dir_ = root_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }

    static inline fs::path root_;
    static inline test::Result reference_result_;
    static inline double reference_seconds_ = 0;
    fs::path dir_;
};

constexpr int kBatchPages = 9;

TEST_F(Batch, BadFilesAreReportedWithTheirReasonAndTheRestIsDone) {
    const fs::path in = dir_ / "in", out = dir_ / "out";
    fs::create_directories(in);
    for (const char* page : {"page01.jpg", "page06.jpg"}) fs::copy_file(data("batch") / page, in / page);
    const std::map<std::string, std::string> bad = {
        {"empty.png", "file is empty"},
        {"truncated.png", "truncated"},
        {"truncated.jpg", "truncated"},
        {"not_an_image.png", "not a supported image"},
        {"broken.pdf", "broken PDF"},
        {"blank.png", "blank page"},
        {"tiny.png", "image too small to hold text: 2x2 px"},
    };
    for (const auto& [file, reason] : bad) fs::copy_file(data("ingest") / file, in / file);

    const auto r = run_newsocr(in.string() + " -o " + out.string() + " -j 2");
    EXPECT_EQ(r.exit_code, kExitPartial) << r.output;
    for (const char* stem : {"page01", "page06"}) {
        EXPECT_TRUE(fs::exists(out / (std::string(stem) + ".json"))) << stem;
        EXPECT_TRUE(fs::exists(out / (std::string(stem) + ".md"))) << stem;
    }

    const json manifest = json::parse(read_file(out / "manifest.json"));
    const json report = json::parse(read_file(out / "report.json"));
    ASSERT_EQ(manifest["pages"].size(), bad.size() + 2);
    EXPECT_EQ(report["summary"]["failed"], bad.size());
    EXPECT_EQ(report["summary"]["pages"], bad.size() + 2);
    for (const auto& [file, reason] : bad) {
        const std::string stem = fs::path(file).stem().string(), source = (in / file).string();
        int in_manifest = 0;
        for (const auto& p : manifest["pages"])
            if (p["source"] == source) {
                ++in_manifest;
                EXPECT_EQ(p["status"], "failed") << file;
                EXPECT_NE(p["error"].get<std::string>().find(reason), std::string::npos) << p.dump();
                EXPECT_TRUE(p["outputs"].empty()) << file;
            }
        EXPECT_EQ(in_manifest, 1) << file;
        // The worst pages come first in the report: all failures before the two good pages.
        bool in_report = false;
        for (size_t i = 0; i < bad.size(); ++i)
            if (report["pages"][i]["source"] == source) {
                in_report = true;
                EXPECT_NE(report["pages"][i]["error"].get<std::string>().find(reason), std::string::npos);
            }
        EXPECT_TRUE(in_report) << file << " not among the first pages of the report";
        EXPECT_NE(r.output.find(source + ": "), std::string::npos) << "no message names " << source;
    }
    EXPECT_EQ(temporary_files(out), 0);

    // The HTML report opens offline: thumbnails inline, nothing fetched.
    const std::string html = read_file(out / "report.html");
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_NE(html.find("src=\"data:image/jpeg;base64,"), std::string::npos);
    for (const auto& [file, reason] : bad) EXPECT_NE(html.find(reason), std::string::npos) << reason;
}

// A multi-page TIFF loses no page without a word: a page whose directory is damaged, and the
// pages that cannot be found after a broken chain of directories, are failed records.
TEST_F(Batch, DamagedTiffPagesAreFailedRecordsNotLostPages) {
    const fs::path out = dir_ / "out";
    const auto r = run_newsocr(data("ingest/damaged_second_page.tif").string() + " " + data("ingest/broken_chain.tif").string() +
                               " -o " + out.string() + " -j 2");
    EXPECT_EQ(r.exit_code, kExitPartial) << r.output;
    const json manifest = json::parse(read_file(out / "manifest.json"));
    std::map<std::string, json> by_stem;
    for (const auto& p : manifest["pages"]) by_stem[p["stem"].get<std::string>()] = p;
    ASSERT_EQ(by_stem.size(), 4u) << manifest.dump(1);
    EXPECT_EQ(by_stem["damaged_second_page-p1"]["status"], "ok");
    EXPECT_EQ(by_stem["broken_chain-p1"]["status"], "ok");
    const std::map<std::string, std::string> failed = {
        {"damaged_second_page-p2", "page 2: cannot read its TIFF directory (libtiff: "},
        {"broken_chain-p2", "pages after page 1 cannot be found: the chain of TIFF page directories is broken (libtiff: "},
    };
    for (const auto& [stem, reason] : failed) {
        EXPECT_EQ(by_stem[stem]["status"], "failed") << stem;
        EXPECT_NE(by_stem[stem]["error"].get<std::string>().find(reason), std::string::npos) << by_stem[stem].dump();
        EXPECT_NE(r.output.find(reason), std::string::npos) << r.output;
    }
    // libtiff's own complaints go into the records, not to the terminal as loose lines.
    EXPECT_EQ(r.output.find("TIFFReadDirectory: Warning"), std::string::npos) << r.output;
}

// The report as a reviewer sees it: opened in headless Chromium, offline.
TEST_F(Batch, ReportRendersInABrowserWithEveryPageAndItsWarnings) {
    const fs::path in = dir_ / "in", out = dir_ / "out";
    fs::create_directories(in);
    for (const char* page : {"page01.jpg", "page06.jpg"}) fs::copy_file(data("batch") / page, in / page);
    fs::copy_file(data("ingest/truncated.png"), in / "truncated.png");
    ASSERT_EQ(run_newsocr(in.string() + " -o " + out.string() + " -q").exit_code, kExitPartial);

    const fs::path profile = dir_ / "chromium-profile", screenshot = dir_ / "report.png";
    const std::string chromium = "chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=" + profile.string() +
                                 " --window-size=1200,2400";
    const auto dom = test::run_command(chromium + " --dump-dom file://" + (out / "report.html").string() + " 2>/dev/null");
    ASSERT_EQ(dom.exit_code, 0) << dom.output;
    auto count = [&](const std::string& needle) {
        size_t n = 0;
        for (size_t at = dom.output.find(needle); at != std::string::npos; at = dom.output.find(needle, at + 1)) ++n;
        return n;
    };
    EXPECT_EQ(count("<div class=\"page "), 3u) << "every page, failed ones too";
    EXPECT_EQ(count("<img alt=\"articles found\""), 2u) << "a thumbnail with its overlay per page read";
    EXPECT_EQ(count("<p class=\"error\">"), 1u);
    EXPECT_NE(dom.output.find("truncated.png: "), std::string::npos);
    const json report = json::parse(read_file(out / "report.json"));
    size_t warnings = 0;
    for (const auto& p : report["pages"]) warnings += p["warnings"].size();
    EXPECT_EQ(count("<p class=\"warn\">"), warnings);
    // The failed page comes first.
    EXPECT_LT(dom.output.find("truncated"), dom.output.find("page01"));

    const auto shot = test::run_command(chromium + " --screenshot=" + screenshot.string() + " file://" + (out / "report.html").string() +
                                        " 2>/dev/null");
    ASSERT_EQ(shot.exit_code, 0) << shot.output;
    ASSERT_TRUE(fs::exists(screenshot));
    EXPECT_GT(fs::file_size(screenshot), 20000u) << "the screenshot is nearly empty";
}

TEST_F(Batch, KilledRunsResumeToTheSameOutputsWithoutRedoingFinishedPages) {
    const fs::path out = dir_ / "out";
    const std::string binary = NEWSOCR_BINARY, in_arg = (root_ / "pages").string(), out_arg = out.string();

    // Kill at different moments of a run; every record seen complete must survive untouched.
    std::map<std::string, std::string> complete;
    int partial_kills = 0;
    for (double fraction : {0.15, 0.35, 0.35, 0.5}) {
        pid_t pid = 0;
        const char* argv[] = {binary.c_str(), in_arg.c_str(), "-o", out_arg.c_str(), "-j", "2", "-q", nullptr};
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, const_cast<char**>(argv), environ), 0);
        posix_spawn_file_actions_destroy(&actions);
        std::this_thread::sleep_for(std::chrono::duration<double>(fraction * reference_seconds_));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);

        const auto now = records(out);
        for (const auto& [stem, content] : complete) EXPECT_EQ(now.at(stem), content) << stem << " was redone after it was complete";
        for (const auto& [stem, content] : now) {
            complete[stem] = content;
            // A page with a record has all its outputs, complete.
            EXPECT_NO_THROW(json::parse(read_file(out / (stem + ".json")))) << stem;
        }
        partial_kills += !now.empty() && now.size() < kBatchPages;
    }
    EXPECT_GE(partial_kills, 1) << "no kill landed in the middle of a run";

    const auto r = run_newsocr(in_arg + " -o " + out_arg + " -j 2");
    ASSERT_EQ(r.exit_code, kExitOk) << r.output;
    EXPECT_EQ(pages_processed(r.output), kBatchPages - static_cast<int>(complete.size())) << r.output;
    const auto final_records = records(out);
    for (const auto& [stem, content] : complete) EXPECT_EQ(final_records.at(stem), content) << stem << " redone";
    EXPECT_EQ(final_records.size(), static_cast<size_t>(kBatchPages));
    EXPECT_EQ(temporary_files(out), 0);
    EXPECT_EQ(page_outputs(out), page_outputs(root_ / "reference"));
    EXPECT_EQ(json::parse(read_file(out / "manifest.json"))["pages"].size(), static_cast<size_t>(kBatchPages));
}

TEST_F(Batch, RerunProcessesOnlyTheChangedAndTheNewPage) {
    const fs::path in = dir_ / "in", out = dir_ / "out";
    fs::create_directories(in);
    for (const char* page : {"page01.jpg", "page03.jpg", "page06.jpg"}) fs::copy_file(data("batch") / page, in / page);
    const std::string args = in.string() + " -o " + out.string() + " -j 2";
    auto r = run_newsocr(args);
    ASSERT_EQ(r.exit_code, kExitOk) << r.output;
    EXPECT_EQ(pages_processed(r.output), 3) << r.output;
    r = run_newsocr(args);
    EXPECT_EQ(pages_processed(r.output), 0) << r.output;

    const auto before = records(out);
    fs::copy_file(data("batch/page08.jpg"), in / "page03.jpg", fs::copy_options::overwrite_existing);
    fs::copy_file(data("batch/page04.jpg"), in / "page10.jpg");
    r = run_newsocr(args);
    ASSERT_EQ(r.exit_code, kExitOk) << r.output;
    EXPECT_EQ(pages_processed(r.output), 2) << r.output;
    const auto after = records(out);
    EXPECT_EQ(after.at("page01"), before.at("page01"));
    EXPECT_EQ(after.at("page06"), before.at("page06"));
    EXPECT_NE(after.at("page03"), before.at("page03"));
    EXPECT_TRUE(after.contains("page10"));
    // The changed page's outputs are those of its new content.
    EXPECT_EQ(read_file(out / "page03.md"), read_file(root_ / "reference/page08.md"));

    // A lost output makes its page due again; --force redoes every page.
    fs::remove(out / "page06.md");
    EXPECT_EQ(pages_processed(run_newsocr(args).output), 1);
    EXPECT_EQ(pages_processed(run_newsocr(args + " --force").output), 4);
}

// The shards of a Slurm array job, through the sbatch script as Slurm would start its tasks.
TEST_F(Batch, ShardsTogetherMakeTheWholeRunAndMergeFinishesIt) {
    const fs::path out = dir_ / "out", list = dir_ / "pages.txt";
    std::string pages;
    for (const auto& e : fs::directory_iterator(root_ / "pages")) pages += e.path().string() + "\n";
    write_file_atomic(list, pages);
    for (int task = 1; task <= 3; ++task) {
        const std::string cmd = "SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_ID=" + std::to_string(task) +
                                " SLURM_CPUS_PER_TASK=1 NEWSOCR=" + NEWSOCR_BINARY + " bash " + NEWSOCR_SOURCE + "/scripts/newsocr.sbatch " +
                                list.string() + " " + out.string() + " >/dev/null 2>&1";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << "task " << task;
        // Shards leave the run's summary to the merge.
        EXPECT_FALSE(fs::exists(out / "manifest.json")) << task;
        EXPECT_TRUE(fs::exists(out / (".newsocr/shard-" + std::to_string(task) + ".log")));
    }
    EXPECT_EQ(records(out).size(), static_cast<size_t>(kBatchPages));
    const auto r = run_newsocr("merge " + out.string());
    ASSERT_EQ(r.exit_code, kExitOk) << r.output;
    auto outputs = page_outputs(out);
    std::erase_if(outputs, [](const auto& kv) { return kv.first.ends_with(".log"); });
    EXPECT_EQ(outputs, page_outputs(root_ / "reference"));
    const json summary = json::parse(read_file(out / "report.json"))["summary"];
    EXPECT_EQ(summary["ok"].get<int>() + summary["warned"].get<int>(), kBatchPages);

    EXPECT_NE(run_newsocr((root_ / "pages").string() + " -o " + out.string() + " --shard 4/3").exit_code, kExitOk);
    EXPECT_EQ(run_newsocr("merge " + (dir_ / "nothing").string()).exit_code, kExitCannotStart);
}

}  // namespace
}  // namespace newsocr
