// serve_http for builds without the HTTP transport (PTMCP_HTTP=OFF, as in the portable
// binary shipped in the plugin and the desktop extension, which Claude starts over stdio).
#include <spdlog/spdlog.h>

#include "server/http_transport.h"

namespace ptmcp::server {

int serve_http(const Catalog&, const HttpOptions&) {
  spdlog::error(
      "this ptmcp was built without the HTTP transport (PTMCP_HTTP=OFF); "
      "build it with PTMCP_HTTP=ON to serve over HTTP");
  return 64;
}

}  // namespace ptmcp::server
