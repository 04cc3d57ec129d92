#include "tools/checkins/checkin_words.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace ptmcp::tools::checkins {
namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// Latin-1 letters (the second byte after 0xC3) folded to their plain letter; 0 is not a letter.
char fold_latin1(unsigned char second) {
  using namespace std::string_view_literals;
  static constexpr std::string_view kUpper = "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0s"sv;  // 0x80-0x9F
  static constexpr std::string_view kLower = "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0y"sv;  // 0xA0-0xBF
  static_assert(kUpper.size() == 32 && kLower.size() == 32);
  if (second >= 0x80 && second <= 0x9F) return kUpper[second - 0x80];
  if (second >= 0xA0 && second <= 0xBF) return kLower[second - 0xA0];
  return 0;
}

struct Emoji {
  std::string_view bytes;
  std::string_view word;
};

// Emoji patients use in place of words; modifiers (skin tones, variation selectors, joiners)
// are dropped.
constexpr std::array<Emoji, 16> kEmoji = {{
    {"\xF0\x9F\x91\x8D", "done"},     // thumbs up
    {"\xE2\x9C\x85", "done"},         // check mark button
    {"\xE2\x9C\x94", "done"},         // check mark
    {"\xE2\x98\x91", "done"},         // ballot box with check
    {"\xF0\x9F\x92\xAA", "done"},     // flexed biceps
    {"\xF0\x9F\x91\x8C", "done"},     // OK hand
    {"\xE2\x9D\x8C", "skipped"},      // cross mark
    {"\xF0\x9F\x91\x8E", "skipped"},  // thumbs down
    {"\xF0\x9F\xA4\x92", "fever"},    // face with thermometer
    {"\xF0\x9F\x8C\xA1", "fever"},    // thermometer
    {"\xF0\x9F\xA4\x95", "hurt"},     // face with head bandage
    {"\xF0\x9F\xA5\xB5", "hot"},      // hot face
    {"\xF0\x9F\xA5\xB6", "cold"},     // cold face
    {"\xF0\x9F\xA9\xB8", "blood"},    // drop of blood
    {"\xF0\x9F\x98\xB5", "dizzy"},    // dizzy face
    {"\xF0\x9F\xA4\xAE", "vomit"},    // face vomiting
}};

std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

bool is_clause_mark(std::string_view word) {
  return word == "," || word == "." || word == "!" || word == "?" || word == ";" || word == ":";
}

std::string squeeze_runs(std::string_view word) {
  std::string out;
  for (char c : word) {
    if (out.empty() || out.back() != c || !is_alpha(c)) out += c;
  }
  return out;
}

std::size_t typo_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows of the optimal-string-alignment table; words here are short (bounded by caller).
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    before.swap(previous);
    previous.swap(current);
  }
  return std::min(previous[m], limit + 1);
}

std::size_t typos_allowed(std::string_view typed, std::string_view word) {
  const std::size_t shorter = std::min(typed.size(), word.size());
  if (shorter < 5) return 0;
  return shorter < 8 ? 1 : 2;
}

bool could_be_typo_of(std::string_view typed, std::string_view word) {
  const std::size_t allowed = typos_allowed(typed, word);
  if (allowed == 0 || typed.front() != word.front() || typed.size() > 24) return false;
  return typo_distance(typed, word, allowed) <= allowed;
}

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  Word word;
  auto flush = [&](std::size_t at) {
    if (!word.text.empty()) {
      word.end = at;
      words.push_back(word);
    }
    word = Word{};
  };
  auto emit = [&](std::string_view t, std::size_t begin, std::size_t end) {
    words.push_back({std::string(t), begin, end, false});
  };
  auto append = [&](char c, std::size_t at) {
    if (word.text.empty()) word.begin = at;
    const bool digit = is_digit(c);
    // "1st", "2nd": an ordinal stays one word; "7am", "38c", "2x" split into number and unit.
    if (!word.text.empty()) {
      const char last = word.text.back();
      const bool last_digit = is_digit(last);
      if (last_digit && !digit) {
        const std::string_view rest = text.substr(at);
        const bool ordinal = rest.size() >= 2 &&
                             (rest.starts_with("st") || rest.starts_with("nd") ||
                              rest.starts_with("rd") || rest.starts_with("th")) &&
                             (rest.size() == 2 || !is_alpha(rest[2]));
        if (!ordinal) {
          flush(at);
          word.begin = at;
        }
      } else if (!last_digit && digit && is_alpha(last)) {
        flush(at);
        word.begin = at;
      }
    }
    // Runs of three or more of one letter are cut to two ("sooo" -> "soo").
    const std::size_t n = word.text.size();
    if (!digit && n >= 2 && word.text[n - 1] == c && word.text[n - 2] == c) {
      word.stretched = true;
      return;
    }
    word.text += c;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (c >= 0x80) {
      const std::size_t len = std::min(utf8_length(c), text.size() - i);
      const std::string_view bytes = text.substr(i, len);
      if (c == 0xC3 && len == 2) {
        if (char folded = fold_latin1(static_cast<unsigned char>(text[i + 1]))) {
          append(folded, i);
          i += 2;
          continue;
        }
      }
      // Curly apostrophes inside a word are dropped like straight ones.
      if ((bytes == "\xE2\x80\x99" || bytes == "\xE2\x80\x98") && !word.text.empty()) {
        i += len;
        continue;
      }
      flush(i);
      if (bytes == "\xC2\xB0") {
        emit("degrees", i, i + len);
      } else if (bytes == "\xE2\x80\xA6") {
        emit(".", i, i + len);
      } else if (bytes == "\xE2\x80\x93" || bytes == "\xE2\x80\x94") {
        emit(",", i, i + len);
      } else {
        for (const auto& e : kEmoji) {
          if (text.substr(i).starts_with(e.bytes)) {
            emit(e.word, i, i + e.bytes.size());
            break;
          }
        }
      }
      i += len;
      continue;
    }
    if (std::isalnum(c)) {
      append(static_cast<char>(std::tolower(c)), i);
    } else if ((c == '\'' || c == '`') && !word.text.empty() && is_alpha(next)) {
      // "can't" -> "cant": people drop the apostrophe as often as they type it.
    } else if ((c == '/' || c == '-' || c == '.' || c == ':') && all_digits(word.text) &&
               is_digit(next)) {
      word.text += static_cast<char>(c);  // "6/10", "2-3", "100.4", "7:30"
    } else if (c == '/' && (word.text == "b" || word.text == "w") && is_alpha(next)) {
      word.text += '/';  // "b/c", "w/o"
    } else {
      flush(i);
      if (c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == ':')
        emit(std::string(1, static_cast<char>(c)), i, i + 1);
      else if (c == '\n')
        emit(".", i, i + 1);
      else if (c == '&' || c == '+')
        emit("and", i, i + 1);
      else if (c == '#')
        emit("#", i, i + 1);
      else if (c == '-' && i > 0 && text[i - 1] == ' ' && next == ' ')
        emit(",", i, i + 1);  // "Done - pain 1": a dash between spaces ends a clause
    }
    ++i;
  }
  flush(text.size());
  return words;
}

}  // namespace ptmcp::tools::checkins
