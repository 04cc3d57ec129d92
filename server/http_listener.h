// Accepts and serves the HTTP connections of the Streamable HTTP transport itself, with
// cpp-httplib doing only the parsing and routing of each request, so that every connection
// is bounded: a request's headers and body must arrive within a few seconds (a client that
// sends a byte a second cannot hold a thread), a peer address has a cap on open connections,
// the listen backlog is the system's maximum, pipelined requests are answered in order, and
// TLS handshakes are bounded the same way.
//
// Internal to server/: included by http_transport.cpp only.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <httplib.h>

namespace ptmcp::server {

struct ConnectionLimits {
  std::size_t threads = 8;                     // connections served at once
  std::size_t max_queued = 64;                 // accepted connections waiting for a thread
  std::size_t per_peer = 16;                   // open connections from one peer address
  std::chrono::milliseconds receive{5000};     // for a request's headers and body to arrive
  std::chrono::milliseconds keep_alive{2000};  // idle between two requests
  std::chrono::seconds io{30};                 // one write may wait this long
  std::size_t requests_per_connection = 1000;
};

// An httplib server whose routes are used, never its own listener.
class RoutedServer final : public httplib::Server {
 public:
  // Reads one request from `stream`, routes it and writes the response; false when the
  // connection cannot go on.
  bool serve_one(httplib::Stream& stream, bool close_after, bool& closed) {
    return process_request(stream, close_after, closed, nullptr);
  }

  // httplib ends streamed (chunked) responses when its own listening socket is gone: this
  // lends it ours while serving, and takes it back on stop, which ends open streams.
  void set_serving(int listen_fd) { svr_sock_ = listen_fd; }
  void set_stopped() { svr_sock_ = INVALID_SOCKET; }
};

// Called while a response is being handled (on the thread serving the connection): the
// connection closes after this response instead of reading another request from it. For
// refusals that may leave unread bytes behind (a body the server would not read).
void close_connection_after_response();

class Listener {
 public:
  // `tls_cert` and `tls_key` both empty for plain HTTP.
  Listener(RoutedServer& routes, ConnectionLimits limits);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Loads the certificate chain and key; an empty string when they load, else what failed.
  std::string use_tls(const std::string& cert_file, const std::string& key_file);

  // Binds to a numeric address (IPv4 or IPv6); the port bound (any free one for 0), or -1.
  int bind(const std::string& address, int port);

  // Serves until stop(); false when it could not run.
  bool serve();

  // Thread-safe; may come before serve().
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ptmcp::server
