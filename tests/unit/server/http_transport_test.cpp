// The HTTP transport's start-up checks; the wire itself is tested through real clients in
// tests/integration/http.test.mjs and by the official conformance suite.
#include "server/http_transport.h"

#include <gtest/gtest.h>

namespace ptmcp::server {
namespace {

TEST(HttpTransport, LoopbackHosts) {
  for (const char* h : {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"})
    EXPECT_TRUE(is_loopback_host(h)) << h;
  for (const char* h : {"0.0.0.0", "10.0.0.5", "example.com", "localhost.example.com", "::", ""})
    EXPECT_FALSE(is_loopback_host(h)) << h;
}

TEST(HttpTransport, APublicAddressNeedsTokens) {
  HttpOptions o;
  EXPECT_EQ(check_http_options(o), "");
  o.host = "0.0.0.0";
  EXPECT_NE(check_http_options(o).find("without authentication"), std::string::npos);
  o.tokens = {"short"};
  EXPECT_NE(check_http_options(o).find("at least 16"), std::string::npos);
  o.tokens = {"0123456789abcdef0123"};
  EXPECT_EQ(check_http_options(o), "");
}

TEST(HttpTransport, TlsNeedsBothFiles) {
  HttpOptions o;
  o.tls_cert = "cert.pem";
  EXPECT_NE(check_http_options(o).find("both"), std::string::npos);
  o.tls_key = "key.pem";
  EXPECT_EQ(check_http_options(o), "");
}

}  // namespace
}  // namespace ptmcp::server
