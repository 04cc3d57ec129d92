#include "server/http_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

namespace ptmcp::server {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1 << 30));
}

// Waits for `events` on `fd` until `deadline`; false on time-out or error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  while (true) {
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

std::string address_text(const sockaddr_storage& addr) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(addr).sin_addr, text, sizeof text);
  } else if (addr.ss_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(addr).sin6_addr, text,
                sizeof text);
  }
  return text;
}

int address_port(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  return 0;
}

// The system's largest listen backlog (net.core.somaxconn), or SOMAXCONN.
int system_backlog() {
  std::ifstream in("/proc/sys/net/core/somaxconn");
  int n = 0;
  if (in >> n && n > 0) return n;
  return SOMAXCONN;
}

// One connection, read through a buffer that lives as long as the connection, so bytes of a
// pipelined request read with the one before it are not lost. Reads stop at the request's
// deadline; each write may wait `io`. Non-blocking socket underneath, TLS optional.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int fd, SSL* ssl, std::chrono::seconds io) : fd_(fd), ssl_(ssl), io_(io) {}

  void set_read_deadline(Clock::time_point deadline) { read_deadline_ = deadline; }

  bool has_buffered() const { return pos_ < len_ || (ssl_ != nullptr && SSL_pending(ssl_) > 0); }

  // Waits up to `idle` for the first byte of another request, looking at `stopping` every
  // tenth of a second so that a server stopping does not wait out idle connections.
  bool wait_for_request(std::chrono::milliseconds idle, const std::atomic<bool>& stopping) {
    if (has_buffered()) return true;
    const auto deadline = Clock::now() + idle;
    while (!stopping) {
      const auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(100));
      if (wait_for(fd_, POLLIN, slice)) return alive();
      if (Clock::now() >= deadline) return false;
    }
    return false;
  }

  bool is_readable() const override {
    return has_buffered() || wait_for(fd_, POLLIN, read_limit());
  }

  bool is_writable() const override {
    return wait_for(fd_, POLLOUT, Clock::now() + io_) && alive();
  }

  ssize_t read(char* out, size_t size) override {
    if (pos_ >= len_) {
      const ssize_t n = fill();
      if (n <= 0) return n;
    }
    const std::size_t take = std::min(size, len_ - pos_);
    std::copy_n(buffer_.data() + pos_, take, out);
    pos_ += take;
    return static_cast<ssize_t>(take);
  }

  ssize_t write(const char* data, size_t size) override {
    const auto deadline = Clock::now() + io_;
    std::size_t done = 0;
    while (done < size) {
      if (ssl_ != nullptr) {
        const int n =
            SSL_write(ssl_, data + done, static_cast<int>(std::min<size_t>(size - done, 1 << 30)));
        if (n > 0) {
          done += static_cast<std::size_t>(n);
          continue;
        }
        const int e = SSL_get_error(ssl_, n);
        if (!(e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) ||
            !wait_for(fd_, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline))
          return -1;
      } else {
        const ssize_t n = ::send(fd_, data + done, size - done, MSG_NOSIGNAL);
        if (n > 0) {
          done += static_cast<std::size_t>(n);
          continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (!(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) ||
            !wait_for(fd_, POLLOUT, deadline))
          return -1;
      }
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      ip = address_text(addr);
      port = address_port(addr);
    }
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      ip = address_text(addr);
      port = address_port(addr);
    }
  }

  socket_t socket() const override { return fd_; }

 private:
  // Reads never wait past the request's deadline, nor longer than `io` at a time.
  Clock::time_point read_limit() const { return std::min(read_deadline_, Clock::now() + io_); }

  // The peer has not closed its end (bytes waiting to be read count as alive).
  bool alive() const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return true;
    if (p.revents & (POLLERR | POLLNVAL)) return false;
    char byte = 0;
    const ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR));
  }

  ssize_t fill() {
    pos_ = 0;
    len_ = 0;
    while (true) {
      if (Clock::now() >= read_deadline_) return -1;
      if (ssl_ != nullptr) {
        const int n = SSL_read(ssl_, buffer_.data(), static_cast<int>(buffer_.size()));
        if (n > 0) {
          len_ = static_cast<std::size_t>(n);
          return n;
        }
        const int e = SSL_get_error(ssl_, n);
        if (e == SSL_ERROR_ZERO_RETURN) return 0;
        if (!(e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) ||
            !wait_for(fd_, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, read_limit()))
          return -1;
      } else {
        const ssize_t n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
        if (n >= 0) {
          len_ = static_cast<std::size_t>(n);
          return n;
        }
        if (errno == EINTR) continue;
        if (!(errno == EAGAIN || errno == EWOULDBLOCK) || !wait_for(fd_, POLLIN, read_limit()))
          return -1;
      }
    }
  }

  int fd_;
  SSL* ssl_;
  std::chrono::seconds io_;
  Clock::time_point read_deadline_ = Clock::time_point::max();
  std::array<char, 16384> buffer_{};
  std::size_t pos_ = 0;
  std::size_t len_ = 0;
};

// A fixed set of threads; enqueue() makes the accept loop wait while `max_queued`
// connections already wait for one, so the kernel's backlog holds the rest.
class BoundedPool {
 public:
  BoundedPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (std::size_t i = 0; i < threads; ++i)
      threads_.emplace_back([this] { run(); });
  }
  ~BoundedPool() { shutdown(); }
  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;

  // False when stopping: the task was not queued.
  bool enqueue(std::function<void()> fn) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < max_queued_ || stopping_; });
    if (stopping_) return false;
    queue_.push_back(std::move(fn));
    work_.notify_one();
    return true;
  }

  // Runs what is queued, then joins.
  void shutdown() {
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
        if (queue_.empty()) return;
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

// Set by close_connection_after_response() during a request on this thread.
thread_local bool t_close_after_response = false;

}  // namespace

void close_connection_after_response() {
  t_close_after_response = true;
}

struct Listener::Impl {
  Impl(RoutedServer& routes_in, ConnectionLimits limits_in)
      : routes(routes_in), limits(limits_in) {}

  RoutedServer& routes;
  ConnectionLimits limits;
  SSL_CTX* tls = nullptr;
  int listen_fd = -1;
  int wake[2] = {-1, -1};
  std::atomic<bool> stopping{false};

  std::mutex peers_mutex;
  std::map<std::string, std::size_t> open_by_peer;

  ~Impl() {
    if (listen_fd >= 0) ::close(listen_fd);
    for (int fd : wake)
      if (fd >= 0) ::close(fd);
    if (tls != nullptr) SSL_CTX_free(tls);
  }

  // Counts a connection from `peer`; false when the peer already has its share open.
  bool admit(const std::string& peer) {
    std::lock_guard lock(peers_mutex);
    auto& open = open_by_peer[peer];
    if (open >= limits.per_peer) return false;
    ++open;
    return true;
  }

  void release(const std::string& peer) {
    std::lock_guard lock(peers_mutex);
    if (auto it = open_by_peer.find(peer); it != open_by_peer.end() && --it->second == 0)
      open_by_peer.erase(it);
  }

  // The TLS handshake, bounded by the receive limit like a request.
  SSL* handshake(int fd) {
    SSL* ssl = SSL_new(tls);
    if (ssl == nullptr) return nullptr;
    SSL_set_fd(ssl, fd);
    const auto deadline = Clock::now() + limits.receive;
    while (true) {
      const int n = SSL_accept(ssl);
      if (n == 1) return ssl;
      const int e = SSL_get_error(ssl, n);
      if (!(e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) ||
          !wait_for(fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) {
        SSL_free(ssl);
        ERR_clear_error();
        return nullptr;
      }
    }
  }

  void serve_connection(int fd) {
    SSL* ssl = nullptr;
    if (tls != nullptr) ssl = handshake(fd);
    if (tls == nullptr || ssl != nullptr) {
      ConnectionStream stream(fd, ssl, limits.io);
      for (std::size_t served = 0; served < limits.requests_per_connection; ++served) {
        if (!stream.wait_for_request(limits.keep_alive, stopping)) break;
        stream.set_read_deadline(Clock::now() + limits.receive);
        bool closed = false;
        const bool last = served + 1 == limits.requests_per_connection;
        t_close_after_response = false;
        const bool ok = routes.serve_one(stream, last, closed);
        if (!ok || closed || t_close_after_response) break;
      }
      if (ssl != nullptr) {
        SSL_shutdown(ssl);
        SSL_free(ssl);
      }
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }

  // Over the per-peer cap: a short answer that says so, then the connection is closed.
  static void refuse_busy(int fd) {
    static constexpr std::string_view kBusy =
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
        "Content-Length: 0\r\n\r\n";
    [[maybe_unused]] auto n = ::send(fd, kBusy.data(), kBusy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }
};

Listener::Listener(RoutedServer& routes, ConnectionLimits limits)
    : impl_(std::make_unique<Impl>(routes, limits)) {
  if (::pipe2(impl_->wake, O_CLOEXEC | O_NONBLOCK) != 0) impl_->wake[0] = impl_->wake[1] = -1;
}

Listener::~Listener() = default;

std::string Listener::use_tls(const std::string& cert_file, const std::string& key_file) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return "cannot set up TLS";
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    SSL_CTX_free(ctx);
    ERR_clear_error();
    return "cannot load the TLS certificate and key (check the files)";
  }
  impl_->tls = ctx;
  return "";
}

int Listener::bind(const std::string& address, int port) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
  if (::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof(sockaddr_in6);
  } else {
    return -1;
  }
  const int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (addr.ss_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &yes, sizeof yes);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(fd, system_backlog()) != 0) {
    ::close(fd);
    return -1;
  }
  sockaddr_storage bound{};
  socklen_t bound_len = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_len);
  impl_->listen_fd = fd;
  return address_port(bound);
}

bool Listener::serve() {
  Impl& d = *impl_;
  if (d.listen_fd < 0) return false;
  BoundedPool pool(d.limits.threads, d.limits.max_queued);
  d.routes.set_serving(d.listen_fd);
  while (!d.stopping) {
    pollfd fds[2] = {{d.listen_fd, POLLIN, 0}, {d.wake[0], POLLIN, 0}};
    const int n = ::poll(fds, d.wake[0] >= 0 ? 2 : 1, 1000);
    if (n < 0 && errno != EINTR) break;
    if (d.stopping) break;
    if (n <= 0 || !(fds[0].revents & POLLIN)) continue;
    sockaddr_storage peer{};
    socklen_t peer_len = sizeof peer;
    const int fd = ::accept4(d.listen_fd, reinterpret_cast<sockaddr*>(&peer), &peer_len,
                             SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      // Out of descriptors or the like: wait a moment instead of spinning.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    std::string peer_address = address_text(peer);
    if (!d.admit(peer_address)) {
      spdlog::warn("refused a connection: too many open from one address");
      Impl::refuse_busy(fd);
      continue;
    }
    const bool queued = pool.enqueue([&d, fd, peer_address] {
      d.serve_connection(fd);
      d.release(peer_address);
    });
    if (!queued) {
      ::close(fd);
      d.release(peer_address);
    }
  }
  pool.shutdown();
  return true;
}

void Listener::stop() {
  impl_->stopping = true;
  impl_->routes.set_stopped();
  if (impl_->wake[1] >= 0) {
    const char byte = 1;
    [[maybe_unused]] auto n = ::write(impl_->wake[1], &byte, 1);
  }
}

}  // namespace ptmcp::server
