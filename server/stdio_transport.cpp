#include "server/stdio_transport.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include <spdlog/spdlog.h>

namespace ptmcp::server {
namespace {

constexpr auto kEndOfInputGrace = std::chrono::seconds(5);

// Written by the signal handler, read by the poll loop: the self-pipe trick, so a signal
// wakes a reader blocked on stdin without racing it.
int g_signal_pipe[2] = {-1, -1};

extern "C" void on_stop_signal(int) {
  const char byte = 1;
  const int saved = errno;
  [[maybe_unused]] auto n = ::write(g_signal_pipe[1], &byte, 1);
  errno = saved;
}

void install_signal_handlers() {
  if (g_signal_pipe[0] < 0) {
    if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
  }
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout becomes EPIPE, not death
}

// Each message as one line on a file descriptor.
class FdTransport final : public TextTransport {
 public:
  explicit FdTransport(int fd) : fd_(fd) {}

 protected:
  void write(std::string message) override {
    message.push_back('\n');
    std::lock_guard lock(mutex_);
    if (broken_) return;
    std::size_t written = 0;
    while (written < message.size()) {
      ssize_t n = ::write(fd_, message.data() + written, message.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        broken_ = true;  // the client went away; nothing more can reach it
        spdlog::info("stdout closed; dropping further output");
        return;
      }
      written += static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_;
  std::mutex mutex_;
  bool broken_ = false;
};

// Splits the byte stream into lines, refusing any line longer than the message limit
// without buffering it: the rest of such a line is skipped up to its newline.
class LineReader {
 public:
  LineReader(Session& session, Transport& transport, std::size_t max_bytes)
      : session_(session), transport_(transport), max_bytes_(max_bytes) {}

  void feed(const char* data, std::size_t size) {
    for (std::size_t i = 0; i < size;) {
      const char* newline = static_cast<const char*>(std::memchr(data + i, '\n', size - i));
      std::size_t end = newline ? static_cast<std::size_t>(newline - data) : size;
      append(data + i, end - i);
      if (!newline) break;
      finish_line();
      i = end + 1;
    }
  }

  void finish() {
    if (!buffer_.empty() || oversized_) finish_line();
  }

 private:
  void append(const char* data, std::size_t size) {
    if (oversized_) return;
    if (buffer_.size() + size > max_bytes_) {
      oversized_ = true;
      buffer_.clear();
      buffer_.shrink_to_fit();
      return;
    }
    buffer_.append(data, size);
  }

  void finish_line() {
    if (oversized_) {
      oversized_ = false;
      transport_.reply(
          nullptr,
          RpcError{error_code::kInvalidRequest,
                   "The message is larger than " + std::to_string(max_bytes_) + " bytes", nullptr});
      return;
    }
    if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back();
    if (buffer_.find_first_not_of(" \t") != std::string::npos) session_.receive(buffer_);
    buffer_.clear();
  }

  Session& session_;
  Transport& transport_;
  std::size_t max_bytes_;
  std::string buffer_;
  bool oversized_ = false;
};

int serve_stdio(const Catalog& catalog, const SessionOptions& options, int in, int out) {
  install_signal_handlers();
  FdTransport transport(out);
  bool stopped_by_signal = false;
  {
    Session session(catalog, transport, options);
    LineReader reader(session, transport, options.limits.max_message_bytes);
    std::string chunk(std::size_t{64} << 10, '\0');
    while (true) {
      pollfd fds[2] = {{in, POLLIN, 0}, {g_signal_pipe[0], POLLIN, 0}};
      int ready = ::poll(fds, g_signal_pipe[0] >= 0 ? 2 : 1, -1);
      if (ready < 0) {
        if (errno == EINTR) continue;
        spdlog::error("poll failed: errno {}", errno);
        break;
      }
      if (g_signal_pipe[0] >= 0 && (fds[1].revents & POLLIN)) {
        stopped_by_signal = true;
        break;
      }
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        ssize_t n = ::read(in, chunk.data(), chunk.size());
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) break;  // EOF: the client is done with us
        reader.feed(chunk.data(), static_cast<std::size_t>(n));
      }
    }
    if (stopped_by_signal) {
      spdlog::info("stopping on signal");
      session.cancel_all();
    } else {
      reader.finish();
      // Requests already read still deserve their answers: the client may have closed its
      // end for writing only. They get a bounded grace period; then whatever has not started
      // is dropped, and what is running is answered when it returns.
      std::atomic<bool> idle{false};
      std::thread waiter([&] {
        session.wait_idle();
        idle = true;
      });
      const auto deadline = std::chrono::steady_clock::now() + kEndOfInputGrace;
      while (!idle && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      if (!idle) session.cancel_all();
      waiter.join();
    }
  }  // the session joins its workers here
  spdlog::debug("stdio session ended");
  return 0;
}

class StdioTransport final : public ServingTransport {
 public:
  StdioTransport(SessionOptions options, int in, int out) : options_(options), in_(in), out_(out) {}
  int serve(const Catalog& catalog) override { return serve_stdio(catalog, options_, in_, out_); }

 private:
  SessionOptions options_;
  int in_;
  int out_;
};

}  // namespace

std::unique_ptr<ServingTransport> make_stdio_transport(SessionOptions options, int in, int out) {
  return std::make_unique<StdioTransport>(options, in, out);
}

}  // namespace ptmcp::server
