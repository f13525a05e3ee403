#include "cli/config.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <toml.hpp>

extern char** environ;

namespace townhall::cli {

using core::ErrorKind;
using core::make_error;

namespace {

enum class Kind { kInt, kDouble, kBool, kString };

struct Setting {
  const char* key;
  Kind kind;
  const char* description;
  std::function<void(Config&, const std::string&)> set;  // value already validated for `kind`
};

template <typename T>
std::function<void(Config&, const std::string&)> integer(T Config::*field) {
  return [field](Config& c, const std::string& v) { c.*field = static_cast<T>(std::stoll(v)); };
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> table = {
      {"server.address", Kind::kString, "address to listen on (default 0.0.0.0)",
       [](Config& c, const std::string& v) { c.server.address = v; }},
      {"server.port", Kind::kInt, "TCP port (default 8080; 0 picks a free one)",
       [](Config& c, const std::string& v) { c.server.port = static_cast<std::uint16_t>(std::stoi(v)); }},
      {"server.io_threads", Kind::kInt, "I/O threads (default 0 = one per core)",
       [](Config& c, const std::string& v) { c.server.io_threads = std::stoi(v); }},
      {"server.max_body_bytes", Kind::kInt, "largest request body (default 65536)",
       [](Config& c, const std::string& v) { c.server.max_body_bytes = std::stoull(v); }},
      {"server.max_header_bytes", Kind::kInt, "largest request head (default 16384)",
       [](Config& c, const std::string& v) { c.server.max_header_bytes = std::stoull(v); }},
      {"server.read_timeout_ms", Kind::kInt, "time to receive one request (default 10000)",
       [](Config& c, const std::string& v) { c.server.read_timeout = std::chrono::milliseconds(std::stoll(v)); }},
      {"server.idle_timeout_ms", Kind::kInt, "keep-alive idle time (default 60000)",
       [](Config& c, const std::string& v) { c.server.idle_timeout = std::chrono::milliseconds(std::stoll(v)); }},
      {"server.max_connections", Kind::kInt, "open connections before 503 (default 20000)",
       [](Config& c, const std::string& v) { c.server.max_connections = std::stoull(v); }},
      {"server.shutdown_grace_ms", Kind::kInt, "time in-flight requests get on SIGTERM (default 10000)",
       [](Config& c, const std::string& v) { c.server.shutdown_grace = std::chrono::milliseconds(std::stoll(v)); }},
      {"server.trust_forwarded_for", Kind::kBool, "take the client address from X-Forwarded-For (default false)",
       [](Config& c, const std::string& v) { c.server.trust_forwarded_for = v == "true"; }},
      {"server.max_stream_queue_bytes", Kind::kInt,
       "unsent bytes an event stream may queue before it is closed (default 262144)",
       [](Config& c, const std::string& v) { c.server.max_stream_queue_bytes = std::stoull(v); }},
      {"database.path", Kind::kString, "SQLite database file (default townhall.db)",
       [](Config& c, const std::string& v) { c.database_path = v; }},
      {"database.readers", Kind::kInt, "SQLite read connections (default 4)", integer(&Config::database_readers)},
      {"node.id", Kind::kInt, "this node's id, 0-1023, unique among nodes sharing a database (default 0)",
       integer(&Config::node_id)},
      {"log.level", Kind::kString, "trace, debug, info, warn, error (default info)",
       [](Config& c, const std::string& v) { c.log_level = v; }},
      {"log.requests", Kind::kBool, "log every request (default true)",
       [](Config& c, const std::string& v) { c.log_requests = v == "true"; }},
      {"api.worker_threads", Kind::kInt, "threads for handlers that wait on writes (default 64)",
       [](Config& c, const std::string& v) { c.api.worker_threads = std::stoull(v); }},
      {"api.session_days", Kind::kInt, "sign-in lifetime in days (default 30)",
       [](Config& c, const std::string& v) { c.api.session_lifetime = std::stoll(v) * core::kMillisPerDay; }},
      {"api.session_cache_seconds", Kind::kInt,
       "how long a verified sign-in is trusted without a database read (default 10)",
       [](Config& c, const std::string& v) { c.api.session_cache_ttl = std::stoll(v) * core::kMillisPerSecond; }},
      {"api.thread_max_age_seconds", Kind::kInt, "Cache-Control max-age of threads (default 5)",
       [](Config& c, const std::string& v) { c.api.thread_max_age_seconds = std::stoi(v); }},
      {"api.thread_cache_entries", Kind::kInt, "thread pages kept in memory (default 20000; 0 disables)",
       [](Config& c, const std::string& v) { c.api.thread_cache_entries = std::stoull(v); }},
      {"live.replay_events", Kind::kInt, "recent events kept per followed story for reconnects (default 500)",
       [](Config& c, const std::string& v) { c.api.streams.replay_events = std::stoull(v); }},
      {"live.replay_seconds", Kind::kInt, "how long events are kept for reconnects (default 900)",
       [](Config& c, const std::string& v) { c.api.streams.replay_window = std::chrono::seconds(std::stoll(v)); }},
      {"live.heartbeat_seconds", Kind::kInt, "comment line sent to idle event streams this often (default 25)",
       [](Config& c, const std::string& v) {
         c.api.streams.heartbeat_interval = std::chrono::seconds(std::max(1LL, std::stoll(v)));
       }},
      {"limits.signups_per_hour_per_address", Kind::kDouble, "accounts per address per hour (default 20; 0 = off)",
       [](Config& c, const std::string& v) { c.api.signups_per_hour_per_address = std::stod(v); }},
      {"limits.signin_failures_per_account", Kind::kDouble, "failed sign-ins per account per 15 min (default 5)",
       [](Config& c, const std::string& v) { c.api.signin_failures_per_account = std::stod(v); }},
      {"limits.signin_failures_per_address", Kind::kDouble, "failed sign-ins per address per 15 min (default 50)",
       [](Config& c, const std::string& v) { c.api.signin_failures_per_address = std::stod(v); }},
      {"limits.reports_per_hour", Kind::kDouble, "reports and notices per reader per hour (default 30; 0 = off)",
       [](Config& c, const std::string& v) { c.api.reports_per_hour = std::stod(v); }},
      {"moderation.account_comments_in_a_row", Kind::kInt,
       "comments an account posts quickly before they are held (default 5)",
       [](Config& c, const std::string& v) { c.api.floods.account.capacity = std::max(1LL, std::stoll(v)); }},
      {"moderation.account_seconds_per_comment", Kind::kDouble, "then one more every this many seconds (default 20)",
       [](Config& c, const std::string& v) {
         c.api.floods.account.refill_every = static_cast<core::Millis>(std::stod(v) * core::kMillisPerSecond);
       }},
      {"moderation.address_comments_in_a_row", Kind::kInt, "the same per network address (default 20)",
       [](Config& c, const std::string& v) { c.api.floods.address.capacity = std::max(1LL, std::stoll(v)); }},
      {"moderation.address_seconds_per_comment", Kind::kDouble, "per network address (default 5)",
       [](Config& c, const std::string& v) {
         c.api.floods.address.refill_every = static_cast<core::Millis>(std::stod(v) * core::kMillisPerSecond);
       }},
      {"moderation.burst_accounts_per_minute", Kind::kInt,
       "accounts commenting on one story in a minute that make a burst (default 20)",
       [](Config& c, const std::string& v) {
         c.api.floods.burst_accounts = static_cast<std::size_t>(std::max(1LL, std::stoll(v)));
       }},
      {"moderation.repeat_window_hours", Kind::kDouble, "how long a repeated comment counts as a repeat (default 24)",
       [](Config& c, const std::string& v) {
         c.api.floods.repeat_window = static_cast<core::Millis>(std::stod(v) * core::kMillisPerHour);
       }},
  };
  return table;
}

bool valid_for(Kind kind, const std::string& v) {
  switch (kind) {
    case Kind::kString: return true;
    case Kind::kBool: return v == "true" || v == "false";
    case Kind::kInt: {
      long long out = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
      return ec == std::errc{} && p == v.data() + v.size() && out >= 0;
    }
    case Kind::kDouble: {
      try {
        std::size_t used = 0;
        const double d = std::stod(v, &used);
        return used == v.size() && d >= 0;
      } catch (...) {
        return false;
      }
    }
  }
  return false;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kString: return "text";
    case Kind::kBool: return "true or false";
    case Kind::kInt: return "a whole number >= 0";
    case Kind::kDouble: return "a number >= 0";
  }
  return "";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> config_keys() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : settings()) out.emplace_back(s.key, s.description);
  return out;
}

core::Status apply_setting(Config& config, const std::string& key, const std::string& value) {
  for (const auto& s : settings()) {
    if (key != s.key) continue;
    if (!valid_for(s.kind, value)) {
      return make_error(ErrorKind::kInvalidArgument, "invalid_setting",
                        "setting " + key + " must be " + kind_name(s.kind) + ", got '" + value + "'");
    }
    try {
      s.set(config, value);
    } catch (const std::exception&) {
      return make_error(ErrorKind::kInvalidArgument, "invalid_setting", "setting " + key + " is out of range");
    }
    if (key == "node.id" && (config.node_id < 0 || config.node_id > static_cast<int>(core::kMaxNodeId))) {
      return make_error(ErrorKind::kInvalidArgument, "invalid_setting", "node.id must be between 0 and 1023");
    }
    if (key == "server.port" && std::stoll(value) > 65535) {
      return make_error(ErrorKind::kInvalidArgument, "invalid_setting", "server.port must be at most 65535");
    }
    return {};
  }
  return make_error(ErrorKind::kInvalidArgument, "unknown_setting", "unknown setting '" + key + "'");
}

core::Status apply_toml_file(Config& config, const std::string& path) {
  toml::value root;
  try {
    root = toml::parse(path);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::kInvalidArgument, "invalid_config",
                      std::string("cannot read ") + path + ": " + e.what());
  }
  if (!root.is_table()) return make_error(ErrorKind::kInvalidArgument, "invalid_config", path + " is not a table");
  for (const auto& [section, table] : root.as_table()) {
    if (!table.is_table()) {
      return make_error(ErrorKind::kInvalidArgument, "invalid_config",
                        path + ": '" + section + "' must be a [section] of settings");
    }
    for (const auto& [name, value] : table.as_table()) {
      std::string text;
      if (value.is_string()) {
        text = value.as_string().str;
      } else if (value.is_integer()) {
        text = std::to_string(value.as_integer());
      } else if (value.is_floating()) {
        text = std::to_string(value.as_floating());
      } else if (value.is_boolean()) {
        text = value.as_boolean() ? "true" : "false";
      } else {
        return make_error(ErrorKind::kInvalidArgument, "invalid_config",
                          path + ": " + section + "." + name + " must be a string, number or boolean");
      }
      if (auto applied = apply_setting(config, section + "." + name, text); !applied.ok()) {
        return make_error(ErrorKind::kInvalidArgument, applied.error().code, path + ": " + applied.error().message);
      }
    }
  }
  return {};
}

core::Status apply_environment(Config& config, const std::map<std::string, std::string>& environment) {
  constexpr std::string_view kPrefix = "TOWNHALL_";
  for (const auto& [name, value] : environment) {
    if (name.rfind(kPrefix, 0) != 0 || name == "TOWNHALL_CONFIG") continue;
    std::string rest = name.substr(kPrefix.size());
    for (char& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto underscore = rest.find('_');
    if (underscore == std::string::npos) {
      return make_error(ErrorKind::kInvalidArgument, "unknown_setting", "unknown environment variable " + name);
    }
    rest[underscore] = '.';
    if (auto applied = apply_setting(config, rest, value); !applied.ok()) {
      return make_error(ErrorKind::kInvalidArgument, applied.error().code, name + ": " + applied.error().message);
    }
  }
  return {};
}

std::map<std::string, std::string> townhall_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("TOWNHALL_", 0) != 0) continue;
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

}  // namespace townhall::cli
