// Articles rebuilt from real pages: born-digital PDFs of rendered newspaper pages (their text
// layer is exact, so these tests are about grouping, order and continuations, not OCR).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "newsocr/pipeline.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Page process(const fs::path& file) {
    const PageImage image = load_page(file, 1, {});
    EXPECT_TRUE(image.text_layer.has_value()) << file;
    return process_page(image, []() -> OcrEngine& { throw std::logic_error("a born-digital page needs no OCR"); }, {});
}

std::string squeeze(const std::string& s) {
    std::string out;
    for (char32_t c : test::code_points(s)) out += to_utf8(c);
    return out;
}

std::string body(const Article& a) {
    std::string out;
    for (const auto& p : a.paragraphs) out += squeeze(p);
    return out;
}

std::string first_chars(const std::string& s, size_t n) {
    const auto cps = code_points(s);
    std::string out;
    for (size_t i = 0; i < std::min(n, cps.size()); ++i) out += to_utf8(cps[i]);
    return out;
}

std::string last_chars(const std::string& s, size_t n) {
    const auto cps = code_points(s);
    std::string out;
    for (size_t i = cps.size() > n ? cps.size() - n : 0; i < cps.size(); ++i) out += to_utf8(cps[i]);
    return out;
}

const Article* by_title(const std::vector<Article>& articles, const std::string& title) {
    for (const auto& a : articles)
        if (squeeze(a.title) == squeeze(title)) return &a;
    return nullptr;
}

TEST(Articles, DenseBriefsPageGivesEveryArticleWithItsTitleAndBody) {
    // Eleven briefs in four ruled columns.
    const Page page = process(fs::path(NEWSOCR_SAMPLES) / "born-digital.pdf");
    const json gt = json::parse(test::read_file(fs::path(NEWSOCR_SAMPLES) / "expected" / "born-digital.gt.json"));
    EXPECT_EQ(page.articles.size(), gt["articles"].size());
    int titled = 0, bodies = 0;
    for (const auto& g : gt["articles"]) {
        const Article* a = by_title(page.articles, g["title"]);
        if (!a) continue;
        ++titled;
        std::string truth;
        for (const auto& p : g["paragraphs"]) truth += squeeze(p);
        const std::string found = body(*a);
        bodies += first_chars(found, 4) == first_chars(truth, 4) && last_chars(found, 4) == last_chars(truth, 4);
    }
    EXPECT_EQ(titled, static_cast<int>(gt["articles"].size()));
    EXPECT_GE(bodies, static_cast<int>(gt["articles"].size()) - 2) << "bodies starting and ending as printed";
    EXPECT_EQ(page.printed_page, 12);
}

TEST(Articles, ContinuationMarkersAreRecordedAndCutFromTheText) {
    const Page page1 = process(test::data("articles/page1.pdf"));
    const Article* a = by_title(page1.articles, "各界热议加快人工智能发展");
    ASSERT_NE(a, nullptr);
    ASSERT_TRUE(a->continued_to.has_value());
    EXPECT_EQ(a->continued_to->page, 5);
    EXPECT_EQ(body(*a).find("下转"), std::string::npos) << body(*a);
    const Article* b = by_title(page1.articles, "全力打造人工智能发展试验田孵化器");
    ASSERT_NE(b, nullptr);
    ASSERT_TRUE(b->continued_to.has_value());
    EXPECT_EQ(b->continued_to->page, 8);
    // The vertical article keeps its direction; the horizontal one under a vertical title too.
    EXPECT_EQ(by_title(page1.articles, "凝聚起禁毒的强大合力")->direction, Direction::Vertical);
    EXPECT_EQ(a->direction, Direction::Horizontal);
}

TEST(Articles, JumpAcrossPagesIsJoinedInTheIssue) {
    std::vector<Page> pages = {process(test::data("articles/page1.pdf")), process(test::data("articles/page5.pdf"))};
    EXPECT_EQ(pages[0].printed_page, 1);
    EXPECT_EQ(pages[1].printed_page, 5);
    const Page& jump_page = pages[1];
    int continued_from = 0;
    for (const auto& a : jump_page.articles) continued_from += a.continued_from && a.continued_from->page == 1;
    EXPECT_EQ(continued_from, 3);  // three articles on the jump page continue from page 1

    const Issue issue = link_issue(pages);
    int copies = 0;
    for (const auto& a : issue.articles) {
        if (squeeze(a.title) != "各界热议加快人工智能发展") continue;
        ++copies;
        const std::string text = body(a);
        EXPECT_EQ(first_chars(text, 7), "“我们深深感受");  // page 1's first paragraph
        EXPECT_EQ(last_chars(text, 6), "”苏向阳说。");     // page 5's last paragraph
        EXPECT_FALSE(a.continued_to.has_value());
    }
    EXPECT_EQ(copies, 1) << "the continuation is joined, not listed twice";
}

Block text_block(const std::string& id, Role role, Box box, float font_size, const std::vector<std::string>& lines) {
    Block b;
    b.id = id, b.role = role, b.box = box, b.font_size = font_size;
    for (const auto& l : lines) {
        b.lines.push_back(Line{l, box, 0.9f, {Word{l, box, 0.9f}}});
        b.text += (b.text.empty() ? "" : "\n") + l;
    }
    b.confidence = 0.9f;
    return b;
}

// The layout of a_11_005: the reporter's name set flush right at the article's foot, below
// its photo (too far to be its credit) and past the end of its last column, above the rule
// closing the article.
TEST(Articles, BylineAtTheFootUnderAPhotoJoinsItsArticle) {
    std::vector<Block> blocks = {
        text_block("b1", Role::Headline, {100, 100, 1100, 170}, 70, {"模速空间的“北斗七星”将如何闪耀？"}),
        text_block("b2", Role::Body, {100, 200, 540, 660}, 30, {"4月29日，习近平总书记来到位于", "徐汇区的上海“模速空间”大模型", "创新生态社区调研。"}),
        text_block("b3", Role::Body, {580, 200, 1000, 420}, 30, {"总书记强调，人工智能技术加速", "迭代，正迎来爆发式发展。"}),
        {"b4", Role::Photo, Direction::Horizontal, {1050, 200, 1400, 540}, {}, "", 1.0f, 0},
        text_block("b5", Role::Body, {1250, 640, 1400, 670}, 27, {"记者王永娟"}),
        {"b6", Role::Separator, Direction::Horizontal, {90, 700, 1410, 706}, {}, "", 1.0f, 0},
        text_block("b7", Role::Headline, {100, 730, 900, 790}, 60, {"在沪全国人大代表开展会前活动"}),
        text_block("b8", Role::Body, {100, 810, 540, 1100}, 30,
                   {"本报讯（记者姚丽萍）十四届全国", "人大二次会议召开在即，在沪全国", "人大代表昨天开展会前活动。市", "人大常委会主任黄莉新出席。"}),
    };
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 2u);
    EXPECT_EQ(layout.articles[0].title, "模速空间的“北斗七星”将如何闪耀？");
    EXPECT_EQ(layout.articles[0].byline, "记者王永娟");
    EXPECT_EQ(layout.articles[1].byline, "");
}

// Mixed setting (the geometry of a rendered page): a vertical title to the right of its
// story's horizontal columns, a heading line of smaller type over those columns level with
// the title's top. One story, titled by the vertical title, the line its subtitle. Where the
// columns beside the vertical title start level with it, they are another story's.
TEST(Articles, LineOverTheColumnsOfAVerticalTitleIsItsSubtitle) {
    auto page = [](int beside_title_top) {
        Block title = text_block("b1", Role::Headline, {2144, 423, 2225, 1941}, 81, {"上海发布“模塑申城”五大公共服务平台"});
        title.direction = Direction::Vertical;
        return std::vector<Block>{
            title,
            text_block("b2", Role::Headline, {786, 420, 1341, 458}, 38, {"抢抓风口，让“模力”焕发“魔力”"}),
            text_block("b3", Role::Body, {785, 488, 1194, 2000}, 22, {"青年报首席记者范彦萍昨天，上海市", "“人工智能+”行动推进会召开。"}),
            text_block("b4", Role::Body, {1235, 540, 1644, 1959}, 22, {"家人工智能应用基地建设基础上，打", "造一批高价值应用场景。"}),
            text_block("b5", Role::Body, {1686, beside_title_top, 2095, 1000}, 22, {"模速空间先后落地中国-金砖国家人", "工智能发展与合作中心。"}),
        };
    };
    const ArticleLayout mixed = group_articles(page(540), {});
    ASSERT_EQ(mixed.articles.size(), 1u);
    EXPECT_EQ(mixed.articles[0].title, "上海发布“模塑申城”五大公共服务平台");
    EXPECT_EQ(mixed.articles[0].subtitle, "抢抓风口，让“模力”焕发“魔力”");
    EXPECT_EQ(mixed.articles[0].block_ids.size(), 5u);

    const ArticleLayout two_stories = group_articles(page(423), {});
    ASSERT_EQ(two_stories.articles.size(), 2u);
    EXPECT_NE(by_title(two_stories.articles, "抢抓风口，让“模力”焕发“魔力”"), nullptr);
    EXPECT_NE(by_title(two_stories.articles, "上海发布“模塑申城”五大公共服务平台"), nullptr);
}

// A commentary signed under its short last column, far below it with nothing between (the
// geometry of a rendered microfilm page): the signature is its byline, not an article.
TEST(Articles, CommentarySignatureUnderAShortColumnIsItsByline) {
    const std::vector<Block> blocks = {
        text_block("b1", Role::Headline, {1372, 1434, 1685, 1609}, 50, {"让每一条盲道都真正“通”起来"}),
        text_block("b2", Role::Body, {1373, 1641, 1822, 2193}, 22,
                   {"盲道被占用、被截断、被“绕晕”，几乎", "是每座城市都有的烦恼。盲道是城市", "文明的刻度。"}),
        text_block("b3", Role::Body, {1704, 2551, 1821, 2573}, 22, {"本报评论员"}),
        text_block("b4", Role::Headline, {721, 2172, 1129, 2270}, 50, {"上海发布“模塑申城”五大公共服务平台"}),
        text_block("b5", Role::Body, {721, 2295, 1301, 2509}, 22, {"昨天，上海市“人工智能+”行动", "推进会召开。"}),
    };
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 2u);
    const Article* commentary = by_title(layout.articles, "让每一条盲道都真正“通”起来");
    ASSERT_NE(commentary, nullptr);
    EXPECT_EQ(commentary->byline, "本报评论员");
}

// In vertical setting a byline sits at the foot of the story's last column, set to its left:
// here past a column that runs on below the others (the geometry of a rendered page's story).
TEST(Articles, VerticalBylinePastTheLastColumnJoinsItsArticle) {
    auto vertical = [](Block b) {
        b.direction = Direction::Vertical;
        return b;
    };
    const std::vector<Block> blocks = {
        vertical(text_block("b1", Role::Headline, {700, 100, 760, 600}, 60, {"标杆应用涌现地"})),
        vertical(text_block("b2", Role::Body, {450, 100, 640, 640}, 21, {"启用不久的“模速空间”人工智能产品体验店是上海首家"})),
        vertical(text_block("b3", Role::Body, {180, 100, 420, 640}, 21, {"能健康、音频设备等领域的200余款“中国智造”"})),
        vertical(text_block("b4", Role::Body, {300, 660, 640, 1000}, 21, {"阔，要加强政策支持和人才培养，努力开发更多"})),
        vertical(text_block("b5", Role::Body, {100, 860, 121, 1000}, 21, {"本报记者孙云"})),
    };
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 1u);
    EXPECT_EQ(layout.articles[0].title, "标杆应用涌现地");
    EXPECT_EQ(layout.articles[0].byline, "本报记者孙云");
}

// Dense vertical setting (the serial novel of the 1939 晶報 fold 2+3): a rule between every
// two columns of one story. The columns are one story; the rule closing the run still
// parts it from the next story.
TEST(Articles, ColumnsRuledApartAreOneStory) {
    auto vertical = [](Block b) {
        b.direction = Direction::Vertical;
        return b;
    };
    const std::vector<std::string> columns = {"周局長道我們的用意", "不過是想從中調停", "一方面也為了地方", "大家安寧而已云云", "那人聽了點頭稱是", "便又問道此事如何", "局長笑而不答只說", "明日再議可也"};
    std::vector<Block> blocks;
    int id = 0;
    const auto add = [&](Block b) {
        b.id = "b" + std::to_string(++id);
        blocks.push_back(std::move(b));
    };
    const auto rule = [&](int x) { add(vertical(Block{"", Role::Separator, Direction::Vertical, {x - 3, 100, x + 3, 900}, {}, "", 1.0f, 0})); };
    for (size_t i = 0; i < columns.size(); ++i) {
        const int right = 1300 - 35 * static_cast<int>(i);
        add(vertical(text_block("", Role::Body, {right - 24, 110, right, 890}, 24, {columns[i]})));
        rule(right - 29);
    }
    // The next story, to the left of the run's closing rule.
    add(vertical(text_block("", Role::Headline, {940, 110, 1000, 500}, 60, {"四國進行談話"})));
    add(vertical(text_block("", Role::Body, {600, 110, 920, 890}, 24, {"巴黎廿二日哈瓦斯電近東"})));
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 2u);
    std::vector<std::string> run, expected;
    for (size_t i = 0; i < columns.size(); ++i) expected.push_back("b" + std::to_string(2 * i + 1));  // right to left
    for (const auto& a : layout.articles) {
        if (a.title == "四國進行談話")
            EXPECT_EQ(a.block_ids, (std::vector<std::string>{"b17", "b18"}));
        else
            run = a.block_ids;
    }
    EXPECT_EQ(run, expected);
}

// The two pages of a fold: the text at the right edge of the left page has no headline of
// its own there (its story runs on from the page before); the headline of the right page,
// level with it across the gutter, does not take it.
TEST(Articles, NoArticleCrossesTheGutterOfAFold) {
    auto vertical = [](Block b) {
        b.direction = Direction::Vertical;
        return b;
    };
    const std::vector<Box> pages = {{1210, 100, 2200, 1500}, {100, 100, 1190, 1500}};  // reading order: right page first
    const std::vector<Block> blocks = {
        vertical(text_block("b1", Role::Headline, {2100, 120, 2160, 700}, 60, {"應包括遠東"})),
        vertical(text_block("b2", Role::Body, {1300, 120, 2080, 900}, 24, {"蘇聯政府向英法提出之建議"})),
        vertical(text_block("b3", Role::Body, {110, 120, 1180, 900}, 24, {"日僞方面因實施搜括起見", "定於五月一日起統制本市"})),
    };
    const ArticleLayout layout = group_articles(blocks, {}, pages);
    ASSERT_EQ(layout.articles.size(), 2u);
    EXPECT_EQ(layout.articles[0].title, "應包括遠東");
    EXPECT_EQ(layout.articles[0].block_ids, (std::vector<std::string>{"b1", "b2"}));
    EXPECT_EQ(layout.articles[1].block_ids, (std::vector<std::string>{"b3"}));
}

// A section label set over a headline in small type (as on the PDF of a_11_000) is not title.
TEST(Articles, KickerOverAHeadlineIsNotTitle) {
    Block headline = text_block("b1", Role::Headline, {130, 1507, 474, 1768}, 140, {"今日论语", "举报交通违法", "行为人人有责"});
    headline.lines[0].box = {146, 1507, 263, 1583};
    headline.lines[1].box = {132, 1548, 474, 1697};
    headline.lines[2].box = {132, 1620, 474, 1768};
    std::vector<Block> blocks = {headline, text_block("b2", Role::Body, {120, 1790, 560, 2200}, 30,
                                                      {"近日，“女子春节拍占应急车道车辆获", "1500元”登上热搜，并引发网友热议。", "绝大多数网友认为举报合理。"})};
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 1u);
    EXPECT_EQ(layout.articles[0].title, "举报交通违法行为人人有责");
    EXPECT_EQ(layout.articles[0].kicker, "今日论语");

    // A two-line headline whose lines are set the same size keeps both.
    blocks[0].lines[0] = Line{"模速空间的", {146, 1507, 474, 1583}, 0.9f, {}};
    blocks[0].lines[1].box = {146, 1590, 474, 1666};
    blocks[0].lines.pop_back();
    EXPECT_EQ(group_articles(blocks, {}).articles[0].title, "模速空间的举报交通违法");
}

// A story's heading as one unit, ranked by size: as on the dev page a_101_015, a subtitle at
// about 1.8x the body under a 2.5x headline does not take the headline's place.
TEST(Articles, SubtitleUnderALargerHeadlineIsTheSubtitle) {
    std::vector<Block> blocks = {
        text_block("b1", Role::Headline, {300, 100, 1500, 180}, 80, {"古籍修复师：在纸页间与时间“对话”"}),
        text_block("b2", Role::Headline, {500, 230, 1200, 285}, 55, {"走进市图书馆古籍修复室"}),
        text_block("b3", Role::Body, {100, 330, 540, 800}, 30, {"推开市图书馆五楼一扇不", "起眼的木门，一股淡淡的糨糊", "味扑面而来。"}),
        text_block("b4", Role::Body, {580, 330, 1020, 800}, 30, {"古籍修复室，也是全省首批挂", "牌的古籍修复中心之一。"}),
    };
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 1u);
    EXPECT_EQ(layout.articles[0].title, "古籍修复师：在纸页间与时间“对话”");
    EXPECT_EQ(layout.articles[0].subtitle, "走进市图书馆古籍修复室");
    EXPECT_EQ(layout.articles[0].block_ids.size(), 4u);
}

// A short line in smaller type set over the headline, in a block of its own, is the kicker:
// kept apart from the title.
TEST(Articles, KickerBlockOverAHeadlineIsKeptApart) {
    std::vector<Block> blocks = {
        text_block("b1", Role::Headline, {100, 100, 260, 145}, 45, {"城事评论"}),
        text_block("b2", Role::Headline, {100, 170, 900, 240}, 70, {"“网红”打卡点更需长效管理"}),
        text_block("b3", Role::Body, {100, 280, 540, 700}, 30, {"最近，城西一处废弃铁路桥", "因为拍照“出片”火遍社交平台。"}),
    };
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 1u);
    EXPECT_EQ(layout.articles[0].title, "“网红”打卡点更需长效管理");
    EXPECT_EQ(layout.articles[0].kicker, "城事评论");
    EXPECT_EQ(layout.articles[0].subtitle, "");
}

// Briefs titled in type only a little larger than the body (layout calls it subtitle-sized):
// with no larger heading over it, that heading is the brief's title. Large type heading
// nothing (a slogan) stays text of the story beside it.
TEST(Articles, SubtitleSizedHeadingAloneTitlesItsStory) {
    std::vector<Block> blocks = {
        text_block("b1", Role::Subtitle, {100, 100, 400, 140}, 38, {"中山路部分路段夜间封闭施工"}),
        text_block("b2", Role::Body, {100, 170, 540, 500}, 30, {"因地下管线改造需要，自", "11月20日至12月10日，每日22", "时至次日5时封闭施工。"}),
        text_block("b3", Role::Subtitle, {600, 100, 1000, 140}, 38, {"夜间公交新增5条线路"}),
        text_block("b4", Role::Body, {600, 170, 1040, 500}, 30, {"为方便市民夜间出行，市公交集团", "自本周六起新开通夜5路。"}),
        {"b5", Role::Separator, Direction::Horizontal, {90, 520, 1050, 524}, {}, "", 1.0f, 0},
        text_block("b6", Role::Body, {100, 560, 540, 900}, 30, {"市民可通过随申办提交线索，", "核实后给予奖励。"}),
        text_block("b7", Role::Subtitle, {100, 930, 540, 970}, 38, {"“随手拍”人人可为"}),
    };
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 3u);
    EXPECT_EQ(layout.articles[0].title, "中山路部分路段夜间封闭施工");
    EXPECT_EQ(layout.articles[1].title, "夜间公交新增5条线路");
    EXPECT_EQ(layout.articles[2].title, "");
    EXPECT_EQ(layout.articles[2].block_ids, (std::vector<std::string>{"b6", "b7"}));
}

// A brief's title set as the first line of its body block (as on the dev briefs pages) is
// split off and titles the brief; a paragraph opening with a bold run-in is body text, and
// so is a crosshead opening a block that continues the column above it.
TEST(Articles, TitleLineAtTheHeadOfABodyBlockIsSplitOff) {
    Block titled = text_block("b1", Role::Body, {100, 100, 540, 260}, 28,
                              {"热血暖冬", "本报讯“热血暖冬”无偿献血", "活动昨天启动。活动期间，全", "市17个献血屋延长服务时间。"});
    titled.lines[0].box = {100, 100, 280, 140};  // 45 px per character, 40 px thick
    titled.lines[1].box = {156, 150, 540, 180};  // indented: a paragraph's first line
    titled.lines[2].box = {100, 190, 540, 218};
    titled.lines[3].box = {100, 228, 540, 256};
    Block run_in = text_block("b3", Role::Body, {600, 100, 1040, 220}, 28,
                              {"本报讯（记者宋宁华）", "牢固树立全市“一盘棋”的思", "想，凝聚起做好禁毒工作的强"});
    run_in.lines[0].box = {656, 100, 1040, 140};  // set bold, but indented and full to the column's end
    run_in.lines[1].box = {600, 150, 1040, 178};
    run_in.lines[2].box = {600, 188, 1040, 216};
    Block crosshead = text_block("b4", Role::Body, {100, 280, 540, 400}, 28, {"年轻人接过老手艺", "市图书馆今年招收了三名学徒，", "最年轻的学徒刚满二十二岁了。"});
    crosshead.lines[0].box = {100, 280, 420, 320};
    crosshead.lines[1].box = {100, 330, 540, 358};
    crosshead.lines[2].box = {100, 368, 540, 396};
    const std::vector<Block> blocks = {titled, {"b2", Role::Separator, Direction::Vertical, {570, 90, 574, 420}, {}, "", 1.0f, 0}, run_in, crosshead};
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 2u);
    EXPECT_EQ(layout.articles[0].title, "热血暖冬");
    EXPECT_EQ(layout.articles[0].block_ids.size(), 3u);
    EXPECT_EQ(layout.articles[0].regions.size(), 3u);
    EXPECT_EQ(layout.articles[1].title, "");
    EXPECT_EQ(layout.articles[1].block_ids, (std::vector<std::string>{"b3"}));
}

// A two-line subtitle set in the body's column, in type larger than the body, leaves the
// body and becomes the subtitle of the headline over it.
TEST(Articles, TwoLineSubtitleInTheBodyBlockLeavesTheBody) {
    Block body = text_block("b2", Role::Body, {100, 220, 540, 470}, 28,
                            {"农业大学团队攻克秸秆纤维", "改性技术", "每年秋收过后，田间地头堆放的", "大量秸秆曾让不少农户犯愁：烧", "了污染空气，运走又不划算。如", "今，这些秸秆有了新的去处。"});
    body.lines[0].box = {100, 220, 540, 260};  // 40 px thick, 37 px per character
    body.lines[1].box = {100, 265, 260, 305};
    for (int i = 2; i < 6; ++i) body.lines[i].box = {100, 320 + 38 * (i - 2), 540, 348 + 38 * (i - 2)};
    const std::vector<Block> blocks = {text_block("b1", Role::Headline, {100, 100, 1000, 180}, 80, {"一根秸秆的“变身记”"}), body};
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 1u);
    EXPECT_EQ(layout.articles[0].title, "一根秸秆的“变身记”");
    EXPECT_EQ(layout.articles[0].subtitle, "农业大学团队攻克秸秆纤维改性技术");
    const Block* rest = nullptr;
    for (const auto& b : layout.blocks)
        if (b.id == "b2") rest = &b;
    ASSERT_NE(rest, nullptr);
    EXPECT_EQ(first_chars(rest->text, 4), "每年秋收");
}

// A vertical headline set beside its story claims every column of it to its left, up to the
// rule fencing off the next story, not only the column next to it.
TEST(Articles, VerticalSideHeadlineClaimsItsColumns) {
    auto column = [](const std::string& id, int x0, const std::string& text) {
        Block b = text_block(id, Role::Body, {x0, 100, x0 + 90, 900}, 30, {text});
        b.direction = Direction::Vertical;
        return b;
    };
    Block headline = text_block("b1", Role::Headline, {1000, 100, 1080, 700}, 70, {"城市考古发现宋代古井群"});
    headline.direction = Direction::Vertical;
    Block other = text_block("b7", Role::Headline, {400, 100, 470, 600}, 70, {"夜间公交新增线路"});
    other.direction = Direction::Vertical;
    const std::vector<Block> blocks = {
        headline,
        column("b2", 880, "本报讯近日，在城区一处建筑工地"),
        column("b3", 760, "考古人员发现了一组宋代古井，共"),
        column("b4", 640, "计十一口，出土瓷器、铜钱等文物"),
        column("b5", 520, "三百余件。专家表示，这为研究城"),
        {"b6", Role::Separator, Direction::Vertical, {480, 90, 484, 910}, {}, "", 1.0f, 0},
        other,
        column("b8", 280, "为方便市民夜间出行，市公交集团"),
    };
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 2u);
    EXPECT_EQ(layout.articles[0].title, "城市考古发现宋代古井群");
    EXPECT_EQ(layout.articles[0].block_ids, (std::vector<std::string>{"b1", "b2", "b3", "b4", "b5"}));
    EXPECT_EQ(layout.articles[1].title, "夜间公交新增线路");
    EXPECT_EQ(layout.articles[1].block_ids, (std::vector<std::string>{"b7", "b8"}));
}

// Front matter left in the body by layout, as on the rendered scan a_11_000.
TEST(Articles, SubtitleBylineAndSignatureLeaveTheBody) {
    Article stacked;
    stacked.paragraphs = {"产品与场景双向赋能", "本报记者孙云", "启用不久的“模速空间”人工智能产品体验店是上海首家AI“黑科技”体验店。", "方翔"};
    separate_front_matter(stacked);
    EXPECT_EQ(stacked.subtitle, "产品与场景双向赋能");
    EXPECT_EQ(stacked.byline, "本报记者孙云");
    ASSERT_EQ(stacked.paragraphs.size(), 2u);  // a signature stays when the byline is known
    EXPECT_EQ(stacked.paragraphs[1], "方翔");

    Article run_together;
    run_together.paragraphs = {"抢抓风口，让“模力”焕发“魔力”青年报首席记者范彦萍", "昨天，上海市“人工智能+”行动推进大会在徐汇举行。"};
    separate_front_matter(run_together);
    EXPECT_EQ(run_together.subtitle, "抢抓风口，让“模力”焕发“魔力”");
    EXPECT_EQ(run_together.byline, "青年报首席记者范彦萍");
    EXPECT_EQ(run_together.paragraphs.size(), 1u);

    // A byline wrapped over two lines, rejoined into one paragraph.
    Article wrapped;
    wrapped.paragraphs = {"本报记者 孙云 通讯员 王芳", "启用不久的“模速空间”人工智能产品体验店是上海首家AI“黑科技”体验店。"};
    separate_front_matter(wrapped);
    EXPECT_EQ(wrapped.byline, "本报记者 孙云 通讯员 王芳");
    EXPECT_EQ(wrapped.paragraphs.size(), 1u);

    Article signed_off;
    signed_off.paragraphs = {"近日，“女子春节拍占应急车道车辆获1500元”登上热搜。", "“随手拍”绝非多管闲事。", "方翔"};
    separate_front_matter(signed_off);
    EXPECT_EQ(signed_off.byline, "方翔");
    EXPECT_EQ(signed_off.paragraphs.size(), 2u);

    // A reporter named inside a sentence is body text.
    Article body;
    body.paragraphs = {"记者从市交通委获悉，今年起全市推行随手拍举报。", "市民可通过随申办提交。"};
    separate_front_matter(body);
    EXPECT_EQ(body.byline, "");
    EXPECT_EQ(body.paragraphs.size(), 2u);
}

// The masthead box of the 1939 晶報 front page (jb_3797, page 1; boxes as found on the fold,
// text from its transcription): the name's display lines, heading nothing but each other,
// and the imprint lines, each boxed off by rules. None is an article; the story beside is.
TEST(Articles, TheMastheadBoxOfAFrontPageHoldsNoArticle) {
    auto vertical = [](Block b) {
        b.direction = Direction::Vertical;
        return b;
    };
    const auto rule = [](int y) { return Block{"", Role::Separator, Direction::Horizontal, {1040, y, 1620, y + 6}, {}, "", 1.0f, 0}; };
    const std::vector<Block> blocks = {
        text_block("b1", Role::Headline, {1063, 659, 1121, 771}, 57, {"晶報"}),
        text_block("b2", Role::Subtitle, {1123, 693, 1164, 770}, 40, {"The Crystal"}),
        rule(850),
        text_block("b3", Role::Body, {1076, 865, 1523, 897}, 29, {"館址漢口路二九九號　　電話九三四二八"}),
        rule(898),
        text_block("b4", Role::Body, {1043, 904, 1610, 939}, 31, {"中華郵政特准掛號立券按照總包優益寄送之報紙"}),
        rule(941),
        text_block("b5", Role::Body, {1090, 948, 1506, 977}, 26, {"◀公共租界工部局登記證Ｃ字廿四號▶"}),
        {"b6", Role::Separator, Direction::Vertical, {1630, 600, 1636, 2100}, {}, "", 1.0f, 0},
        vertical(text_block("b7", Role::Headline, {1902, 1120, 2024, 2110}, 115, {"華軍已進入城陵磯"})),
        vertical(text_block("b8", Role::Body, {1637, 1113, 1890, 2201}, 24,
                            {"（重慶廿二日美聯電）第八路軍、現正在山西省", "南前進、突被第八路軍襲擊、結果日軍千人被擊斃"})),
    };
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 1u);
    EXPECT_EQ(layout.articles[0].title, "華軍已進入城陵磯");
}

// The foot of a brief on page 4 of the 1939 晶報 fold (jb_3797; boxes as found, text from
// the transcription): its last columns under a rule, two blocks set two columns apart, read
// right to left, no headline over them; beside them a smudge OCR could barely read.
TEST(Articles, ColumnsNoHeadlineClaimsAreOneStoryAndASmudgeIsNone) {
    auto vertical = [](Block b) {
        b.direction = Direction::Vertical;
        return b;
    };
    Block smudge = vertical(text_block("b4", Role::Body, {2028, 2881, 2057, 3034}, 22, {"' Mi估", "間中Nt"}));
    smudge.confidence = 0.17f;
    const std::vector<Block> blocks = {
        {"b1", Role::Separator, Direction::Horizontal, {2000, 2178, 3941, 2187}, {}, "", 1.0f, 0},
        vertical(text_block("b2", Role::Body, {3284, 2195, 3382, 2391}, 26, {"千餘元、", "▲戈登路新大玻", "璃廠、昨日下午、", "被盜一千餘元、"})),
        vertical(text_block("b3", Role::Body, {3429, 2198, 3493, 2390}, 24, {"闖入、內四盜均執", "有武器、被刼達八"})),
        smudge,
    };
    const ArticleLayout layout = group_articles(blocks, {});
    ASSERT_EQ(layout.articles.size(), 1u);
    EXPECT_EQ(layout.articles[0].block_ids, (std::vector<std::string>{"b3", "b2"}));
}

TEST(Articles, FindsMarkersInTheirPrintedForms) {
    const auto m1 = find_marker("发展的信心。（下转第3版）");
    ASSERT_TRUE(m1);
    EXPECT_TRUE(m1->forward);
    EXPECT_EQ(m1->page, 3);
    EXPECT_EQ(std::string("发展的信心。（下转第3版）").substr(0, m1->begin), "发展的信心。");
    const auto m2 = find_marker("(上接第12版)");
    ASSERT_TRUE(m2);
    EXPECT_FALSE(m2->forward);
    EXPECT_EQ(m2->page, 12);
    EXPECT_EQ(find_marker("下转5版")->page, 5);
    EXPECT_EQ(find_marker("接第２版")->page, 2);  // full-width digit
    EXPECT_EQ(find_marker("(Continued on page 4)")->page, 4);
    EXPECT_FALSE(find_marker("Continued from page 2")->forward);
    EXPECT_FALSE(find_marker("今日8版"));
    EXPECT_FALSE(find_marker("转发第一版的消息"));
}

}  // namespace
}  // namespace newsocr
