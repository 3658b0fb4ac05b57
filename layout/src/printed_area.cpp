#include "layout_parts.hpp"

#include <algorithm>
#include <limits>
#include <optional>

namespace newsocr::layout_parts {

namespace {

// The first and last band of `count` where print runs on for two bands in a row: bands
// holding a tenth of what a typical band of this page holds. What dust is left among the
// glyphs counted leaves less, a scratch one band at most; a line of type, even a short
// header line, leaves more over its whole height.
std::pair<size_t, size_t> printed_run(const std::vector<int>& count) {
    std::vector<double> held;
    for (const int n : count)
        if (n > 0) held.push_back(n);
    const double enough = std::max(1.0, 0.1 * median(held));
    const auto printed = [&](size_t i) { return i + 1 < count.size() && count[i] >= enough && count[i + 1] >= enough; };
    size_t first = 0, last = count.size();
    while (first < count.size() && !printed(first)) ++first;
    while (last > first && !printed(last - 1)) --last;
    return {first, last + 1};
}

}  // namespace

Box printed_area(const std::vector<Box>& glyphs, const std::vector<TextGroup>& groups, double glyph_size, cv::Size page) {
    // Whole glyphs (dots and strokes of glyphs say nothing more), each in a grid cell of two
    // glyph sizes: type stands among other glyphs, dust mostly alone.
    const int cell = std::max(4, static_cast<int>(2 * glyph_size));
    const int grid_columns = page.width / cell + 1, grid_rows = page.height / cell + 1;
    std::vector<int> in_cell(static_cast<size_t>(grid_columns) * grid_rows, 0);
    std::vector<const Box*> whole;
    for (const auto& g : groups)
        for (const int i : g.glyphs)
            if (std::max(glyphs[i].width(), glyphs[i].height()) >= 0.6 * glyph_size) whole.push_back(&glyphs[i]);
    for (const Box* b : whole) ++in_cell[static_cast<size_t>(b->cy() / cell) * grid_columns + b->cx() / cell];
    const auto neighbours = [&](const Box& b) {
        int n = -1;  // itself
        for (int r = std::max(0, b.cy() / cell - 1); r <= std::min(grid_rows - 1, b.cy() / cell + 1); ++r)
            for (int c = std::max(0, b.cx() / cell - 1); c <= std::min(grid_columns - 1, b.cx() / cell + 1); ++c)
                n += in_cell[static_cast<size_t>(r) * grid_columns + c];
        return n;
    };
    const int band = std::max(2, static_cast<int>(glyph_size / 2));
    std::vector<int> rows(page.height / band + 1, 0), columns(page.width / band + 1, 0);
    for (const Box* b : whole) {
        if (neighbours(*b) < 3) continue;
        for (int r = b->y0 / band; r <= (b->y1 - 1) / band; ++r) ++rows[r];
        for (int c = b->x0 / band; c <= (b->x1 - 1) / band; ++c) ++columns[c];
    }
    const auto [top, bottom] = printed_run(rows);
    const auto [left, right] = printed_run(columns);
    if (top >= bottom || left >= right) return {0, 0, page.width, page.height};
    return {static_cast<int>(left) * band, static_cast<int>(top) * band, std::min(page.width, static_cast<int>(right) * band),
            std::min(page.height, static_cast<int>(bottom) * band)};
}

std::vector<Box> printed_pages(const Box& printed, const std::vector<Separator>& separators) {
    if (printed.width() < 1.2 * printed.height()) return {printed};
    const int from = printed.x0 + printed.width() / 3, to = printed.x1 - printed.width() / 3;
    std::optional<std::pair<int, int>> gutter;  // [x0, x1)
    int nearest = std::numeric_limits<int>::max();
    for (const auto& s : separators) {
        if (!s.vertical || s.box.height() < 0.8 * printed.height() || s.box.cx() < from || s.box.cx() >= to) continue;
        if (const int d = std::abs(s.box.cx() - printed.cx()); d < nearest) nearest = d, gutter = std::pair{s.box.x0, s.box.x1};
    }
    if (!gutter) return {printed};
    return {Box{printed.x0, printed.y0, gutter->first, printed.y1}, Box{gutter->second, printed.y0, printed.x1, printed.y1}};
}

bool outside(const Box& b, const Box& area) { return intersect(b, area).area() * 2 < b.area(); }

}  // namespace newsocr::layout_parts
