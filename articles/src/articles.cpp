#include "newsocr/articles.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <string>

#include "newsocr/text.hpp"

namespace newsocr {

namespace {

bool is_text(const Block& b) {
    return (b.role == Role::Headline || b.role == Role::Subtitle || b.role == Role::Kicker || b.role == Role::Body || b.role == Role::Caption ||
            b.role == Role::Byline || b.role == Role::Marker) &&
           !b.text.empty();
}

std::string one_line(const Block& b) {
    std::string out;
    for (const auto& l : b.lines) append_word(out, l.text);
    return out.empty() ? b.text : out;
}

// A headline block's kicker and title: a first line set in much smaller type over the title
// (a section label such as "今日论语", often white on a dark box) is the kicker, not title.
std::pair<std::string, std::string> kicker_and_title(const Block& b) {
    if (b.lines.size() < 2) return {"", one_line(b)};
    auto thickness = [&b](const Line& l) { return b.direction == Direction::Vertical ? l.box.width() : l.box.height(); };
    int rest = std::numeric_limits<int>::max();
    for (size_t i = 1; i < b.lines.size(); ++i) rest = std::min(rest, thickness(b.lines[i]));
    const Line& first = b.lines.front();
    if (code_points(first.text).size() > 6 || thickness(first) >= 0.7 * rest) return {"", one_line(b)};
    std::string title;
    for (size_t i = 1; i < b.lines.size(); ++i) append_word(title, b.lines[i].text);
    return {first.text, title};
}

// Bylines: a short block naming the reporter, commentator or photographer.
bool looks_like_byline(const Block& b) {
    const std::string t = one_line(b);
    if (b.lines.size() > 2 || code_points(t).size() > 40) return false;
    for (const char* cue : {"记者", "通讯员", "本报讯", "评论员", "摄", "撰稿", "By ", "Von "})
        if (t.find(cue) != std::string::npos) return true;
    return false;
}

int x_overlap(const Box& a, const Box& b) { return std::min(a.x1, b.x1) - std::max(a.x0, b.x0); }
int y_overlap(const Box& a, const Box& b) { return std::min(a.y1, b.y1) - std::max(a.y0, b.y0); }

// Whether the straight way between the centres of two boxes crosses a rule lying outside
// both (rules are thin and axis-aligned, so one crossing point per rule is tested).
bool separated(const Box& a, const Box& b, const std::vector<const Block*>& rules) {
    const double ax = a.cx(), ay = a.cy(), bx = b.cx(), by = b.cy();
    auto inside = [](const Box& box, double x, double y) { return x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1; };
    for (const Block* r : rules) {
        const Box& s = r->box;
        const bool vertical = s.height() > s.width();
        const double pos = vertical ? s.cx() : s.cy();
        const double from = vertical ? ax : ay, to = vertical ? bx : by;
        if ((pos - from) * (pos - to) > 0 || from == to) continue;
        const double t = (pos - from) / (to - from);
        const double x = vertical ? pos : ax + (bx - ax) * t, y = vertical ? ay + (by - ay) * t : pos;
        const bool on_rule = vertical ? y >= s.y0 - 2 && y <= s.y1 + 2 : x >= s.x0 - 2 && x <= s.x1 + 2;
        if (on_rule && !inside(a, x, y) && !inside(b, x, y)) return true;
    }
    return false;
}

// Whether a vertical rule parts the columns of one story: dense vertical setting rules every
// column, so the rule has a single body column of the same type tight on either side and
// another rule one column away. A rule beside a heading, or beside a story set without
// rules, bounds a story.
bool between_columns(const Block& r, const std::vector<const Block*>& rules, const std::vector<Block>& blocks) {
    if (r.direction != Direction::Vertical) return false;
    const auto beside = [&](int side) -> const Block* {
        const Block* nearest = nullptr;
        int nearest_gap = std::numeric_limits<int>::max();
        for (const Block& b : blocks) {
            if (!is_text(b) || y_overlap(b.box, r.box) < 0.5 * b.box.height()) continue;
            const int gap = side < 0 ? r.box.x0 - b.box.x1 : b.box.x0 - r.box.x1;
            if (gap >= -2 && gap < nearest_gap) nearest = &b, nearest_gap = gap;
        }
        return nearest && nearest_gap <= nearest->font_size ? nearest : nullptr;
    };
    const auto column = [](const Block* b) {
        return b && b->role == Role::Body && b->direction == Direction::Vertical && b->box.width() <= 1.6 * b->font_size;
    };
    const Block* left = beside(-1);
    const Block* right = beside(1);
    if (!column(left) || !column(right) || std::max(left->font_size, right->font_size) > 1.25 * std::min(left->font_size, right->font_size))
        return false;
    return std::ranges::any_of(rules, [&](const Block* o) {
        return o != &r && o->direction == Direction::Vertical && std::abs(o->box.cx() - r.box.cx()) <= 2.2 * left->font_size &&
               y_overlap(o->box, r.box) >= 0.7 * std::min(o->box.height(), r.box.height());
    });
}

// A block's line pitch (its thickness across its lines over their number), the measure of
// its type size that heading parts are compared by: layout's size may span lines it did not
// part, and the line boxes of a PDF's text layer include the leading.
double line_pitch(const Block& b) {
    if (b.lines.empty()) return b.font_size;
    const int across = b.direction == Direction::Vertical ? b.box.width() : b.box.height();
    return static_cast<double>(across) / static_cast<double>(b.lines.size());
}

// Whether two heading blocks are stacked as parts of one heading: in line with each other
// and apart by less than a line of the larger type (more is room for a byline or text).
bool stacked_heading(const Block& a, const Block& b) {
    if (a.direction != b.direction) return false;
    const double size = std::max(line_pitch(a), line_pitch(b)), small = std::min(line_pitch(a), line_pitch(b));
    if (a.direction == Direction::Horizontal) {
        const double gap = std::max(a.box.y0 - b.box.y1, b.box.y0 - a.box.y1);
        return x_overlap(a.box, b.box) > 0.3 * std::min(a.box.width(), b.box.width()) && gap > -0.3 * small && gap < size;
    }
    const double gap = std::max(a.box.x0 - b.box.x1, b.box.x0 - a.box.x1);
    return y_overlap(a.box, b.box) > 0.3 * std::min(a.box.height(), b.box.height()) && gap > -0.3 * small && gap < size;
}

// Whether `a` is read before `b`: above it, or in vertical setting to its right. Of a vertical
// title and a horizontal line over its story's columns, the title is read first.
bool reads_before(const Block& a, const Block& b) {
    if (a.direction != b.direction) return a.direction == Direction::Vertical;
    return a.direction == Direction::Vertical ? a.box.cx() > b.box.cx() : a.box.cy() < b.box.cy();
}

// Mixed setting: a vertical title stands beside its story's horizontal columns, and a heading
// line of smaller type runs over those columns level with the title's top: one heading. The
// columns start below that line, so the band between it and the title is empty; beside
// another story's vertical title that story's columns would start level with it.
bool line_over_columns_of_vertical_title(const Block& a, const Block& b, const std::vector<Block>& blocks) {
    const Block& v = a.direction == Direction::Vertical ? a : b;
    const Block& h = &v == &a ? b : a;
    if (v.direction != Direction::Vertical || h.direction != Direction::Horizontal) return false;
    const double size = line_pitch(v);
    if (line_pitch(h) * 1.25 >= size || h.box.x1 > v.box.x0 || std::abs(h.box.y0 - v.box.y0) > 0.5 * size) return false;
    const Box band{h.box.x1, h.box.y0, v.box.x0, h.box.y1};
    return std::ranges::none_of(blocks, [&](const Block& o) {
        return &o != &a && &o != &b && o.role != Role::Separator && !o.box.empty() && !intersect(o.box, band).empty();
    });
}

// How far block `b` lies after headline `h` in reading flow; none when `h` cannot head it.
// Horizontal headlines head what lies below them, overlapping in x; vertical headlines what
// lies to their left, overlapping in y.
std::optional<double> headline_distance(const Block& h, const Block& b) {
    const double tol = std::max(h.font_size, b.font_size);
    std::optional<double> best;
    if (h.direction == Direction::Horizontal || h.box.width() >= h.box.height()) {
        if (h.box.y1 <= b.box.y0 + tol && x_overlap(h.box, b.box) > 0) best = b.box.y0 - h.box.y1;
    }
    if (h.direction == Direction::Vertical || h.box.height() > h.box.width()) {
        if (h.box.x0 + tol >= b.box.x1 && y_overlap(h.box, b.box) > 0) {
            const double d = h.box.x0 - b.box.x1;
            if (!best || d < *best) best = d;
        }
    }
    if (best) *best = std::max(0.0, *best);
    return best;
}

// Reading order of an article's blocks: columns left to right (horizontal) or right to
// left (vertical), each top to bottom.
void sort_reading_order(std::vector<const Block*>& blocks, Direction direction) {
    std::sort(blocks.begin(), blocks.end(), [direction](const Block* a, const Block* b) {
        const bool same_column = direction == Direction::Horizontal
                                     ? x_overlap(a->box, b->box) > 0.5 * std::min(a->box.width(), b->box.width())
                                     : false;
        if (same_column) return a->box.y0 < b->box.y0;
        if (direction == Direction::Vertical) {
            if (y_overlap(a->box, b->box) > 0) return a->box.x1 > b->box.x1;
            return a->box.y0 < b->box.y0;
        }
        return a->box.x0 < b->box.x0;
    });
}

// Cuts a continuation marker out of the block's first or last line.
std::optional<ContinuationMarker> take_marker(Block& b, bool from_end) {
    if (b.lines.empty()) return std::nullopt;
    Line& line = from_end ? b.lines.back() : b.lines.front();
    auto m = find_marker(line.text);
    if (!m) return std::nullopt;
    line.text = line.text.substr(0, m->begin) + line.text.substr(m->end);
    if (line.text.find_first_not_of(" \t") == std::string::npos) b.lines.erase(from_end ? b.lines.end() - 1 : b.lines.begin());
    b.text.clear();
    for (const auto& l : b.lines) b.text += (b.text.empty() ? "" : "\n") + l.text;
    return m;
}

// Lines set at the head of a body block in larger type than the rest (a brief's title, a
// subtitle or a wrapped byline set in the column) become a block of their own, a heading
// part for the heading units to rank. Larger is both thicker lines and wider characters, so
// that a bold run-in ("本报讯") or a justified line is not taken for one. A block that
// continues the text of the column above it (or, vertical, to its right) opens with a
// crosshead of its story, which stays in the body.
void split_heading_lines(std::vector<Block>& blocks) {
    int last_id = 0;
    std::vector<const Block*> rules;
    for (const auto& b : blocks) {
        if (b.id.size() > 1 && b.id[0] == 'b') last_id = std::max(last_id, std::atoi(b.id.c_str() + 1));
        if (b.role == Role::Separator) rules.push_back(&b);
    }
    auto continues_text = [&](const Block& b) {
        return std::ranges::any_of(blocks, [&](const Block& above) {
            if (&above == &b || above.role != Role::Body || above.text.empty() || above.direction != b.direction) return false;
            // A crosshead has a blank line or so over it; more is a break between stories.
            const double reach = 3.0 * std::max(above.font_size, b.font_size);
            const bool next = b.direction == Direction::Vertical
                                  ? y_overlap(above.box, b.box) > 0.5 * std::min(above.box.height(), b.box.height()) &&
                                        above.box.x0 - b.box.x1 >= -reach / 4 && above.box.x0 - b.box.x1 < reach
                                  : x_overlap(above.box, b.box) > 0.5 * std::min(above.box.width(), b.box.width()) &&
                                        b.box.y0 - above.box.y1 >= -reach / 4 && b.box.y0 - above.box.y1 < reach;
            return next && !separated(above.box, b.box, rules);
        });
    };
    std::vector<Block> heads;
    for (auto& b : blocks) {
        if (b.role != Role::Body || b.lines.size() < 3 || continues_text(b)) continue;
        const bool vertical = b.direction == Direction::Vertical;
        auto thickness = [vertical](const Line& l) { return static_cast<double>(vertical ? l.box.width() : l.box.height()); };
        auto advance = [vertical](const Line& l) {
            const size_t n = code_points(l.text).size();
            return n ? static_cast<double>(vertical ? l.box.height() : l.box.width()) / static_cast<double>(n) : 0.0;
        };
        auto lower_median = [&b](auto measure) {
            std::vector<double> v;
            for (const auto& l : b.lines) v.push_back(measure(l));
            std::nth_element(v.begin(), v.begin() + (v.size() - 1) / 2, v.end());
            return v[(v.size() - 1) / 2];
        };
        const double body_thickness = lower_median(thickness), body_advance = lower_median(advance);
        // A paragraph's first line, indented and running to the column's end, is body text
        // (a bold run-in such as "本报讯（记者 X）" sets it larger).
        auto opens_paragraph = [&](const Line& l) {
            const int start_gap = vertical ? l.box.y0 - b.box.y0 : l.box.x0 - b.box.x0;
            const int end_gap = vertical ? b.box.y1 - l.box.y1 : b.box.x1 - l.box.x1;
            return start_gap >= body_advance && end_gap < body_advance;
        };
        // At most three heading lines, and fewer than the body lines under them.
        size_t k = 0;
        while (k < std::min<size_t>(3, (b.lines.size() - 1) / 2) && thickness(b.lines[k]) >= 1.15 * body_thickness &&
               advance(b.lines[k]) >= 1.1 * body_advance && thickness(b.lines[k]) >= 0.8 * thickness(b.lines[0]) &&
               !opens_paragraph(b.lines[k]))
            ++k;
        if (k == 0) continue;
        auto box_of = [&b](auto from, auto to) {
            Box u;
            for (auto l = from; l != to; ++l) u = unite(u, l->box);
            const Box inside = intersect(u, b.box);
            return inside.empty() ? u : inside;
        };
        Block head;
        head.id = "b" + std::to_string(++last_id);
        head.role = Role::Subtitle;
        head.direction = b.direction;
        head.lines.assign(b.lines.begin(), b.lines.begin() + static_cast<std::ptrdiff_t>(k));
        head.box = box_of(head.lines.begin(), head.lines.end());
        head.confidence = b.confidence;
        head.font_size = static_cast<float>(thickness(head.lines[0]));
        for (const auto& l : head.lines) head.text += (head.text.empty() ? "" : "\n") + l.text;
        b.lines.erase(b.lines.begin(), b.lines.begin() + static_cast<std::ptrdiff_t>(k));
        b.box = box_of(b.lines.begin(), b.lines.end());
        b.text.clear();
        for (const auto& l : b.lines) b.text += (b.text.empty() ? "" : "\n") + l.text;
        heads.push_back(std::move(head));
    }
    std::move(heads.begin(), heads.end(), std::back_inserter(blocks));
}

struct Tiering {
    std::vector<int> cuts;  // y of full-width rules
    int tier(const Box& b) const { return static_cast<int>(std::upper_bound(cuts.begin(), cuts.end(), b.cy()) - cuts.begin()); }
};

}  // namespace

namespace {

bool sentence_punctuation(char32_t c) { return c == U'。' || c == U'，' || c == U'；' || c == U'！' || c == U'？' || c == U'.'; }

// "本报记者 孙云", "青年报首席记者范彦萍": short, naming a reporter, no sentence in it.
bool byline_text(const std::u32string& t) {
    if (t.empty() || t.size() > 24 || t.find(U"记者") == std::u32string::npos) return false;
    return std::none_of(t.begin(), t.end(), sentence_punctuation);
}

}  // namespace

void separate_front_matter(Article& a) {
    auto& ps = a.paragraphs;
    if (ps.empty()) return;
    // Opening lines: [subtitle] byline, before the body.
    if (a.byline.empty()) {
        const std::u32string first = to_utf32(ps[0]);
        if (byline_text(first)) {
            a.byline = ps[0];
            ps.erase(ps.begin());
        } else if (ps.size() > 1 && byline_text(to_utf32(ps[1])) && first.size() <= 30 && first.find(U'。') == std::u32string::npos) {
            if (a.subtitle.empty()) a.subtitle = ps[0];
            a.byline = ps[1];
            ps.erase(ps.begin(), ps.begin() + 2);
        } else if (const size_t at = first.find(U"记者"); at != std::u32string::npos && first.size() <= 40 && first.find(U'。') == std::u32string::npos) {
            // A subtitle and byline run together: the byline starts after the last punctuation before "记者".
            size_t cut = at;
            while (cut > 0 && (is_ideograph(first[cut - 1]) || is_latin_letter(first[cut - 1]))) --cut;
            if (cut > 0 && at - cut <= 8 && byline_text(first.substr(cut))) {
                if (a.subtitle.empty()) a.subtitle = to_utf8(first.substr(0, cut));
                a.byline = to_utf8(first.substr(cut));
                ps.erase(ps.begin());
            }
        }
    }
    // A closing signature: a name alone on the last line.
    if (a.byline.empty() && ps.size() > 1) {
        const std::u32string last = to_utf32(ps.back());
        if (last.size() >= 2 && last.size() <= 4 && std::all_of(last.begin(), last.end(), is_ideograph)) {
            a.byline = ps.back();
            ps.pop_back();
        }
    }
}

std::optional<ContinuationMarker> find_marker(std::string_view text) {
    const auto cps = code_points(text);
    // Byte offset of each code point.
    std::vector<size_t> offset(cps.size() + 1, 0);
    for (size_t i = 0; i < cps.size(); ++i) offset[i + 1] = offset[i] + to_utf8(cps[i]).size();
    auto digits_at = [&](size_t i, int& value) {
        size_t j = i;
        value = 0;
        while (j < cps.size()) {
            char32_t c = cps[j];
            if (c >= U'０' && c <= U'９') c = c - U'０' + U'0';
            if (c < U'0' || c > U'9') break;
            value = value * 10 + static_cast<int>(c - U'0');
            ++j;
        }
        return j;
    };
    for (size_t i = 0; i < cps.size(); ++i) {
        // 下转第3版 / 转第3版 / 下转3版 / 上接第1版 / 接第1版, optionally in brackets.
        size_t j = i;
        if (cps[j] == U'下' || cps[j] == U'上') ++j;
        if (j >= cps.size() || (cps[j] != U'转' && cps[j] != U'接')) continue;
        const bool forward = cps[j] == U'转';
        ++j;
        if (j < cps.size() && cps[j] == U'第') ++j;
        int page = 0;
        const size_t k = digits_at(j, page);
        if (k == j || k >= cps.size() || cps[k] != U'版') continue;
        size_t begin = i, end = k + 1;
        if (begin > 0 && (cps[begin - 1] == U'（' || cps[begin - 1] == U'(')) --begin;
        if (end < cps.size() && (cps[end] == U'）' || cps[end] == U')')) ++end;
        return ContinuationMarker{forward, page, offset[begin], offset[end]};
    }
    // Latin: "Continued on page 3", "Continued from page 1".
    const std::string lower = [&] {
        std::string s(text);
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        return s;
    }();
    for (const auto& [phrase, forward] : {std::pair<std::string, bool>{"continued on page", true}, {"continued from page", false}}) {
        const size_t at = lower.find(phrase);
        if (at == std::string::npos) continue;
        size_t j = at + phrase.size();
        while (j < lower.size() && lower[j] == ' ') ++j;
        int page = 0;
        size_t k = j;
        while (k < lower.size() && std::isdigit(static_cast<unsigned char>(lower[k]))) page = page * 10 + (lower[k++] - '0');
        if (k == j) continue;
        size_t begin = at, end = k;
        if (begin > 0 && lower[begin - 1] == '(') --begin;
        if (end < lower.size() && lower[end] == ')') ++end;
        return ContinuationMarker{forward, page, begin, end};
    }
    return std::nullopt;
}

ArticleLayout group_articles(std::vector<Block> blocks, const ArticleOptions& options, const std::vector<Box>& printed_areas) {
    ArticleLayout out;
    split_heading_lines(blocks);
    std::vector<const Block*> rules, photos;
    for (const auto& b : blocks) {
        if (b.role == Role::Separator) rules.push_back(&b);
        if (b.role == Role::Photo) photos.push_back(&b);
    }
    std::vector<const Block*> column_rules;
    for (const Block* r : rules)
        if (between_columns(*r, rules, blocks)) column_rules.push_back(r);
    std::erase_if(rules, [&](const Block* r) { return std::ranges::find(column_rules, r) != column_rules.end(); });
    // The gutter between the pages of a fold parts their articles like a rule.
    std::vector<Block> gutters;
    {
        std::vector<Box> left_to_right = printed_areas;
        std::ranges::sort(left_to_right, {}, &Box::x0);
        for (size_t k = 0; k + 1 < left_to_right.size(); ++k) {
            const int x = (left_to_right[k].x1 + left_to_right[k + 1].x0) / 2;
            const int y0 = std::min(left_to_right[k].y0, left_to_right[k + 1].y0), y1 = std::max(left_to_right[k].y1, left_to_right[k + 1].y1);
            gutters.push_back({"", Role::Separator, Direction::Vertical, {x - 1, y0, x + 1, y1}, {}, "", 1.0f, 0});
        }
    }
    for (const Block& g : gutters) rules.push_back(&g);

    // Text roles: standalone markers and bylines.
    std::map<const Block*, ContinuationMarker> markers;
    for (auto& b : blocks) {
        if (!is_text(b) || b.role == Role::Headline) continue;
        const std::string t = one_line(b);
        if (auto m = find_marker(t); m && code_points(t).size() <= code_points(t.substr(m->begin, m->end - m->begin)).size() + 2) {
            b.role = Role::Marker;
            markers[&b] = *m;
        } else if (b.role == Role::Body && looks_like_byline(b)) {
            b.role = Role::Byline;
        }
    }

    // A headline set in two or more blocks (one per printed line) is one headline.
    for (bool merged = true; merged;) {
        merged = false;
        for (auto& a : blocks) {
            if (a.role != Role::Headline || !is_text(a)) continue;
            for (auto& b : blocks) {
                if (&a == &b || b.role != Role::Headline || !is_text(b) || a.direction != b.direction) continue;
                const double size = std::max(a.font_size, b.font_size);
                if (size > 1.25 * std::min(a.font_size, b.font_size)) continue;
                const bool horizontal = a.direction == Direction::Horizontal;
                const bool next = horizontal ? x_overlap(a.box, b.box) > 0.3 * std::min(a.box.width(), b.box.width()) &&
                                                   b.box.y0 >= a.box.y1 - 0.3 * size && b.box.y0 - a.box.y1 < 0.8 * size
                                             : y_overlap(a.box, b.box) > 0.3 * std::min(a.box.height(), b.box.height()) &&
                                                   a.box.x0 >= b.box.x1 - 0.3 * size && a.box.x0 - b.box.x1 < 0.8 * size;
                if (!next || separated(a.box, b.box, rules)) continue;
                a.lines.insert(a.lines.end(), b.lines.begin(), b.lines.end());
                a.text += "\n" + b.text;
                a.box = unite(a.box, b.box);
                b.text.clear();  // consumed: dropped from the page's blocks at the end
                b.box = {};
                merged = true;
            }
        }
    }

    // A story's heading is one unit: the headline and subtitle blocks stacked over one another
    // (vertical: set beside each other) with no rule between. Ranked by type size within the
    // unit, the largest is the title, smaller type read after it the subtitle, before it the
    // kicker; a heading of subtitle-sized type alone titles its story. Sizes are compared
    // with each other only: layout has told heading type from this page's body type.
    std::map<const Block*, const Block*> heading_of;  // a unit's subtitle or kicker -> its title
    std::vector<Block*> promoted;                     // subtitle-sized blocks made their unit's title
    {
        std::vector<Block*> parts;
        for (auto& b : blocks)
            if ((b.role == Role::Headline || b.role == Role::Subtitle) && is_text(b)) parts.push_back(&b);
        std::vector<size_t> parent(parts.size());
        std::iota(parent.begin(), parent.end(), 0);
        const std::function<size_t(size_t)> root = [&](size_t i) { return parent[i] == i ? i : parent[i] = root(parent[i]); };
        for (size_t i = 0; i < parts.size(); ++i)
            for (size_t j = i + 1; j < parts.size(); ++j)
                if ((stacked_heading(*parts[i], *parts[j]) || line_over_columns_of_vertical_title(*parts[i], *parts[j], blocks)) &&
                    !separated(parts[i]->box, parts[j]->box, rules))
                    parent[root(i)] = root(j);
        std::map<size_t, std::vector<Block*>> units;
        for (size_t i = 0; i < parts.size(); ++i) units[root(i)].push_back(parts[i]);
        for (auto& [unit, members] : units) {
            std::sort(members.begin(), members.end(), [](const Block* a, const Block* b) { return reads_before(*a, *b); });
            const bool has_headline = std::ranges::any_of(members, [](const Block* m) { return m->role == Role::Headline; });
            // A word or two over the rest (a section label in a box, "社区快讯") is a kicker,
            // however large its type.
            const size_t first = members.size() > 1 && code_points(members[0]->text).size() <= 6 ? 1 : 0;
            double largest = 0;
            for (size_t i = first; i < members.size(); ++i) largest = std::max(largest, line_pitch(*members[i]));
            // Parts within a quarter of the largest size are lines of the title in blocks of their own.
            Block* title = nullptr;
            for (size_t i = first; i < members.size(); ++i) {
                Block* m = members[i];
                if (line_pitch(*m) * 1.25 < largest) continue;
                if (!title) {
                    title = m;
                    continue;
                }
                title->lines.insert(title->lines.end(), m->lines.begin(), m->lines.end());
                title->text += "\n" + m->text;
                title->box = unite(title->box, m->box);
                m->text.clear();  // consumed: dropped from the page's blocks at the end
                m->box = {};
            }
            if (!has_headline) promoted.push_back(title);
            title->role = Role::Headline;
            for (Block* m : members) {
                if (m == title || m->text.empty()) continue;
                m->role = reads_before(*m, *title) ? Role::Kicker : Role::Subtitle;
                heading_of[m] = title;
            }
        }
    }

    // Short text beside a photo that no layout rule called a caption (a credit line, the
    // rest of a caption) is part of the caption.
    for (auto& b : blocks) {
        if ((b.role != Role::Byline && b.role != Role::Body) || b.lines.size() > 2 || !is_text(b)) continue;
        for (const Block* p : photos) {
            const double reach = 2.0 * b.font_size;
            const bool below = x_overlap(p->box, b.box) > 0 && b.box.y0 >= p->box.y1 - reach && b.box.y0 - p->box.y1 < reach;
            const bool beside = y_overlap(p->box, b.box) > 0 && std::abs(b.box.x0 - p->box.x1) < reach;
            if ((below || beside) && !separated(p->box, b.box, rules)) b.role = Role::Caption;
        }
    }

    std::vector<const Block*> headlines;
    for (const auto& b : blocks)
        if (b.role == Role::Headline && is_text(b)) headlines.push_back(&b);

    // Every other text block joins the nearest headline that can head it with no rule between.
    std::map<const Block*, std::vector<const Block*>> members;
    std::vector<const Block*> orphans;
    for (const auto& b : blocks) {
        if (!is_text(b) || b.role == Role::Headline || b.role == Role::Caption) continue;
        if (const auto unit = heading_of.find(&b); unit != heading_of.end()) {
            members[unit->second].push_back(&b);
            continue;
        }
        const Block* owner = nullptr;
        double best = std::numeric_limits<double>::max();
        for (const Block* h : headlines) {
            const auto d = headline_distance(*h, b);
            if (!d || *d >= best || separated(h->box, b.box, rules)) continue;
            best = *d;
            owner = h;
        }
        if (owner) members[owner].push_back(&b);
        else orphans.push_back(&b);
    }
    // A subtitle-sized heading that heads nothing is text set large (a pull quote, a slogan),
    // left to join the story beside it.
    for (Block* h : promoted) {
        if (!members[h].empty()) continue;
        members.erase(h);
        h->role = Role::Subtitle;
        std::erase(headlines, h);
        orphans.push_back(h);
    }

    // An article flows on into further columns beside its own, and keeps the pieces set just
    // under or beside its blocks (a last line, a byline, a jump marker): a block no headline
    // claims joins the article of the nearest such block, unless a rule lies between.
    for (bool joined = true; joined;) {
        joined = false;
        for (auto it = orphans.begin(); it != orphans.end();) {
            const Block* b = *it;
            const Block* owner = nullptr;
            double best = std::numeric_limits<double>::max();
            for (auto& [h, parts] : members)
                for (const Block* m : parts) {
                    // Bylines and signatures sit further off, at the end of the last column.
                    const bool short_text = code_points(b->text).size() <= 12;
                    const double reach = (short_text ? 8.0 : 3.0) * std::max(m->font_size, b->font_size);
                    const bool level = y_overlap(m->box, b->box) > 0.3 * std::min(m->box.height(), b->box.height());
                    const bool stacked = x_overlap(m->box, b->box) > 0.3 * std::min(m->box.width(), b->box.width());
                    const double gap = level ? std::max(b->box.x0 - m->box.x1, m->box.x0 - b->box.x1)
                                     : stacked ? std::max(b->box.y0 - m->box.y1, m->box.y0 - b->box.y1)
                                               : std::numeric_limits<double>::max();
                    if (gap < reach && gap < best && !separated(m->box, b->box, rules)) best = gap, owner = h;
                }
            if (owner) {
                members[owner].push_back(b);
                it = orphans.erase(it);
                joined = true;
            } else {
                ++it;
            }
        }
    }

    // A byline still unclaimed is set at the foot of its article, often past the end of its
    // last column (under a photo; in vertical setting to the left of the last column): it
    // joins the article ending just before it.
    for (auto it = orphans.begin(); it != orphans.end();) {
        const Block* b = *it;
        const Block* owner = nullptr;
        double best = std::numeric_limits<double>::max();
        const bool vertical = b->direction == Direction::Vertical;
        // Along the reading flow past the byline: below it (horizontal) or left of it (vertical).
        const auto ends_before = [&](const Box& m) { return vertical ? m.x0 >= b->box.x1 - b->font_size : m.y1 <= b->box.y0 + b->font_size; };
        const auto further = [&](const Box& m, const Box& than) { return vertical ? m.x0 < than.x0 : m.y1 > than.y1; };
        if (b->role == Role::Byline)
            for (auto& [h, parts] : members) {
                Box extent = h->box;
                const Block* last = h;  // the part ending nearest before the byline
                for (const Block* m : parts) {
                    extent = unite(extent, m->box);
                    if (further(m->box, last->box) && ends_before(m->box)) last = m;
                }
                const double reach = 8.0 * b->font_size;
                const double across = vertical ? std::max({0, b->box.y0 - extent.y1, extent.y0 - b->box.y1})
                                               : std::max({0, b->box.x0 - extent.x1, extent.x0 - b->box.x1});
                const double after = vertical ? extent.x0 - b->box.x1 : b->box.y0 - extent.y1;
                // Further off, a signature under a short last column ("本报评论员") still ends
                // its story when it is set within the story's width and nothing lies between.
                const Box between = vertical ? Box{b->box.x1, b->box.y0, extent.x0, b->box.y1} : Box{b->box.x0, extent.y1, b->box.x1, b->box.y0};
                const bool open = across == 0 && std::ranges::none_of(blocks, [&](const Block& o) {
                    return &o != b && is_text(o) && !intersect(o.box, between).empty();
                });
                if (across <= reach && after >= -b->font_size && (after <= reach || open) && after < best && !separated(last->box, b->box, rules))
                    best = after, owner = h;
            }
        if (owner) {
            members[owner].push_back(b);
            it = orphans.erase(it);
        } else {
            ++it;
        }
    }

    // Untitled articles: body blocks no headline claims, one article per connected run. A
    // stray word or two (a credit, an OCR fragment) is no article.
    std::erase_if(orphans, [](const Block* b) { return code_points(b->text).size() <= 4; });
    std::vector<std::vector<const Block*>> untitled;
    for (const Block* b : orphans) {
        bool joined = false;
        for (auto& group : untitled) {
            const Block* last = group.back();
            // Further columns lie as far off as a titled story's may, on either side.
            const double t = std::max(last->font_size, b->font_size) * 3.0;
            const int below = std::max(b->box.y0 - last->box.y1, last->box.y0 - b->box.y1);
            const int beside = std::max(b->box.x0 - last->box.x1, last->box.x0 - b->box.x1);
            const bool near = (x_overlap(last->box, b->box) > 0 && below < t) || (y_overlap(last->box, b->box) > 0 && beside < t);
            if (near && !separated(last->box, b->box, rules)) {
                group.push_back(b);
                joined = true;
                break;
            }
        }
        if (!joined) untitled.push_back({b});
    }
    // Nor is a single line that no story could take in (an imprint line under the masthead,
    // boxed off by rules; a label over a map): it stays on the page, outside the articles.
    std::erase_if(untitled, [](const auto& run) { return run.size() == 1 && run.front()->lines.size() <= 1; });
    // Nor is a smudge: a dozen characters or fewer that OCR could barely read.
    std::erase_if(untitled, [](const auto& run) {
        double chars = 0, sure = 0;
        for (const Block* b : run) {
            const auto n = static_cast<double>(code_points(b->text).size());
            chars += n;
            sure += b->confidence * n;
        }
        return chars <= 12 && sure < 0.3 * chars;
    });

    auto make_article = [&](const Block* headline, std::vector<const Block*> parts) {
        Article a;
        size_t body_chars = 0, vertical_chars = 0;
        double body_font = 0;
        for (const Block* p : parts) {
            if (p->role != Role::Body) continue;
            const size_t n = code_points(p->text).size();
            body_chars += n;
            if (p->direction == Direction::Vertical) vertical_chars += n;
            body_font = std::max(body_font, static_cast<double>(p->font_size));
        }
        a.direction = vertical_chars * 2 > body_chars ? Direction::Vertical : Direction::Horizontal;
        sort_reading_order(parts, a.direction);
        if (headline) {
            std::tie(a.kicker, a.title) = kicker_and_title(*headline);
            a.regions.push_back({Role::Headline, headline->box});
            a.block_ids.push_back(headline->id);
        }
        double confidence = headline ? headline->confidence : 0, weight = headline ? 1 : 0;
        bool body_started = false;
        for (const Block* p : parts) {
            Role role = p->role;
            // A short block between the title and the body, set larger than the body: subtitle.
            if (role == Role::Body && !body_started && headline && p->lines.size() <= 2 &&
                p->font_size >= options.subtitle_size_ratio * body_font)
                role = Role::Subtitle;
            if (role == Role::Subtitle) a.subtitle = a.subtitle.empty() ? one_line(*p) : a.subtitle + one_line(*p);
            else if (role == Role::Kicker) a.kicker = a.kicker.empty() ? one_line(*p) : a.kicker + " " + one_line(*p);
            else if (role == Role::Byline) a.byline = a.byline.empty() ? one_line(*p) : a.byline + " " + one_line(*p);
            else if (role == Role::Marker) {
                const auto& m = markers.at(p);
                (m.forward ? a.continued_to : a.continued_from) = PageRef{m.page};
            }
            if (role == Role::Body) body_started = true;
            a.regions.push_back({role, p->box});
            a.block_ids.push_back(p->id);
            confidence += p->confidence * static_cast<double>(code_points(p->text).size());
            weight += static_cast<double>(code_points(p->text).size());
        }
        a.confidence = weight > 0 ? static_cast<float>(confidence / weight) : 0.0f;
        out.articles.push_back(std::move(a));
    };
    // A headline heading nothing is a section label, not an article; nor is one heading only
    // more display lines (the lines of an advert or a nameplate whose frame was not found).
    const auto heading_part = [](const Block* b) { return b->role == Role::Kicker || b->role == Role::Subtitle; };
    for (const Block* h : headlines)
        if (!std::ranges::all_of(members[h], heading_part)) make_article(h, members[h]);
    for (auto& group : untitled) make_article(nullptr, group);
    std::erase_if(out.articles, [](const Article& a) { return a.title.empty() && a.block_ids.size() == 0; });

    // Markers printed inside the body text: at the end of a body block's last line, or the
    // start of the first block.
    std::map<std::string, Block*> by_id;
    for (auto& b : blocks) by_id[b.id] = &b;
    for (auto& a : out.articles) {
        Block* first = nullptr;
        Block* last = nullptr;
        for (const auto& id : a.block_ids)
            if (by_id[id]->role == Role::Body) {
                if (!first) first = by_id[id];
                last = by_id[id];
            }
        // The jump is printed at the end of the article's last line; when the bottom lines were
        // broken into fragments, that line may sit in any of the body blocks.
        for (auto id = a.block_ids.rbegin(); id != a.block_ids.rend() && !a.continued_to; ++id) {
            Block& b = *by_id[*id];
            if (b.role != Role::Body || b.lines.empty()) continue;
            if (const auto m = find_marker(b.lines.back().text); m && m->forward) a.continued_to = PageRef{take_marker(b, true)->page};
        }
        // A byline set as the body's last line ("本报记者 孙云", flush right under the text).
        if (last && last->lines.size() > 1 && a.byline.empty()) {
            const Line& line = last->lines.back();
            Block probe;
            probe.lines = {line};
            probe.text = line.text;
            if (code_points(line.text).size() <= 16 && looks_like_byline(probe) && line.text.find("本报讯") == std::string::npos) {
                a.byline = line.text;
                a.regions.push_back({Role::Byline, line.box});
                last->lines.pop_back();
                last->text = last->text.substr(0, last->text.rfind('\n'));
            }
        }
        if (first && !a.continued_from)
            if (auto m = take_marker(*first, false); m && !m->forward) a.continued_from = PageRef{m->page};
    }

    // Page order: the printed pages in their order; on each, tiers between rules across the page
    // top to bottom; within a tier, columns left to right (right to left where the tier's
    // articles are vertical), each top to bottom.
    int page_width = 0, page_height = 0;
    for (const auto& b : blocks) page_width = std::max(page_width, b.box.x1), page_height = std::max(page_height, b.box.y1);
    const std::vector<Box> pages = printed_areas.size() > 1 ? printed_areas : std::vector<Box>{{0, 0, page_width, page_height}};
    const auto page_of = [&](const Box& b) { return nearest_area(pages, b); };
    std::vector<Tiering> tiers(pages.size());
    for (const Block* r : rules) {
        const size_t k = page_of(r->box);
        if (r->direction == Direction::Horizontal && r->box.width() >= 0.6 * pages[k].width()) tiers[k].cuts.push_back(r->box.cy());
    }
    for (auto& t : tiers) std::sort(t.cuts.begin(), t.cuts.end());
    auto bounds = [](const Article& a) {
        Box b;
        for (const auto& r : a.regions) b = unite(b, r.box);
        return b;
    };
    const auto place = [&](const Box& b) {
        const size_t k = page_of(b);
        return std::pair{k, tiers[k].tier(b)};
    };
    std::map<std::pair<size_t, int>, int> vertical_votes;
    for (const auto& a : out.articles) vertical_votes[place(bounds(a))] += a.direction == Direction::Vertical ? 1 : -1;
    std::stable_sort(out.articles.begin(), out.articles.end(), [&](const Article& a, const Article& b) {
        const Box ba = bounds(a), bb = bounds(b);
        const auto pa = place(ba), pb = place(bb);
        if (pa != pb) return pa < pb;
        const bool rtl = vertical_votes[pa] > 0;
        if (x_overlap(ba, bb) > 0.5 * std::min(ba.width(), bb.width())) return ba.y0 < bb.y0;
        return rtl ? ba.x1 > bb.x1 : ba.x0 < bb.x0;
    });
    for (size_t i = 0; i < out.articles.size(); ++i) out.articles[i].id = "a" + std::to_string(i + 1);

    // Captions: to the nearest photo, and to that photo's article.
    for (const auto& b : blocks) {
        if (b.role != Role::Caption || b.text.empty()) continue;
        Caption c{one_line(b), b.box, std::nullopt};
        const Block* photo = nullptr;
        double best = std::numeric_limits<double>::max();
        for (const Block* p : photos) {
            const double d = std::hypot(p->box.cx() - b.box.cx(), p->box.cy() - b.box.cy());
            if (d < best) best = d, photo = p;
        }
        if (photo) {
            // The photo's article: the one whose blocks lie nearest the photo.
            double nearest = std::numeric_limits<double>::max();
            for (const auto& a : out.articles)
                for (const auto& r : a.regions) {
                    const double dx = std::max({0, r.box.x0 - photo->box.x1, photo->box.x0 - r.box.x1});
                    const double dy = std::max({0, r.box.y0 - photo->box.y1, photo->box.y0 - r.box.y1});
                    if (!separated(r.box, photo->box, rules) && std::hypot(dx, dy) < nearest) nearest = std::hypot(dx, dy), c.article_id = a.id;
                }
        }
        out.captions.push_back(std::move(c));
    }
    // The printed page number: "第5版" in the folio or the header band.
    for (const auto& b : blocks) {
        if (b.role != Role::Folio && b.role != Role::Header) continue;
        const auto cps = code_points(b.text);
        for (size_t i = 0; i + 2 < cps.size() && !out.printed_page; ++i) {
            if (cps[i] != U'第') continue;
            int n = 0;
            size_t j = i + 1;
            while (j < cps.size() && cps[j] >= U'0' && cps[j] <= U'9') n = n * 10 + static_cast<int>(cps[j++] - U'0');
            if (j > i + 1 && j < cps.size() && cps[j] == U'版') out.printed_page = n;
        }
    }
    std::erase_if(blocks, [](const Block& b) { return b.box.empty(); });
    out.blocks = std::move(blocks);
    return out;
}

Issue link_issue(std::vector<Page> pages) {
    Issue issue;
    // Continuations: a "continued on page N" article joins the "continued from" article on
    // page N whose title shares the most characters with its own.
    std::vector<std::pair<size_t, size_t>> order;  // (page index, article index)
    for (size_t p = 0; p < pages.size(); ++p)
        for (size_t a = 0; a < pages[p].articles.size(); ++a) order.emplace_back(p, a);
    std::map<std::pair<size_t, size_t>, bool> consumed;
    auto shared_chars = [](const std::string& x, const std::string& y) {
        std::map<char32_t, int> count;
        for (char32_t c : code_points(x)) ++count[c];
        int n = 0;
        for (char32_t c : code_points(y))
            if (count[c]-- > 0) ++n;
        return n;
    };
    for (const auto& [p, a] : order) {
        if (consumed[{p, a}]) continue;
        Article joined = pages[p].articles[a];
        size_t page_index = p;
        while (joined.continued_to) {
            const int target = joined.continued_to->page;
            std::optional<std::pair<size_t, size_t>> best;
            int best_score = -1;
            for (size_t q = 0; q < pages.size(); ++q) {
                const int number = pages[q].printed_page ? pages[q].printed_page : static_cast<int>(q) + 1;
                if (number != target) continue;
                if (q == page_index) continue;
                for (size_t k = 0; k < pages[q].articles.size(); ++k) {
                    const Article& c = pages[q].articles[k];
                    if (!c.continued_from || consumed[{q, k}]) continue;
                    const int score = shared_chars(joined.title, c.title);
                    if (score > best_score) best_score = score, best = std::pair(q, k);
                }
            }
            if (!best) break;
            consumed[*best] = true;
            const Article& next = pages[best->first].articles[best->second];
            joined.paragraphs.insert(joined.paragraphs.end(), next.paragraphs.begin(), next.paragraphs.end());
            joined.continued_to = next.continued_to;
            page_index = best->first;
        }
        joined.id = "p" + std::to_string(pages[p].printed_page ? pages[p].printed_page : static_cast<int>(p) + 1) + "-" + joined.id;
        issue.articles.push_back(std::move(joined));
    }
    issue.pages = std::move(pages);
    return issue;
}

}  // namespace newsocr
