// Time of each stage of the page pipeline, per page, in one process:
//   OMP_THREAD_LIMIT=1 stage_times PAGE...   (one OpenMP thread, as newsocr runs Tesseract)
// prints preprocessing, layout, OCR and article seconds per page, then the medians and the
// share of layout in OCR time. The OCR engine is made and warmed up before timing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "newsocr/pipeline.hpp"

using namespace newsocr;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PAGE...\n", argv[0]);
        return 2;
    }
    const PipelineOptions options;
    auto engine = make_tesseract_engine(options.ocr);
    std::vector<double> pre_s, layout_s, ocr_s, articles_s;
    std::printf("%-40s %8s %8s %8s %8s %8s\n", "page", "prep s", "layout s", "OCR s", "artic. s", "layout/OCR");
    for (int i = 1; i < argc; ++i) {
        try {
            const PageImage image = load_page(argv[i], 1, options.ingest);
            auto start = std::chrono::steady_clock::now();
            const PreprocessedPage pre = preprocess(image.gray, image.dpi, options.preprocess);
            const double t_pre = seconds_since(start);
            start = std::chrono::steady_clock::now();
            PageLayout page_layout = analyse_layout(pre, options.layout);
            std::vector<Block> blocks = std::move(page_layout.blocks);
            const double t_layout = seconds_since(start);
            if (i == 1) {  // warm the engine up (model loading) on the first page, untimed
                std::vector<Block> warm = blocks;
                read_text(pre.gray, pre.dpi, warm, *engine);
            }
            start = std::chrono::steady_clock::now();
            read_text(pre.gray, pre.dpi, blocks, *engine);
            const double t_ocr = seconds_since(start);
            start = std::chrono::steady_clock::now();
            ArticleLayout layout = group_articles(std::move(blocks), options.articles, page_layout.printed_areas);
            fill_paragraphs(layout.articles, layout.blocks, options.paragraphs);
            const double t_articles = seconds_since(start);
            std::printf("%-40s %8.3f %8.3f %8.3f %8.3f %9.1f%%\n", argv[i], t_pre, t_layout, t_ocr, t_articles, 100 * t_layout / t_ocr);
            pre_s.push_back(t_pre), layout_s.push_back(t_layout), ocr_s.push_back(t_ocr), articles_s.push_back(t_articles);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s\n", e.what());
        }
    }
    std::printf("%-40s %8.3f %8.3f %8.3f %8.3f %9.1f%%\n", "MEDIAN", median(pre_s), median(layout_s), median(ocr_s), median(articles_s),
                100 * median(layout_s) / median(ocr_s));
    return 0;
}
