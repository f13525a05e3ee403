// Runs the real townhall binary for end-to-end tests: a fresh database in a
// temporary directory, an ephemeral port, logs captured to a file.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace townhall::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `townhall <args>` to completion (for CLI commands like `user create`).
CommandResult run_townhall(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

class ServerProcess {
 public:
  // `database` is the SQLite file; `settings` are passed as --set key=value.
  ServerProcess(std::string database, std::vector<std::string> settings = {},
                std::map<std::string, std::string> env = {});
  ~ServerProcess();  // SIGTERM, then SIGKILL if it does not exit in time
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the server and waits until it listens. Returns false (and keeps
  // the log) if it exited or did not come up within the timeout.
  bool start(std::vector<std::string> extra_args = {});
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running();

  // SIGTERM and wait; returns the exit status (or -1 on timeout).
  int stop();
  // SIGKILL: the crash a durability test needs.
  void kill_hard();
  std::string log() const;

 private:
  std::string database_;
  std::vector<std::string> settings_;
  std::map<std::string, std::string> env_;
  std::string log_path_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace townhall::testing
