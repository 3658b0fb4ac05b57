#include "newsocr/manifest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "newsocr/atomic_file.hpp"
#include "newsocr/page_json.hpp"

namespace newsocr {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const fs::path kRecordDir = fs::path(".newsocr") / "pages";

// RAII for OpenSSL's digest context.
struct DigestContext {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    DigestContext() {
        if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 unavailable");
    }
    void update(const void* data, size_t size) { EVP_DigestUpdate(ctx.get(), data, size); }
    std::string hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        EVP_DigestFinal_ex(ctx.get(), digest, &size);
        static const char* kHex = "0123456789abcdef";
        std::string out;
        for (unsigned i = 0; i < size; ++i) out += {kHex[digest[i] >> 4], kHex[digest[i] & 15]};
        return out;
    }
};

}  // namespace

std::string sha256_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot open file for reading");
    DigestContext digest;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        digest.update(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) throw std::runtime_error(file.string() + ": read error");
    return digest.hex();
}

std::string sha256_text(std::string_view text) {
    DigestContext digest;
    digest.update(text.data(), text.size());
    return digest.hex();
}

fs::path record_path(const fs::path& out_dir, const std::string& stem) { return out_dir / kRecordDir / (stem + ".json"); }

void write_record(const fs::path& out_dir, const PageRecord& record) {
    write_file_atomic(record_path(out_dir, record.stem), to_json(record).dump(1) + "\n");
}

std::optional<PageRecord> read_record(const fs::path& out_dir, const std::string& stem) {
    std::ifstream in(record_path(out_dir, stem));
    if (!in) return std::nullopt;
    try {
        return page_record_from_json(json::parse(in));
    } catch (const std::exception&) {
        return std::nullopt;  // unreadable: the page is redone
    }
}

std::vector<PageRecord> read_records(const fs::path& out_dir) {
    std::vector<PageRecord> out;
    const fs::path dir = out_dir / kRecordDir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
        if (!e.is_regular_file() || e.path().extension() != ".json") continue;
        try {
            std::ifstream in(e.path());
            out.push_back(page_record_from_json(json::parse(in)));
        } catch (const std::exception&) {
        }
    }
    std::sort(out.begin(), out.end(), [](const PageRecord& a, const PageRecord& b) { return a.stem < b.stem; });
    return out;
}

bool up_to_date(const PageRecord& record, const fs::path& out_dir, const std::string& input_hash, const std::string& options_hash,
                const std::string& version) {
    if (!record.ok || record.input_hash != input_hash || record.options_hash != options_hash || record.version != version) return false;
    std::error_code ec;
    return std::all_of(record.outputs.begin(), record.outputs.end(), [&](const std::string& o) { return fs::is_regular_file(out_dir / o, ec); });
}

void write_manifest(const fs::path& out_dir, const std::vector<PageRecord>& records, const std::string& version) {
    json pages = json::array();
    for (const auto& r : records) pages.push_back(to_json(r));
    const auto ok = std::count_if(records.begin(), records.end(), [](const PageRecord& r) { return r.ok; });
    const json manifest = {{"newsocr_version", version},
                           {"updated", utc_now()},
                           {"pages_ok", ok},
                           {"pages_failed", static_cast<long>(records.size()) - ok},
                           {"pages", pages}};
    write_file_atomic(out_dir / "manifest.json", manifest.dump(1) + "\n");
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

}  // namespace newsocr
