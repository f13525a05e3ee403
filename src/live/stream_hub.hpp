// Fans the event bus out to readers' live streams (server-sent events).
//
// For an event of a story that someone follows, the hub asks the Renderer
// for the event's data once, turns it into one server-sent event with a
// fresh id and hands the same bytes to every subscriber of that story. It
// keeps each followed story's recent events, so that a client reconnecting
// with Last-Event-ID receives exactly what it missed; when that is
// impossible it sends `reset` and the client reloads the thread.
//
// Messages (see live/sse.hpp for the framing):
//   retry: <ms>                       first, on every stream; with "id: <n>"
//                                     on a fresh one (its starting position)
//   event: comment   id: n  data: ... a comment was created, edited, removed
//                                     or restored
//   event: reaction  id: n  data: ... a comment's reaction count changed
//   event: story     id: n  data: ... the story opened or closed
//   event: reset     id: n  data: {}  the events after Last-Event-ID are gone
//   : ping                            every heartbeat_interval
// The data of comment, reaction and story events is whatever the Renderer
// returns (api/ renders JSON).
//
// Event ids are 64-bit and strictly increasing within a process, shared by
// all stories: the node id in the top 10 bits, then a counter that starts at
// the clock's microseconds since the epoch. So ids of an earlier run of the
// process are below every id of this one, and a client reconnecting after a
// restart gets `reset` (unless the clock went back); ids of another node
// are never in this node's range, so a client that reconnects to another
// node gets `reset` too. A load balancer that keeps a reader on one node
// saves those reloads.
//
// Memory: a subscriber costs the hub a key and the Sink pointer. A followed
// story keeps up to replay_events messages (at most replay_bytes, none
// older than replay_window) and stays followed for replay_window after its
// last subscriber left, so readers that drop off for a moment can catch up.
//
// Threads: the hub has one thread of its own, which calls the sinks (so
// that neither a comment's author nor an I/O thread waits while a comment
// reaches ten thousand readers), sends heartbeats and forgets expired
// state. Sinks are called without any hub lock held, one message at a time
// per story, in id order; a Sink must not block.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/id.hpp"
#include "live/event_bus.hpp"

namespace townhall::live {

struct StreamHubOptions {
  // Recent events kept per followed story for replay. A reconnect that
  // missed more than this gets `reset`.
  std::size_t replay_events = 500;
  // The same limit in bytes (comments can be long).
  std::size_t replay_bytes = std::size_t{1} << 20;
  // Events older than this are not replayed; a story nobody has followed
  // for this long is forgotten.
  std::chrono::milliseconds replay_window{15 * 60 * 1000};
  // A comment line this often keeps proxies and load balancers, which
  // close connections idle for 30-60 s, from closing quiet streams. Also
  // how often expired replay state is dropped.
  std::chrono::milliseconds heartbeat_interval{25'000};
  // The reconnection delay streams ask clients to use.
  int retry_ms = 3000;
  // This node's id (node.id, 0-1023), part of every event id.
  std::uint32_t node_id = 0;
};

// Where one subscriber's messages go: in the server an http::StreamWriter,
// adapted by api/ (live/ does not depend on http/).
class Sink {
 public:
  virtual ~Sink() = default;
  // Queues one message; must not block or call back into the hub. Returns
  // false when the reader is gone, and the hub then drops the subscriber.
  virtual bool send(const std::shared_ptr<const std::string>& message) = 0;
};

class StreamHub {
 private:
  struct State;  // shared with Subscriptions, which may outlive the hub

 public:
  // The data line of an event, or nullopt when the event is not announced
  // (a held comment, a comment that has gone). Called once per event of a
  // followed story, on the publishing thread, with no hub lock held; it may
  // read the store. Must be thread-safe.
  using Renderer = std::function<std::optional<std::string>(const Event&)>;

  // A subscriber's place in the hub; unsubscribes when reset or destroyed.
  // Movable; may outlive the hub; safe to destroy on any thread.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(Subscription&&) noexcept = default;
    Subscription& operator=(Subscription&& other) noexcept;
    ~Subscription();
    void reset();

   private:
    friend class StreamHub;
    Subscription(std::weak_ptr<State> state, core::Id story_id, std::uint64_t key)
        : state_(std::move(state)), story_id_(story_id), key_(key) {}
    std::weak_ptr<State> state_;
    core::Id story_id_ = 0;
    std::uint64_t key_ = 0;
  };

  // Subscribes to `bus` and starts the hub's thread.
  StreamHub(EventBus& bus, Renderer renderer, StreamHubOptions options = {});
  // Stops the hub's thread and leaves the bus. Sinks are released;
  // messages not yet delivered are dropped.
  ~StreamHub();
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  // Adds `sink` to the readers of `story_id`; the hub's thread sends it,
  // before anything else, the preamble and:
  //  - without last_event_id: nothing more; the preamble carries the id the
  //    stream starts from, which the client sends back when it reconnects;
  //  - with a last_event_id the story's recent events cover: every event
  //    after it, in order;
  //  - otherwise (too old, from an earlier run or another node): `reset`.
  // From then on the sink receives every event of the story until the
  // Subscription is reset or the sink refuses a message.
  [[nodiscard]] Subscription subscribe(core::Id story_id, std::optional<std::uint64_t> last_event_id,
                                       std::shared_ptr<Sink> sink);

  // Subscribers now, over all stories.
  std::size_t subscriber_count() const;
  // Stories followed now, including those whose last subscriber left less
  // than replay_window ago.
  std::size_t story_count() const;

  // Sends a heartbeat to every subscriber and forgets expired replay state.
  // The hub's thread does this every heartbeat_interval; tests may too.
  void tick();

  // Returns once every event published before the call has been handed to
  // the sinks (tests).
  void drain();

 private:
  std::shared_ptr<State> state_;
  EventBus::Subscription bus_subscription_;
  std::thread thread_;
};

}  // namespace townhall::live
