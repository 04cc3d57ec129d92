// Host, Origin, token and listen-address rules of the HTTP transport, one by one. The
// hostile headers are the ones a DNS-rebinding page can send.
#include "server/http_guard.h"

#include <gtest/gtest.h>

namespace ptmcp::server {
namespace {

TEST(HttpGuard, LoopbackOnlyFromParsedLiterals) {
  for (const char* h : {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "127.255.255.255",
                        "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"})
    EXPECT_TRUE(is_loopback_host(h)) << h;
  for (const char* h :
       {"0.0.0.0", "10.0.0.5", "example.com", "localhost.example.com", "::", "", "127.evil",
        "127.attacker.example", "127.0.0.1.nip.io", "[::1].attacker.example", "127.0.0.1@attacker",
        "127.1", "0177.0.0.1", "localhost.", "128.0.0.1", "::ffff:10.0.0.1", "127.0.0.1 "})
    EXPECT_FALSE(is_loopback_host(h)) << h;
}

TEST(HttpGuard, ParsesAuthoritiesStrictly) {
  auto a = parse_authority("Example.ORG:8443");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "example.org");
  EXPECT_EQ(a->port, 8443);
  auto v6 = parse_authority("[::1]:9");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 9);
  EXPECT_FALSE(parse_authority("localhost")->port);
  for (const char* bad : {"", "127.0.0.1@attacker.example", "127.0.0.1:", "127.0.0.1:99999",
                          "127.0.0.1:8x", "127.0.0.1 :80", "a b", "[::1", "[::1]x", "[nothex]",
                          "host/path", "host:80:81", ":80", "127.0.0.1\t", "h\xc3\xa9.example"})
    EXPECT_FALSE(parse_authority(bad)) << bad;
}

TEST(HttpGuard, HostHeadersThatRebindAreForbiddenOrMalformed) {
  HostPolicy p{"127.0.0.1", {}, {}};
  EXPECT_EQ(check_host(p, "127.0.0.1:8765"), Verdict::kAllowed);
  EXPECT_EQ(check_host(p, "localhost:8765"), Verdict::kAllowed);
  EXPECT_EQ(check_host(p, "[::1]:8765"), Verdict::kAllowed);
  for (const char* h : {"127.attacker.example:8765", "127.0.0.1.nip.io:8765", "127.evil",
                        "attacker.example", "localhost.attacker.example"})
    EXPECT_EQ(check_host(p, h), Verdict::kForbidden) << h;
  for (const char* h : {"[::1].attacker.example:8765", "127.0.0.1@attacker.example:8765",
                        "127.0.0.1 evil", "", "127.0.0.1:8765, evil.example"})
    EXPECT_EQ(check_host(p, h), Verdict::kMalformed) << h;
}

TEST(HttpGuard, AllowListedHostsAndTheListenName) {
  HostPolicy p{"mcp.clinic.org", {"ptmcp.internal"}, {}};
  EXPECT_EQ(check_host(p, "MCP.clinic.org"), Verdict::kAllowed);
  EXPECT_EQ(check_host(p, "ptmcp.internal:443"), Verdict::kAllowed);
  EXPECT_EQ(check_host(p, "other.clinic.org"), Verdict::kForbidden);
}

TEST(HttpGuard, Origins) {
  HostPolicy p{"127.0.0.1", {}, {"https://ehr.example.org"}};
  EXPECT_EQ(check_origin(p, "http://localhost:3000"), Verdict::kAllowed);
  EXPECT_EQ(check_origin(p, "http://127.0.0.1:8765"), Verdict::kAllowed);
  EXPECT_EQ(check_origin(p, "https://[::1]"), Verdict::kAllowed);
  EXPECT_EQ(check_origin(p, "https://EHR.example.org"), Verdict::kAllowed);
  for (const char* o : {"http://127.attacker.example:8765", "http://127.0.0.1.nip.io",
                        "https://evil.example", "null"})
    EXPECT_EQ(check_origin(p, o), Verdict::kForbidden) << o;
  for (const char* o : {"http://127.0.0.1@attacker.example", "ftp://127.0.0.1", "127.0.0.1",
                        "http://127.0.0.1/path", "http://[::1].attacker.example", "http://"})
    EXPECT_EQ(check_origin(p, o), Verdict::kMalformed) << o;
}

TEST(HttpGuard, BearerTokens) {
  const std::vector<std::string> tokens = {"aaaaaaaaaaaaaaaa1", "bbbbbbbbbbbbbbbb2"};
  EXPECT_EQ(matching_token(tokens, "Bearer aaaaaaaaaaaaaaaa1"), 0u);
  EXPECT_EQ(matching_token(tokens, "bearer bbbbbbbbbbbbbbbb2"), 1u);
  EXPECT_FALSE(matching_token(tokens, "Bearer aaaaaaaaaaaaaaaa"));
  EXPECT_FALSE(matching_token(tokens, "Basic aaaaaaaaaaaaaaaa1"));
  EXPECT_FALSE(matching_token(tokens, ""));
  EXPECT_FALSE(matching_token({}, "Bearer x"));
}

TEST(HttpGuard, TokensAreNeededOffLoopbackByTheBoundAddress) {
  EXPECT_FALSE(needs_tokens("127.0.0.1"));
  EXPECT_FALSE(needs_tokens("::1"));
  EXPECT_TRUE(needs_tokens("0.0.0.0"));
  EXPECT_TRUE(needs_tokens("192.0.2.10"));
  EXPECT_TRUE(needs_tokens("::"));
  // A name is never taken as an address: it must be resolved first.
  EXPECT_TRUE(needs_tokens("127.lan.example"));
  EXPECT_TRUE(needs_tokens("localhost"));
}

}  // namespace
}  // namespace ptmcp::server
