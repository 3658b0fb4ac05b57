// The page JSON: newsocr's contract with tools outside the project (see README, "Page JSON").
#pragma once

#include <nlohmann/json.hpp>

#include "newsocr/model.hpp"

namespace newsocr {

nlohmann::json to_json(const Box& b);
nlohmann::json to_json(const Article& a);
nlohmann::json to_json(const Block& b);
nlohmann::json to_json(const Page& p);
nlohmann::json to_json(const Issue& issue);  // pages by source and number, joined articles
nlohmann::json to_json(const PageRecord& r);

// Reads what to_json wrote; throws std::runtime_error naming the field on malformed input.
Box box_from_json(const nlohmann::json& j);
Page page_from_json(const nlohmann::json& j);
PageRecord page_record_from_json(const nlohmann::json& j);

}  // namespace newsocr
