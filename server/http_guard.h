// What an HTTP request may reach, decided from its headers alone: Host and Origin against the
// allow-lists (DNS rebinding), the bearer token, and whether a listen address may go without
// tokens. Pure functions, no sockets: each rule has its own unit tests.
//
// Loopback is decided only from a parsed IP literal (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104)
// or the exact name "localhost"; never from how a name begins, since "127.attacker.example"
// is a name anyone can point anywhere.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::server {

// A Host header or an Origin's authority, parsed: the host in lower case without brackets,
// and the port when one was given.
struct Authority {
  std::string host;
  std::optional<int> port;
};

// "name", "name:port", "1.2.3.4:port", "[v6]:port". Nothing else: no user info ("a@b"),
// no spaces or control characters, no path, no empty or out-of-range port.
std::optional<Authority> parse_authority(std::string_view text);

// An Origin header ("https://host[:port]"), or nothing when it is malformed or "null".
struct Origin {
  std::string scheme;  // http or https
  Authority authority;
};
std::optional<Origin> parse_origin(std::string_view text);

// 127.0.0.0/8 written as a dotted quad, ::1, an IPv4-mapped loopback, or "localhost".
bool is_loopback_host(std::string_view host);

struct HostPolicy {
  std::string listen_host;                   // the name or address given to listen on
  std::vector<std::string> allowed_hosts;    // further Host names ("mcp.clinic.org")
  std::vector<std::string> allowed_origins;  // further origins ("https://ehr.example.org")
};

enum class Verdict { kAllowed, kMalformed, kForbidden };

Verdict check_host(const HostPolicy& policy, std::string_view host_header);
Verdict check_origin(const HostPolicy& policy, std::string_view origin_header);

// The index of the token an `Authorization: Bearer ...` header carries, or nothing. Every
// token is compared in full, in time that does not depend on where they differ.
std::optional<std::size_t> matching_token(const std::vector<std::string>& tokens,
                                          std::string_view authorization);

// Whether listening on `bound_address` (the numeric address actually bound, after name
// resolution) needs bearer tokens: every address but a loopback one does.
bool needs_tokens(std::string_view bound_address);

}  // namespace ptmcp::server
