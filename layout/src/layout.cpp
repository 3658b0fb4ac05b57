#include "newsocr/layout.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include <opencv2/imgproc.hpp>

namespace newsocr {

namespace {

// ---------------------------------------------------------------- glyphs

// The value `share` of the way up the sorted values (the upper one of a middle pair); 0 for none.
double quantile(std::vector<double> v, double share) {
    if (v.empty()) return 0;
    const auto at = v.begin() + static_cast<std::ptrdiff_t>(static_cast<double>(v.size()) * share);
    std::nth_element(v.begin(), at, v.end());
    return *at;
}

double median(std::vector<double> v) { return quantile(std::move(v), 0.5); }

// The size of whole glyphs among glyph components: the upper quartile of their larger
// sides, because CJK characters, and type whose thin strokes a scan loses, fall apart into
// radicals, dots and strokes smaller than the character, never larger.
double whole_glyph_size(const std::vector<double>& component_sizes) { return quantile(component_sizes, 0.75); }

// Connected components of the text mask: glyphs or glyph parts. `labels` holds component
// i + 1 for box i.
std::vector<Box> glyph_boxes(const cv::Mat& text_mask, cv::Mat& labels) {
    cv::Mat stats, centroids;
    const int n = cv::connectedComponentsWithStats(text_mask, labels, stats, centroids, 8, CV_32S);
    std::vector<Box> boxes;
    boxes.reserve(n);
    for (int i = 1; i < n; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        boxes.push_back({x, y, x + stats.at<int>(i, cv::CC_STAT_WIDTH), y + stats.at<int>(i, cv::CC_STAT_HEIGHT)});
    }
    return boxes;
}

// The sides of a component far larger than any glyph along which its ink runs: the frame of
// a boxed story or advert (whole or in part). They bound text like any rule. Nothing when
// the component fills its inside too: a drawing or a piece of a photo.
std::optional<std::vector<Separator>> frame_sides(const cv::Mat& labels, int label, const Box& b, int band) {
    // Thin all along: a rule (wavy or broken ones pass the straight-rule search).
    if (std::min(b.width(), b.height()) <= band / 2) return std::vector<Separator>{{b, b.height() > b.width()}};
    const cv::Mat mine = labels(cv::Rect(b.x0, b.y0, b.width(), b.height())) == label;
    const int w = b.width(), h = b.height();
    const cv::Rect inside(band, band, w - 2 * band, h - 2 * band);
    if (inside.area() > 0 && cv::countNonZero(mine(inside)) > 0.1 * inside.area()) return std::nullopt;
    auto covered = [&](const cv::Rect& r, int dim) {
        cv::Mat any;
        cv::reduce(mine(r), any, dim, cv::REDUCE_MAX);
        return cv::countNonZero(any) / static_cast<double>(any.total());
    };
    std::vector<Separator> sides;
    if (covered({0, 0, w, band}, 0) >= 0.6) sides.push_back({{b.x0, b.y0, b.x1, b.y0 + band}, false});
    if (covered({0, h - band, w, band}, 0) >= 0.6) sides.push_back({{b.x0, b.y1 - band, b.x1, b.y1}, false});
    if (covered({0, 0, band, h}, 1) >= 0.6) sides.push_back({{b.x0, b.y0, b.x0 + band, b.y1}, true});
    if (covered({w - band, 0, band, h}, 1) >= 0.6) sides.push_back({{b.x1 - band, b.y0, b.x1, b.y1}, true});
    if (sides.empty()) return std::nullopt;
    return sides;
}

// Glyphs grouped by the page area the rules fence them into. Text never runs across a rule,
// so each area is cut on its own: on pages ruled into a grid (adverts, boxed stories) no
// single gap or rule crosses the whole page. Rules are drawn `reach` longer at both ends to
// close the corners they nearly meet. The areas are found on a grid of `kFenceCell` pixels:
// they need no finer detail, and a full-page label image would cost 5 bytes per pixel.
constexpr int kFenceCell = 4;

std::vector<std::vector<int>> fenced_areas(const std::vector<int>& ids, const std::vector<Box>& glyphs,
                                           const std::vector<Separator>& separators, cv::Size size, int reach) {
    const cv::Size cells((size.width + kFenceCell - 1) / kFenceCell, (size.height + kFenceCell - 1) / kFenceCell);
    cv::Mat open(cells, CV_8U, cv::Scalar(255));
    for (const auto& s : separators) {
        const Box& b = s.box;
        const Box fence = s.vertical ? Box{b.x0, b.y0 - reach, b.x1, b.y1 + reach} : Box{b.x0 - reach, b.y0, b.x1 + reach, b.y1};
        const cv::Point from(fence.x0 / kFenceCell, fence.y0 / kFenceCell);
        cv::rectangle(open, from, cv::Point(std::max(from.x, (fence.x1 - 1) / kFenceCell), std::max(from.y, (fence.y1 - 1) / kFenceCell)),
                      cv::Scalar(0), cv::FILLED);
    }
    cv::Mat areas;
    const int n = cv::connectedComponents(open, areas, 4, CV_32S);
    std::vector<std::vector<int>> members(n + 1);
    for (int i : ids) {
        const Box& g = glyphs[i];
        // A glyph whose centre is on a rule (touching it) goes with a corner that is not.
        int area = n;
        for (const cv::Point p : {cv::Point(g.cx(), g.cy()), cv::Point(g.x0, g.y0), cv::Point(g.x1 - 1, g.y1 - 1),
                                  cv::Point(g.x1 - 1, g.y0), cv::Point(g.x0, g.y1 - 1)}) {
            const int a = areas.at<int>(std::clamp(p.y / kFenceCell, 0, cells.height - 1), std::clamp(p.x / kFenceCell, 0, cells.width - 1));
            if (a > 0) {
                area = a;
                break;
            }
        }
        members[area].push_back(i);
    }
    std::erase_if(members, [](const auto& m) { return m.empty(); });
    return members;
}

// ---------------------------------------------------------------- recursive cuts

enum class Axis { X, Y };  // X: cuts at gaps along x (columns side by side); Y: rows stacked

struct Gap {
    int from, to;  // white interval along the axis
    int size() const { return to - from; }
};

// A group of glyphs that the cuts produced: a line (or column) of text, or a run of lines.
struct TextGroup {
    std::vector<int> glyphs;
    Box box;
    Direction direction = Direction::Horizontal;
    std::vector<Box> lines;  // the printed lines (columns for vertical text)
};

// Gaps inside one printed line, in glyph sizes, stay below this.
constexpr double kLineGap = 1.8;

// No glyph component is this many times the page's typical glyph size (mastheads reach ten).
constexpr double kMaxGlyph = 14;

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

// ---------------------------------------------------------------- merging

// Whether a group is a single glyph or so, whose direction its neighbours decide.
bool is_square(const TextGroup& g) {
    return g.lines.size() == 1 && g.box.width() <= 1.3 * g.box.height() && g.box.height() <= 1.3 * g.box.width();
}

double line_thickness(const TextGroup& g);

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

// Lines the cuts left apart (a gap a little wider than its neighbours, a line that reaches
// into the next column's) join the group they continue: same direction and size, stacked
// across the line direction, overlapping along it, close, and no rule between.
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

// `lines_only`: join only pieces of one printed line (done first, so that a line parted at a
// wide word space is whole before lines are stacked into blocks).
void merge_continuations(std::vector<TextGroup>& groups, const std::vector<Separator>& separators, bool lines_only = false) {
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

// Pieces of lines the cuts left on their own (next to a quote, a digit group, a wide
// punctuation gap) join the line of a larger block they continue, or sit inside.
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

// ---------------------------------------------------------------- roles

double line_thickness(const TextGroup& g) {
    std::vector<double> t;
    for (const auto& l : g.lines) t.push_back(g.direction == Direction::Horizontal ? l.height() : l.width());
    return median(t);
}

// Size of a group's type from its glyphs, which a line box grown by two columns run together
// or a sliver of a photo's edge does not change.
double type_size(const TextGroup& g, const std::vector<Box>& glyphs) {
    std::vector<double> sizes;
    for (const int i : g.glyphs) sizes.push_back(std::max(glyphs[i].width(), glyphs[i].height()));
    return whole_glyph_size(sizes);
}

// The body text size of the page by `measure`: the size carrying the most glyphs. Groups the
// cuts could not part into lines (far thicker than the page's glyphs) say nothing of it.
template <class Measure>
double body_size(const std::vector<TextGroup>& groups, double page_glyph, Measure measure) {
    std::vector<std::pair<double, size_t>> sizes;
    size_t total = 0;
    for (const auto& g : groups) {
        if (line_thickness(g) > 4 * page_glyph) continue;
        sizes.emplace_back(measure(g), g.glyphs.size());
        total += g.glyphs.size();
    }
    std::sort(sizes.begin(), sizes.end());
    size_t seen = 0;
    for (const auto& [size, n] : sizes) {
        seen += n;
        if (seen * 2 >= total) return size;
    }
    return sizes.empty() ? 0 : sizes.back().first;
}

// Full-width rules near the top and bottom of the page fence off masthead and folio.
std::pair<int, int> furniture_limits(const std::vector<Separator>& separators, int width, int height) {
    int top = -1, bottom = height + 1;
    for (const auto& s : separators) {
        if (s.vertical || s.box.width() < 0.6 * width) continue;
        if (s.box.cy() < 0.25 * height) top = std::max(top, s.box.y1);
        if (s.box.cy() > 0.85 * height) bottom = std::min(bottom, s.box.y0);
    }
    return {top, bottom};
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

}  // namespace

std::vector<Block> analyse_layout(const PreprocessedPage& page, const LayoutOptions& options) {
    const cv::Mat& binary = page.binary;
    std::vector<Separator> separators = find_separators(binary, page.dpi, options);
    std::vector<Box> photos = options.detect_photos ? find_photos(page.gray, page.dpi) : std::vector<Box>{};

    // Text is what is left once rules and photos are taken out.
    cv::Mat text_mask = binary.clone();
    for (const auto& s : separators) {
        const Box& b = s.box;
        const int pad = 2;
        cv::rectangle(text_mask, cv::Rect(b.x0 - pad, b.y0 - pad, b.width() + 2 * pad, b.height() + 2 * pad), cv::Scalar(0), cv::FILLED);
    }
    for (const auto& p : photos) cv::rectangle(text_mask, cv::Rect(p.x0, p.y0, p.width(), p.height()), cv::Scalar(0), cv::FILLED);

    cv::Mat labels;
    std::vector<Box> glyphs = glyph_boxes(text_mask, labels);
    std::vector<double> sizes;
    const int min_glyph = std::max(3, page.dpi / 40);
    for (const auto& g : glyphs)
        if (std::max(g.width(), g.height()) >= min_glyph) sizes.push_back(std::max(g.width(), g.height()));
    const double page_glyph = std::max(6.0, median(sizes));
    // Solid blocks far larger than any glyph (inverted labels, logos) are graphics, not text.
    std::vector<int> ids;
    for (size_t i = 0; i < glyphs.size(); ++i) {
        const Box& g = glyphs[i];
        // Specks left by noise would bridge the white gaps that separate lines and columns.
        if (std::max(g.width(), g.height()) < 0.15 * page_glyph) continue;
        const cv::Mat patch = binary(cv::Rect(g.x0, g.y0, g.width(), g.height()));
        const bool solid = cv::countNonZero(patch) > 0.5 * g.area();
        const bool longer_than_type = std::max(g.width(), g.height()) > kMaxGlyph * page_glyph;
        const int thickness = std::min(g.width(), g.height());
        const bool thin = thickness <= 0.5 * page_glyph;
        if (solid && !thin && ((g.width() > 6 * page_glyph && g.height() > 6 * page_glyph) || longer_than_type)) {
            photos.push_back(g);
            continue;
        }
        // Far longer than any type: a frame, or a frame's remains once its rules are taken out,
        // or a wavy rule. Glyphs touching in a row (bold type on a poor scan) are as long but
        // a glyph or two thick.
        if (longer_than_type && (thin || thickness > 3 * page_glyph)) {
            if (const auto sides = frame_sides(labels, static_cast<int>(i) + 1, g, static_cast<int>(page_glyph)))
                separators.insert(separators.end(), sides->begin(), sides->end());
            else
                photos.push_back(g);
            continue;
        }
        ids.push_back(static_cast<int>(i));
    }
    labels.release();  // the largest image of the layout stage; not needed any more
    text_mask.release();
    // Specks inside those graphics (the counters of inverted letters) are not text either.
    std::erase_if(ids, [&](int i) {
        return std::ranges::any_of(photos, [&](const Box& p) { return intersect(p, glyphs[i]).area() >= 0.8 * glyphs[i].area(); });
    });

    std::vector<TextGroup> groups;
    for (const auto& area : fenced_areas(ids, glyphs, separators, binary.size(), static_cast<int>(page_glyph))) {
        std::vector<TextGroup> found = Segmenter(glyphs, separators).run(area);
        std::move(found.begin(), found.end(), std::back_inserter(groups));
    }
    merge_continuations(groups, separators, true);
    merge_continuations(groups, separators);
    absorb_fragments(groups, separators);
    merge_continuations(groups, separators);
    const double body = body_size(groups, page_glyph, line_thickness);
    const auto group_type_size = [&glyphs](const TextGroup& g) { return type_size(g, glyphs); };
    const double body_type = body_size(groups, page_glyph, group_type_size);
    // Slivers (a line cut by the image edge, a smear) are far thinner than any type.
    std::erase_if(groups, [body](const TextGroup& g) { return line_thickness(g) < 0.45 * body; });
    const auto [header_limit, folio_limit] = furniture_limits(separators, binary.cols, binary.rows);

    std::vector<Block> blocks;
    for (const auto& g : groups) {
        Block b;
        b.direction = g.direction;
        b.box = g.box;
        b.font_size = static_cast<float>(line_thickness(g));
        const double ratio = body > 0 ? b.font_size / body : 1.0;
        // Headlines and subtitles are set in larger type, not only in a larger line box (two
        // columns run together, a sliver of a photo's edge taken in).
        const bool larger_type = body_type <= 0 || group_type_size(g) >= options.subtitle_size_ratio * body_type;
        if (b.box.y1 <= header_limit) b.role = Role::Header;
        else if (b.box.y0 >= folio_limit) b.role = Role::Folio;
        else if (larger_type && ratio >= options.headline_size_ratio) b.role = Role::Headline;
        else if (larger_type && ratio >= options.subtitle_size_ratio && g.lines.size() <= 3) b.role = Role::Subtitle;
        else if (g.lines.size() <= 3 && next_to_photo(b.box, photos, body)) b.role = Role::Caption;
        else b.role = Role::Body;
        blocks.push_back(std::move(b));
    }
    for (const auto& p : photos) blocks.push_back({"", Role::Photo, Direction::Horizontal, p, {}, "", 1.0f, 0});
    for (const auto& s : separators)
        blocks.push_back({"", Role::Separator, s.vertical ? Direction::Vertical : Direction::Horizontal, s.box, {}, "", 1.0f, 0});

    // A stable order: top to bottom, then left to right, by the top-left corner.
    std::stable_sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) {
        return std::pair(a.box.y0, a.box.x0) < std::pair(b.box.y0, b.box.x0);
    });
    for (size_t i = 0; i < blocks.size(); ++i) blocks[i].id = "b" + std::to_string(i + 1);
    return blocks;
}

}  // namespace newsocr
