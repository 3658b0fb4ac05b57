#include "newsocr/model.hpp"

#include <array>
#include <limits>
#include <utility>

namespace newsocr {

Box unite(const Box& a, const Box& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

Box intersect(const Box& a, const Box& b) {
    Box r{std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
    return r.empty() ? Box{} : r;
}

double iou(const Box& a, const Box& b) {
    const double inter = static_cast<double>(intersect(a, b).area());
    const double uni = static_cast<double>(a.area() + b.area()) - inter;
    return uni > 0 ? inter / uni : 0.0;
}

size_t nearest_area(const std::vector<Box>& areas, const Box& b) {
    size_t nearest = 0;
    int best = std::numeric_limits<int>::max();
    for (size_t k = 0; k < areas.size(); ++k) {
        const int d = std::max({0, areas[k].x0 - b.cx(), b.cx() - areas[k].x1});
        if (d < best) best = d, nearest = k;
    }
    return nearest;
}

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 12> kRoleNames{{
    {Role::Headline, "headline"}, {Role::Subtitle, "subtitle"}, {Role::Kicker, "kicker"}, {Role::Byline, "byline"},
    {Role::Body, "body"}, {Role::Caption, "caption"}, {Role::Photo, "photo"},
    {Role::Separator, "separator"}, {Role::Header, "header"}, {Role::Folio, "folio"},
    {Role::Advert, "advert"}, {Role::Marker, "marker"},
}};
}  // namespace

std::string_view to_string(Direction d) { return d == Direction::Vertical ? "vertical" : "horizontal"; }

std::string_view to_string(Role r) {
    for (const auto& [role, name] : kRoleNames)
        if (role == r) return name;
    return "body";
}

std::string_view to_string(TextSource s) { return s == TextSource::PdfText ? "pdf-text" : "ocr"; }

std::optional<Direction> parse_direction(std::string_view s) {
    if (s == "horizontal") return Direction::Horizontal;
    if (s == "vertical") return Direction::Vertical;
    return std::nullopt;
}

std::optional<Role> parse_role(std::string_view s) {
    for (const auto& [role, name] : kRoleNames)
        if (name == s) return role;
    return std::nullopt;
}

}  // namespace newsocr
