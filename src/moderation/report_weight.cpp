#include "moderation/report_weight.hpp"

namespace townhall::moderation {

double report_weight(const core::ReporterRecord& record) {
  const auto upheld = static_cast<double>(record.upheld);
  const auto dismissed = static_cast<double>(record.dismissed);
  return 2.0 * (upheld + 1.0) / (upheld + dismissed + 2.0);
}

}  // namespace townhall::moderation
