#include "tools/text/normalize.h"

#include <array>
#include <utility>

namespace ptmcp::tools::text {

std::string normalize_punctuation(std::string_view utf8) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kFolds = {{
      {"\xE2\x80\x98", "'"},    // left single quote
      {"\xE2\x80\x99", "'"},    // right single quote, apostrophe
      {"\xE2\x80\x9C", "\""},   // left double quote
      {"\xE2\x80\x9D", "\""},   // right double quote
      {"\xE2\x80\x93", "-"},    // en dash
      {"\xE2\x80\x94", "-"},    // em dash
      {"\xE2\x80\x92", "-"},    // figure dash
      {"\xE2\x88\x92", "-"},    // minus sign
      {"\xE2\x80\xA6", "..."},  // ellipsis
      {"\xC2\xA0", " "},        // non-breaking space
      {"\xE2\x80\x8B", ""},     // zero-width space
      {"\xE2\x80\xAF", " "},    // narrow non-breaking space
  }};
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    bool folded = false;
    if (static_cast<unsigned char>(utf8[i]) >= 0x80) {
      for (const auto& [from, to] : kFolds) {
        if (utf8.substr(i, from.size()) == from) {
          out += to;
          i += from.size();
          folded = true;
          break;
        }
      }
    }
    if (!folded) out += utf8[i++];
  }
  return out;
}

}  // namespace ptmcp::tools::text
