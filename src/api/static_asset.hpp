// A file of the front end (the reader widget, later the dashboard) compiled
// into the binary. Served under its content-hashed name with a one-year
// immutable lifetime: a new build gets new names, so browsers and CDNs never
// see a stale widget.
#pragma once

#include <string_view>

namespace townhall::api {

struct StaticAsset {
  std::string_view name;          // as built: "widget.js"
  std::string_view hashed_name;   // as served: "widget-3f9a0c1b2d4e.js"
  std::string_view content_type;  // "application/javascript; charset=utf-8"
  std::string_view etag;          // quoted content hash
  std::string_view body;
  std::string_view gzip_body;  // the same bytes, gzip -9, sent when accepted
};

}  // namespace townhall::api
