#include "tools/text/readability_es.h"

#include <vector>

#include "tools/text/readability.h"

namespace ptmcp::tools::text {
namespace {

// One letter of a word, lowercased, as a code point.
std::vector<char32_t> letters_of(std::string_view word) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < word.size();) {
    const auto c = static_cast<unsigned char>(word[i]);
    char32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0 && i + 3 < word.size()) {
      len = 4;
      cp = ((c & 0x07u) << 18) | ((word[i + 1] & 0x3Fu) << 12) | ((word[i + 2] & 0x3Fu) << 6) |
           (word[i + 3] & 0x3Fu);
    } else if (c >= 0xE0 && i + 2 < word.size()) {
      len = 3;
      cp = ((c & 0x0Fu) << 12) | ((word[i + 1] & 0x3Fu) << 6) | (word[i + 2] & 0x3Fu);
    } else if (c >= 0xC0 && i + 1 < word.size()) {
      len = 2;
      cp = ((c & 0x1Fu) << 6) | (word[i + 1] & 0x3Fu);
    }
    i += len;
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    // Latin-1 capitals with accents (Á É Í Ñ Ó Ú Ü) to their small letters.
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;
    const bool letter = (cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7);
    if (letter) out.push_back(cp);
  }
  return out;
}

bool is_strong(char32_t c) {
  return c == U'a' || c == U'e' || c == U'o' || c == U'á' || c == U'é' || c == U'ó';
}
bool is_stressed_weak(char32_t c) {
  return c == U'í' || c == U'ú';
}
bool is_weak(char32_t c) {
  return c == U'i' || c == U'u' || c == U'ü' || is_stressed_weak(c);
}
bool is_front(char32_t c) {
  return c == U'e' || c == U'i' || c == U'é' || c == U'í';
}

}  // namespace

int count_syllables_es(std::string_view word) {
  const std::vector<char32_t> w = letters_of(word);
  if (w.empty()) {
    for (char c : word) {
      if (c >= '0' && c <= '9') return 1;
    }
    return 0;
  }
  // Which letters are vowels: the u of que/qui/gue/gui is silent (the ü of güe is not); y is
  // a vowel alone ("y") and at the end after a vowel ("hoy", "muy", "Uruguay").
  std::vector<char32_t> vowel(w.size(), 0);  // the vowel a letter sounds as, or 0
  for (std::size_t i = 0; i < w.size(); ++i) {
    const char32_t c = w[i];
    if (c == U'u' && i > 0 && (w[i - 1] == U'q' || w[i - 1] == U'g') && i + 1 < w.size() &&
        is_front(w[i + 1]))
      continue;
    if (c == U'y') {
      if (w.size() == 1 || (i + 1 == w.size() && i > 0 && vowel[i - 1])) vowel[i] = U'i';
      continue;
    }
    if (is_strong(c) || is_weak(c)) vowel[i] = c;
  }
  int syllables = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!vowel[i]) continue;
    const char32_t v = vowel[i];
    // The vowel just before, or before an h, which does not part two vowels by itself
    // ("prohi-bir", "ahu-mar") unless a third follows, which the u then leads ("ca-ca-hue-te").
    char32_t previous = 0;
    if (i > 0 && vowel[i - 1]) {
      previous = vowel[i - 1];
    } else if (i > 1 && w[i - 1] == U'h' && vowel[i - 2] && (i + 1 == w.size() || !vowel[i + 1])) {
      previous = vowel[i - 2];
    }
    // Two vowels share a syllable (a diphthong) unless both are strong ("po-e-ta"), a
    // stressed i or u meets a strong vowel ("dí-a", "ba-úl"), or they are the same weak vowel
    // ("chi-i-ta"); two different weak vowels always join ("ciu-dad", "lin-güís-ti-ca").
    const bool hiatus = (is_strong(previous) && is_strong(v)) ||
                        (is_stressed_weak(previous) && is_strong(v)) ||
                        (is_strong(previous) && is_stressed_weak(v)) || previous == v;
    if (!previous || hiatus) ++syllables;
  }
  return syllables == 0 ? 1 : syllables;
}

SpanishReadability measure_es(std::string_view text) {
  SpanishReadability r;
  for (const auto& sentence : split_sentences(text)) {
    int words = 0;
    for (const auto& word : split_words(sentence)) {
      const int s = count_syllables_es(word);
      if (s == 0) continue;  // a lone mark ("¿", "—")
      ++words;
      r.syllables += s;
    }
    if (words == 0) continue;
    ++r.sentences;
    r.words += words;
  }
  if (r.words == 0) return r;
  const double per_word = static_cast<double>(r.syllables) / r.words;
  r.fernandez_huerta = 206.84 - 60.0 * per_word - 102.0 * r.sentences / r.words;
  r.inflesz = 206.835 - 62.3 * per_word - static_cast<double>(r.words) / r.sentences;
  r.inflesz_band = r.inflesz < 40   ? "muy difícil"
                   : r.inflesz < 55 ? "algo difícil"
                   : r.inflesz < 65 ? "normal"
                   : r.inflesz < 80 ? "bastante fácil"
                                    : "muy fácil";
  return r;
}

}  // namespace ptmcp::tools::text
