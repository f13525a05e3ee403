// Accounts and sessions: sign up, sign in, sign out, who am I.
#include <boost/json.hpp>

#include "api/context.hpp"
#include "api/request_parsing.hpp"
#include "api/responses.hpp"
#include "api/views.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace townhall::api {

namespace json = boost::json;
using core::ErrorKind;
using core::make_error;

namespace {

constexpr std::size_t kMaxNameChars = 50;
constexpr std::size_t kMinPasswordChars = 8;
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr core::Millis kSigninWindow = 15 * core::kMillisPerMinute;

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

core::Result<std::string> checked_name(std::string_view raw) {
  std::string name = core::normalize_newlines_and_trim(raw);
  if (name.empty() || name.find('\n') != std::string::npos || core::has_forbidden_characters(name) ||
      core::count_code_points(name) > kMaxNameChars) {
    return make_error(ErrorKind::kUnprocessable, "invalid_name",
                      "a display name is 1 to " + std::to_string(kMaxNameChars) + " characters on one line");
  }
  return name;
}

http::Response throttled(core::Millis wait, std::string code, std::string message) {
  http::Response response = error_response(ErrorKind::kTooManyRequests, std::move(code), std::move(message));
  response.set_header("retry-after", std::to_string((wait + core::kMillisPerSecond - 1) / core::kMillisPerSecond));
  return response;
}

class AccountHandlers {
 public:
  explicit AccountHandlers(Context& ctx) : ctx_(ctx) {}

  http::Response sign_up(const http::Request& req, const PathParams&) {
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto email = required_string(*body, "email");
    if (!email.ok()) return error_response(email.error());
    auto name = required_string(*body, "name");
    if (!name.ok()) return error_response(name.error());
    auto password = required_string(*body, "password");
    if (!password.ok()) return error_response(password.error());
    auto checked = checked_email(*email);
    if (!checked.ok()) return error_response(checked.error());
    auto display = checked_name(*name);
    if (!display.ok()) return error_response(display.error());
    if (auto bad = checked_password(*password); !bad.ok()) return error_response(bad.error());

    const core::Millis now = core::now_millis();
    if (auto wait = ctx_.signups_by_address.take(req.remote_address, now); wait > 0) {
      return throttled(wait, "too_many_signups", "too many accounts were created from your address; try later");
    }
    auto hash = core::hash_password(*password);
    if (!hash.ok()) return error_response(hash.error());
    core::NewUser user;
    user.id = ctx_.ids.next();
    user.email = std::move(*checked);
    user.name = std::move(*display);
    user.password_hash = std::move(*hash);
    user.role = core::Role::kCommenter;
    user.created_at = now;
    auto created = ctx_.store.create_user(user);
    if (!created.ok()) return error_response(created.error());
    return session_response(201, *created, now);
  }

  http::Response sign_in(const http::Request& req, const PathParams&) {
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto email = required_string(*body, "email");
    if (!email.ok()) return error_response(email.error());
    auto password = required_string(*body, "password");
    if (!password.ok()) return error_response(password.error());
    const std::string account_key = lower_ascii(core::normalize_newlines_and_trim(*email));
    const core::Millis now = core::now_millis();
    const core::Millis wait = std::max(ctx_.signin_failures_by_account.peek(account_key, now),
                                       ctx_.signin_failures_by_address.peek(req.remote_address, now));
    if (wait > 0) return throttled(wait, "too_many_attempts", "too many failed sign-ins; try again later");

    auto credentials = ctx_.store.find_credentials(account_key);
    bool valid = false;
    if (credentials.ok() && password->size() <= kMaxPasswordBytes) {
      valid = core::verify_password(*password, credentials->password_hash);
    } else if (credentials.ok()) {
      core::verify_password("", dummy_hash());  // same cost as a real check
    } else if (credentials.error().kind == ErrorKind::kNotFound) {
      // Spend the same time as a real check so that timing does not tell
      // which emails have accounts.
      core::verify_password(*password, dummy_hash());
    } else {
      return error_response(credentials.error());
    }
    if (!valid) {
      ctx_.signin_failures_by_account.take(account_key, now);
      ctx_.signin_failures_by_address.take(req.remote_address, now);
      return error_response(ErrorKind::kUnauthenticated, "invalid_credentials", "the email or password is wrong");
    }
    ctx_.signin_failures_by_account.reset(account_key);
    return session_response(200, credentials->user, now);
  }

  http::Response sign_out(const http::Request& req, const PathParams&) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    const std::string token_hash = core::hash_token(bearer_token(req));
    ctx_.sessions.forget(token_hash);
    auto deleted = ctx_.store.delete_session(token_hash);
    if (!deleted.ok()) return error_response(deleted.error());
    return empty_response(204);
  }

  http::Response me(const http::Request& req, const PathParams&) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    json::object out{{"user", user_view(*user)}};
    out["user"].as_object()["email"] = user->email;
    http::Response response = json_response(200, out);
    response.set_header("cache-control", "no-store");
    return response;
  }

 private:
  static core::Status checked_password(std::string_view password) {
    if (password.size() > kMaxPasswordBytes || !core::is_valid_utf8(password) ||
        core::count_code_points(password) < kMinPasswordChars) {
      return make_error(ErrorKind::kUnprocessable, "weak_password",
                        "a password needs at least " + std::to_string(kMinPasswordChars) + " characters");
    }
    return {};
  }

  const std::string& dummy_hash() {
    std::call_once(dummy_once_, [this] {
      auto hash = core::hash_password(core::random_hex(16));
      if (hash.ok()) dummy_hash_ = std::move(*hash);
    });
    return dummy_hash_;
  }

  http::Response session_response(int status, const core::User& user, core::Millis now) {
    const std::string token = core::new_token();
    core::NewSession session;
    session.token_hash = core::hash_token(token);
    session.user_id = user.id;
    session.created_at = now;
    session.expires_at = now + ctx_.options.session_lifetime;
    if (auto stored = ctx_.store.create_session(session); !stored.ok()) return error_response(stored.error());
    http::Response response = json_response(status, json::object{
                                                        {"user", user_view(user)},
                                                        {"token", token},
                                                        {"expires_at", core::format_rfc3339(session.expires_at)},
                                                    });
    response.set_header("cache-control", "no-store");
    return response;
  }

  Context& ctx_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace

void add_account_routes(Router& router, Context& ctx) {
  auto h = std::make_shared<AccountHandlers>(ctx);
  using http::Method;
  router.add({Method::kPost, "/api/v1/accounts",
              [h](const http::Request& r, const PathParams& p) { return h->sign_up(r, p); }, Execution::kBlocking});
  router.add({Method::kPost, "/api/v1/sessions",
              [h](const http::Request& r, const PathParams& p) { return h->sign_in(r, p); }, Execution::kBlocking});
  router.add({Method::kDelete, "/api/v1/sessions/current",
              [h](const http::Request& r, const PathParams& p) { return h->sign_out(r, p); }, Execution::kBlocking});
  router.add({Method::kGet, "/api/v1/me", [h](const http::Request& r, const PathParams& p) { return h->me(r, p); },
              Execution::kInline});
}

}  // namespace townhall::api
