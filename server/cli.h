// The `ptmcp` command line: serve over stdio (the default), list tools, or run one tool
// call through the same session, dispatcher and validation an MCP client gets.
#pragma once

#include "server/application.h"

namespace ptmcp::server {

// Exit codes: 0 success; 1 the tool answered isError; 2 a protocol error or bad input;
// other non-zero codes for usage errors.
int run_cli(int argc, char** argv, const Application& application);

}  // namespace ptmcp::server
