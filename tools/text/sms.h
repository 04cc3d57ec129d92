// Text-message arithmetic: the GSM-7 alphabet, segment counts (160/153 GSM-7 characters,
// 70/67 UCS-2 code units; GSM-7 extension characters count twice) and splitting a text
// into messages of one segment each. Pure functions, safe from any thread.
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

// Folds typographic punctuation to GSM-7 (curly quotes, dashes, ellipsis, non-breaking
// spaces) and drops what GSM-7 cannot carry (emoji, symbols). Letters with accents that
// GSM-7 has (é, ñ, ü) are kept.
std::string to_gsm7(std::string_view utf8);

// Splits a text into GSM-7 messages of at most `max_units` each (default one segment),
// at sentence boundaries where possible, else at word boundaries. Converts with to_gsm7.
std::vector<std::string> split_into_messages(std::string_view utf8, std::size_t max_units = 160);

}  // namespace ptmcp::tools::text
