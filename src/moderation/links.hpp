// The links phase of the comment pipeline: finds the links in a comment's
// Markdown source, however the author disguised them, and applies the site's
// link policy (hold links, hold new commenters' links, deny and allow lists,
// a maximum count).
//
// What counts as a link (find_links):
//   - a URL with a scheme: "http://", "https://", "ftp://", and the
//     spellings used to slip one past a filter: "hxxp://", "h**ps://",
//     "http : //", "https//", "http[:]//";
//   - a scheme-relative Markdown destination: "[text](//host/path)";
//   - "www." followed by a host;
//   - a bare domain written as text, "cheap-pills.example", when its last
//     label is a common top-level domain (see kBareDomainTlds in links.cpp)
//     written in lower case or all capitals, so that "end.It" (a missing
//     space after a full stop) is not a link but "SHOP.COM" is;
//   - an e-mail address "x@host" (only the deny list applies to those).
// Labels may be separated by '.', by the dots of other scripts (fullwidth
// '．', ideographic '。', '｡', '․', '﹒'), by "[.]", "(.)", "{.}", "[dot]",
// "(dot)", or, when the next label is a top-level domain in lower case, by a
// spaced dot or the word "dot" ("example . com", "example dot com").
// Fullwidth letters fold to ASCII, invisible characters (zero-width spaces,
// soft hyphens) vanish, and hosts are compared in lower case. Unicode hosts
// ("bücher.example") are kept as lower-cased UTF-8; IDNA is not applied, so
// list a punycode domain as "xn--..." and its Unicode form separately.
// Markdown autolinks "<https://...>" and link destinations "[t](https://...)"
// are found by the same scan as bare URLs.
//
// All functions here are pure; a LinkPolicy is immutable once built and may
// be shared between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"
#include "moderation/finding.hpp"

namespace townhall::moderation {

enum class LinkKind {
  kUrl,         // with a scheme (or "//" in a Markdown destination)
  kWww,         // "www.host"
  kBareDomain,  // "host.tld" as text
  kEmail,       // "someone@host"
};

struct Link {
  LinkKind kind = LinkKind::kUrl;
  std::string host;       // lower case, labels joined by '.', e.g. "www.evil.example"
  std::string target;     // host plus port and path as written: tells links apart for counting
  std::string text;       // the link as written in the body
  std::size_t begin = 0;  // byte span of `text` in the body
  std::size_t end = 0;
  bool disguised = false;  // written to dodge filters: "hxxp", "[.]", " dot ", a fullwidth dot...
  // A bare domain whose last label is not a common top-level domain
  // ("node.js", "e.g"): it counts only when it matches a listed domain.
  bool needs_listing = false;
};

// Every link in `markdown`, in text order. Any input is accepted; invalid
// UTF-8 bytes separate words. At most kMaxLinksFound links are returned.
std::vector<Link> find_links(std::string_view markdown);

inline constexpr std::size_t kMaxLinksFound = 200;

// The normalized form of a domain an admin lists: lower case, without a
// scheme, "www." is kept, a leading "*." or "." and a trailing '.' or path
// are dropped ("https://Evil.Example/x" → "evil.example"). Errors
// (kInvalidArgument, "invalid_domain") for an empty entry, one without a
// dot, or one containing spaces or characters no host has.
core::Result<std::string> normalize_domain(std::string_view domain);

// A set of domains matched with their subdomains: "evil.example" matches
// "evil.example" and "www.evil.example", not "notevil.example".
class DomainList {
 public:
  DomainList() = default;

  // Normalizes each entry with normalize_domain(); the first invalid entry
  // fails the whole list. Duplicates are merged.
  static core::Result<DomainList> compile(std::span<const std::string> domains);

  // The listed domain `host` equals or lies under (the most specific one),
  // or nullopt. `host` must be lower case, as in Link::host.
  std::optional<std::string_view> match(std::string_view host) const;

  bool empty() const { return domains_.empty(); }
  std::size_t size() const { return domains_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> domains_;
};

// Which comments with links a site holds for a moderator.
enum class LinkMode {
  kAllow,              // links are fine (the deny list and the maximum still apply)
  kHoldAll,            // hold every comment with a link
  kHoldNewCommenters,  // hold links of commenters who are still new (see trust.hpp)
};

inline constexpr std::size_t kNoLinkLimit = SIZE_MAX;

struct LinkPolicy {
  // Default: established readers cite sources freely, while the accounts
  // spammers create are new, so only their links wait for a moderator.
  LinkMode mode = LinkMode::kHoldNewCommenters;
  // Links to these domains (and their subdomains) are never held by the
  // mode, the disguise rule or the maximum: the publisher's own sites,
  // public broadcasters, the local council.
  DomainList allow;
  // A link to one of these domains holds the comment, whoever wrote it.
  // Deny beats allow when a host matches both.
  DomainList deny;
  // More distinct links than this (not counting allow-listed ones) hold the
  // comment. Three is room for a couple of sources; link spam carries more.
  std::size_t max_links = 3;
  // Hold a comment with a disguised link ("hxxp://", "example[.]com",
  // "example dot com"): readers who cite a source write it plainly.
  bool hold_disguised = true;
};

// The links phase for one comment body, in this order, each Action::kHold,
// phase "links", one piece of evidence per link (label: the host or the
// listed domain, text: the link as written):
//   code "denied_domain"   "link to denied domain cheap.example"
//   code "too_many_links"  "5 links, more than the 3 allowed"
//   code "links"           a disguised link, or links held by the mode:
//                          "links from new commenters are held: a.example"
// Empty when nothing is held. `new_commenter` is the trust phase's verdict
// for the author (is_new_commenter in trust.hpp).
std::vector<Finding> check_links(const LinkPolicy& policy, std::string_view markdown, bool new_commenter);

// The same with links already found by find_links(markdown).
std::vector<Finding> check_links(const LinkPolicy& policy, std::span<const Link> links, bool new_commenter);

}  // namespace townhall::moderation
