// One MCP session: lifecycle (initialize, version negotiation), dispatch of every method,
// cancellation, progress and log notifications. Transports feed it messages and are handed
// what it sends, structured (transport.h); the same session code serves stdio, HTTP and
// the CLI.
//
// Threading: receive() is called by one thread at a time (the transport's reader). Slow
// methods (tools/call, resources/read) run on the session's workers, so the transport is
// called from several threads (its contract is in transport.h). Every request gets exactly
// one reply, except one the client cancelled, which gets none. No exception escapes
// receive(), whatever the message holds.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "server/catalog.h"
#include "server/json_rpc.h"
#include "server/transport.h"

namespace ptmcp::server {

inline constexpr std::string_view kLatestProtocolVersion = "2025-11-25";
inline const std::vector<std::string_view> kSupportedProtocolVersions = {"2025-11-25", "2025-06-18",
                                                                         "2025-03-26"};

struct SessionOptions {
  MessageLimits limits;
  std::size_t page_size = 50;
  std::size_t workers = 4;
  std::size_t max_queued = 256;
  // Every message stands alone (HTTP without sessions): requests need no initialize before
  // them (they get the latest protocol version), and initialize may come again.
  bool stateless = false;
};

class Session {
 public:
  Session(const Catalog& catalog, Transport& transport, SessionOptions options = {});
  ~Session();  // cancels what is still running and joins the workers
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Handles one incoming line (without its newline).
  void receive(std::string_view line);

  // Blocks until every request received so far has been answered (or cancelled).
  void wait_idle();

  // Marks every request cancelled: those not yet started never run (and get no reply); those
  // running may stop early, and are answered when their handlers return (what they did
  // happened, so the client hears of it).
  void cancel_all();

  // The protocol version agreed in initialize, empty before it.
  std::string protocol_version() const;

  // Whether the client asked for log messages (logging/setLevel), which a transport that
  // answers each request on its own channel must stream alongside the answer.
  bool sends_log_messages() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ptmcp::server
