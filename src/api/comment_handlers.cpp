// Reading and writing a story's discussion.
#include <sodium.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "api/context.hpp"
#include "api/moderation_views.hpp"
#include "api/request_parsing.hpp"
#include "api/responses.hpp"
#include "api/views.hpp"
#include "core/text.hpp"
#include "render/markdown.hpp"

namespace townhall::api {

namespace json = boost::json;
using core::ErrorKind;
using core::make_error;

namespace {

constexpr std::size_t kMaxStoryKeyBytes = 200;
constexpr std::size_t kMaxTitleChars = 300;
constexpr std::size_t kMaxUrlBytes = 2000;
constexpr std::size_t kMaxCountedStories = 100;
constexpr int kMaxOwnHiddenComments = 50;
constexpr std::int64_t kMaxPreviewChars = 10'000;

}  // namespace

bool story_open(const core::Story& story, const core::Site& site, core::Millis now) {
  if (story.closed) return false;
  if (site.settings.auto_close_days <= 0) return true;
  return now < story.created_at + site.settings.auto_close_days * core::kMillisPerDay;
}

namespace {

// The time at which a cached page must be recomputed because the story
// auto-closes, or "never".
core::Millis auto_close_at(const core::Story& story, const core::Site& site) {
  if (story.closed || site.settings.auto_close_days <= 0) return INT64_MAX;
  return story.created_at + site.settings.auto_close_days * core::kMillisPerDay;
}

// The cache key's and cursors' name for the featured tab's order; no sort
// has this name.
constexpr std::string_view kFeaturedOrder = "featured";

// Cursors are opaque to clients: base64url of "order:count:id", where the
// order is a sort's name or kFeaturedOrder.
std::string encode_cursor(std::string_view order, const core::PageKey& key) {
  const std::string plain = std::string(order) + ":" + std::to_string(key.count) + ":" + std::to_string(key.id);
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

core::Result<core::PageKey> decode_cursor(std::string_view order, std::string_view cursor) {
  auto invalid = make_error(ErrorKind::kInvalidArgument, "invalid_cursor",
                            "the cursor is not one this server issued for this sort");
  if (cursor.size() > 128) return invalid;
  unsigned char plain[128];
  std::size_t len = 0;
  if (sodium_base642bin(plain, sizeof plain, cursor.data(), cursor.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return invalid;
  }
  std::string_view text(reinterpret_cast<const char*>(plain), len);
  const std::string prefix = std::string(order) + ":";
  if (text.substr(0, prefix.size()) != prefix) return invalid;
  text.remove_prefix(prefix.size());
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return invalid;
  core::PageKey key;
  try {
    std::size_t used = 0;
    key.count = std::stoll(std::string(text.substr(0, colon)), &used);
    if (used != colon) return invalid;
  } catch (...) {
    return invalid;
  }
  auto id = core::parse_id(text.substr(colon + 1));
  if (!id) return invalid;
  key.id = *id;
  return key;
}

// Checks a comment body and renders it; 422 with a precise code otherwise.
core::Result<std::string> checked_body(const json::object& object, const core::Site& site) {
  auto raw = required_string(object, "body");
  if (!raw.ok()) return raw.error();
  std::string body = core::normalize_newlines_and_trim(*raw);
  if (body.empty()) return make_error(ErrorKind::kUnprocessable, "body_empty", "write something first");
  if (core::has_forbidden_characters(body)) {
    return make_error(ErrorKind::kUnprocessable, "body_forbidden_characters",
                      "the text contains control or direction-override characters");
  }
  if (static_cast<std::int64_t>(core::count_code_points(body)) > site.settings.max_body_chars) {
    return make_error(ErrorKind::kUnprocessable, "body_too_long",
                      "comments are limited to " + std::to_string(site.settings.max_body_chars) + " characters");
  }
  return body;
}

// A story's page URL must be absolute http(s) on one of the site's origins.
core::Result<std::string> checked_story_url(std::string_view url, const core::Site& site) {
  if (url.size() > kMaxUrlBytes) {
    return make_error(ErrorKind::kUnprocessable, "invalid_url", "the story URL is too long");
  }
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || !parsed->has_authority()) {
    return make_error(ErrorKind::kUnprocessable, "invalid_url", "the story URL must be an absolute http(s) URL");
  }
  std::string origin = std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host_and_port());
  if (!origin_allowed(site, origin)) {
    return make_error(ErrorKind::kForbidden, "origin_not_allowed", "the story URL is not on one of the site's origins");
  }
  return std::string(url);
}

// The 403 a reader gets for writing (posting, editing, reacting) while
// banned, suspended or warned without having acknowledged it; nullopt when
// they may write. Reading is never restricted.
std::optional<http::Response> restriction_response(const core::Standing& standing) {
  core::Error error;
  switch (standing.status) {
    case core::StandingStatus::kBanned:
      error = make_error(ErrorKind::kForbidden, "account_banned", "your account may no longer comment here");
      break;
    case core::StandingStatus::kSuspended:
      error = make_error(ErrorKind::kForbidden, "account_suspended", "your account is suspended from commenting");
      break;
    case core::StandingStatus::kWarned:
      error = make_error(ErrorKind::kForbidden, "warning_unacknowledged",
                         "read and acknowledge the moderators' warning before commenting again");
      break;
    case core::StandingStatus::kOk:
    case core::StandingStatus::kPremoderated: return std::nullopt;
  }
  json::object extra = standing_view(standing);
  return error_response(error, json::object{{"until", extra["until"]}, {"notice_id", extra["notice_id"]}});
}

class CommentHandlers {
 public:
  explicit CommentHandlers(Context& ctx) : ctx_(ctx) {}

  http::Response read_thread(const http::Request& req, const PathParams& params) {
    const std::string& site_id = params["site"];
    const std::string& story_key = params["story"];
    auto site = ctx_.sites.find(site_id);
    if (!site.ok()) return error_response(site.error());

    const std::string sort_text = query_param(req.query, "sort").value_or("newest");
    const auto sort = core::parse_sort(sort_text);
    if (!sort) {
      return error_response(ErrorKind::kInvalidArgument, "invalid_sort",
                            "sort must be one of newest, oldest, reactions, replies");
    }
    int limit = ctx_.options.default_page_size;
    if (auto text = query_param(req.query, "limit")) {
      try {
        std::size_t used = 0;
        limit = std::stoi(*text, &used);
        if (used != text->size()) limit = -1;
      } catch (...) {
        limit = -1;
      }
      if (limit < 1 || limit > ctx_.options.max_page_size) {
        return error_response(ErrorKind::kInvalidArgument, "invalid_limit",
                              "limit must be between 1 and " + std::to_string(ctx_.options.max_page_size));
      }
    }
    const std::string cursor = query_param(req.query, "cursor").value_or("");
    const std::string featured_text = query_param(req.query, "featured").value_or("false");
    if (featured_text != "true" && featured_text != "false") {
      return error_response(ErrorKind::kInvalidArgument, "invalid_featured", "featured must be true or false");
    }
    const bool featured = featured_text == "true";
    // The featured tab has its own order (most recently featured first), so
    // its pages and cursors are apart from every sort's.
    const std::string_view order = featured ? kFeaturedOrder : core::sort_name(*sort);

    const std::string key = thread_cache_key(site_id, story_key, order, cursor, limit);
    const core::Millis now = core::now_millis();
    if (auto cached = ctx_.thread_cache.find(key); cached && now < cached->stale_after) {
      return cached_response(req, *cached);
    }

    std::optional<core::PageKey> after;
    if (!cursor.empty()) {
      auto decoded = decode_cursor(order, cursor);
      if (!decoded.ok()) return error_response(decoded.error());
      after = *decoded;
    }

    auto story = find_or_create_story(req, **site, story_key, now);
    if (!story.ok()) return error_response(story.error());

    const auto ticket = ctx_.thread_cache.ticket(story->id);
    core::ThreadQuery query;
    query.story_id = story->id;
    query.sort = *sort;
    query.limit = limit;
    query.after = after;
    query.featured_only = featured;
    auto page = ctx_.store.read_thread(query);
    if (!page.ok()) return error_response(page.error());
    std::optional<std::string> next;
    if (page->next) next = encode_cursor(order, *page->next);

    auto entry = std::make_shared<CachedPage>();
    entry->body = std::make_shared<const std::string>(
        json::serialize(thread_view(*story, story_open(*story, **site, now), *page, next)));
    entry->etag = make_etag(*entry->body);
    entry->story_id = story->id;
    entry->stale_after = auto_close_at(*story, **site);
    ctx_.thread_cache.insert(key, entry, ticket);
    return cached_response(req, *entry);
  }

  // Deferred: checks on the I/O thread, then the gate and the write on the
  // store's writer, which answers once the comment is durable. Posting
  // reads nothing before it writes: the author's restriction and record,
  // the story's state and the parent are weighed by the gate, in the
  // transaction that stores the comment (gate_new_comment).
  void post_comment(const http::Request& req, const PathParams& params, http::Reply reply) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return reply(error_response(user.error()));
    auto site = ctx_.sites.find(params["site"]);
    if (!site.ok()) return reply(error_response(site.error()));
    auto body_json = parse_json_object(req);
    if (!body_json.ok()) return reply(error_response(body_json.error()));
    auto story_id = ctx_.story_ids.find(params["site"], params["story"]);
    if (!story_id.ok()) return reply(error_response(story_id.error()));
    auto body = checked_body(*body_json, **site);
    if (!body.ok()) return reply(error_response(body.error()));
    auto parent_id = optional_id(*body_json, "parent_id");
    if (!parent_id.ok()) return reply(error_response(parent_id.error()));

    const core::Millis now = core::now_millis();
    core::NewComment comment;
    comment.id = ctx_.ids.next();
    comment.story_id = *story_id;
    comment.parent_id = *parent_id;
    comment.author_id = user->id;
    comment.body_markdown = std::move(*body);
    comment.body_html = render::markdown_to_html(comment.body_markdown);
    comment.created_at = now;
    // Owned by the completion below, which outlives the gate's one run.
    auto gate = std::make_shared<NewCommentGate>();
    if (auto gated = gate_new_comment(
            ctx_, {*user, *site, *story_id, *parent_id, comment.body_markdown, comment.id, req.remote_address, now},
            *gate);
        !gated.ok()) {
      return reply(error_response(gated.error()));
    }
    store::CommentGate store_gate = std::move(gate->gate);
    // Called by the store once the comment is durable, on its notifier
    // thread: quick, and never waits for the store.
    ctx_.store.submit_comment(std::move(comment), std::move(store_gate),
                              [this, gate, site = *site, reply = std::move(reply)](core::Result<core::Comment> stored) {
                                reply(posted(stored, *gate, *site));
                              });
  }

  http::Response get_comment(const http::Request& req, const PathParams& params) {
    auto comment = find_comment(ctx_, params["id"]);
    if (!comment.ok()) return error_response(comment.error());
    if (!core::is_publicly_visible(comment->status)) {
      // Authors still see their own held or removed comments.
      auto user = ctx_.authenticate(req);
      if (!user.ok() || user->id != comment->author_id) {
        return error_response(ErrorKind::kNotFound, "comment_not_found", "no comment has this id");
      }
    }
    auto site = ctx_.sites.find(comment->site_id);
    if (!site.ok()) return error_response(site.error());
    auto viewer = ctx_.authenticate(req);
    if (viewer.ok() && viewer->id == comment->author_id) return json_response(200, own_comment_view(*comment, **site));
    return json_response(200, comment_view(*comment));
  }

  http::Response edit_comment(const http::Request& req, const PathParams& params) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    auto body_json = parse_json_object(req);
    if (!body_json.ok()) return error_response(body_json.error());
    auto comment = find_comment(ctx_, params["id"]);
    if (!comment.ok()) return error_response(comment.error());
    if (comment->author_id != user->id) {
      return error_response(ErrorKind::kForbidden, "not_author", "only the author can edit a comment");
    }
    if (comment->status == core::CommentStatus::kDeleted || comment->status == core::CommentStatus::kRejected) {
      return error_response(ErrorKind::kConflict, "comment_not_editable", "a removed comment cannot be edited");
    }
    auto site = ctx_.sites.find(comment->site_id);
    if (!site.ok()) return error_response(site.error());
    const core::Millis now = core::now_millis();
    auto record = author_record(ctx_, *user, **site, now);
    if (!record.ok()) return error_response(record.error());
    if (auto refused = restriction_response(record->restriction)) return *refused;
    if (now > comment->created_at + site.value()->settings.edit_window_seconds * core::kMillisPerSecond) {
      return error_response(ErrorKind::kForbidden, "edit_window_closed", "the time for editing this comment is over");
    }
    auto story = ctx_.store.get_story_by_id(comment->story_id);
    if (!story.ok()) return error_response(story.error());
    if (!story_open(*story, **site, now)) {
      return error_response(ErrorKind::kForbidden, "story_closed", "this discussion is closed");
    }
    auto body = checked_body(*body_json, **site);
    if (!body.ok()) return error_response(body.error());

    core::CommentEdit edit;
    edit.body_markdown = std::move(*body);
    edit.body_html = render::markdown_to_html(edit.body_markdown);
    edit.edited_at = now;
    // New text is unreviewed text: the checks run again, and an edit can
    // only keep or lower the comment's visibility (an approved comment
    // edited into something suspect is held again).
    auto checked = check_comment(
        ctx_, {*user, **site, *story, *record, edit.body_markdown, comment->id, true, req.remote_address, now});
    if (!checked.ok()) return error_response(checked.error());
    edit.reasons = std::move(checked->reasons);
    if (checked->status == core::CommentStatus::kPublished) {
      edit.status = comment->status;
      edit.status_reason = comment->status_reason;
    } else {
      edit.status = checked->status;
      edit.status_reason = std::move(checked->status_reason);
      edit.automated = std::move(checked->outcome);
    }
    auto stored = ctx_.store.edit_comment(comment->id, edit);
    if (!stored.ok()) return error_response(stored.error());
    ctx_.story_changed(live::EventKind::kCommentEdited, stored->site_id, stored->story_id, stored->id);
    return json_response(200, own_comment_view(*stored, **site));
  }

  http::Response delete_comment(const http::Request& req, const PathParams& params) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    auto comment = find_comment(ctx_, params["id"]);
    if (!comment.ok()) return error_response(comment.error());
    if (comment->author_id != user->id) {
      return error_response(ErrorKind::kForbidden, "not_author", "only the author can delete a comment");
    }
    if (comment->status == core::CommentStatus::kDeleted) return empty_response(204);
    core::StatusChange change;
    change.to = core::CommentStatus::kDeleted;
    change.actor_id = user->id;
    change.reason = "author_deleted";
    change.at = core::now_millis();
    auto stored = ctx_.store.set_comment_status(comment->id, change);
    if (!stored.ok()) return error_response(stored.error());
    ctx_.story_changed(live::EventKind::kCommentRemoved, stored->site_id, stored->story_id, stored->id);
    return empty_response(204);
  }

  http::Response set_reaction(const http::Request& req, const PathParams& params, bool on) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    auto comment = find_comment(ctx_, params["id"]);
    if (!comment.ok()) return error_response(comment.error());
    if (!core::is_publicly_visible(comment->status)) {
      return error_response(ErrorKind::kNotFound, "comment_not_found", "no comment has this id");
    }
    if (comment->author_id == user->id) {
      return error_response(ErrorKind::kForbidden, "own_comment", "you cannot react to your own comment");
    }
    const core::Millis now = core::now_millis();
    auto standing = ctx_.store.standing(user->id, comment->site_id, now);
    if (!standing.ok()) return error_response(standing.error());
    if (auto refused = restriction_response(*standing)) return *refused;
    auto result = ctx_.store.set_reaction(comment->id, user->id, on, now);
    if (!result.ok()) return error_response(result.error());
    ctx_.story_changed(live::EventKind::kReactionChanged, comment->site_id, comment->story_id, comment->id);
    return json_response(200, json::object{{"comment_id", core::id_to_string(comment->id)},
                                           {"reacted", result->reacted},
                                           {"reactions", result->reaction_count}});
  }

  // What differs per reader, kept out of the cached thread: the comments of
  // this story they reacted to, and their own comments others cannot see.
  http::Response reader_state(const http::Request& req, const PathParams& params) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    auto site = ctx_.sites.find(params["site"]);
    if (!site.ok()) return error_response(site.error());
    auto story = ctx_.store.get_story(params["site"], params["story"]);
    if (!story.ok()) return error_response(story.error());
    auto reacted = ctx_.store.reactions_in_story(user->id, story->id);
    if (!reacted.ok()) return error_response(reacted.error());
    auto own = ctx_.store.own_hidden_comments(user->id, story->id, kMaxOwnHiddenComments);
    if (!own.ok()) return error_response(own.error());
    auto standing = ctx_.store.standing(user->id, story->site_id, core::now_millis());
    if (!standing.ok()) return error_response(standing.error());
    json::array reacted_ids;
    for (core::Id id : *reacted) reacted_ids.emplace_back(core::id_to_string(id));
    json::array own_comments;
    for (const auto& c : *own) own_comments.push_back(own_comment_view(c, **site));
    http::Response response =
        json_response(200, json::object{
                               {"user", user_view(*user)},
                               {"edit_window_seconds", site.value()->settings.edit_window_seconds},
                               {"reacted", std::move(reacted_ids)},
                               {"own", std::move(own_comments)},
                               {"standing", standing_view(*standing)},
                           });
    response.set_header("cache-control", "no-store");
    return response;
  }

  // The HTML a body would be stored as, for the composer's preview tab.
  http::Response preview(const http::Request& req, const PathParams&) {
    auto body_json = parse_json_object(req);
    if (!body_json.ok()) return error_response(body_json.error());
    core::Site any_site;  // the default limits; the real check happens on posting
    any_site.settings.max_body_chars = kMaxPreviewChars;
    auto body = checked_body(*body_json, any_site);
    if (!body.ok()) return error_response(body.error());
    return json_response(200, json::object{{"body_html", render::markdown_to_html(*body)}});
  }

  http::Response comment_counts(const http::Request& req, const PathParams&) {
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto site_id = required_string(*body, "site");
    if (!site_id.ok()) return error_response(site_id.error());
    auto site = ctx_.sites.find(*site_id);
    if (!site.ok()) return error_response(site.error());
    const auto* stories = body->if_contains("stories");
    if (stories == nullptr || !stories->is_array()) {
      return error_response(ErrorKind::kUnprocessable, "invalid_field",
                            "field 'stories' must be an array of story ids");
    }
    if (stories->as_array().size() > kMaxCountedStories) {
      return error_response(ErrorKind::kUnprocessable, "too_many_stories",
                            "ask for at most " + std::to_string(kMaxCountedStories) + " stories at once");
    }
    std::vector<std::string> keys;
    for (const auto& item : stories->as_array()) {
      if (!item.is_string()) {
        return error_response(ErrorKind::kUnprocessable, "invalid_field", "story ids must be strings");
      }
      keys.emplace_back(item.as_string());
    }
    auto counts = ctx_.store.comment_counts(*site_id, keys);
    if (!counts.ok()) return error_response(counts.error());
    json::object out;
    for (const auto& c : *counts) out[c.key] = c.comment_count;
    return json_response(200, json::object{{"site", *site_id}, {"counts", std::move(out)}});
  }

 private:
  http::Response cached_response(const http::Request& req, const CachedPage& page) const {
    http::Response response;
    response.set_header("etag", page.etag);
    response.set_header("cache-control", "public, max-age=" + std::to_string(ctx_.options.thread_max_age_seconds));
    if (req.header("if-none-match") == page.etag) {
      response.status = 304;
      return response;
    }
    response.status = 200;
    response.set_header("content-type", "application/json");
    response.body = page.body;
    return response;
  }

  core::Result<core::Story> find_or_create_story(const http::Request& req, const core::Site& site,
                                                 const std::string& key, core::Millis now) {
    auto story = ctx_.store.get_story(site.id, key);
    if (story.ok() || story.error().kind != ErrorKind::kNotFound) return story;
    // First request for this story: the embedding page says where it lives.
    auto url = query_param(req.query, "url");
    if (!url || url->empty()) {
      return make_error(ErrorKind::kNotFound, "story_not_found",
                        "no such story; pass its url (and title) to create it on first view");
    }
    if (key.size() > kMaxStoryKeyBytes || core::has_forbidden_characters(key)) {
      return make_error(ErrorKind::kUnprocessable, "invalid_story_id", "the story id is too long or malformed");
    }
    auto checked_url = checked_story_url(*url, site);
    if (!checked_url.ok()) return checked_url.error();
    std::string title = core::normalize_newlines_and_trim(query_param(req.query, "title").value_or(""));
    if (core::has_forbidden_characters(title) || core::count_code_points(title) > kMaxTitleChars) {
      return make_error(ErrorKind::kUnprocessable, "invalid_title", "the story title is too long or malformed");
    }
    core::NewStory fresh;
    fresh.id = ctx_.ids.next();
    fresh.site_id = site.id;
    fresh.key = key;
    fresh.title = std::move(title);
    fresh.url = std::move(*checked_url);
    fresh.created_at = now;
    return ctx_.store.ensure_story(fresh);
  }

  // What the author is shown about their own comment: the full object, plus
  // why it is not public and until when it can be edited.
  json::value own_comment_view(const core::Comment& comment, const core::Site& site) const {
    json::object view = comment_view(comment);
    view["author"] = author_view(comment.author_id, comment.author_name);
    if (comment.status != core::CommentStatus::kDeleted) {
      view["body_html"] = comment.body_html;
      view["body"] = comment.body_markdown;  // the author edits their own Markdown, not HTML
    }
    if (!comment.status_reason.empty()) view["reason"] = comment.status_reason;
    view["editable_until"] =
        core::format_rfc3339(comment.created_at + site.settings.edit_window_seconds * core::kMillisPerSecond);
    return view;
  }

  // The answer to a posted comment, once the store is done with it.
  http::Response posted(const core::Result<core::Comment>& stored, const NewCommentGate& gate, const core::Site& site) {
    if (!stored.ok()) {
      if (gate.refused_for) {
        if (auto refused = restriction_response(*gate.refused_for)) return *refused;
      }
      return error_response(stored.error());
    }
    ctx_.story_changed(live::EventKind::kCommentCreated, stored->site_id, stored->story_id, stored->id);
    return json_response(201, own_comment_view(*stored, site));
  }

  Context& ctx_;
};

}  // namespace

void add_comment_routes(Router& router, Context& ctx) {
  auto handlers = std::make_shared<CommentHandlers>(ctx);
  using http::Method;
  auto bind = [handlers](auto method) { return member_handler(handlers, method); };
  router.add({Method::kGet, "/api/v1/sites/{site}/stories/{story}/comments", bind(&CommentHandlers::read_thread),
              Execution::kInline});
  router.add({Method::kPost, "/api/v1/sites/{site}/stories/{story}/comments", bind(&CommentHandlers::post_comment)});
  router.add({Method::kGet, "/api/v1/comments/{id}", bind(&CommentHandlers::get_comment), Execution::kInline});
  router.add({Method::kPatch, "/api/v1/comments/{id}", bind(&CommentHandlers::edit_comment), Execution::kBlocking});
  router.add({Method::kDelete, "/api/v1/comments/{id}", bind(&CommentHandlers::delete_comment), Execution::kBlocking});
  router.add(
      {Method::kPut, "/api/v1/comments/{id}/reaction",
       [handlers](const http::Request& req, const PathParams& p) { return handlers->set_reaction(req, p, true); },
       Execution::kBlocking});
  router.add(
      {Method::kDelete, "/api/v1/comments/{id}/reaction",
       [handlers](const http::Request& req, const PathParams& p) { return handlers->set_reaction(req, p, false); },
       Execution::kBlocking});
  router.add({Method::kPost, "/api/v1/comment-counts", bind(&CommentHandlers::comment_counts), Execution::kInline});
  router.add({Method::kGet, "/api/v1/sites/{site}/stories/{story}/me", bind(&CommentHandlers::reader_state),
              Execution::kInline});
  router.add({Method::kPost, "/api/v1/preview", bind(&CommentHandlers::preview), Execution::kInline});
}

}  // namespace townhall::api
