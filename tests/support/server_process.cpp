#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "support/test_paths.hpp"

namespace townhall::testing {

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(20);

// fork + exec with stdout/stderr to `log_path`; returns the child pid.
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& log_path) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    // Tests must not inherit a developer's configuration.
    if (std::string_view(*e).rfind("TOWNHALL_", 0) == 0) continue;
    env_strings.emplace_back(*e);
  }
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  dup2(fd, STDOUT_FILENO);
  dup2(fd, STDERR_FILENO);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(townhall_binary()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  execve(townhall_binary(), argv.data(), envp.data());
  _exit(127);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (r < 0) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

}  // namespace

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "townhall-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandResult run_townhall(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  TempDir dir;
  const std::string log_path = dir.path() + "/out.log";
  const pid_t pid = spawn(args, env, log_path);
  CommandResult result;
  result.exit_code = wait_exit(pid, std::chrono::seconds(60));
  result.output = read_file(log_path);
  return result;
}

ServerProcess::ServerProcess(std::string database, std::vector<std::string> settings,
                             std::map<std::string, std::string> env)
    : database_(std::move(database)), settings_(std::move(settings)), env_(std::move(env)) {
  log_path_ = database_ + ".log";
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
}

bool ServerProcess::start(std::vector<std::string> extra_args) {
  std::vector<std::string> args = {"--db", database_, "--set", "server.port=0", "--set", "server.address=127.0.0.1"};
  for (const auto& s : settings_) {
    args.emplace_back("--set");
    args.push_back(s);
  }
  args.emplace_back("serve");
  for (auto& a : extra_args) args.push_back(std::move(a));
  const std::size_t log_offset = read_file(log_path_).size();
  pid_ = spawn(args, env_, log_path_);
  static const std::regex kListening(R"(townhall listening on http://[^:]+:(\d+)/)");
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string log_text = read_file(log_path_).substr(log_offset);
    std::smatch m;
    if (std::regex_search(log_text, m, kListening)) {
      port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
      return true;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

bool ServerProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int code = wait_exit(pid_, kStopTimeout);
  if (code == -1) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, kStopTimeout);
  }
  pid_ = -1;
  return code;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_exit(pid_, kStopTimeout);
  pid_ = -1;
}

std::string ServerProcess::log() const { return read_file(log_path_); }

}  // namespace townhall::testing
