#include "newsocr/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace newsocr {

namespace {
std::runtime_error write_error(const std::filesystem::path& path, const char* what) {
    return std::runtime_error(path.string() + ": cannot write (" + what + ": " + std::strerror(errno) + ")");
}
}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
    static std::atomic<unsigned> counter{0};
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::filesystem::path tmp = path;
    tmp += "." + std::to_string(::getpid()) + "-" + std::to_string(counter++) + std::string(kTempSuffix);

    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw write_error(path, "open");
    const char* data = content.data();
    size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            const auto err = write_error(path, "write");
            ::close(fd);
            ::unlink(tmp.c_str());
            throw err;
        }
        data += n;
        left -= static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const auto err = write_error(path, "fsync");
        ::unlink(tmp.c_str());
        throw err;
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const auto err = write_error(path, "rename");
        ::unlink(tmp.c_str());
        throw err;
    }
}

}  // namespace newsocr
