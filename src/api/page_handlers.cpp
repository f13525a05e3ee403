// Pages the server shows by itself: a landing page, and the embed-code page
// that gives a publisher the snippet to paste into article templates.
#include <fmt/format.h>

#include "api/context.hpp"
#include "api/request_parsing.hpp"
#include "api/responses.hpp"
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
)";

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
}

}  // namespace townhall::api
