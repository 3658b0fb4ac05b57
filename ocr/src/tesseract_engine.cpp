#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <memory>
#include <stdexcept>

#include "newsocr/ocr.hpp"
#include "newsocr/pix.hpp"

namespace newsocr {

namespace {

class TesseractEngine final : public OcrEngine {
public:
    explicit TesseractEngine(const OcrOptions& options) {
        const char* datapath = options.tessdata_dir.empty() ? nullptr : options.tessdata_dir.c_str();
        if (api_.Init(datapath, options.languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
            throw std::runtime_error("Tesseract cannot load language \"" + options.languages + "\"");
    }
    ~TesseractEngine() override { api_.End(); }

    void read_block(const cv::Mat& gray, int dpi, Block& block) override {
        const cv::Rect r = cv::Rect(block.box.x0, block.box.y0, block.box.width(), block.box.height()) &
                           cv::Rect(0, 0, gray.cols, gray.rows);
        if (r.area() == 0) return;
        PixPtr pix = gray_to_pix(gray(r).clone());
        api_.SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
        api_.SetImage(pix.get());
        api_.SetSourceResolution(dpi);
        if (api_.Recognize(nullptr) != 0) return;
        block.lines.clear();
        std::unique_ptr<tesseract::ResultIterator> it(api_.GetIterator());
        if (!it) return;
        do {
            if (it->Empty(tesseract::RIL_TEXTLINE)) continue;
            Line line;
            int x0, y0, x1, y1;
            it->BoundingBox(tesseract::RIL_TEXTLINE, &x0, &y0, &x1, &y1);
            line.box = {r.x + x0, r.y + y0, r.x + x1, r.y + y1};
            line.confidence = it->Confidence(tesseract::RIL_TEXTLINE) / 100.0f;
            std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_TEXTLINE));
            line.text = text ? text.get() : "";
            while (!line.text.empty() && (line.text.back() == '\n' || line.text.back() == ' ')) line.text.pop_back();
            block.lines.push_back(std::move(line));
        } while (it->Next(tesseract::RIL_TEXTLINE));
        block.text.clear();
        float sum = 0;
        for (const auto& l : block.lines) {
            block.text += (block.text.empty() ? "" : "\n") + l.text;
            sum += l.confidence;
        }
        block.confidence = block.lines.empty() ? 0.0f : sum / block.lines.size();
    }

private:
    tesseract::TessBaseAPI api_;
};

}  // namespace

std::unique_ptr<OcrEngine> make_tesseract_engine(const OcrOptions& options) {
    return std::make_unique<TesseractEngine>(options);
}

void read_text(const cv::Mat& upright_gray, int dpi, std::vector<Block>& blocks, OcrEngine& engine) {
    for (auto& b : blocks)
        if (b.role != Role::Photo && b.role != Role::Separator) engine.read_block(upright_gray, dpi, b);
}

}  // namespace newsocr
