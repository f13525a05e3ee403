#include "store/sqlite/writer.hpp"

#include <exception>
#include <optional>
#include <string>
#include <utility>

namespace townhall::store::sqlite {

namespace {

using core::ErrorKind;
using core::Status;

Status run_sql(Connection& connection, const std::string& sql) {
  auto stmt = connection.prepare(sql);
  if (!stmt.ok()) return stmt.error();
  return stmt->exec();
}

Status run_job(const Writer::Job& job, Connection& connection) {
  // A job that throws (std::bad_alloc) must not take the writer thread down
  // with every caller waiting on it.
  try {
    return job(connection);
  } catch (const std::exception& e) {
    return core::make_error(ErrorKind::kInternal, "store_error", std::string("write job threw: ") + e.what());
  } catch (...) {
    return core::make_error(ErrorKind::kInternal, "store_error", "write job threw");
  }
}

// SQLite rolls back the whole transaction on some errors (SQLITE_FULL,
// SQLITE_IOERR, SQLITE_NOMEM); jobs that had succeeded in it are lost.
core::Error transaction_lost() {
  return core::make_error(ErrorKind::kInternal, "store_transaction_lost",
                          "the transaction was rolled back by an error in another write");
}

constexpr char kBegin[] = "BEGIN IMMEDIATE";
constexpr char kCommit[] = "COMMIT";
constexpr char kRollback[] = "ROLLBACK";
constexpr char kSavepoint[] = "SAVEPOINT job";
constexpr char kRelease[] = "RELEASE job";
constexpr char kRollbackToSavepoint[] = "ROLLBACK TO job";

}  // namespace

Writer::Writer(std::unique_ptr<Connection> connection, WriterOptions options)
    : options_(options), connection_(std::move(connection)) {
  notifier_ = std::thread([this] { notify_loop(); });
  thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  {
    std::lock_guard lock(outcomes_mu_);
    outcomes_done_ = true;
  }
  outcomes_ready_.notify_one();
  notifier_.join();
}

Status Writer::run(Job job) {
  // The promise is shared with the callback, so it lives until set_value()
  // has returned, whenever this frame unwinds.
  auto promise = std::make_shared<std::promise<Status>>();
  std::future<Status> done = promise->get_future();
  submit(std::move(job), [promise](Status status) { promise->set_value(std::move(status)); });
  return done.get();
}

void Writer::submit(Job job, Done done) {
  std::optional<core::Error> refused;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      refused = core::make_error(ErrorKind::kUnavailable, "store_closed", "the store is closing");
    } else if (queue_.size() >= options_.max_queue) {
      refused = core::make_error(ErrorKind::kUnavailable, "store_overloaded", "too many writes are waiting");
    } else {
      queue_.push_back(Pending{std::move(job), std::move(done)});
    }
  }
  if (refused) {
    done(std::move(*refused));
    return;
  }
  wake_.notify_one();
}

void Writer::loop() {
  std::vector<Pending> batch;
  for (;;) {
    batch.clear();
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch);
  }
}

void Writer::notify_loop() {
  std::vector<Outcome> ready;
  for (;;) {
    ready.clear();
    {
      std::unique_lock lock(outcomes_mu_);
      outcomes_ready_.wait(lock, [this] { return outcomes_done_ || !outcomes_.empty(); });
      if (outcomes_.empty()) return;  // the writer has finished, and so has everything it handed over
      ready.swap(outcomes_);
    }
    for (Outcome& outcome : ready) outcome.done(std::move(outcome.status));
  }
}

void Writer::commit_batch(std::vector<Pending>& batch) {
  Connection& db = *connection_;
  std::vector<Status> results(batch.size());
  auto fulfill = [&] {
    {
      std::lock_guard lock(outcomes_mu_);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        outcomes_.push_back(Outcome{std::move(batch[i].done), std::move(results[i])});
      }
    }
    outcomes_ready_.notify_one();
  };

  std::size_t first_in_transaction = 0;
  if (Status begun = run_sql(db, kBegin); !begun.ok()) {
    for (auto& result : results) result = begun.error();
    fulfill();
    return;
  }

  for (std::size_t i = 0; i < batch.size(); ++i) {
    Status status = run_sql(db, kSavepoint);
    if (status.ok()) status = run_job(batch[i].job, db);

    if (db.autocommit()) {
      for (std::size_t j = first_in_transaction; j < i; ++j) {
        if (results[j].ok()) results[j] = transaction_lost();
      }
      results[i] = status.ok() ? Status(transaction_lost()) : status;
      first_in_transaction = i + 1;
      if (Status begun = run_sql(db, kBegin); !begun.ok()) {
        for (std::size_t j = i + 1; j < batch.size(); ++j) results[j] = begun.error();
        fulfill();
        return;
      }
      continue;
    }

    if (status.ok()) status = run_sql(db, kRelease);
    if (!status.ok()) {
      // Undo this job's changes, then drop the savepoint so the next job
      // starts from a clean transaction.
      (void)run_sql(db, kRollbackToSavepoint);
      (void)run_sql(db, kRelease);
    }
    results[i] = std::move(status);
  }

  if (Status committed = run_sql(db, kCommit); !committed.ok()) {
    if (!db.autocommit()) (void)run_sql(db, kRollback);
    for (std::size_t j = first_in_transaction; j < batch.size(); ++j) {
      if (results[j].ok()) results[j] = committed.error();
    }
  }
  fulfill();
}

}  // namespace townhall::store::sqlite
