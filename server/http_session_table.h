// The live sessions of a Streamable HTTP server: who may start one and how often, which
// session makes room at the cap (the one idle longest, past a floor; never one in use), and
// expiry after an idle time. A stateless server takes a standalone session per POST instead,
// never named and never kept.
//
// Internal to server/: used by the HTTP transport's server only.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/catalog.h"
#include "server/http_session.h"
#include "server/http_transport.h"

namespace ptmcp::server {

// A session id: 32 random bytes from the kernel's CSPRNG, as hex (visible ASCII).
std::string random_session_id();

class SessionTable {
 public:
  SessionTable(const Catalog& catalog, const HttpOptions& options)
      : catalog_(catalog), options_(options) {}

  enum class Refusal { kNone, kFull, kTooFast };

  // A new session for a client (`owner`: its token, or its address without tokens). A
  // client may start only so many sessions a minute. At the cap, the session idle longest
  // makes room if it has been idle longer than the floor (its client gets 404 and starts
  // again, as the protocol says); a session in use is never ended for another. Null with
  // the refusal and when to try again when it cannot.
  std::shared_ptr<HttpSession> create(const std::string& owner, std::optional<std::size_t> token,
                                      Refusal& refusal, std::chrono::seconds& retry_after);

  std::shared_ptr<HttpSession> find(const std::string& id);

  // A session for one POST of a stateless server: never in the table, never named.
  std::shared_ptr<HttpSession> standalone(std::optional<std::size_t> token);

  // Ends a session; false when there is none of that id. It is destroyed when the last
  // request holding it lets go.
  bool remove(const std::string& id);

  // Ends sessions idle longer than the limit; the count ended.
  std::size_t reap();

  // Ends every session (the server stops).
  void clear();

 private:
  const Catalog& catalog_;
  const HttpOptions& options_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<HttpSession>> sessions_;
  std::map<std::string, std::deque<HttpClock::time_point>> started_by_owner_;
};

}  // namespace ptmcp::server
