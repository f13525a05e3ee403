#include "store/sqlite/read_pool.hpp"

#include <utility>

namespace townhall::store::sqlite {

ReadPool::Lease::Lease(ReadPool& pool, std::unique_ptr<Connection> connection)
    : pool_(&pool), connection_(std::move(connection)) {}

ReadPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->release(std::move(connection_));
}

ReadPool::ReadPool(std::vector<std::unique_ptr<Connection>> connections) : idle_(std::move(connections)) {}

ReadPool::Lease ReadPool::acquire() {
  std::unique_lock lock(mu_);
  freed_.wait(lock, [this] { return !idle_.empty(); });
  std::unique_ptr<Connection> connection = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(connection));
}

void ReadPool::release(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(connection));
  }
  freed_.notify_one();
}

core::Result<ReadTransaction> ReadTransaction::begin(Connection& connection) {
  if (!connection.autocommit()) {
    // A previous snapshot was never released (its COMMIT failed); drop it
    // rather than fail every later read on this connection.
    (void)connection.exec_script("ROLLBACK");
  }
  auto stmt = connection.prepare("BEGIN");
  if (!stmt.ok()) return stmt.error();
  if (auto status = stmt->exec(); !status.ok()) return status.error();
  return ReadTransaction(&connection);
}

ReadTransaction::ReadTransaction(ReadTransaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

ReadTransaction::~ReadTransaction() {
  if (connection_ == nullptr || connection_->autocommit()) return;
  auto stmt = connection_->prepare("COMMIT");
  if (stmt.ok() && stmt->exec().ok()) return;
  (void)connection_->exec_script("ROLLBACK");
}

}  // namespace townhall::store::sqlite
