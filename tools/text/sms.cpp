#include "tools/text/sms.h"

#include <algorithm>

#include "tools/text/normalize.h"
#include "tools/text/readability.h"

namespace ptmcp::tools::text {
namespace {

constexpr char32_t kInvalid = 0xFFFD;

// Decodes one UTF-8 code point at `i`, advancing it; kInvalid for a bad sequence.
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

// Septets a code point takes in GSM-7: 1 (basic table), 2 (extension table), 0 (absent).
int gsm7_units(char32_t c) {
  if (c == '\n' || c == '\r' || (c >= 0x20 && c <= 0x7E)) {
    switch (c) {
      case '^':
      case '{':
      case '}':
      case '\\':
      case '[':
      case ']':
      case '~':
      case '|':
        return 2;
      case '`':
        return 0;
      default:
        return 1;
    }
  }
  static constexpr char32_t kBasic[] = {
      0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x00D8, 0x00F8,
      0x00C5, 0x00E5, 0x0394, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3,
      0x0398, 0x039E, 0x00C6, 0x00E6, 0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6,
      0x00D1, 0x00DC, 0x00A7, 0x00BF, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0};
  if (std::find(std::begin(kBasic), std::end(kBasic), c) != std::end(kBasic)) return 1;
  if (c == 0x20AC || c == 0x0C) return 2;  // euro sign, form feed
  return 0;
}

std::size_t utf16_units(char32_t c) {
  return c > 0xFFFF ? 2 : 1;
}

std::size_t gsm7_length(std::string_view s) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();)
    units += static_cast<std::size_t>(gsm7_units(next_code_point(s, i)));
  return units;
}

// Greedy word packing for a sentence longer than one message.
void split_words_into(const std::string& sentence, std::size_t max_units,
                      std::vector<std::string>& out) {
  std::string current;
  std::size_t start = 0;
  while (start < sentence.size()) {
    std::size_t space = sentence.find(' ', start);
    std::string word =
        sentence.substr(start, space == std::string::npos ? std::string::npos : space - start);
    start = space == std::string::npos ? sentence.size() : space + 1;
    if (word.empty()) continue;
    const std::string candidate = current.empty() ? word : current + " " + word;
    if (gsm7_length(candidate) <= max_units) {
      current = candidate;
      continue;
    }
    if (!current.empty()) out.push_back(current);
    current.clear();
    while (gsm7_length(word) > max_units) {  // a single word longer than a message
      std::size_t cut = 0;
      std::size_t units = 0;
      for (std::size_t i = 0; i < word.size();) {
        std::size_t j = i;
        const auto u = static_cast<std::size_t>(gsm7_units(next_code_point(word, j)));
        if (units + u > max_units) break;
        units += u;
        i = j;
        cut = i;
      }
      out.push_back(word.substr(0, cut));
      word = word.substr(cut);
    }
    current = word;
  }
  if (!current.empty()) out.push_back(current);
}

}  // namespace

SmsSize sms_size(std::string_view utf8) {
  SmsSize size;
  std::size_t gsm_units = 0;
  std::size_t ucs_units = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = next_code_point(utf8, i);
    const int g = gsm7_units(c);
    if (g == 0) size.gsm7 = false;
    gsm_units += static_cast<std::size_t>(g);
    ucs_units += utf16_units(c);
  }
  size.units = size.gsm7 ? gsm_units : ucs_units;
  const std::size_t single = size.gsm7 ? 160 : 70;
  const std::size_t part = size.gsm7 ? 153 : 67;
  if (size.units == 0) {
    size.segments = 0;
  } else if (size.units <= single) {
    size.segments = 1;
  } else {
    size.segments = (size.units + part - 1) / part;
  }
  return size;
}

bool is_gsm7(std::string_view utf8) {
  return sms_size(utf8).gsm7;
}

std::string to_gsm7(std::string_view utf8) {
  const std::string folded = normalize_punctuation(utf8);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(folded, i);
    if (gsm7_units(c) > 0) out.append(folded, start, i - start);
  }
  // Dropping an emoji can leave a double space behind.
  std::string squeezed;
  for (char c : out) {
    if (c == ' ' && !squeezed.empty() && squeezed.back() == ' ') continue;
    squeezed += c;
  }
  while (!squeezed.empty() && squeezed.back() == ' ')
    squeezed.pop_back();
  return squeezed;
}

std::vector<std::string> split_into_messages(std::string_view utf8, std::size_t max_units) {
  std::vector<std::string> messages;
  std::string current;
  for (const auto& sentence : split_sentences(to_gsm7(utf8))) {
    if (gsm7_length(sentence) > max_units) {
      if (!current.empty()) messages.push_back(current);
      current.clear();
      split_words_into(sentence, max_units, messages);
      continue;
    }
    const std::string candidate = current.empty() ? sentence : current + " " + sentence;
    if (gsm7_length(candidate) <= max_units) {
      current = candidate;
    } else {
      messages.push_back(current);
      current = sentence;
    }
  }
  if (!current.empty()) messages.push_back(current);
  return messages;
}

}  // namespace ptmcp::tools::text
