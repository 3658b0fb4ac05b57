// The quality-check report of a run, for the person who signs off a batch: OUTDIR/report.json
// and a self-contained OUTDIR/report.html, pages sorted worst first.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "newsocr/model.hpp"

namespace newsocr {

struct ReportOptions {
    float low_confidence = 0.6f;        // a word below this is doubtful
    float page_confidence_warn = 0.75f;  // a page whose mean is below this is flagged
    int nearly_empty_chars = 40;         // a page with less text than this is flagged
    double unassigned_share_warn = 0.2;  // body text outside every article
};

// One page of the run: what the run recorded, and the page read back from its JSON (absent
// when it failed or wrote no JSON); its thumbnail with the articles drawn, JPEG bytes.
struct ReportPage {
    PageRecord record;
    std::optional<Page> page;
    std::string thumbnail_jpeg;
};

// Confidence figures of a page's words, weighted by characters.
struct PageQuality {
    double mean_confidence = 0;
    double low_tail_confidence = 0;  // 10th percentile
    double low_confidence_share = 0;  // share of characters in doubtful words
    long characters = 0;
    std::vector<std::string> warnings;
};
PageQuality assess_page(const Page& page, const ReportOptions& options = {});

// Ground-truth figures to put in the report (from `newsocr eval`), when a reviewer has them.
nlohmann::json report_json(const std::vector<ReportPage>& pages, const ReportOptions& options = {},
                           const nlohmann::json& evaluation = nullptr);
std::string report_html(const nlohmann::json& report, const std::vector<ReportPage>& pages);

// Writes report.json and report.html into `out_dir`, atomically.
void write_report(const std::vector<ReportPage>& pages, const std::filesystem::path& out_dir,
                  const nlohmann::json& evaluation = nullptr);

// A small picture of the page with each article's regions filled in its own colour and
// numbered in reading order; `gray` is the input as given.
cv::Mat render_article_thumbnail(const cv::Mat& gray, const Page& page, int width = 360);

}  // namespace newsocr
