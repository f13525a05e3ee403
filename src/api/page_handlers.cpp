// Pages the server shows by itself: a landing page, the embed-code page
// that gives a publisher the snippet to paste into article templates, a
// site's community rules for readers, and the shell of the moderation
// dashboard.
#include <fmt/format.h>

#include <vector>

#include "api/context.hpp"
#include "api/request_parsing.hpp"
#include "api/responses.hpp"
#include "api/static_asset.hpp"
#include "render/html_escape.hpp"

namespace townhall::api {

using render::escape_html;

namespace {

// The address readers' browsers reach this server at, as the request saw it.
std::string public_base(const http::Request& req) {
  const std::string_view proto = req.header("x-forwarded-proto");
  const std::string scheme = proto == "https" ? "https" : "http";
  return scheme + "://" + std::string(req.header("host").empty() ? "localhost" : req.header("host"));
}

constexpr std::string_view kStyle = R"(
body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
pre{background:#f4f4f5;padding:1rem;overflow:auto;border-radius:6px}code{font-size:.95em}
h1{font-size:1.6rem}.muted{color:#555}
ol.rules{padding-left:1.5rem}ol.rules li{margin:0 0 1.25rem}ol.rules h2{font-size:1.1rem;margin:0 0 .25rem}
ol.rules li:target{background:#fff8db}
)";

// The dashboard is a single-page app compiled into the binary (web/src/dashboard).
// Its shell loads the bundle under content-hashed names and carries no inline
// script or style, so a strict policy holds: the page talks to this server only.
constexpr std::string_view kDashboardScript = "dashboard.js";
constexpr std::string_view kDashboardStyles = "dashboard.css";
constexpr std::string_view kDashboardPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const StaticAsset* find_asset(const std::vector<StaticAsset>& assets, std::string_view name) {
  for (const auto& asset : assets) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

std::string page(std::string_view title, std::string_view body) {
  return fmt::format(R"(<!doctype html><html lang="en"><head><meta charset="utf-8">)"
                     R"(<meta name="viewport" content="width=device-width,initial-scale=1">)"
                     R"(<title>{}</title><style>{}</style></head><body>{}</body></html>)",
                     escape_html(title), kStyle, body);
}

}  // namespace

// The snippet publishers paste; docs/embedding.md explains every attribute.
std::string embed_snippet(std::string_view base, std::string_view site, std::string_view story, std::string_view url,
                          std::string_view title) {
  return fmt::format(
      "<div id=\"townhall-comments\"\n     data-site=\"{}\"\n     data-story=\"{}\"\n"
      "     data-url=\"{}\"\n     data-title=\"{}\"></div>\n<script async src=\"{}/embed.js\"></script>",
      escape_html(site), escape_html(story), escape_html(url), escape_html(title), escape_html(base));
}

void add_page_routes(Router& router, Context& ctx) {
  router.add({http::Method::kGet, "/",
              [](const http::Request&, const PathParams&) -> http::Response {
                return html_response(200, page("Townhall",
                                               "<h1>Townhall is running</h1>"
                                               "<p>This server holds the discussions of your stories. Readers see them "
                                               "through the widget embedded in your article pages.</p>"
                                               "<p><a href=\"/embed\">Get the embed code</a> · "
                                               "<a href=\"/healthz\">Health</a></p>"));
              },
              Execution::kInline});

  router.add(
      {http::Method::kGet, "/embed",
       [&ctx](const http::Request& req, const PathParams&) -> http::Response {
         const std::string base = public_base(req);
         const std::string site_id = query_param(req.query, "site").value_or("");
         std::string body = "<h1>Embed the discussion</h1>";
         if (site_id.empty()) {
           body +=
               "<p>Open this page with your site id: <code>/embed?site=YOUR-SITE</code>. "
               "An admin creates sites with <code>townhall site create</code>.</p>";
           return html_response(200, page("Embed code — Townhall", body));
         }
         auto site = ctx.sites.find(site_id);
         if (!site.ok()) return error_response(site.error());
         const std::string snippet =
             embed_snippet(base, site_id, "STORY-ID", "https://CANONICAL-STORY-URL", "STORY TITLE");
         body += fmt::format(
             "<p>Paste this where the discussion should appear in <strong>{}</strong>'s article template, "
             "and fill in each story's own id, canonical URL and title from your CMS:</p><pre><code>{}</code></pre>"
             "<p class=\"muted\">The story id must stay the same for the life of the story. The URL must be "
             "on one of the site's allowed origins: {}.</p>"
             "<p class=\"muted\">Theme it with CSS custom properties; see docs/embedding.md.</p>",
             escape_html((*site)->name), escape_html(snippet),
             escape_html(fmt::format("{}", fmt::join((*site)->allowed_origins, ", "))));
         return html_response(200, page("Embed code — Townhall", body));
       },
       Execution::kInline});

  // The rules as a page for readers; the widget links to it, and to a rule
  // by its id (#civility).
  router.add({http::Method::kGet, "/rules",
              [&ctx](const http::Request& req, const PathParams&) -> http::Response {
                auto site = ctx.sites.find(query_param(req.query, "site").value_or(""));
                if (!site.ok()) return error_response(site.error());
                auto rules = site_rules(ctx, (*site)->id, false);
                if (!rules.ok()) return error_response(rules.error());
                std::string list;
                for (const auto& rule : *rules) {
                  list += fmt::format(R"(<li id="{}"><h2>{}</h2>{}</li>)", escape_html(rule.id),
                                      escape_html(rule.title), rule.body_html);  // body_html is safe by construction
                }
                const std::string title = (*site)->name + " — community rules";
                http::Response response = html_response(
                    200, page(title, fmt::format("<h1>{}</h1><p>These rules apply to every discussion on {}. "
                                                 "Moderators cite them when they remove a comment or restrict an "
                                                 "account, and you can report a comment that breaks one.</p>"
                                                 R"(<ol class="rules">{}</ol>)",
                                                 escape_html(title), escape_html((*site)->name), list)));
                response.set_header("cache-control", "public, max-age=60");
                return response;
              },
              Execution::kBlocking});

  router.add({http::Method::kGet, "/moderate",
              [&ctx](const http::Request&, const PathParams&) -> http::Response {
                const StaticAsset* script = find_asset(ctx.options.assets, kDashboardScript);
                if (script == nullptr) {
                  return error_response(core::ErrorKind::kNotFound, "dashboard_not_built",
                                        "this server was built without the web front end");
                }
                const StaticAsset* styles = find_asset(ctx.options.assets, kDashboardStyles);
                const std::string stylesheet =
                    styles == nullptr
                        ? std::string()
                        : fmt::format(R"(<link rel="stylesheet" href="/assets/{}">)", escape_html(styles->hashed_name));
                http::Response response = html_response(
                    200, fmt::format(R"(<!doctype html><html lang="en"><head><meta charset="utf-8">)"
                                     R"(<meta name="viewport" content="width=device-width,initial-scale=1">)"
                                     R"(<meta name="robots" content="noindex">)"
                                     R"(<title>Moderation — Townhall</title>{})"
                                     R"(<script defer src="/assets/{}"></script></head>)"
                                     R"(<body><div id="townhall-dashboard"></div>)"
                                     R"(<noscript>The moderation dashboard needs JavaScript.</noscript></body></html>)",
                                     stylesheet, escape_html(script->hashed_name)));
                // The shell names this build's assets: revalidate it on every visit.
                response.set_header("cache-control", "no-cache");
                response.set_header("content-security-policy", std::string(kDashboardPolicy));
                response.set_header("referrer-policy", "no-referrer");
                response.set_header("x-content-type-options", "nosniff");
                return response;
              },
              Execution::kInline});
}

}  // namespace townhall::api
