// Configuration of the townhall binary.
//
// Sources, later ones winning: built-in defaults → TOML file (--config or
// TOWNHALL_CONFIG) → environment variables TOWNHALL_<SECTION>_<KEY> (e.g.
// TOWNHALL_SERVER_PORT=9000) → command-line flags. With nothing configured
// the server runs on ./townhall.db at port 8080. Every setting, its default
// and its meaning are listed in docs/operations.md; unknown keys are errors
// so typos do not pass silently.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/api.hpp"
#include "core/result.hpp"
#include "http/server.hpp"

namespace townhall::cli {

struct Config {
  http::ServerOptions server;
  api::ApiOptions api;
  std::string database_path = "townhall.db";
  int database_readers = 4;
  int node_id = 0;
  std::string log_level = "info";
  bool log_requests = true;
};

// Every known key ("server.port") with its description, for docs and errors.
std::vector<std::pair<std::string, std::string>> config_keys();

// Sets one key from text. Errors name the key and the expected form.
core::Status apply_setting(Config& config, const std::string& key, const std::string& value);

// Reads a TOML file; tables are sections ([server] port = 8080).
core::Status apply_toml_file(Config& config, const std::string& path);

// Applies TOWNHALL_<SECTION>_<KEY> variables from `environment` (name→value).
core::Status apply_environment(Config& config, const std::map<std::string, std::string>& environment);

// The process environment as a map (only TOWNHALL_ variables).
std::map<std::string, std::string> townhall_environment();

}  // namespace townhall::cli
