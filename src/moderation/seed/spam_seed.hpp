// The seed spam model every new site starts from, trained at build time on
// the SpamAssassin public corpus (see spam_seed.cmake) and compiled into the
// binary, so that an install needs no corpus on disk:
//
//   SpamModel model;
//   auto status = model.deserialize(seed::spam_seed_model());
//
// Built with -DTOWNHALL_SPAM_SEED=OFF the seed is empty (an empty view, which
// deserialize() rejects): sites then start from an empty model that scores
// every comment 0.5 and holds nothing until moderators have trained it.
#pragma once

#include <string_view>

namespace townhall::moderation::seed {

// SpamModel::serialize() bytes of the seed model; empty without a seed.
std::string_view spam_seed_model();

}  // namespace townhall::moderation::seed
