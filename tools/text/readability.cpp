#include "tools/text/readability.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/normalize.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::text {
namespace {

bool is_letter(unsigned char c) {
  return std::isalpha(c) || c >= 0x80;
}
bool is_word_char(unsigned char c) {
  return is_letter(c) || std::isdigit(c);
}
bool is_vowel(char c) {
  return std::string_view("aeiouy").find(c) != std::string_view::npos;
}

const std::map<std::string, int, std::less<>>& syllable_exceptions() {
  static const auto table = [] {
    std::map<std::string, int, std::less<>> out;
    auto data = nlohmann::json::parse(server::require_asset("data/text/syllable_exceptions.json"));
    for (const auto& [word, count] : data["words"].items())
      out[word] = count.get<int>();
    return out;
  }();
  return table;
}

// Abbreviations whose period does not end a sentence (lowercase, without the final period).
const std::set<std::string, std::less<>>& abbreviations() {
  static const std::set<std::string, std::less<>> table = {
      "e.g", "i.e",  "etc", "vs",  "dr",     "mr",   "mrs", "ms",  "st",   "approx", "min", "mins",
      "sec", "secs", "no",  "ft",  "lb",     "lbs",  "oz",  "in",  "cm",   "mm",     "kg",  "hr",
      "hrs", "wk",   "wks", "jan", "feb",    "mar",  "apr", "jun", "jul",  "aug",    "sep", "sept",
      "oct", "nov",  "dec", "mon", "tue",    "tues", "wed", "thu", "thur", "thurs",  "fri", "sat",
      "sun", "pt",   "pts", "dpt", "approx", "ext",  "tel", "a.m", "p.m"};
  return table;
}

bool starts_with_list_marker(std::string_view line, std::size_t* marker_end = nullptr) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
    ++i;
  if (i >= line.size()) return false;
  std::size_t j = i;
  if (line[i] == '-' || line[i] == '*' || line.substr(i).starts_with("\xE2\x80\xA2")) {
    j = i + (line[i] == '-' || line[i] == '*' ? 1 : 3);
  } else if (std::isdigit(static_cast<unsigned char>(line[i])) ||
             (std::isalpha(static_cast<unsigned char>(line[i])) && i + 1 < line.size() &&
              (line[i + 1] == ')' || line[i + 1] == '.') && i + 2 < line.size() &&
              line[i + 2] == ' ')) {
    while (j < line.size() && std::isalnum(static_cast<unsigned char>(line[j])))
      ++j;
    if (j - i > 2 || j >= line.size() || (line[j] != '.' && line[j] != ')')) return false;
    ++j;
  } else {
    return false;
  }
  if (j < line.size() && line[j] != ' ' && line[j] != '\t') return false;
  if (marker_end) *marker_end = j;
  return true;
}

bool is_heading(std::string_view line) {
  bool has_letter = false;
  for (unsigned char c : line) {
    if (std::islower(c)) return false;
    if (std::isalpha(c)) has_letter = true;
  }
  return has_letter;
}

// Lines grouped into blocks that sentence splitting treats as running prose.
std::vector<std::string> blocks_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(trim(text.substr(start, nl - start)));
    start = nl + 1;
  }
  std::vector<std::string> blocks;
  std::string current;
  auto flush = [&] {
    if (!trim(current).empty()) blocks.push_back(trim(current));
    current.clear();
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) {
      flush();
      continue;
    }
    std::size_t marker_end = 0;
    const bool list_item = starts_with_list_marker(line, &marker_end);
    if (list_item) {
      flush();
      current = line.substr(marker_end);
      flush();
      continue;
    }
    if (!current.empty()) current += ' ';
    current += line;
    const char last = line.back();
    if (is_heading(line) || last == ':' || last == '.' || last == '!' || last == '?') flush();
  }
  flush();
  return blocks;
}

bool has_word(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return is_word_char(c); });
}

// The token just before position `dot` (letters and inner periods), lowercased.
std::string token_before(const std::string& s, std::size_t dot) {
  std::size_t b = dot;
  while (b > 0 && (std::isalpha(static_cast<unsigned char>(s[b - 1])) || s[b - 1] == '.'))
    --b;
  return lower(std::string_view(s).substr(b, dot - b));
}

void split_block(const std::string& block, std::vector<std::string>& out) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < block.size(); ++i) {
    const char c = block[i];
    if (c != '.' && c != '!' && c != '?') continue;
    std::size_t end = i + 1;
    while (end < block.size() && (block[end] == '.' || block[end] == '!' || block[end] == '?' ||
                                  block[end] == '"' || block[end] == '\'' || block[end] == ')')) {
      ++end;
    }
    if (end < block.size() && !std::isspace(static_cast<unsigned char>(block[end]))) continue;
    std::size_t next = end;
    while (next < block.size() && std::isspace(static_cast<unsigned char>(block[next])))
      ++next;
    const bool at_end = next >= block.size();
    if (!at_end) {
      const unsigned char n = static_cast<unsigned char>(block[next]);
      const bool starts_new =
          std::isupper(n) || std::isdigit(n) || n == '"' || n == '(' || n >= 0x80;
      if (!starts_new) continue;
      if (c == '.') {
        std::string before = token_before(block, i);
        const bool time_marker = before == "a.m" || before == "p.m";
        const bool initial =
            before.size() == 1 && std::isupper(static_cast<unsigned char>(block[i - 1]));
        if ((abbreviations().contains(before) && !time_marker) || initial) continue;
      }
    }
    std::string sentence = trim(std::string_view(block).substr(start, end - start));
    if (has_word(sentence)) out.push_back(sentence);
    start = end;
    i = end - 1;
  }
  std::string rest = trim(std::string_view(block).substr(std::min(start, block.size())));
  if (has_word(rest)) out.push_back(rest);
}

int vowel_groups(const std::string& w) {
  int groups = 0;
  bool in_group = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    // A y before a vowel is a consonant at the start ("yes") and between vowels ("beyond").
    const bool y_consonant =
        w[i] == 'y' && i + 1 < w.size() && is_vowel(w[i + 1]) && (i == 0 || is_vowel(w[i - 1]));
    const bool vowel = is_vowel(w[i]) && !y_consonant;
    if (vowel && !in_group) ++groups;
    in_group = vowel;
  }
  return groups;
}

bool ends_with(const std::string& w, std::string_view suffix) {
  return w.ends_with(suffix);
}

int syllables_of_letters(const std::string& w) {
  if (w.empty()) return 0;
  if (auto it = syllable_exceptions().find(w); it != syllable_exceptions().end()) return it->second;
  if (w.size() <= 2) return 1;
  int count = vowel_groups(w);
  const std::size_t n = w.size();
  auto at = [&](std::size_t from_end) { return from_end <= n ? w[n - from_end] : '\0'; };

  // Silent final e: "make", "whole"; but "table" (consonant + le) and "knee" keep theirs.
  if (at(1) == 'e' && !is_vowel(at(2)) && count > 1) {
    const bool consonant_le = at(2) == 'l' && !is_vowel(at(3));
    if (!consonant_le) --count;
  }
  // "-es": silent in "times", "sides"; spoken in "boxes", "places", "wishes", "changes".
  if (ends_with(w, "es") && n > 3 && count > 1 && !is_vowel(at(3))) {
    const char before = at(3);
    const bool spoken = std::string_view("cgsxz").find(before) != std::string_view::npos ||
                        (before == 'h' && (at(4) == 'c' || at(4) == 's')) ||
                        (before == 'l' && !is_vowel(at(4)));
    if (!spoken) --count;
  }
  // "-ed": silent in "moved", "relaxed"; spoken in "lifted", "needed" and after a consonant
  // + r ("hundred").
  if (ends_with(w, "ed") && n > 3 && count > 1 && !is_vowel(at(3)) && at(3) != 't' &&
      at(3) != 'd' && !(at(3) == 'r' && !is_vowel(at(4)))) {
    --count;
  }
  // A silent e closing the stem before a consonant suffix: "movement", "careful",
  // "something", "sometimes".
  static const std::string_view kSuffixes[] = {"ment", "ments", "ful",   "fully", "less",
                                               "ness", "thing", "times", "where", "body"};
  for (auto suffix : kSuffixes) {
    if (n <= suffix.size() + 3 || !ends_with(w, suffix)) continue;
    const std::size_t e = n - suffix.size() - 1;
    if (w[e] == 'e' && !is_vowel(w[e - 1]) && w[e - 1] != 'l' && count > 1) --count;
    break;
  }
  // "-ely" with a silent e: "safely", "completely".
  if (ends_with(w, "ely") && n > 4 && !is_vowel(at(4)) && count > 1) --count;
  // Vowel pairs said as two: "period", "radio", "video", "usual", "quiet", "being".
  static const std::string_view kSplitPairs[] = {"ia", "io", "iu", "eo", "ua", "uo", "ii"};
  for (std::size_t i = 1; i + 1 < n; ++i) {
    std::string_view pair(w.data() + i, 2);
    const char before = w[i - 1];
    const bool pair_splits =
        std::find(std::begin(kSplitPairs), std::end(kSplitPairs), pair) != std::end(kSplitPairs);
    if (!pair_splits) continue;
    const bool ends_ion = pair == "io" && (w.substr(i + 2) == "n" || w.substr(i + 2) == "ns");
    const bool iate = pair == "ia" && i + 2 < n && w[i + 2] == 't';  // "cruciate", "initiate"
    // "-tion", "-sion", "-cial", "-gion", "qua", "onion": one sound.
    if (!iate && (std::string_view("tscgxq").find(before) != std::string_view::npos || ends_ion)) {
      continue;
    }
    if (i + 2 < n && is_vowel(w[i + 2])) continue;  // three vowels in a row: leave as is
    ++count;
  }
  if (ends_with(w, "ing") && n > 4 && is_vowel(at(4)) && at(4) != 'u') ++count;  // "being"
  if ((ends_with(w, "iet") || ends_with(w, "ient")) && n > 4) ++count;           // "quiet"
  return std::max(1, count);
}

}  // namespace

std::vector<std::string> split_sentences(std::string_view raw) {
  const std::string text = normalize_punctuation(raw);
  std::vector<std::string> sentences;
  for (const auto& block : blocks_of(text))
    split_block(block, sentences);
  return sentences;
}

std::vector<std::string> split_words(std::string_view raw) {
  const std::string text = normalize_punctuation(raw);
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    while (!current.empty() && !is_word_char(static_cast<unsigned char>(current.back()))) {
      current.pop_back();
    }
    if (!current.empty()) words.push_back(current);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (is_word_char(c)) {
      current += static_cast<char>(c);
    } else if (!current.empty() && i + 1 < text.size() &&
               is_word_char(static_cast<unsigned char>(text[i + 1]))) {
      // "don't", "step-over-step"; and between digits "5.5", "7:00", "1,000".
      const bool between_digits = std::isdigit(static_cast<unsigned char>(current.back())) &&
                                  std::isdigit(static_cast<unsigned char>(text[i + 1]));
      const bool joins =
          c == '\'' || c == '-' || ((c == '.' || c == ':' || c == ',') && between_digits);
      if (joins) {
        current += static_cast<char>(c);
      } else {
        flush();
      }
    } else {
      flush();
    }
  }
  flush();
  return words;
}

int count_syllables(std::string_view word) {
  int total = 0;
  std::string part;
  bool numeric = false;
  auto finish = [&] {
    if (numeric) {
      total += 1;
    } else {
      total += syllables_of_letters(lower(part));
    }
    part.clear();
    numeric = false;
  };
  for (char c : word) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '-') {
      if (!part.empty() || numeric) finish();
    } else if (std::isdigit(u)) {
      numeric = true;
    } else if (is_letter(u) && u < 0x80) {
      part += c;
    }
  }
  if (!part.empty() || numeric) finish();
  return std::max(total, word.empty() ? 0 : 1);
}

Readability measure(std::string_view text) {
  Readability r;
  const auto sentences = split_sentences(text);
  r.sentences = static_cast<int>(sentences.size());
  for (const auto& sentence : sentences) {
    for (const auto& word : split_words(sentence)) {
      ++r.words;
      r.syllables += count_syllables(word);
    }
  }
  if (r.words == 0 || r.sentences == 0) return r;
  const double words_per_sentence = static_cast<double>(r.words) / r.sentences;
  const double syllables_per_word = static_cast<double>(r.syllables) / r.words;
  r.grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59;
  r.reading_ease = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word;
  return r;
}

std::vector<HardSentence> hardest_sentences(std::string_view text, std::size_t count) {
  std::vector<HardSentence> all;
  for (const auto& sentence : split_sentences(text)) {
    Readability r = measure(sentence);
    all.push_back({sentence, r.grade, r.words});
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const HardSentence& a, const HardSentence& b) { return a.grade > b.grade; });
  if (all.size() > count) all.resize(count);
  return all;
}

double round1(double value) {
  return std::round(value * 10.0) / 10.0;
}

}  // namespace ptmcp::tools::text
