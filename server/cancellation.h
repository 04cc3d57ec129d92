// A flag a request's handler polls to learn that the client cancelled it. Copies share one
// flag; setting and reading it is safe from any thread.
#pragma once

#include <atomic>
#include <memory>

namespace ptmcp::server {

class CancellationToken {
 public:
  CancellationToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  bool cancelled() const { return flag_->load(std::memory_order_acquire); }
  void cancel() const { flag_->store(true, std::memory_order_release); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace ptmcp::server
