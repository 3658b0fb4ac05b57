#include "newsocr/report.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "newsocr/atomic_file.hpp"
#include "newsocr/text.hpp"

namespace newsocr {

using json = nlohmann::json;

namespace {

// Text a reader sees in Chinese or Latin newspapers; anything else is likely misread.
bool expected_script(char32_t c) {
    return c < 0x250 || (c >= 0x2000 && c <= 0x206F) || is_cjk(c) || (c >= 0x2150 && c <= 0x218F) ||  // number forms
           (c >= 0x2460 && c <= 0x24FF) || (c >= 0x25A0 && c <= 0x25FF) || c == 0x2605 || c == 0x2606;  // circled digits, shapes
}

// A short lower-case Latin run between Han characters ("国l家", "徐汇ab区"): OCR noise far
// more often than a word; acronyms ("AI", "5G") are upper case or digits.
std::vector<std::string> latin_inside_chinese(const std::u32string& text) {
    std::vector<std::string> out;
    for (size_t i = 1; i < text.size(); ++i) {
        if (!is_latin_letter(text[i]) || !is_ideograph(text[i - 1])) continue;
        size_t j = i;
        bool lower = false;
        while (j < text.size() && is_latin_letter(text[j])) lower = lower || (text[j] >= 'a' && text[j] <= 'z'), ++j;
        if (j < text.size() && is_ideograph(text[j]) && lower && j - i <= 3) out.push_back(to_utf8(text.substr(i - 1, j - i + 2)));
        i = j;
    }
    return out;
}

std::string examples(const std::vector<std::string>& items) {
    std::string s;
    for (size_t i = 0; i < items.size() && i < 5; ++i) s += (i ? ", " : "") + ("\"" + items[i] + "\"");
    return s;
}

size_t article_characters(const Article& a) {
    size_t n = code_points(a.title).size();
    for (const auto& p : a.paragraphs) n += code_points(p).size();
    return n;
}

std::string base64(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<size_t>(n));
    return out;
}

std::string escape_html(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

cv::Scalar article_colour(size_t i) {  // BGR, distinct hues
    static const cv::Scalar kColours[] = {{40, 40, 220}, {200, 120, 0}, {0, 160, 0}, {180, 0, 180}, {0, 140, 255},
                                          {160, 160, 0}, {90, 60, 160}, {0, 200, 200}, {120, 120, 255}, {60, 120, 60}};
    return kColours[i % std::size(kColours)];
}

}  // namespace

PageQuality assess_page(const Page& page, const ReportOptions& options) {
    PageQuality q;
    std::vector<std::pair<float, int>> words;  // confidence, characters
    long vertical_latin_blocks = 0;
    std::set<std::string> assigned;
    for (const auto& a : page.articles) assigned.insert(a.block_ids.begin(), a.block_ids.end());
    double body_chars = 0, unassigned_chars = 0;
    for (const auto& b : page.blocks) {
        for (const auto& l : b.lines)
            for (const auto& w : l.words) words.emplace_back(w.confidence, static_cast<int>(code_points(w.text).size()));
        const auto text = code_points(b.text);
        if (b.role == Role::Body) {
            body_chars += static_cast<double>(text.size());
            if (!assigned.count(b.id)) unassigned_chars += static_cast<double>(text.size());
        }
        const auto latin = std::count_if(text.begin(), text.end(), [](char32_t c) { return is_latin_letter(c); });
        if (b.direction == Direction::Vertical && text.size() >= 6 && latin * 2 > static_cast<long>(text.size())) ++vertical_latin_blocks;
    }
    for (const auto& [conf, n] : words) q.characters += n;
    if (q.characters > 0) {
        double sum = 0, low = 0;
        for (const auto& [conf, n] : words) {
            sum += conf * n;
            if (conf < options.low_confidence) low += n;
        }
        q.mean_confidence = sum / static_cast<double>(q.characters);
        q.low_confidence_share = low / static_cast<double>(q.characters);
        std::sort(words.begin(), words.end());
        long seen = 0;
        for (const auto& [conf, n] : words) {
            seen += n;
            if (seen * 10 >= q.characters) {
                q.low_tail_confidence = conf;
                break;
            }
        }
    }

    q.warnings = page.warnings;
    auto warn = [&q](std::string w) { q.warnings.push_back(std::move(w)); };
    if (q.characters < options.nearly_empty_chars && page.text_source == TextSource::Ocr)
        warn(fmt::format("page nearly empty: {} characters read", q.characters));
    if (q.characters > 0 && q.mean_confidence < options.page_confidence_warn)
        warn(fmt::format("OCR confidence {:.2f} below {:.2f}", q.mean_confidence, options.page_confidence_warn));
    if (body_chars > 0 && unassigned_chars / body_chars > options.unassigned_share_warn)
        warn(fmt::format("{:.0f}% of the body text is in no article", 100 * unassigned_chars / body_chars));
    if (vertical_latin_blocks > 0) warn(fmt::format("vertical/horizontal mix unusual: {} vertical blocks read as Latin text", vertical_latin_blocks));

    std::vector<std::string> latin, foreign;
    for (const auto& a : page.articles)
        for (const auto& p : a.paragraphs) {
            const std::u32string cps = to_utf32(p);
            const auto found = latin_inside_chinese(cps);
            latin.insert(latin.end(), found.begin(), found.end());
            for (char32_t c : cps)
                if (!expected_script(c)) foreign.push_back(to_utf8(c));
        }
    if (!latin.empty()) warn(fmt::format("{} Latin fragments inside Chinese sentences: {}", latin.size(), examples(latin)));
    if (!foreign.empty()) warn(fmt::format("{} characters outside the expected scripts: {}", foreign.size(), examples(foreign)));
    return q;
}

json report_json(const std::vector<ReportPage>& pages, const ReportOptions& options, const json& evaluation) {
    json out_pages = json::array();
    int ok = 0, warned = 0, failed = 0;
    std::vector<double> seconds;
    for (const auto& rp : pages) {
        const PageRecord& r = rp.record;
        json p = {{"source", r.source}, {"page", r.page}, {"stem", r.stem}, {"status", r.ok ? "ok" : "failed"},
                  {"seconds", r.seconds}, {"finished", r.finished}};
        if (!r.ok) {
            p["error"] = r.error;
            p["warnings"] = json::array();
            ++failed;
        } else if (rp.page) {
            const Page& page = *rp.page;
            const PageQuality q = assess_page(page, options);
            json articles = json::array();
            for (const auto& a : page.articles)
                articles.push_back({{"id", a.id}, {"title", a.title}, {"characters", article_characters(a)},
                                    {"confidence", a.confidence}, {"direction", to_string(a.direction)}});
            p.update({{"skew_degrees", page.skew_degrees}, {"dpi", page.dpi}, {"text_source", to_string(page.text_source)},
                      {"articles", articles}, {"article_count", page.articles.size()}, {"characters", q.characters},
                      {"mean_confidence", q.mean_confidence}, {"low_tail_confidence", q.low_tail_confidence},
                      {"low_confidence_share", q.low_confidence_share}, {"warnings", q.warnings}});
            if (!q.warnings.empty()) p["status"] = "warned";
            (q.warnings.empty() ? ok : warned) += 1;
            seconds.push_back(r.seconds);
        } else {
            p["warnings"] = json::array({"no page JSON to assess (run with --formats json)"});
            p["status"] = "warned";
            ++warned;
        }
        out_pages.push_back(std::move(p));
    }
    // Worst first: failed, then most warnings, then lowest confidence.
    auto badness = [](const json& p) {
        const int status = p["status"] == "failed" ? 2 : p["status"] == "warned" ? 1 : 0;
        return std::make_tuple(-status, -static_cast<int>(p["warnings"].size()), p.value("mean_confidence", 0.0));
    };
    std::stable_sort(out_pages.begin(), out_pages.end(), [&](const json& a, const json& b) { return badness(a) < badness(b); });
    std::sort(seconds.begin(), seconds.end());
    json summary = {{"pages", pages.size()}, {"ok", ok}, {"warned", warned}, {"failed", failed},
                    {"median_seconds_per_page", seconds.empty() ? 0.0 : seconds[seconds.size() / 2]},
                    {"total_seconds", std::accumulate(seconds.begin(), seconds.end(), 0.0)}};
    json report = {{"summary", summary}, {"pages", out_pages}};
    if (!evaluation.is_null()) report["evaluation"] = evaluation;
    return report;
}

std::string report_html(const json& report, const std::vector<ReportPage>& pages) {
    std::map<std::string, const ReportPage*> by_stem;
    for (const auto& p : pages) by_stem[p.record.stem] = &p;
    const json& s = report["summary"];
    std::string html = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newsocr quality report</title>
<style>
body{font-family:sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
.page{display:flex;gap:1em;border-top:2px solid #ddd;padding:1em 0}
.failed{background:#fde8e8}.warned{background:#fff6dd}.ok{background:#eef8ee}
.status{font-weight:bold;text-transform:uppercase}.warn{color:#a35a00}.error{color:#b00020}
img{border:1px solid #999;max-width:360px}
</style></head><body>
<h1>newsocr quality report</h1>
)";
    html += fmt::format("<p id=\"summary\">{} pages: <b>{}</b> ok, <b>{}</b> with warnings, <b>{}</b> failed. "
                        "Median {:.1f} s per page. Pages are listed worst first.</p>\n",
                        s["pages"].get<int>(), s["ok"].get<int>(), s["warned"].get<int>(), s["failed"].get<int>(),
                        s["median_seconds_per_page"].get<double>());
    if (report.contains("evaluation")) {
        const json& e = report["evaluation"]["overall"];
        html += "<h2>Against ground truth</h2><table><tr>";
        for (const auto& [k, v] : e.items()) html += "<th>" + escape_html(k) + "</th>";
        html += "</tr><tr>";
        for (const auto& [k, v] : e.items()) html += "<td>" + escape_html(v.is_number_float() ? fmt::format("{:.3f}", v.get<double>()) : v.dump()) + "</td>";
        html += "</tr></table>\n";
    }
    for (const auto& p : report["pages"]) {
        const std::string status = p["status"];
        html += "<div class=\"page " + status + "\">";
        const auto it = by_stem.find(p["stem"].get<std::string>());
        if (it != by_stem.end() && !it->second->thumbnail_jpeg.empty())
            html += "<img alt=\"articles found\" src=\"data:image/jpeg;base64," + base64(it->second->thumbnail_jpeg) + "\">";
        html += "<div><h2>" + escape_html(p["stem"].get<std::string>()) + "</h2>";
        html += "<p><span class=\"status\">" + status + "</span> &middot; " + escape_html(p["source"].get<std::string>()) +
                fmt::format(" page {} &middot; {:.1f} s</p>", p["page"].get<int>(), p["seconds"].get<double>());
        if (p.contains("error")) html += "<p class=\"error\">" + escape_html(p["error"].get<std::string>()) + "</p>";
        if (report.contains("evaluation"))
            for (const auto& [id, e] : report["evaluation"]["pages"].items())
                if (e.value("prediction", "") == p["stem"].get<std::string>())
                    html += fmt::format("<p class=\"evaluation\">against ground truth {}: CER {:.3f}, character F1 {:.3f}, "
                                        "segmentation F1 {:.3f}, titles {:.2f}, paragraphs F1 {:.3f}</p>",
                                        escape_html(id), e["cer"].get<double>(), e["char_f1"].get<double>(),
                                        e["segmentation_f1"].get<double>(), e["title_accuracy"].get<double>(), e["paragraph_f1"].get<double>());
        for (const auto& w : p["warnings"]) html += "<p class=\"warn\">&#9888; " + escape_html(w.get<std::string>()) + "</p>";
        if (p.contains("articles")) {
            html += fmt::format("<p>skew {:.2f}&deg; &middot; {} dpi &middot; {} characters &middot; confidence mean {:.2f}, "
                                "10th percentile {:.2f}, {:.1f}% of characters in doubtful words</p>",
                                p["skew_degrees"].get<double>(), p["dpi"].get<int>(), p["characters"].get<long>(),
                                p["mean_confidence"].get<double>(), p["low_tail_confidence"].get<double>(),
                                100 * p["low_confidence_share"].get<double>());
            html += "<table><tr><th>#</th><th>title</th><th>characters</th><th>confidence</th></tr>";
            int n = 0;
            for (const auto& a : p["articles"])
                html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2f}</td></tr>", ++n,
                                    escape_html(a["title"].get<std::string>().empty() ? "(untitled)" : a["title"].get<std::string>()),
                                    a["characters"].get<double>(), a["confidence"].get<double>());
            html += "</table>";
        }
        html += "</div></div>\n";
    }
    html += "</body></html>\n";
    return html;
}

void write_report(const std::vector<ReportPage>& pages, const std::filesystem::path& out_dir, const json& evaluation) {
    const json report = report_json(pages, {}, evaluation);
    write_file_atomic(out_dir / "report.json", report.dump(1) + "\n");
    write_file_atomic(out_dir / "report.html", report_html(report, pages));
}

cv::Mat render_article_thumbnail(const cv::Mat& gray, const Page& page, int width) {
    const double scale = static_cast<double>(width) / std::max(1, gray.cols);
    cv::Mat small, canvas;
    cv::resize(gray, small, {}, scale, scale, cv::INTER_AREA);
    cv::cvtColor(small, canvas, cv::COLOR_GRAY2BGR);
    cv::Mat overlay = canvas.clone();
    auto rect = [scale](const Box& b) {
        return cv::Rect(cv::Point(static_cast<int>(b.x0 * scale), static_cast<int>(b.y0 * scale)),
                        cv::Point(static_cast<int>(b.x1 * scale), static_cast<int>(b.y1 * scale)));
    };
    for (size_t i = 0; i < page.articles.size(); ++i)
        for (const auto& r : page.articles[i].regions) cv::rectangle(overlay, rect(r.box), article_colour(i), cv::FILLED);
    cv::addWeighted(overlay, 0.35, canvas, 0.65, 0, canvas);
    for (size_t i = 0; i < page.articles.size(); ++i) {
        if (page.articles[i].regions.empty()) continue;
        const cv::Rect first = rect(page.articles[i].regions.front().box);
        const std::string label = std::to_string(i + 1);
        cv::putText(canvas, label, first.tl() + cv::Point(2, 14), cv::FONT_HERSHEY_SIMPLEX, 0.5, {255, 255, 255}, 3, cv::LINE_AA);
        cv::putText(canvas, label, first.tl() + cv::Point(2, 14), cv::FONT_HERSHEY_SIMPLEX, 0.5, article_colour(i), 1, cv::LINE_AA);
    }
    return canvas;
}

}  // namespace newsocr
