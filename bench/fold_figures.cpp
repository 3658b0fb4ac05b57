// Articles on real microfilm folds against their transcription, from the page JSON of a full
// run (e.g. the 晶報 folds of the shared data, read with --lang chi_tra):
//   fold_figures OUTPUT_DIR TEXT_GT_XML [TEXT_GT_XML]...
// TEXT_GT_XML: ECPO transcription (divs typed article, advert, ...; text in reading order; an
// article's headings are its text outside paragraphs, its first paragraph when more follow, a
// paragraph of one short line, and a paragraph's first line far shorter than its others). Each is matched to the page JSON
// whose stem ends with the XML's stem.
//
// Per fold:
//   articles            articles found, against the transcription's article divs
//   holding adverts     articles holding advert text: 3 or more runs of three ideographs
//                       that occur in the fold's adverts and nowhere in its articles
//   columns as headline of the text blocks that read as article body (three or more of their
//                       pairs of ideographs occur only in body paragraphs, three times as
//                       many as occur only in headings), the share labelled headline: body columns taken for
//                       headlines. Headings themselves lie inside the articles' regions, so
//                       the text tells a heading from a column where the regions cannot.
//   CJK F1              bag-of-ideographs F1 of everything read (every text block) against
//                       the whole transcription
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "newsocr/model.hpp"
#include "newsocr/page_json.hpp"
#include "newsocr/text.hpp"

using namespace newsocr;
namespace fs = std::filesystem;

namespace {

std::u32string ideographs(std::string_view utf8) {
    std::u32string out;
    for (const char32_t c : code_points(utf8))
        if (is_ideograph(c)) out += c;
    return out;
}

std::string node_text(const pugi::xml_node& node) {
    std::string out;
    for (const auto& n : node.select_nodes(".//text()")) out += n.node().value();
    return out;
}

// The printed lines of a paragraph (text between <lb/>s), ideographs only.
std::vector<std::u32string> printed_lines(const pugi::xml_node& p) {
    std::vector<std::u32string> lines(1);
    pugi::xpath_node_set nodes = p.select_nodes(".//text() | .//lb");
    nodes.sort();
    for (const auto& hit : nodes) {
        const pugi::xml_node n = hit.node();
        if (n.type() == pugi::node_element) lines.emplace_back();
        else lines.back() += ideographs(n.value());
    }
    std::erase_if(lines, [](const std::u32string& l) { return l.empty(); });
    return lines;
}

std::set<std::u32string> ngrams(const std::u32string& s, size_t n) {
    std::set<std::u32string> out;
    for (size_t i = 0; i + n <= s.size(); ++i) out.insert(s.substr(i, n));
    return out;
}

std::set<std::u32string> minus(std::set<std::u32string> a, const std::set<std::u32string>& b) {
    for (const auto& g : b) a.erase(g);
    return a;
}

size_t hits(const std::set<std::u32string>& grams, const std::set<std::u32string>& in) {
    size_t n = 0;
    for (const auto& g : grams) n += in.count(g);
    return n;
}

double bag_f1(const std::u32string& truth, const std::u32string& found) {
    std::map<char32_t, long> t, f;
    for (const char32_t c : truth) ++t[c];
    for (const char32_t c : found) ++f[c];
    long common = 0;
    for (const auto& [c, n] : f) common += std::min(n, t.count(c) ? t[c] : 0L);
    if (truth.empty() || found.empty()) return 0;
    const double p = double(common) / double(found.size()), r = double(common) / double(truth.size());
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

void check_fold(const Page& page, const fs::path& xml) {
    pugi::xml_document doc;
    if (!doc.load_file(xml.c_str())) throw std::runtime_error(xml.string() + ": not XML");
    // Top-level articles and adverts: a div of that type with no ancestor of the same type.
    size_t truth_articles = 0;
    std::u32string article_text, advert_text, all_text, heading_text, body_text;
    for (const auto& hit : doc.select_nodes("//div[@type='article' and not(ancestor::div[@type='article'])]")) {
        ++truth_articles;
        article_text += ideographs(node_text(hit.node()));
        // Headings: text outside paragraphs; the first paragraph when more follow; a paragraph
        // of one short line (a subhead); a paragraph's first line when it is far shorter than
        // its other lines (a headline run into the text).
        for (const auto& t : hit.node().select_nodes(".//text()[not(ancestor::p)]")) heading_text += ideographs(t.node().value()) + U'\n';
        const auto paragraphs = hit.node().select_nodes(".//p");
        for (size_t i = 0; i < paragraphs.size(); ++i) {
            const std::vector<std::u32string> lines = printed_lines(paragraphs[i].node());
            std::vector<size_t> lengths;
            for (size_t k = 1; k < lines.size(); ++k) lengths.push_back(lines[k].size());
            std::sort(lengths.begin(), lengths.end());
            for (size_t k = 0; k < lines.size(); ++k) {
                const bool heading = (i == 0 && paragraphs.size() > 1) || (lines.size() == 1 && lines[0].size() <= 12) ||
                                     (k == 0 && lengths.size() >= 2 && lines[0].size() <= 0.6 * static_cast<double>(lengths[lengths.size() / 2]));
                (heading ? heading_text : body_text) += lines[k] + U'\n';
            }
        }
    }
    for (const auto& hit : doc.select_nodes("//div[@type='advert' and not(ancestor::div[@type='advert'])]"))
        advert_text += ideographs(node_text(hit.node()));
    all_text = ideographs(node_text(doc.document_element()));
    const std::set<std::u32string> advert_only = minus(ngrams(advert_text, 3), ngrams(article_text, 3));
    const std::set<std::u32string> heading_only = minus(ngrams(heading_text, 2), ngrams(body_text, 2));
    // Body pairs found nowhere else: not in headings, adverts, margins or the running head.
    std::u32string elsewhere;
    for (const auto& hit : doc.select_nodes("//div[not(@type='article' or @type='page') and not(ancestor::div[@type='article'])]"))
        elsewhere += ideographs(node_text(hit.node())) + U'\n';
    const std::set<std::u32string> body_only = minus(minus(ngrams(body_text, 2), ngrams(heading_text, 2)), ngrams(elsewhere, 2));

    size_t holding_adverts = 0;
    for (const auto& a : page.articles) {
        std::string text = a.title + a.subtitle + a.byline;
        for (const auto& p : a.paragraphs) text += p;
        holding_adverts += hits(ngrams(ideographs(text), 3), advert_only) >= 3;
    }

    size_t body_columns = 0, as_headline = 0;
    std::u32string read;
    for (const auto& b : page.blocks) {
        if (!holds_text(b.role)) continue;
        const std::u32string text = ideographs(b.text);
        read += text;
        const size_t body = hits(ngrams(text, 2), body_only), heading = hits(ngrams(text, 2), heading_only);
        if (body < 3 || body < 3 * heading) continue;
        ++body_columns;
        as_headline += b.role == Role::Headline;
    }
    std::printf("%-32s articles %3zu (truth %3zu)   holding adverts %2zu   columns as headline %.3f (%zu of %zu)   CJK F1 %.3f\n",
                xml.stem().c_str(), page.articles.size(), truth_articles, holding_adverts,
                body_columns ? double(as_headline) / double(body_columns) : 0.0, as_headline, body_columns, bag_f1(all_text, read));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR TEXT_GT_XML [TEXT_GT_XML]...\n", argv[0]);
        return 2;
    }
    std::map<std::string, fs::path> pages;
    for (const auto& e : fs::directory_iterator(argv[1]))
        if (e.path().extension() == ".json") pages[e.path().stem().string()] = e.path();
    int failures = 0;
    for (int i = 2; i < argc; ++i) {
        const fs::path xml = argv[i];
        const std::string stem = xml.stem().string();
        try {
            const fs::path* json_file = nullptr;
            for (const auto& [name, file] : pages)
                if (name.ends_with(stem)) json_file = &file;
            if (!json_file) throw std::runtime_error(xml.string() + ": no page JSON in " + argv[1] + " for " + stem);
            std::ifstream in(*json_file);
            check_fold(page_from_json(nlohmann::json::parse(in)), xml);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s\n", e.what());
            ++failures;
        }
    }
    return failures ? 1 : 0;
}
