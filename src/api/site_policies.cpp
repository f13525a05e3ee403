#include "api/site_policies.hpp"

#include <spdlog/spdlog.h>

#include <utility>

#include "core/text.hpp"
#include "core/time.hpp"
#include "moderation/pipeline.hpp"
#include "moderation/seed/spam_seed.hpp"
#include "moderation/spam_classifier.hpp"
#include "moderation/word_list.hpp"

namespace townhall::api {

namespace {

moderation::LinkMode link_mode(core::LinkPolicy policy) {
  switch (policy) {
    case core::LinkPolicy::kAllow: return moderation::LinkMode::kAllow;
    case core::LinkPolicy::kHold: return moderation::LinkMode::kHoldAll;
    case core::LinkPolicy::kHoldNewCommenters: return moderation::LinkMode::kHoldNewCommenters;
  }
  return moderation::LinkMode::kHoldNewCommenters;
}

// The site's stored list, compiled; null when empty or (logged) invalid.
std::shared_ptr<const moderation::WordList> compiled_list(store::Store& store, const std::string& site_id,
                                                          core::WordListKind kind) {
  auto text = store.word_list(site_id, kind);
  if (!text.ok() || text->empty()) return nullptr;
  auto entries = moderation::parse_phrase_list(*text);
  if (!entries.ok() || entries->empty()) return nullptr;
  auto list = moderation::WordList::compile(std::move(*entries));
  if (!list.ok()) {
    spdlog::error(R"("event":"word_list_invalid","site":"{}","kind":"{}","code":"{}")", core::json_escape(site_id),
                  core::word_list_kind_name(kind), list.error().code);
    return nullptr;
  }
  return std::make_shared<const moderation::WordList>(std::move(*list));
}

}  // namespace

SitePolicies::SitePolicies(store::Store& store) : store_(store) {}
SitePolicies::~SitePolicies() = default;

core::Result<std::shared_ptr<moderation::SpamModel>> SitePolicies::load_spam_model(const std::string& site_id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = spam_models_.find(site_id); it != spam_models_.end()) return it->second;
  }
  auto stored = store_.spam_model(site_id);
  if (!stored.ok()) return stored.error();
  auto model = std::make_shared<moderation::SpamModel>();
  // A site starts from the seed trained on the public corpus; its own
  // moderators' decisions take over from there.
  const std::string_view bytes = *stored ? std::string_view(**stored) : moderation::seed::spam_seed_model();
  if (!bytes.empty()) {
    if (auto loaded = model->deserialize(bytes); !loaded.ok()) {
      spdlog::error(R"("event":"spam_model_invalid","site":"{}","code":"{}")", core::json_escape(site_id),
                    loaded.error().code);
    }
  }
  std::lock_guard lock(mu_);
  // Another thread may have loaded it meanwhile: keep the first.
  return spam_models_.emplace(site_id, std::move(model)).first->second;
}

core::Result<std::shared_ptr<const moderation::SitePolicy>> SitePolicies::get(const core::Site& site) {
  {
    std::lock_guard lock(mu_);
    if (auto it = policies_.find(site.id); it != policies_.end()) return it->second;
  }
  auto policy = std::make_shared<moderation::SitePolicy>();
  policy->banned = compiled_list(store_, site.id, core::WordListKind::kBanned);
  policy->suspect = compiled_list(store_, site.id, core::WordListKind::kSuspect);
  auto spam = load_spam_model(site.id);
  if (!spam.ok()) return spam.error();
  policy->spam = *spam;
  policy->spam_threshold = site.settings.spam_threshold;

  const core::SiteSettings& s = site.settings;
  policy->links.mode = link_mode(s.links);
  policy->links.max_links = static_cast<std::size_t>(s.max_links);
  // Saved lists were validated by the admin API; a bad entry here (edited
  // by hand in the database) leaves that list empty rather than failing.
  if (auto allow = moderation::DomainList::compile(s.link_allow_domains); allow.ok()) {
    policy->links.allow = std::move(*allow);
  }
  if (auto deny = moderation::DomainList::compile(s.link_deny_domains); deny.ok()) {
    policy->links.deny = std::move(*deny);
  }
  policy->trust.premoderation = s.premoderation;
  policy->trust.new_commenter_approvals = s.new_commenter_approvals;
  policy->trust.rejection_rate_threshold = s.rejection_rate_threshold;
  policy->trust.rejection_window = s.rejection_window_days * core::kMillisPerDay;

  std::lock_guard lock(mu_);
  return policies_.insert_or_assign(site.id, std::move(policy)).first->second;
}

void SitePolicies::invalidate(std::string_view site_id) {
  std::lock_guard lock(mu_);
  policies_.erase(std::string(site_id));
}

void SitePolicies::learn(const core::Site& site, std::string_view text, bool spam, bool forget) {
  auto model = load_spam_model(site.id);
  if (!model.ok()) {
    spdlog::error(R"("event":"spam_learning_failed","site":"{}","code":"{}")", core::json_escape(site.id),
                  model.error().code);
    return;
  }
  if (forget) {
    (*model)->untrain(text, spam);
  } else {
    (*model)->train(text, spam);
  }
  if (auto saved = store_.save_spam_model(site.id, (*model)->serialize(), core::now_millis()); !saved.ok()) {
    spdlog::error(R"("event":"spam_model_save_failed","site":"{}","code":"{}")", core::json_escape(site.id),
                  saved.error().code);
  }
}

}  // namespace townhall::api
