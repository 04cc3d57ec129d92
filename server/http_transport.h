// MCP over Streamable HTTP (2025-11-25) at one endpoint, /mcp, with cpp-httplib.
//
// POST carries one JSON-RPC message. A request is answered with application/json, or, when
// the client accepts streams and there is something to stream (it asked for progress, or
// it is a tool call and the client asked for log messages), with a text/event-stream: the
// notifications first, then the response. A request the client cancels gets a stream that ends
// with no answer (204 when the client takes only JSON); one still running after the request
// timeout is cancelled and answered 504. Notifications and responses get 202, no body. GET is 405
// (no server-initiated streams); DELETE ends a session. With `stateless`, no session is
// issued: each POST gets a Session of its own, gone when its answer is sent. Each session
// (Mcp-Session-Id, issued on initialize) is the same Session the stdio transport uses, so
// everything after framing is one code path.
//
// By concern: http_guard (which requests may reach the server, pure), http_listener (the
// connections), http_session (one session and the routing of its messages to the waiting
// requests), http_session_table (creating, capping and expiring sessions), http_options.cpp
// (checks before serving) and http_transport.cpp (the endpoint: screening, POST, DELETE,
// streams, serving until a signal).
//
// Safe by default: loopback (decided by the address bound) unless bearer tokens are
// configured; Host and Origin checked before anything else (http_guard.h); every connection
// bounded in time and count per address (http_listener.h: cpp-httplib parses and routes, the
// connections are ours); sessions bound to the token that made them; bodies must have a
// Content-Length under the cap; no error text in responses or headers; logs carry method,
// path and status, never bodies.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/catalog.h"
#include "server/session.h"
#include "server/transport.h"

namespace ptmcp::server {

// Fewer workers per session than stdio's: an HTTP server holds many sessions.
inline SessionOptions http_session_options() {
  SessionOptions o;
  o.workers = 2;
  return o;
}

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8765;  // 0: any free port (printed on stderr)
  // Bearer tokens; empty means no authentication, which only a loopback address allows.
  std::vector<std::string> tokens;
  std::string tokens_variable;  // the environment variable that also gives them, for messages
  // Origins a browser may call from, besides loopback ones ("https://ehr.example.org").
  std::vector<std::string> allowed_origins;
  // Host header names accepted besides loopback and the listen address ("mcp.clinic.org").
  std::vector<std::string> allowed_hosts;
  std::string tls_cert;  // both or neither
  std::string tls_key;
  std::size_t max_body_bytes = std::size_t{4} << 20;
  std::size_t max_sessions = 32;
  std::chrono::seconds session_idle{30 * 60};
  std::chrono::seconds request_timeout{5 * 60};  // then a request is cancelled, answered 504
  std::size_t threads = 64;                      // connections served at once
  std::size_t max_queued = 64;                   // accepted connections waiting for a thread
  // Open connections from one address (behind a reverse proxy every client is the proxy's
  // address: raise it to the thread count there, and let the proxy bound slow clients).
  std::size_t max_connections_per_peer = 32;
  std::chrono::milliseconds receive_timeout{5000};  // for a request's headers and body
  std::chrono::seconds io_timeout{30};              // one write may wait this long
  // A session is ended to make room for another only after this long idle; with every
  // session busier than that, a new one is refused 503 with Retry-After.
  std::chrono::seconds session_evict_floor{60};
  std::size_t max_new_sessions_per_minute = 120;  // per token, or per address without tokens
  SessionOptions session = http_session_options();
  // No sessions (no Mcp-Session-Id): every POST stands alone, so any instance behind a
  // load balancer can answer any request. What a session keeps is lost: a log level set by
  // logging/setLevel lasts for that one request, and a notifications/cancelled POSTed on
  // its own reaches no request (a streamed request ends, cancelled, with its stream).
  bool stateless = false;
};

// The numeric address a listen name resolves to (the first getaddrinfo gives), or nothing.
std::optional<std::string> resolve_listen_address(const std::string& host);

// What is wrong with the options when listening on `bound_address` (numeric: what
// resolve_listen_address gave): a non-loopback address without tokens, half a TLS pair;
// or empty.
std::string check_http_options(const HttpOptions& options, const std::string& bound_address);

// The Streamable HTTP transport: serve() listens and serves until SIGINT or SIGTERM.
std::unique_ptr<ServingTransport> make_http_transport(HttpOptions options);

}  // namespace ptmcp::server
