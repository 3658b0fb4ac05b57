// Helpers shared by the test programs: paths of committed data, UTF-8 character bags.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <algorithm>
#include <vector>

#include "newsocr/evaluation.hpp"
#include "newsocr/text.hpp"

namespace newsocr::test {

inline std::filesystem::path data(const std::string& relative) { return std::filesystem::path(NEWSOCR_TEST_DATA) / relative; }

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// UTF-8 code points of a string, whitespace (ASCII and ideographic space) dropped.
inline std::vector<char32_t> code_points(const std::string& s) {
    std::vector<char32_t> out;
    for (char32_t cp : newsocr::code_points(s))
        if (!is_space(cp)) out.push_back(cp);
    return out;
}

// Bag-of-characters F1 between two texts (whitespace ignored).
inline double char_f1(const std::string& truth, const std::string& found) {
    std::map<char32_t, long> a, b;
    for (auto c : code_points(truth)) ++a[c];
    for (auto c : code_points(found)) ++b[c];
    long common = 0, na = 0, nb = 0;
    for (auto& [c, n] : a) {
        na += n;
        if (auto it = b.find(c); it != b.end()) common += std::min(n, it->second);
    }
    for (auto& [c, n] : b) nb += n;
    if (na == 0 || nb == 0) return na == nb ? 1.0 : 0.0;
    const double p = double(common) / nb, r = double(common) / na;
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

}  // namespace newsocr::test

namespace newsocr::test {

// Character error rate of `found` against `truth` (whitespace ignored), Levenshtein over code points.
inline double cer(const std::string& truth, const std::string& found) {
    const auto a = code_points(truth), b = code_points(found);
    const size_t d = edit_distance(std::u32string(a.begin(), a.end()), std::u32string(b.begin(), b.end()));
    return a.empty() ? (b.empty() ? 0.0 : 1.0) : static_cast<double>(d) / static_cast<double>(a.size());
}
}  // namespace newsocr::test

namespace newsocr::test {

struct Result {
    int exit_code = -1;
    std::string output;  // what the command wrote to its standard output
};

// Runs a shell command and waits for it; its standard output (and whatever it redirects there).
inline Result run_command(const std::string& cmd) {
    Result r;
    FILE* pipe = popen(cmd.c_str(), "r");
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, pipe)) r.output.append(buf, n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// Runs the newsocr binary with `args` (shell syntax), stdout and stderr together.
inline Result run_newsocr(const std::string& args) { return run_command(std::string(NEWSOCR_BINARY) + " " + args + " 2>&1"); }

}  // namespace newsocr::test
