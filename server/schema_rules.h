// The portable subset of JSON Schema that every Claude client reads the same way: root
// `type: object`, no `$ref`/`$defs`, no top-level `oneOf/anyOf/allOf`, and only keywords
// that mean the same in draft-07 and 2020-12. Tool registration refuses anything else.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ptmcp::server {

// Each string names a JSON Pointer into the schema and what breaks the subset there.
std::vector<std::string> portable_schema_violations(const nlohmann::json& schema);

}  // namespace ptmcp::server
