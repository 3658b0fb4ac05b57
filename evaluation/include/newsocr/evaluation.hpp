// Ground-truth evaluation: how close a run's articles are to a ground-truthed sample.
// Digitisation teams keep such a sample per batch; these are the figures they track.
//
// Text is compared after normalisation: full-width ASCII folded to half-width, one form per
// family of punctuation (quotes, dashes, brackets), whitespace dropped, jump markers such as
// "（下转第3版）" removed (page furniture, recorded separately).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsocr/model.hpp"

namespace newsocr {

std::string normalise_for_evaluation(std::string_view text);

// Levenshtein distance between two code point sequences.
size_t edit_distance(std::u32string_view a, std::u32string_view b);

// Sums over pages; figures are micro-averages of these.
struct EvaluationCounts {
    long chars_common = 0, chars_truth = 0, chars_found = 0;  // bag of characters
    double errors = 0;           // character edits of matched articles, whole missed articles
    long truth_length = 0;       // characters of all ground-truth articles
    long truth_articles = 0, found_articles = 0, matched = 0;
    long segments_found_right = 0;   // found articles that are one ground-truth article
    long segments_truth_found = 0;   // ground-truth articles found as one article
    long titles_right = 0;
    long boundaries_common = 0, boundaries_found = 0, boundaries_truth = 0;  // paragraph starts
    EvaluationCounts& operator+=(const EvaluationCounts& o);
};

struct EvaluationScores {
    long truth_articles = 0, found_articles = 0, matched = 0;
    double char_precision = 0, char_recall = 0, char_f1 = 0;
    double cer = 0;  // article text, matched one to one; capped at 1 per article
    double segmentation_precision = 0, segmentation_recall = 0, segmentation_f1 = 0;
    double title_accuracy = 0;
    double paragraph_precision = 0, paragraph_recall = 0, paragraph_f1 = 0;
};
EvaluationScores scores(const EvaluationCounts& counts);

// One page: each ground-truth article matched to at most one found article by shared
// characters; a found article segments right when >= 80% of its characters lie in its
// ground-truth article and it covers >= 80% of it; a title is right within 10% CER; a
// paragraph start is right within one character after aligning the texts.
EvaluationCounts evaluate_page(const std::vector<Article>& truth, const std::vector<Article>& found);

// Articles of a page file: newsocr page JSON or a ground-truth .gt.json ({"articles": [...]}),
// or plain text (one article, paragraphs separated by blank lines). Throws naming the file.
std::vector<Article> read_articles(const std::filesystem::path& file);

struct PageEvaluation {
    std::string id;
    std::string prediction;  // stem of the predicted page file, "" when missing
    std::optional<std::string> problem;  // prediction missing or unreadable: scored as empty
    EvaluationCounts counts;
};
struct Evaluation {
    std::vector<PageEvaluation> pages;
    EvaluationCounts total;
};

// Every ground-truth page in GTDIR (<id>.gt.json, <id>.json or <id>.txt) against PREDDIR's
// <id>.json or <id>.txt, else <id>.<anything>.json (the outputs of "<id>.scan.png").
// Throws when GTDIR holds no ground truth.
Evaluation evaluate_folders(const std::filesystem::path& truth_dir, const std::filesystem::path& found_dir);

nlohmann::json to_json(const EvaluationScores& s);
nlohmann::json to_json(const Evaluation& e);

}  // namespace newsocr
