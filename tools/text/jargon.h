// The jargon dictionary (data/text/jargon.json): clinical terms patients may not know, each
// with a plain substitute, found as whole words and case-insensitively.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::tools::text {

enum class JargonSeverity { kWarning, kError };

struct JargonEntry {
  std::string term;
  std::vector<std::string> variants;
  std::string plain;
  // kError: a bare clinical name or abbreviation ("Quad sets", "SLR") that may not stand
  // as a patient-facing exercise name. Inside running text every term is a warning.
  JargonSeverity severity = JargonSeverity::kWarning;
  // Words that, just before the term, give it its everyday sense: "ER" is external rotation,
  // but "the ER" is the emergency room.
  std::vector<std::string> not_after;
};

struct JargonFinding {
  const JargonEntry* entry = nullptr;
  std::string matched;  // the words as written in the text
  std::size_t offset = 0;
};

// A language's dictionary (data/text/jargon.json for English, data/text/jargon_<lang>.json
// for another; English where a language has none), loaded once. Thread-safe.
const std::vector<JargonEntry>& jargon_dictionary(std::string_view language = "en");

// Every jargon term of `language` in `text`, in order of appearance, matched with case and
// accents folded ("FLEXION" is "flexión"); where forms overlap ("straight leg raise" and
// "leg"), the longest match wins.
std::vector<JargonFinding> find_jargon(std::string_view text, std::string_view language = "en");

// An all-capital word of 2 to 4 letters that is neither in the dictionary nor a plain word
// written in capitals ("Text DONE"): it may be an abbreviation. Lines written all in capitals
// (headings) are left out.
struct AbbreviationFinding {
  std::string token;
  std::size_t offset = 0;
};
std::vector<AbbreviationFinding> find_unknown_abbreviations(std::string_view text,
                                                            std::string_view language = "en");

// How much of a text is abbreviations and clinic shorthand ("B UE ER w/ RTB 2x15"): a grade
// formula reads such tokens as short, easy words, so a text made mostly of them has no
// measurable grade level. Numbers alone are neither words nor shorthand here.
struct Shorthand {
  int words = 0;
  int shorthand = 0;
  bool mostly() const { return words >= 8 && shorthand * 2 >= words; }
};
Shorthand measure_shorthand(std::string_view text);

}  // namespace ptmcp::tools::text
