// The command line as a user meets it: real runs of the newsocr binary.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "newsocr/atomic_file.hpp"
#include "newsocr/run.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

namespace fs = std::filesystem;
using test::data;

using test::Result;
using test::run_newsocr;

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        out_ = fs::temp_directory_path() / ("newsocr-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(out_);
    }
    void TearDown() override { fs::remove_all(out_); }

    // Files left in the output folder that are not complete outputs.
    int temporary_files() const {
        int n = 0;
        if (fs::exists(out_))
            for (const auto& e : fs::recursive_directory_iterator(out_)) n += e.path().string().ends_with(kTempSuffix);
        return n;
    }

    fs::path out_;
};

TEST_F(Cli, EachBadInputGetsOneClearMessageAndNoOutput) {
    const std::pair<const char*, const char*> cases[] = {
        {"does_not_exist.png", "file not found"},
        {"empty.png", "file is empty"},
        {"truncated.png", "truncated"},
        {"truncated.jpg", "truncated"},
        {"truncated.tif", "truncated or corrupt TIFF"},
        {"not_an_image.png", "not a supported image"},
        {"broken.pdf", "broken PDF"},
        {"encrypted.pdf", "encrypted PDF"},
        {"zero_pages.pdf", "PDF has no pages"},
        {"bomb.png", "decompression bomb"},
        {"blank.png", "blank page"},
    };
    for (const auto& [file, problem] : cases) {
        const auto path = data("ingest/" + std::string(file));
        const Result r = run_newsocr(path.string() + " -o " + out_.string());
        EXPECT_EQ(r.exit_code, kExitAllFailed) << file << ": " << r.output;
        EXPECT_NE(r.output.find(path.string() + ": "), std::string::npos) << r.output;
        EXPECT_NE(r.output.find(problem), std::string::npos) << r.output;
        const auto stem = path.stem().string();
        EXPECT_FALSE(fs::exists(out_ / (stem + ".json"))) << file;
        EXPECT_FALSE(fs::exists(out_ / (stem + ".md"))) << file;
    }
    EXPECT_EQ(temporary_files(), 0);
}

TEST_F(Cli, WritesPageJsonAndMarkdownForARealPage) {
    // A crop of a rendered page: the headline and byline of one article.
    const Result r = run_newsocr(data("ingest/crop.png").string() + " -o " + out_.string());
    ASSERT_EQ(r.exit_code, kExitOk) << r.output;
    const auto page = nlohmann::json::parse(test::read_file(out_ / "crop.json"));
    EXPECT_EQ(page["source"], data("ingest/crop.png").string());
    EXPECT_EQ(page["page"], 1);
    EXPECT_EQ(page["width"], 840);
    EXPECT_EQ(page["height"], 160);
    for (const char* key : {"dpi", "skew_degrees", "articles", "captions", "blocks"}) EXPECT_TRUE(page.contains(key)) << key;
    ASSERT_EQ(page["articles"].size(), 1u) << page["articles"].dump();
    const auto& a = page["articles"][0];
    for (const char* key : {"id", "title", "subtitle", "byline", "paragraphs", "direction", "regions", "confidence",
                            "continued_to", "continued_from"})
        EXPECT_TRUE(a.contains(key)) << key;
    // The crop holds one headline and its byline, as printed.
    EXPECT_EQ(a["title"], "2024年度100件优秀人民建议出炉");
    EXPECT_GE(test::char_f1("青年报见习记者 朱彬", a["byline"].get<std::string>()), 0.8) << a["byline"];
    EXPECT_EQ(a["direction"], "horizontal");
    EXPECT_TRUE(fs::exists(out_ / "crop.md"));
    EXPECT_EQ(temporary_files(), 0);
}

TEST_F(Cli, MultiPageInputGivesOneOutputPerPage) {
    const Result r = run_newsocr(data("ingest/two_pages.tif").string() + " -o " + out_.string() + " --formats json");
    ASSERT_EQ(r.exit_code, kExitOk) << r.output;
    EXPECT_TRUE(fs::exists(out_ / "two_pages-p1.json"));
    EXPECT_TRUE(fs::exists(out_ / "two_pages-p2.json"));
    EXPECT_FALSE(fs::exists(out_ / "two_pages-p1.md"));
}

TEST_F(Cli, GoodAndBadInputsTogetherArePartialFailure) {
    const Result r = run_newsocr(data("ingest/crop.png").string() + " " + data("ingest/empty.png").string() + " -o " +
                                 out_.string() + " --formats json");
    EXPECT_EQ(r.exit_code, kExitPartial) << r.output;
    EXPECT_TRUE(fs::exists(out_ / "crop.json"));
    EXPECT_NE(r.output.find("empty.png: file is empty"), std::string::npos) << r.output;
}

TEST_F(Cli, UnknownFormatCannotStart) {
    const Result r = run_newsocr(data("ingest/crop.png").string() + " -o " + out_.string() + " --formats json,docx");
    EXPECT_EQ(r.exit_code, kExitCannotStart) << r.output;
    EXPECT_NE(r.output.find("docx"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace newsocr
