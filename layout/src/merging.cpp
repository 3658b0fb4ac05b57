#include "layout_parts.hpp"

#include <algorithm>

namespace newsocr::layout_parts {

namespace {

// Whether a group is a single glyph or so, whose direction its neighbours decide.
bool is_square(const TextGroup& g) {
    return g.lines.size() == 1 && g.box.width() <= 1.3 * g.box.height() && g.box.height() <= 1.3 * g.box.width();
}

// The length of a group's full lines: its column width (height for vertical text).
double column_extent(const TextGroup& g, bool horizontal) {
    std::vector<double> extents;
    for (const auto& l : g.lines) extents.push_back(horizontal ? l.width() : l.height());
    std::sort(extents.begin(), extents.end());
    return extents[extents.size() * 3 / 4];
}

bool separated(const Box& a, const Box& b, const std::vector<Separator>& separators) {
    const Box between = unite(a, b);
    for (const auto& s : separators) {
        const Box i = intersect(s.box, between);
        if (i.empty()) continue;
        // A rule crossing the space between the two groups.
        if (s.vertical && s.box.cx() >= std::min(a.x1, b.x1) && s.box.cx() <= std::max(a.x0, b.x0)) return true;
        if (!s.vertical && s.box.cy() >= std::min(a.y1, b.y1) && s.box.cy() <= std::max(a.y0, b.y0)) return true;
    }
    return false;
}


// Two pieces of one printed line, parted at a wide gap (punctuation, a quote) or split
// by the cuts: side by side, the same size, overlapping across the line.
bool same_line(const TextGroup& a, const TextGroup& b, const std::vector<Separator>& separators) {
    if (a.lines.size() != 1 || b.lines.size() != 1) return false;
    const double ta = std::min(a.box.height(), a.box.width()), tb = std::min(b.box.height(), b.box.width());
    const double t = std::max(ta, tb);
    for (const bool horizontal : {true, false}) {
        const Direction d = horizontal ? Direction::Horizontal : Direction::Vertical;
        if ((!is_square(a) && a.direction != d) || (!is_square(b) && b.direction != d)) continue;
        const int across = horizontal ? std::min(a.box.y1, b.box.y1) - std::max(a.box.y0, b.box.y0)
                                       : std::min(a.box.x1, b.box.x1) - std::max(a.box.x0, b.box.x0);
        const int thinner = horizontal ? std::min(a.box.height(), b.box.height()) : std::min(a.box.width(), b.box.width());
        const int gap = horizontal ? std::max(a.box.x0, b.box.x0) - std::min(a.box.x1, b.box.x1)
                                   : std::max(a.box.y0, b.box.y0) - std::min(a.box.y1, b.box.y1);
        const int ha = horizontal ? a.box.height() : a.box.width(), hb = horizontal ? b.box.height() : b.box.width();
        // Quotes and commas alone are much shorter than the glyphs beside them.
        const bool tiny = a.glyphs.size() <= 2 || b.glyphs.size() <= 2;
        // Two long runs a wide gap apart are the lines of neighbouring columns set on one
        // baseline, not one line parted at a punctuation mark.
        const int la = horizontal ? a.box.width() : a.box.height(), lb = horizontal ? b.box.width() : b.box.height();
        if (gap > 1.2 * t && std::min(la, lb) > 6 * t) continue;
        if (across >= 0.7 * thinner && (tiny || std::max(ha, hb) <= 1.3 * std::min(ha, hb)) && gap <= kLineGap * t &&
            !separated(a.box, b.box, separators))
            return true;
    }
    return false;
}


// Whether `b` continues `a` as a further line of its block: same direction and size, stacked
// across the line direction, overlapping along it, close, and no rule between.
bool continues(const TextGroup& a, const TextGroup& b, const std::vector<Separator>& separators) {
    Direction dir = a.direction;
    if (is_square(a) && !is_square(b)) dir = b.direction;
    else if (!is_square(b) && b.direction != a.direction && !is_square(a)) return false;
    const double ta = line_thickness(a), tb = line_thickness(b);
    if (std::max(ta, tb) > 1.3 * std::min(ta, tb)) return false;
    const double t = std::max(ta, tb);
    const bool horizontal = dir == Direction::Horizontal;
    const int overlap = horizontal ? std::min(a.box.x1, b.box.x1) - std::max(a.box.x0, b.box.x0)
                                   : std::min(a.box.y1, b.box.y1) - std::max(a.box.y0, b.box.y0);
    const int narrower = horizontal ? std::min(a.box.width(), b.box.width()) : std::min(a.box.height(), b.box.height());
    if (overlap < 0.8 * narrower) return false;
    // Lines of one column are no longer than the column: a wider single line (a subtitle over
    // two columns) or a block of another width belongs elsewhere.
    const double ea = column_extent(a, horizontal), eb = column_extent(b, horizontal);
    if (a.lines.size() == 1 && ea > 1.15 * eb) return false;
    if (b.lines.size() == 1 && eb > 1.15 * ea) return false;
    if (a.lines.size() > 1 && b.lines.size() > 1 && std::max(ea, eb) > 1.2 * std::min(ea, eb)) return false;
    const int gap = horizontal ? std::max(a.box.y0, b.box.y0) - std::min(a.box.y1, b.box.y1)
                               : std::max(a.box.x0, b.box.x0) - std::min(a.box.x1, b.box.x1);
    if (gap > 1.2 * t) return false;
    return !separated(a.box, b.box, separators);
}

}  // namespace

void merge_continuations(std::vector<TextGroup>& groups, const std::vector<Separator>& separators, bool lines_only) {
    // Groups further apart than twice the larger line thickness neither continue nor share a
    // line: most pairs are rejected on their boxes alone.
    std::vector<double> reach(groups.size());
    auto reach_of = [](const TextGroup& g) {
        return 2 * std::max({line_thickness(g), static_cast<double>(std::min(g.box.width(), g.box.height()))});
    };
    for (size_t i = 0; i < groups.size(); ++i) reach[i] = reach_of(groups[i]);
    // Joins group j into group i if one continues the other; false otherwise.
    auto try_merge = [&](size_t i, size_t j) {
        const Box &p = groups[i].box, &q = groups[j].box;
        const double r = std::max(reach[i], reach[j]);
        if (std::max(p.x0, q.x0) - std::min(p.x1, q.x1) > r || std::max(p.y0, q.y0) - std::min(p.y1, q.y1) > r) return false;
        const bool one_line = same_line(groups[i], groups[j], separators);
        if (!one_line && (lines_only || !continues(groups[i], groups[j], separators))) return false;
        // Nothing else may lie between them.
        const Box joined = unite(p, q);
        for (size_t k = 0; k < groups.size(); ++k)
            if (k != i && k != j && intersect(groups[k].box, joined).area() > 0.3 * groups[k].box.area()) return false;
        TextGroup& a = groups[i];
        TextGroup& b = groups[j];
        a.glyphs.insert(a.glyphs.end(), b.glyphs.begin(), b.glyphs.end());
        if (one_line) {
            a.lines = {joined};
            a.direction = joined.width() >= joined.height() ? Direction::Horizontal : Direction::Vertical;
        } else {
            if (is_square(a) && !is_square(b)) a.direction = b.direction;
            a.lines.insert(a.lines.end(), b.lines.begin(), b.lines.end());
        }
        a.box = joined;
        reach[i] = reach_of(a);
        groups.erase(groups.begin() + static_cast<long>(j));
        reach.erase(reach.begin() + static_cast<long>(j));
        return true;
    };
    // Pairs are joined in order (i, then j): after each join the grown group is tried against
    // those before it first, as a fresh pass from the start would.
    for (size_t i = 0; i < groups.size();) {
        bool merged = false;
        for (size_t j = i + 1; j < groups.size() && !merged; ++j) merged = try_merge(i, j);
        if (!merged) {
            ++i;
            continue;
        }
        for (bool back = true; back;) {
            back = false;
            for (size_t k = 0; k < i && !back; ++k)
                if (try_merge(k, i)) {
                    i = k;
                    back = true;
                }
        }
    }
    // Lines in reading order: top to bottom, or right to left for vertical text.
    for (auto& g : groups)
        std::sort(g.lines.begin(), g.lines.end(), [&g](const Box& a, const Box& b) {
            return g.direction == Direction::Horizontal ? a.y0 < b.y0 : a.x1 > b.x1;
        });
}

void absorb_fragments(std::vector<TextGroup>& groups, const std::vector<Separator>& separators) {
    auto size_of = [](const TextGroup& g) { return g.glyphs.size(); };
    std::vector<size_t> order(groups.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return size_of(groups[a]) < size_of(groups[b]); });
    std::vector<bool> gone(groups.size(), false);
    for (size_t fi : order) {
        TextGroup& f = groups[fi];
        if (f.lines.size() > 2 || f.glyphs.size() > 12) continue;
        for (size_t bi = 0; bi < groups.size(); ++bi) {
            if (bi == fi || gone[bi] || groups[bi].glyphs.size() <= f.glyphs.size()) continue;
            TextGroup& b = groups[bi];
            const bool horizontal = b.direction == Direction::Horizontal;
            const double t = line_thickness(b);
            const double ft = horizontal ? f.box.height() : f.box.width();
            if (ft > 1.4 * t) continue;
            Box* host = nullptr;
            for (auto& l : b.lines) {
                const int across = horizontal ? std::min(l.y1, f.box.y1) - std::max(l.y0, f.box.y0)
                                              : std::min(l.x1, f.box.x1) - std::max(l.x0, f.box.x0);
                const int gap = horizontal ? std::max(l.x0, f.box.x0) - std::min(l.x1, f.box.x1)
                                           : std::max(l.y0, f.box.y0) - std::min(l.y1, f.box.y1);
                // Within the block's column, on the line's band.
                const bool in_column = horizontal ? f.box.x0 >= b.box.x0 - t && f.box.x1 <= b.box.x1 + kLineGap * t
                                                  : f.box.y0 >= b.box.y0 - t && f.box.y1 <= b.box.y1 + kLineGap * t;
                if (across >= 0.5 * std::min<double>(ft, t) && gap <= kLineGap * t && in_column) {
                    host = &l;
                    break;
                }
            }
            if (!host || separated(*host, f.box, separators)) continue;
            *host = unite(*host, f.box);
            b.box = unite(b.box, f.box);
            b.glyphs.insert(b.glyphs.end(), f.glyphs.begin(), f.glyphs.end());
            gone[fi] = true;
            break;
        }
    }
    std::vector<TextGroup> kept;
    for (size_t i = 0; i < groups.size(); ++i)
        if (!gone[i]) kept.push_back(std::move(groups[i]));
    groups = std::move(kept);
}

}  // namespace newsocr::layout_parts
