#include "cli/commands.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "api/api.hpp"
#include "api/router.hpp"
#include "cli/demo_site.hpp"
#include "cli/logging.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "http/server.hpp"
#include "live/event_bus.hpp"
#include "moderation/default_rules.hpp"
#include "render/markdown.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "web/embedded_assets.hpp"

namespace townhall::cli {

namespace {

struct GlobalOptions {
  std::string config_path;
  std::string database_path;
  std::vector<std::string> settings;  // key=value
};

core::Result<Config> load_config(const GlobalOptions& global) {
  Config config;
  std::string path = global.config_path;
  const auto environment = townhall_environment();
  if (path.empty()) {
    if (auto it = environment.find("TOWNHALL_CONFIG"); it != environment.end()) path = it->second;
  }
  if (!path.empty()) {
    if (auto applied = apply_toml_file(config, path); !applied.ok()) return applied.error();
  }
  if (auto applied = apply_environment(config, environment); !applied.ok()) return applied.error();
  if (!global.database_path.empty()) config.database_path = global.database_path;
  for (const auto& setting : global.settings) {
    const auto eq = setting.find('=');
    if (eq == std::string::npos) {
      return core::make_error(core::ErrorKind::kInvalidArgument, "invalid_setting",
                              "--set takes key=value, got '" + setting + "'");
    }
    if (auto applied = apply_setting(config, setting.substr(0, eq), setting.substr(eq + 1)); !applied.ok()) {
      return applied.error();
    }
  }
  return config;
}

core::Result<std::unique_ptr<store::Store>> open_store(const Config& config) {
  store::SqliteOptions options;
  options.path = config.database_path;
  options.reader_connections = config.database_readers;
  return store::SqliteStore::open(options);
}

int fail(const core::Error& error) {
  std::cerr << "townhall: " << error.message << " (" << error.code << ")\n";
  return 1;
}

int serve(const Config& config, bool demo, int demo_port) {
  init_logging(config.log_level);
  if (auto ok = core::init_crypto(); !ok.ok()) return fail(ok.error());
  auto store = open_store(config);
  if (!store.ok()) return fail(store.error());
  core::IdGenerator ids(static_cast<std::uint32_t>(config.node_id));
  live::EventBus bus;

  // The demo newspaper binds first: its address goes into the demo site's
  // allowed origins before the API serves anything.
  std::unique_ptr<DemoSite> demo_site;
  if (demo) {
    demo_site = std::make_unique<DemoSite>(config.server.address, static_cast<std::uint16_t>(demo_port));
    if (auto started = demo_site->start(); !started.ok()) return fail(started.error());
    if (auto seeded = seed_demo(**store, ids, demo_site->port()); !seeded.ok()) return fail(seeded.error());
  }

  api::ApiOptions api_options = config.api;
  api_options.streams.node_id = static_cast<std::uint32_t>(config.node_id);
  const auto& assets = web::embedded_assets();
  api_options.assets.assign(assets.begin(), assets.end());
  api::Api api(api_options, **store, bus, ids);

  http::ServerOptions server_options = config.server;
  if (config.log_requests) {
    server_options.on_complete = [](const http::Request& req, const http::Response& res,
                                    std::chrono::microseconds elapsed) {
      spdlog::info(
          R"("event":"request","request_id":"{}","method":"{}","path":"{}","status":{},"duration_us":{},"remote":"{}")",
          req.request_id, api::method_name(req.method), core::json_escape(req.path), res.status, elapsed.count(),
          core::json_escape(req.remote_address));
    };
  }
  http::Server server(server_options, [&api](http::Request&& request, http::Reply reply) {
    api.dispatch(std::move(request), std::move(reply));
  });
  if (auto started = server.start(); !started.ok()) return fail(started.error());
  spdlog::info(R"("event":"listening","address":"{}","port":{},"database":"{}")",
               core::json_escape(config.server.address), server.port(), core::json_escape(config.database_path));
  const std::string host = config.server.address == "0.0.0.0" ? "localhost" : config.server.address;
  // Tests and scripts read the port from this line when they ask for port 0.
  std::cout << "townhall listening on http://" << host << ":" << server.port() << "/" << std::endl;
  if (demo_site) {
    demo_site->set_api_base("http://localhost:" + std::to_string(server.port()));
    std::cout << "demo newspaper on http://localhost:" << demo_site->port() << "/" << std::endl;
  }
  server.run_until_signal();
  if (demo_site) demo_site->stop();
  spdlog::info(R"("event":"stopped")");
  return 0;
}

int create_user(const Config& config, const std::string& email, const std::string& name, const std::string& role_text,
                std::string password) {
  if (auto ok = core::init_crypto(); !ok.ok()) return fail(ok.error());
  auto role = core::parse_role(role_text);
  if (!role)
    return fail(core::make_error(core::ErrorKind::kInvalidArgument, "invalid_role",
                                 "role must be commenter, staff, moderator or admin"));
  bool generated = false;
  if (password.empty()) {
    if (const char* env = std::getenv("TOWNHALL_NEW_PASSWORD")) password = env;
  }
  if (password.empty()) {
    password = core::random_hex(12);
    generated = true;
  }
  auto store = open_store(config);
  if (!store.ok()) return fail(store.error());
  auto hash = core::hash_password(password);
  if (!hash.ok()) return fail(hash.error());
  core::IdGenerator ids(static_cast<std::uint32_t>(config.node_id));
  core::NewUser user;
  user.id = ids.next();
  user.email = email;
  for (char& c : user.email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  user.name = name;
  user.password_hash = *hash;
  user.role = *role;
  user.created_at = core::now_millis();
  auto created = (*store)->create_user(user);
  if (!created.ok()) return fail(created.error());
  std::cout << "created " << core::role_name(created->role) << " " << created->email << " (id "
            << core::id_to_string(created->id) << ")\n";
  if (generated) std::cout << "password (shown once): " << password << "\n";
  return 0;
}

int create_site(const Config& config, const std::string& id, const std::string& name,
                const std::vector<std::string>& origins) {
  auto store = open_store(config);
  if (!store.ok()) return fail(store.error());
  core::Site site;
  site.id = id;
  site.name = name.empty() ? id : name;
  site.allowed_origins = origins;
  site.created_at = core::now_millis();
  auto created = (*store)->create_site(site);
  if (!created.ok()) return fail(created.error());
  // A new site starts with the default community rules; admins edit them.
  auto rules =
      (*store)->replace_rules(created->id, moderation::default_rules(created->id), std::nullopt, 0, site.created_at);
  if (!rules.ok()) return fail(rules.error());
  std::cout << "created site " << created->id << " with " << rules->size() << " default rules\n";
  return 0;
}

}  // namespace

int run_command_line(int argc, char** argv) {
  CLI::App app{"Townhall: comments and community moderation for news sites"};
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("-c,--config", global.config_path, "TOML configuration file (or TOWNHALL_CONFIG)");
  app.add_option("--db", global.database_path, "SQLite database file (database.path)");
  app.add_option("--set", global.settings, "override a setting: key=value (repeatable)");

  auto* serve_cmd = app.add_subcommand("serve", "run the HTTP server");
  int port = -1;
  bool demo = false;
  serve_cmd->add_option("-p,--port", port, "port to listen on (server.port)");
  int demo_port = 0;
  serve_cmd->add_flag("--demo", demo, "seed the demo data and serve the demo newspaper");
  serve_cmd->add_option("--demo-port", demo_port, "port of the demo newspaper (default: any free port)");

  auto* migrate_cmd = app.add_subcommand("migrate", "create or upgrade the database schema, then exit");

  auto* user_cmd = app.add_subcommand("user", "manage accounts");
  user_cmd->require_subcommand(1);
  auto* user_create = user_cmd->add_subcommand("create", "create an account (the first admin, say)");
  std::string email, name, role = "commenter", password;
  user_create->add_option("--email", email, "sign-in email")->required();
  user_create->add_option("--name", name, "display name")->required();
  user_create->add_option("--role", role, "commenter, staff, moderator or admin");
  user_create->add_option("--password", password,
                          "password (else TOWNHALL_NEW_PASSWORD, else one is generated and printed once)");

  auto* site_cmd = app.add_subcommand("site", "manage sites");
  site_cmd->require_subcommand(1);
  auto* site_create = site_cmd->add_subcommand("create", "create a site");
  std::string site_id, site_name;
  std::vector<std::string> origins;
  site_create->add_option("--id", site_id, "short id: lower-case letters, digits, dashes")->required();
  site_create->add_option("--name", site_name, "publication name");
  site_create->add_option("--origin", origins, "allowed origin, e.g. https://news.example (repeatable)");

  auto* backup_cmd = app.add_subcommand("backup", "copy the live database to FILE, safe while serving");
  std::string backup_path;
  backup_cmd->add_option("file", backup_path, "destination file")->required();

  CLI11_PARSE(app, argc, argv);

  auto config = load_config(global);
  if (!config.ok()) return fail(config.error());
  if (port >= 0) {
    if (auto applied = apply_setting(*config, "server.port", std::to_string(port)); !applied.ok()) {
      return fail(applied.error());
    }
  }

  if (*serve_cmd) return serve(*config, demo, demo_port);
  if (*migrate_cmd) {
    store::SqliteOptions options;
    options.path = config->database_path;
    auto version = store::SqliteStore::migrate(options);
    if (!version.ok()) return fail(version.error());
    std::cout << "database " << config->database_path << " is at schema version " << *version << "\n";
    return 0;
  }
  if (*user_create) return create_user(*config, email, name, role, password);
  if (*site_create) return create_site(*config, site_id, site_name, origins);
  if (*backup_cmd) {
    auto store = open_store(*config);
    if (!store.ok()) return fail(store.error());
    if (auto done = (*store)->backup(backup_path); !done.ok()) return fail(done.error());
    std::cout << "backed up " << config->database_path << " to " << backup_path << "\n";
    return 0;
  }
  return 0;
}

}  // namespace townhall::cli
