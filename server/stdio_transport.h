// MCP over stdin/stdout: one JSON-RPC message per line in, one per line out, nothing else
// on stdout. Serving returns when stdin closes or SIGTERM/SIGINT arrives, promptly in both
// cases.
#pragma once

#include <memory>

#include "server/session.h"
#include "server/transport.h"

namespace ptmcp::server {

// One session on file descriptors `in` and `out` (0 and 1 in production).
std::unique_ptr<ServingTransport> make_stdio_transport(SessionOptions options, int in = 0,
                                                       int out = 1);

}  // namespace ptmcp::server
