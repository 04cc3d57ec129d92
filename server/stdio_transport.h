// MCP over stdin/stdout: one JSON-RPC message per line in, one per line out, nothing else
// on stdout. Returns when stdin closes or SIGTERM/SIGINT arrives, promptly in both cases.
#pragma once

#include "server/catalog.h"
#include "server/session.h"

namespace ptmcp::server {

// Serves one session on file descriptors `in` and `out` (0 and 1 in production). Returns the
// process exit code.
int serve_stdio(const Catalog& catalog, const SessionOptions& options, int in = 0, int out = 1);

}  // namespace ptmcp::server
