#include "server/worker_pool.h"

namespace ptmcp::server {

WorkerPool::WorkerPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i)
    threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (auto& thread : threads_)
    thread.join();
}

void WorkerPool::post(std::function<void()> job) {
  {
    std::unique_lock lock(mutex_);
    space_or_idle_.wait(lock, [this] { return queue_.size() < max_queued_; });
    queue_.push_back(std::move(job));
  }
  work_ready_.notify_one();
}

void WorkerPool::wait_idle() {
  std::unique_lock lock(mutex_);
  space_or_idle_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

void WorkerPool::run() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    space_or_idle_.notify_all();
    job();
    {
      std::lock_guard lock(mutex_);
      --running_;
    }
    space_or_idle_.notify_all();
  }
}

}  // namespace ptmcp::server
