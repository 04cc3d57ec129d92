#include "server/http_session_table.h"

#include <sys/random.h>

#include <cerrno>
#include <stdexcept>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

namespace ptmcp::server {

std::string random_session_id() {
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

std::shared_ptr<HttpSession> SessionTable::create(const std::string& owner,
                                                  std::optional<std::size_t> token,
                                                  Refusal& refusal,
                                                  std::chrono::seconds& retry_after) {
  reap();
  refusal = Refusal::kNone;
  std::shared_ptr<HttpSession> evicted;
  std::shared_ptr<HttpSession> s;
  {
    std::lock_guard lock(mutex_);
    const auto now = HttpClock::now();
    auto& started = started_by_owner_[owner];
    while (!started.empty() && now - started.front() >= std::chrono::minutes(1))
      started.pop_front();
    if (started.size() >= options_.max_new_sessions_per_minute) {
      refusal = Refusal::kTooFast;
      retry_after = std::chrono::duration_cast<std::chrono::seconds>(
                        started.front() + std::chrono::minutes(1) - now) +
                    std::chrono::seconds(1);
      return nullptr;
    }
    if (sessions_.size() >= options_.max_sessions) {
      auto oldest = sessions_.end();
      HttpClock::time_point oldest_time = now - options_.session_evict_floor;
      for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
        if (auto t = it->second->idle_time(); t && *t < oldest_time) {
          oldest = it;
          oldest_time = *t;
        }
      }
      if (oldest == sessions_.end()) {
        refusal = Refusal::kFull;
        retry_after = options_.session_evict_floor;
        return nullptr;
      }
      evicted = std::move(oldest->second);
      sessions_.erase(oldest);
    }
    started.push_back(now);
    s = std::make_shared<HttpSession>(random_session_id(), token, catalog_, options_.session);
    sessions_.emplace(s->id(), s);
  }
  if (evicted) {
    spdlog::info("the session idle longest was ended to make room for a new one");
    evicted->cancel_all();
  }
  return s;
}

std::shared_ptr<HttpSession> SessionTable::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second;
}

std::shared_ptr<HttpSession> SessionTable::standalone(std::optional<std::size_t> token) {
  SessionOptions options = options_.session;
  options.stateless = true;
  return std::make_shared<HttpSession>(std::string(), token, catalog_, options);
}

bool SessionTable::remove(const std::string& id) {
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

std::size_t SessionTable::reap() {
  const auto cutoff = HttpClock::now() - options_.session_idle;
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
  {
    std::lock_guard lock(mutex_);
    const auto now = HttpClock::now();
    for (auto it = started_by_owner_.begin(); it != started_by_owner_.end();) {
      if (it->second.empty() || now - it->second.back() >= std::chrono::minutes(1))
        it = started_by_owner_.erase(it);
      else
        ++it;
    }
  }
  if (!gone.empty())
    spdlog::info("{} sessions expired after {} s idle", gone.size(), options_.session_idle.count());
  for (auto& s : gone)
    s->cancel_all();
  return gone.size();
}

void SessionTable::clear() {
  std::map<std::string, std::shared_ptr<HttpSession>> all;
  {
    std::lock_guard lock(mutex_);
    all.swap(sessions_);
  }
  for (auto& [id, s] : all)
    s->cancel_all();
}

}  // namespace ptmcp::server
