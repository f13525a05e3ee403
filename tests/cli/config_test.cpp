#include "cli/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace townhall::cli {
namespace {

TEST(Config, DefaultsRunOnTownhallDbAtPort8080) {
  Config c;
  EXPECT_EQ(c.database_path, "townhall.db");
  EXPECT_EQ(c.server.port, 8080);
}

TEST(Config, SettingsAreTypedAndNamed) {
  Config c;
  EXPECT_TRUE(apply_setting(c, "server.port", "9000").ok());
  EXPECT_EQ(c.server.port, 9000);
  EXPECT_TRUE(apply_setting(c, "log.requests", "false").ok());
  EXPECT_FALSE(c.log_requests);
  EXPECT_TRUE(apply_setting(c, "api.session_days", "2").ok());
  EXPECT_EQ(c.api.session_lifetime, 2 * core::kMillisPerDay);

  auto unknown = apply_setting(c, "server.prot", "1");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_setting");
  EXPECT_FALSE(apply_setting(c, "server.port", "eighty").ok());
  EXPECT_FALSE(apply_setting(c, "server.port", "70000").ok());
  EXPECT_FALSE(apply_setting(c, "log.requests", "yes").ok());
  EXPECT_FALSE(apply_setting(c, "node.id", "1024").ok());
}

TEST(Config, EnvironmentNamesMapToSections) {
  Config c;
  ASSERT_TRUE(
      apply_environment(c, {{"TOWNHALL_SERVER_MAX_BODY_BYTES", "1024"}, {"TOWNHALL_DATABASE_PATH", "x.db"}}).ok());
  EXPECT_EQ(c.server.max_body_bytes, 1024u);
  EXPECT_EQ(c.database_path, "x.db");
  auto bad = apply_environment(c, {{"TOWNHALL_NOPE", "1"}});
  EXPECT_FALSE(bad.ok());
}

TEST(Config, TomlFileSectionsAndErrors) {
  const std::string path = ::testing::TempDir() + "townhall-config-test.toml";
  std::ofstream(path)
      << "[server]\nport = 8181\ntrust_forwarded_for = true\n[limits]\nsignin_failures_per_account = 3\n";
  Config c;
  ASSERT_TRUE(apply_toml_file(c, path).ok());
  EXPECT_EQ(c.server.port, 8181);
  EXPECT_TRUE(c.server.trust_forwarded_for);
  EXPECT_EQ(c.api.signin_failures_per_account, 3);

  std::ofstream(path) << "[server]\nport = \n";
  EXPECT_FALSE(apply_toml_file(c, path).ok()) << "a syntax error is reported, not ignored";
  std::ofstream(path) << "[server]\nspeed = 3\n";
  auto unknown = apply_toml_file(c, path);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("server.speed"), std::string::npos);
  EXPECT_FALSE(apply_toml_file(c, path + ".missing").ok());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace townhall::cli
