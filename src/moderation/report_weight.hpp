// How much one reader's report counts, from their track record.
//
// A report's weight is the reporter's smoothed precision scaled so that a
// reader with no record weighs exactly 1:
//
//     weight = 2 × (upheld + 1) / (upheld + dismissed + 2)
//
// (Laplace's rule of succession: the chance their next report is upheld,
// doubled.) It lies in (0, 2): a reader whose reports are always upheld
// approaches 2, one whose reports are always dismissed approaches 0, and a
// few early outcomes move it only a little. A comment is hidden pending
// review when its open reports' weights sum to the site's report_threshold
// (default 3: three new readers, or two with a good record).
#pragma once

#include "core/moderation.hpp"

namespace townhall::moderation {

double report_weight(const core::ReporterRecord& record);

}  // namespace townhall::moderation
