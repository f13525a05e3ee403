#include "api/request_parsing.hpp"

#include <sodium.h>

#include <boost/json.hpp>

#include "core/text.hpp"

namespace townhall::api {

using core::ErrorKind;
using core::make_error;

namespace {

constexpr std::size_t kMaxEmailBytes = 254;

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char a = text[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != prefix[i]) return false;
  }
  return true;
}

core::Error invalid_field(std::string_view field, std::string_view expected) {
  return make_error(ErrorKind::kUnprocessable, "invalid_field",
                    "field '" + std::string(field) + "' must be " + std::string(expected));
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!core::is_valid_utf8(out)) return std::nullopt;
  return out;
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(pos, end - pos);
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    if (key == name) {
      if (eq == std::string_view::npos) return std::string();
      return percent_decode(pair.substr(eq + 1), /*plus_is_space=*/true);
    }
    pos = end + 1;
  }
  return std::nullopt;
}

core::Result<boost::json::object> parse_json_object(const http::Request& request) {
  const std::string_view type = request.header("content-type");
  if (!iequals_prefix(type, "application/json") || (type.size() > 16 && type[16] != ';' && type[16] != ' ')) {
    return make_error(ErrorKind::kUnsupportedMediaType, "unsupported_media_type", "send the body as application/json");
  }
  if (!core::is_valid_utf8(request.body)) {
    return make_error(ErrorKind::kInvalidArgument, "invalid_utf8", "the body is not valid UTF-8");
  }
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 16;
  boost::json::value value = boost::json::parse(request.body, ec, {}, options);
  if (ec) {
    return make_error(ErrorKind::kInvalidArgument, "malformed_json", "the body is not valid JSON: " + ec.message());
  }
  if (!value.is_object()) {
    return make_error(ErrorKind::kInvalidArgument, "expected_object", "the body must be a JSON object");
  }
  return std::move(value.as_object());
}

core::Result<std::string> required_string(const boost::json::object& object, std::string_view field) {
  const auto* v = object.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return make_error(ErrorKind::kUnprocessable, "missing_field", "field '" + std::string(field) + "' is required");
  }
  if (!v->is_string()) return invalid_field(field, "a string");
  return std::string(v->as_string());
}

core::Result<std::optional<std::string>> optional_string(const boost::json::object& object, std::string_view field) {
  const auto* v = object.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return invalid_field(field, "a string");
  return std::optional<std::string>(std::string(v->as_string()));
}

core::Result<std::optional<bool>> optional_bool(const boost::json::object& object, std::string_view field) {
  const auto* v = object.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<bool>();
  if (!v->is_bool()) return invalid_field(field, "true or false");
  return std::optional<bool>(v->as_bool());
}

core::Result<std::optional<std::int64_t>> optional_int(const boost::json::object& object, std::string_view field) {
  const auto* v = object.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<std::int64_t>();
  if (v->is_int64()) return std::optional<std::int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v->as_uint64()));
  }
  return invalid_field(field, "an integer");
}

core::Result<std::optional<core::Id>> optional_id(const boost::json::object& object, std::string_view field) {
  const auto* v = object.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<core::Id>();
  if (!v->is_string()) return invalid_field(field, "an id string");
  auto id = core::parse_id(v->as_string());
  if (!id) return invalid_field(field, "an id string");
  return std::optional<core::Id>(*id);
}

std::string encode_opaque_cursor(std::string_view plain) {
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::string> decode_opaque_cursor(std::string_view cursor) {
  constexpr std::size_t kMaxCursorBytes = 256;
  if (cursor.empty() || cursor.size() > kMaxCursorBytes) return std::nullopt;
  unsigned char plain[kMaxCursorBytes];
  std::size_t len = 0;
  if (sodium_base642bin(plain, sizeof plain, cursor.data(), cursor.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(plain), len);
}

core::Result<std::string> checked_email(std::string_view raw) {
  std::string email = lower_ascii(core::normalize_newlines_and_trim(raw));
  const auto at = email.find('@');
  const bool shaped = at != std::string::npos && at > 0 && at == email.rfind('@') &&
                      email.find('.', at) != std::string::npos && email.back() != '.' &&
                      email.find_first_of(" \t\r\n<>()[],;:\"\\") == std::string::npos;
  if (!shaped || email.size() > kMaxEmailBytes || core::has_forbidden_characters(email)) {
    return core::make_error(core::ErrorKind::kUnprocessable, "invalid_email",
                            "enter an email address like name@example.com");
  }
  return email;
}

std::string_view bearer_token(const http::Request& request) {
  std::string_view value = request.header("authorization");
  if (!iequals_prefix(value, "bearer ")) return {};
  value.remove_prefix(7);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
}

}  // namespace townhall::api
