// The store contract (see store_contract.hpp): every backend passes these.
#include "store/store_contract.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <vector>

namespace townhall::store::testing {
namespace {

using core::CommentStatus;
using core::ErrorKind;
using core::ThreadSort;

// GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST would hide a backend that
// forgot to instantiate the suite; every test binary linking this file has one.

// ---- Sites ------------------------------------------------------------------------

TEST_P(StoreContractTest, SiteRoundTripsAndLists) {
  core::Site created = add_site("courier");
  EXPECT_EQ(created.id, "courier");
  EXPECT_EQ(created.name, "The courier");
  EXPECT_EQ(created.allowed_origins,
            (std::vector<std::string>{"https://courier.example", "https://www.courier.example"}));
  EXPECT_EQ(created.settings.edit_window_seconds, 600);

  core::Site fetched = must(store().get_site("courier"));
  EXPECT_EQ(fetched.name, created.name);
  EXPECT_EQ(fetched.allowed_origins, created.allowed_origins);
  EXPECT_EQ(fetched.settings.max_body_chars, created.settings.max_body_chars);
  EXPECT_EQ(fetched.created_at, created.created_at);

  add_site("almanac");
  auto sites = must(store().list_sites());
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(sites[0].id, "almanac");
  EXPECT_EQ(sites[1].id, "courier");
  EXPECT_EQ(sites[1].allowed_origins, created.allowed_origins);
}

TEST_P(StoreContractTest, SiteIdIsUnique) {
  core::Site site = add_site("courier");
  site.name = "Another";
  EXPECT_TRUE(failed_with(store().create_site(site), ErrorKind::kConflict, "site_exists"));
  EXPECT_EQ(must(store().get_site("courier")).name, "The courier");
}

TEST_P(StoreContractTest, UpdateSiteReplacesNameOriginsAndSettings) {
  core::Site site = add_site("courier");
  site.name = "The Millbrook Courier";
  site.allowed_origins = {"https://millbrook.example"};
  site.settings.max_body_chars = 1200;
  site.settings.auto_close_days = 14;
  core::Site updated = must(store().update_site(site));
  EXPECT_EQ(updated.name, "The Millbrook Courier");
  EXPECT_EQ(updated.allowed_origins, std::vector<std::string>{"https://millbrook.example"});
  EXPECT_EQ(updated.settings.max_body_chars, 1200);
  EXPECT_EQ(updated.settings.auto_close_days, 14);
  EXPECT_EQ(must(store().get_site("courier")).allowed_origins, updated.allowed_origins);

  site.allowed_origins.clear();
  EXPECT_TRUE(must(store().update_site(site)).allowed_origins.empty());
}

TEST_P(StoreContractTest, UnknownSiteIsNotFound) {
  EXPECT_TRUE(failed_with(store().get_site("nope"), ErrorKind::kNotFound, "site_not_found"));
  core::Site site;
  site.id = "nope";
  EXPECT_TRUE(failed_with(store().update_site(site), ErrorKind::kNotFound, "site_not_found"));
}

// ---- Stories ----------------------------------------------------------------------

TEST_P(StoreContractTest, EnsureStoryCreatesOnceThenReturnsItUnchanged) {
  add_site("courier");
  core::Story first = add_story("courier", "2025/budget");
  EXPECT_EQ(first.key, "2025/budget");
  EXPECT_EQ(first.title, "Story 2025/budget");
  EXPECT_FALSE(first.closed);
  EXPECT_EQ(first.comment_count, 0);

  core::NewStory again;
  again.id = next_id();
  again.site_id = "courier";
  again.key = "2025/budget";
  again.title = "A different title";
  core::Story second = must(store().ensure_story(again));
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(second.title, first.title);

  EXPECT_EQ(must(store().get_story("courier", "2025/budget")).id, first.id);
  EXPECT_EQ(must(store().get_story_by_id(first.id)).key, "2025/budget");
}

TEST_P(StoreContractTest, SameKeyOnTwoSitesIsTwoStories) {
  add_site("courier");
  add_site("almanac");
  EXPECT_NE(add_story("courier", "a").id, add_story("almanac", "a").id);
}

TEST_P(StoreContractTest, EnsureStoryNeedsItsSite) {
  core::NewStory story;
  story.id = next_id();
  story.site_id = "nope";
  story.key = "k";
  EXPECT_TRUE(failed_with(store().ensure_story(story), ErrorKind::kNotFound, "site_not_found"));
}

TEST_P(StoreContractTest, ConcurrentEnsureStoryCreatesOneStory) {
  add_site("courier");
  constexpr int kThreads = 8;
  std::vector<core::Id> ids(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      core::NewStory story;
      story.id = 1000 + i;
      story.site_id = "courier";
      story.key = "race";
      auto result = store().ensure_story(story);
      ids[i] = result.ok() ? result->id : 0;
    });
  }
  for (auto& t : threads) t.join();
  for (core::Id id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_NE(ids[0], 0u);
}

TEST_P(StoreContractTest, UpdateStoryChangesOnlyGivenFields) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::StoryUpdate close;
  close.closed = true;
  core::Story closed = must(store().update_story(story.id, close));
  EXPECT_TRUE(closed.closed);
  EXPECT_EQ(closed.title, story.title);
  EXPECT_EQ(closed.url, story.url);

  core::StoryUpdate retitle;
  retitle.title = "New title";
  core::Story retitled = must(store().update_story(story.id, retitle));
  EXPECT_EQ(retitled.title, "New title");
  EXPECT_TRUE(retitled.closed);

  EXPECT_TRUE(failed_with(store().update_story(next_id(), retitle), ErrorKind::kNotFound, "story_not_found"));
  EXPECT_TRUE(failed_with(store().get_story_by_id(next_id()), ErrorKind::kNotFound, "story_not_found"));
  EXPECT_TRUE(failed_with(store().get_story("courier", "nope"), ErrorKind::kNotFound, "story_not_found"));
}

TEST_P(StoreContractTest, CommentCountsReportUnknownKeysAsZero) {
  add_site("courier");
  core::Story a = add_story("courier", "a");
  core::Story b = add_story("courier", "b");
  core::User u = add_user("ann");
  post(a, u);
  post(a, u);
  post(b, u);
  post(b, u, std::nullopt, CommentStatus::kPending);

  auto counts = must(store().comment_counts("courier", {"b", "missing", "a"}));
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[0].key, "b");
  EXPECT_EQ(counts[0].comment_count, 1);
  EXPECT_EQ(counts[1].key, "missing");
  EXPECT_EQ(counts[1].comment_count, 0);
  EXPECT_EQ(counts[2].key, "a");
  EXPECT_EQ(counts[2].comment_count, 2);

  auto other_site = must(store().comment_counts("almanac", {"a"}));
  ASSERT_EQ(other_site.size(), 1u);
  EXPECT_EQ(other_site[0].comment_count, 0);
  EXPECT_TRUE(must(store().comment_counts("courier", {})).empty());
}

// ---- Users ----------------------------------------------------------------------------

TEST_P(StoreContractTest, UserEmailIsStoredLowerCased) {
  core::NewUser user;
  user.id = next_id();
  user.email = "Ann.Lee@Example.ORG";
  user.name = "Ann";
  user.password_hash = "$argon2id$v=19$hash";
  user.role = core::Role::kModerator;
  user.created_at = now();
  core::User created = must(store().create_user(user));
  EXPECT_EQ(created.email, "ann.lee@example.org");
  EXPECT_EQ(created.role, core::Role::kModerator);

  core::User fetched = must(store().get_user(user.id));
  EXPECT_EQ(fetched.email, "ann.lee@example.org");
  EXPECT_EQ(fetched.name, "Ann");
  EXPECT_EQ(fetched.created_at, user.created_at);

  core::Credentials credentials = must(store().find_credentials("ANN.LEE@example.org"));
  EXPECT_EQ(credentials.user.id, user.id);
  EXPECT_EQ(credentials.password_hash, "$argon2id$v=19$hash");
}

TEST_P(StoreContractTest, EmailIsUniqueCaseInsensitively) {
  add_user("ann");
  core::NewUser twin;
  twin.id = next_id();
  twin.email = "ANN@example.org";
  twin.name = "Other Ann";
  EXPECT_TRUE(failed_with(store().create_user(twin), ErrorKind::kConflict, "email_taken"));
  EXPECT_TRUE(failed_with(store().get_user(twin.id), ErrorKind::kNotFound, "user_not_found"));
}

TEST_P(StoreContractTest, RoleAndPasswordCanChange) {
  core::User user = add_user("ann");
  must(store().set_role(user.id, core::Role::kAdmin));
  must(store().set_password_hash(user.id, "$argon2id$new"));
  EXPECT_EQ(must(store().get_user(user.id)).role, core::Role::kAdmin);
  EXPECT_EQ(must(store().find_credentials("ann@example.org")).password_hash, "$argon2id$new");

  EXPECT_TRUE(failed_with(store().set_role(next_id(), core::Role::kAdmin), ErrorKind::kNotFound, "user_not_found"));
  EXPECT_TRUE(failed_with(store().set_password_hash(next_id(), "x"), ErrorKind::kNotFound, "user_not_found"));
  EXPECT_TRUE(failed_with(store().find_credentials("nobody@example.org"), ErrorKind::kNotFound, "user_not_found"));
}

// ---- Sessions -------------------------------------------------------------------------

TEST_P(StoreContractTest, SessionLifecycle) {
  core::User user = add_user("ann");
  // Raw hash bytes, NULs and high bytes included.
  constexpr char kRawHash[] = "\x00\xff\x10token-hash\x00\x01\x02................";
  const std::string hash(kRawHash, sizeof kRawHash - 1);
  ASSERT_EQ(hash.size(), 32u);
  core::NewSession session{hash, user.id, 1000, 5000};
  must(store().create_session(session));

  EXPECT_EQ(must(store().session_user(hash, 4999)).id, user.id);
  EXPECT_TRUE(failed_with(store().session_user(hash, 5001), ErrorKind::kUnauthenticated, "token_expired"));
  EXPECT_TRUE(
      failed_with(store().session_user(std::string(32, 'x'), 2000), ErrorKind::kUnauthenticated, "invalid_token"));
  // A prefix of the hash is another hash.
  EXPECT_TRUE(
      failed_with(store().session_user(hash.substr(0, 31), 2000), ErrorKind::kUnauthenticated, "invalid_token"));

  must(store().delete_session(hash));
  EXPECT_TRUE(failed_with(store().session_user(hash, 2000), ErrorKind::kUnauthenticated, "invalid_token"));
  must(store().delete_session(hash));  // idempotent
}

TEST_P(StoreContractTest, SessionNeedsItsUser) {
  core::NewSession session{std::string(32, 's'), next_id(), 1000, 5000};
  EXPECT_TRUE(failed_with(store().create_session(session), ErrorKind::kNotFound, "user_not_found"));
}

// ---- Comments -------------------------------------------------------------------------

TEST_P(StoreContractTest, TopLevelCommentIsItsOwnRoot) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::NewComment input = new_comment(story, ann);
  input.status_reason = "";
  core::Comment c = must(store().create_comment(input));
  EXPECT_EQ(c.id, input.id);
  EXPECT_EQ(c.story_id, story.id);
  EXPECT_EQ(c.site_id, "courier");
  EXPECT_FALSE(c.parent_id.has_value());
  EXPECT_EQ(c.root_id, c.id);
  EXPECT_EQ(c.depth, 0);
  EXPECT_EQ(c.author_id, ann.id);
  EXPECT_EQ(c.author_name, "ann");
  EXPECT_EQ(c.body_markdown, input.body_markdown);
  EXPECT_EQ(c.body_html, input.body_html);
  EXPECT_EQ(c.status, CommentStatus::kPublished);
  EXPECT_EQ(c.created_at, input.created_at);
  EXPECT_FALSE(c.edited_at.has_value());
  EXPECT_EQ(c.reaction_count, 0);
  EXPECT_EQ(c.reply_count, 0);

  core::Comment fetched = must(store().get_comment(c.id));
  EXPECT_EQ(fetched.body_html, c.body_html);
  EXPECT_EQ(fetched.author_name, "ann");
  EXPECT_EQ(story_count(story.id), 1);
}

TEST_P(StoreContractTest, RepliesTakeRootAndDepthFromTheirParent) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment a = post(story, ann);
  core::Comment b = post(story, ann, a.id);
  core::Comment c = post(story, ann, b.id);
  EXPECT_EQ(b.parent_id, a.id);
  EXPECT_EQ(b.root_id, a.id);
  EXPECT_EQ(b.depth, 1);
  EXPECT_EQ(c.parent_id, b.id);
  EXPECT_EQ(c.root_id, a.id);
  EXPECT_EQ(c.depth, 2);
  EXPECT_EQ(reply_count(a.id), 1);  // direct replies only
  EXPECT_EQ(reply_count(b.id), 1);
  EXPECT_EQ(reply_count(c.id), 0);
  EXPECT_EQ(story_count(story.id), 3);
}

TEST_P(StoreContractTest, CreateCommentChecksItsReferences) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::Story other = add_story("courier", "other");
  core::User ann = add_user("ann");
  core::Comment elsewhere = post(other, ann);

  core::NewComment c = new_comment(story, ann);
  c.story_id = next_id();
  EXPECT_TRUE(failed_with(store().create_comment(c), ErrorKind::kNotFound, "story_not_found"));
  c = new_comment(story, ann);
  c.author_id = next_id();
  EXPECT_TRUE(failed_with(store().create_comment(c), ErrorKind::kNotFound, "user_not_found"));
  c = new_comment(story, ann, next_id());
  EXPECT_TRUE(failed_with(store().create_comment(c), ErrorKind::kNotFound, "parent_not_found"));
  c = new_comment(story, ann, elsewhere.id);
  EXPECT_TRUE(failed_with(store().create_comment(c), ErrorKind::kUnprocessable, "parent_in_other_story"));
  EXPECT_TRUE(failed_with(store().get_comment(c.id), ErrorKind::kNotFound, "comment_not_found"));

  // Nothing of the failed attempts was kept or counted.
  EXPECT_EQ(story_count(story.id), 0);
  EXPECT_EQ(reply_count(elsewhere.id), 0);
  EXPECT_EQ(story_count(other.id), 1);

  core::NewComment duplicate = new_comment(story, ann);
  must(store().create_comment(duplicate));
  EXPECT_TRUE(failed_with(store().create_comment(duplicate), ErrorKind::kConflict, "comment_exists"));
  EXPECT_EQ(story_count(story.id), 1);
}

TEST_P(StoreContractTest, HiddenCommentsAreNotCounted) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment root = post(story, ann);
  core::Comment held = post(story, ann, root.id, CommentStatus::kPending);
  EXPECT_EQ(held.status, CommentStatus::kPending);
  post(story, ann, root.id, CommentStatus::kRejected);
  post(story, ann, root.id, CommentStatus::kApproved);
  EXPECT_EQ(reply_count(root.id), 1);
  EXPECT_EQ(story_count(story.id), 2);
}

TEST_P(StoreContractTest, StatusChangesAdjustCounters) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment root = post(story, ann);
  core::Comment reply = post(story, ann, root.id);
  ASSERT_EQ(story_count(story.id), 2);

  core::Comment rejected = set_status(reply.id, CommentStatus::kRejected, "rule_2");
  EXPECT_EQ(rejected.status, CommentStatus::kRejected);
  EXPECT_EQ(rejected.status_reason, "rule_2");
  EXPECT_EQ(story_count(story.id), 1);
  EXPECT_EQ(reply_count(root.id), 0);

  set_status(reply.id, CommentStatus::kApproved, "appeal_reversed");
  EXPECT_EQ(story_count(story.id), 2);
  EXPECT_EQ(reply_count(root.id), 1);

  set_status(reply.id, CommentStatus::kPublished);  // visible to visible
  EXPECT_EQ(story_count(story.id), 2);
  set_status(reply.id, CommentStatus::kPending);
  set_status(reply.id, CommentStatus::kRejected);  // hidden to hidden
  EXPECT_EQ(story_count(story.id), 1);
  EXPECT_EQ(reply_count(root.id), 0);

  set_status(root.id, CommentStatus::kDeleted, "author_deleted");
  EXPECT_EQ(story_count(story.id), 0);

  core::StatusChange change;
  change.to = CommentStatus::kApproved;
  change.actor_id = next_id();
  EXPECT_TRUE(failed_with(store().set_comment_status(root.id, change), ErrorKind::kNotFound, "actor_not_found"));
  change.actor_id = ann.id;
  EXPECT_TRUE(failed_with(store().set_comment_status(next_id(), change), ErrorKind::kNotFound, "comment_not_found"));
  EXPECT_EQ(must(store().set_comment_status(root.id, change)).status, CommentStatus::kApproved);
  EXPECT_EQ(story_count(story.id), 1);
}

TEST_P(StoreContractTest, EditKeepsEveryRevision) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment c = post(story, ann);

  core::CommentEdit edit;
  edit.body_markdown = "second";
  edit.body_html = "<p>second</p>";
  edit.edited_at = now();
  core::Comment edited = must(store().edit_comment(c.id, edit));
  EXPECT_EQ(edited.body_markdown, "second");
  EXPECT_EQ(edited.body_html, "<p>second</p>");
  EXPECT_EQ(edited.edited_at, edit.edited_at);
  EXPECT_EQ(edited.created_at, c.created_at);

  edit.body_markdown = "third";
  edit.edited_at = now();
  must(store().edit_comment(c.id, edit));

  auto revisions = must(store().comment_revisions(c.id));
  ASSERT_EQ(revisions.size(), 3u);
  EXPECT_EQ(revisions[0].revision, 1);
  EXPECT_EQ(revisions[0].body_markdown, c.body_markdown);
  EXPECT_EQ(revisions[0].created_at, c.created_at);
  EXPECT_EQ(revisions[1].revision, 2);
  EXPECT_EQ(revisions[1].body_markdown, "second");
  EXPECT_EQ(revisions[2].revision, 3);
  EXPECT_EQ(revisions[2].body_markdown, "third");
  EXPECT_EQ(revisions[2].comment_id, c.id);

  EXPECT_TRUE(failed_with(store().edit_comment(next_id(), edit), ErrorKind::kNotFound, "comment_not_found"));
  EXPECT_TRUE(failed_with(store().comment_revisions(next_id()), ErrorKind::kNotFound, "comment_not_found"));
}

TEST_P(StoreContractTest, EditThatHoldsACommentAdjustsCounters) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment root = post(story, ann);
  core::Comment reply = post(story, ann, root.id);

  core::CommentEdit edit;
  edit.body_markdown = "suspicious link";
  edit.body_html = "<p>suspicious link</p>";
  edit.edited_at = now();
  edit.status = CommentStatus::kPending;
  edit.status_reason = "suspect_link";
  core::Comment held = must(store().edit_comment(reply.id, edit));
  EXPECT_EQ(held.status, CommentStatus::kPending);
  EXPECT_EQ(held.status_reason, "suspect_link");
  EXPECT_EQ(story_count(story.id), 1);
  EXPECT_EQ(reply_count(root.id), 0);

  edit.status = CommentStatus::kPublished;
  edit.status_reason = "";
  must(store().edit_comment(reply.id, edit));
  EXPECT_EQ(story_count(story.id), 2);
  EXPECT_EQ(reply_count(root.id), 1);
}

TEST_P(StoreContractTest, ReactionsAreIdempotent) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::User bob = add_user("bob");
  core::Comment c = post(story, ann);
  core::Comment other = post(story, ann);

  auto r = must(store().set_reaction(c.id, bob.id, true, now()));
  EXPECT_TRUE(r.reacted);
  EXPECT_EQ(r.reaction_count, 1);
  EXPECT_EQ(must(store().set_reaction(c.id, bob.id, true, now())).reaction_count, 1);
  EXPECT_EQ(must(store().set_reaction(c.id, ann.id, true, now())).reaction_count, 2);
  EXPECT_EQ(must(store().get_comment(c.id)).reaction_count, 2);

  EXPECT_EQ(must(store().reacted_comments(bob.id, {other.id, c.id, c.id})), std::vector<core::Id>{c.id});
  EXPECT_TRUE(must(store().reacted_comments(bob.id, {})).empty());

  r = must(store().set_reaction(c.id, bob.id, false, now()));
  EXPECT_FALSE(r.reacted);
  EXPECT_EQ(r.reaction_count, 1);
  EXPECT_EQ(must(store().set_reaction(c.id, bob.id, false, now())).reaction_count, 1);
  EXPECT_EQ(must(store().set_reaction(other.id, bob.id, false, now())).reaction_count, 0);
  EXPECT_TRUE(must(store().reacted_comments(bob.id, {c.id, other.id})).empty());

  EXPECT_TRUE(
      failed_with(store().set_reaction(next_id(), bob.id, true, now()), ErrorKind::kNotFound, "comment_not_found"));
  EXPECT_TRUE(failed_with(store().set_reaction(c.id, next_id(), true, now()), ErrorKind::kNotFound, "user_not_found"));
}

TEST_P(StoreContractTest, ReactionsInStoryAreThoseOfTheUserInThatStoryOnly) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::Story elsewhere = add_story("courier", "other");
  core::User ann = add_user("ann");
  core::User bob = add_user("bob");
  core::Comment first = post(story, ann);
  core::Comment second = post(story, ann);
  core::Comment far = post(elsewhere, ann);
  must(store().set_reaction(second.id, bob.id, true, now()));
  must(store().set_reaction(first.id, bob.id, true, now()));
  must(store().set_reaction(far.id, bob.id, true, now()));
  must(store().set_reaction(first.id, ann.id, true, now()));
  EXPECT_EQ(must(store().reactions_in_story(bob.id, story.id)), (std::vector<core::Id>{first.id, second.id}));
  EXPECT_EQ(must(store().reactions_in_story(ann.id, story.id)), std::vector<core::Id>{first.id});
  EXPECT_TRUE(must(store().reactions_in_story(bob.id, next_id())).empty());
}

TEST_P(StoreContractTest, OwnHiddenCommentsAreTheAuthorsPendingAndRejectedOnes) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::Story elsewhere = add_story("courier", "other");
  core::User ann = add_user("ann");
  core::User bob = add_user("bob");
  post(story, ann);  // public: not listed
  core::Comment held = post(story, ann, std::nullopt, core::CommentStatus::kPending);
  core::Comment removed = post(story, ann);
  set_status(removed.id, core::CommentStatus::kRejected, "rule_1");
  post(elsewhere, ann, std::nullopt, core::CommentStatus::kPending);
  post(story, bob, std::nullopt, core::CommentStatus::kPending);

  auto own = must(store().own_hidden_comments(ann.id, story.id, 10));
  ASSERT_EQ(own.size(), 2u);
  EXPECT_EQ(own[0].id, removed.id) << "newest first";
  EXPECT_EQ(own[0].status, core::CommentStatus::kRejected);
  EXPECT_EQ(own[0].status_reason, "rule_1");
  EXPECT_EQ(own[1].id, held.id);
  EXPECT_EQ(must(store().own_hidden_comments(ann.id, story.id, 1)).size(), 1u);
}

// ---- Reading the thread ---------------------------------------------------------------

// Every top-level comment of the story in `sort` order, `limit` at a time,
// following cursors; calls `between_pages` after each page.
std::vector<core::Comment> read_all(Store& store, core::Id story_id, ThreadSort sort, int limit,
                                    const std::function<void()>& between_pages = {}) {
  std::vector<core::Comment> all;
  core::ThreadQuery query;
  query.story_id = story_id;
  query.sort = sort;
  query.limit = limit;
  for (int pages = 0; pages < 1000; ++pages) {
    core::ThreadPage page = must(store.read_thread(query), "read_thread");
    EXPECT_LE(page.top_level.size(), static_cast<std::size_t>(limit));
    EXPECT_EQ(page.replies.size(), page.top_level.size());
    EXPECT_EQ(page.replies_truncated.size(), page.top_level.size());
    all.insert(all.end(), page.top_level.begin(), page.top_level.end());
    if (!page.next) break;
    EXPECT_FALSE(page.top_level.empty());
    if (!page.top_level.empty()) {
      EXPECT_EQ(page.next->id, page.top_level.back().id);
    }
    query.after = page.next;
    if (between_pages) between_pages();
  }
  return all;
}

std::vector<core::Id> ids_of(const std::vector<core::Comment>& comments) {
  std::vector<core::Id> ids;
  ids.reserve(comments.size());
  for (const auto& c : comments) ids.push_back(c.id);
  return ids;
}

TEST_P(StoreContractTest, ThreadByNewestAndOldest) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  std::vector<core::Id> ids;
  ids.reserve(7);
  for (int i = 0; i < 7; ++i) ids.push_back(post(story, ann).id);
  post(story, ann, ids[0]);  // replies are not top-level

  EXPECT_EQ(ids_of(read_all(store(), story.id, ThreadSort::kOldest, 3)), ids);
  std::vector<core::Id> reversed(ids.rbegin(), ids.rend());
  EXPECT_EQ(ids_of(read_all(store(), story.id, ThreadSort::kNewest, 3)), reversed);
  EXPECT_EQ(ids_of(read_all(store(), story.id, ThreadSort::kNewest, 7)), reversed);
  EXPECT_EQ(ids_of(read_all(store(), story.id, ThreadSort::kNewest, 100)), reversed);
}

TEST_P(StoreContractTest, LastFullPageHasNoNextCursor) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  for (int i = 0; i < 4; ++i) post(story, ann);
  core::ThreadQuery query;
  query.story_id = story.id;
  query.limit = 4;
  core::ThreadPage page = must(store().read_thread(query));
  EXPECT_EQ(page.top_level.size(), 4u);
  EXPECT_FALSE(page.next.has_value());

  query.limit = 2;
  page = must(store().read_thread(query));
  ASSERT_TRUE(page.next.has_value());
  query.after = page.next;
  page = must(store().read_thread(query));
  EXPECT_EQ(page.top_level.size(), 2u);
  EXPECT_FALSE(page.next.has_value());
}

TEST_P(StoreContractTest, ThreadByReactionsAndByReplies) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  std::vector<core::User> users;
  users.reserve(3);
  for (int i = 0; i < 3; ++i) users.push_back(add_user("u" + std::to_string(i)));
  std::vector<core::Comment> top;
  top.reserve(5);
  for (int i = 0; i < 5; ++i) top.push_back(post(story, users[0]));

  // Reactions: top[2]=3, top[0]=2, top[3]=2, top[1]=0, top[4]=0.
  auto react = [&](int comment, int n) {
    for (int u = 0; u < n; ++u) must(store().set_reaction(top[comment].id, users[u].id, true, now()));
  };
  react(2, 3);
  react(0, 2);
  react(3, 2);
  // Replies: top[4]=2, top[1]=1, others 0; a hidden reply does not count.
  post(story, users[1], top[4].id);
  post(story, users[1], top[4].id);
  post(story, users[1], top[1].id);
  post(story, users[1], top[0].id, CommentStatus::kPending);

  // Ties go to the newer comment (id DESC).
  std::vector<core::Id> by_reactions{top[2].id, top[3].id, top[0].id, top[4].id, top[1].id};
  std::vector<core::Id> by_replies{top[4].id, top[1].id, top[3].id, top[2].id, top[0].id};
  for (int limit : {1, 2, 5}) {
    auto reacted = read_all(store(), story.id, ThreadSort::kReactions, limit);
    EXPECT_EQ(ids_of(reacted), by_reactions) << "limit " << limit;
    auto replied = read_all(store(), story.id, ThreadSort::kReplies, limit);
    EXPECT_EQ(ids_of(replied), by_replies) << "limit " << limit;
  }

  core::ThreadQuery query;
  query.story_id = story.id;
  query.sort = ThreadSort::kReactions;
  query.limit = 2;
  core::ThreadPage page = must(store().read_thread(query));
  ASSERT_TRUE(page.next.has_value());
  EXPECT_EQ(page.next->count, 2);
  EXPECT_EQ(page.next->id, top[3].id);
  EXPECT_EQ(page.top_level[0].reaction_count, 3);
}

TEST_P(StoreContractTest, CursorsStayStableWhileCommentsArrive) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  std::vector<core::Id> original;
  original.reserve(10);
  for (int i = 0; i < 10; ++i) original.push_back(post(story, ann).id);

  for (ThreadSort sort : {ThreadSort::kNewest, ThreadSort::kOldest, ThreadSort::kReactions, ThreadSort::kReplies}) {
    std::vector<core::Id> seen = ids_of(read_all(store(), story.id, sort, 3, [&] { post(story, ann); }));
    std::multiset<core::Id> counted(seen.begin(), seen.end());
    for (core::Id id : original) EXPECT_EQ(counted.count(id), 1u) << core::sort_name(sort) << " id " << id;
    EXPECT_EQ(std::set<core::Id>(seen.begin(), seen.end()).size(), seen.size()) << "duplicates";
    if (sort == ThreadSort::kNewest) {
      // New comments sort before the cursor: none shows up on later pages.
      EXPECT_EQ(seen.size(), original.size());
    }
  }
}

TEST_P(StoreContractTest, RepliesComeOldestFirstUnderTheirRoot) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment a = post(story, ann);
  core::Comment b = post(story, ann);
  core::Comment a1 = post(story, ann, a.id);
  core::Comment b1 = post(story, ann, b.id);
  core::Comment a1x = post(story, ann, a1.id);
  core::Comment a2 = post(story, ann, a.id);
  post(story, ann, a.id, CommentStatus::kRejected);
  core::Comment a3 = post(story, ann, a.id);

  core::ThreadQuery query;
  query.story_id = story.id;
  query.sort = ThreadSort::kOldest;
  core::ThreadPage page = must(store().read_thread(query));
  ASSERT_EQ(ids_of(page.top_level), (std::vector<core::Id>{a.id, b.id}));
  EXPECT_EQ(ids_of(page.replies[0]), (std::vector<core::Id>{a1.id, a1x.id, a2.id, a3.id}));
  EXPECT_EQ(ids_of(page.replies[1]), std::vector<core::Id>{b1.id});
  EXPECT_FALSE(page.replies_truncated[0]);
  EXPECT_FALSE(page.replies_truncated[1]);
  EXPECT_EQ(page.replies[0][1].depth, 2);
  EXPECT_EQ(page.replies[0][1].parent_id, a1.id);
  EXPECT_EQ(page.replies[0][1].author_name, "ann");

  query.max_replies_per_root = 2;
  page = must(store().read_thread(query));
  EXPECT_EQ(ids_of(page.replies[0]), (std::vector<core::Id>{a1.id, a1x.id}));
  EXPECT_TRUE(page.replies_truncated[0]);
  EXPECT_EQ(ids_of(page.replies[1]), std::vector<core::Id>{b1.id});
  EXPECT_FALSE(page.replies_truncated[1]);

  query.max_replies_per_root = 4;
  page = must(store().read_thread(query));
  EXPECT_EQ(page.replies[0].size(), 4u);
  EXPECT_FALSE(page.replies_truncated[0]);
}

TEST_P(StoreContractTest, HiddenCommentsWithVisibleRepliesArePlaceholders) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment lonely = post(story, ann);
  core::Comment parent = post(story, ann);
  core::Comment child = post(story, ann, parent.id);
  core::Comment grandchild = post(story, ann, child.id);
  post(story, ann, std::nullopt, CommentStatus::kPending);  // never listed

  set_status(lonely.id, CommentStatus::kDeleted, "author_deleted");
  set_status(parent.id, CommentStatus::kDeleted, "author_deleted");
  set_status(child.id, CommentStatus::kRejected, "rule_1");
  EXPECT_EQ(story_count(story.id), 1);

  core::ThreadQuery query;
  query.story_id = story.id;
  core::ThreadPage page = must(store().read_thread(query));
  // The placeholder rule looks one level down: `child` is hidden, so
  // `parent` has no visible direct reply (reply_count 0) and is not listed,
  // even though `grandchild` is visible.
  EXPECT_TRUE(page.top_level.empty());

  set_status(child.id, CommentStatus::kApproved, "appeal_reversed");
  page = must(store().read_thread(query));
  ASSERT_EQ(ids_of(page.top_level), std::vector<core::Id>{parent.id});
  EXPECT_EQ(page.top_level[0].status, CommentStatus::kDeleted);
  EXPECT_EQ(ids_of(page.replies[0]), (std::vector<core::Id>{child.id, grandchild.id}));

  // A hidden reply with a visible reply is a placeholder among the replies.
  set_status(child.id, CommentStatus::kDeleted, "author_deleted");
  set_status(parent.id, CommentStatus::kApproved, "restored");
  page = must(store().read_thread(query));
  ASSERT_EQ(ids_of(page.top_level), std::vector<core::Id>{parent.id});
  ASSERT_EQ(ids_of(page.replies[0]), (std::vector<core::Id>{child.id, grandchild.id}));
  EXPECT_EQ(page.replies[0][0].status, CommentStatus::kDeleted);

  // Without visible replies a deleted comment leaves no trace.
  set_status(grandchild.id, CommentStatus::kDeleted, "author_deleted");
  page = must(store().read_thread(query));
  ASSERT_EQ(ids_of(page.top_level), std::vector<core::Id>{parent.id});
  EXPECT_TRUE(page.replies[0].empty());
}

TEST_P(StoreContractTest, ThreadOfUnknownOrEmptyStory) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::ThreadQuery query;
  query.story_id = story.id;
  core::ThreadPage page = must(store().read_thread(query));
  EXPECT_TRUE(page.top_level.empty());
  EXPECT_FALSE(page.next.has_value());
  query.story_id = next_id();
  EXPECT_TRUE(failed_with(store().read_thread(query), ErrorKind::kNotFound, "story_not_found"));
}

TEST_P(StoreContractTest, ThreadToleratesOutOfRangeQueries) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment c = post(story, ann);
  post(story, ann, c.id);
  core::ThreadQuery query;
  query.story_id = story.id;
  query.limit = -5;
  query.max_replies_per_root = -1;
  core::ThreadPage page = must(store().read_thread(query));
  EXPECT_EQ(page.top_level.size(), 1u);  // at least one per page
  EXPECT_TRUE(page.replies[0].empty());
  EXPECT_TRUE(page.replies_truncated[0]);

  query.limit = 1 << 30;
  query.max_replies_per_root = 1 << 30;
  query.after = core::PageKey{-1, ~core::Id{0}};
  EXPECT_TRUE(store().read_thread(query).ok());
  query.sort = ThreadSort::kReplies;
  EXPECT_TRUE(store().read_thread(query).ok());
}

// ---- Concurrency, durability, backup --------------------------------------------------

TEST_P(StoreContractTest, ConcurrentWritersAreAllDurableAndCounted) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  constexpr int kThreads = 16;
  constexpr int kPerThread = 20;
  // Far beyond any id a generator hands out before the 22nd century.
  constexpr core::Id kUnusedIds = core::Id{1} << 62;
  std::vector<core::User> users;
  users.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) users.push_back(add_user("writer" + std::to_string(i)));

  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  std::vector<std::vector<core::Id>> roots(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      core::IdGenerator ids(static_cast<std::uint32_t>(t + 2));
      for (int i = 0; i < kPerThread; ++i) {
        core::NewComment c;
        c.id = ids.next();
        c.story_id = story.id;
        c.author_id = users[t].id;
        c.body_markdown = c.body_html = "concurrent";
        // Every other comment replies to this thread's previous root.
        if (i % 2 == 1) c.parent_id = roots[t].back();
        auto created = store().create_comment(c);
        if (!created.ok()) {
          ++failures;
          continue;
        }
        if (!c.parent_id) roots[t].push_back(c.id);
        // A failing write batched beside good ones must not disturb them.
        core::NewComment orphan = c;
        orphan.id = ids.next();
        orphan.parent_id = kUnusedIds | (static_cast<core::Id>(t) << 16) | static_cast<core::Id>(i);
        if (store().create_comment(orphan).ok()) ++failures;
        if (!store().set_reaction(c.id, users[(t + 1) % kThreads].id, true, 0).ok()) ++failures;
      }
    });
  }
  // Readers run beside the writers and must always see a consistent page.
  constexpr int kReaders = 4;
  std::vector<std::thread> readers;
  readers.reserve(kReaders);
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      while (writing) {
        core::ThreadQuery query;
        query.story_id = story.id;
        auto page = store().read_thread(query);
        if (!page.ok() || page->replies.size() != page->top_level.size()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  writing = false;
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures, 0);

  EXPECT_EQ(story_count(story.id), kThreads * kPerThread);
  auto all = read_all(store(), story.id, ThreadSort::kNewest, 50);
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread / 2));
  for (const auto& c : all) {
    EXPECT_EQ(c.reply_count, 1);
    EXPECT_EQ(c.reaction_count, 1);
  }
}

TEST_P(StoreContractTest, BackupIsAnOpenableConsistentCopy) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment root = post(story, ann);
  core::Comment reply = post(story, ann, root.id);
  must(store().set_reaction(root.id, ann.id, true, now()));

  const std::string path = GetParam().backup_path();
  must(store().backup(path));
  post(story, ann);  // after the backup: not in it

  std::unique_ptr<Store> copy = GetParam().open_backup(path);
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(must(copy->get_site("courier")).allowed_origins, must(store().get_site("courier")).allowed_origins);
  EXPECT_EQ(must(copy->get_story_by_id(story.id)).comment_count, 2);
  EXPECT_EQ(must(copy->get_comment(reply.id)).root_id, root.id);
  EXPECT_EQ(must(copy->get_comment(root.id)).reaction_count, 1);
  EXPECT_EQ(must(copy->find_credentials("ann@example.org")).user.id, ann.id);
  // The copy is a working store of its own.
  EXPECT_TRUE(copy->create_site(core::Site{"almanac", "The Almanac", {}, {}, 0}).ok());
  EXPECT_TRUE(failed_with(store().get_site("almanac"), ErrorKind::kNotFound, "site_not_found"));

  // Backing up again over an old backup replaces it.
  must(store().backup(path));
  copy = GetParam().open_backup(path);
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(must(copy->get_story_by_id(story.id)).comment_count, 3);
}

}  // namespace
}  // namespace townhall::store::testing
