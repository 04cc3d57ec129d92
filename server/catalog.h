// Everything one server offers: who it is, its tools, prompts and resources. Filled once at
// start-up, then read concurrently by sessions without locks (it is never changed again).
#pragma once

#include <string>

#include "server/prompt_registry.h"
#include "server/resource_registry.h"
#include "server/tool_registry.h"

namespace ptmcp::server {

struct ServerIdentity {
  std::string name;
  std::string title;
  std::string version;
  std::string description;
  std::string instructions;  // returned by initialize; under 2 KB (Claude Code truncates)
};

struct Catalog {
  ServerIdentity identity;
  ToolRegistry tools;
  PromptRegistry prompts;
  ResourceRegistry resources;
};

// Throws std::invalid_argument when the identity is incomplete or instructions exceed 2 KB.
void check_identity(const ServerIdentity& identity);

}  // namespace ptmcp::server
