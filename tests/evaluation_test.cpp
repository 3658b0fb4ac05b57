// Ground-truth evaluation on a rendered page's ground truth, and on predictions damaged in
// known ways: each damage must move exactly the figure it concerns.
#include <gtest/gtest.h>

#include <filesystem>

#include "newsocr/atomic_file.hpp"
#include "newsocr/evaluation.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

namespace fs = std::filesystem;
using test::data;

std::vector<Article> truth() { return read_articles(data("ingest/born_digital.gt.json")); }

TEST(Evaluation, NormalisationFoldsWidthsPunctuationAndMarkers) {
    EXPECT_EQ(normalise_for_evaluation("ＡＩ ５Ｇ　“数字”——上海（下转第3版）"), "AI5G\"数字\"--上海");
    EXPECT_EQ(normalise_for_evaluation("「引」\n文"), "\"引\"文");
}

TEST(Evaluation, TruthAgainstItselfScoresPerfect) {
    const auto t = truth();
    ASSERT_EQ(t.size(), 11u);
    const auto s = scores(evaluate_page(t, t));
    EXPECT_EQ(s.truth_articles, 11);
    EXPECT_EQ(s.matched, 11);
    EXPECT_DOUBLE_EQ(s.cer, 0.0);
    EXPECT_DOUBLE_EQ(s.char_f1, 1.0);
    EXPECT_DOUBLE_EQ(s.segmentation_f1, 1.0);
    EXPECT_DOUBLE_EQ(s.title_accuracy, 1.0);
    EXPECT_DOUBLE_EQ(s.paragraph_f1, 1.0);
}

TEST(Evaluation, EachDamageMovesItsOwnFigure) {
    const auto t = truth();

    // Two articles glued into one: one segment wrong, the other article unmatched.
    auto glued = t;
    glued[0].paragraphs.insert(glued[0].paragraphs.end(), glued[1].paragraphs.begin(), glued[1].paragraphs.end());
    glued.erase(glued.begin() + 1);
    auto s = scores(evaluate_page(t, glued));
    EXPECT_GT(s.char_f1, 0.99);  // every character but the second title's is still there
    EXPECT_EQ(s.found_articles, 10);
    EXPECT_NEAR(s.segmentation_recall, 9.0 / 11, 1e-9);
    EXPECT_NEAR(s.segmentation_precision, 9.0 / 10, 1e-9);
    EXPECT_GT(s.cer, 0.0);

    // Titles lost: title accuracy and the titles' characters suffer, paragraphs do not.
    auto untitled = t;
    for (auto& a : untitled) a.title.clear();
    s = scores(evaluate_page(t, untitled));
    EXPECT_DOUBLE_EQ(s.title_accuracy, 0.0);
    EXPECT_DOUBLE_EQ(s.paragraph_f1, 1.0);
    EXPECT_LT(s.char_recall, 1.0);
    EXPECT_DOUBLE_EQ(s.char_precision, 1.0);

    // Paragraphs of the longest article merged into one: its boundaries are missed, none spurious.
    auto merged = t;
    auto& longest = *std::max_element(merged.begin(), merged.end(), [](auto& a, auto& b) { return a.paragraphs.size() < b.paragraphs.size(); });
    const size_t lost = longest.paragraphs.size() - 1;
    ASSERT_GE(lost, 2u);
    std::string all;
    for (const auto& p : longest.paragraphs) all += p;
    longest.paragraphs = {all};
    s = scores(evaluate_page(t, merged));
    EXPECT_DOUBLE_EQ(s.paragraph_precision, 1.0);
    EXPECT_LT(s.paragraph_recall, 1.0);
    EXPECT_DOUBLE_EQ(s.cer, 0.0);

    // One character too many in every paragraph: a boundary still counts within one character.
    auto misread = t;
    for (auto& a : misread)
        for (auto& p : a.paragraphs) p = "某" + p;
    s = scores(evaluate_page(t, misread));
    EXPECT_GT(s.cer, 0.0);
    EXPECT_LT(s.cer, 0.02);
    EXPECT_DOUBLE_EQ(s.paragraph_f1, 1.0);
}

TEST(Evaluation, FoldersOfJsonAndPlainTextWithAMissingPage) {
    const fs::path dir = fs::temp_directory_path() / ("newsocr-eval-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "gt");
    fs::create_directories(dir / "pred");
    fs::copy_file(data("ingest/born_digital.gt.json"), dir / "gt/page1.gt.json");
    fs::copy_file(data("ingest/born_digital.gt.json"), dir / "gt/page2.gt.json");
    // page1 predicted as plain text: one article holding every paragraph.
    std::string text;
    for (const auto& a : truth()) {
        text += a.title + "\n\n" + a.byline + "\n\n";
        for (const auto& p : a.paragraphs) text += p + "\n\n";
    }
    write_file_atomic(dir / "pred/page1.txt", text);

    const Evaluation e = evaluate_folders(dir / "gt", dir / "pred");
    ASSERT_EQ(e.pages.size(), 2u);
    const auto page1 = scores(e.pages[0].counts);
    EXPECT_FALSE(e.pages[0].problem.has_value());
    EXPECT_EQ(page1.found_articles, 1);
    EXPECT_GT(page1.char_f1, 0.99);  // the characters are all there; the articles are not
    EXPECT_LT(page1.segmentation_f1, 0.2);
    ASSERT_TRUE(e.pages[1].problem.has_value());
    EXPECT_EQ(scores(e.pages[1].counts).char_recall, 0.0);
    EXPECT_NEAR(scores(e.total).char_recall, scores(e.pages[0].counts).char_recall / 2, 0.01);

    const auto cli = test::run_newsocr("eval --gt " + (dir / "gt").string() + " --pred " + (dir / "pred").string());
    EXPECT_EQ(cli.exit_code, 0) << cli.output;
    EXPECT_NE(cli.output.find("page2"), std::string::npos);
    EXPECT_NE(cli.output.find("no prediction for this page"), std::string::npos);
    EXPECT_NE(cli.output.find("OVERALL"), std::string::npos);
    EXPECT_NE(test::run_newsocr("eval --gt " + (dir / "pred").string() + "/nothing --pred " + dir.string()).exit_code, 0);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace newsocr
