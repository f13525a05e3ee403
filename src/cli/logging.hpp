// Structured logs: one JSON object per line on stderr.
//
// Messages are logged as pre-formatted JSON members ("event":"...","k":v)
// and wrapped with time and level by the pattern. Request logs carry the
// request id; nothing that could hold a secret (bodies, Authorization,
// query strings with tokens) is ever logged.
#pragma once

#include <string>
#include <string_view>

namespace townhall::cli {

void init_logging(const std::string& level);

}  // namespace townhall::cli
