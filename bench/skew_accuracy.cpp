// Deskew accuracy on rendered scans with known rotation:
//   skew_accuracy PAGE.gt.json...   (each beside its PAGE.scan.png)
// prints the true and estimated angle per page and the worst error.
#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "newsocr/preprocess.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PAGE.gt.json...\n", argv[0]);
        return 2;
    }
    double worst = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string gt_path = argv[i];
        const auto gt = nlohmann::json::parse(std::ifstream(gt_path));
        const std::string scan = gt_path.substr(0, gt_path.size() - std::string(".gt.json").size()) + ".scan.png";
        const cv::Mat gray = cv::imread(scan, cv::IMREAD_GRAYSCALE);
        if (gray.empty()) {
            std::fprintf(stderr, "%s: cannot read\n", scan.c_str());
            return 1;
        }
        const auto t0 = std::chrono::steady_clock::now();
        const double found = newsocr::estimate_skew(gray, 5.0);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        const double truth = gt.at("scan").at("rotation_deg").get<double>();
        worst = std::max(worst, std::abs(found - truth));
        std::printf("%-40s true %+6.3f  found %+6.3f  error %.3f  (%.0f ms)\n", scan.c_str(), truth, found,
                    std::abs(found - truth), ms);
    }
    std::printf("worst error %.3f degrees over %d pages\n", worst, argc - 1);
    return 0;
}
