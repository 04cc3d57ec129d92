// Small wording helpers shared by the tools: case, trimming, and turning a phrase the
// assistant wrote into a sentence or a clause of one.
#pragma once

#include <regex>
#include <string>
#include <string_view>

namespace ptmcp::tools::text {

std::string lower(std::string_view s);
std::string trim(std::string_view s);
std::string capitalized(std::string s);

// "Call Lakeside PT at 555-0100." -> "call Lakeside PT at 555-0100": ready to follow a comma.
// Keeps a leading capital that starts a name or an acronym ("DONE", "Lakeside" stays when
// the second letter is upper case).
std::string as_clause(std::string s);

// Trimmed, capitalized, and ending in one period (or the ! or ? it had).
std::string sentence(std::string_view s);

// A case-insensitive ECMAScript pattern, compiled once by its caller.
std::regex icase_regex(const char* pattern);

}  // namespace ptmcp::tools::text
