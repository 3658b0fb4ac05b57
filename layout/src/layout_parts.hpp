// Parts of layout analysis shared by its stages (glyphs, cuts, merging, roles). Internal to
// the layout library.
#pragma once

#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "newsocr/layout.hpp"

namespace newsocr::layout_parts {

// The value `share` of the way up the sorted values (the upper one of a middle pair); 0 for none.
double quantile(std::vector<double> v, double share);

double median(std::vector<double> v);

// The size of whole glyphs among glyph components: the upper quartile of their larger
// sides, because CJK characters, and type whose thin strokes a scan loses, fall apart into
// radicals, dots and strokes smaller than the character, never larger.
double whole_glyph_size(const std::vector<double>& component_sizes);

// ---------------------------------------------------------------- glyphs (glyphs.cpp)

// Connected components of the text mask: glyphs or glyph parts. `labels` holds component
// i + 1 for box i.
std::vector<Box> glyph_boxes(const cv::Mat& text_mask, cv::Mat& labels);

// The sides of a component far larger than any glyph along which its ink runs: the frame of
// a boxed story or advert (whole or in part). They bound text like any rule. Nothing when
// the component fills its inside too: a drawing or a piece of a photo.
std::optional<std::vector<Separator>> frame_sides(const cv::Mat& labels, int label, const Box& b, int band);
// Whether a component runs unbroken along its length in at least one line of pixels: a rule,
// however heavy, doubled or fringed with ornament; touching glyphs leave gaps in every line.
bool unbroken_along(const cv::Mat& labels, int label, const Box& b);

// Glyphs grouped by the page area the rules fence them into. Text never runs across a rule,
// so each area is cut on its own: on pages ruled into a grid (adverts, boxed stories) no
// single gap or rule crosses the whole page. Rules are drawn `reach` longer at both ends to
// close the corners they nearly meet.
std::vector<std::vector<int>> fenced_areas(const std::vector<int>& ids, const std::vector<Box>& glyphs,
                                           const std::vector<Separator>& separators, cv::Size size, int reach);

// ---------------------------------------------------------------- text groups

// A group of glyphs that the cuts produced: a line (or column) of text, or a run of lines.
struct TextGroup {
    std::vector<int> glyphs;
    int area = 0;  // the fenced area it was cut from
    Box box;
    Direction direction = Direction::Horizontal;
    std::vector<Box> lines;  // the printed lines (columns for vertical text)
};

// Gaps inside one printed line, in glyph sizes, stay below this.
constexpr double kLineGap = 1.8;

// No glyph component is this many times the page's typical glyph size (mastheads reach ten).
constexpr double kMaxGlyph = 14;

// ---------------------------------------------------------------- recursive cuts (segmenter.cpp)

// The glyphs `ids` of one fenced area cut at gaps, recursively, into lines and runs of lines.
std::vector<TextGroup> cut_into_groups(const std::vector<Box>& glyphs, const std::vector<Separator>& separators,
                                       const std::vector<int>& ids);

// ---------------------------------------------------------------- merging (merging.cpp)

// Lines the cuts left apart join the group they continue. `lines_only`: join only pieces
// of one printed line (done first, so that a line parted at a wide word space is whole
// before lines are stacked into blocks).
void merge_continuations(std::vector<TextGroup>& groups, const std::vector<Separator>& separators, bool lines_only = false);

// Pieces of lines the cuts left on their own (next to a quote, a digit group, a wide
// punctuation gap) join the line of a larger block they continue, or sit inside.
void absorb_fragments(std::vector<TextGroup>& groups, const std::vector<Separator>& separators);

// ---------------------------------------------------------------- printed area (printed_area.cpp)

// The part of the image the page is printed on, from where its glyphs (`groups`' among
// `glyphs`, whole glyphs of about `glyph_size`) run densely: not the film around a microfilmed
// page, its margins, or the dust on them.
Box printed_area(const std::vector<Box>& glyphs, const std::vector<TextGroup>& groups, double glyph_size, cv::Size page);

// The printed pages inside the printed area: the area itself, or, when it is far wider than
// high (newspaper pages are upright), the two pages of a fold either side of the rule down
// the gutter between them: the rule down the whole print in its middle third nearest the
// middle. (A white gutter alone is not enough: the gutters between columns are as white.)
// Left to right.
std::vector<Box> printed_pages(const Box& printed, const std::vector<Separator>& separators);

// Whether most of `b` lies outside `area`.
bool outside(const Box& b, const Box& area);

// ---------------------------------------------------------------- roles (roles.cpp)

double line_thickness(const TextGroup& g);

// Size of a group's type from its glyphs, which a line box grown by two columns run together
// or a sliver of a photo's edge does not change.
double type_size(const TextGroup& g, const std::vector<Box>& glyphs);

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

// Where the page's furniture begins: text above `top` is the running head, below `bottom`
// the folio, left of `left` or right of `right` the margins.
struct Furniture {
    int top, bottom, left, right;
};

// Rules across the sheet a page is printed on (the image, or its half of a fold) near its top
// and bottom fence off masthead and folio; rules down the page near the sides of its
// printed area fence off its margins.
Furniture furniture_limits(const std::vector<Separator>& separators, const Box& sheet, const Box& printed, double body);

// Whether rules run along all four sides of `b`, within `reach` outside it.
bool framed(const Box& b, const std::vector<Separator>& separators, double reach);

// Adverts: areas framed by rules on every side whose text is set mostly in display type:
// more than half its ink in type `display_ratio` times the body's or larger. A headline
// framed on its own is none: two lines or fewer, no more than two lines of its type across
// (the cuts may leave an advert's text one group of one line). One entry per fenced area (TextGroup::area).
std::vector<bool> advert_areas(const std::vector<TextGroup>& groups, const std::vector<Box>& glyphs, const std::vector<Separator>& separators,
                               double body_type, double display_ratio);

// Whether a text block sits beside one of the photos, within `s` pixels: a caption's place.
bool next_to_photo(const Box& b, const std::vector<Box>& photos, double s);

}  // namespace newsocr::layout_parts
