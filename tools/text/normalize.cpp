#include "tools/text/normalize.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utility>

namespace ptmcp::tools::text {
namespace {

constexpr char32_t kInvalid = 0xFFFD;

// Accented Latin letters (Latin-1, Latin Extended-A and B, and the Vietnamese letters of
// Latin Extended Additional) by the base letters they fold to.
const std::unordered_map<char32_t, std::string_view>& accent_table() {
  static const std::unordered_map<char32_t, std::string_view> table = [] {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 52> kLetters = {{
        {"a", "àáâãäåāăąǎǟǡǻȁȃȧạảấầẩẫậắằẳẵặ"},
        {"A", "ÀÁÂÃÄÅĀĂĄǍǞǠǺȀȂȦẠẢẤẦẨẪẬẮẰẲẴẶ"},
        {"c", "çćĉċč"},
        {"C", "ÇĆĈĊČ"},
        {"d", "ďđð"},
        {"D", "ĎĐÐ"},
        {"e", "èéêëēĕėęěȅȇẹẻẽếềểễệ"},
        {"E", "ÈÉÊËĒĔĖĘĚȄȆẸẺẼẾỀỂỄỆ"},
        {"g", "ĝğġģǧ"},
        {"G", "ĜĞĠĢǦ"},
        {"h", "ĥħ"},
        {"H", "ĤĦ"},
        {"i", "ìíîïĩīĭįıǐȉȋịỉ"},
        {"I", "ÌÍÎÏĨĪĬĮİǏȈȊỊỈ"},
        {"j", "ĵ"},
        {"J", "Ĵ"},
        {"k", "ķǩ"},
        {"K", "ĶǨ"},
        {"l", "ĺļľŀł"},
        {"L", "ĹĻĽĿŁ"},
        {"n", "ñńņňŉǹ"},
        {"N", "ÑŃŅŇǸ"},
        {"o", "òóôõöøōŏőơǒǫȍȏȯọỏốồổỗộớờởỡợ"},
        {"O", "ÒÓÔÕÖØŌŎŐƠǑǪȌȎȮỌỎỐỒỔỖỘỚỜỞỠỢ"},
        {"r", "ŕŗř"},
        {"R", "ŔŖŘ"},
        {"s", "śŝşšș"},
        {"S", "ŚŜŞŠȘ"},
        {"t", "ţťŧț"},
        {"T", "ŢŤŦȚ"},
        {"u", "ùúûüũūŭůűųưǔǖǘǚǜȕȗụủứừửữự"},
        {"U", "ÙÚÛÜŨŪŬŮŰŲƯǓǕǗǙǛȔȖỤỦỨỪỬỮỰ"},
        {"w", "ŵẁẃẅ"},
        {"W", "ŴẀẂẄ"},
        {"y", "ýÿŷỳỵỷỹ"},
        {"Y", "ÝŸŶỲỴỶỸ"},
        {"z", "źżž"},
        {"Z", "ŹŻŽ"},
        {"ss", "ß"},
        {"ae", "æǽ"},
        {"AE", "ÆǼ"},
        {"oe", "œ"},
        {"OE", "Œ"},
        {"th", "þ"},
        {"Th", "Þ"},
        {"ij", "ĳ"},
        {"IJ", "Ĳ"},
        {"dz", "ǆǳ"},
        {"DZ", "ǄǱ"},
        {"lj", "ǉ"},
        {"LJ", "Ǉ"},
        {"nj", "ǌ"},
    }};
    std::unordered_map<char32_t, std::string_view> map;
    for (const auto& [base, letters] : kLetters) {
      for (std::size_t i = 0; i < letters.size();)
        map.emplace(next_code_point(letters, i), base);
    }
    return map;
  }();
  return table;
}

}  // namespace

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

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int extra = 0;
  char32_t cp = 0;
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    cp = b0 & 0x07;
  } else {
    ++i;
    return kInvalid;
  }
  if (i + static_cast<std::size_t>(extra) >= s.size()) {
    i = s.size();
    return kInvalid;
  }
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      i += static_cast<std::size_t>(k);
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::optional<std::string_view> base_letters(char32_t c) {
  if (c < 0x80) return std::nullopt;
  const auto& table = accent_table();
  auto it = table.find(c);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

std::string strip_accents(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(utf8, i);
    if (auto base = base_letters(c)) {
      out += *base;
    } else {
      out.append(utf8, start, i - start);
    }
  }
  return out;
}

std::string fold_name(std::string_view utf8) {
  std::string out;
  for (char c : strip_accents(normalize_punctuation(utf8))) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

FoldedText fold_for_matching(std::string_view utf8) {
  FoldedText out;
  out.text.reserve(utf8.size());
  out.origin.reserve(utf8.size());
  const auto put = [&out](std::string_view bytes, std::size_t from) {
    for (char c : bytes) {
      out.text += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      out.origin.push_back(from);
    }
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(utf8, i);
    if (c == U'\u00BF' || c == U'\u00A1') {
      put(" ", start);
    } else if (auto base = base_letters(c)) {
      put(*base, start);
    } else {
      for (std::size_t b = start; b < i; ++b)
        put(utf8.substr(b, 1), b);
    }
  }
  return out;
}

std::string_view FoldedText::as_written(std::string_view input, std::size_t pos,
                                        std::size_t len) const {
  if (len == 0 || pos >= origin.size()) return {};
  const std::size_t last = std::min(pos + len, origin.size()) - 1;
  const std::size_t begin = origin[pos];
  // Through the whole of the last code point the match ends in.
  std::size_t end = last + 1 < origin.size() ? origin[last + 1] : input.size();
  if (end <= origin[last]) {
    end = origin[last] + 1;
    while (end < input.size() && (static_cast<unsigned char>(input[end]) & 0xC0) == 0x80)
      ++end;
  }
  return input.substr(begin, end - begin);
}

}  // namespace ptmcp::tools::text
