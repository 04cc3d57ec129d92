// libFuzzer target: the HTTP request path. One `ptmcp serve --http` runs in this process on
// loopback (ptmcp's real catalog); each input is sent as raw bytes on a new connection,
// the write side is closed, and the answer read to the end. Whatever the bytes, the server
// must answer or close, never crash or hang.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "fuzz_catalog.h"
#include "server/http_transport.h"

namespace {

int port() {
  static const int p = [] {
    spdlog::set_level(spdlog::level::off);
    const ptmcp::server::Catalog* catalog = &ptmcp::fuzz::catalog();
    auto* options = new ptmcp::server::HttpOptions;
    options->port = 20000 + static_cast<int>(::getpid() % 20000);
    options->max_body_bytes = 64 << 10;
    options->io_timeout = std::chrono::seconds(2);
    options->request_timeout = std::chrono::seconds(5);
    std::thread([catalog, options] {
      ptmcp::server::make_http_transport(*options)->serve(*catalog);
    }).detach();
    // Until it accepts connections.
    for (int i = 0; i < 200; ++i) {
      int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<std::uint16_t>(options->port));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      ::close(fd);
      if (up) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return options->port;
  }();
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int p = port();
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  timeval timeout{10, 0};  // longer than any answer may take: a hang shows as a timeout
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(p));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    // libFuzzer's timer signal can interrupt connect(); the handshake then goes on by
    // itself and its outcome is read once the socket is writable.
    int error = errno;
    if (error == EINTR) {
      pollfd writable{fd, POLLOUT, 0};
      int ready = 0;
      do {
        ready = ::poll(&writable, 1, 10'000);
      } while (ready < 0 && errno == EINTR);
      socklen_t length = sizeof error;
      if (ready <= 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = ETIMEDOUT;
    }
    if (error != 0) {
      std::fprintf(stderr, "fuzz_http: cannot connect: %s\n", std::strerror(error));
      std::abort();
    }
  }
  std::size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  char buffer[4096];
  while (true) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        std::fprintf(stderr, "fuzz_http: no answer and no close within 10 s\n");
        std::abort();  // the server hung
      }
      break;  // reset: fine
    }
  }
  ::close(fd);
  return 0;
}
