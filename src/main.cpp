// townhall: the comment and community-moderation server.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return townhall::cli::run_command_line(argc, argv); }
