// An in-memory transport for unit tests: collects what a session sends, serialized as the
// wire would carry it, and lets a test wait for it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/session.h"
#include "server/transport.h"

namespace ptmcp::testing {

using Json = nlohmann::json;

class MemoryTransport final : public server::TextTransport {
 public:
  std::vector<Json> parsed() {
    std::lock_guard lock(mutex_);
    std::vector<Json> out;
    for (const auto& m : messages_)
      out.push_back(Json::parse(m));
    return out;
  }

  // The response to `id`, waiting up to `timeout` for it; null if none came.
  Json response(const Json& id, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    Json found;
    changed_.wait_for(lock, timeout, [&] {
      for (const auto& m : messages_) {
        Json j = Json::parse(m);
        if (j.contains("id") && j["id"] == id && !j.contains("method")) {
          found = j;
          return true;
        }
      }
      return false;
    });
    return found;
  }

  std::vector<Json> notifications(const std::string& method) {
    std::vector<Json> out;
    for (auto& j : parsed()) {
      if (j.value("method", "") == method) out.push_back(j);
    }
    return out;
  }

  void clear() {
    std::lock_guard lock(mutex_);
    messages_.clear();
  }

 protected:
  void write(std::string message) override {
    {
      std::lock_guard lock(mutex_);
      messages_.push_back(std::move(message));
    }
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> messages_;
};

inline std::string request(int id, const std::string& method, const Json& params = nullptr) {
  Json r = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) r["params"] = params;
  return r.dump();
}

inline std::string initialize_request(int id = 0, const std::string& version = "2025-11-25") {
  return request(id, "initialize",
                 {{"protocolVersion", version},
                  {"capabilities", Json::object()},
                  {"clientInfo", {{"name", "unit-test"}, {"version", "1"}}}});
}

}  // namespace ptmcp::testing
