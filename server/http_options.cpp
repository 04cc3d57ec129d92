// The HTTP transport's options: the listen address and the checks made before serving.
#include <netdb.h>

#include <string>

#include "server/http_guard.h"
#include "server/http_transport.h"

namespace ptmcp::server {

std::optional<std::string> resolve_listen_address(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr)
    return std::nullopt;
  char text[NI_MAXHOST] = "";
  const int rc = ::getnameinfo(found->ai_addr, found->ai_addrlen, text, sizeof text, nullptr, 0,
                               NI_NUMERICHOST);
  ::freeaddrinfo(found);
  if (rc != 0) return std::nullopt;
  return std::string(text);
}

std::string check_http_options(const HttpOptions& options, const std::string& bound_address) {
  if (options.tls_cert.empty() != options.tls_key.empty())
    return "TLS needs both --tls-cert and --tls-key";
  if (needs_tokens(bound_address) && options.tokens.empty())
    return "refusing to listen on " + options.host +
           (bound_address == options.host ? "" : " (" + bound_address + ")") +
           " without authentication: give bearer tokens (--token-file" +
           (options.tokens_variable.empty() ? "" : " or " + options.tokens_variable) +
           "), "
           "or listen on 127.0.0.1 behind a TLS reverse proxy";
  for (const auto& t : options.tokens) {
    if (t.size() < 16) return "each bearer token must be at least 16 characters";
  }
  if (options.port < 0 || options.port > 65535) return "the port must be 0 to 65535";
  if (options.max_sessions == 0 || options.threads == 0 || options.max_connections_per_peer == 0 ||
      options.max_new_sessions_per_minute == 0)
    return "--max-sessions, the thread count and the per-client limits must be at least 1";
  return "";
}

}  // namespace ptmcp::server
