// The townhall command line: serve, migrate, user create, site create,
// backup. Each command is a function of the loaded configuration.
#pragma once

#include <string>
#include <vector>

#include "cli/config.hpp"

namespace townhall::cli {

// Parses argv, loads configuration, runs the chosen command; returns the
// process exit code.
int run_command_line(int argc, char** argv);

// Seeds the demo site, story, sample comments and an admin account if the
// database has none of them yet; prints the admin password the one time it
// is created. `site_port` is the demo newspaper's port: its origins are
// allowed to embed the discussion.
core::Status seed_demo(store::Store& store, core::IdGenerator& ids, int site_port);

constexpr const char* kDemoSite = "millbrook";
constexpr const char* kDemoStory = "market-hall-vote";

}  // namespace townhall::cli
