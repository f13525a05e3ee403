// Each site's automatic moderation, compiled: its word lists as automata,
// its spam model, its link and trust settings (moderation::SitePolicy), built
// on first use from the store and rebuilt after an admin changes them.
//
// The spam model learns from moderators' decisions here too: a comment
// rejected citing the spam rule is a spam example, an approved comment a
// ham example; a reversal on appeal unlearns. The trained counts are saved
// in the store after each lesson so a restart keeps them.
//
// Thread-safe. Policies are immutable snapshots (shared_ptr<const>), so a
// comment being checked keeps the policy it started with.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/domain.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace townhall::moderation {
struct SitePolicy;
class SpamModel;
}  // namespace townhall::moderation

namespace townhall::api {

// The rule whose rejections teach the spam model (a default rule).
inline constexpr std::string_view kSpamRuleId = "no-spam";

class SitePolicies {
 public:
  explicit SitePolicies(store::Store& store);
  ~SitePolicies();

  // The site's compiled policy. Errors only from the store; a stored word
  // list that no longer compiles (it was validated when saved) is skipped
  // and logged rather than stopping every comment.
  core::Result<std::shared_ptr<const moderation::SitePolicy>> get(const core::Site& site);

  // Drops the site's policy after its settings or word lists changed.
  void invalidate(std::string_view site_id);

  // Teaches the site's spam model one decided comment (`forget` undoes an
  // earlier lesson) and saves the model. Failures are logged: a lost lesson
  // must not fail the moderator's decision.
  void learn(const core::Site& site, std::string_view text, bool spam, bool forget = false);

 private:
  struct Entry;
  core::Result<std::shared_ptr<moderation::SpamModel>> load_spam_model(const std::string& site_id);

  store::Store& store_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const moderation::SitePolicy>> policies_;  // GUARDED_BY(mu_)
  // Kept apart from policies_: rebuilding a policy must not lose training.
  std::unordered_map<std::string, std::shared_ptr<moderation::SpamModel>> spam_models_;  // GUARDED_BY(mu_)
};

}  // namespace townhall::api
