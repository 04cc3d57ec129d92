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
using Completer =
    std::function<std::vector<std::string>(std::string_view typed, const Arguments& chosen)>;

// Keeps the values that start with `typed` (case-insensitively), in their given order.
std::vector<std::string> complete_from(const std::vector<std::string>& values,
                                       std::string_view typed);

}  // namespace ptmcp::server
