// Resizes one page image by a factor (area averaging down, cubic up), as a scanner set to
// another resolution would give it: the resized scans of bench/set_figures.sh.
//
//   rescale IN OUT FACTOR [DPI]
//
// With DPI, OUT is written as a TIFF that records that resolution; without, as the format
// OUT's extension names, with no resolution in it.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 4 && argc != 5) {
        std::fprintf(stderr, "usage: rescale IN OUT FACTOR [DPI]\n");
        return 2;
    }
    const cv::Mat in = cv::imread(argv[1], cv::IMREAD_UNCHANGED);
    const double factor = std::atof(argv[3]);
    const int dpi = argc == 5 ? std::atoi(argv[4]) : 0;
    if (in.empty() || factor <= 0 || (argc == 5 && dpi <= 0)) {
        std::fprintf(stderr, "rescale: cannot read %s, or a bad factor %s or resolution\n", argv[1], argv[3]);
        return 1;
    }
    cv::Mat out;
    cv::resize(in, out, cv::Size(), factor, factor, factor < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    std::vector<int> params;
    if (dpi > 0) params = {cv::IMWRITE_TIFF_RESUNIT, 2, cv::IMWRITE_TIFF_XDPI, dpi, cv::IMWRITE_TIFF_YDPI, dpi};
    if (!cv::imwrite(argv[2], out, params)) {
        std::fprintf(stderr, "rescale: cannot write %s\n", argv[2]);
        return 1;
    }
    return 0;
}
