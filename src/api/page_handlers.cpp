// The demo story page: a plain server-rendered article with its discussion,
// so a newcomer sees Townhall working before any widget is embedded.
#include <fmt/format.h>

#include "api/context.hpp"
#include "api/responses.hpp"

namespace townhall::api {

namespace {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

void render_comment(std::string& out, const core::Comment& c, int indent) {
  const bool visible = core::is_publicly_visible(c.status);
  out += fmt::format(R"(<article class="comment" style="margin-left:{}em" id="c{}">)", indent * 2, c.id);
  if (visible) {
    out += fmt::format(R"(<header><strong>{}</strong> <time datetime="{}">{}</time>{}</header>{})",
                       escape_html(c.author_name), core::format_rfc3339(c.created_at),
                       core::format_rfc3339(c.created_at).substr(0, 16).replace(10, 1, " "),
                       c.edited_at ? " <em>(edited)</em>" : "", c.body_html);
  } else {
    out += R"(<p class="removed">This comment was removed.</p>)";
  }
  out += "</article>\n";
}

constexpr std::string_view kStyle = R"(
body{font:17px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
.masthead{font:700 2rem/1 system-ui,sans-serif;border-bottom:3px double #333;padding-bottom:.5rem}
h1{font-size:2rem;line-height:1.2}.byline{color:#555;font-style:italic}
.comments{font-family:system-ui,sans-serif;font-size:15px;border-top:1px solid #ccc;margin-top:2rem}
.comment{border-left:2px solid #ddd;padding:.25rem .75rem;margin:.75rem 0}
.comment header{color:#444}.removed{color:#777;font-style:italic}
code{background:#f3f3f3;padding:0 .2em}blockquote{border-left:3px solid #bbb;margin-left:0;padding-left:.75rem;color:#444}
)";

}  // namespace

void add_page_routes(Router& router, Context& ctx) {
  if (ctx.options.demo_site.empty()) return;
  router.add({http::Method::kGet, "/",
              [&ctx](const http::Request&, const PathParams&) -> http::Response {
                auto story = ctx.store.get_story(ctx.options.demo_site, ctx.options.demo_story);
                if (!story.ok()) return error_response(story.error());
                core::ThreadQuery query;
                query.story_id = story->id;
                query.sort = core::ThreadSort::kOldest;
                query.limit = ctx.options.max_page_size;
                auto page = ctx.store.read_thread(query);
                if (!page.ok()) return error_response(page.error());
                std::string html =
                    fmt::format(R"(<!doctype html><html lang="en"><head><meta charset="utf-8">)"
                                R"(<meta name="viewport" content="width=device-width,initial-scale=1">)"
                                R"(<title>{} — The Millbrook Courier</title><style>{}</style></head><body>)"
                                R"(<div class="masthead">The Millbrook Courier</div>)",
                                escape_html(story->title), kStyle);
                html += fmt::format(R"(<h1>{}</h1><p class="byline">By Dana Okafor, City Hall reporter</p>)",
                                    escape_html(story->title));
                html += R"(<p>The Millbrook town council voted 5–2 on Tuesday night to turn the shuttered )"
                        R"(Elm Street library annex into a covered market hall, ending two years of debate over )"
                        R"(the 1920s brick building. Supporters said the plan would bring Saturday crowds back )"
                        R"(to the old town; opponents worried about parking and the cost of a new roof.</p>)"
                        R"(<p>The market is due to open next autumn with room for 24 stalls. Councillor Ruth )"
                        R"(Iversen, who voted against, said residents on Hollis Lane had not been asked.</p>)";
                html += fmt::format(R"(<section class="comments"><h2>{} comments</h2>)", story->comment_count);
                for (std::size_t i = 0; i < page->top_level.size(); ++i) {
                  render_comment(html, page->top_level[i], 0);
                  for (const auto& reply : page->replies[i]) render_comment(html, reply, std::min(reply.depth, 3));
                }
                html += R"(<p><small>Join the discussion through the API: )"
                        R"(<code>POST /api/v1/sites/)" +
                        escape_html(ctx.options.demo_site) + "/stories/" + escape_html(ctx.options.demo_story) +
                        R"(/comments</code> (see docs/api.md).</small></p></section></body></html>)";
                http::Response response = html_response(200, std::move(html));
                response.set_header("cache-control", "no-cache");
                return response;
              },
              Execution::kInline});
}

}  // namespace townhall::api
