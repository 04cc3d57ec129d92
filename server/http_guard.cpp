#include "server/http_guard.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace ptmcp::server {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

std::optional<int> parse_port(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return std::nullopt;
  int port = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port > 65535) return std::nullopt;
  return port;
}

bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

bool listed(const std::vector<std::string>& list, std::string_view value) {
  const std::string v = lower(value);
  return std::any_of(list.begin(), list.end(), [&](const std::string& e) { return lower(e) == v; });
}

}  // namespace

std::optional<Authority> parse_authority(std::string_view text) {
  if (text.empty() || text.size() > 300) return std::nullopt;
  Authority out;
  std::string_view rest;
  if (text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string inside(text.substr(1, close - 1));
    in6_addr addr{};
    if (inside.empty() || ::inet_pton(AF_INET6, inside.c_str(), &addr) != 1) return std::nullopt;
    out.host = lower(inside);
    rest = text.substr(close + 1);
  } else {
    const auto colon = text.find(':');
    const std::string_view name = text.substr(0, colon);
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) return std::nullopt;
    out.host = lower(name);
    rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
  }
  if (!rest.empty()) {
    if (rest.front() != ':') return std::nullopt;
    out.port = parse_port(rest.substr(1));
    if (!out.port) return std::nullopt;
  }
  return out;
}

std::optional<Origin> parse_origin(std::string_view text) {
  for (std::string_view scheme : {"http", "https"}) {
    const std::string prefix = std::string(scheme) + "://";
    if (lower(text.substr(0, prefix.size())) == prefix) {
      auto authority = parse_authority(text.substr(prefix.size()));
      if (!authority) return std::nullopt;
      return Origin{std::string(scheme), std::move(*authority)};
    }
  }
  return std::nullopt;
}

bool is_loopback_host(std::string_view host) {
  std::string h = lower(host);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, h.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

Verdict check_host(const HostPolicy& policy, std::string_view host_header) {
  auto authority = parse_authority(host_header);
  if (!authority) return Verdict::kMalformed;
  const std::string& host = authority->host;
  if (is_loopback_host(host)) return Verdict::kAllowed;
  if (host == lower(policy.listen_host) || listed(policy.allowed_hosts, host))
    return Verdict::kAllowed;
  return Verdict::kForbidden;
}

Verdict check_origin(const HostPolicy& policy, std::string_view origin_header) {
  if (listed(policy.allowed_origins, origin_header)) return Verdict::kAllowed;
  if (origin_header == "null") return Verdict::kForbidden;  // sandboxed and file: pages
  auto origin = parse_origin(origin_header);
  if (!origin) return Verdict::kMalformed;
  // Pages served from this machine: http(s)://localhost[:port], http://127.0.0.1[:port]...
  return is_loopback_host(origin->authority.host) ? Verdict::kAllowed : Verdict::kForbidden;
}

std::optional<std::size_t> matching_token(const std::vector<std::string>& tokens,
                                          std::string_view authorization) {
  if (authorization.size() < 7 || lower(authorization.substr(0, 7)) != "bearer ")
    return std::nullopt;
  const std::string_view given = authorization.substr(7);
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (same_secret(given, tokens[i]) && !found) found = i;  // every token compared
  }
  return found;
}

bool needs_tokens(std::string_view bound_address) {
  in_addr v4{};
  in6_addr v6{};
  const std::string a(bound_address);
  const bool literal =
      ::inet_pton(AF_INET, a.c_str(), &v4) == 1 || ::inet_pton(AF_INET6, a.c_str(), &v6) == 1;
  return !literal || !is_loopback_host(a);
}

}  // namespace ptmcp::server
