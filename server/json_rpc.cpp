#include "server/json_rpc.h"

#include <optional>

namespace ptmcp::server {
namespace {

// Checks nesting depth and string sizes before the JSON parser sees the text, so a line of
// 100,000 brackets costs one linear scan instead of a deep structure.
std::optional<RpcError> check_shape(std::string_view text, const MessageLimits& limits) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  std::size_t string_bytes = 0;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        continue;
      }
      if (++string_bytes > limits.max_string_bytes) {
        return RpcError{error_code::kInvalidRequest,
                        "A string in the message is longer than " +
                            std::to_string(limits.max_string_bytes) + " bytes",
                        nullptr};
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        string_bytes = 0;
        break;
      case '{':
      case '[':
        if (++depth > limits.max_depth) {
          return RpcError{
              error_code::kInvalidRequest,
              "The message is nested deeper than " + std::to_string(limits.max_depth) + " levels",
              nullptr};
        }
        break;
      case '}':
      case ']':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return std::nullopt;
}

bool valid_id(const Json& id) {
  return id.is_string() || id.is_number_integer();
}

// Finds the top-level "id" of a message too large in some part to be taken whole, without
// building it: nlohmann's SAX parser keeps its own stack, so depth costs no recursion, and
// nothing but the id is kept. Null when the text is not JSON or has no usable id.
class IdFinder final : public nlohmann::json_sax<Json> {
 public:
  Json id;

  bool null() override { return scalar(Json(nullptr)); }
  bool boolean(bool v) override { return scalar(Json(v)); }
  bool number_integer(number_integer_t v) override { return scalar(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return scalar(Json(v)); }
  bool string(string_t& v) override {
    if (depth_ == 1 && at_id_ && v.size() <= 256) return scalar(Json(v));
    return scalar(Json(nullptr));
  }
  bool binary(binary_t&) override { return scalar(Json(nullptr)); }
  bool start_object(std::size_t) override { return open(); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    at_id_ = depth_ == 1 && k == "id";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    id = nullptr;
    return false;
  }

 private:
  bool scalar(Json v) {
    if (depth_ == 1 && at_id_) id = valid_id(v) ? std::move(v) : Json(nullptr);
    at_id_ = false;
    return true;
  }
  bool open() {
    if (depth_ == 1 && at_id_) id = nullptr;  // an object or array is no id
    at_id_ = false;
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }
  std::size_t depth_ = 0;
  bool at_id_ = false;
};

Json find_id(std::string_view text) {
  IdFinder finder;
  Json::sax_parse(text.begin(), text.end(), &finder, nlohmann::json::input_format_t::json,
                  /*strict=*/true);
  return finder.id;
}

Malformed invalid(Json id, std::string message, bool reply = true) {
  return Malformed{std::move(id),
                   RpcError{error_code::kInvalidRequest, std::move(message), nullptr}, reply};
}

}  // namespace

Incoming parse_message(std::string_view line, const MessageLimits& limits) {
  if (line.size() > limits.max_message_bytes) {
    return invalid(find_id(line), "The message is larger than " +
                                      std::to_string(limits.max_message_bytes) + " bytes");
  }
  // Too deep or with an oversized string: refused, but still with the request's id when the
  // text is JSON that has one, so the client can tell which request failed.
  if (auto problem = check_shape(line, limits)) return Malformed{find_id(line), *problem, true};

  Json message = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    return Malformed{
        nullptr, RpcError{error_code::kParseError, "Parse error: not valid JSON", nullptr}, true};
  }
  if (message.is_array()) {
    return invalid(nullptr, "Batches are not supported: send one JSON-RPC message per line");
  }
  if (!message.is_object()) return invalid(nullptr, "A JSON-RPC message must be an object");

  const bool has_id = message.contains("id");
  Json id = has_id ? message["id"] : Json(nullptr);
  const bool id_ok = has_id && valid_id(id);
  Json reply_id = id_ok ? id : Json(nullptr);
  // A broken message that reads as a notification (a method, no id) gets silence; any
  // other broken message gets an error reply.
  const bool looks_like_notification = !has_id && message.contains("method");

  auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0") {
    return invalid(reply_id, "\"jsonrpc\" must be \"2.0\"", !looks_like_notification);
  }

  auto method = message.find("method");
  if (method == message.end()) {
    if (message.contains("result") || message.contains("error")) {
      if (!id_ok) return invalid(nullptr, "A response needs a string or integer id", false);
      return Response{id, message.value("result", Json(nullptr)),
                      message.value("error", Json(nullptr))};
    }
    return invalid(reply_id, "The message has no \"method\"");
  }
  if (!method->is_string()) {
    return invalid(reply_id, "\"method\" must be a string", !looks_like_notification);
  }

  Json params = message.value("params", Json(nullptr));
  if (!params.is_null() && !params.is_object()) {
    if (!has_id) return invalid(nullptr, "params must be an object", false);
    return Malformed{reply_id,
                     RpcError{error_code::kInvalidParams, "\"params\" must be an object", nullptr},
                     true};
  }

  if (!has_id) return Notification{method->get<std::string>(), std::move(params)};
  if (!id_ok) return invalid(nullptr, "\"id\" must be a string or an integer (not null)");
  return Request{std::move(id), method->get<std::string>(), std::move(params)};
}

std::string serialize_result(const Json& id, const Json& result) {
  Json message = {{"jsonrpc", "2.0"}, {"id", id}, {"result", result}};
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json error_object(const RpcError& error) {
  Json body = {{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) body["data"] = error.data;
  return body;
}

std::string serialize_error(const Json& id, const RpcError& error) {
  Json message = {{"jsonrpc", "2.0"}, {"id", id}, {"error", error_object(error)}};
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string serialize_notification(std::string_view method, const Json& params) {
  Json message = {{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) message["params"] = params;
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string id_key(const Json& id) {
  return id.dump();
}

}  // namespace ptmcp::server
