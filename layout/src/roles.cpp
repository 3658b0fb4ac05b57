#include "layout_parts.hpp"

#include <algorithm>
#include <limits>

namespace newsocr::layout_parts {

double line_thickness(const TextGroup& g) {
    std::vector<double> t;
    for (const auto& l : g.lines) t.push_back(g.direction == Direction::Horizontal ? l.height() : l.width());
    return median(t);
}

double type_size(const TextGroup& g, const std::vector<Box>& glyphs) {
    std::vector<double> sizes;
    for (const int i : g.glyphs) sizes.push_back(std::max(glyphs[i].width(), glyphs[i].height()));
    return whole_glyph_size(sizes);
}

Furniture furniture_limits(const std::vector<Separator>& separators, const Box& sheet, const Box& printed, double body) {
    Furniture f{-1, sheet.y1 + 1, -1, sheet.x1 + 1};
    // A rule down the whole page close to its edge frames the text; what is set outside it
    // is the margin's (subscription rates, a motto). On film such a rule often comes in
    // pieces: they count together.
    std::vector<const Separator*> left_side, right_side;
    for (const auto& s : separators) {
        if (s.box.cx() < sheet.x0 || s.box.cx() >= sheet.x1) continue;
        if (s.vertical) {
            if (s.box.cx() - printed.x0 <= 4 * body) left_side.push_back(&s);
            if (printed.x1 - s.box.cx() <= 4 * body) right_side.push_back(&s);
            continue;
        }
        if (s.box.width() < 0.6 * sheet.width()) continue;
        if (s.box.cy() < sheet.y0 + 0.25 * sheet.height()) f.top = std::max(f.top, s.box.y1);
        if (s.box.cy() > sheet.y0 + 0.85 * sheet.height()) f.bottom = std::min(f.bottom, s.box.y0);
    }
    const auto down_the_page = [&](const std::vector<const Separator*>& pieces) {
        std::vector<std::pair<int, int>> spans;
        for (const Separator* s : pieces) spans.emplace_back(s->box.y0, s->box.y1);
        std::sort(spans.begin(), spans.end());
        int covered = 0, reached = std::numeric_limits<int>::min();
        for (const auto& [y0, y1] : spans) {
            covered += std::max(0, y1 - std::max(y0, reached));
            reached = std::max(reached, y1);
        }
        return covered >= 0.6 * printed.height();
    };
    if (down_the_page(left_side))
        for (const Separator* s : left_side) f.left = std::max(f.left, s->box.x0);
    if (down_the_page(right_side))
        for (const Separator* s : right_side) f.right = std::min(f.right, s->box.x1);
    return f;
}

bool next_to_photo(const Box& b, const std::vector<Box>& photos, double s) {
    for (const auto& p : photos) {
        const int x_overlap = std::min(b.x1, p.x1) - std::max(b.x0, p.x0);
        const int y_overlap = std::min(b.y1, p.y1) - std::max(b.y0, p.y0);
        const int below = b.y0 - p.y1, above = p.y0 - b.y1, right = b.x0 - p.x1, left = p.x0 - b.x1;
        if (x_overlap >= 0.5 * b.width() && ((below >= -s && below <= 1.5 * s) || (above >= -s && above <= 1.5 * s))) return true;
        if (y_overlap >= 0.5 * b.height() && ((right >= -s && right <= 1.5 * s) || (left >= -s && left <= 1.5 * s))) return true;
    }
    return false;
}

bool framed(const Box& b, const std::vector<Separator>& separators, double reach) {
    bool left = false, right = false, top = false, bottom = false;
    for (const auto& s : separators) {
        const Box& r = s.box;
        if (s.vertical) {
            if (std::min(r.y1, b.y1) - std::max(r.y0, b.y0) < 0.5 * b.height()) continue;
            left = left || (r.x1 <= b.x0 + reach / 4 && r.x0 >= b.x0 - reach);
            right = right || (r.x0 >= b.x1 - reach / 4 && r.x1 <= b.x1 + reach);
        } else {
            if (std::min(r.x1, b.x1) - std::max(r.x0, b.x0) < 0.5 * b.width()) continue;
            top = top || (r.y1 <= b.y0 + reach / 4 && r.y0 >= b.y0 - reach);
            bottom = bottom || (r.y0 >= b.y1 - reach / 4 && r.y1 <= b.y1 + reach);
        }
    }
    return left && right && top && bottom;
}

std::vector<bool> advert_areas(const std::vector<TextGroup>& groups, const std::vector<Box>& glyphs, const std::vector<Separator>& separators,
                               double body_type, double display_ratio) {
    int areas = 0;
    for (const auto& g : groups) areas = std::max(areas, g.area + 1);
    std::vector<Box> extent(areas);
    std::vector<double> ink(areas, 0), display_ink(areas, 0);
    std::vector<double> largest_type(areas, 0);
    std::vector<size_t> lines(areas, 0);
    for (const auto& g : groups) {
        const int a = g.area;
        extent[a] = unite(extent[a], g.box);
        const double size = type_size(g, glyphs);
        largest_type[a] = std::max(largest_type[a], size);
        lines[a] += g.lines.size();
        const bool display = size >= display_ratio * body_type;
        for (const int k : g.glyphs) {
            ink[a] += static_cast<double>(glyphs[k].area());
            if (display) display_ink[a] += static_cast<double>(glyphs[k].area());
        }
    }
    std::vector<bool> advert(areas, false);
    for (int a = 0; a < areas; ++a)
        advert[a] = (lines[a] >= 3 || std::min(extent[a].width(), extent[a].height()) >= 3 * largest_type[a]) &&
                    display_ink[a] > 0.5 * ink[a] && framed(extent[a], separators, 3 * body_type);
    return advert;
}

}  // namespace newsocr::layout_parts
