// The HTTP transport's start-up checks; the wire itself is tested through real clients in
// tests/integration/http.test.mjs and by the official conformance suite.
#include "server/http_transport.h"

#include <gtest/gtest.h>

namespace ptmcp::server {
namespace {

TEST(HttpTransport, APublicAddressNeedsTokens) {
  HttpOptions o;
  EXPECT_EQ(check_http_options(o, "127.0.0.1"), "");
  o.host = "0.0.0.0";
  EXPECT_NE(check_http_options(o, "0.0.0.0").find("without authentication"), std::string::npos);
  o.tokens = {"short"};
  EXPECT_NE(check_http_options(o, "0.0.0.0").find("at least 16"), std::string::npos);
  o.tokens = {"0123456789abcdef0123"};
  EXPECT_EQ(check_http_options(o, "0.0.0.0"), "");
}

TEST(HttpTransport, ANameThatLooksLocalIsJudgedByWhereItResolves) {
  HttpOptions o;
  o.host = "127.lan.example";
  const std::string problem = check_http_options(o, "192.0.2.10");
  EXPECT_NE(problem.find("without authentication"), std::string::npos) << problem;
  EXPECT_NE(problem.find("192.0.2.10"), std::string::npos) << problem;
  EXPECT_EQ(check_http_options(o, "127.0.0.1"), "");
}

TEST(HttpTransport, ResolvesListenNamesToNumbers) {
  EXPECT_EQ(resolve_listen_address("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(resolve_listen_address("::1"), "::1");
  const auto local = resolve_listen_address("localhost");
  ASSERT_TRUE(local);
  EXPECT_TRUE(*local == "127.0.0.1" || *local == "::1") << *local;
  EXPECT_FALSE(resolve_listen_address("no-such-host.invalid"));
}

TEST(HttpTransport, TlsNeedsBothFiles) {
  HttpOptions o;
  o.tls_cert = "cert.pem";
  EXPECT_NE(check_http_options(o, "127.0.0.1").find("both"), std::string::npos);
  o.tls_key = "key.pem";
  EXPECT_EQ(check_http_options(o, "127.0.0.1"), "");
}

}  // namespace
}  // namespace ptmcp::server
