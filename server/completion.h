// Suggestions for one argument of a prompt or one variable of a resource template, given
// what the user has typed so far and the other arguments already chosen.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::server {

using Arguments = std::map<std::string, std::string>;

// What a completer found: every match (the session sends the first 100 and the true total),
// or, when what it completes from cannot be read (a store failure), why not.
struct Completion {
  Completion() = default;
  Completion(std::vector<std::string> found) : values(std::move(found)) {}  // NOLINT: implicit
  static Completion unavailable_because(std::string reason) {
    Completion c;
    c.unavailable = std::move(reason);
    return c;
  }
  std::vector<std::string> values;
  std::string unavailable{};
};

using Completer = std::function<Completion(std::string_view typed, const Arguments& chosen)>;

// Keeps the values that start with `typed` (case-insensitively), in their given order.
std::vector<std::string> complete_from(const std::vector<std::string>& values,
                                       std::string_view typed);

}  // namespace ptmcp::server
