#include "layout_parts.hpp"

#include <algorithm>

namespace newsocr::layout_parts {

namespace {

enum class Axis { X, Y };  // X: cuts at gaps along x (columns side by side); Y: rows stacked

struct Gap {
    int from, to;  // white interval along the axis
    int size() const { return to - from; }
};

// Between the lines of dense type the glyphs cover at most this share of a line's usual cover.
constexpr double kDenseGapShare = 0.2;

class Segmenter {
public:
    Segmenter(const std::vector<Box>& glyphs, const std::vector<Separator>& separators)
        : glyphs_(glyphs), separators_(separators) {}

    std::vector<TextGroup> run(const std::vector<int>& ids) {
        split(ids, 0);
        return std::move(groups_);
    }

private:
    Box bounds(const std::vector<int>& ids) const {
        Box b;
        for (int i : ids) b = unite(b, glyphs_[i]);
        return b;
    }

    // Typical glyph size of a group, ignoring dots and strokes much smaller than the rest.
    double glyph_size(const std::vector<int>& ids) const {
        std::vector<double> sizes;
        sizes.reserve(ids.size());
        for (int i : ids) sizes.push_back(std::max(glyphs_[i].height(), glyphs_[i].width()));
        const double m = median(sizes);
        std::vector<double> kept;
        for (double s : sizes)
            if (s >= 0.4 * m) kept.push_back(s);
        return std::max(4.0, whole_glyph_size(kept));
    }

    std::vector<Gap> gaps(const std::vector<int>& ids, Axis axis) const {
        std::vector<std::pair<int, int>> spans;
        spans.reserve(ids.size());
        for (int i : ids) {
            const Box& b = glyphs_[i];
            spans.emplace_back(axis == Axis::X ? b.x0 : b.y0, axis == Axis::X ? b.x1 : b.y1);
        }
        std::sort(spans.begin(), spans.end());
        std::vector<Gap> out;
        int reach = spans.front().second;
        for (const auto& [a, b] : spans) {
            if (a > reach) out.push_back({reach, a});
            reach = std::max(reach, b);
        }
        return out;
    }

    // Intervals along the axis where the glyphs cover at most `share` of what they usually
    // cover: gaps between lines that touching glyphs, punctuation or descenders bridge here
    // and there in dense type.
    std::vector<Gap> soft_gaps(const std::vector<int>& ids, Axis axis, const Box& box, double share) const {
        const int from = axis == Axis::X ? box.x0 : box.y0, to = axis == Axis::X ? box.x1 : box.y1;
        std::vector<long> step(to - from + 1, 0);
        for (int i : ids) {
            const Box& b = glyphs_[i];
            const int extent = axis == Axis::X ? b.height() : b.width();
            step[(axis == Axis::X ? b.x0 : b.y0) - from] += extent;
            step[(axis == Axis::X ? b.x1 : b.y1) - from] -= extent;
        }
        std::vector<double> cover(to - from);
        long depth = 0;
        for (int k = 0; k < to - from; ++k) cover[k] = static_cast<double>(depth += step[k]);
        const double limit = share * median(cover);
        std::vector<Gap> out;
        int start = -1;
        for (int k = 0; k < to - from; ++k) {
            if (cover[k] <= limit && start < 0) start = k;
            if (cover[k] > limit && start >= 0) {
                if (start > 0) out.push_back({from + start, from + k});
                start = -1;
            }
        }
        return out;
    }

    // A rule lying in the gap and running along most of the group: the cut is certain.
    bool ruled(const Gap& g, Axis axis, const Box& box) const {
        for (const auto& s : separators_) {
            if (s.vertical != (axis == Axis::X)) continue;
            const int pos = axis == Axis::X ? s.box.cx() : s.box.cy();
            if (pos < g.from || pos > g.to) continue;
            const int overlap = axis == Axis::X ? std::min(s.box.y1, box.y1) - std::max(s.box.y0, box.y0)
                                                : std::min(s.box.x1, box.x1) - std::max(s.box.x0, box.x0);
            const int extent = axis == Axis::X ? box.height() : box.width();
            if (overlap >= 0.5 * extent) return true;
        }
        return false;
    }

    // `line_axis`: set when this group came out of a cut between printed lines, so it holds
    // lines that sit closer than their neighbours; they are parted along the same axis, at
    // whatever gap there is, before anything else is tried.
    void split(const std::vector<int>& ids, int depth, std::optional<Axis> line_axis = std::nullopt) {
        if (ids.empty()) return;
        const Box box = bounds(ids);
        const double s = glyph_size(ids);
        if (line_axis && depth < 200) {
            std::vector<int> cuts;
            for (const Gap& g : gaps(ids, *line_axis))
                if (g.size() >= std::max(2.0, 0.08 * s)) cuts.push_back((g.from + g.to) / 2);
            if (!cuts.empty() && cut_at(ids, *line_axis, cuts, depth)) return;
        }
        // A line (or column) of text is cut again only across a gap wider than full-width
        // punctuation with its spacing leaves (up to about two glyphs).
        const bool thin_x = box.width() <= 1.8 * s, thin_y = box.height() <= 1.8 * s;
        struct Choice {
            Axis axis;
            double score;
        };
        std::optional<Choice> best;
        std::vector<Gap> gap_lists[2] = {gaps(ids, Axis::X), gaps(ids, Axis::Y)};
        for (Axis axis : {Axis::X, Axis::Y}) {
            const bool along_thin = axis == Axis::X ? thin_y : thin_x;
            const bool across_thin = axis == Axis::X ? thin_x : thin_y;
            if (across_thin && !along_thin) continue;  // would cut a line into pieces of itself crosswise
            // In a line the glyph size is its thickness: split glyphs (radicals, dots) make
            // the component median smaller.
            const int thickness = axis == Axis::X ? box.height() : box.width();
            const double min_gap = along_thin ? kLineGap * std::max(s, 0.9 * thickness) : 0.35 * s;
            for (const Gap& g : gap_lists[axis == Axis::X ? 0 : 1]) {
                double score = g.size() / s;
                if (ruled(g, axis, box)) score += 100;
                else if (g.size() < min_gap) continue;
                if (!best || score > best->score) best = Choice{axis, score};
            }
        }
        // A block of lines set closer than the usual spacing (multi-line headlines): part it at
        // the widest gap there is, if that is clearly wider than the gaps along the lines.
        if (!best && !thin_x && !thin_y) {
            for (Axis axis : {Axis::X, Axis::Y})
                for (const Gap& g : gap_lists[axis == Axis::X ? 0 : 1])
                    if (g.size() >= std::max(2.0, 0.1 * s) && (!best || g.size() / s > best->score)) best = Choice{axis, g.size() / s};
            if (best) {
                double other = 0;
                for (const Gap& g : gap_lists[best->axis == Axis::X ? 1 : 0]) other = std::max(other, g.size() / s);
                if (best->score < 1.5 * other) best.reset();
            }
        }
        if (!best && !thin_x && !thin_y && depth <= 200 && cut_dense(ids, box, s, depth)) return;
        if (!best || depth > 200) {
            leaf(ids, box);
            return;
        }
        if (best->axis == Axis::Y && best->score < 100 && cut_off_head(ids, gap_lists[1], s, depth)) return;
        // A narrow gap across a stack of two or three lines is as likely spaces between words
        // that happen to line up (Latin type) as a gutter; the lines are parted first.
        if (best->score < 1.0 && (best->axis == Axis::X ? box.height() : box.width()) < 5 * s &&
            cut_at_bands(ids, box, best->axis == Axis::X ? Axis::Y : Axis::X, depth))
            return;
        // Cut at every gap of a similar size along that axis: all lines of a paragraph at once.
        const auto& list = gap_lists[best->axis == Axis::X ? 0 : 1];
        std::vector<int> cuts;
        const bool best_ruled = best->score >= 100;
        // Line gaps vary with the punctuation and quotes each line holds, so all gaps of a
        // similar size are cut at once (the merge step joins back what this cuts too finely).
        // A gap far wider than the rest (under a headline) is cut alone first: what it
        // parts may hold columns the headline spanned.
        double min_cut = std::max(0.2 * s, 0.45 * best->score * s);
        std::vector<double> sizes;
        for (const Gap& g : list)
            if (g.size() >= min_cut) sizes.push_back(g.size());
        if (!best_ruled && sizes.size() >= 3 && best->score * s >= 1.5 * median(sizes)) min_cut = 0.8 * best->score * s;
        for (const Gap& g : list)
            if (best_ruled ? ruled(g, best->axis, box) : g.size() >= min_cut) cuts.push_back((g.from + g.to) / 2);
        if (!cut_at(ids, best->axis, cuts, depth) && (thin_x || thin_y || !cut_dense(ids, box, s, depth))) leaf(ids, box);
    }

    // Column gutters run through a story's whole frame but for the heading lines that span
    // them at its top. Where the columns' lines are out of step (one column opens with a
    // subhead or an indent) no gap between rows is clean across them, and cutting between
    // rows first would join lines across the gutter. So when the glyphs under one of the
    // first row gaps part at a gutter (a gap along x as wide as columns are set apart, under
    // at least three lines of type) that the glyphs above do not show, the head is cut off
    // there (at the widest such gap), alone, and the columns under it are parted next.
    bool cut_off_head(const std::vector<int>& ids, const std::vector<Gap>& row_gaps, double s, int depth) {
        constexpr size_t kHeadRows = 3;         // a title, a subtitle, a byline line
        constexpr double kMinColumnGlyphs = 4;  // the narrowest column of horizontal lines, in glyphs
        std::optional<size_t> best;  // index of the row gap the head is cut off at
        // The glyphs above and below the middle of row gap k.
        auto parted_at = [&](size_t k) {
            const int cut = (row_gaps[k].from + row_gaps[k].to) / 2;
            std::pair<std::vector<int>, std::vector<int>> sides;
            for (int i : ids) (glyphs_[i].cy() < cut ? sides.first : sides.second).push_back(i);
            return sides;
        };
        for (size_t k = 0; k < std::min(kHeadRows, row_gaps.size()); ++k) {
            const auto [head, under] = parted_at(k);
            if (head.empty() || under.empty() || bounds(under).height() < 3 * s) continue;
            // A gutter is wider than the space full-width punctuation leaves in a line, and
            // the columns it parts are lines many glyphs long: the narrow gaps between
            // vertical columns are no gutters here (their rows of glyphs would be cut off).
            std::vector<Gap> gutters;
            for (const Gap& g : gaps(under, Axis::X))
                if (g.size() >= 0.8 * s) gutters.push_back(g);
            const Box under_box = bounds(under);
            int column_start = under_box.x0;
            bool columns_of_lines = !gutters.empty();
            for (const Gap& g : gutters) {
                columns_of_lines = columns_of_lines && g.from - column_start >= kMinColumnGlyphs * s;
                column_start = g.to;
            }
            if (!columns_of_lines || under_box.x1 - column_start < kMinColumnGlyphs * s) continue;
            const auto head_gaps = gaps(head, Axis::X);
            const bool spanned = std::ranges::any_of(gutters, [&](const Gap& g) {
                return std::ranges::none_of(head_gaps, [&](const Gap& h) { return h.from <= g.from && h.to >= g.to; });
            });
            // The widest such gap: under a headline of two lines, not between them.
            if (spanned && (!best || row_gaps[k].size() > row_gaps[*best].size())) best = k;
        }
        if (!best) return false;
        const auto [head, under] = parted_at(*best);
        // The head holds printed lines (a headline of two): parted between them first, as
        // after any cut between lines, not across a gap between two of its glyphs.
        split(head, depth + 1, Axis::Y);
        split(under, depth + 1);
        return true;
    }

    // Dense type (old papers, microfilm) leaves no clean gap between its lines: glyphs touch,
    // punctuation bridges. Lines and the space between stories still show as bands that only
    // a few glyphs cross. As with clean gaps, the widest band decides where the group is cut;
    // when all are narrow (the lines of one story), the axis whose bands are clearly wider in
    // all (column gaps are wider than the space between characters) is cut at each of them.
    bool cut_dense(const std::vector<int>& ids, const Box& box, double s, int depth) {
        if (box.width() < 3 * s || box.height() < 3 * s) return false;
        std::vector<Gap> bands[2];
        int widest[2] = {0, 0}, total[2] = {0, 0};
        for (int a = 0; a < 2; ++a) {
            const Axis axis = a == 0 ? Axis::X : Axis::Y;
            bands[a] = soft_gaps(ids, axis, box, kDenseGapShare);
            for (const Gap& g : bands[a]) {
                widest[a] = std::max(widest[a], g.size());
                total[a] += g.size();
            }
        }
        int a = widest[0] >= widest[1] ? 0 : 1;
        int min_band = 1;
        if (widest[a] >= 0.35 * s) {
            min_band = static_cast<int>(0.45 * widest[a]);
        } else {
            a = total[0] >= total[1] ? 0 : 1;
            if (bands[a].size() < 2 || total[a] < 1.5 * total[1 - a]) return false;
        }
        // Across a short stack of lines, bands are as likely word spaces lining up: the lines
        // are parted first.
        if ((a == 0 ? box.height() : box.width()) < 5 * s && !bands[1 - a].empty()) {
            a = 1 - a;
            min_band = 1;
        }
        std::vector<int> cuts;
        for (const Gap& g : bands[a])
            if (g.size() >= min_band) cuts.push_back((g.from + g.to) / 2);
        return cut_at(ids, a == 0 ? Axis::X : Axis::Y, cuts, depth);
    }

    // Cuts at every band along `axis` that few glyphs cross.
    bool cut_at_bands(const std::vector<int>& ids, const Box& box, Axis axis, int depth) {
        std::vector<int> cuts;
        for (const Gap& g : soft_gaps(ids, axis, box, kDenseGapShare)) cuts.push_back((g.from + g.to) / 2);
        return !cuts.empty() && cut_at(ids, axis, cuts, depth);
    }

    // Parts the glyphs at the cuts, by their centres, and goes on with the parts. False when
    // that leaves them all on one side (glyphs wider than the gap cut through).
    bool cut_at(const std::vector<int>& ids, Axis axis, const std::vector<int>& cuts, int depth) {
        std::vector<std::vector<int>> parts(cuts.size() + 1);
        for (int i : ids) {
            const int c = axis == Axis::X ? glyphs_[i].cx() : glyphs_[i].cy();
            parts[std::upper_bound(cuts.begin(), cuts.end(), c) - cuts.begin()].push_back(i);
        }
        if (std::ranges::any_of(parts, [&](const auto& p) { return p.size() == ids.size(); })) return false;
        collect(parts, axis, depth);
        return true;
    }

    // Children of one cut: lines parallel to the cut stay together as a block while their
    // size and spacing agree; anything else is split further.
    void collect(const std::vector<std::vector<int>>& parts, Axis axis, int depth) {
        struct Line {
            const std::vector<int>* ids;
            Box box;
            double size;
            int thickness;
        };
        std::vector<Line> run;
        // Mostly lines: this was a cut between printed lines.
        int lines = 0, nonempty = 0;
        for (const auto& part : parts) {
            if (part.empty()) continue;
            ++nonempty;
            const Box box = bounds(part);
            const int thickness = axis == Axis::Y ? box.height() : box.width();
            const int length = axis == Axis::Y ? box.width() : box.height();
            lines += thickness <= 1.8 * glyph_size(part) && length >= 1.5 * thickness;
        }
        const bool line_cut = lines >= 3 && lines * 2 >= nonempty;
        auto flush = [&]() {
            if (run.empty()) return;
            TextGroup g;
            g.direction = axis == Axis::Y ? Direction::Horizontal : Direction::Vertical;
            for (const auto& l : run) {
                g.glyphs.insert(g.glyphs.end(), l.ids->begin(), l.ids->end());
                g.box = unite(g.box, l.box);
                g.lines.push_back(l.box);
            }
            groups_.push_back(std::move(g));
            run.clear();
        };
        for (const auto& part : parts) {
            if (part.empty()) continue;
            const Box box = bounds(part);
            const double s = glyph_size(part);
            const int thickness = axis == Axis::Y ? box.height() : box.width();
            const int length = axis == Axis::Y ? box.width() : box.height();
            // Elongated along the line: a single glyph says nothing about direction.
            const bool is_line = thickness <= 1.8 * s && length >= 1.5 * thickness &&
                                 !has_wide_gap(part, axis, std::max(s, 0.9 * thickness));
            if (!is_line) {
                flush();
                split(part, depth + 1, line_cut ? std::optional<Axis>(axis) : std::nullopt);
                continue;
            }
            if (!run.empty()) {
                const Line& prev = run.back();
                // Type of another size: by its glyphs, or by its line's thickness (bold display
                // type holds together where body type falls apart into strokes).
                const double ratio = std::max(std::max(s, prev.size) / std::min(s, prev.size),
                                              static_cast<double>(std::max(thickness, prev.thickness)) / std::max(1, std::min(thickness, prev.thickness)));
                const int gap = axis == Axis::Y ? box.y0 - prev.box.y1 : box.x0 - prev.box.x1;
                if (ratio > 1.25 || gap > 1.5 * std::max(s, prev.size)) flush();
            }
            run.push_back({&part, box, s, thickness});
        }
        flush();
    }

    // A gap along the line wide enough to part two columns.
    bool has_wide_gap(const std::vector<int>& ids, Axis cut_axis, double s) const {
        for (const Gap& g : gaps(ids, cut_axis == Axis::Y ? Axis::X : Axis::Y))
            if (g.size() >= kLineGap * s) return true;
        return false;
    }

    void leaf(const std::vector<int>& ids, const Box& box) {
        TextGroup g;
        g.glyphs = ids;
        g.box = box;
        g.direction = box.height() > 1.3 * box.width() ? Direction::Vertical : Direction::Horizontal;
        g.lines.push_back(box);
        groups_.push_back(std::move(g));
    }

    const std::vector<Box>& glyphs_;
    const std::vector<Separator>& separators_;
    std::vector<TextGroup> groups_;
};

}  // namespace

std::vector<TextGroup> cut_into_groups(const std::vector<Box>& glyphs, const std::vector<Separator>& separators,
                                       const std::vector<int>& ids) {
    return Segmenter(glyphs, separators).run(ids);
}

}  // namespace newsocr::layout_parts
