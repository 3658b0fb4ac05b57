// Postprocessing: printed lines broken at the column width become paragraphs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "newsocr/model.hpp"

namespace newsocr {

struct ParagraphOptions {
    bool normalise_punctuation = false;  // full-width punctuation in CJK context
    // Bare text only: a sentence ending exactly at the column edge ends the paragraph once
    // it has this many characters (about a news paragraph's median length), since geometry
    // cannot tell such a break from a sentence end inside the paragraph.
    int typical_paragraph = 125;
};

// Appends the next printed line to its paragraph: CJK with no space, Latin with one space,
// a Latin word hyphenated at the line end (or broken at a soft hyphen) rejoined. Time linear
// in `line`, so a paragraph of any number of lines is built in linear time.
void append_line(std::string& paragraph, std::string_view line);

// Paragraphs of a run of printed lines in reading order, from their geometry: a paragraph
// starts at an indented line or after a line that ends short of the column edge.
std::vector<std::string> paragraphs_from_lines(const std::vector<Line>& lines, Direction direction,
                                               const ParagraphOptions& options);

// Paragraphs of bare text broken at a column width (OCR output of other tools): the width
// is inferred from the line lengths (CJK counted two columns wide); a paragraph ends at a
// line clearly short of it, before an indented line, and at a blank line unless blank lines
// follow every line. Headings, bylines, jump markers and list items keep their own lines.
std::vector<std::string> rejoin_text(std::string_view text, const ParagraphOptions& options);

// Half-width punctuation in CJK context made full-width ("，" for "," between Han
// characters); digits, decimals and Latin text keep theirs.
std::string normalise_punctuation(std::string_view text);

// Fills each article's paragraphs from the body blocks it was built from, in their order; a
// paragraph runs on from one block to the next when the first ends on a full line.
void fill_paragraphs(std::vector<Article>& articles, const std::vector<Block>& blocks, const ParagraphOptions& options);

}  // namespace newsocr
