// Where the suites find the binary under test; fixed at build time.
#include "support/test_paths.hpp"

namespace townhall::testing {

const char* townhall_binary() { return TOWNHALL_BINARY; }

}  // namespace townhall::testing
