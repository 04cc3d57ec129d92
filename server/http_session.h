// One MCP session of the Streamable HTTP transport, and the routing of what it sends: the
// Session is the one stdio uses; this is its Transport. Each POSTed request registers an
// Exchange before it is handed to the session; the session's reply goes to the exchange of
// its id, progress to the exchange that gave the progress token, and any other notification
// (log messages) to the oldest open stream. Nothing is parsed back: the session hands over
// structured messages (transport.h), serialized once here.
//
// Internal to server/: used by the HTTP transport's session table and server only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "server/catalog.h"
#include "server/json_rpc.h"
#include "server/session.h"
#include "server/transport.h"

namespace ptmcp::server {

using HttpClock = std::chrono::steady_clock;

// One POSTed request waiting for its answer, and (for a stream) the notifications that
// belong to it.
struct Exchange {
  std::string key;  // id_key of the request
  Json progress_token;
  bool streaming = false;
  std::deque<std::string> events;
  std::optional<std::string> response;
  bool cancelled = false;
};

// What waiting on an exchange brought: the notifications to stream, the response, whether
// the client cancelled the request; `ready` is false when the deadline passed first.
struct Arrived {
  std::deque<std::string> events;
  std::optional<std::string> response;
  bool cancelled = false;
  bool ready = false;
};

// An MCP session behind an Mcp-Session-Id (or, stateless, behind one POST).
class HttpSession final : public Transport {
 public:
  HttpSession(std::string id, std::optional<std::size_t> token, const Catalog& catalog,
              const SessionOptions& options);
  ~HttpSession() override = default;  // session_ goes first: it joins its workers

  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  const std::string& id() const { return id_; }
  // The bearer token (by index) the session was created with: only it may use the session.
  const std::optional<std::size_t>& token() const { return token_; }

  // Transport: called by the session, from its reader and its workers.
  void reply(const Json& id, const Answer& answer) override;
  void notify(std::string_view method, const Json& params) override;
  void progress(const Json& token, const Json& params) override;

  // Registers a request before it is handed to the session; null when its id is in use.
  std::shared_ptr<Exchange> begin(const Request& request, bool streaming);
  void end(const std::shared_ptr<Exchange>& ex);

  // Hands a message to the session; one at a time, as Session requires.
  void receive(std::string_view body);

  // A client cancelled one of its requests: the session will not answer it, so whoever
  // waits for it stops waiting.
  void cancelled(const Json& request_id);

  // Waits until `ex` has a response, an event, or is cancelled, or until the deadline; then
  // moves out what arrived.
  Arrived wait(Exchange& ex, HttpClock::time_point deadline);

  // When it was last used, or nothing while a request of its is open.
  std::optional<HttpClock::time_point> idle_time();

  void cancel_all() { session_.cancel_all(); }

  bool sends_log_messages() const { return session_.sends_log_messages(); }

 private:
  std::string id_;
  std::optional<std::size_t> token_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::list<std::shared_ptr<Exchange>> exchanges_;
  HttpClock::time_point last_used_;
  std::mutex receive_mutex_;
  Session session_;  // last: destroyed first, while the members it sends into still live
};

}  // namespace ptmcp::server
