#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "newsocr/ocr.hpp"
#include "newsocr/pix.hpp"
#include "newsocr/text.hpp"

namespace newsocr {

namespace {

// "chi_sim+eng" -> "chi_sim_vert": the vertical models of the languages that have one.
std::string vertical_languages(const std::string& languages) {
    std::stringstream in(languages);
    std::string out;
    for (std::string lang; std::getline(in, lang, '+');) {
        if (lang == "chi_sim" || lang == "chi_tra" || lang == "jpn" || lang == "kor")
            out += (out.empty() ? "" : "+") + lang + "_vert";
    }
    return out.empty() ? languages : out;
}

struct TessDeleter {
    void operator()(tesseract::TessBaseAPI* api) const {
        api->End();
        delete api;
    }
};
using TessPtr = std::unique_ptr<tesseract::TessBaseAPI, TessDeleter>;

TessPtr make_api(const OcrOptions& options, const std::string& languages) {
    TessPtr api(new tesseract::TessBaseAPI());
    const char* datapath = options.tessdata_dir.empty() ? nullptr : options.tessdata_dir.c_str();
    if (api->Init(datapath, languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
        throw std::runtime_error("Tesseract cannot load language \"" + languages +
                                 "\" (install its tesseract-ocr-* package or set --tessdata)");
    api->SetVariable("debug_file", "/dev/null");
    return api;
}

// Quotation marks the models misread, put back as printed: the vertical models read the
// vertical quotes (﹁ ﹂) as ASCII brackets or as lenticular brackets (〖 〗), the horizontal
// ones read an opening quote in heavy type as a backtick ("`模塑申城'") and curly quotes
// beside Chinese characters as straight ones; none of these is printed in Chinese text.
// The marks of a block are paired in order.
void restore_quotes(Block& block) {
    const bool vertical = block.direction == Direction::Vertical;
    bool open = false;  // a quotation runs on over lines
    for (auto& line : block.lines) {
        // The line's characters in order, each with its word (a quote is often a word alone).
        std::vector<std::pair<size_t, char32_t>> chars;
        for (size_t w = 0; w < line.words.size(); ++w)
            for (char32_t c : code_points(line.words[w].text)) chars.emplace_back(w, c);
        bool changed = false;
        auto set = [&](char32_t& c, char32_t to) {
            c = to;
            open = to == U'“';
            changed = true;
        };
        for (size_t i = 0; i < chars.size(); ++i) {
            char32_t& c = chars[i].second;
            if (c == U'“' || c == U'”') {
                open = c == U'“';
            } else if (vertical) {
                if (c == U'[') set(c, U'“');
                else if (c == U']') set(c, U'”');
                else if (c == U'〖' || c == U'〗') set(c, open ? U'”' : U'“');
            } else if (c == U'`' && i + 1 < chars.size() && is_ideograph(chars[i + 1].second)) {
                set(c, U'“');
            } else if (open && (c == U'\'' || c == U'’')) {
                set(c, U'”');
            } else if (c == U'"' && ((i > 0 && is_ideograph(chars[i - 1].second)) ||
                                     (i + 1 < chars.size() && is_ideograph(chars[i + 1].second)))) {
                set(c, open ? U'”' : U'“');  // Chinese text prints curly quotes
            }
        }
        if (!changed) continue;
        for (auto& w : line.words) w.text.clear();
        for (const auto& [w, c] : chars) line.words[w].text += to_utf8(c);
    }
}

// Word confidence weighted by characters; 0 for nothing read.
double mean_confidence(const std::vector<Line>& lines) {
    double weighted = 0, chars = 0;
    for (const auto& line : lines)
        for (const auto& w : line.words) {
            const double n = static_cast<double>(code_points(w.text).size());
            weighted += w.confidence * n;
            chars += n;
        }
    return chars > 0 ? weighted / chars : 0.0;
}

size_t character_count(const std::vector<Line>& lines) {
    size_t n = 0;
    for (const auto& line : lines)
        for (const auto& w : line.words) n += code_points(w.text).size();
    return n;
}

// A headline read with at least this mean confidence is not read again at other sizes.
constexpr double kConfidentReading = 0.85;

class TesseractEngine final : public OcrEngine {
public:
    explicit TesseractEngine(const OcrOptions& options) : options_(options) {}

    void read_block(const cv::Mat& gray, int dpi, Block& block) override {
        const cv::Rect area = cv::Rect(block.box.x0, block.box.y0, block.box.width(), block.box.height()) &
                              cv::Rect(0, 0, gray.cols, gray.rows);
        if (area.area() == 0) return;
        // Tesseract reads best with glyphs of about 40 px. Headlines, in heavy display type
        // that the models know less well, are also read a size smaller and larger unless the
        // first reading is already confident, and the most confident reading kept.
        const double glyph = block.font_size > 0 ? block.font_size : dpi / 10.0;
        const bool vertical = block.direction == Direction::Vertical;
        // A block one glyph high is read as a single line; when that finds nothing (the glyph
        // size was misjudged and there are two lines), as a block.
        const bool one_line = !vertical && block.box.height() < 1.6 * glyph;
        auto read = [&](double target) {
            auto lines = read_at(gray, area, dpi, block, glyph, target, one_line);
            if (lines.empty() && one_line) lines = read_at(gray, area, dpi, block, glyph, target, false);
            return lines;
        };
        block.lines = read(40.0);
        // A headline block holds about (its area / glyph size squared) characters; a reading of
        // under half of them has lost a line.
        const double room = static_cast<double>(area.area()) / (glyph * glyph);
        const auto short_of_room = [room](const std::vector<Line>& lines) { return character_count(lines) < 0.5 * room; };
        if (double best = mean_confidence(block.lines);
            block.role == Role::Headline && (best < kConfidentReading || short_of_room(block.lines))) {
            for (const double target : {30.0, 52.0}) {
                auto lines = read(target);
                const size_t found = character_count(lines), kept = character_count(block.lines);
                // More of the headline read wins; as much of it read more surely, too.
                const bool more = short_of_room(block.lines) && found * 4 >= kept * 5;
                const bool as_much = found * 5 >= kept * 4;
                if (const double c = mean_confidence(lines); more || (as_much && c > best + 0.02)) {
                    best = c;
                    block.lines = std::move(lines);
                }
            }
        }
        restore_quotes(block);
        finish_block(block);
    }

    void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) override { deadline_ = deadline; }

private:
    // The lines of the block's area with glyphs scaled to `target` pixels, boxes in page pixels.
    std::vector<Line> read_at(const cv::Mat& gray, const cv::Rect& area, int dpi, const Block& block, double glyph, double target,
                              bool one_line) {
        const bool vertical = block.direction == Direction::Vertical;
        tesseract::TessBaseAPI& api = engine(vertical);
        const double scale = std::clamp(target / glyph, 0.5, 3.0);
        const int margin = static_cast<int>(std::ceil(glyph * 0.5));  // Tesseract wants a white margin
        cv::Mat crop(area.height + 2 * margin, area.width + 2 * margin, CV_8UC1, cv::Scalar(255));
        gray(area).copyTo(crop(cv::Rect(margin, margin, area.width, area.height)));
        cv::Mat scaled;
        cv::resize(crop, scaled, {}, scale, scale, scale > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
        PixPtr pix = gray_to_pix(scaled);

        api.SetPageSegMode(vertical ? tesseract::PSM_SINGLE_BLOCK_VERT_TEXT
                                    : one_line ? tesseract::PSM_SINGLE_LINE : tesseract::PSM_SINGLE_BLOCK);
        api.SetImage(pix.get());
        api.SetSourceResolution(static_cast<int>(dpi * scale));
        tesseract::ETEXT_DESC monitor;
        if (deadline_) monitor.set_deadline_msecs(std::max(1, static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                                   *deadline_ - std::chrono::steady_clock::now()).count())));
        std::vector<Line> lines;
        if (api.Recognize(&monitor) != 0) {
            if (deadline_ && std::chrono::steady_clock::now() >= *deadline_) throw OcrTimeout("OCR took longer than the page time limit");
            return lines;
        }

        // Boxes back into page pixels: undo the scale and the margin.
        auto to_page = [&](int x0, int y0, int x1, int y1) {
            auto px = [&](int v, int origin) { return origin + static_cast<int>(std::lround(v / scale)) - margin; };
            return Box{px(x0, area.x), px(y0, area.y), px(x1, area.x), px(y1, area.y)};
        };
        std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
        if (it) {
            do {
                if (it->Empty(tesseract::RIL_WORD)) continue;
                if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) || lines.empty()) {
                    Line line;
                    int x0, y0, x1, y1;
                    it->BoundingBox(tesseract::RIL_TEXTLINE, &x0, &y0, &x1, &y1);
                    line.box = to_page(x0, y0, x1, y1);
                    line.confidence = it->Confidence(tesseract::RIL_TEXTLINE) / 100.0f;
                    lines.push_back(std::move(line));
                }
                Word word;
                std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
                word.text = text ? text.get() : "";
                int x0, y0, x1, y1;
                it->BoundingBox(tesseract::RIL_WORD, &x0, &y0, &x1, &y1);
                word.box = to_page(x0, y0, x1, y1);
                word.confidence = it->Confidence(tesseract::RIL_WORD) / 100.0f;
                if (!word.text.empty()) lines.back().words.push_back(std::move(word));
            } while (it->Next(tesseract::RIL_WORD));
        }
        return lines;
    }

    tesseract::TessBaseAPI& engine(bool vertical) {
        TessPtr& api = vertical ? vertical_ : horizontal_;
        if (!api) api = make_api(options_, vertical ? vertical_languages(options_.languages) : options_.languages);
        return *api;
    }

    OcrOptions options_;
    TessPtr horizontal_, vertical_;  // each created on first use, then reused for every page
    std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace

void finish_block(Block& block) {
    block.text.clear();
    for (auto& line : block.lines) {
        line.text.clear();
        for (const auto& w : line.words) append_word(line.text, w.text);
        block.text += (block.text.empty() ? "" : "\n") + line.text;
    }
    std::erase_if(block.lines, [](const Line& l) { return l.text.empty(); });
    block.confidence = static_cast<float>(mean_confidence(block.lines));
}

std::unique_ptr<OcrEngine> make_tesseract_engine(const OcrOptions& options) {
    return std::make_unique<TesseractEngine>(options);
}

void read_text(const cv::Mat& upright_gray, int dpi, std::vector<Block>& blocks, OcrEngine& engine,
               std::optional<std::chrono::steady_clock::time_point> deadline) {
    engine.set_deadline(deadline);
    for (auto& b : blocks) {
        if (!holds_text(b.role)) continue;
        if (deadline && std::chrono::steady_clock::now() >= *deadline) throw OcrTimeout("OCR took longer than the page time limit");
        engine.read_block(upright_gray, dpi, b);
    }
}

}  // namespace newsocr
