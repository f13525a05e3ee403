// The front end's files, and /embed.js, the one URL publishers paste.
//
// /embed.js stays short-lived (five minutes) and only loads the widget under
// its content-hashed name, which is cached for a year: publishers never
// change their snippet, and a new release reaches readers within minutes.
#include <fmt/format.h>

#include "api/context.hpp"
#include "api/responses.hpp"

namespace townhall::api {

namespace {

constexpr int kImmutableMaxAgeSeconds = 365 * 24 * 60 * 60;
constexpr int kLoaderMaxAgeSeconds = 300;
constexpr std::string_view kWidgetName = "widget.js";

bool accepts_gzip(const http::Request& req) {
  const std::string_view accept = req.header("accept-encoding");
  return accept.find("gzip") != std::string_view::npos;
}

http::Response asset_response(const http::Request& req, const StaticAsset& asset) {
  http::Response response;
  response.set_header("etag", std::string(asset.etag));
  response.set_header("cache-control", fmt::format("public, max-age={}, immutable", kImmutableMaxAgeSeconds));
  response.set_header("vary", "Accept-Encoding");
  // Scripts are loaded by readers' browsers from publishers' pages.
  response.set_header("cross-origin-resource-policy", "cross-origin");
  response.set_header("access-control-allow-origin", "*");
  if (req.header("if-none-match") == asset.etag) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.set_header("content-type", std::string(asset.content_type));
  if (accepts_gzip(req) && !asset.gzip_body.empty()) {
    response.set_header("content-encoding", "gzip");
    response.body = std::make_shared<const std::string>(asset.gzip_body);
  } else {
    response.body = std::make_shared<const std::string>(asset.body);
  }
  return response;
}

}  // namespace

void add_asset_routes(Router& router, Context& ctx) {
  router.add({http::Method::kGet, "/assets/{name}",
              [&ctx](const http::Request& req, const PathParams& params) -> http::Response {
                for (const auto& asset : ctx.options.assets) {
                  if (asset.hashed_name == params["name"]) return asset_response(req, asset);
                }
                return error_response(core::ErrorKind::kNotFound, "asset_not_found", "no such file");
              },
              Execution::kInline});

  router.add({http::Method::kGet, "/embed.js",
              [&ctx](const http::Request&, const PathParams&) -> http::Response {
                const StaticAsset* widget = nullptr;
                for (const auto& asset : ctx.options.assets) {
                  if (asset.name == kWidgetName) widget = &asset;
                }
                if (widget == nullptr) {
                  return error_response(core::ErrorKind::kNotFound, "widget_not_built",
                                        "this server was built without the web front end");
                }
                // The base URL is taken from this script's own address, so one
                // snippet works behind any proxy or CDN host name.
                std::string loader = fmt::format(
                    "(function(){{var s=document.currentScript;"
                    "var b=window.TOWNHALL_BASE||(s?new URL(s.src,location.href).origin:'');"
                    "window.TOWNHALL_BASE=b;"
                    "var w=document.createElement('script');w.async=true;w.src=b+'/assets/{}';"
                    "(document.head||document.documentElement).appendChild(w);}})();\n",
                    widget->hashed_name);
                http::Response response;
                response.status = 200;
                response.set_header("content-type", "application/javascript; charset=utf-8");
                response.set_header("cache-control", fmt::format("public, max-age={}", kLoaderMaxAgeSeconds));
                response.set_header("cross-origin-resource-policy", "cross-origin");
                response.set_header("access-control-allow-origin", "*");
                response.body = std::make_shared<const std::string>(std::move(loader));
                return response;
              },
              Execution::kInline});
}

}  // namespace townhall::api
