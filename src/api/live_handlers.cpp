// Live updates for readers: the server-sent event stream of a story, and
// how its events are rendered. The stream hub (live/stream_hub.hpp) does the
// fan-out and the replay; this file ties it to HTTP and to the store.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "api/context.hpp"
#include "api/request_parsing.hpp"
#include "api/responses.hpp"
#include "api/views.hpp"
#include "live/sse.hpp"

namespace townhall::api {

namespace json = boost::json;

namespace {

// A stand-in for the Last-Event-ID header, for clients that open a stream
// themselves and cannot set headers (EventSource cannot).
constexpr std::string_view kLastEventIdParam = "last_event_id";

// What the hub writes to: the response stream of one reader.
class WriterSink final : public live::Sink {
 public:
  explicit WriterSink(std::shared_ptr<http::StreamWriter> writer) : writer_(std::move(writer)) {}
  bool send(const std::shared_ptr<const std::string>& message) override { return writer_->write_shared(message); }

 private:
  std::shared_ptr<http::StreamWriter> writer_;
};

bool is_comment_event(live::EventKind kind) {
  return kind == live::EventKind::kCommentCreated || kind == live::EventKind::kCommentEdited ||
         kind == live::EventKind::kCommentRemoved || kind == live::EventKind::kCommentRestored;
}

// The "type" of a comment event, judged by the comment's state now rather
// than by the event alone: events are rendered after the fact, and readers
// must never be shown a comment that is not public.
std::optional<std::string_view> comment_event_type(live::EventKind kind, bool visible) {
  switch (kind) {
    case live::EventKind::kCommentCreated:
      if (visible) return "created";
      break;
    case live::EventKind::kCommentEdited:
      if (visible) return "edited";
      break;
    case live::EventKind::kCommentRemoved:
      if (!visible) return "removed";
      break;
    case live::EventKind::kCommentRestored:
      if (visible) return "restored";
      break;
    default: break;
  }
  return std::nullopt;  // held, or already changed again (its own event follows)
}

template <typename T>
std::optional<T> found(core::Result<T> result, std::string_view what, const live::Event& event) {
  if (result.ok()) return std::move(*result);
  // A row that is gone has nothing to announce; anything else is worth a line.
  if (result.error().kind != core::ErrorKind::kNotFound) {
    spdlog::warn(R"("event":"live_render_failed","story_id":"{}","what":"{}","code":"{}")",
                 core::id_to_string(event.story_id), what, result.error().code);
  }
  return std::nullopt;
}

http::Response stream_events(Context& ctx, const http::Request& req, const PathParams& params) {
  auto site = ctx.sites.find(params["site"]);
  if (!site.ok()) return error_response(site.error());
  // Unlike the thread, the stream never creates the story: the widget has
  // loaded the thread (which does) before it subscribes.
  auto story = ctx.store.get_story(params["site"], params["story"]);
  if (!story.ok()) return error_response(story.error());

  // An id we cannot read is treated as one we no longer have: 0 is older
  // than anything the hub keeps, so the reader gets `reset`.
  std::optional<std::uint64_t> last_event_id;
  if (std::string_view header = req.header("last-event-id"); !header.empty()) {
    last_event_id = live::sse::parse_event_id(header).value_or(0);
  } else if (auto param = query_param(req.query, kLastEventIdParam); param && !param->empty()) {
    last_event_id = live::sse::parse_event_id(*param).value_or(0);
  }

  http::Response response;
  response.status = 200;
  response.set_header("content-type", "text/event-stream");
  response.set_header("cache-control", "no-store");
  // nginx buffers proxied responses by default, which would hold events back.
  response.set_header("x-accel-buffering", "no");
  response.stream = [&hub = ctx.streams, story_id = story->id,
                     last_event_id](const std::shared_ptr<http::StreamWriter>& writer) {
    auto sink = std::make_shared<WriterSink>(writer);
    auto subscription =
        std::make_shared<live::StreamHub::Subscription>(hub.subscribe(story_id, last_event_id, std::move(sink)));
    writer->on_closed([subscription] { subscription->reset(); });
  };
  return response;
}

}  // namespace

std::optional<std::string> render_live_event(Context& ctx, const live::Event& event) {
  if (is_comment_event(event.kind)) {
    auto comment = found(ctx.store.get_comment(event.comment_id), "comment", event);
    if (!comment) return std::nullopt;
    auto type = comment_event_type(event.kind, core::is_publicly_visible(comment->status));
    if (!type) return std::nullopt;
    auto story = found(ctx.store.get_story_by_id(event.story_id), "story", event);
    if (!story) return std::nullopt;
    return json::serialize(json::object{
        {"type", *type},
        {"comment", comment_view(*comment)},
        {"comment_count", story->comment_count},
    });
  }
  if (event.kind == live::EventKind::kReactionChanged) {
    auto comment = found(ctx.store.get_comment(event.comment_id), "comment", event);
    if (!comment || !core::is_publicly_visible(comment->status)) return std::nullopt;
    return json::serialize(json::object{
        {"comment_id", core::id_to_string(comment->id)},
        {"reactions", comment->reaction_count},
    });
  }
  if (event.kind == live::EventKind::kStoryChanged) {
    auto story = found(ctx.store.get_story_by_id(event.story_id), "story", event);
    if (!story) return std::nullopt;
    auto site = ctx.sites.find(story->site_id);
    if (!site.ok()) return std::nullopt;
    return json::serialize(json::object{
        {"open", story_open(*story, **site, core::now_millis())},
        {"comment_count", story->comment_count},
    });
  }
  return std::nullopt;
}

void add_live_routes(Router& router, Context& ctx) {
  router.add({http::Method::kGet, "/api/v1/sites/{site}/stories/{story}/events",
              [&ctx](const http::Request& req, const PathParams& params) { return stream_events(ctx, req, params); },
              Execution::kInline});
}

}  // namespace townhall::api
