#include "cli/demo_site.hpp"

#include <fmt/format.h>

#include "api/api.hpp"
#include "cli/commands.hpp"

namespace townhall::cli {

namespace {

constexpr std::string_view kStoryTitle = "Council backs market hall plan for old library annex";

constexpr std::string_view kStyle = R"(
:root{--ink:#1b1b1f;--muted:#5b5b66;--rule:#d9d6cf;--paper:#fbfaf7;--accent:#8a1c1c}
*{box-sizing:border-box}body{margin:0;background:var(--paper);color:var(--ink);font:18px/1.6 Georgia,'Times New Roman',serif}
header.masthead{border-bottom:4px double var(--ink);text-align:center;padding:1.25rem 1rem .5rem}
.masthead .name{font:700 clamp(1.8rem,6vw,3rem)/1 'Times New Roman',serif;letter-spacing:.02em}
.masthead .date{font:13px/1.4 system-ui,sans-serif;color:var(--muted);margin-top:.4rem}
nav.sections{display:flex;gap:1rem;justify-content:center;flex-wrap:wrap;font:600 13px system-ui,sans-serif;
 text-transform:uppercase;letter-spacing:.06em;border-bottom:1px solid var(--rule);padding:.6rem}
nav.sections a{color:var(--ink);text-decoration:none}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.kicker{font:700 13px system-ui,sans-serif;color:var(--accent);text-transform:uppercase;letter-spacing:.08em}
h1{font-size:clamp(1.7rem,5vw,2.4rem);line-height:1.15;margin:.3rem 0 .6rem}
.standfirst{font-size:1.15rem;color:var(--muted)}
.byline{font:14px system-ui,sans-serif;color:var(--muted);border-top:1px solid var(--rule);border-bottom:1px solid var(--rule);padding:.5rem 0}
figure{margin:1.5rem 0}figure .photo{aspect-ratio:16/9;background:linear-gradient(135deg,#b9a88f,#6f5d47);border-radius:2px}
figcaption{font:13px system-ui,sans-serif;color:var(--muted);margin-top:.35rem}
aside.related{font:15px system-ui,sans-serif;border-top:2px solid var(--ink);margin-top:2rem;padding-top:.75rem}
aside.related ul{padding-left:1.1rem}aside.related a{color:var(--ink)}
section.discussion{margin-top:2.5rem;border-top:2px solid var(--ink);padding-top:1rem}
section.discussion h2{font:700 1.1rem system-ui,sans-serif;text-transform:uppercase;letter-spacing:.06em}
footer{font:13px system-ui,sans-serif;color:var(--muted);text-align:center;padding:2rem 1rem;border-top:1px solid var(--rule)}
footer a{color:var(--muted)}
)";

constexpr std::string_view kArticle = R"(
<p>The Millbrook town council voted 5–2 on Tuesday night to turn the shuttered Elm Street library
annex into a covered market hall, ending two years of argument over the future of the 1920s brick
building.</p>
<p>Supporters said the plan would bring Saturday crowds back to the old town. “This building was
the heart of Elm Street for seventy years,” said Councillor Amir Haddad, who proposed the scheme.
“Twenty-four stalls, local growers, a place to meet — that is what it can be again.”</p>
<p>Opponents worried about parking and the cost of a new roof, estimated at £310,000 in a survey
commissioned by the council last spring. Councillor Ruth Iversen, who voted against, said
residents on Hollis Lane had not been consulted. “Nobody disputes that the annex deserves saving.
The question is who pays when the roof turns out to be worse than the survey says.”</p>
<p>The council’s papers put stall rents at £18 a day and propose using the former depot lot across
the road, about forty spaces, for market-day parking. Work on the roof is due to start in March,
with the market opening next autumn.</p>
<p>A public meeting on the design is planned for January at the Elm Street community centre.</p>
)";

}  // namespace

DemoSite::DemoSite(std::string address, std::uint16_t port) {
  http::ServerOptions options;
  options.address = std::move(address);
  options.port = port;
  options.io_threads = 1;
  server_ = std::make_unique<http::Server>(
      options, [this](http::Request&& request, http::Reply reply) { reply(handle(request)); });
}

DemoSite::~DemoSite() { stop(); }

core::Status DemoSite::start() { return server_->start(); }
std::uint16_t DemoSite::port() const { return server_->port(); }
void DemoSite::stop() { server_->stop(); }

void DemoSite::set_api_base(std::string api_base) {
  std::lock_guard lock(mu_);
  api_base_ = std::move(api_base);
}

http::Response DemoSite::handle(const http::Request& request) const {
  http::Response response;
  if (request.path != "/" && request.path != "/news/market-hall-vote") {
    response.status = 404;
    response.set_header("content-type", "text/plain; charset=utf-8");
    response.body = std::make_shared<const std::string>("Not found\n");
    return response;
  }
  std::string api_base;
  {
    std::lock_guard lock(mu_);
    api_base = api_base_;
  }
  const std::string own_base = "http://localhost:" + std::to_string(port());
  const std::string snippet = api::embed_snippet(api_base, kDemoSite, kDemoStory, own_base + "/", kStoryTitle);
  std::string html = fmt::format(
      R"(<!doctype html><html lang="en"><head><meta charset="utf-8">)"
      R"(<meta name="viewport" content="width=device-width,initial-scale=1">)"
      R"(<title>{title} — The Millbrook Courier</title><style>{style}</style></head><body>)"
      R"(<header class="masthead"><div class="name">The Millbrook Courier</div>)"
      R"(<div class="date">Wednesday 2 December 2026 · Serving Millbrook and the Upper Vale since 1871</div></header>)"
      R"(<nav class="sections" aria-label="Sections"><a href="/">News</a><a href="/">Council</a><a href="/">Schools</a>)"
      R"(<a href="/">Sport</a><a href="/">Opinion</a><a href="/">Community rules</a></nav>)"
      R"(<main><article><div class="kicker">Town council</div><h1>{title}</h1>)"
      R"(<p class="standfirst">Five votes to two for 24 stalls under the annex roof — but parking and a £310,000 )"
      R"(repair bill split the chamber.</p>)"
      R"(<p class="byline">By Dana Okafor, City Hall reporter · 1 December 2026</p>)"
      R"(<figure><div class="photo" role="img" aria-label="The Elm Street library annex"></div>)"
      R"(<figcaption>The Elm Street annex has stood empty since the library moved in 2019.</figcaption></figure>)"
      R"({article}</article>)"
      R"(<aside class="related"><strong>Related</strong><ul>)"
      R"(<li><a href="/">Hollis Lane residents ask for parking survey</a></li>)"
      R"(<li><a href="/">Opinion: Millbrook needs a market, not another car park</a></li>)"
      R"(<li><a href="/">Library annex: a history in pictures</a></li></ul></aside>)"
      R"(<section class="discussion" aria-label="Reader discussion"><h2>Join the discussion</h2>)"
      "{snippet}"
      R"(</section></main><footer>A demo newspaper for <a href="{api}/">Townhall</a>. )"
      R"(Publishers: <a href="{api}/embed?site={site}">get the embed code</a>.</footer></body></html>)",
      fmt::arg("title", kStoryTitle), fmt::arg("style", kStyle), fmt::arg("article", kArticle),
      fmt::arg("snippet", snippet), fmt::arg("api", api_base), fmt::arg("site", kDemoSite));
  response.status = 200;
  response.set_header("content-type", "text/html; charset=utf-8");
  response.set_header("cache-control", "no-cache");
  response.body = std::make_shared<const std::string>(std::move(html));
  return response;
}

}  // namespace townhall::cli
