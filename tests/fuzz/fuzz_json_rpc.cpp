// libFuzzer target: JSON-RPC framing. Any bytes are one incoming line; parsing must
// classify them without crashing, and every error reply must serialize.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "server/json_rpc.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ptmcp::server;
  MessageLimits limits;
  limits.max_message_bytes = 64 << 10;
  limits.max_depth = 32;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  Incoming incoming = parse_message(line, limits);
  if (auto* bad = std::get_if<Malformed>(&incoming)) {
    (void)serialize_error(bad->id, bad->error);
  } else if (auto* request = std::get_if<Request>(&incoming)) {
    (void)serialize_result(request->id, request->params);
    (void)id_key(request->id);
  }
  return 0;
}
