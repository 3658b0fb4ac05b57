// The formats library systems load: ALTO v4, PAGE 2019, hOCR and plain text, all from the
// page record. Articles are expressed each format's way: ALTO StructureTags referenced by
// the article's TextBlocks and one OrderedGroup per article in the ReadingOrder; PAGE an
// OrderedGroupIndexed per article; hOCR an ocr_linear div per article (its logical flow)
// holding its blocks in reading order.
#include <pugixml.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "newsocr/output.hpp"
#include "newsocr/text.hpp"

namespace newsocr {

namespace {

// Blocks in reading order: each article's blocks in its order, then every other block.
struct OrderedBlocks {
    std::vector<std::pair<const Article*, std::vector<const Block*>>> articles;
    std::vector<const Block*> others;
};

OrderedBlocks order_blocks(const Page& page) {
    OrderedBlocks out;
    std::map<std::string, const Block*> by_id;
    for (const auto& b : page.blocks) by_id[b.id] = &b;
    std::map<std::string, bool> placed;
    for (const auto& a : page.articles) {
        std::vector<const Block*> blocks;
        for (const auto& id : a.block_ids)
            if (const auto it = by_id.find(id); it != by_id.end() && !placed[id]) {
                blocks.push_back(it->second);
                placed[id] = true;
            }
        out.articles.emplace_back(&a, std::move(blocks));
    }
    for (const auto& b : page.blocks)
        if (!placed[b.id]) out.others.push_back(&b);
    return out;
}

std::string xml_string(const pugi::xml_document& doc) {
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

void set_box_alto(pugi::xml_node n, const Box& b) {
    n.append_attribute("HPOS") = b.x0;
    n.append_attribute("VPOS") = b.y0;
    n.append_attribute("WIDTH") = b.width();
    n.append_attribute("HEIGHT") = b.height();
}

// A new XML document whose root element `name` declares its namespace and schema.
pugi::xml_node xml_root(pugi::xml_document& doc, const char* name, const char* ns, const char* schema_location) {
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto root = doc.append_child(name);
    root.append_attribute("xmlns") = ns;
    root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
    root.append_attribute("xsi:schemaLocation") = schema_location;
    return root;
}

std::string confidence_text(float c) { return fmt::format("{:.3f}", std::clamp(c, 0.0f, 1.0f)); }

// Whether a reader puts a space between two words: between Latin words and numbers, never
// beside CJK text.
bool space_between(const std::string& left, const std::string& right) {
    const auto a = code_points(left), b = code_points(right);
    if (a.empty() || b.empty()) return false;
    auto latin = [](char32_t c) { return is_latin_letter(c) || (c >= U'0' && c <= U'9'); };
    return latin(a.back()) && latin(b.front());
}

}  // namespace

std::vector<Word> line_words(const Line& line) {
    std::vector<Word> out;
    for (const auto& w : line.words)
        if (!w.text.empty()) out.push_back(w);
    if (out.empty() && !line.text.empty()) out.push_back(Word{line.text, line.box, line.confidence});
    return out;
}

std::string alto_xml(const Page& page, std::string_view version) {
    pugi::xml_document doc;
    auto alto = xml_root(doc, "alto", "http://www.loc.gov/standards/alto/ns-v4#",
                         "http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/alto/v4/alto-4-4.xsd");

    auto description = alto.append_child("Description");
    description.append_child("MeasurementUnit").text() = "pixel";
    description.append_child("sourceImageInformation").append_child("fileName").text() = page.source.c_str();
    auto software = description.append_child("OCRProcessing");
    software.append_attribute("ID") = "OCR_0";
    auto software_info = software.append_child("ocrProcessingStep").append_child("processingSoftware");
    software_info.append_child("softwareName").text() = "newsocr";
    software_info.append_child("softwareVersion").text() = std::string(version).c_str();

    const OrderedBlocks ordered = order_blocks(page);
    if (!ordered.articles.empty()) {
        auto tags = alto.append_child("Tags");
        for (const auto& [article, blocks] : ordered.articles) {
            auto tag = tags.append_child("StructureTag");
            tag.append_attribute("ID") = ("ART_" + article->id).c_str();
            tag.append_attribute("TYPE") = "article";
            tag.append_attribute("LABEL") = (article->title.empty() ? article->id : article->title).c_str();
        }
    }
    if (std::any_of(ordered.articles.begin(), ordered.articles.end(), [](const auto& a) { return !a.second.empty(); })) {
        auto order = alto.append_child("ReadingOrder").append_child("OrderedGroup");
        order.append_attribute("ID") = "RO_page";
        int ref = 0;
        for (const auto& [article, blocks] : ordered.articles) {
            if (blocks.empty()) continue;  // a group holds at least one element
            auto group = order.append_child("OrderedGroup");
            group.append_attribute("ID") = ("RO_" + article->id).c_str();
            group.append_attribute("TAGREFS") = ("ART_" + article->id).c_str();
            for (const Block* b : blocks) {
                auto element = group.append_child("ElementRef");
                element.append_attribute("ID") = fmt::format("RO_ref{}", ++ref).c_str();
                element.append_attribute("REF") = ("TB_" + b->id).c_str();
            }
        }
    }

    auto layout_page = alto.append_child("Layout").append_child("Page");
    layout_page.append_attribute("ID") = fmt::format("PAGE_{}", page.page).c_str();
    layout_page.append_attribute("PHYSICAL_IMG_NR") = page.page;
    if (page.printed_page > 0) layout_page.append_attribute("PRINTED_IMG_NR") = page.printed_page;
    layout_page.append_attribute("WIDTH") = page.width;
    layout_page.append_attribute("HEIGHT") = page.height;
    auto space = layout_page.append_child("PrintSpace");
    set_box_alto(space, Box{0, 0, page.width, page.height});

    int line_no = 0, string_no = 0;
    auto add_block = [&](const Block& b, const Article* article) {
        if (!holds_text(b.role)) {
            auto n = space.append_child(b.role == Role::Photo ? "Illustration" : "GraphicalElement");
            n.append_attribute("ID") = ("TB_" + b.id).c_str();
            set_box_alto(n, b.box);
            return;
        }
        auto block = space.append_child("TextBlock");
        block.append_attribute("ID") = ("TB_" + b.id).c_str();
        if (article) block.append_attribute("TAGREFS") = ("ART_" + article->id).c_str();
        set_box_alto(block, b.box);
        for (const auto& line : b.lines) {
            const auto words = line_words(line);
            if (words.empty()) continue;
            auto text_line = block.append_child("TextLine");
            text_line.append_attribute("ID") = fmt::format("TL_{}", ++line_no).c_str();
            set_box_alto(text_line, line.box);
            if (b.direction == Direction::Vertical) text_line.append_attribute("BASEDIRECTION") = "ttb";
            for (size_t i = 0; i < words.size(); ++i) {
                if (i > 0 && space_between(words[i - 1].text, words[i].text)) text_line.append_child("SP");
                auto s = text_line.append_child("String");
                s.append_attribute("ID") = fmt::format("S_{}", ++string_no).c_str();
                set_box_alto(s, words[i].box);
                s.append_attribute("CONTENT") = words[i].text.c_str();
                s.append_attribute("WC") = confidence_text(words[i].confidence).c_str();
            }
        }
    };
    for (const auto& [article, blocks] : ordered.articles)
        for (const Block* b : blocks) add_block(*b, article);
    for (const Block* b : ordered.others) add_block(*b, nullptr);
    return xml_string(doc);
}

namespace {

std::string page_points(const Box& b) {
    const int x1 = std::max(b.x0, b.x1 - 1), y1 = std::max(b.y0, b.y1 - 1);  // inclusive corners
    return fmt::format("{},{} {},{} {},{} {},{}", b.x0, b.y0, x1, b.y0, x1, y1, b.x0, y1);
}

const char* page_text_type(Role r) {
    switch (r) {
        case Role::Headline:
        case Role::Subtitle:
        case Role::Kicker: return "heading";
        case Role::Byline: return "credit";
        case Role::Caption: return "caption";
        case Role::Header: return "header";
        case Role::Folio: return "page-number";
        case Role::Body: return "paragraph";
        default: return "other";
    }
}

void page_text_equiv(pugi::xml_node parent, const std::string& text, float confidence) {
    auto equiv = parent.append_child("TextEquiv");
    equiv.append_attribute("conf") = confidence_text(confidence).c_str();
    equiv.append_child("Unicode").text() = text.c_str();
}

}  // namespace

std::string page_xml(const Page& page, std::string_view created) {
    pugi::xml_document doc;
    auto root = xml_root(doc, "PcGts", "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15",
                         "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15 "
                         "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15/pagecontent.xsd");
    auto metadata = root.append_child("Metadata");
    metadata.append_child("Creator").text() = "newsocr";
    metadata.append_child("Created").text() = std::string(created).c_str();
    metadata.append_child("LastChange").text() = std::string(created).c_str();

    auto xml_page = root.append_child("Page");
    xml_page.append_attribute("imageFilename") = page.source.c_str();
    xml_page.append_attribute("imageWidth") = page.width;
    xml_page.append_attribute("imageHeight") = page.height;

    const OrderedBlocks ordered = order_blocks(page);
    if (std::any_of(ordered.articles.begin(), ordered.articles.end(), [](const auto& a) { return !a.second.empty(); })) {
        auto order = xml_page.append_child("ReadingOrder").append_child("OrderedGroup");
        order.append_attribute("id") = "ro_page";
        order.append_attribute("caption") = "articles";
        int index = 0;
        for (const auto& [article, blocks] : ordered.articles) {
            if (blocks.empty()) continue;
            auto group = order.append_child("OrderedGroupIndexed");
            group.append_attribute("id") = ("ro_" + article->id).c_str();
            group.append_attribute("caption") = (article->title.empty() ? article->id : article->title).c_str();
            group.append_attribute("index") = index++;
            int k = 0;
            for (const Block* b : blocks) {
                auto ref = group.append_child("RegionRefIndexed");
                ref.append_attribute("index") = k++;
                ref.append_attribute("regionRef") = ("r_" + b->id).c_str();
            }
        }
    }

    int line_no = 0, word_no = 0;
    auto add_block = [&](const Block& b) {
        const char* kind = b.role == Role::Photo ? "ImageRegion" : b.role == Role::Separator ? "SeparatorRegion" : "TextRegion";
        auto region = xml_page.append_child(kind);
        region.append_attribute("id") = ("r_" + b.id).c_str();
        if (holds_text(b.role)) {
            region.append_attribute("type") = page_text_type(b.role);
            const bool vertical = b.direction == Direction::Vertical;
            region.append_attribute("readingDirection") = vertical ? "top-to-bottom" : "left-to-right";
            region.append_attribute("textLineOrder") = vertical ? "right-to-left" : "top-to-bottom";
        }
        region.append_child("Coords").append_attribute("points") = page_points(b.box).c_str();
        if (!holds_text(b.role)) return;
        for (const auto& line : b.lines) {
            const auto words = line_words(line);
            if (words.empty()) continue;
            auto text_line = region.append_child("TextLine");
            text_line.append_attribute("id") = fmt::format("l{}", ++line_no).c_str();
            text_line.append_child("Coords").append_attribute("points") = page_points(line.box).c_str();
            for (const auto& w : words) {
                auto word = text_line.append_child("Word");
                word.append_attribute("id") = fmt::format("w{}", ++word_no).c_str();
                word.append_child("Coords").append_attribute("points") = page_points(w.box).c_str();
                page_text_equiv(word, w.text, w.confidence);
            }
            page_text_equiv(text_line, line.text, line.confidence);
        }
        if (!b.text.empty()) page_text_equiv(region, b.text, b.confidence);
    };
    for (const auto& [article, blocks] : ordered.articles)
        for (const Block* b : blocks) add_block(*b);
    for (const Block* b : ordered.others) add_block(*b);
    return xml_string(doc);
}

std::string hocr(const Page& page, std::string_view version) {
    pugi::xml_document doc;
    doc.append_child(pugi::node_doctype).set_value("html");
    auto html = doc.append_child("html");
    html.append_attribute("xmlns") = "http://www.w3.org/1999/xhtml";
    auto head = html.append_child("head");
    head.append_child("title").text() = page.source.c_str();
    auto charset = head.append_child("meta");
    charset.append_attribute("http-equiv") = "Content-Type";
    charset.append_attribute("content") = "text/html;charset=utf-8";
    auto system = head.append_child("meta");
    system.append_attribute("name") = "ocr-system";
    system.append_attribute("content") = fmt::format("newsocr {}", version).c_str();
    auto capabilities = head.append_child("meta");
    capabilities.append_attribute("name") = "ocr-capabilities";
    capabilities.append_attribute("content") = "ocr_page ocr_linear ocr_carea ocr_par ocr_line ocrx_word ocr_photo ocr_separator";

    auto body = html.append_child("body");
    auto page_div = body.append_child("div");
    page_div.append_attribute("class") = "ocr_page";
    page_div.append_attribute("id") = fmt::format("page_{}", page.page).c_str();
    page_div.append_attribute("title") =
        fmt::format("image \"{}\"; bbox 0 0 {} {}; ppageno {}; scan_res {} {}", page.source, page.width, page.height, page.page - 1, page.dpi, page.dpi)
            .c_str();
    auto bbox = [](const Box& b) { return fmt::format("bbox {} {} {} {}", b.x0, b.y0, b.x1, b.y1); };

    int line_no = 0, word_no = 0;
    auto add_block = [&](pugi::xml_node parent, const Block& b) {
        if (!holds_text(b.role)) {
            auto n = parent.append_child("div");
            n.append_attribute("class") = b.role == Role::Photo ? "ocr_photo" : "ocr_separator";
            n.append_attribute("id") = b.id.c_str();
            n.append_attribute("title") = bbox(b.box).c_str();
            return;
        }
        auto area = parent.append_child("div");
        area.append_attribute("class") = "ocr_carea";
        area.append_attribute("id") = b.id.c_str();
        area.append_attribute("title") = bbox(b.box).c_str();
        area.append_attribute("data-role") = std::string(to_string(b.role)).c_str();
        auto par = area.append_child("p");
        par.append_attribute("class") = "ocr_par";
        par.append_attribute("title") = bbox(b.box).c_str();
        if (b.direction == Direction::Vertical) par.append_attribute("style") = "writing-mode: vertical-rl";
        for (const auto& line : b.lines) {
            const auto words = line_words(line);
            if (words.empty()) continue;
            auto l = par.append_child("span");
            l.append_attribute("class") = "ocr_line";
            l.append_attribute("id") = fmt::format("line_{}", ++line_no).c_str();
            l.append_attribute("title") = (bbox(line.box) + fmt::format("; x_wconf {:.0f}", 100 * line.confidence)).c_str();
            for (size_t i = 0; i < words.size(); ++i) {
                if (i > 0 && space_between(words[i - 1].text, words[i].text)) l.append_child(pugi::node_pcdata).set_value(" ");
                auto w = l.append_child("span");
                w.append_attribute("class") = "ocrx_word";
                w.append_attribute("id") = fmt::format("word_{}", ++word_no).c_str();
                w.append_attribute("title") = (bbox(words[i].box) + fmt::format("; x_wconf {:.0f}", 100 * words[i].confidence)).c_str();
                w.text() = words[i].text.c_str();
            }
        }
    };
    const OrderedBlocks ordered = order_blocks(page);
    for (const auto& [article, blocks] : ordered.articles) {
        if (blocks.empty()) continue;
        auto group = page_div.append_child("div");
        group.append_attribute("class") = "ocr_linear";
        group.append_attribute("id") = article->id.c_str();
        if (!article->title.empty()) group.append_attribute("data-title") = article->title.c_str();
        for (const Block* b : blocks) add_block(group, *b);
    }
    for (const Block* b : ordered.others) add_block(page_div, *b);
    return xml_string(doc);
}

std::string articles_text(const std::vector<Article>& articles) {
    std::string out;
    for (const auto& a : articles) {
        std::vector<std::string> parts;
        for (const std::string* s : {&a.title, &a.subtitle, &a.byline})
            if (!s->empty()) parts.push_back(*s);
        parts.insert(parts.end(), a.paragraphs.begin(), a.paragraphs.end());
        if (parts.empty()) continue;
        if (!out.empty()) out += "\n\n";
        for (size_t i = 0; i < parts.size(); ++i) out += (i ? "\n" : "") + parts[i] + "\n";  // blank line between paragraphs
    }
    return out;
}

}  // namespace newsocr
