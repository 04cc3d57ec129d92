// A fixed set of threads running queued jobs, so a slow tool call never holds up `ping` or
// the next request. post() may be called from any thread; it blocks while the queue is full.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ptmcp::server {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();  // finishes queued jobs, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(std::function<void()> job);
  void wait_idle();  // until the queue is empty and no job runs

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable space_or_idle_;
  std::deque<std::function<void()>> queue_;
  std::size_t running_ = 0;
  std::size_t max_queued_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace ptmcp::server
