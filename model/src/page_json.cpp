#include "newsocr/page_json.hpp"

#include <stdexcept>

namespace newsocr {

using nlohmann::json;

namespace {
json page_ref(const std::optional<PageRef>& r) { return r ? json{{"page", r->page}} : json(nullptr); }

std::optional<PageRef> page_ref_from(const json& j, const char* key) {
    if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
    return PageRef{j.at(key).at("page").get<int>()};
}

json words_json(const std::vector<Word>& words) {
    json out = json::array();
    for (const auto& w : words) out.push_back({{"text", w.text}, {"bbox", to_json(w.box)}, {"confidence", w.confidence}});
    return out;
}

template <typename T>
T parse_enum(const json& j, const char* key, std::optional<T> (*parse)(std::string_view)) {
    const auto s = j.at(key).get<std::string>();
    if (auto v = parse(s)) return *v;
    throw std::runtime_error(std::string("unknown ") + key + " \"" + s + "\"");
}
}  // namespace

json to_json(const Box& b) { return json::array({b.x0, b.y0, b.x1, b.y1}); }

Box box_from_json(const json& j) {
    if (!j.is_array() || j.size() != 4) throw std::runtime_error("bbox must be [x0, y0, x1, y1]");
    return {j[0].get<int>(), j[1].get<int>(), j[2].get<int>(), j[3].get<int>()};
}

json to_json(const Article& a) {
    json regions = json::array();
    for (const auto& r : a.regions) regions.push_back({{"role", to_string(r.role)}, {"bbox", to_json(r.box)}});
    return {{"id", a.id},
            {"title", a.title},
            {"subtitle", a.subtitle},
            {"kicker", a.kicker},
            {"byline", a.byline},
            {"paragraphs", a.paragraphs},
            {"direction", to_string(a.direction)},
            {"regions", regions},
            {"block_ids", a.block_ids},
            {"confidence", a.confidence},
            {"continued_to", page_ref(a.continued_to)},
            {"continued_from", page_ref(a.continued_from)}};
}

json to_json(const Block& b) {
    json lines = json::array();
    for (const auto& l : b.lines)
        lines.push_back({{"text", l.text}, {"bbox", to_json(l.box)}, {"confidence", l.confidence}, {"words", words_json(l.words)}});
    return {{"id", b.id},
            {"role", to_string(b.role)},
            {"direction", to_string(b.direction)},
            {"bbox", to_json(b.box)},
            {"text", b.text},
            {"confidence", b.confidence},
            {"font_size", b.font_size},
            {"lines", lines}};
}

json to_json(const Page& p) {
    json articles = json::array(), captions = json::array(), blocks = json::array();
    for (const auto& a : p.articles) articles.push_back(to_json(a));
    for (const auto& c : p.captions)
        captions.push_back({{"text", c.text}, {"bbox", to_json(c.box)}, {"article_id", c.article_id ? json(*c.article_id) : json(nullptr)}});
    for (const auto& b : p.blocks) blocks.push_back(to_json(b));
    json printed_areas = json::array();
    for (const auto& a : p.printed_areas) printed_areas.push_back(to_json(a));
    return {{"source", p.source},
            {"page", p.page},
            {"printed_page", p.printed_page ? json(p.printed_page) : json(nullptr)},
            {"width", p.width},
            {"height", p.height},
            {"dpi", p.dpi},
            {"body_glyph", p.body_glyph},
            {"working_scale", p.working_scale},
            {"skew_degrees", p.skew_degrees},
            {"text_source", to_string(p.text_source)},
            {"printed_areas", printed_areas},
            {"articles", articles},
            {"captions", captions},
            {"blocks", blocks},
            {"warnings", p.warnings}};
}

Page page_from_json(const json& j) {
    Page p;
    p.source = j.at("source").get<std::string>();
    p.page = j.at("page").get<int>();
    p.printed_page = j.contains("printed_page") && !j.at("printed_page").is_null() ? j.at("printed_page").get<int>() : 0;
    p.width = j.at("width").get<int>();
    p.height = j.at("height").get<int>();
    p.dpi = j.at("dpi").get<int>();
    p.body_glyph = j.value("body_glyph", 0.0);
    p.working_scale = j.value("working_scale", 1.0);
    p.skew_degrees = j.at("skew_degrees").get<double>();
    p.text_source = j.value("text_source", "ocr") == "pdf-text" ? TextSource::PdfText : TextSource::Ocr;
    if (j.contains("printed_areas"))
        for (const auto& ja : j.at("printed_areas")) p.printed_areas.push_back(box_from_json(ja));
    for (const auto& jb : j.at("blocks")) {
        Block b;
        b.id = jb.at("id").get<std::string>();
        b.role = parse_enum<Role>(jb, "role", parse_role);
        b.direction = parse_enum<Direction>(jb, "direction", parse_direction);
        b.box = box_from_json(jb.at("bbox"));
        b.text = jb.value("text", "");
        b.confidence = jb.value("confidence", 1.0f);
        b.font_size = jb.value("font_size", 0.0f);
        for (const auto& jl : jb.value("lines", json::array())) {
            Line l{jl.at("text").get<std::string>(), box_from_json(jl.at("bbox")), jl.value("confidence", 1.0f), {}};
            for (const auto& jw : jl.value("words", json::array()))
                l.words.push_back({jw.at("text").get<std::string>(), box_from_json(jw.at("bbox")), jw.value("confidence", 1.0f)});
            b.lines.push_back(std::move(l));
        }
        p.blocks.push_back(std::move(b));
    }
    for (const auto& ja : j.at("articles")) {
        Article a;
        a.id = ja.at("id").get<std::string>();
        a.title = ja.value("title", "");
        a.subtitle = ja.value("subtitle", "");
        a.kicker = ja.value("kicker", "");
        a.byline = ja.value("byline", "");
        a.paragraphs = ja.value("paragraphs", std::vector<std::string>{});
        a.direction = parse_enum<Direction>(ja, "direction", parse_direction);
        for (const auto& jr : ja.value("regions", json::array()))
            a.regions.push_back({parse_enum<Role>(jr, "role", parse_role), box_from_json(jr.at("bbox"))});
        a.block_ids = ja.value("block_ids", std::vector<std::string>{});
        a.confidence = ja.value("confidence", 1.0f);
        a.continued_to = page_ref_from(ja, "continued_to");
        a.continued_from = page_ref_from(ja, "continued_from");
        p.articles.push_back(std::move(a));
    }
    for (const auto& jc : j.value("captions", json::array())) {
        Caption c{jc.at("text").get<std::string>(), box_from_json(jc.at("bbox")), std::nullopt};
        if (jc.contains("article_id") && !jc.at("article_id").is_null()) c.article_id = jc.at("article_id").get<std::string>();
        p.captions.push_back(std::move(c));
    }
    p.warnings = j.value("warnings", std::vector<std::string>{});
    return p;
}

json to_json(const Issue& issue) {
    json pages = json::array();
    for (const auto& p : issue.pages) pages.push_back({{"source", p.source}, {"page", p.page}, {"printed_page", p.printed_page}});
    json articles = json::array();
    for (const auto& a : issue.articles) articles.push_back(to_json(a));
    return {{"pages", pages}, {"articles", articles}};
}

json to_json(const PageRecord& r) {
    return {{"source", r.source},       {"page", r.page},       {"stem", r.stem},         {"input_sha256", r.input_hash},
            {"options_sha256", r.options_hash}, {"version", r.version}, {"status", r.ok ? "ok" : "failed"},
            {"error", r.error},         {"outputs", r.outputs}, {"seconds", r.seconds},   {"finished", r.finished},
            {"host", r.host}};
}

PageRecord page_record_from_json(const json& j) {
    PageRecord r;
    r.source = j.at("source").get<std::string>();
    r.page = j.at("page").get<int>();
    r.stem = j.at("stem").get<std::string>();
    r.input_hash = j.at("input_sha256").get<std::string>();
    r.options_hash = j.at("options_sha256").get<std::string>();
    r.version = j.at("version").get<std::string>();
    r.ok = j.at("status").get<std::string>() == "ok";
    r.error = j.value("error", "");
    r.outputs = j.value("outputs", std::vector<std::string>{});
    r.seconds = j.value("seconds", 0.0);
    r.finished = j.value("finished", "");
    r.host = j.value("host", "");
    return r;
}

}  // namespace newsocr
