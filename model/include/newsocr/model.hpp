// The data model of newsocr: a page and everything found on it. Every stage is a
// function from these plain records to these plain records; nothing else is shared.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsocr {

// Axis-aligned box in pixels, half-open: [x0, x1) x [y0, y1).
struct Box {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;

    int width() const { return std::max(0, x1 - x0); }
    int height() const { return std::max(0, y1 - y0); }
    long long area() const { return static_cast<long long>(width()) * height(); }
    bool empty() const { return width() == 0 || height() == 0; }
    int cx() const { return (x0 + x1) / 2; }
    int cy() const { return (y0 + y1) / 2; }
    bool operator==(const Box&) const = default;
};

Box unite(const Box& a, const Box& b);      // smallest box holding both (an empty side is ignored)
Box intersect(const Box& a, const Box& b);  // empty box when they do not overlap
double iou(const Box& a, const Box& b);
// Index of the area side by side with others (the printed pages of a fold) whose columns lie
// nearest the centre of `b`; 0 for no areas.
size_t nearest_area(const std::vector<Box>& areas, const Box& b);

// How the characters of a block run. A closed set: CJK pages mix both.
enum class Direction { Horizontal, Vertical };

// What a region of the page is. The JSON names are part of the page JSON contract.
enum class Role {
    Headline, Subtitle, Kicker, Byline, Body, Caption, Photo, Separator, Header, Folio, Advert, Marker
};

// Blocks of every role but photos and separators hold printed text.
constexpr bool holds_text(Role r) { return r != Role::Photo && r != Role::Separator; }

std::string_view to_string(Direction d);  // "horizontal" | "vertical"
std::string_view to_string(Role r);       // "headline", "subtitle", ... as in the JSON
std::optional<Direction> parse_direction(std::string_view s);
std::optional<Role> parse_role(std::string_view s);

// Confidences are in [0, 1] everywhere (Tesseract's 0..100 is divided by 100).
struct Word {
    std::string text;
    Box box;
    float confidence = 1.0f;
};

struct Line {
    std::string text;
    Box box;
    float confidence = 1.0f;
    std::vector<Word> words;
};

// A rectangular piece of the page with one role and one direction: a text block, a photo,
// a separator rule. Text blocks carry their lines once OCR (or a PDF text layer) has run.
struct Block {
    std::string id;  // "b<N>", unique on the page
    Role role = Role::Body;
    Direction direction = Direction::Horizontal;
    Box box;
    std::vector<Line> lines;
    std::string text;  // lines joined with '\n' as printed
    float confidence = 1.0f;
    float font_size = 0;  // typical glyph size in pixels (height for horizontal, width for vertical)
};

struct PageRef {
    int page = 0;
    bool operator==(const PageRef&) const = default;
};

struct Region {
    Role role = Role::Body;
    Box box;
};

struct Article {
    std::string id;  // "a<N>", unique on the page
    std::string title, subtitle, byline;
    std::string kicker;  // a short line in smaller type over the title (a section or topic label)
    std::vector<std::string> paragraphs;
    Direction direction = Direction::Horizontal;
    std::vector<Region> regions;          // in reading order
    std::vector<std::string> block_ids;   // the blocks it was built from
    float confidence = 1.0f;
    std::optional<PageRef> continued_to, continued_from;
};

struct Caption {
    std::string text;
    Box box;
    std::optional<std::string> article_id;
};

// Where the text of a page came from: OCR of an image, or the text layer of a born-digital PDF.
enum class TextSource { Ocr, PdfText };
std::string_view to_string(TextSource s);  // "ocr" | "pdf-text"

struct Page {
    std::string source;  // input file as given
    int page = 1;        // 1-based page number within the source
    int printed_page = 0;  // the page number printed on it ("第5版"), 0 when none was found
    int width = 0, height = 0;  // pixels of the input image as given
    int dpi = 300;
    double body_glyph = 0;      // measured size of a body-text glyph in input pixels (0: too little text)
    double working_scale = 1;   // pixels of the image layout and OCR worked on per input pixel
    double skew_degrees = 0;  // clockwise rotation found in the scan (positive: text slopes down to the right)
    TextSource text_source = TextSource::Ocr;
    std::vector<Box> printed_areas;  // the printed pages in the image, in reading order: one, or two for a fold
    std::vector<Block> blocks;  // every layout block (text, photos, separators)
    std::vector<Article> articles;  // in reading order
    std::vector<Caption> captions;
    std::vector<std::string> warnings;  // things a reviewer should look at
};

// An issue: the pages of one newspaper issue (a directory, a multi-page PDF or TIFF),
// with articles that jump between pages joined.
struct Issue {
    std::vector<Page> pages;
    std::vector<Article> articles;  // continued articles joined into one
};

// What a run did with one input page: the run manifest holds one per page, the quality
// report reads them.
struct PageRecord {
    std::string source;  // input file as given
    int page = 1;        // page of a multi-page input, from 1
    std::string stem;    // output path without extension, relative to the output folder
    std::string input_hash;    // SHA-256 of the input file
    std::string options_hash;  // SHA-256 of the options that shape the outputs
    std::string version;       // newsocr version
    bool ok = false;
    std::string error;                 // why the page failed
    std::vector<std::string> outputs;  // relative to the output folder
    double seconds = 0;
    std::string finished;  // UTC time, ISO 8601; timestamps live only in records and the report
    std::string host;      // machine that processed the page
};

}  // namespace newsocr
