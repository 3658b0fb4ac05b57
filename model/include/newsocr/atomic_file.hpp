// Files as the runs use them. Output files are written whole or not at all: a temporary
// file beside the target, flushed, then renamed over it, so a killed run never leaves a
// half-written output.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace newsocr {

// The whole content of a file; throws std::runtime_error naming the file when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// This machine's name, as records and temporary files tell who wrote them ("" when unknown).
std::string host_name();

// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Temporary files have this suffix, after the host and process that wrote them; a batch
// run removes leftovers of killed runs.
inline constexpr std::string_view kTempSuffix = ".newsocr-tmp";

// Removes temporary files under `dir` left by processes of this host that are gone (and
// those of other hosts, sharing the folder, older than a day). Returns how many.
int remove_stale_temp_files(const std::filesystem::path& dir);

}  // namespace newsocr
