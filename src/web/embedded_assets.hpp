// The built front end (web/dist), embedded at build time by
// cmake/embed_assets.cmake. Empty when the binary was built without it
// (-DTOWNHALL_WEB=OFF).
#pragma once

#include <vector>

#include "api/static_asset.hpp"

namespace townhall::web {

const std::vector<api::StaticAsset>& embedded_assets();

}  // namespace townhall::web
