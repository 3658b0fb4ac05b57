#include <gtest/gtest.h>

#include <filesystem>
#include <tuple>

#include "newsocr/atomic_file.hpp"
#include "newsocr/page_json.hpp"
#include "test_util.hpp"

namespace newsocr {
namespace {

namespace fs = std::filesystem;

Page sample_page() {
    Page p;
    p.source = "issue/page-01.png";
    p.page = 2;
    p.width = 2480;
    p.height = 3508;
    p.dpi = 300;
    p.skew_degrees = -1.25;
    Block b{"b1", Role::Body, Direction::Vertical, {10, 20, 300, 900}, {}, "本报讯\n昨日", 0.91f, 30};
    b.lines.push_back({"本报讯", {260, 20, 300, 140}, 0.93f, {{"本报讯", {260, 20, 300, 140}, 0.93f}}});
    p.blocks.push_back(b);
    p.blocks.push_back({"b2", Role::Photo, Direction::Horizontal, {400, 20, 900, 600}, {}, "", 1.0f, 0});
    Article a;
    a.id = "a1";
    a.title = "全力打造人工智能发展试验田";
    a.byline = "本报记者 张三";
    a.paragraphs = {"第一段。", "第二段。"};
    a.direction = Direction::Vertical;
    a.regions = {{Role::Headline, {300, 20, 380, 900}}, {Role::Body, {10, 20, 300, 900}}};
    a.block_ids = {"b1"};
    a.confidence = 0.9f;
    a.continued_to = PageRef{3};
    p.articles.push_back(a);
    p.captions.push_back({"图为模速空间", {400, 610, 900, 650}, std::string("a1")});
    p.warnings = {"low confidence"};
    return p;
}

TEST(PageJson, FieldsFollowTheContract) {
    const auto j = to_json(sample_page());
    EXPECT_EQ(j["source"], "issue/page-01.png");
    EXPECT_EQ(j["page"], 2);
    EXPECT_EQ(j["skew_degrees"], -1.25);
    const auto& a = j["articles"][0];
    EXPECT_EQ(a["direction"], "vertical");
    EXPECT_EQ(a["regions"][0]["role"], "headline");
    EXPECT_EQ(a["regions"][0]["bbox"], nlohmann::json::array({300, 20, 380, 900}));
    EXPECT_EQ(a["continued_to"]["page"], 3);
    EXPECT_TRUE(a["continued_from"].is_null());
    EXPECT_EQ(j["captions"][0]["article_id"], "a1");
    EXPECT_EQ(j["blocks"][1]["role"], "photo");
    EXPECT_EQ(j["blocks"][0]["lines"][0]["words"][0]["text"], "本报讯");
}

TEST(PageJson, RoundTripsEveryField) {
    const Page p = sample_page();
    const Page q = page_from_json(nlohmann::json::parse(to_json(p).dump()));
    EXPECT_EQ(to_json(q), to_json(p));
}

TEST(PageJson, MalformedInputNamesTheProblem) {
    auto j = to_json(sample_page());
    j["blocks"][0]["role"] = "sidebar";
    try {
        (void)page_from_json(j);
        FAIL();
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("sidebar"), std::string::npos) << e.what();
    }
}

TEST(Roles, EveryRoleHasItsJsonName) {
    for (const char* name : {"headline", "subtitle", "kicker", "byline", "body", "caption", "photo", "separator", "header", "folio",
                             "advert", "marker"}) {
        const auto role = parse_role(name);
        ASSERT_TRUE(role) << name;
        EXPECT_EQ(to_string(*role), name);
    }
    EXPECT_FALSE(parse_role("sidebar"));
}

// Strict UTF-8 (RFC 3629): each kind of invalid sequence is found at its byte offset.
TEST(Utf8, EveryKindOfInvalidSequenceIsFoundAtItsOffset) {
    const std::vector<std::tuple<std::string, size_t, std::string>> invalid = {
        {"ab\xC0\xAF", 2, "overlong form"},                 // "/" in two bytes
        {"\xE0\x80\xAF", 0, "overlong form"},              // "/" in three
        {"中\xF0\x80\x80\xAF", 3, "overlong form"},       // and in four
        {"x\xED\xA0\x80y", 1, "UTF-16 surrogate"},          // U+D800
        {"\xF4\x90\x80\x80", 0, "code point above U+10FFFF"},
        {"ok\xF5\x80\x80\x80", 2, "byte that never occurs in UTF-8"},
        {"\x80", 0, "stray continuation byte"},
        {"中文\xE4\xB8", 6, "sequence cut short at the end of the text"},
        {"\xE4\xB8z", 0, "sequence cut short"},
    };
    for (const auto& [text, offset, problem] : invalid) {
        const auto e = find_invalid_utf8(text);
        ASSERT_TRUE(e.has_value()) << problem;
        EXPECT_EQ(e->offset, offset) << problem;
        EXPECT_EQ(e->problem, problem);
        EXPECT_FALSE(valid_utf8(text));
        // Decoding never passes an invalid sequence on as a character.
        for (char32_t c : code_points(text)) EXPECT_FALSE(c == U'/' || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) << problem;
    }
    // U+FFFD in valid text is an ordinary character, and the largest code points are valid.
    EXPECT_TRUE(valid_utf8("替换\xEF\xBF\xBD字符 \xF4\x8F\xBF\xBF \xF0\xA0\x80\x80"));
    EXPECT_FALSE(valid_utf8("\xEF\xBF\xBD\xC0\xAF"));  // and hides nothing after it
    try {
        require_utf8("ab\xC0\xAF", "notes.txt");
        FAIL() << "invalid text accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "notes.txt: not valid UTF-8 text: overlong form at byte 2");
    }
}

TEST(Box, Geometry) {
    const Box a{0, 0, 10, 10}, b{5, 5, 15, 15};
    EXPECT_EQ(intersect(a, b), (Box{5, 5, 10, 10}));
    EXPECT_EQ(unite(a, b), (Box{0, 0, 15, 15}));
    EXPECT_NEAR(iou(a, b), 25.0 / 175.0, 1e-9);
    EXPECT_EQ(unite(Box{}, b), b);
    EXPECT_TRUE(intersect(a, Box{20, 20, 30, 30}).empty());
}

TEST(AtomicFile, ReplacesWholeAndLeavesNoTemporary) {
    const fs::path dir = fs::temp_directory_path() / ("newsocr-atomic-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const fs::path file = dir / "sub" / "page.json";
    write_file_atomic(file, "first");
    write_file_atomic(file, "second version");
    EXPECT_EQ(test::read_file(file), "second version");
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) files += e.is_regular_file();
    EXPECT_EQ(files, 1);
    EXPECT_THROW(write_file_atomic(dir / "sub" / "page.json" / "x", "nested under a file"), std::runtime_error);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace newsocr
