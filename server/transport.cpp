#include "server/transport.h"

#include <utility>

namespace ptmcp::server {

void TextTransport::reply(const Json& id, const Answer& answer) {
  if (const auto* result = std::get_if<Json>(&answer)) {
    write(serialize_result(id, *result));
  } else {
    write(serialize_error(id, std::get<RpcError>(answer)));
  }
}

void TextTransport::notify(std::string_view method, const Json& params) {
  write(serialize_notification(method, params));
}

void TextTransport::progress(const Json& /*token*/, const Json& params) {
  write(serialize_notification("notifications/progress", params));
}

}  // namespace ptmcp::server
