// The run manifest: for each input page, what produced its outputs and whether it is done.
// Each page's record is its own file under OUTDIR/.newsocr/pages/, written atomically after
// the page's outputs, so a run killed at any moment (or several shards writing at once)
// leaves only complete records; OUTDIR/manifest.json gathers them at the end of a run.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "newsocr/model.hpp"

namespace newsocr {

// Hex SHA-256 of a file's content / of a string. Throws naming the file when unreadable.
std::string sha256_file(const std::filesystem::path& file);
std::string sha256_text(std::string_view text);

std::filesystem::path record_path(const std::filesystem::path& out_dir, const std::string& stem);
void write_record(const std::filesystem::path& out_dir, const PageRecord& record);
std::optional<PageRecord> read_record(const std::filesystem::path& out_dir, const std::string& stem);
// Every record under OUTDIR, sorted by stem; unreadable ones are skipped.
std::vector<PageRecord> read_records(const std::filesystem::path& out_dir);

// The outputs of `record` still exist and it was made from the same input, options and version.
bool up_to_date(const PageRecord& record, const std::filesystem::path& out_dir, const std::string& input_hash,
                const std::string& options_hash, const std::string& version);

// OUTDIR/manifest.json from every record, atomically.
void write_manifest(const std::filesystem::path& out_dir, const std::vector<PageRecord>& records, const std::string& version);

std::string utc_now();

}  // namespace newsocr
