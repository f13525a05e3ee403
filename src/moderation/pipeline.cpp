#include "moderation/pipeline.hpp"

#include <unicode/utf8.h>

#include <boost/json.hpp>
#include <cstdint>
#include <utility>

#include "moderation/spam_classifier.hpp"
#include "moderation/word_list.hpp"

namespace townhall::moderation {

namespace {

int strength(Action action) {
  switch (action) {
    case Action::kPublish: return 0;
    case Action::kHold: return 1;
    case Action::kReject: return 2;
  }
  return 0;
}

// Evidence quotes the author's bytes; the JSON must stay valid UTF-8.
std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t pos = 0;
  while (pos < length) {
    const std::int32_t begin = pos;
    UChar32 c = 0;
    U8_NEXT(bytes, pos, length, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(pos - begin)));
    }
  }
  return out;
}

void add(std::vector<Finding>& to, std::optional<Finding> finding) {
  if (finding) to.push_back(std::move(*finding));
}

void add(std::vector<Finding>& to, std::vector<Finding> findings) {
  for (Finding& finding : findings) to.push_back(std::move(finding));
}

}  // namespace

Pipeline::Pipeline(FloodOptions floods) : floods_(std::move(floods)) {}

ContentFindings Pipeline::check_content(const SitePolicy& policy, const AuthorFacts& author,
                                        const CommentInput& comment, core::Millis now) {
  ContentFindings content;
  const std::string_view body = comment.body_markdown;

  if (!author.staff) {
    PostFacts post;
    post.author_id = author.author_id;
    post.address = author.address;
    post.story_id = comment.story_id;
    post.comment_id = comment.comment_id;
    post.account_created_at = author.account_created_at;
    post.body = body;
    post.is_edit = comment.is_edit;
    add(content.findings, floods_.check(post, now));
  }

  if (policy.banned) add(content.findings, check_word_list(*policy.banned, ListKind::kBanned, body));
  if (policy.suspect) add(content.findings, check_word_list(*policy.suspect, ListKind::kSuspect, body));

  content.links = find_links(body);

  if (policy.spam) {
    const double threshold = policy.spam_threshold.value_or(policy.spam->options().hold_threshold);
    content.spam = spam_finding(policy.spam->score(body), threshold);
    if (content.spam) content.spam->action = Action::kHold;  // a score never rejects
  }
  return content;
}

Verdict Pipeline::decide(const SitePolicy& policy, ContentFindings content, const AuthorFacts& author,
                         const CommentInput& comment) const {
  Verdict verdict;
  verdict.findings = std::move(content.findings);

  const bool new_commenter = !author.staff && is_new_commenter(policy.trust, author.approved_comments);
  add(verdict.findings, check_links(policy.links, content.links, new_commenter));
  add(verdict.findings, std::move(content.spam));

  if (!author.staff) {
    TrustFacts facts;
    facts.approved_comments = author.approved_comments;
    facts.decided_recently = author.decided_recently;
    facts.rejected_recently = author.rejected_recently;
    facts.premoderated_by_enforcement = author.premoderated_by_enforcement;
    facts.story_premoderated = comment.story_premoderated;
    TrustVerdict trust = check_trust(policy.trust, facts);
    verdict.record_auto_premoderation = trust.record_auto_premoderation;
    add(verdict.findings, std::move(trust.findings));
  }

  for (const Finding& finding : verdict.findings) {
    if (strength(finding.action) > strength(verdict.action)) {
      verdict.action = finding.action;
      verdict.status_reason = finding.code;
    }
  }
  return verdict;
}

Verdict Pipeline::check(const SitePolicy& policy, const AuthorFacts& author, const CommentInput& comment,
                        core::Millis now) {
  return decide(policy, check_content(policy, author, comment, now), author, comment);
}

std::string_view action_name(Action action) {
  switch (action) {
    case Action::kPublish: return "publish";
    case Action::kHold: return "hold";
    case Action::kReject: return "reject";
  }
  return "publish";
}

core::AutomatedReason to_automated_reason(const Finding& finding, core::Millis at) {
  boost::json::array evidence;
  evidence.reserve(finding.evidence.size());
  for (const Evidence& e : finding.evidence) {
    evidence.push_back(boost::json::object{{"label", valid_utf8(e.label)},
                                           {"text", valid_utf8(e.text)},
                                           {"begin", static_cast<std::uint64_t>(e.begin)},
                                           {"end", static_cast<std::uint64_t>(e.end)},
                                           {"weight", e.weight}});
  }
  core::AutomatedReason reason;
  reason.phase = finding.phase;
  reason.code = finding.code;
  reason.action = std::string(action_name(finding.action));
  reason.message = valid_utf8(finding.message);
  reason.evidence_json = boost::json::serialize(evidence);
  reason.at = at;
  return reason;
}

std::vector<core::AutomatedReason> to_automated_reasons(const Verdict& verdict, core::Millis at) {
  std::vector<core::AutomatedReason> reasons;
  reasons.reserve(verdict.findings.size());
  for (const Finding& finding : verdict.findings) reasons.push_back(to_automated_reason(finding, at));
  return reasons;
}

}  // namespace townhall::moderation
