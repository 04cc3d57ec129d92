// libFuzzer target: the dispatcher and every tool's input path. The session serves
// ptmcp's real catalog (a fresh database per process). Input modes, by the first byte % 3:
//   0: the rest is lines, each handed to the session as a JSON-RPC message;
//   1: the rest is JSON, passed as the arguments of every tool in turn;
//   2: the rest is JSON, passed as the params of every method, each sent as a request and
//      as a notification (and with params left out).
// Every request must get exactly one well-formed reply, and nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_catalog.h"
#include "server/session.h"
#include "server/transport.h"

namespace {

using ptmcp::server::Json;

// What the session sends must serialize to a JSON-RPC 2.0 object, whatever came in.
class Wire final : public ptmcp::server::TextTransport {
 protected:
  void write(std::string message) override {
    Json parsed = Json::parse(message, nullptr, false);
    if (!parsed.is_object() || parsed.value("jsonrpc", "") != "2.0") std::abort();
  }
};

const std::vector<std::string> kMethods = {"initialize",
                                           "ping",
                                           "tools/list",
                                           "tools/call",
                                           "prompts/list",
                                           "prompts/get",
                                           "resources/list",
                                           "resources/read",
                                           "resources/templates/list",
                                           "completion/complete",
                                           "logging/setLevel",
                                           "notifications/initialized",
                                           "notifications/cancelled",
                                           "notifications/progress",
                                           "server/discover"};

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
  Wire wire;
  ptmcp::server::Session session(ptmcp::fuzz::catalog(), wire);
  session.receive(
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}})");
  session.receive(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  if (data[0] % 3 == 2) {
    Json params = Json::parse(rest, nullptr, false);
    if (params.is_discarded()) return 0;
    int id = 1;
    for (const auto& method : kMethods) {
      Json request = {{"jsonrpc", "2.0"}, {"method", method}, {"params", params}};
      session.receive(request.dump());  // as a notification
      request["id"] = id++;
      session.receive(request.dump());
      request.erase("params");
      request["id"] = id++;
      session.receive(request.dump());
    }
  } else if (data[0] % 3 == 0) {
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
