#include "server/json_rpc.h"

#include <gtest/gtest.h>

namespace ptmcp::server {
namespace {

const MessageLimits kLimits{};

TEST(JsonRpc, ClassifiesRequest) {
  auto in = parse_message(R"({"jsonrpc":"2.0","id":7,"method":"ping"})", kLimits);
  ASSERT_TRUE(std::holds_alternative<Request>(in));
  EXPECT_EQ(std::get<Request>(in).id, 7);
  EXPECT_EQ(std::get<Request>(in).method, "ping");
}

TEST(JsonRpc, ClassifiesStringIdRequestWithParams) {
  auto in = parse_message(R"({"jsonrpc":"2.0","id":"a","method":"x","params":{"k":1}})", kLimits);
  ASSERT_TRUE(std::holds_alternative<Request>(in));
  EXPECT_EQ(std::get<Request>(in).params["k"], 1);
}

TEST(JsonRpc, ClassifiesNotification) {
  auto in = parse_message(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", kLimits);
  ASSERT_TRUE(std::holds_alternative<Notification>(in));
}

TEST(JsonRpc, ClassifiesResponse) {
  auto in = parse_message(R"({"jsonrpc":"2.0","id":3,"result":{}})", kLimits);
  ASSERT_TRUE(std::holds_alternative<Response>(in));
}

Malformed malformed(std::string_view line, const MessageLimits& limits = kLimits) {
  auto in = parse_message(line, limits);
  EXPECT_TRUE(std::holds_alternative<Malformed>(in)) << line;
  return std::holds_alternative<Malformed>(in) ? std::get<Malformed>(in) : Malformed{};
}

TEST(JsonRpc, UnparseableIsParseError) {
  auto m = malformed(R"({"jsonrpc":"2.0","id":1,"method":)");
  EXPECT_EQ(m.error.code, error_code::kParseError);
  EXPECT_TRUE(m.id.is_null());
  EXPECT_TRUE(m.reply);
}

TEST(JsonRpc, InvalidUtf8IsParseError) {
  std::string line = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\xff\xfe\"}";
  EXPECT_EQ(malformed(line).error.code, error_code::kParseError);
}

TEST(JsonRpc, BatchIsInvalidRequest) {
  auto m = malformed(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])");
  EXPECT_EQ(m.error.code, error_code::kInvalidRequest);
  EXPECT_NE(m.error.message.find("Batch"), std::string::npos);
}

TEST(JsonRpc, WrongVersionIsInvalidRequestWithTheId) {
  auto m = malformed(R"({"jsonrpc":"1.0","id":4,"method":"ping"})");
  EXPECT_EQ(m.error.code, error_code::kInvalidRequest);
  EXPECT_EQ(m.id, 4);
}

TEST(JsonRpc, NullIdIsInvalidRequest) {
  auto m = malformed(R"({"jsonrpc":"2.0","id":null,"method":"ping"})");
  EXPECT_EQ(m.error.code, error_code::kInvalidRequest);
  EXPECT_TRUE(m.reply);
}

TEST(JsonRpc, FractionalIdIsInvalidRequest) {
  EXPECT_EQ(malformed(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})").error.code,
            error_code::kInvalidRequest);
}

TEST(JsonRpc, NonStringMethodIsInvalidRequest) {
  EXPECT_EQ(malformed(R"({"jsonrpc":"2.0","id":1,"method":5})").error.code,
            error_code::kInvalidRequest);
}

TEST(JsonRpc, NonObjectParamsIsInvalidParams) {
  auto m = malformed(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1]})");
  EXPECT_EQ(m.error.code, error_code::kInvalidParams);
  EXPECT_EQ(m.id, 1);
}

TEST(JsonRpc, BrokenNotificationGetsNoReply) {
  EXPECT_FALSE(malformed(R"({"jsonrpc":"1.0","method":"notifications/initialized"})").reply);
  EXPECT_FALSE(malformed(R"({"jsonrpc":"2.0","method":"x","params":3})").reply);
}

TEST(JsonRpc, ObjectThatIsNeitherRequestNorNotificationGetsANullIdError) {
  auto m = malformed(R"({"type":"Buffer","data":[1,2]})");
  EXPECT_EQ(m.error.code, error_code::kInvalidRequest);
  EXPECT_TRUE(m.id.is_null());
  EXPECT_TRUE(m.reply);
}

TEST(JsonRpc, ScalarIsInvalidRequest) {
  EXPECT_EQ(malformed("42").error.code, error_code::kInvalidRequest);
}

TEST(JsonRpc, DeepNestingIsRefusedBeforeParsing) {
  std::string line(100000, '[');
  auto m = malformed(line);
  EXPECT_EQ(m.error.code, error_code::kInvalidRequest);
  EXPECT_NE(m.error.message.find("nested"), std::string::npos);
}

TEST(JsonRpc, BracketsInsideStringsDoNotCountAsNesting) {
  std::string text(200, '[');
  auto in = parse_message(
      R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"s":")" + text + R"("}})", kLimits);
  EXPECT_TRUE(std::holds_alternative<Request>(in));
}

TEST(JsonRpc, LongStringIsRefused) {
  MessageLimits limits;
  limits.max_string_bytes = 10;
  auto m =
      malformed(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"s":"01234567890"}})", limits);
  EXPECT_NE(m.error.message.find("longer than 10"), std::string::npos);
}

TEST(JsonRpc, LongStringErrorCarriesTheRequestId) {
  MessageLimits limits;
  limits.max_string_bytes = 10;
  auto m = malformed(
      R"({"jsonrpc":"2.0","method":"tools/call","params":{"s":"01234567890","n":{"id":9}},"id":"req-4"})",
      limits);
  EXPECT_EQ(m.id, "req-4");
  EXPECT_NE(m.error.message.find("longer than 10"), std::string::npos);
  // An id that is itself an oversized string (over 256 bytes), or text that is not JSON at
  // all, leaves the id null.
  const std::string long_id(300, 'i');
  EXPECT_TRUE(malformed(R"({"jsonrpc":"2.0","id":")" + long_id + R"(","method":"ping"})", limits)
                  .id.is_null());
  EXPECT_TRUE(malformed(R"({"jsonrpc":"2.0","id":3,"method":"ping","s":"01234567890")", limits)
                  .id.is_null());
}

TEST(JsonRpc, DeepNestingErrorCarriesTheRequestId) {
  std::string nested = std::string(100, '[') + std::string(100, ']');
  auto m = malformed(R"({"jsonrpc":"2.0","id":12,"method":"ping","params":{"x":)" + nested + "}}");
  EXPECT_EQ(m.id, 12);
}

TEST(JsonRpc, EscapedQuoteStaysInsideString) {
  auto in =
      parse_message(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"s":"a\"[[["}})", kLimits);
  EXPECT_TRUE(std::holds_alternative<Request>(in));
}

TEST(JsonRpc, OversizedMessageIsRefused) {
  MessageLimits limits;
  limits.max_message_bytes = 16;
  EXPECT_EQ(malformed(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", limits).error.code,
            error_code::kInvalidRequest);
}

TEST(JsonRpc, SerializesOneLine) {
  std::string out = serialize_error(5, RpcError{-32601, "Method not found: x", nullptr});
  EXPECT_EQ(out.find('\n'), std::string::npos);
  auto j = Json::parse(out);
  EXPECT_EQ(j["error"]["code"], -32601);
  EXPECT_FALSE(j["error"].contains("data"));
  EXPECT_EQ(Json::parse(serialize_result("x", {{"a", 1}}))["result"]["a"], 1);
}

}  // namespace
}  // namespace ptmcp::server
