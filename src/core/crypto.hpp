// Passwords and bearer tokens, through libsodium.
//
// Passwords are hashed with Argon2id (crypto_pwhash_str, libsodium's
// "interactive" limits: 2 passes over 64 MiB), which embeds salt and
// parameters in the stored string. Tokens are 256 random bits, sent to the
// client once as base64url text; only their SHA-256 is stored, so a leaked
// database does not leak usable sessions.
//
// Thread-safe. REQUIRES: init_crypto() returned ok before any other call.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace townhall::core {

Status init_crypto();

// Internal error only if the system cannot allocate the hashing memory.
Result<std::string> hash_password(std::string_view password);
// Constant-time with respect to the password; false for a malformed hash.
bool verify_password(std::string_view password, const std::string& stored_hash);

// 43 characters of base64url (no padding) encoding 32 random bytes.
std::string new_token();
// The 32-byte SHA-256 digest of the token text, as raw bytes.
std::string hash_token(std::string_view token);

// 16 random bytes as 32 lower-case hex characters (passwords for the demo).
std::string random_hex(std::size_t bytes);

// Constant-time equality for secrets of equal length.
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace townhall::core
