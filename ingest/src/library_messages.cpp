#include "library_messages.hpp"

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-global.h>

#include <algorithm>

namespace newsocr {

namespace {

thread_local LibraryMessages* current = nullptr;

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

// Leptonica and Poppler have one process-wide handler each; it hands the message to the
// collector of the calling thread.
struct RouteLibraryMessages {
    RouteLibraryMessages() {
        setMsgSeverity(L_SEVERITY_WARNING);
        leptSetStderrHandler([](const char* text) { LibraryMessages::add("leptonica: " + trimmed(text)); });
        poppler::set_debug_error_function([](const std::string& text, void*) { LibraryMessages::add("poppler: " + trimmed(text)); },
                                          nullptr);
    }
};
const RouteLibraryMessages route_library_messages;

}  // namespace

LibraryMessages::LibraryMessages() : outer_(current) { current = this; }

LibraryMessages::~LibraryMessages() { current = outer_; }

void LibraryMessages::add(std::string message) {
    // A damaged file can make a library repeat itself thousands of times; a few say it.
    constexpr size_t kKept = 20;
    if (!current || message.empty() || current->messages_.size() >= kKept) return;
    if (std::find(current->messages_.begin(), current->messages_.end(), message) == current->messages_.end())
        current->messages_.push_back(std::move(message));
}

std::string LibraryMessages::summary() const {
    if (messages_.empty()) return "";
    std::string out = " (";
    for (size_t i = 0; i < messages_.size() && i < 3; ++i) out += (i ? "; " : "") + messages_[i];
    return out + ")";
}

}  // namespace newsocr
