// A rule from the clinical data as RE2 matches it: in time linear in the text, with no
// backtracking (std::regex's backtracking and its word boundaries made the six elements'
// checks cost milliseconds a call). RE2 has no lookaround, so a rule that needs it says so in
// the data, beside its pattern: "followed_by" or "not_followed_by" (what the text right
// after a match must, or must not, start with) and "not_containing" (what a match must not
// hold). Patterns are case-insensitive and read UTF-8.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace ptmcp::tools::text {

struct PatternSource {
  std::string pattern;
  std::string followed_by{};
  std::string not_followed_by{};
  std::string not_containing{};
};

class Rule {
 public:
  struct Match {
    std::size_t begin = 0;
    std::size_t end = 0;
  };

  Rule() = default;
  // Any of `alternatives`, each with `prefix` before it ("^\\s*" for one that must start the
  // text). Throws std::invalid_argument naming a pattern RE2 cannot compile.
  explicit Rule(const std::vector<PatternSource>& alternatives, const std::string& prefix = "");

  // The leftmost match that starts at or after `from`.
  std::optional<Match> find(std::string_view text, std::size_t from = 0) const;
  bool matches(std::string_view text) const { return find(text).has_value(); }
  // `text` with every match replaced by `with`.
  std::string replace_all(std::string_view text, std::string_view with) const;

 private:
  struct Conditioned {
    std::shared_ptr<const re2::RE2> pattern;
    std::shared_ptr<const re2::RE2> followed_by;
    std::shared_ptr<const re2::RE2> not_followed_by;
    std::shared_ptr<const re2::RE2> not_containing;
  };
  std::optional<Match> find_conditioned(const Conditioned& c, std::string_view text,
                                        std::size_t from) const;

  std::shared_ptr<const re2::RE2> plain_;  // the alternatives without conditions, as one
  std::vector<Conditioned> conditioned_;
};

}  // namespace ptmcp::tools::text
