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
};

struct JargonFinding {
  const JargonEntry* entry = nullptr;
  std::string matched;  // the words as written in the text
  std::size_t offset = 0;
};

// The dictionary, loaded once from the embedded data. Thread-safe.
const std::vector<JargonEntry>& jargon_dictionary();

// Every jargon term in `text`, in order of appearance; where forms overlap ("straight leg
// raise" and "leg"), the longest match wins.
std::vector<JargonFinding> find_jargon(std::string_view text);

}  // namespace ptmcp::tools::text
