#include "newsocr/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace newsocr {

namespace {

// The host part of temporary file names.
std::string temp_host() {
    std::string s = host_name();
    if (s.empty()) return "localhost";
    std::replace(s.begin(), s.end(), '.', '_');  // the name is parsed back from between dots
    return s;
}

std::runtime_error write_error(const std::filesystem::path& path, const char* what) {
    return std::runtime_error(path.string() + ": cannot write (" + what + ": " + std::strerror(errno) + ")");
}
}  // namespace

std::string host_name() {
    char name[256] = {};
    return ::gethostname(name, sizeof name - 1) == 0 ? name : "";
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot open file for reading");
    std::string content{std::istreambuf_iterator<char>(in), {}};
    if (in.bad()) throw std::runtime_error(path.string() + ": read error");
    return content;
}

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
    static std::atomic<unsigned> counter{0};
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::filesystem::path tmp = path;
    tmp += "." + temp_host() + "." + std::to_string(::getpid()) + "-" + std::to_string(counter++) + std::string(kTempSuffix);

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

int remove_stale_temp_files(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return 0;
    const std::string here = temp_host();
    int removed = 0;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (ec || !name.ends_with(kTempSuffix)) continue;
        // <target>.<host>.<pid>-<n>.newsocr-tmp
        const std::string rest = name.substr(0, name.size() - kTempSuffix.size());
        const size_t pid_dot = rest.rfind('.'), host_dot = pid_dot == std::string::npos ? pid_dot : rest.rfind('.', pid_dot - 1);
        if (host_dot == std::string::npos) continue;
        const std::string host = rest.substr(host_dot + 1, pid_dot - host_dot - 1);
        const pid_t pid = static_cast<pid_t>(std::atol(rest.c_str() + pid_dot + 1));
        bool stale;
        if (host == here) {
            stale = pid <= 0 || (::kill(pid, 0) != 0 && errno == ESRCH);
        } else {
            const auto age = fs::file_time_type::clock::now() - fs::last_write_time(it->path(), ec);
            stale = !ec && age > std::chrono::hours(24);
        }
        if (stale && fs::remove(it->path(), ec)) ++removed;
    }
    return removed;
}

}  // namespace newsocr
