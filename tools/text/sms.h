// Text-message arithmetic: the GSM-7 alphabet, segment counts (160/153 GSM-7 characters,
// 70/67 UCS-2 code units; GSM-7 extension characters count twice, an emoji two UTF-16
// units), the clinic's choice for text outside GSM-7 (transliterate or send as Unicode),
// and splitting a text into messages of one segment each. Never drops a letter silently:
// whatever a conversion changes or leaves out is reported. Pure functions, safe from any
// thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::tools::text {

struct SmsSize {
  bool gsm7 = true;       // every character is in the GSM-7 alphabet or its extension
  std::size_t units = 0;  // GSM-7 septets, or UTF-16 code units when !gsm7
  std::size_t segments = 0;
};

SmsSize sms_size(std::string_view utf8);

bool is_gsm7(std::string_view utf8);

// What a clinic sends when a text does not fit GSM-7 (its configuration, "sms_encoding").
enum class SmsEncoding {
  kTransliterate,  // the nearest GSM-7 letters: "Ramón" -> "Ramon", emoji as words
  kUnicode,        // the text as written, in UCS-2 segments
};

// A text made ready to send, and what was changed on the way, in words for a warning
// ("\"Ramón\" is sent as \"Ramon\"", "\"🦵\" has no word and is left out").
struct SmsText {
  std::string text;
  std::vector<std::string> changes;
};

// Typographic punctuation is always folded (curly quotes to straight ones). With
// kTransliterate, letters outside GSM-7 become their nearest GSM-7 letters, emoji the words
// of data/text/emoji_words.json or nothing (reported), and a letter with no GSM-7 spelling
// is kept (the message then goes as Unicode, reported). With kUnicode, everything is kept.
SmsText prepare_sms(std::string_view utf8, SmsEncoding encoding);

// prepare_sms(kTransliterate) without the report, then anything still outside GSM-7 left
// out: for short server replies whose words are the server's own.
std::string to_gsm7(std::string_view utf8);

// Splits a prepared text into messages of one segment each, each in the encoding it needs:
// GSM-7 messages of at most `max_gsm7_units` septets, and a message holding a letter outside
// GSM-7 ("á") at most 70 UTF-16 units; at sentence boundaries where possible, else at word
// boundaries.
std::vector<std::string> split_prepared(std::string_view prepared,
                                        std::size_t max_gsm7_units = 160);

// Converts with to_gsm7, then splits into GSM-7 messages of at most `max_units` each.
std::vector<std::string> split_into_messages(std::string_view utf8, std::size_t max_units = 160);

}  // namespace ptmcp::tools::text
