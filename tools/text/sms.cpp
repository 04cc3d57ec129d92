#include "tools/text/sms.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/normalize.h"
#include "tools/text/readability.h"

namespace ptmcp::tools::text {
namespace {

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

// Units of one code point in the encoding a message is sent in.
std::size_t units_of(char32_t c, bool ucs2) {
  return ucs2 ? utf16_units(c) : static_cast<std::size_t>(gsm7_units(c));
}

std::size_t length(std::string_view s, bool ucs2) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();)
    units += units_of(next_code_point(s, i), ucs2);
  return units;
}

// Pictographs: the code points that start an emoji.
bool is_emoji(char32_t c) {
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
         (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x2300 && c <= 0x23FF);
}

// What rides on an emoji without being one: variation selectors, skin tones, the keycap.
bool is_emoji_modifier(char32_t c) {
  return c == 0xFE0F || c == 0xFE0E || (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0x20E3;
}

const std::unordered_map<std::string, std::string>& emoji_words() {
  static const std::unordered_map<std::string, std::string> words = [] {
    std::unordered_map<std::string, std::string> map;
    const auto data = nlohmann::json::parse(server::require_asset("data/text/emoji_words.json"));
    for (const auto& [emoji, word] : data["words"].items())
      map.emplace(emoji, word.get<std::string>());
    return map;
  }();
  return words;
}

// Symbols outside GSM-7 with a plain GSM-7 spelling; not letters, so not reported.
std::optional<std::string_view> symbol_spelling(char32_t c) {
  static constexpr std::array<std::pair<char32_t, std::string_view>, 14> kSymbols = {{
      {0x00B0, " degrees"},  // 90°
      {0x00D7, "x"},
      {0x00BD, "1/2"},
      {0x00BC, "1/4"},
      {0x00BE, "3/4"},
      {0x2022, "-"},  // bullet
      {0x00B7, "-"},
      {0x00AB, "\""},
      {0x00BB, "\""},
      {0x00B4, "'"},
      {'`', "'"},
      {0x00A9, "(c)"},
      {0x00AE, "(R)"},
      {0x2192, "->"},
  }};
  for (const auto& [symbol, spelling] : kSymbols) {
    if (symbol == c) return spelling;
  }
  return std::nullopt;
}

// A word as a report names it: without the punctuation around it ("bastón," -> "bastón").
std::string without_punctuation(std::string_view word) {
  constexpr std::string_view kMarks = ".,;:!?\"'()";
  const auto first = word.find_first_not_of(kMarks);
  if (first == std::string_view::npos) return std::string(word);
  return std::string(word.substr(first, word.find_last_not_of(kMarks) - first + 1));
}

// One word (no spaces) transliterated to GSM-7, reporting what changed.
std::string transliterate_word(std::string_view word, std::vector<std::string>& changes) {
  std::string out;
  bool letters_changed = false;
  bool kept_outside = false;
  for (std::size_t i = 0; i < word.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(word, i);
    if (gsm7_units(c) > 0) {
      out.append(word, start, i - start);
    } else if (is_emoji(c)) {
      // The whole emoji: modifiers and zero-width-joined parts ride along.
      std::string key;
      append_utf8(key, c);
      while (i < word.size()) {
        std::size_t j = i;
        const char32_t next = next_code_point(word, j);
        if (is_emoji_modifier(next)) {
          i = j;
        } else if (next == 0x200D && j < word.size()) {
          next_code_point(word, j);
          i = j;
        } else {
          break;
        }
      }
      const std::string emoji(word.substr(start, i - start));
      if (auto it = emoji_words().find(key); it != emoji_words().end()) {
        if (!out.empty() && out.back() != ' ') out += ' ';
        out += it->second;
        if (i < word.size()) out += ' ';
        changes.push_back("\"" + emoji + "\" is sent as \"" + it->second + "\"");
      } else {
        changes.push_back("\"" + emoji + "\" has no word and is left out");
      }
    } else if (auto base = base_letters(c)) {
      out += *base;
      letters_changed = true;
    } else if (auto spelling = symbol_spelling(c)) {
      out += *spelling;
    } else if (is_emoji_modifier(c) || c == 0x200D) {
      // a stray selector or joiner: nothing to read
    } else {
      out.append(word, start, i - start);  // kept: the message goes as Unicode
      kept_outside = true;
    }
  }
  if (letters_changed) {
    changes.push_back("\"" + without_punctuation(word) + "\" is sent as \"" +
                      without_punctuation(out) + "\"");
  }
  if (kept_outside) {
    changes.push_back("\"" + without_punctuation(word) +
                      "\" has letters GSM-7 does not have and is sent as Unicode");
  }
  return out;
}

std::string squeeze_spaces(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

// Whether a candidate message fits one segment. `mixed`: each message in the encoding it
// needs (a piece without accents goes as GSM-7 even when the text it came from needs UCS-2).
struct Fit {
  std::size_t max_units;
  bool ucs2;
  bool mixed;
  bool operator()(const std::string& candidate) const {
    if (!mixed) return length(candidate, ucs2) <= max_units;
    const bool gsm7 = is_gsm7(candidate);
    return length(candidate, !gsm7) <= (gsm7 ? max_units : 70);
  }
  // A single word too long for any message is cut at this many units.
  std::size_t word_units() const { return mixed || ucs2 ? 70 : max_units; }
  bool word_ucs2() const { return mixed || ucs2; }
};

// Greedy word packing for a sentence longer than one message.
void split_words_into(const std::string& sentence, const Fit& fits, std::vector<std::string>& out) {
  std::string current;
  std::size_t start = 0;
  while (start < sentence.size()) {
    std::size_t space = sentence.find(' ', start);
    std::string word =
        sentence.substr(start, space == std::string::npos ? std::string::npos : space - start);
    start = space == std::string::npos ? sentence.size() : space + 1;
    if (word.empty()) continue;
    const std::string candidate = current.empty() ? word : current + " " + word;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (!current.empty()) out.push_back(current);
    current.clear();
    while (!fits(word)) {  // a single word longer than a message
      std::size_t cut = 0;
      std::size_t units = 0;
      for (std::size_t i = 0; i < word.size();) {
        std::size_t j = i;
        const std::size_t u = units_of(next_code_point(word, j), fits.word_ucs2());
        if (units + u > fits.word_units()) break;
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

std::vector<std::string> split(std::string_view text, const Fit& fits) {
  std::vector<std::string> messages;
  std::string current;
  for (const auto& sentence : split_sentences(std::string(text))) {
    if (!fits(sentence)) {
      if (!current.empty()) messages.push_back(current);
      current.clear();
      split_words_into(sentence, fits, messages);
      continue;
    }
    const std::string candidate = current.empty() ? sentence : current + " " + sentence;
    if (fits(candidate)) {
      current = candidate;
    } else {
      messages.push_back(current);
      current = sentence;
    }
  }
  if (!current.empty()) messages.push_back(current);
  return messages;
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

SmsText prepare_sms(std::string_view utf8, SmsEncoding encoding) {
  SmsText prepared;
  const std::string folded = normalize_punctuation(utf8);
  if (encoding == SmsEncoding::kUnicode || is_gsm7(folded)) {
    prepared.text = folded;
    return prepared;
  }
  std::string out;
  std::size_t start = 0;
  while (start <= folded.size()) {
    std::size_t space = folded.find(' ', start);
    if (space == std::string::npos) space = folded.size();
    if (space > start) {
      out += transliterate_word(std::string_view(folded).substr(start, space - start),
                                prepared.changes);
    }
    if (space < folded.size()) out += ' ';
    start = space + 1;
  }
  prepared.text = squeeze_spaces(out);
  return prepared;
}

std::string to_gsm7(std::string_view utf8) {
  const std::string prepared = prepare_sms(utf8, SmsEncoding::kTransliterate).text;
  std::string out;
  out.reserve(prepared.size());
  for (std::size_t i = 0; i < prepared.size();) {
    const std::size_t start = i;
    if (gsm7_units(next_code_point(prepared, i)) > 0) out.append(prepared, start, i - start);
  }
  return squeeze_spaces(out);
}

std::vector<std::string> split_prepared(std::string_view prepared, std::size_t max_gsm7_units) {
  const bool ucs2 = !is_gsm7(prepared);
  return split(prepared, Fit{max_gsm7_units, false, ucs2});
}

std::vector<std::string> split_into_messages(std::string_view utf8, std::size_t max_units) {
  return split(to_gsm7(utf8), Fit{max_units, false, false});
}

}  // namespace ptmcp::tools::text
