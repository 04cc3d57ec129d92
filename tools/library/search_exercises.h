// search_exercises: finds patient-language exercise descriptions in the library. Read-only.
#pragma once

#include "server/tool_registry.h"

namespace ptmcp::tools::library {

server::ToolDefinition search_exercises_tool();

// The library as JSON, as search results and resources show it.
nlohmann::json exercise_json(const struct Exercise& exercise);

}  // namespace ptmcp::tools::library
