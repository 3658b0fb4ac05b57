// Output files are written whole or not at all: a temporary file beside the target,
// flushed, then renamed over it, so a killed run never leaves a half-written output.
#pragma once

#include <filesystem>
#include <string_view>

namespace newsocr {

// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Temporary files have this suffix (with a unique part before it); a batch run removes
// leftovers of a killed run.
inline constexpr std::string_view kTempSuffix = ".newsocr-tmp";

}  // namespace newsocr
