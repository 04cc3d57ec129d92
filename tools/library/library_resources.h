// The exercise library as MCP resources: the whole library, each exercise, and the
// exercises for each condition, with completions for exercise ids and condition names.
#pragma once

#include "server/catalog.h"

namespace ptmcp::tools::library {

void add_library_resources(server::Catalog& catalog);

// Condition names and ids for completion, matching what was typed so far.
std::vector<std::string> complete_condition(std::string_view typed);

}  // namespace ptmcp::tools::library
