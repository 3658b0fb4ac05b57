#include "newsocr/layout.hpp"

#include <algorithm>
#include <string>

#include <opencv2/imgproc.hpp>

#include "layout_parts.hpp"

namespace newsocr {

using namespace layout_parts;

PageLayout analyse_layout(const PreprocessedPage& page, const LayoutOptions& options) {
    const cv::Mat& binary = page.binary;
    std::vector<Separator> separators = find_separators(binary, page.dpi, options);
    std::vector<Box> photos = options.detect_photos ? find_photos(page.gray, page.dpi, separators) : std::vector<Box>{};

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
        const int length = std::max(g.width(), g.height());
        const bool longer_than_type = length > kMaxGlyph * page_glyph;
        const int thickness = std::min(g.width(), g.height());
        const bool thin = thickness <= 0.5 * page_glyph;
        // Rules the rule finder passed over: a heavy or double rule (the side of an advert's
        // frame), as solid as a photo and no thicker than type; a hairline several glyphs long
        // (a faint rule between a serial's columns, broken on film), thinner than any stroke of
        // type that long. Either runs unbroken along its length.
        const bool heavy_rule = longer_than_type && thickness <= 3 * page_glyph && length >= 8 * thickness;
        const bool hairline = thickness <= 0.35 * page_glyph && length >= 3 * page_glyph;
        if ((heavy_rule || hairline) && unbroken_along(labels, static_cast<int>(i) + 1, g)) {
            separators.push_back({g, g.height() > g.width()});
            continue;
        }
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
    int area_index = 0;
    for (const auto& area : fenced_areas(ids, glyphs, separators, binary.size(), static_cast<int>(page_glyph))) {
        std::vector<TextGroup> found = cut_into_groups(glyphs, separators, area);
        for (auto& g : found) g.area = area_index;
        ++area_index;
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
    // Nothing outside the printed area is part of the page. A word of the running head or the
    // folio is too sparse to say where the area ends: text may lie two glyphs beyond it;
    // frames and photos, padded apart from the text, six.
    const double glyph_size = body_type > 0 ? body_type : page_glyph;
    const Box printed = printed_area(glyphs, groups, glyph_size, binary.size());
    const auto grown = [&](double glyphs_out) {
        const int d = static_cast<int>(glyphs_out * glyph_size);
        return Box{printed.x0 - d, printed.y0 - d, printed.x1 + d, printed.y1 + d};
    };
    const Box text_area = grown(2), picture_area = grown(6);
    std::erase_if(groups, [&](const TextGroup& g) { return outside(g.box, text_area); });
    std::erase_if(photos, [&](const Box& p) { return outside(p, picture_area); });
    std::erase_if(separators, [&](const Separator& s) { return outside(s.box, picture_area); });
    // Each printed page has its own furniture, found on its sheet: the image, or its half of a fold.
    std::vector<Box> pages = printed_pages(printed, separators);
    std::vector<Furniture> furniture;
    for (size_t k = 0; k < pages.size(); ++k) {
        const int x0 = k == 0 ? 0 : (pages[k - 1].x1 + pages[k].x0) / 2;
        const int x1 = k + 1 == pages.size() ? binary.cols : (pages[k].x1 + pages[k + 1].x0) / 2;
        furniture.push_back(furniture_limits(separators, {x0, 0, x1, binary.rows}, pages[k], body));
    }
    const std::vector<bool> advert = advert_areas(groups, glyphs, separators, body_type, options.headline_size_ratio);

    std::vector<Block> blocks;
    for (const auto& g : groups) {
        Block b;
        const bool in_advert = advert[g.area];
        const Furniture& f = furniture[nearest_area(pages, g.box)];
        b.direction = g.direction;
        b.box = g.box;
        b.font_size = static_cast<float>(line_thickness(g));
        const double ratio = body > 0 ? b.font_size / body : 1.0;
        // Headlines and subtitles are set in larger type, not only in a larger line box (two
        // columns run together, a sliver of a photo's edge taken in).
        const bool larger_type = body_type <= 0 || group_type_size(g) >= options.subtitle_size_ratio * body_type;
        if (b.box.y1 <= f.top || b.box.x1 <= f.left || b.box.x0 >= f.right) b.role = Role::Header;
        else if (b.box.y0 >= f.bottom) b.role = Role::Folio;
        else if (in_advert) b.role = Role::Advert;
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
    // Pages of vertical text are read from the right.
    size_t vertical = 0, horizontal = 0;
    for (const auto& g : groups) (g.direction == Direction::Vertical ? vertical : horizontal) += g.glyphs.size();
    if (vertical > horizontal) std::reverse(pages.begin(), pages.end());
    return {std::move(blocks), std::move(pages)};
}

}  // namespace newsocr
