#include "tools/text/wording.h"

#include <algorithm>
#include <cctype>

#include "tools/text/normalize.h"

namespace ptmcp::tools::text {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\n\r");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\n\r");
  return std::string(s.substr(b, e - b + 1));
}

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string as_clause(std::string s) {
  s = trim(s);
  while (!s.empty() && s.back() == '.')
    s.pop_back();
  // The second letter in lowercase ("Call", "Mándele") says the capital is the sentence's,
  // not a name's ("PT", "Lakeside").
  std::size_t at = 1;
  const char32_t second = s.size() > 1 ? next_code_point(s, at) : U'\0';
  const bool lower_second = (second < 0x80 && std::islower(static_cast<int>(second))) ||
                            (second >= 0xDF && second <= 0xFF && second != 0xF7);
  if (lower_second && std::isupper(static_cast<unsigned char>(s[0]))) {
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  }
  return s;
}

std::string sentence(std::string_view text) {
  std::string s = trim(text);
  while (s.size() > 1 && s.back() == '.' && s[s.size() - 2] == '.')
    s.pop_back();
  if (s.empty()) return s;
  if (s.back() != '.' && s.back() != '!' && s.back() != '?') s += '.';
  return capitalized(s);
}

std::regex icase_regex(const char* pattern) {
  return std::regex(pattern, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
}

}  // namespace ptmcp::tools::text
