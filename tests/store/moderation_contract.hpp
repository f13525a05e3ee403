// The moderation half of the store contract (moderation_contract_test.cpp);
// a backend instantiates it beside StoreContractTest.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/moderation.hpp"
#include "store/store_contract.hpp"

namespace townhall::store::testing {

using core::CommentStatus;
using core::ErrorKind;

constexpr core::Millis kSixMonths = core::Millis{183} * 24 * 3600 * 1000;

class ModerationContractTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    add_site("courier");
    core::Rule civility{"courier", "civility", 0, "Be civil", "Argue with ideas.", "<p>Argue with ideas.</p>", false};
    core::Rule illegal{"courier", "illegal", 0, "Nothing illegal", "Obey the law.", "<p>Obey the law.</p>", false};
    must(store().replace_rules("courier", {civility, illegal}, std::nullopt, next_id(), now()), "replace_rules");
    story_ = add_story("courier", "budget");
    author_ = add_user("author");
    moderator_ = add_user("moderator");
    second_moderator_ = add_user("second");
  }

  core::Result<core::ReportResult> report(const core::Comment& comment, const core::User& reporter, double weight = 1,
                                          double threshold = 3) {
    core::NewReport r;
    r.id = next_id();
    r.comment_id = comment.id;
    r.reporter_id = reporter.id;
    r.rule_id = "civility";
    r.details = "rude";
    r.weight = weight;
    r.hide_threshold = threshold;
    r.at = now();
    r.audit_id = next_id();
    r.notification_id = next_id();
    return store().create_report(r);
  }

  core::CommentDecision decision(const core::Comment& comment, core::DecisionAction action, const core::User& actor) {
    core::CommentDecision d;
    d.comment_id = comment.id;
    d.action = action;
    d.actor_id = actor.id;
    d.rule_id = action == core::DecisionAction::kReject ? "civility" : "";
    d.explanation = "because";
    d.at = now();
    d.appeal_deadline = d.at + kSixMonths;
    d.audit_id = next_id();
    d.notification_id = next_id();
    return d;
  }

  std::vector<core::AuditEntry> audit() {
    core::AuditQuery q;
    q.site_id = "courier";
    return must(store().read_audit(q), "read_audit");
  }

  core::Story story_;
  core::User author_;
  core::User moderator_;
  core::User second_moderator_;
};

}  // namespace townhall::store::testing
