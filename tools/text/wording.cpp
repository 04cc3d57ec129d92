#include "tools/text/wording.h"

#include <algorithm>
#include <cctype>

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
  if (s.size() > 1 && std::islower(static_cast<unsigned char>(s[1]))) {
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
