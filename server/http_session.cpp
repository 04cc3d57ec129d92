#include "server/http_session.h"

#include <utility>

namespace ptmcp::server {

HttpSession::HttpSession(std::string id, std::optional<std::size_t> token, const Catalog& catalog,
                         const SessionOptions& options)
    : id_(std::move(id)),
      token_(token),
      last_used_(HttpClock::now()),
      session_(catalog, *this, options) {}

void HttpSession::reply(const Json& id, const Answer& answer) {
  const auto* result = std::get_if<Json>(&answer);
  std::string message =
      result ? serialize_result(id, *result) : serialize_error(id, std::get<RpcError>(answer));
  const std::string key = id_key(id);
  std::lock_guard lock(mutex_);
  for (auto& ex : exchanges_) {
    if (ex->key == key) {
      ex->response = std::move(message);
      break;
    }
  }
  changed_.notify_all();
}

void HttpSession::progress(const Json& token, const Json& params) {
  std::string message = serialize_notification("notifications/progress", params);
  std::lock_guard lock(mutex_);
  for (auto& ex : exchanges_) {
    if (ex->streaming && ex->progress_token == token) {
      ex->events.push_back(std::move(message));
      break;
    }
  }
  changed_.notify_all();
}

void HttpSession::notify(std::string_view method, const Json& params) {
  // Belongs to no one request: the oldest open stream carries it; with none open it is
  // dropped (there are no server-initiated streams).
  std::string message = serialize_notification(method, params);
  std::lock_guard lock(mutex_);
  for (auto& ex : exchanges_) {
    if (ex->streaming) {
      ex->events.push_back(std::move(message));
      break;
    }
  }
  changed_.notify_all();
}

std::shared_ptr<Exchange> HttpSession::begin(const Request& request, bool streaming) {
  std::lock_guard lock(mutex_);
  auto key = id_key(request.id);
  for (auto& ex : exchanges_) {
    if (ex->key == key) return nullptr;
  }
  auto ex = std::make_shared<Exchange>();
  ex->key = std::move(key);
  ex->streaming = streaming;
  if (request.params.is_object() && request.params.contains("_meta") &&
      request.params["_meta"].is_object()) {
    ex->progress_token = request.params["_meta"].value("progressToken", Json());
  }
  exchanges_.push_back(ex);
  last_used_ = HttpClock::now();
  return ex;
}

void HttpSession::end(const std::shared_ptr<Exchange>& ex) {
  std::lock_guard lock(mutex_);
  exchanges_.remove(ex);
  last_used_ = HttpClock::now();
}

void HttpSession::receive(std::string_view body) {
  std::lock_guard lock(receive_mutex_);
  {
    std::lock_guard state(mutex_);
    last_used_ = HttpClock::now();
  }
  session_.receive(body);
}

void HttpSession::cancelled(const Json& request_id) {
  const std::string key = id_key(request_id);
  std::lock_guard lock(mutex_);
  for (auto& ex : exchanges_) {
    if (ex->key == key) ex->cancelled = true;
  }
  changed_.notify_all();
}

Arrived HttpSession::wait(Exchange& ex, HttpClock::time_point deadline) {
  std::unique_lock lock(mutex_);
  Arrived out;
  out.ready = changed_.wait_until(
      lock, deadline, [&] { return ex.response || ex.cancelled || !ex.events.empty(); });
  out.events.swap(ex.events);
  out.response = std::move(ex.response);
  ex.response.reset();
  out.cancelled = ex.cancelled;
  return out;
}

std::optional<HttpClock::time_point> HttpSession::idle_time() {
  std::lock_guard lock(mutex_);
  if (!exchanges_.empty()) return std::nullopt;
  return last_used_;
}

}  // namespace ptmcp::server
