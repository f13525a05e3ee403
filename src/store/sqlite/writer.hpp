// Writer: the one thread that writes, with group commit.
//
// Callers hand the Writer a job (a function that writes through the write
// connection) and block until it is durable, or ask to be called back then
// (from a second thread, so that answering callers never delays a commit). The writer thread takes every
// job queued so far (up to max_batch), runs them in one BEGIN IMMEDIATE ...
// COMMIT, each inside its own SAVEPOINT so that a failing job rolls back only
// its own changes, and answers all callers once COMMIT has returned. With
// synchronous=FULL that is one fsync for the whole batch, however many
// callers it serves.
//
// Thread safety: run() may be called from any number of threads. Jobs run on
// the writer thread only, one at a time.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "store/sqlite/connection.hpp"

namespace townhall::store::sqlite {

struct WriterOptions {
  // Jobs waiting beyond this are refused with Unavailable ("store_overloaded")
  // rather than queued without bound.
  std::size_t max_queue = 10000;
  // Jobs per transaction at most: bounds how long one batch holds the write
  // lock and how many callers one failed COMMIT disappoints.
  std::size_t max_batch = 256;
};

class Writer {
 public:
  // A job writes through the connection inside its own savepoint. Returning
  // an error rolls back that job's changes (and only those).
  using Job = std::function<core::Status(Connection&)>;

  // Takes ownership of the write connection and starts the writer thread.
  Writer(std::unique_ptr<Connection> connection, WriterOptions options);
  // Runs the jobs already queued, then stops the thread and closes the
  // connection. REQUIRES: no run() call is in progress or starts later.
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // What a submitter hears once its job's batch is over, with the job's
  // result as run() returns it.
  using Done = std::function<void(core::Status)>;

  // Runs `job` in the next batch and blocks until that batch is committed.
  // Ok means the job succeeded and its changes are durable. An error is the
  // job's own, or the batch's (e.g. COMMIT failed), in which case nothing
  // the job wrote was kept.
  core::Status run(Job job);

  // run() without waiting: `done` is called exactly once after the batch's
  // COMMIT, on the writer's notifier thread, or at once on this thread when
  // the job is refused (the queue is full or the writer is stopping). The
  // notifier answers a batch's callers while the writer thread commits the
  // next batch; a slow `done` delays the callers after it, so it must be
  // quick, must not throw, and must not wait for another write.
  void submit(Job job, Done done);

 private:
  struct Pending {
    Job job;
    Done done;
  };
  struct Outcome {
    Done done;
    core::Status status;
  };

  void loop();
  void notify_loop();
  // Runs one batch in one transaction and hands its outcomes to the notifier.
  void commit_batch(std::vector<Pending>& batch);

  const WriterOptions options_;
  std::unique_ptr<Connection> connection_;  // used by the writer thread only

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;      // GUARDED_BY(mu_)

  std::mutex outcomes_mu_;
  std::condition_variable outcomes_ready_;
  std::vector<Outcome> outcomes_;  // GUARDED_BY(outcomes_mu_)
  bool outcomes_done_ = false;     // GUARDED_BY(outcomes_mu_): the writer thread has finished

  // Last: they start after everything above is ready.
  std::thread notifier_;
  std::thread thread_;
};

}  // namespace townhall::store::sqlite
