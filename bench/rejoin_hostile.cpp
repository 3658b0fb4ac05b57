// Time of `rejoin` on hostile text, each shape at two sizes, in one process:
//   rejoin_hostile
// prints the median of five runs per input, and the ratio of the two sizes' times: a
// linear pass gives about 10 for ten times the input (a quadratic one about 100). The
// reference is the same text rejoined at a tenth of its size.
#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "newsocr/paragraphs.hpp"

using namespace newsocr;

namespace {

double median_seconds(const std::string& text, int runs) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const auto paragraphs = rejoin_text(text, {});
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (paragraphs.empty()) std::fprintf(stderr, "no paragraph\n");
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

std::string repeated(const std::string& piece, size_t n) {
    std::string out;
    out.reserve(piece.size() * n);
    for (size_t i = 0; i < n; ++i) out += piece;
    return out;
}

}  // namespace

int main() {
    utsname machine{};
    uname(&machine);
    std::printf("rejoin_hostile on %s %s, %u hardware threads; median of 5 runs\n", machine.sysname, machine.machine,
                std::thread::hardware_concurrency());
    struct Shape {
        const char* name;
        size_t size;  // the full size: spaces, lines
        std::function<std::string(size_t)> make;
    };
    const std::vector<Shape> shapes = {
        {"spaces between two CJK characters", 1'000'000, [](size_t n) { return "中" + std::string(n, ' ') + "文"; }},
        {"one paragraph of short lines", 40'000, [](size_t n) { return repeated("新闻段落的一行文字\n", n); }},
        {"lines holding a single hyphen", 100'000, [](size_t n) { return repeated("-\n", n); }},
        {"Latin lines hyphenated at the end", 100'000, [](size_t n) { return repeated("digiti-\n", n); }},
    };
    std::printf("%-36s %10s %10s %10s %10s %7s\n", "input", "size", "bytes", "seconds", "1/10 s", "ratio");
    for (const auto& s : shapes) {
        const std::string full = s.make(s.size), tenth = s.make(s.size / 10);
        const double t_full = median_seconds(full, 5), t_tenth = median_seconds(tenth, 5);
        std::printf("%-36s %10zu %10zu %10.4f %10.4f %7.1f\n", s.name, s.size, full.size(), t_full, t_tenth, t_full / t_tenth);
    }
}
