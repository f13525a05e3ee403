// The store contract: what every Store backend must do, as a test suite.
//
// The tests live in store_contract_test.cpp, written once against the Store
// interface. A backend joins by instantiating the suite with a StoreBackend
// (see sqlite_store_test.cpp):
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest, ::testing::Values(sqlite_backend()),
//                            StoreBackendName{});
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "core/domain.hpp"
#include "core/id.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace townhall::store::testing {

struct StoreBackend {
  std::string name;  // the instantiation's name: letters and digits only
  // A new, empty, migrated store on every call.
  std::function<std::unique_ptr<Store>()> make;
  // A fresh path where Store::backup may write.
  std::function<std::string()> backup_path;
  // Opens what backup() wrote as a store of its own.
  std::function<std::unique_ptr<Store>(const std::string& path)> open_backup;
};

inline void PrintTo(const StoreBackend& backend, std::ostream* out) { *out << backend.name; }

struct StoreBackendName {
  std::string operator()(const ::testing::TestParamInfo<StoreBackend>& info) const { return info.param.name; }
};

// The value of an ok Result, or a test failure (and a default value, so the
// test goes on and reports what else is wrong rather than crashing).
template <typename T>
T must(core::Result<T> result, const char* what = "operation") {
  if (!result.ok()) {
    ADD_FAILURE() << what << " failed: " << result.error().code << ": " << result.error().message;
    return T{};
  }
  return std::move(result).value();
}

inline void must(const core::Status& status, const char* what = "operation") {
  if (!status.ok()) ADD_FAILURE() << what << " failed: " << status.error().code << ": " << status.error().message;
}

// Whether `result` failed with this kind and code.
template <typename R>
::testing::AssertionResult failed_with(const R& result, core::ErrorKind kind, const std::string& code) {
  if (result.ok()) return ::testing::AssertionFailure() << "succeeded; expected " << code;
  if (result.error().kind != kind || result.error().code != code) {
    return ::testing::AssertionFailure() << "failed with kind " << static_cast<int>(result.error().kind) << " code "
                                         << result.error().code << "; expected kind " << static_cast<int>(kind)
                                         << " code " << code;
  }
  return ::testing::AssertionSuccess();
}

class StoreContractTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr);
  }

  Store& store() { return *store_; }
  core::Id next_id() { return ids_.next(); }
  // A clock the tests move by hand.
  core::Millis now() { return now_ += core::kMillisPerSecond; }

  core::Site add_site(const std::string& id) {
    core::Site site;
    site.id = id;
    site.name = "The " + id;
    site.allowed_origins = {"https://" + id + ".example", "https://www." + id + ".example"};
    site.settings.edit_window_seconds = 600;
    site.created_at = now();
    return must(store().create_site(site), "create_site");
  }

  core::Story add_story(const std::string& site_id, const std::string& key) {
    core::NewStory story;
    story.id = next_id();
    story.site_id = site_id;
    story.key = key;
    story.title = "Story " + key;
    story.url = "https://" + site_id + ".example/" + key;
    story.created_at = now();
    return must(store().ensure_story(story), "ensure_story");
  }

  core::User add_user(const std::string& name) {
    core::NewUser user;
    user.id = next_id();
    user.email = name + "@example.org";
    user.name = name;
    user.password_hash = "$argon2id$" + name;
    user.created_at = now();
    return must(store().create_user(user), "create_user");
  }

  core::NewComment new_comment(const core::Story& story, const core::User& author,
                               std::optional<core::Id> parent = std::nullopt,
                               core::CommentStatus status = core::CommentStatus::kPublished) {
    core::NewComment comment;
    comment.id = next_id();
    comment.story_id = story.id;
    comment.parent_id = parent;
    comment.author_id = author.id;
    comment.body_markdown = "comment " + std::to_string(comment.id);
    comment.body_html = "<p>comment " + std::to_string(comment.id) + "</p>";
    comment.status = status;
    comment.created_at = now();
    return comment;
  }

  core::Comment post(const core::Story& story, const core::User& author, std::optional<core::Id> parent = std::nullopt,
                     core::CommentStatus status = core::CommentStatus::kPublished) {
    return must(store().create_comment(new_comment(story, author, parent, status)), "create_comment");
  }

  core::Comment set_status(core::Id comment_id, core::CommentStatus to, std::string reason = "test") {
    core::StatusChange change;
    change.to = to;
    change.reason = std::move(reason);
    change.at = now();
    return must(store().set_comment_status(comment_id, change), "set_comment_status");
  }

  std::int64_t story_count(core::Id story_id) { return must(store().get_story_by_id(story_id)).comment_count; }
  std::int64_t reply_count(core::Id comment_id) { return must(store().get_comment(comment_id)).reply_count; }

  std::unique_ptr<Store> store_;
  core::IdGenerator ids_{1};
  core::Millis now_ = 1'750'000'000'000;
};

}  // namespace townhall::store::testing
