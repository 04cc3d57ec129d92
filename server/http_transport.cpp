#include "server/http_transport.h"

#include <pthread.h>
#include <sys/random.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <httplib.h>
#include <spdlog/spdlog.h>

namespace ptmcp::server {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kEndpoint = "/mcp";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "host:port", "[::1]:port" or "host" -> "host" (brackets kept off).
std::string host_without_port(std::string_view authority) {
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    return lower(
        authority.substr(1, close == std::string_view::npos ? authority.size() : close - 1));
  }
  auto colon = authority.find(':');
  return lower(authority.substr(0, colon));
}

// A session id: 32 random bytes from the kernel's CSPRNG, as hex (visible ASCII).
std::string random_id() {
  unsigned char bytes[32];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed");
    }
    got += static_cast<std::size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

// Compares in time that depends only on the lengths, never on where the texts differ.
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

// One POSTed request waiting for its answer, and (for a stream) the notifications that
// belong to it.
struct Exchange {
  std::string key;  // id_key of the request
  Json progress_token;
  bool streaming = false;
  std::deque<std::string> events;
  std::optional<std::string> response;
  bool cancelled = false;
};

// An MCP session behind an Mcp-Session-Id: the shared Session, plus the routing of what
// it sends to the HTTP requests waiting for it.
class HttpSession final : public MessageSink {
 public:
  HttpSession(std::string id, const Catalog& catalog, const SessionOptions& options)
      : id_(std::move(id)), last_used_(Clock::now()), session_(catalog, *this, options) {}
  ~HttpSession() override = default;  // session_ goes first: it joins its workers

  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  const std::string& id() const { return id_; }

  void send(std::string message) override {
    Json parsed = Json::parse(message, nullptr, false);
    std::lock_guard lock(mutex_);
    if (parsed.is_object() && parsed.contains("id") && !parsed.contains("method")) {
      for (auto& ex : exchanges_) {
        if (ex->key == id_key(parsed["id"])) {
          ex->response = std::move(message);
          break;
        }
      }
    } else if (parsed.is_object()) {
      // A notification: progress goes to the call that asked for it; anything else (log
      // messages) to the oldest open stream. With no stream open it is dropped.
      const Json token = parsed.contains("params") && parsed["params"].is_object()
                             ? parsed["params"].value("progressToken", Json())
                             : Json();
      for (auto& ex : exchanges_) {
        if (!ex->streaming) continue;
        if (token.is_null() || ex->progress_token == token) {
          ex->events.push_back(std::move(message));
          break;
        }
      }
    }
    changed_.notify_all();
  }

  // Registers a request before it is handed to the session; null when its id is in use.
  std::shared_ptr<Exchange> begin(const Request& request, bool streaming) {
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
    last_used_ = Clock::now();
    return ex;
  }

  void end(const std::shared_ptr<Exchange>& ex) {
    std::lock_guard lock(mutex_);
    exchanges_.remove(ex);
    last_used_ = Clock::now();
  }

  // Hands a message to the session; one at a time, as Session requires.
  void receive(std::string_view body) {
    std::lock_guard lock(receive_mutex_);
    {
      std::lock_guard state(mutex_);
      last_used_ = Clock::now();
    }
    session_.receive(body);
  }

  // A client cancelled one of its requests: the session will not answer it, so whoever
  // waits for it stops waiting.
  void cancelled(const Json& request_id) {
    std::lock_guard lock(mutex_);
    for (auto& ex : exchanges_) {
      if (ex->key == id_key(request_id)) ex->cancelled = true;
    }
    changed_.notify_all();
  }

  // Waits until `ex` has a response, an event, or is cancelled; false on timeout. Then
  // moves out what arrived.
  bool wait(Exchange& ex, Clock::time_point deadline, std::deque<std::string>& events,
            std::optional<std::string>& response, bool& cancelled) {
    std::unique_lock lock(mutex_);
    const bool ready = changed_.wait_until(
        lock, deadline, [&] { return ex.response || ex.cancelled || !ex.events.empty(); });
    events.swap(ex.events);
    ex.events.clear();
    response = std::move(ex.response);
    ex.response.reset();
    cancelled = ex.cancelled;
    return ready;
  }

  // When it was last used, or nothing while a request of its is open.
  std::optional<Clock::time_point> idle_time() {
    std::lock_guard lock(mutex_);
    if (!exchanges_.empty()) return std::nullopt;
    return last_used_;
  }

  void cancel_all() { session_.cancel_all(); }

  bool sends_log_messages() const { return session_.sends_log_messages(); }

 private:
  std::string id_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::list<std::shared_ptr<Exchange>> exchanges_;
  Clock::time_point last_used_;
  std::mutex receive_mutex_;
  Session session_;  // last: destroyed first, while the members it sends into still live
};

class SessionTable {
 public:
  SessionTable(const Catalog& catalog, const HttpOptions& options)
      : catalog_(catalog), options_(options) {}

  // A new session. At the cap, the session idle longest makes room (its client gets 404
  // and starts again, as the protocol says); null when every session is busy.
  std::shared_ptr<HttpSession> create() {
    reap();
    std::shared_ptr<HttpSession> evicted;
    std::shared_ptr<HttpSession> s;
    {
      std::lock_guard lock(mutex_);
      if (sessions_.size() >= options_.max_sessions) {
        auto oldest = sessions_.end();
        Clock::time_point oldest_time = Clock::time_point::max();
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
          if (auto t = it->second->idle_time(); t && *t < oldest_time) {
            oldest = it;
            oldest_time = *t;
          }
        }
        if (oldest == sessions_.end()) return nullptr;
        evicted = std::move(oldest->second);
        sessions_.erase(oldest);
      }
      s = std::make_shared<HttpSession>(random_id(), catalog_, options_.session);
      sessions_.emplace(s->id(), s);
    }
    if (evicted) {
      spdlog::info("the session idle longest was ended to make room for a new one");
      evicted->cancel_all();
    }
    return s;
  }

  std::shared_ptr<HttpSession> find(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : it->second;
  }

  bool remove(const std::string& id) {
    std::shared_ptr<HttpSession> gone;
    {
      std::lock_guard lock(mutex_);
      auto it = sessions_.find(id);
      if (it == sessions_.end()) return false;
      gone = std::move(it->second);
      sessions_.erase(it);
    }
    gone->cancel_all();
    return true;  // destroyed when the last request holding it lets go
  }

  // Ends sessions idle longer than the limit; the count ended.
  std::size_t reap() {
    const auto cutoff = Clock::now() - options_.session_idle;
    std::vector<std::shared_ptr<HttpSession>> gone;
    {
      std::lock_guard lock(mutex_);
      for (auto it = sessions_.begin(); it != sessions_.end();) {
        if (auto idle = it->second->idle_time(); idle && *idle < cutoff) {
          gone.push_back(std::move(it->second));
          it = sessions_.erase(it);
        } else {
          ++it;
        }
      }
    }
    if (!gone.empty())
      spdlog::info("{} sessions expired after {} s idle", gone.size(),
                   options_.session_idle.count());
    for (auto& s : gone)
      s->cancel_all();
    return gone.size();
  }

  void clear() {
    std::map<std::string, std::shared_ptr<HttpSession>> all;
    {
      std::lock_guard lock(mutex_);
      all.swap(sessions_);
    }
    for (auto& [id, s] : all)
      s->cancel_all();
  }

 private:
  const Catalog& catalog_;
  const HttpOptions& options_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<HttpSession>> sessions_;
};

// cpp-httplib's thread pool queues without bound; this one makes the accept loop wait
// when `max_queued` connections already wait for a thread.
class BoundedPool final : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (std::size_t i = 0; i < threads; ++i)
      threads_.emplace_back([this] { run(); });
  }
  ~BoundedPool() override { shutdown(); }
  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < max_queued_ || stopping_; });
    queue_.push_back(std::move(fn));
    work_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      if (stopping_ && threads_.empty()) return;
      stopping_ = true;
    }
    work_.notify_all();
    space_.notify_all();
    for (auto& t : threads_)
      t.join();
    threads_.clear();
  }

 private:
  void run() {
    while (true) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mutex_);
        work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to serve
        fn = std::move(queue_.front());
        queue_.pop_front();
        space_.notify_one();
      }
      fn();
    }
  }

  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable space_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

void json_error(httplib::Response& res, int status, const Json& id, int code,
                const std::string& message) {
  res.status = status;
  res.set_content(serialize_error(id, RpcError{code, message, nullptr}), "application/json");
}

std::string sse_event(const std::string& message) {
  return "event: message\ndata: " + message + "\n\n";
}

class HttpServer {
 public:
  HttpServer(const Catalog& catalog, const HttpOptions& options)
      : options_(options), sessions_(catalog, options) {}

  httplib::Server& server() { return *server_; }

  bool start() {
    if (!options_.tls_cert.empty()) {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
      server_ =
          std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
#else
      spdlog::error("this build has no TLS support");
      return false;
#endif
    } else {
      server_ = std::make_unique<httplib::Server>();
    }
    if (!server_->is_valid()) {
      spdlog::error("cannot start the HTTP server (check the TLS certificate and key files)");
      return false;
    }
    auto& svr = *server_;
    svr.new_task_queue = [this] { return new BoundedPool(options_.threads, options_.max_queued); };
    svr.set_read_timeout(options_.io_timeout);
    svr.set_write_timeout(options_.io_timeout);
    // Headers and body go out in separate writes; without this, Nagle's algorithm and the
    // client's delayed ACK hold every answer back about 40 ms.
    svr.set_tcp_nodelay(true);
    svr.set_keep_alive_timeout(2);  // an idle keep-alive connection holds a thread
    svr.set_payload_max_length(options_.max_body_bytes);
    svr.set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) { return screen(req, res); });
    svr.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
          // Never the exception's text: it could carry anything.
          json_error(res, 500, nullptr, error_code::kInternalError, "Internal error");
        });
    svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      // Another path or an unknown method is the client's own text, so it is not written.
      static const std::vector<std::string> kMethods = {"GET",   "POST", "DELETE", "PUT",
                                                        "PATCH", "HEAD", "OPTIONS"};
      const bool known = std::find(kMethods.begin(), kMethods.end(), req.method) != kMethods.end();
      spdlog::info("http {} {} {}", known ? req.method : "(other method)",
                   req.path == kEndpoint ? req.path : "(other path)", res.status);
    });
    svr.Post(kEndpoint,
             [this](const httplib::Request& req, httplib::Response& res) { on_post(req, res); });
    svr.Get(kEndpoint, [](const httplib::Request&, httplib::Response& res) {
      res.status = 405;
      res.set_header("Allow", "POST, DELETE");
    });
    svr.Delete(kEndpoint, [this](const httplib::Request& req, httplib::Response& res) {
      on_delete(req, res);
    });
    return true;
  }

  // Serves until stop(); the bound port is announced on stderr.
  bool listen() {
    int port = options_.port;
    if (port == 0) {
      port = server_->bind_to_any_port(options_.host);
      if (port < 0) return false;
    } else if (!server_->bind_to_port(options_.host, port)) {
      return false;
    }
    {
      // A signal that came before the socket was bound: stop() had nothing to close yet.
      std::lock_guard lock(reaper_mutex_);
      if (stopping_) return true;
    }
    const bool v6 = options_.host.find(':') != std::string::npos;
    std::fprintf(stderr, "ptmcp: serving MCP at %s://%s%s%s:%d%s\n",
                 options_.tls_cert.empty() ? "http" : "https", v6 ? "[" : "", options_.host.c_str(),
                 v6 ? "]" : "", port, kEndpoint);
    std::fflush(stderr);
    reaper_ = std::thread([this] { reap_loop(); });
    const bool ok = server_->listen_after_bind();
    return ok;
  }

  void stop() {
    {
      std::lock_guard lock(reaper_mutex_);
      stopping_ = true;
    }
    reaper_wake_.notify_all();
    if (server_) server_->stop();
  }

  ~HttpServer() {
    stop();
    if (reaper_.joinable()) reaper_.join();
    sessions_.clear();
  }

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

 private:
  void reap_loop() {
    std::unique_lock lock(reaper_mutex_);
    const auto period = std::clamp<std::chrono::seconds>(
        options_.session_idle / 4, std::chrono::seconds(1), std::chrono::seconds(60));
    while (!reaper_wake_.wait_for(lock, period, [&] { return stopping_; })) {
      lock.unlock();
      sessions_.reap();
      lock.lock();
    }
  }

  bool host_allowed(const std::string& host) const {
    if (is_loopback_host(host) || host == lower(options_.host)) return true;
    return std::any_of(options_.allowed_hosts.begin(), options_.allowed_hosts.end(),
                       [&](const std::string& h) { return lower(h) == host; });
  }

  bool origin_allowed(const std::string& origin) const {
    if (std::any_of(options_.allowed_origins.begin(), options_.allowed_origins.end(),
                    [&](const std::string& o) { return lower(o) == lower(origin); }))
      return true;
    // Pages served from this machine: http(s)://localhost[:port] and the like.
    for (std::string_view scheme : {"http://", "https://"}) {
      if (lower(origin).starts_with(scheme)) {
        return is_loopback_host(host_without_port(std::string_view(origin).substr(scheme.size())));
      }
    }
    return false;
  }

  // Everything decided from the request line and headers, before any body is read.
  httplib::Server::HandlerResponse screen(const httplib::Request& req, httplib::Response& res) {
    using HR = httplib::Server::HandlerResponse;
    auto refuse = [&](int status, const std::string& message) {
      json_error(res, status, nullptr, error_code::kInvalidRequest, message);
      res.set_header("Connection", "close");
      return HR::Handled;
    };
    if (req.path != kEndpoint) return refuse(404, "Not found: the MCP endpoint is /mcp");
    // DNS rebinding: a page on another site that resolves to this address still sends its
    // own name as Host.
    if (!req.has_header("Host") || !host_allowed(host_without_port(req.get_header_value("Host"))))
      return refuse(403, "Forbidden: this Host is not allowed");
    if (req.has_header("Origin") && !origin_allowed(req.get_header_value("Origin")))
      return refuse(403, "Forbidden: this Origin is not allowed");
    if (!options_.tokens.empty()) {
      const std::string auth = req.get_header_value("Authorization");
      bool ok = false;
      if (lower(auth.substr(0, 7)) == "bearer ") {
        const std::string given = auth.substr(7);
        for (const auto& token : options_.tokens)
          ok |= same_secret(given, token);  // every token compared, whatever matches
      }
      if (!ok) {
        res.set_header("WWW-Authenticate", R"(Bearer realm="ptmcp")");
        return refuse(401, "Unauthorized: send Authorization: Bearer <token>");
      }
    }
    if (req.method != "POST" && req.method != "GET" && req.method != "DELETE") {
      res.set_header("Allow", "POST, DELETE");
      return refuse(405, "Method not allowed");
    }
    if (req.method == "POST") {
      // cpp-httplib would read a chunked or length-less body without a bound.
      if (lower(req.get_header_value("Transfer-Encoding")).find("chunked") != std::string::npos)
        return refuse(411, "Length required: chunked bodies are not accepted");
      if (!req.has_header("Content-Length"))
        return refuse(411, "Length required: send Content-Length");
      const std::string length = req.get_header_value("Content-Length");
      if (length.empty() || length.size() > 19 ||
          length.find_first_not_of("0123456789") != std::string::npos)
        return refuse(400, "Bad request: invalid Content-Length");
      if (std::stoull(length) > options_.max_body_bytes)
        return refuse(413, "Payload too large: the limit is " +
                               std::to_string(options_.max_body_bytes) + " bytes");
    }
    if (req.has_header("MCP-Protocol-Version")) {
      const std::string version = req.get_header_value("MCP-Protocol-Version");
      if (std::find(kSupportedProtocolVersions.begin(), kSupportedProtocolVersions.end(),
                    version) == kSupportedProtocolVersions.end())
        return refuse(400, "Bad request: unsupported MCP-Protocol-Version");
    }
    return HR::Unhandled;
  }

  void on_delete(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.get_header_value("Mcp-Session-Id");
    if (id.empty())
      return json_error(res, 400, nullptr, error_code::kInvalidRequest,
                        "Bad request: Mcp-Session-Id is required");
    if (!sessions_.remove(id))
      return json_error(res, 404, nullptr, error_code::kInvalidRequest, "Session not found");
    spdlog::info("session ended by the client");
    res.status = 204;
  }

  void on_post(const httplib::Request& req, httplib::Response& res) {
    const std::string type = lower(req.get_header_value("Content-Type"));
    if (!type.starts_with("application/json"))
      return json_error(res, 415, nullptr, error_code::kInvalidRequest,
                        "Unsupported media type: send application/json");
    const std::string accept = lower(req.get_header_value("Accept"));
    const bool accepts_stream = accept.find("text/event-stream") != std::string::npos ||
                                accept.find("*/*") != std::string::npos;
    const bool accepts_json = accept.empty() ||
                              accept.find("application/json") != std::string::npos ||
                              accept.find("*/*") != std::string::npos;
    if (!accepts_json && !accepts_stream)
      return json_error(res, 406, nullptr, error_code::kInvalidRequest,
                        "Not acceptable: accept application/json or text/event-stream");

    Incoming incoming = parse_message(req.body, options_.session.limits);
    if (auto* bad = std::get_if<Malformed>(&incoming)) {
      if (!bad->reply) {
        res.status = 202;
        return;
      }
      res.status = 400;
      res.set_content(serialize_error(bad->id, bad->error), "application/json");
      return;
    }

    const std::string session_id = req.get_header_value("Mcp-Session-Id");
    const auto* request = std::get_if<Request>(&incoming);
    std::shared_ptr<HttpSession> session;
    bool created = false;
    if (session_id.empty()) {
      if (request == nullptr || request->method != "initialize") {
        return json_error(res, 400, request ? request->id : Json(), error_code::kInvalidRequest,
                          "Bad request: Mcp-Session-Id is required (initialize first)");
      }
      session = sessions_.create();
      if (!session) {
        res.set_header("Retry-After", "60");
        return json_error(res, 503, request->id, error_code::kInternalError,
                          "Too many sessions; try again later");
      }
      created = true;
    } else {
      session = sessions_.find(session_id);
      if (!session) {
        return json_error(res, 404, request ? request->id : Json(), error_code::kInvalidRequest,
                          "Session not found: it ended or expired; initialize again");
      }
    }

    if (request == nullptr) {
      if (const auto* n = std::get_if<Notification>(&incoming);
          n != nullptr && n->method == "notifications/cancelled" && n->params.is_object() &&
          n->params.contains("requestId")) {
        session->cancelled(n->params["requestId"]);
      }
      session->receive(req.body);  // notifications; responses are dropped by the session
      res.status = 202;
      return;
    }

    // A stream only when there is something to stream before the answer: progress the
    // client asked for, or log messages during a tool call.
    const bool wants_progress = request->params.is_object() && request->params.contains("_meta") &&
                                request->params["_meta"].is_object() &&
                                request->params["_meta"].contains("progressToken");
    const bool streaming =
        accepts_stream &&
        (wants_progress || (request->method == "tools/call" && session->sends_log_messages()));
    auto exchange = session->begin(*request, streaming);
    if (!exchange) {
      return json_error(res, 400, request->id, error_code::kInvalidRequest,
                        "Request id " + id_key(request->id) + " is already in use");
    }
    session->receive(req.body);
    const auto deadline = Clock::now() + options_.request_timeout;
    if (!streaming) {
      answer_json(*session, exchange, deadline, accepts_stream, res);
      if (created) {
        const Json answer = Json::parse(res.body, nullptr, false);
        if (res.status == 200 && answer.is_object() && answer.contains("result")) {
          res.set_header("Mcp-Session-Id", session->id());
          spdlog::info("session started");
        } else {
          sessions_.remove(session->id());
        }
      }
      return;
    }
    res.status = 200;
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        "text/event-stream",
        [session, exchange, deadline, this](std::size_t, httplib::DataSink& sink) {
          return stream(*session, exchange, deadline, sink);
        },
        [session, exchange](bool) { session->end(exchange); });
  }

  void answer_json(HttpSession& session, const std::shared_ptr<Exchange>& exchange,
                   Clock::time_point deadline, bool accepts_stream, httplib::Response& res) {
    std::deque<std::string> events;  // not streamed: notifications for this call are dropped
    std::optional<std::string> response;
    bool cancelled = false;
    while (!response && !cancelled) {
      if (!session.wait(*exchange, deadline, events, response, cancelled)) break;
    }
    session.end(exchange);
    if (response) {
      res.status = 200;
      res.set_content(*response, "application/json");
    } else if (cancelled) {
      // The client gave up on it, and a cancelled request has no answer. A request must
      // get a stream or a JSON object, so a client that takes streams gets one that ends
      // with nothing in it; otherwise 204.
      if (accepts_stream) {
        res.status = 200;
        res.set_header("Cache-Control", "no-cache");
        res.set_content("", "text/event-stream");
      } else {
        res.status = 204;
      }
    } else {
      res.status = 504;
      res.set_content(timed_out(session, exchange), "application/json");
    }
  }

  // One step of an SSE response: writes what has arrived; true while more is to come.
  bool stream(HttpSession& session, const std::shared_ptr<Exchange>& exchange,
              Clock::time_point deadline, httplib::DataSink& sink) {
    std::deque<std::string> events;
    std::optional<std::string> response;
    bool cancelled = false;
    const bool ready = session.wait(*exchange, deadline, events, response, cancelled);
    auto send = [&sink](const std::string& message) {
      const std::string chunk = sse_event(message);
      return sink.write(chunk.data(), chunk.size());
    };
    for (const auto& e : events) {
      if (!send(e)) return false;
    }
    // The stream ends with the response, with nothing when the client cancelled, or with an
    // error when time ran out.
    if (response) {
      if (!send(*response)) return false;
    } else if (!cancelled && !ready) {
      if (!send(timed_out(session, exchange))) return false;
    }
    if (response || cancelled || !ready) sink.done();
    return true;
  }

  // Cancels a request that ran out of time; the error that answers it.
  static std::string timed_out(HttpSession& session, const std::shared_ptr<Exchange>& exchange) {
    spdlog::warn("a request timed out; cancelling it");
    const Json id = Json::parse(exchange->key);
    session.receive(serialize_notification("notifications/cancelled",
                                           {{"requestId", id}, {"reason", "timed out"}}));
    return serialize_error(id, RpcError{error_code::kInternalError,
                                        "The request timed out and was cancelled", nullptr});
  }

  const HttpOptions& options_;
  SessionTable sessions_;
  std::unique_ptr<httplib::Server> server_;
  std::thread reaper_;
  std::mutex reaper_mutex_;
  std::condition_variable reaper_wake_;
  bool stopping_ = false;
};

}  // namespace

bool is_loopback_host(std::string_view host) {
  std::string h = lower(host);
  if (h.starts_with('[') && h.ends_with(']')) h = h.substr(1, h.size() - 2);
  return h == "localhost" || h == "::1" || h.starts_with("127.");
}

std::string check_http_options(const HttpOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty())
    return "TLS needs both --tls-cert and --tls-key";
  if (!is_loopback_host(options.host) && options.tokens.empty())
    return "refusing to listen on " + options.host +
           " without authentication: give bearer tokens (--token-file or PTMCP_HTTP_TOKENS), "
           "or listen on 127.0.0.1 behind a TLS reverse proxy";
  for (const auto& t : options.tokens) {
    if (t.size() < 16) return "each bearer token must be at least 16 characters";
  }
  if (options.port < 0 || options.port > 65535) return "the port must be 0 to 65535";
  if (options.max_sessions == 0 || options.threads == 0)
    return "--max-sessions and the thread count must be at least 1";
  return "";
}

int serve_http(const Catalog& catalog, const HttpOptions& options) {
  if (auto problem = check_http_options(options); !problem.empty()) {
    spdlog::error("{}", problem);
    return 64;
  }
  // SIGINT and SIGTERM are taken by one thread with sigtimedwait; every other thread
  // (started below, so inheriting the mask) leaves them alone.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  HttpServer server(catalog, options);
  if (!server.start()) return 70;
  std::atomic<bool> finished{false};
  std::atomic<bool> signalled{false};
  std::thread waiter([&] {
    const timespec tick{0, 200'000'000};
    while (!finished) {
      const int sig = sigtimedwait(&signals, nullptr, &tick);
      if (sig > 0) {
        spdlog::info("stopping on signal {}", sig);
        signalled = true;
        server.stop();
        return;
      }
    }
  });
  const bool ok = server.listen();  // returns once stopped, or at once if it cannot bind
  finished = true;
  waiter.join();
  if (!ok && !signalled) {
    spdlog::error("cannot listen on {} port {}", options.host, options.port);
    return 70;
  }
  return 0;
}

}  // namespace ptmcp::server
