// The words of a check-in as the reader sees them, before any rule: folded to plain lowercase
// ASCII (accents dropped, apostrophes dropped so "can't" and "cant" are one word, runs of one
// letter cut to two), split into words and clause marks, each with its place in the message;
// and the typo rule that lets a misspelt word stand for a lexicon word. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::tools::checkins {

struct Word {
  std::string text;       // folded: "Hinchazón" -> "hinchazon", "sooo" -> "soo", "👍" -> "done"
  std::size_t begin = 0;  // byte offsets of the word in the message
  std::size_t end = 0;
  bool stretched = false;  // had a run of three or more of one letter ("swolllen")
};

// Words, numbers ("6/10", "2-3", "100.4", "7:30") and clause marks ("," "." "!" "?" ";"),
// a line break read as ".". Emoji that patients use as words become those words.
std::vector<Word> split_words(std::string_view message);

bool is_clause_mark(std::string_view word);

// "swolllen" -> "swolen": every run of one letter cut to a single letter.
std::string squeeze_runs(std::string_view word);

// Edit distance counting an insertion, a deletion, a substitution or a swap of two
// neighbouring letters as one; any value above `limit` is returned as limit + 1.
std::size_t typo_distance(std::string_view a, std::string_view b, std::size_t limit);

// How many typos a typed word may hold and still be read as `word`, by the shorter of the
// two: none under 5 letters (short words collide: "red"/"bed", "numb"/"dumb"), one for 5-7
// letters ("breth" -> "breath", "feaver" -> "fever"), two for 8 or more ("numbnes",
// "sweeling"). Both must start with the same letter: typos rarely touch the first letter, and
// "never"/"fever", "right"/"tight", "night"/"tight" differ only there.
std::size_t typos_allowed(std::string_view typed, std::string_view word);

bool could_be_typo_of(std::string_view typed, std::string_view word);

}  // namespace ptmcp::tools::checkins
