#include "moderation/default_rules.hpp"

#include <array>

#include "render/markdown.hpp"

namespace townhall::moderation {

namespace {

struct DefaultRule {
  std::string_view id;
  std::string_view title;
  std::string_view body;
};

constexpr std::array<DefaultRule, 8> kDefaultRules{{
    {"civility", "Be civil",
     "Argue with ideas, not with people. Disagree as hard as you like, but no insults, name-calling, "
     "threats or personal attacks on other readers, our journalists or the people in our stories."},
    {"no-hate", "No hate or harassment",
     "No attacks on anyone for their race, ethnicity, nationality, religion, sex, gender identity, sexual "
     "orientation, age, disability or illness. Do not follow, pile on or single out another reader."},
    {"on-topic", "Stay on topic",
     "Keep to the story and the discussion under it. Comments that drag every thread to the same hobby-horse, "
     "or that exist only to derail, may be removed."},
    {"no-spam", "No spam or advertising",
     "No advertising, promotion, chain messages, repeated posts or links whose only purpose is traffic. "
     "Linking to a useful source is welcome."},
    {"privacy", "Respect privacy",
     "Do not post anyone's address, phone number, email, workplace or other private details, or rumours "
     "about private people. This includes your own details: we cannot un-publish what others have copied."},
    {"no-impersonation", "Be yourself",
     "Do not pretend to be another person, a public figure, one of our staff or an organisation, and do not "
     "use several accounts to make a view look more popular."},
    {"misinformation", "Don't spread falsehoods",
     "Do not knowingly post false claims presented as fact, especially about health, safety, elections or "
     "emergencies in our area. Say where a claim comes from when you can."},
    {"illegal", "Nothing illegal",
     "Nothing that breaks the law: defamation, contempt of court (such as naming people the courts protect, or "
     "commenting on active cases in ways that could prejudice them), copyright infringement, threats, or "
     "incitement. Anyone may send us a notice about illegal content; we review each one."},
}};

}  // namespace

std::vector<core::Rule> default_rules(std::string_view site_id) {
  std::vector<core::Rule> rules;
  rules.reserve(kDefaultRules.size());
  int number = 0;
  for (const auto& d : kDefaultRules) {
    core::Rule rule;
    rule.site_id = std::string(site_id);
    rule.id = std::string(d.id);
    rule.number = ++number;
    rule.title = std::string(d.title);
    rule.body_markdown = std::string(d.body);
    rule.body_html = render::markdown_to_html(rule.body_markdown);
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace townhall::moderation
