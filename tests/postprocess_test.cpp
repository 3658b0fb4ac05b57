// Postprocessing: broken lines rejoined into paragraphs, from bare text (the seeds and the
// rejoin set made from them) and from line geometry, and punctuation normalisation.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "newsocr/paragraphs.hpp"
#include "newsocr/text.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace newsocr;
using json = nlohmann::json;

namespace {

const fs::path kRejoinData = fs::path(NEWSOCR_TEST_DATA) / "rejoin";

std::string without_spaces(std::string_view s) {
    std::string out;
    for (char32_t c : code_points(s))
        if (!is_space(c)) out += to_utf8(c);
    return out;
}

// Offsets between paragraphs in their concatenation, spaces left out (as score.py counts).
std::set<size_t> boundaries(const std::vector<std::string>& paragraphs) {
    std::set<size_t> out;
    size_t at = 0;
    for (const auto& p : paragraphs) {
        const size_t n = code_points(without_spaces(p)).size();
        if (n == 0) continue;
        at += n;
        out.insert(at);
    }
    if (!out.empty()) out.erase(std::prev(out.end()));
    return out;
}

std::vector<std::string> rejoin_file(const fs::path& path) { return rejoin_text(test::read_file(path), {}); }

bool has_paragraph(const std::vector<std::string>& paragraphs, std::string_view expected) {
    const std::string want = without_spaces(expected);
    return std::any_of(paragraphs.begin(), paragraphs.end(), [&](const auto& p) { return without_spaces(p) == want; });
}

Line line_at(std::string text, int x0, int y0, int x1, int y1) { return Line{std::move(text), {x0, y0, x1, y1}, 1.0f, {}}; }

}  // namespace

// The broken-line set made by break.py from the seed articles in the seeds' four styles:
// paragraph boundaries and whole paragraphs recovered, not one character changed.
TEST(Rejoin, SeedSetMeetsBoundaryAndExactParagraphTargets) {
    size_t true_positive = 0, predicted = 0, expected = 0, paragraphs = 0, exact = 0, texts = 0;
    for (const auto& entry : fs::directory_iterator(kRejoinData)) {
        if (entry.path().extension() != ".json") continue;
        const json truth = json::parse(test::read_file(entry.path()));
        std::vector<std::string> want;
        for (const auto& p : truth["paragraphs"])
            if (!without_spaces(p.get<std::string>()).empty()) want.push_back(p.get<std::string>());
        const auto got = rejoin_file(fs::path(entry.path()).replace_extension(".txt"));

        std::string want_text, got_text;
        for (const auto& p : want) want_text += without_spaces(p);
        for (const auto& p : got) got_text += without_spaces(p);
        ASSERT_EQ(got_text, want_text) << entry.path() << ": characters changed";

        const auto b_want = boundaries(want), b_got = boundaries(got);
        for (size_t b : b_got) true_positive += b_want.count(b);
        predicted += b_got.size();
        expected += b_want.size();
        std::multiset<std::string> left;
        for (const auto& p : got) left.insert(without_spaces(p));
        for (const auto& p : want)
            if (auto it = left.find(without_spaces(p)); it != left.end()) left.erase(it), ++exact;
        paragraphs += want.size();
        ++texts;
    }
    ASSERT_EQ(texts, 72u) << "rejoin set incomplete in " << kRejoinData;
    const double precision = double(true_positive) / predicted, recall = double(true_positive) / expected;
    const double f1 = 2 * precision * recall / (precision + recall);
    const double exact_rate = double(exact) / paragraphs;
    RecordProperty("boundary_f1", std::to_string(f1));
    RecordProperty("exact_paragraph_rate", std::to_string(exact_rate));
    EXPECT_GE(f1, 0.98) << "precision " << precision << " recall " << recall;
    EXPECT_GE(exact_rate, 0.95);
}

// Seed 004: long lines broken at a fixed width, the paragraph's last line short.
TEST(Rejoin, Seed004ParagraphsComeOutWhole) {
    const auto got = rejoin_file(kRejoinData / "004_35740546f8244931.txt");
    EXPECT_TRUE(has_paragraph(got, "2023年9月，上海市和徐汇区共建的全国首个大模型创新生态社区“模速空间”在徐汇西岸揭牌。"
                                   "从近1万平方米的毛坯房、人数寥寥的初始运营团队，到如今创下多项上海第一、全国第一，"
                                   "“模速空间”发展速度惊人，已辐射带动徐汇区聚集大模型企业近400家。"));
    EXPECT_TRUE(has_paragraph(got, "|■核心技术策源地")) << "headings keep their own line";
    EXPECT_TRUE(has_paragraph(got, "技术与产业双向驱动"));
}

// Seed 000: short column lines whose first-line indent OCR dropped, blank lines between
// paragraphs.
TEST(Rejoin, Seed000ParagraphsComeOutWhole) {
    const auto got = rejoin_file(kRejoinData / "000_db4971f9e173f1f7.txt");
    EXPECT_TRUE(has_paragraph(got, "据悉，这十大行动包括模型能力跃升、创新策源突破、场景应用牵引、孵育范式升级、产业集群倍增、"
                                   "空间布局优化、资本矩阵扩容、未来人才汇聚、产业生态赋能和国际开放链接。"));
    EXPECT_TRUE(has_paragraph(got, "又如根据场景应用牵引行动，徐汇将围绕制造、医疗、教育、金融、文旅和城市治理等领域，"
                                   "在国家人工智能应用基地建设基础上，打造一批高价值应用场景，建设一批市级赋能和应用示范基地。"
                                   "孵化C端超级应用开拓人工智能时代流量新入口，培育智能终端产品塑造未来科技生活新趋势。"));
}

// Seed 002: a blank line after every printed line (meaning nothing), paragraph ends only
// visible as short lines; a jump marker stays on its own.
TEST(Rejoin, Seed002ParagraphsComeOutWhole) {
    const auto got = rejoin_file(kRejoinData / "002_95bfbf99544bef72.txt");
    EXPECT_TRUE(has_paragraph(got, "此外，徐汇会议论坛矩阵还将包括 AI 女性菁英论坛、大模型焕新与端侧赋能安全论坛、云帆 AI "
                                   "菁英思辨会、人工智能青年先锋论坛、AI 重塑通信未来与可持续发展论坛等重磅活动，"
                                   "邀请领军学者、知名企业家及行业组织代表等共同围绕大模型、企业发展、安全治理、"
                                   "法律科技等重点领域进行探讨，增进行业交流，助推行业生态建设。"));
    EXPECT_TRUE(has_paragraph(got, "7 月 4 日， 徐汇区委季度工作会议暨经济运行分析会、安全稳定形势研判会举行。"));
    EXPECT_TRUE(has_paragraph(got, "咬定目标 狠抓落实")) << "a short heading line is its own paragraph";
    const auto marker = std::find_if(got.begin(), got.end(), [](const auto& p) { return p.find("下转") != std::string::npos; });
    ASSERT_NE(marker, got.end());
    EXPECT_TRUE(marker->ends_with("（下转第 3 版）"));
}

TEST(Rejoin, BylinesAndMarkersKeepTheirOwnLines) {
    const std::string text =
        "本报讯（记者 王强）\n"
        "上海市城市更新领导小组（扩大）会议昨天举行。市委副书\n"
        "记、市长、领导小组组长龚正指出，要深入贯彻习近平总书\n"
        "记考察上海重要讲话精神，推动城市更新取得新突破。\n"
        "（下转第3版）\n";
    const auto got = rejoin_text(text, {});
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0], "本报讯（记者 王强）");
    EXPECT_EQ(got[1], "上海市城市更新领导小组（扩大）会议昨天举行。市委副书记、市长、领导小组组长龚正指出，"
                      "要深入贯彻习近平总书记考察上海重要讲话精神，推动城市更新取得新突破。");
    EXPECT_EQ(got[2], "（下转第3版）");
}

TEST(Rejoin, NumberedItemsStartParagraphsButDecimalsDoNot) {
    const std::string text =
        "会议提出三点要求：\n"
        "1. 加快建设自主可控算力开发和测试平台，强化算力运营\n"
        "与资源统筹。\n"
        "2. 全市各级人民建议征集部门共收到群众建议超过\n"
        "9.8万件，同比增长明显。\n";
    const auto got = rejoin_text(text, {});
    ASSERT_EQ(got.size(), 3u);
    EXPECT_TRUE(got[1].starts_with("1.") && got[1].ends_with("与资源统筹。"));
    EXPECT_TRUE(got[2].starts_with("2.") && got[2].ends_with("9.8万件，同比增长明显。"));
}

TEST(Rejoin, LatinLinesJoinWithSpacesAndHyphenatedWordsAreMended) {
    const std::string text =
        "Libraries digitise whole runs of news-\n"
        "papers. A state-of-the-\n"
        "art pipeline reads the COVID-\n"
        "19 pages, keeps their digiti\u00ad\n"
        "sation faithful and their articles whole.\n"
        "\n"
        "A second paragraph follows the blank line.\n";
    const auto got = rejoin_text(text, {});
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], "Libraries digitise whole runs of newspapers. A state-of-the-art pipeline reads the COVID-19 pages, "
                      "keeps their digitisation faithful and their articles whole.");
    EXPECT_EQ(got[1], "A second paragraph follows the blank line.");
}

std::string joined(std::initializer_list<std::string_view> lines) {
    std::string paragraph;
    for (const auto line : lines) append_line(paragraph, line);
    return paragraph;
}

TEST(Rejoin, SpacesBesideHanDropButLatinWordsKeepTheirs) {
    EXPECT_EQ(joined({"当天， 模速空间入驻企业", "代表 宣读 倡议"}), "当天，模速空间入驻企业代表宣读倡议");
    EXPECT_EQ(joined({"推动 AI 科技创新与", "产业创新深度融合"}), "推动 AI 科技创新与产业创新深度融合");
    EXPECT_EQ(joined({"the quick", "brown fox"}), "the quick brown fox");
    // A run of spaces goes whole between Han characters and stays whole between Latin words.
    EXPECT_EQ(joined({"中" + std::string(1000, ' ') + "文"}), "中文");
    EXPECT_EQ(joined({"a" + std::string(3, ' ') + "b"}), "a   b");
}

// Geometry: a paragraph starts at an indented line or after a line ending short of the
// column edge, horizontal and vertical alike.
TEST(Paragraphs, IndentAndShortLinesPartParagraphsInBothDirections) {
    const int glyph = 40;
    const std::vector<Line> horizontal = {
        line_at("　　第一段第一行", 2 * glyph, 0, 20 * glyph, glyph),
        line_at("第一段第二行", 0, 50, 20 * glyph, 50 + glyph),
        line_at("第一段末行。", 0, 100, 6 * glyph, 100 + glyph),
        line_at("第二段没有缩进但上一行短", 0, 150, 20 * glyph, 150 + glyph),
        line_at("第二段末行。", 0, 200, 20 * glyph, 200 + glyph),
        line_at("　　第三段缩进", 2 * glyph, 250, 20 * glyph, 250 + glyph),
    };
    const auto h = paragraphs_from_lines(horizontal, Direction::Horizontal, {});
    ASSERT_EQ(h.size(), 3u);
    EXPECT_EQ(h[0], "　　第一段第一行第一段第二行第一段末行。");
    EXPECT_EQ(h[1], "第二段没有缩进但上一行短第二段末行。");

    // Vertical columns read right to left: an indent is a lower start, a short column ends high.
    std::vector<Line> vertical;
    for (const auto& l : horizontal) {
        const int column = static_cast<int>(vertical.size());
        vertical.push_back(line_at(l.text, 1000 - (column + 1) * 50, l.box.x0, 1000 - (column + 1) * 50 + glyph, l.box.x1));
    }
    EXPECT_EQ(paragraphs_from_lines(vertical, Direction::Vertical, {}), h);
}

TEST(Punctuation, NormalisedOnlyInCjkContextAndOnlyWhenAsked) {
    EXPECT_EQ(normalise_punctuation("会议指出,要加快建设.下一步:推进(试点)"), "会议指出，要加快建设。下一步：推进（试点）");
    EXPECT_EQ(normalise_punctuation("增长3.5%, GDP and AI, 5G"), "增长3.5%, GDP and AI, 5G");
    ParagraphOptions off;
    EXPECT_EQ(rejoin_text("会议指出,要加快建设.\n", off).front(), "会议指出,要加快建设.");
    ParagraphOptions on;
    on.normalise_punctuation = true;
    EXPECT_EQ(rejoin_text("会议指出,要加快建设.\n", on).front(), "会议指出，要加快建设。");
}

namespace newsocr {
namespace {

// `newsocr rejoin` refuses invalid UTF-8 with the byte offset and writes nothing; U+FFFD in
// valid text passes through.
TEST(RejoinCommand, InvalidUtf8IsRefusedWithItsOffset) {
    const auto dir = std::filesystem::temp_directory_path() / "newsocr_rejoin_utf8";
    std::filesystem::create_directories(dir);
    const auto bad = dir / "bad.txt", good = dir / "good.txt";
    std::ofstream(bad, std::ios::binary) << "第一行\n第二\xED\xA0\x80行\n";
    std::ofstream(good, std::ios::binary) << "无法识别的字\xEF\xBF\xBD保留\n";
    const auto refused = test::run_newsocr("rejoin " + bad.string());
    EXPECT_EQ(refused.exit_code, 4);
    EXPECT_EQ(refused.output, bad.string() + ": not valid UTF-8 text: UTF-16 surrogate at byte 16\n");
    const auto passed = test::run_newsocr("rejoin " + good.string());
    EXPECT_EQ(passed.exit_code, 0) << passed.output;
    EXPECT_EQ(passed.output, "无法识别的字\xEF\xBF\xBD保留\n");
}

// Hostile shapes of text give the right paragraphs (their time is measured in bench/).
TEST(Rejoin, LongRunsOfSpacesLinesAndHyphensKeepTheirMeaning) {
    const auto spaced = rejoin_text("中" + std::string(100000, ' ') + "文", {});
    ASSERT_EQ(spaced.size(), 1u);
    EXPECT_EQ(spaced[0], "中文");
    std::string lines;
    for (int i = 0; i < 20000; ++i) lines += "新闻段落的一行文字\n";
    const auto one = rejoin_text(lines, {});
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].size(), 20000u * std::string("新闻段落的一行文字").size());
    std::string hyphens;
    for (int i = 0; i < 20000; ++i) hyphens += "-\n";
    const auto joined = rejoin_text(hyphens, {});
    ASSERT_EQ(joined.size(), 1u);
    // A hyphen with no word before it is no line-end hyphenation: every one is kept.
    EXPECT_EQ(std::count(joined[0].begin(), joined[0].end(), '-'), 20000);
}

}  // namespace
}  // namespace newsocr
