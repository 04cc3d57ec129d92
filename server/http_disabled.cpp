// The HTTP transport for builds without it (PTMCP_HTTP=OFF, as in the portable binary
// shipped in the plugin and the desktop extension, which Claude starts over stdio).
#include <spdlog/spdlog.h>

#include "server/http_transport.h"

namespace ptmcp::server {
namespace {

class NoHttp final : public ServingTransport {
 public:
  int serve(const Catalog&) override {
    spdlog::error(
        "this binary was built without the HTTP transport (PTMCP_HTTP=OFF); "
        "build it with PTMCP_HTTP=ON to serve over HTTP");
    return 64;
  }
};

}  // namespace

std::unique_ptr<ServingTransport> make_http_transport(HttpOptions) {
  return std::make_unique<NoHttp>();
}

}  // namespace ptmcp::server
