// ptmcp as an application of the MCP engine: its identity and everything it registers.
#pragma once

#include "server/application.h"

namespace ptmcp::tools {

const server::Application& application();

}  // namespace ptmcp::tools
