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

namespace {

// The box holding all but the outermost `trim` of the ink on each side: a blot or a scratch
// on the film joined to a glyph at a frame's edge stretches the plain extent past the frame.
Box ink_extent(const std::vector<const Box*>& boxes, double trim) {
    double total = 0;
    for (const Box* b : boxes) total += static_cast<double>(b->area());
    const auto quantile = [&](auto edge, double q) {
        std::vector<std::pair<int, double>> edges;
        for (const Box* b : boxes) edges.emplace_back(edge(*b), static_cast<double>(b->area()));
        std::ranges::sort(edges);
        double seen = 0;
        for (const auto& [e, weight] : edges)
            if ((seen += weight) >= q * total) return e;
        return edges.back().first;
    };
    return {quantile([](const Box& b) { return b.x0; }, trim), quantile([](const Box& b) { return b.y0; }, trim),
            quantile([](const Box& b) { return b.x1; }, 1 - trim), quantile([](const Box& b) { return b.y1; }, 1 - trim)};
}

}  // namespace

std::vector<bool> advert_areas(const std::vector<TextGroup>& groups, const std::vector<Box>& glyphs, const std::vector<Separator>& separators,
                               double body_type, double display_ratio) {
    int areas = 0;
    for (const auto& g : groups) areas = std::max(areas, g.area + 1);
    std::vector<std::vector<const Box*>> area_glyphs(areas);
    std::vector<double> ink(areas, 0), display_ink(areas, 0);
    std::vector<double> largest_type(areas, 0);
    std::vector<size_t> lines(areas, 0);
    for (const auto& g : groups) {
        const int a = g.area;
        const double size = type_size(g, glyphs);
        largest_type[a] = std::max(largest_type[a], size);
        lines[a] += g.lines.size();
        const bool display = size >= display_ratio * body_type;
        for (const int k : g.glyphs) {
            area_glyphs[a].push_back(&glyphs[k]);
            ink[a] += static_cast<double>(glyphs[k].area());
            if (display) display_ink[a] += static_cast<double>(glyphs[k].area());
        }
    }
    // Much of its ink in display type (over 40%: the headline of a boxed story holds far less),
    // in more than a line or two, inside a frame: an advert. The larger its type, the further
    // off its frame may stand.
    std::vector<bool> advert(areas, false);
    for (int a = 0; a < areas; ++a) {
        if (area_glyphs[a].empty()) continue;
        const Box extent = ink_extent(area_glyphs[a], 0.02);
        advert[a] = (lines[a] >= 3 || std::min(extent.width(), extent.height()) >= 3 * largest_type[a]) &&
                    display_ink[a] > 0.4 * ink[a] && framed(extent, separators, 3 * std::max(body_type, 0.5 * largest_type[a]));
    }
    return advert;
}

}  // namespace newsocr::layout_parts
