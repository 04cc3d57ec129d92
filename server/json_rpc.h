// JSON-RPC 2.0 framing for MCP: one message per line, classified once into a request,
// a notification, a response, or the error reply the line deserves. No batches (MCP
// removed them in 2025-06-18). All functions here are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

namespace ptmcp::server {

using Json = nlohmann::json;

namespace error_code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kResourceNotFound = -32002;
}  // namespace error_code

struct RpcError {
  int code = error_code::kInternalError;
  std::string message;
  Json data;  // null when absent
};

// Bounds on one incoming message; anything larger is refused with a clear error.
struct MessageLimits {
  std::size_t max_message_bytes = std::size_t{4} << 20;
  std::size_t max_depth = 64;
  std::size_t max_string_bytes = std::size_t{1} << 20;
};

struct Request {
  Json id;  // a string or an integer, never null
  std::string method;
  Json params;  // an object, or null when absent
};

struct Notification {
  std::string method;
  Json params;
};

struct Response {
  Json id;
  Json result;  // null when the response carries an error
  Json error;   // null when the response carries a result
};

// A line that cannot be served: reply with this error to this id (null when unknown),
// or stay silent when `reply` is false (a broken notification).
struct Malformed {
  Json id;
  RpcError error;
  bool reply = true;
};

using Incoming = std::variant<Request, Notification, Response, Malformed>;

// Parses and classifies one line (without its newline).
Incoming parse_message(std::string_view line, const MessageLimits& limits);

// Serialized messages, each a single line without a trailing newline.
std::string serialize_result(const Json& id, const Json& result);
std::string serialize_error(const Json& id, const RpcError& error);
// The "error" member of a response: code, message, and data when there is any.
Json error_object(const RpcError& error);
std::string serialize_notification(std::string_view method, const Json& params);

// An id as text for logs and maps ("7", "\"abc\"").
std::string id_key(const Json& id);

}  // namespace ptmcp::server
