// The demo: a fictional local paper, one story, a small discussion and an
// admin account, so that `make run` shows a living comment section.
#include <iostream>

#include "cli/commands.hpp"
#include "core/crypto.hpp"
#include "core/moderation.hpp"
#include "moderation/default_rules.hpp"
#include "render/markdown.hpp"

namespace townhall::cli {

namespace {

struct DemoComment {
  int author;  // index into kReaders
  int parent;  // index into the comments seeded so far, -1 for top level
  const char* body;
};

constexpr const char* kReaders[][2] = {
    {"Margaret Hollis", "margaret@demo.townhall.invalid"},
    {"Tom Reyes", "tom@demo.townhall.invalid"},
    {"Priya Natarajan", "priya@demo.townhall.invalid"},
    {"Ed Kowalski", "ed@demo.townhall.invalid"},
};

constexpr DemoComment kComments[] = {
    {0, -1,
     "I grew up two doors from the annex. A market is a **far better** use than another five years of "
     "boarded windows. Will the stalls be affordable for local growers, though?"},
    {1, 0, "The council papers say stall rents start at £18 a day, which is less than the Saturday fair charges."},
    {0, 1, "That's reassuring, thank you. Do you have a link to those papers?"},
    {1, 2, "They're on the council site under *Planning → Elm Street annex*: https://example.org/planning/elm-street"},
    {3, -1,
     "Nobody has explained where 24 stallholders and their customers will park. Hollis Lane is already "
     "full by 9 am on a weekday."},
    {2, 4,
     "The plan includes the old depot lot across the road — about 40 spaces. Not perfect, but it's "
     "something.\n\n> Hollis Lane is already full by 9 am\n\nThat's mostly commuters, not shoppers."},
    {2, -1,
     "Good to see the building saved. The roof estimate (£310,000) worries me more than parking; has anyone "
     "seen an independent survey?"},
};

constexpr core::Millis kDemoCommentSpacing = 17 * core::kMillisPerMinute;
// The parking comment, reported as off topic by the first reader.
constexpr std::size_t kReportedComment = 4;
constexpr std::size_t kReporter = 0;

}  // namespace

core::Status seed_demo(store::Store& store, core::IdGenerator& ids, int site_port) {
  const core::Millis now = core::now_millis();
  const std::string origin = "http://localhost:" + std::to_string(site_port);
  const std::vector<std::string> origins = {origin, "http://127.0.0.1:" + std::to_string(site_port)};
  if (auto site = store.get_site(kDemoSite); !site.ok()) {
    core::Site fresh;
    fresh.id = kDemoSite;
    fresh.name = "The Millbrook Courier";
    fresh.allowed_origins = origins;
    fresh.created_at = now;
    if (auto created = store.create_site(fresh); !created.ok()) return created.error();
  } else if (site->allowed_origins != origins) {
    // The newspaper may run on another port than last time.
    site->allowed_origins = origins;
    if (auto updated = store.update_site(*site); !updated.ok()) return updated.error();
  }
  if (auto rules = store.list_rules(kDemoSite, true); !rules.ok()) {
    return rules.error();
  } else if (rules->empty()) {
    // The newspaper's readers find its rules behind the widget's "Read the rules".
    auto seeded = store.replace_rules(kDemoSite, moderation::default_rules(kDemoSite), std::nullopt, 0, now);
    if (!seeded.ok()) return seeded.error();
  }
  if (store.get_story(kDemoSite, kDemoStory).ok()) return {};  // already seeded

  core::NewStory story;
  story.id = ids.next();
  story.site_id = kDemoSite;
  story.key = kDemoStory;
  story.title = "Council backs market hall plan for old library annex";
  story.url = origin + "/";
  story.created_at = now;
  auto created_story = store.ensure_story(story);
  if (!created_story.ok()) return created_story.error();

  // An admin whose password is printed exactly once, when it is created.
  const std::string admin_password = core::random_hex(12);
  auto admin_hash = core::hash_password(admin_password);
  if (!admin_hash.ok()) return admin_hash.error();
  core::NewUser admin;
  admin.id = ids.next();
  admin.email = "admin@demo.townhall.invalid";
  admin.name = "Courier Desk";
  admin.password_hash = *admin_hash;
  admin.role = core::Role::kAdmin;
  admin.created_at = now;
  if (auto created = store.create_user(admin); created.ok()) {
    std::cout << "demo admin: " << admin.email << " / password (shown once): " << admin_password << std::endl;
  } else if (created.error().kind != core::ErrorKind::kConflict) {
    return created.error();
  }

  std::vector<core::Id> readers;
  for (const auto& [name, email] : kReaders) {
    auto hash = core::hash_password(core::random_hex(16));  // sample readers cannot sign in
    if (!hash.ok()) return hash.error();
    core::NewUser reader;
    reader.id = ids.next();
    reader.email = email;
    reader.name = name;
    reader.password_hash = *hash;
    reader.created_at = now;
    auto created = store.create_user(reader);
    if (!created.ok()) return created.error();
    readers.push_back(created->id);
  }

  std::vector<core::Id> seeded;
  for (const auto& c : kComments) {
    core::NewComment comment;
    comment.id = ids.next();
    comment.story_id = created_story->id;
    if (c.parent >= 0) comment.parent_id = seeded.at(static_cast<std::size_t>(c.parent));
    comment.author_id = readers.at(static_cast<std::size_t>(c.author));
    comment.body_markdown = c.body;
    comment.body_html = render::markdown_to_html(comment.body_markdown);
    // The discussion happened over the evening before: spread the times out.
    comment.created_at = now - static_cast<core::Millis>(std::size(kComments) - seeded.size()) * kDemoCommentSpacing;
    auto stored = store.create_comment(comment);
    if (!stored.ok()) return stored.error();
    seeded.push_back(stored->id);
  }
  // A few reactions, from readers other than each comment's author.
  for (std::size_t i = 0; i < seeded.size(); ++i) {
    for (std::size_t r = 0; r < readers.size(); ++r) {
      if (static_cast<int>(r) == kComments[i].author || (i + r) % 3 != 0) continue;
      if (auto reacted = store.set_reaction(seeded[i], readers[r], true, now); !reacted.ok()) return reacted.error();
    }
  }
  // One report, so the moderation dashboard's "reported" queue has a case to
  // show; one reader's report weighs too little to hide the comment.
  core::NewReport report;
  report.id = ids.next();
  report.comment_id = seeded.at(kReportedComment);
  report.reporter_id = readers.at(kReporter);
  report.rule_id = "on-topic";
  report.details = "This is about parking, not about the market hall itself.";
  report.hide_threshold = core::SiteSettings{}.report_threshold;
  report.at = now;
  report.audit_id = ids.next();
  report.notification_id = ids.next();
  if (auto reported = store.create_report(report); !reported.ok()) return reported.error();
  return {};
}

}  // namespace townhall::cli
