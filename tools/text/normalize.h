// Typographic punctuation folded to plain ASCII: curly quotes to straight ones, en and em
// dashes to hyphens, the ellipsis to three periods, non-breaking spaces to spaces. Used by
// the readability counts and to keep text messages in the GSM-7 alphabet.
#pragma once

#include <string>
#include <string_view>

namespace ptmcp::tools::text {

std::string normalize_punctuation(std::string_view utf8);

}  // namespace ptmcp::tools::text
