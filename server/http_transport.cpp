#include "server/http_transport.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "server/http_guard.h"
#include "server/http_listener.h"
#include "server/http_session.h"
#include "server/http_session_table.h"

namespace ptmcp::server {
namespace {

constexpr const char* kEndpoint = "/mcp";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

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
      : name_(catalog.identity.name), options_(options), sessions_(catalog, options) {}

  // Sets up the routes and, with a certificate, TLS; false (and logged) when it cannot.
  bool start() {
    server_ = std::make_unique<RoutedServer>();
    ConnectionLimits limits;
    limits.threads = options_.threads;
    limits.max_queued = options_.max_queued;
    limits.per_peer = options_.max_connections_per_peer;
    limits.receive = options_.receive_timeout;
    limits.io = options_.io_timeout;
    listener_ = std::make_unique<Listener>(*server_, limits);
    if (!options_.tls_cert.empty()) {
      if (auto problem = listener_->use_tls(options_.tls_cert, options_.tls_key);
          !problem.empty()) {
        spdlog::error("cannot start the HTTP server: {}", problem);
        return false;
      }
    }
    auto& svr = *server_;
    svr.set_payload_max_length(options_.max_body_bytes);
    svr.set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) { return screen(req, res); });
    svr.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
          // Never the exception's text: it could carry anything.
          json_error(res, 500, nullptr, error_code::kInternalError, "Internal error");
        });
    svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      // A refusal said Connection: close, and may have left a body unread: nothing more is
      // read from this connection.
      if (res.get_header_value("Connection") == "close") close_connection_after_response();
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

  // Binds `address` (numeric, resolved from the listen name) and serves until stop(); the
  // bound port is announced on stderr.
  bool listen(const std::string& address) {
    const int port = listener_->bind(address, options_.port);
    if (port < 0) return false;
    {
      // A signal that came before the socket was bound: stop() had nothing to wake yet.
      std::lock_guard lock(reaper_mutex_);
      if (stopping_) return true;
    }
    const bool v6 = address.find(':') != std::string::npos;
    std::fprintf(stderr, "%s: serving MCP at %s://%s%s%s:%d%s\n", name_.c_str(),
                 options_.tls_cert.empty() ? "http" : "https", v6 ? "[" : "", address.c_str(),
                 v6 ? "]" : "", port, kEndpoint);
    std::fflush(stderr);
    reaper_ = std::thread([this] { reap_loop(); });
    return listener_->serve();
  }

  void stop() {
    {
      std::lock_guard lock(reaper_mutex_);
      stopping_ = true;
    }
    reaper_wake_.notify_all();
    if (listener_) listener_->stop();
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

  HostPolicy policy() const {
    return HostPolicy{options_.host, options_.allowed_hosts, options_.allowed_origins};
  }

  // The token a request carries (by index); nothing without tokens or without a match.
  std::optional<std::size_t> token_of(const httplib::Request& req) const {
    if (options_.tokens.empty()) return std::nullopt;
    return matching_token(options_.tokens, req.get_header_value("Authorization"));
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
    // own name as Host. One Host, well formed, and allowed; at most one Origin, likewise.
    if (req.get_header_value_count("Host") != 1)
      return refuse(400, "Bad request: send exactly one Host header");
    if (req.get_header_value_count("Origin") > 1)
      return refuse(400, "Bad request: send at most one Origin header");
    const HostPolicy hosts = policy();
    switch (check_host(hosts, req.get_header_value("Host"))) {
      case Verdict::kMalformed:
        return refuse(400, "Bad request: the Host header is malformed");
      case Verdict::kForbidden:
        return refuse(403, "Forbidden: this Host is not allowed");
      case Verdict::kAllowed:
        break;
    }
    if (req.has_header("Origin")) {
      switch (check_origin(hosts, req.get_header_value("Origin"))) {
        case Verdict::kMalformed:
          return refuse(400, "Bad request: the Origin header is malformed");
        case Verdict::kForbidden:
          return refuse(403, "Forbidden: this Origin is not allowed");
        case Verdict::kAllowed:
          break;
      }
    }
    if (!options_.tokens.empty() && !token_of(req)) {
      res.set_header("WWW-Authenticate", "Bearer realm=\"" + name_ + "\"");
      return refuse(401, "Unauthorized: send Authorization: Bearer <token>");
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
    if (options_.stateless) {  // there are no sessions to end
      res.status = 405;
      res.set_header("Allow", "POST");
      return;
    }
    const std::string id = req.get_header_value("Mcp-Session-Id");
    if (id.empty())
      return json_error(res, 400, nullptr, error_code::kInvalidRequest,
                        "Bad request: Mcp-Session-Id is required");
    auto session = sessions_.find(id);
    if (!session || session->token() != token_of(req) || !sessions_.remove(id))
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
    if (options_.stateless) {
      // Any Mcp-Session-Id is ignored: this server issues none.
      session = sessions_.standalone(token_of(req));
    } else if (session_id.empty()) {
      if (request == nullptr || request->method != "initialize") {
        return json_error(res, 400, request ? request->id : Json(), error_code::kInvalidRequest,
                          "Bad request: Mcp-Session-Id is required (initialize first)");
      }
      const auto token = token_of(req);
      const std::string owner =
          token ? "token " + std::to_string(*token) : "address " + req.remote_addr;
      SessionTable::Refusal refusal{};
      std::chrono::seconds retry_after{};
      session = sessions_.create(owner, token, refusal, retry_after);
      if (!session) {
        res.set_header("Retry-After", std::to_string(std::max<long long>(1, retry_after.count())));
        if (refusal == SessionTable::Refusal::kTooFast)
          return json_error(res, 429, request->id, error_code::kInvalidRequest,
                            "Too many new sessions from this client; try again later");
        return json_error(res, 503, request->id, error_code::kInternalError,
                          "Every session is in use; try again later");
      }
      created = true;
    } else {
      session = sessions_.find(session_id);
      // A session answers only the token that started it; to anyone else it does not exist.
      if (!session || session->token() != token_of(req)) {
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
    const auto deadline = HttpClock::now() + options_.request_timeout;
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
                   HttpClock::time_point deadline, bool accepts_stream, httplib::Response& res) {
    // Not streamed: notifications for this call are dropped.
    std::optional<std::string> response;
    bool cancelled = false;
    while (!response && !cancelled) {
      Arrived arrived = session.wait(*exchange, deadline);
      response = std::move(arrived.response);
      cancelled = arrived.cancelled;
      if (!arrived.ready) break;
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
              HttpClock::time_point deadline, httplib::DataSink& sink) {
    auto [events, response, cancelled, ready] = session.wait(*exchange, deadline);
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

  const std::string name_;  // the server's name: the realm, the start-up line
  const HttpOptions& options_;
  SessionTable sessions_;
  std::unique_ptr<RoutedServer> server_;
  std::unique_ptr<Listener> listener_;
  std::thread reaper_;
  std::mutex reaper_mutex_;
  std::condition_variable reaper_wake_;
  bool stopping_ = false;
};

// Serves until SIGINT or SIGTERM.
int serve_http(const Catalog& catalog, const HttpOptions& options) {
  // Whether tokens are needed is decided by the address that will be bound, not by the
  // name: "127.lan.example" may resolve anywhere.
  const auto address = resolve_listen_address(options.host);
  if (!address) {
    spdlog::error("cannot resolve the listen address {}", options.host);
    return 64;
  }
  if (auto problem = check_http_options(options, *address); !problem.empty()) {
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
  const bool ok = server.listen(*address);  // returns once stopped, or at once if it cannot bind
  finished = true;
  waiter.join();
  if (!ok && !signalled) {
    spdlog::error("cannot listen on {} port {}", options.host, options.port);
    return 70;
  }
  return 0;
}

class HttpTransport final : public ServingTransport {
 public:
  explicit HttpTransport(HttpOptions options) : options_(std::move(options)) {}
  int serve(const Catalog& catalog) override { return serve_http(catalog, options_); }

 private:
  HttpOptions options_;
};

}  // namespace

std::unique_ptr<ServingTransport> make_http_transport(HttpOptions options) {
  return std::make_unique<HttpTransport>(std::move(options));
}

}  // namespace ptmcp::server
