// ReadPool: read-only connections shared by the threads that read.
//
// WAL lets readers run concurrently with each other and with the writer, each
// seeing the last commit made before its read began. The pool hands out one
// connection per reading call; when all are leased, callers wait for one.
//
// Thread safety: acquire() may be called from any thread; a Lease and its
// connection belong to the calling thread until the lease is destroyed.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace townhall::store::sqlite {

class ReadPool {
 public:
  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<Connection> connection);
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // REQUIRES: !connections.empty()
  explicit ReadPool(std::vector<std::unique_ptr<Connection>> connections);
  // REQUIRES: no lease is outstanding.
  ~ReadPool() = default;

  // Blocks until a connection is free.
  Lease acquire();

 private:
  void release(std::unique_ptr<Connection> connection);

  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
};

// A read transaction on a leased connection, so that several queries see one
// snapshot. Ends (COMMIT, which for a read only releases the snapshot) when
// destroyed; declare it before the statements it covers.
class ReadTransaction {
 public:
  static core::Result<ReadTransaction> begin(Connection& connection);
  ReadTransaction(ReadTransaction&& other) noexcept;
  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ~ReadTransaction();

 private:
  explicit ReadTransaction(Connection* connection) : connection_(connection) {}
  Connection* connection_;
};

}  // namespace townhall::store::sqlite
