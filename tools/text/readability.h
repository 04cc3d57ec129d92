// Reading level of patient-facing text: sentences, words and syllables counted the way a
// reader meets them, then Flesch-Kincaid Grade Level and Flesch Reading Ease, and the
// sentences that pull the level up (for feedback a writer can act on). Pure functions,
// safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::tools::text {

// Splits prose and handouts into sentences. Survives abbreviations ("e.g.", "Dr."),
// numbers ("5.5", "2-3"), times ("7:00 a.m.") and lists (each list item is a sentence, a
// numbered item's "1." is not a sentence end).
std::vector<std::string> split_sentences(std::string_view text);

// Words of a text: runs of letters, digits and inner apostrophes, hyphens, periods, colons
// ("don't", "step-over-step", "5.5", "7:00").
std::vector<std::string> split_words(std::string_view text);

// Syllables in one word: vowel groups with corrections for silent endings, plus an
// exceptions list kept as data (data/text/syllable_exceptions.json). Hyphenated words are
// the sum of their parts; a number counts as one syllable.
int count_syllables(std::string_view word);

struct Readability {
  int sentences = 0;
  int words = 0;
  int syllables = 0;
  double grade = 0;         // Flesch-Kincaid Grade Level
  double reading_ease = 0;  // Flesch Reading Ease
};

Readability measure(std::string_view text);

struct HardSentence {
  std::string text;
  double grade = 0;
  int words = 0;
};

// The `count` sentences with the highest grade level, hardest first.
std::vector<HardSentence> hardest_sentences(std::string_view text, std::size_t count);

// Grade level rounded to one decimal, for reports.
double round1(double value);

}  // namespace ptmcp::tools::text
