// The rules a new site starts with.
#include "moderation/default_rules.hpp"

#include <gtest/gtest.h>

#include <set>

namespace townhall::moderation {
namespace {

TEST(DefaultRules, AreNumberedWithUniqueSlugsAndIncludeIllegal) {
  const auto rules = default_rules("courier");
  ASSERT_GE(rules.size(), 6u);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    EXPECT_EQ(rule.site_id, "courier");
    EXPECT_EQ(rule.number, static_cast<int>(i + 1));
    EXPECT_TRUE(ids.insert(rule.id).second) << rule.id;
    ASSERT_FALSE(rule.id.empty());
    EXPECT_LE(rule.id.size(), 40u);
    EXPECT_EQ(rule.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos) << rule.id;
    EXPECT_FALSE(rule.title.empty());
    EXPECT_LE(rule.title.size(), 120u);
    EXPECT_LE(rule.body_markdown.size(), 5000u);
    EXPECT_EQ(rule.body_html.rfind("<p>", 0), 0u) << rule.body_html;
    EXPECT_FALSE(rule.archived);
  }
  for (const char* id : {"civility", "no-hate", "on-topic", "no-spam", "privacy", "no-impersonation", "illegal"}) {
    EXPECT_EQ(ids.count(id), 1u) << id;
  }
}

}  // namespace
}  // namespace townhall::moderation
