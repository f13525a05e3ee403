// A fixed pool of threads for handlers that may block on a durable write.
//
// Many workers wait on the store's group commit at once, which is what lets
// one fsync cover many comments; the I/O threads never wait.
//
// Thread-safe. The destructor finishes queued work, then joins.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace townhall::api {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when max_queued jobs are already waiting (the caller answers 503).
  bool submit(std::function<void()> job);

 private:
  void run();

  const std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                    // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace townhall::api
