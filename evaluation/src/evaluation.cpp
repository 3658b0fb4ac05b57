#include "newsocr/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "newsocr/atomic_file.hpp"
#include "newsocr/text.hpp"

namespace newsocr {
namespace fs = std::filesystem;

namespace {

// One form per family of punctuation, so that a curly quote read as a straight one or a
// dash of another length is not an error.
char32_t punctuation_family(char32_t c) {
    static const std::map<char32_t, char32_t> families = [] {
        std::map<char32_t, char32_t> m;
        const std::pair<std::u32string_view, char32_t> groups[] = {
            {U"\"“”„‟〝〞＂「」『』﹁﹂﹃﹄", U'"'}, {U"'‘’‚‛′＇", U'\''}, {U"-—–―‒─━－‐‑⁃﹣", U'-'},
            {U"~～〜", U'~'}, {U"·・•‧∙", U'·'}, {U"【〖", U'['}, {U"】〗", U']'}, {U"〔", U'('},
            {U"〕", U')'}, {U"〈", U'《'}, {U"〉", U'》'}, {U"⋯", U'…'}};
        for (const auto& [members, to] : groups)
            for (char32_t c : members) m[c] = to;
        return m;
    }();
    const auto it = families.find(c);
    return it == families.end() ? c : it->second;
}

bool invisible(char32_t c) { return is_space(c) || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF; }

using Text = std::u32string;

Text normalised(std::string_view s) { return to_utf32(normalise_for_evaluation(s)); }

// Character error rate, capped at 1 so one wild prediction cannot outweigh the rest.
double cer(const Text& truth, const Text& found) {
    if (truth.empty()) return found.empty() ? 0.0 : 1.0;
    return std::min(1.0, static_cast<double>(edit_distance(truth, found)) / static_cast<double>(truth.size()));
}

// For each position 0..found.size() of `found`, the position of `truth` it aligns with.
std::vector<size_t> aligned_positions(const Text& truth, const Text& found) {
    const size_t n = truth.size(), m = found.size();
    std::vector<size_t> pos(m + 1);
    if (n * m > 40'000'000 || n == 0 || m == 0) {  // too long to align: proportional positions
        for (size_t j = 0; j <= m; ++j) pos[j] = m ? j * n / m : 0;
        return pos;
    }
    // Edit-distance table, then a walk back along one cheapest alignment.
    std::vector<uint32_t> d((n + 1) * (m + 1));
    auto at = [&](size_t i, size_t j) -> uint32_t& { return d[i * (m + 1) + j]; };
    for (size_t i = 0; i <= n; ++i) at(i, 0) = static_cast<uint32_t>(i);
    for (size_t j = 0; j <= m; ++j) at(0, j) = static_cast<uint32_t>(j);
    for (size_t i = 1; i <= n; ++i)
        for (size_t j = 1; j <= m; ++j)
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (truth[i - 1] == found[j - 1] ? 0u : 1u)});
    pos[m] = n;
    size_t i = n, j = m;
    while (j > 0) {
        if (i > 0 && at(i, j) == at(i - 1, j - 1) + (truth[i - 1] == found[j - 1] ? 0u : 1u)) {
            pos[--j] = --i;
        } else if (i > 0 && at(i, j) == at(i - 1, j) + 1) {
            --i;
        } else {
            pos[--j] = i;  // a character only in `found` sits where the truth is
        }
    }
    return pos;
}

// Offsets between consecutive paragraphs in their concatenation.
std::vector<size_t> paragraph_boundaries(const std::vector<Text>& paragraphs) {
    std::vector<size_t> out;
    size_t pos = 0;
    for (const auto& p : paragraphs) {
        pos += p.size();
        out.push_back(pos);
    }
    if (!out.empty()) out.pop_back();
    return out;
}

struct ArticleView {
    Text title, body, full;
    std::vector<Text> paragraphs;
    std::map<char32_t, long> bag;
};

ArticleView view(const Article& a) {
    ArticleView v;
    v.title = normalised(a.title);
    for (const auto& p : a.paragraphs)
        if (Text t = normalised(p); !t.empty()) {
            v.body += t;
            v.paragraphs.push_back(std::move(t));
        }
    v.full = v.title + normalised(a.subtitle) + normalised(a.byline) + v.body;
    for (char32_t c : v.full) ++v.bag[c];
    return v;
}

long common(const std::map<char32_t, long>& a, const std::map<char32_t, long>& b) {
    long n = 0;
    for (const auto& [c, k] : a)
        if (const auto it = b.find(c); it != b.end()) n += std::min(k, it->second);
    return n;
}

double ratio(double a, double b, double if_empty) { return b > 0 ? a / b : if_empty; }
double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

std::string string_field(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<fs::path> prediction_file(const fs::path& dir, const std::string& id) {
    for (const char* ext : {".json", ".txt"})
        if (fs::path f = dir / (id + ext); fs::exists(f)) return f;
    std::error_code ec;
    std::vector<fs::path> named;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.starts_with(id + ".") && name.ends_with(".json") && std::count(name.begin(), name.end(), '.') == 2)
            named.push_back(e.path());
    }
    if (named.size() == 1) return named.front();
    return std::nullopt;
}

}  // namespace

size_t edit_distance(std::u32string_view a, std::u32string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string normalise_for_evaluation(std::string_view text) {
    std::string out;
    for (char32_t c : code_points(text)) {
        if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII, as NFKC folds it
        if (c == 0x3000 || invisible(c)) continue;
        out += to_utf8(punctuation_family(c));
    }
    static const std::regex marker(R"(\((?:上接|下转|接|转)第?[0-9]+版\))");
    return std::regex_replace(out, marker, "");
}

EvaluationCounts& EvaluationCounts::operator+=(const EvaluationCounts& o) {
    chars_common += o.chars_common, chars_truth += o.chars_truth, chars_found += o.chars_found;
    errors += o.errors, truth_length += o.truth_length;
    truth_articles += o.truth_articles, found_articles += o.found_articles, matched += o.matched;
    segments_found_right += o.segments_found_right, segments_truth_found += o.segments_truth_found;
    titles_right += o.titles_right;
    boundaries_common += o.boundaries_common, boundaries_found += o.boundaries_found, boundaries_truth += o.boundaries_truth;
    return *this;
}

EvaluationScores scores(const EvaluationCounts& c) {
    EvaluationScores s;
    s.truth_articles = c.truth_articles, s.found_articles = c.found_articles, s.matched = c.matched;
    s.char_precision = ratio(c.chars_common, c.chars_found, c.chars_truth ? 0.0 : 1.0);
    s.char_recall = ratio(c.chars_common, c.chars_truth, c.chars_found ? 0.0 : 1.0);
    s.char_f1 = f1(s.char_precision, s.char_recall);
    s.cer = ratio(c.errors, c.truth_length, 0.0);
    s.segmentation_precision = ratio(c.segments_found_right, c.found_articles, c.truth_articles ? 0.0 : 1.0);
    s.segmentation_recall = ratio(c.segments_truth_found, c.truth_articles, c.found_articles ? 0.0 : 1.0);
    s.segmentation_f1 = f1(s.segmentation_precision, s.segmentation_recall);
    s.title_accuracy = ratio(c.titles_right, c.truth_articles, 0.0);
    s.paragraph_precision = ratio(c.boundaries_common, c.boundaries_found, c.boundaries_truth ? 0.0 : 1.0);
    s.paragraph_recall = ratio(c.boundaries_common, c.boundaries_truth, c.boundaries_found ? 0.0 : 1.0);
    s.paragraph_f1 = f1(s.paragraph_precision, s.paragraph_recall);
    return s;
}

EvaluationCounts evaluate_page(const std::vector<Article>& truth_articles, const std::vector<Article>& found_articles) {
    std::vector<ArticleView> truth, found;
    for (const auto& a : truth_articles)
        if (auto v = view(a); !v.full.empty()) truth.push_back(std::move(v));
    for (const auto& a : found_articles)
        if (auto v = view(a); !v.full.empty()) found.push_back(std::move(v));

    EvaluationCounts c;
    c.truth_articles = static_cast<long>(truth.size());
    c.found_articles = static_cast<long>(found.size());
    std::map<char32_t, long> truth_bag, found_bag;
    for (const auto& t : truth)
        for (const auto& [ch, k] : t.bag) truth_bag[ch] += k;
    for (const auto& f : found)
        for (const auto& [ch, k] : f.bag) found_bag[ch] += k;
    c.chars_common = common(truth_bag, found_bag);
    for (const auto& t : truth) c.chars_truth += static_cast<long>(t.full.size());
    for (const auto& f : found) c.chars_found += static_cast<long>(f.full.size());

    std::vector<std::vector<long>> overlap(truth.size(), std::vector<long>(found.size()));
    for (size_t i = 0; i < truth.size(); ++i)
        for (size_t j = 0; j < found.size(); ++j) overlap[i][j] = common(truth[i].bag, found[j].bag);

    // One-to-one matching, greedily by shared characters (largest first).
    std::vector<std::tuple<long, size_t, size_t>> candidates;
    for (size_t i = 0; i < truth.size(); ++i)
        for (size_t j = 0; j < found.size(); ++j)
            if (overlap[i][j] > 0) candidates.emplace_back(-overlap[i][j], i, j);
    std::sort(candidates.begin(), candidates.end());
    std::vector<int> match(truth.size(), -1);
    std::vector<bool> taken(found.size(), false);
    for (const auto& [minus_overlap, i, j] : candidates)
        if (match[i] < 0 && !taken[j]) match[i] = static_cast<int>(j), taken[j] = true;

    for (size_t i = 0; i < truth.size(); ++i) {
        const auto& t = truth[i];
        c.truth_length += static_cast<long>(t.full.size());
        if (match[i] < 0) {
            c.errors += static_cast<double>(t.full.size());
            continue;
        }
        const auto& f = found[static_cast<size_t>(match[i])];
        ++c.matched;
        c.errors += cer(t.full, f.full) * static_cast<double>(t.full.size());
        c.titles_right += cer(t.title, f.title) <= 0.1;

        const auto truth_bounds = paragraph_boundaries(t.paragraphs), found_bounds = paragraph_boundaries(f.paragraphs);
        c.boundaries_truth += static_cast<long>(truth_bounds.size());
        c.boundaries_found += static_cast<long>(found_bounds.size());
        if (truth_bounds.empty() || found_bounds.empty()) continue;
        const auto pos = aligned_positions(t.body, f.body);
        std::vector<bool> used(truth_bounds.size(), false);
        for (size_t b : found_bounds) {
            const long at = static_cast<long>(pos[b]);
            long best = -1, best_distance = 2;  // within one character
            for (size_t k = 0; k < truth_bounds.size(); ++k)
                if (const long dist = std::labs(static_cast<long>(truth_bounds[k]) - at); !used[k] && dist < best_distance)
                    best = static_cast<long>(k), best_distance = dist;
            if (best >= 0) used[static_cast<size_t>(best)] = true, ++c.boundaries_common;
        }
    }

    auto segment_right = [&](size_t i, size_t j) {
        return overlap[i][j] >= 0.8 * static_cast<double>(found[j].full.size()) && overlap[i][j] >= 0.8 * static_cast<double>(truth[i].full.size());
    };
    for (size_t j = 0; j < found.size(); ++j)
        for (size_t i = 0; i < truth.size(); ++i)
            if (segment_right(i, j)) {
                ++c.segments_found_right;
                break;
            }
    for (size_t i = 0; i < truth.size(); ++i)
        for (size_t j = 0; j < found.size(); ++j)
            if (segment_right(i, j)) {
                ++c.segments_truth_found;
                break;
            }
    return c;
}

std::vector<Article> read_articles(const fs::path& file) {
    const std::string content = read_file(file);
    require_utf8(content, file.string());
    std::vector<Article> articles;
    if (file.extension() == ".txt") {
        // Plain text: one article, paragraphs separated by blank lines.
        Article a;
        std::istringstream in(content);
        std::string line, paragraph;
        while (std::getline(in, line)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) {
                if (!paragraph.empty()) a.paragraphs.push_back(std::move(paragraph));
                paragraph.clear();
            } else {
                paragraph += line;
            }
        }
        if (!paragraph.empty()) a.paragraphs.push_back(std::move(paragraph));
        articles.push_back(std::move(a));
        return articles;
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(content);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(file.string() + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object() || !j.contains("articles") || !j["articles"].is_array())
        throw std::runtime_error(file.string() + ": expected {\"articles\": [...]}");
    for (const auto& item : j["articles"]) {
        if (!item.is_object()) throw std::runtime_error(file.string() + ": an article is not an object");
        Article a;
        a.title = string_field(item, "title");
        a.subtitle = string_field(item, "subtitle");
        a.byline = string_field(item, "byline");
        if (const auto it = item.find("paragraphs"); it != item.end() && it->is_array())
            for (const auto& p : *it)
                if (p.is_string()) a.paragraphs.push_back(p.get<std::string>());
        articles.push_back(std::move(a));
    }
    return articles;
}

Evaluation evaluate_folders(const fs::path& truth_dir, const fs::path& found_dir) {
    // Ground truth is <id>.gt.json when there is any, else every <id>.json / <id>.txt.
    std::map<std::string, fs::path> truth_files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(truth_dir, ec))
        if (const auto name = e.path().filename().string(); name.ends_with(".gt.json")) truth_files[name.substr(0, name.size() - 8)] = e.path();
    if (truth_files.empty())
        for (const auto& e : fs::directory_iterator(truth_dir, ec))
            if (e.path().extension() == ".json" || e.path().extension() == ".txt") truth_files.emplace(e.path().stem().string(), e.path());
    if (truth_files.empty()) throw std::runtime_error(truth_dir.string() + ": no ground truth (<id>.gt.json, <id>.json or <id>.txt)");

    Evaluation evaluation;
    for (const auto& [id, truth_file] : truth_files) {
        PageEvaluation page{id, "", std::nullopt, {}};
        std::vector<Article> found;
        try {
            if (const auto file = prediction_file(found_dir, id)) {
                page.prediction = file->stem().string();
                found = read_articles(*file);
            } else {
                page.problem = "no prediction for this page";
            }
        } catch (const std::exception& e) {
            page.problem = e.what();
        }
        page.counts = evaluate_page(read_articles(truth_file), found);
        evaluation.total += page.counts;
        evaluation.pages.push_back(std::move(page));
    }
    return evaluation;
}

nlohmann::json to_json(const EvaluationScores& s) {
    auto r = [](double x) { return std::round(x * 10000) / 10000; };
    return {{"truth_articles", s.truth_articles}, {"found_articles", s.found_articles}, {"matched", s.matched},
            {"char_precision", r(s.char_precision)}, {"char_recall", r(s.char_recall)}, {"char_f1", r(s.char_f1)},
            {"cer", r(s.cer)}, {"segmentation_precision", r(s.segmentation_precision)},
            {"segmentation_recall", r(s.segmentation_recall)}, {"segmentation_f1", r(s.segmentation_f1)},
            {"title_accuracy", r(s.title_accuracy)}, {"paragraph_precision", r(s.paragraph_precision)},
            {"paragraph_recall", r(s.paragraph_recall)}, {"paragraph_f1", r(s.paragraph_f1)}};
}

nlohmann::json to_json(const Evaluation& e) {
    nlohmann::json pages = nlohmann::json::object();
    for (const auto& p : e.pages) {
        auto j = to_json(scores(p.counts));
        if (!p.prediction.empty()) j["prediction"] = p.prediction;
        if (p.problem) j["problem"] = *p.problem;
        pages[p.id] = std::move(j);
    }
    return {{"overall", to_json(scores(e.total))}, {"pages", std::move(pages)}};
}

}  // namespace newsocr
