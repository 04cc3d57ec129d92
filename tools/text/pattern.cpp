#include "tools/text/pattern.h"

#include <stdexcept>

#include <re2/re2.h>

namespace ptmcp::tools::text {
namespace {

std::shared_ptr<const re2::RE2> compile(const std::string& pattern) {
  if (pattern.empty()) return nullptr;
  re2::RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) {
    throw std::invalid_argument("pattern \"" + pattern + "\" does not compile: " + re->error());
  }
  return re;
}

std::optional<Rule::Match> search(const re2::RE2& re, std::string_view text, std::size_t from,
                                  re2::RE2::Anchor anchor = re2::RE2::UNANCHORED) {
  if (from > text.size()) return std::nullopt;
  re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece found;
  if (!re.Match(whole, from, text.size(), anchor, &found, 1)) return std::nullopt;
  const auto begin = static_cast<std::size_t>(found.data() - text.data());
  return Rule::Match{begin, begin + found.size()};
}

// The next place a match may start after a refused one at `at`: the next character.
std::size_t next_start(std::string_view text, std::size_t at) {
  ++at;
  while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
    ++at;
  return at;
}

}  // namespace

Rule::Rule(const std::vector<PatternSource>& alternatives, const std::string& prefix) {
  std::string joined;
  std::vector<std::string> plain;  // compiled one by one only to name a bad one
  for (const auto& a : alternatives) {
    const std::string pattern = prefix + "(?:" + a.pattern + ")";
    if (a.followed_by.empty() && a.not_followed_by.empty() && a.not_containing.empty()) {
      joined += (joined.empty() ? "" : "|") + pattern;
      plain.push_back(pattern);
    } else {
      conditioned_.push_back({compile(pattern), compile(a.followed_by), compile(a.not_followed_by),
                              compile(a.not_containing)});
    }
  }
  if (joined.empty()) return;
  try {
    plain_ = compile(joined);
  } catch (const std::invalid_argument&) {
    for (const auto& one : plain)
      compile(one);  // throws naming the alternative at fault
    throw;
  }
}

std::optional<Rule::Match> Rule::find_conditioned(const Conditioned& c, std::string_view text,
                                                  std::size_t from) const {
  while (auto m = search(*c.pattern, text, from)) {
    bool ok = true;
    if (c.followed_by)
      ok = search(*c.followed_by, text, m->end, re2::RE2::ANCHOR_START).has_value();
    if (ok && c.not_followed_by) {
      ok = !search(*c.not_followed_by, text, m->end, re2::RE2::ANCHOR_START);
    }
    if (ok && c.not_containing) {
      ok = !search(*c.not_containing, text.substr(0, m->end), m->begin);
    }
    if (ok) return m;
    if (m->begin >= text.size()) return std::nullopt;
    from = next_start(text, m->begin);
  }
  return std::nullopt;
}

std::optional<Rule::Match> Rule::find(std::string_view text, std::size_t from) const {
  std::optional<Match> best = plain_ ? search(*plain_, text, from) : std::nullopt;
  for (const auto& c : conditioned_) {
    const auto m = find_conditioned(c, text, from);
    if (m && (!best || m->begin < best->begin)) best = m;
  }
  return best;
}

std::string Rule::replace_all(std::string_view text, std::string_view with) const {
  std::string out;
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto m = find(text, at);
    if (!m) break;
    out.append(text.substr(at, m->begin - at));
    out.append(with);
    at = m->end;
    if (m->end == m->begin) {  // an empty match: keep the character after it and go on
      if (at >= text.size()) return out;
      const std::size_t next = next_start(text, at);
      out.append(text.substr(at, next - at));
      at = next;
    }
  }
  if (at < text.size()) out.append(text.substr(at));
  return out;
}

}  // namespace ptmcp::tools::text
