// What the C libraries behind ingest (libtiff, Leptonica, Poppler) say while a file is read:
// kept for the page's record and error instead of going to stderr or nowhere.
#pragma once

#include <string>
#include <vector>

namespace newsocr {

// Collects, while alive, the messages the libraries give on this thread (each worker reads
// its own files, so the messages of one file never mix with another's).
class LibraryMessages {
public:
    LibraryMessages();
    ~LibraryMessages();
    LibraryMessages(const LibraryMessages&) = delete;
    LibraryMessages& operator=(const LibraryMessages&) = delete;

    const std::vector<std::string>& messages() const { return messages_; }
    // " (libtiff: a; b)" for an error message, or "" when nothing was said.
    std::string summary() const;

    // Called by the libraries' handlers; dropped when no collector is alive on this thread.
    static void add(std::string message);

private:
    std::vector<std::string> messages_;
    LibraryMessages* outer_;
};

}  // namespace newsocr
