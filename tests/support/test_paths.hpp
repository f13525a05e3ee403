#pragma once

namespace townhall::testing {

// Absolute path of the built townhall executable.
const char* townhall_binary();

}  // namespace townhall::testing
