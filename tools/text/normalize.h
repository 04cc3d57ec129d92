// Text folded for machines that cannot carry all of it: typographic punctuation to plain
// ASCII (curly quotes to straight ones, en and em dashes to hyphens, the ellipsis to three
// periods, non-breaking spaces to spaces), accented Latin letters to their base letters
// ("Nguyễn" -> "Nguyen"), and names folded for comparison ("JOSÉ" and "jose" are one
// name). Used by the readability counts, the text messages and the patient checks. Pure
// functions, safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::tools::text {

std::string normalize_punctuation(std::string_view utf8);

// Decodes one UTF-8 code point at `i`, advancing `i` past it; U+FFFD for a bad sequence.
char32_t next_code_point(std::string_view utf8, std::size_t& i);

// Appends `c` to `out` as UTF-8.
void append_utf8(std::string& out, char32_t c);

// The nearest ASCII spelling of one accented Latin letter ("ễ" -> "e", "ß" -> "ss",
// "Ø" -> "O"); nothing for a letter without accent and for anything else.
std::optional<std::string_view> base_letters(char32_t c);

// Every accented Latin letter replaced by its base letters; everything else kept.
std::string strip_accents(std::string_view utf8);

// A name as the patient checks compare it: accents stripped, ASCII lowercased, runs of
// spaces made one, trimmed. "  JOSÉ " and "jose" fold alike.
std::string fold_name(std::string_view utf8);

// Text as the patterns of a language written without accents read it: ASCII lowercased,
// accented letters to their base letters ("Después" -> "despues", "ñ" -> "n"), "¿" and "¡" as
// spaces. origin[i] is the byte of the input that folded byte i came from, so a match in
// the folded text maps back to the words as written.
struct FoldedText {
  std::string text;
  std::vector<std::size_t> origin;
  // The input's bytes behind folded bytes [pos, pos + len).
  std::string_view as_written(std::string_view input, std::size_t pos, std::size_t len) const;
};
FoldedText fold_for_matching(std::string_view utf8);

}  // namespace ptmcp::tools::text
