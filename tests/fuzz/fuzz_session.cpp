// libFuzzer target: the dispatcher and every tool's input path. The session serves
// ptmcp's real catalog (a fresh database per process). Input modes, by the first byte:
//   even: the rest is lines, each handed to the session as a JSON-RPC message;
//   odd:  the rest is JSON, passed as the arguments of every tool in turn.
// Every request must get exactly one well-formed reply, and nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_catalog.h"
#include "server/session.h"

namespace {

using ptmcp::server::Json;

class Sink final : public ptmcp::server::MessageSink {
 public:
  void send(std::string message) override {
    Json parsed = Json::parse(message, nullptr, false);
    if (!parsed.is_object() || parsed.value("jsonrpc", "") != "2.0") std::abort();
  }
};

std::vector<std::string> tool_names() {
  std::vector<std::string> names;
  for (const auto& t : ptmcp::fuzz::catalog().tools.all())
    names.push_back(t.definition.name);
  return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::vector<std::string> tools = tool_names();
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  Sink sink;
  ptmcp::server::Session session(ptmcp::fuzz::catalog(), sink);
  session.receive(
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}})");
  session.receive(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  if (data[0] % 2 == 0) {
    std::size_t start = 0;
    while (start <= rest.size()) {
      auto end = rest.find('\n', start);
      if (end == std::string::npos) end = rest.size();
      session.receive(std::string_view(rest).substr(start, end - start));
      start = end + 1;
    }
  } else {
    Json arguments = Json::parse(rest, nullptr, false);
    if (arguments.is_discarded()) return 0;
    int id = 1;
    for (const auto& name : tools) {
      session.receive(Json{{"jsonrpc", "2.0"},
                           {"id", id++},
                           {"method", "tools/call"},
                           {"params", {{"name", name}, {"arguments", arguments}}}}
                          .dump());
    }
  }
  session.wait_idle();
  return 0;
}
