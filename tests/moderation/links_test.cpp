#include "moderation/links.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace townhall::moderation {
namespace {

std::vector<std::string> hosts(std::string_view body) {
  std::vector<std::string> out;
  for (const Link& link : find_links(body)) {
    if (!link.needs_listing) out.push_back(link.host);
  }
  return out;
}

using Hosts = std::vector<std::string>;

DomainList domains(std::vector<std::string> list) { return DomainList::compile(list).value(); }

TEST(FindLinks, SchemesAutolinksAndMarkdownLinks) {
  EXPECT_EQ(hosts("see https://News.Example/a?b=1#c now"), Hosts{"news.example"});
  EXPECT_EQ(hosts("<http://auto.example/x>"), Hosts{"auto.example"});
  EXPECT_EQ(hosts("[click here](https://md.example/path \"title\")"), Hosts{"md.example"});
  EXPECT_EQ(hosts("[rel](//scheme-relative.example/x)"), Hosts{"scheme-relative.example"});
  EXPECT_EQ(hosts("ftp://files.example/pub"), Hosts{"files.example"});
  EXPECT_EQ(hosts("http://user@inner.example/"), Hosts{"inner.example"});
  EXPECT_EQ(hosts("http://localhost:8080/x"), Hosts{"localhost"});
  EXPECT_EQ(hosts("http://192.168.0.1/admin"), Hosts{"192.168.0.1"});
  EXPECT_EQ(hosts("[www.good.example](http://evil.example)"), (Hosts{"www.good.example", "evil.example"}));
}

TEST(FindLinks, SpansAndTargets) {
  const std::string body = "Read (https://a.example/story.html). Or b.example/path, ok?";
  const auto links = find_links(body);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].text, "https://a.example/story.html");
  EXPECT_EQ(body.substr(links[0].begin, links[0].end - links[0].begin), links[0].text);
  EXPECT_EQ(links[0].target, "a.example/story.html");
  EXPECT_EQ(links[1].kind, LinkKind::kBareDomain);
  EXPECT_EQ(links[1].text, "b.example/path");
}

TEST(FindLinks, WwwAndBareDomains) {
  EXPECT_EQ(hosts("go to www.shop.example today"), Hosts{"www.shop.example"});
  EXPECT_EQ(hosts("buy at cheap-pills.example."), Hosts{"cheap-pills.example"});
  EXPECT_EQ(hosts("CHEAP-PILLS.COM"), Hosts{"cheap-pills.com"});
  EXPECT_EQ(hosts("Amazon.Com has it"), Hosts{"amazon.com"});
  EXPECT_EQ(hosts("the bbc.co.uk story"), Hosts{"bbc.co.uk"});
}

TEST(FindLinks, OrdinaryProseIsNotALink) {
  for (const char* prose :
       {"e.g. this, i.e. that", "It ended.It was late", "Version 3.14 and 1.5m", "The U.S.A. and Ph.D. holders",
        "I went home.Then slept", "read index.html", "Node.js is fine", "Mr.Smith said", "wait... com", "dotcom bubble",
        "polka dot dress", "a comment about C++ and .NET"}) {
    EXPECT_EQ(hosts(prose), Hosts{}) << prose;
  }
}

TEST(FindLinks, DisguisedLinks) {
  struct Case {
    const char* body;
    const char* host;
  };
  for (const Case& c : {
           Case{"visit example . com now", "example.com"},
           Case{"visit example. com", "example.com"},
           Case{"visit example .com", "example.com"},
           Case{"cheap-pills dot com", "cheap-pills.com"},
           Case{"cheap-pills DOT COM", "cheap-pills.com"},
           Case{"example[.]com", "example.com"},
           Case{"example(.)com", "example.com"},
           Case{"example{.}com", "example.com"},
           Case{"example [dot] com", "example.com"},
           Case{"example(dot)net", "example.net"},
           Case{"hxxp://evil.example/x", "evil.example"},
           Case{"hxxps://evil.example", "evil.example"},
           Case{"h**p://evil.example", "evil.example"},
           Case{"http : // evil.example", "evil.example"},
           Case{"https//evil.example", "evil.example"},
           Case{"http[:]//evil[.]example", "evil.example"},
           Case{"example\xEF\xBC\x8E"
                "com",
                "example.com"},  // fullwidth full stop
           Case{"example\xE3\x80\x82"
                "com",
                "example.com"},  // ideographic full stop
           Case{"\xEF\xBD\x85\xEF\xBD\x98\xEF\xBD\x81\xEF\xBD\x8D\xEF\xBD\x90\xEF\xBD\x8C\xEF\xBD\x85.com",
                "example.com"},                             // fullwidth letters
           Case{"exa\xE2\x80\x8Bmple.com", "example.com"},  // zero-width space inside
           Case{"www . spam . example", "www.spam.example"},
       }) {
    const auto links = find_links(c.body);
    ASSERT_EQ(links.size(), 1u) << c.body;
    EXPECT_EQ(links[0].host, c.host) << c.body;
    EXPECT_FALSE(links[0].needs_listing) << c.body;
  }
  EXPECT_TRUE(find_links("example[.]com")[0].disguised);
  EXPECT_TRUE(find_links("hxxp://evil.example")[0].disguised);
  EXPECT_TRUE(find_links("example\xEF\xBC\x8E"
                         "com")[0]
                  .disguised);
  EXPECT_FALSE(find_links("https://example.com")[0].disguised);
  EXPECT_FALSE(find_links("example.com")[0].disguised);
}

TEST(FindLinks, SpacedDotsNeedALowerCaseTld) {
  EXPECT_EQ(hosts("I liked it. Com on, people"), Hosts{});
  EXPECT_EQ(hosts("Then. Net result: nothing"), Hosts{});
}

TEST(FindLinks, UnicodeHostsDoNotCrash) {
  const auto links = find_links(
      "see https://B\xC3\x9C"
      "cher.example/x and \xD0\xBF\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80.\xD1\x80\xD1\x84");
  ASSERT_GE(links.size(), 1u);
  EXPECT_EQ(links[0].host,
            "b\xC3\xBC"
            "cher.example");
  // Invalid UTF-8 and lone bytes anywhere.
  for (const std::string& body :
       {std::string("http://\xFF\xFE.example"), std::string("a.\xC3"), std::string("\x80.com"), std::string("http://"),
        std::string("www."), std::string("[x](//"), std::string("@"), std::string("a@"), std::string(". . . . ."),
        std::string(1000, '.'), std::string("a.") + std::string(500, 'b') + ".com"}) {
    (void)find_links(body);
  }
}

TEST(FindLinks, Emails) {
  const auto links = find_links("write to john.smith@spam.example please");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].kind, LinkKind::kEmail);
  EXPECT_EQ(links[0].host, "spam.example");
  EXPECT_EQ(links[0].text, "john.smith@spam.example");
}

TEST(FindLinks, BareDomainsWithUnknownTldsNeedListing) {
  const auto links = find_links("try evil.zz");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_TRUE(links[0].needs_listing);
  EXPECT_EQ(links[0].host, "evil.zz");
}

TEST(FindLinks, ManyLinksAreCapped) {
  std::string body;
  for (int i = 0; i < 500; ++i) body += "a" + std::to_string(i) + ".example ";
  EXPECT_EQ(find_links(body).size(), kMaxLinksFound);
}

TEST(NormalizeDomain, AcceptsWhatAdminsPaste) {
  EXPECT_EQ(normalize_domain("Evil.Example").value(), "evil.example");
  EXPECT_EQ(normalize_domain(" https://Evil.Example/path?x ").value(), "evil.example");
  EXPECT_EQ(normalize_domain("*.evil.example").value(), "evil.example");
  EXPECT_EQ(normalize_domain(".evil.example.").value(), "evil.example");
  EXPECT_EQ(normalize_domain("evil.example:8080").value(), "evil.example");
  EXPECT_EQ(normalize_domain("B\xC3\x9C"
                             "CHER.example")
                .value(),
            "b\xC3\xBC"
            "cher.example");
  for (const char* bad : {"", "   ", "localhost", "evil..example", "evil example.com", "ev!l.com", "."}) {
    auto result = normalize_domain(bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().code, "invalid_domain");
  }
}

TEST(DomainList, MatchesSubdomainsOnly) {
  const DomainList list = domains({"evil.example", "ads.good.example"});
  EXPECT_EQ(list.match("evil.example").value_or(""), "evil.example");
  EXPECT_EQ(list.match("www.evil.example").value_or(""), "evil.example");
  EXPECT_EQ(list.match("a.b.evil.example").value_or(""), "evil.example");
  EXPECT_FALSE(list.match("notevil.example"));
  EXPECT_FALSE(list.match("evil.example.org"));
  EXPECT_FALSE(list.match("good.example"));
  EXPECT_EQ(list.match("x.ads.good.example").value_or(""), "ads.good.example");
  EXPECT_FALSE(DomainList::compile(std::vector<std::string>{"fine.example", "not a domain"}).ok());
}

TEST(CheckLinks, DeniedDomainHoldsWithDomainAndSpan) {
  LinkPolicy policy;
  policy.mode = LinkMode::kAllow;
  policy.deny = domains({"cheap.example"});
  const std::string body = "Great deals at www.cheap.example/pills today";
  const auto findings = check_links(policy, body, false);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "denied_domain");
  EXPECT_EQ(findings[0].action, Action::kHold);
  EXPECT_EQ(findings[0].phase, "links");
  EXPECT_EQ(findings[0].message, "link to denied domain cheap.example");
  ASSERT_EQ(findings[0].evidence.size(), 1u);
  EXPECT_EQ(findings[0].evidence[0].label, "cheap.example");
  EXPECT_EQ(findings[0].evidence[0].text, "www.cheap.example/pills");
  EXPECT_EQ(body.substr(findings[0].evidence[0].begin, findings[0].evidence[0].end - findings[0].evidence[0].begin),
            "www.cheap.example/pills");
}

TEST(CheckLinks, DeniedDomainsAreFoundHoweverWritten) {
  LinkPolicy policy;
  policy.mode = LinkMode::kAllow;
  policy.hold_disguised = false;
  policy.deny = domains({"evil.zz"});  // a TLD the bare-domain scan does not know
  for (const char* body : {"evil.zz", "EVIL.ZZ", "www.evil.zz", "hxxp://evil.zz", "sub.evil.zz", "mail me@evil.zz",
                           "evil[.]zz", "[x](https://evil.zz/y)"}) {
    const auto findings = check_links(policy, body, false);
    ASSERT_EQ(findings.size(), 1u) << body;
    EXPECT_EQ(findings[0].code, "denied_domain") << body;
  }
  EXPECT_TRUE(check_links(policy, "notevil.zz and evil.zzz", false).empty());
}

TEST(CheckLinks, ModeHoldsNewCommentersOnly) {
  LinkPolicy policy;  // kHoldNewCommenters
  EXPECT_TRUE(check_links(policy, "see https://news.example/a", false).empty());
  const auto findings = check_links(policy, "see https://news.example/a", true);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "links");
  EXPECT_EQ(findings[0].message, "links from new commenters are held: news.example");
  EXPECT_TRUE(check_links(policy, "no links here. Just prose.", true).empty());
  policy.mode = LinkMode::kHoldAll;
  EXPECT_EQ(check_links(policy, "see https://news.example/a", false).at(0).message,
            "links are held for review: news.example");
  policy.mode = LinkMode::kAllow;
  EXPECT_TRUE(check_links(policy, "see https://news.example/a", true).empty());
}

TEST(CheckLinks, AllowListedDomainsNeverCount) {
  LinkPolicy policy;
  policy.mode = LinkMode::kHoldAll;
  policy.max_links = 1;
  policy.allow = domains({"courier.example"});
  EXPECT_TRUE(
      check_links(policy, "https://www.courier.example/a https://courier.example/b hxxp://courier[.]example", true)
          .empty());
  policy.deny = domains({"courier.example"});  // deny beats allow
  EXPECT_EQ(check_links(policy, "https://courier.example/a", true).at(0).code, "denied_domain");
}

TEST(CheckLinks, MaximumCountsDistinctLinks) {
  LinkPolicy policy;
  policy.mode = LinkMode::kAllow;
  policy.max_links = 2;
  EXPECT_TRUE(check_links(policy, "[https://a.example](https://a.example) and b.example", false).empty());
  const auto findings = check_links(policy, "a.example b.example c.example", false);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "too_many_links");
  EXPECT_EQ(findings[0].message, "3 links, more than the 2 allowed");
  EXPECT_EQ(findings[0].evidence.size(), 3u);
  policy.max_links = kNoLinkLimit;
  EXPECT_TRUE(check_links(policy, "a.example b.example c.example", false).empty());
}

TEST(CheckLinks, DisguisedLinksHoldEvenWhenLinksAreAllowed) {
  LinkPolicy policy;
  policy.mode = LinkMode::kAllow;
  const auto findings = check_links(policy, "pills at cheap-pills dot com", false);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "links");
  EXPECT_EQ(findings[0].message, "disguised link 'cheap-pills dot com'");
  policy.hold_disguised = false;
  EXPECT_TRUE(check_links(policy, "pills at cheap-pills dot com", false).empty());
}

TEST(CheckLinks, AllFindingsTogether) {
  LinkPolicy policy;
  policy.mode = LinkMode::kHoldNewCommenters;
  policy.max_links = 1;
  policy.deny = domains({"bad.example"});
  const auto findings = check_links(policy, "bad.example a.example b[.]example", true);
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].code, "denied_domain");
  EXPECT_EQ(findings[1].code, "too_many_links");
  EXPECT_EQ(findings[2].code, "links");
  EXPECT_EQ(findings[2].message,
            "links from new commenters are held: a.example, b.example; disguised link 'b[.]example'");
}

}  // namespace
}  // namespace townhall::moderation
