// The seam between the engine and a transport, in the manner of clangd's Transport.h.
//
// Outgoing, a Session hands its Transport structured messages: the answer to a request
// (reply), a notification of its own (notify), and progress on a request (progress). The
// transport frames them for its medium and routes them: stdio writes each as one line; HTTP
// gives a reply to the POST that carried its request and progress to the stream of the
// request that asked for it, without reading back what it was given. Incoming, a transport
// hands each message it reads to Session::receive.
//
// Threading contract:
// - A Session calls its Transport from the thread that called Session::receive and from
//   the session's workers, at the same time: every method must be thread-safe, and each
//   message must reach the medium whole (never interleaved with another).
// - A method may block (a full pipe) but must not call back into the Session.
// - The Transport must outlive the Session (destroy the Session first: it joins its
//   workers, after which nothing more is sent).
// - Every request gets exactly one reply, except one the client cancelled, which gets none;
//   progress for a request comes before its reply.
//
// Serving: each transport has a factory (make_stdio_transport, make_http_transport) that
// returns a ServingTransport, which owns its sessions and serves until its input ends or
// SIGINT/SIGTERM arrives.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "server/catalog.h"
#include "server/json_rpc.h"

namespace ptmcp::server {

// The outcome of a request: its result, or the error that answers it.
using Answer = std::variant<Json, RpcError>;

class Transport {
 public:
  virtual ~Transport() = default;

  // The answer to request `id` (null for a request whose id could not be read).
  virtual void reply(const Json& id, const Answer& answer) = 0;

  // A notification that belongs to no one request ("notifications/message").
  virtual void notify(std::string_view method, const Json& params) = 0;

  // notifications/progress for the request that gave `token` as its progressToken; `params`
  // holds progressToken itself, as the notification carries it.
  virtual void progress(const Json& token, const Json& params) = 0;
};

// A transport whose medium takes whole serialized messages (stdio's lines, a test's list):
// it serializes each message once and writes it.
class TextTransport : public Transport {
 public:
  void reply(const Json& id, const Answer& answer) override;
  void notify(std::string_view method, const Json& params) override;
  void progress(const Json& token, const Json& params) override;

 protected:
  // One complete JSON-RPC message without a trailing newline; thread-safe, written whole.
  virtual void write(std::string message) = 0;
};

// What a factory makes: a transport that accepts clients and serves them sessions.
class ServingTransport {
 public:
  virtual ~ServingTransport() = default;
  // Serves until the input ends, the listener stops, or SIGINT/SIGTERM arrives; the process
  // exit code.
  virtual int serve(const Catalog& catalog) = 0;
};

}  // namespace ptmcp::server
