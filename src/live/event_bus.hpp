// In-process publish/subscribe for changes to stories' discussions.
//
// The thread cache listens to invalidate pages; live streams (server-sent
// events) will listen to push changes to readers. With several nodes the same
// events travel through PostgreSQL LISTEN/NOTIFY into each node's bus.
//
// Thread-safe. Subscribers are called on the publishing thread, after the
// subscriber list has been copied and the lock released, so a subscriber may
// subscribe, unsubscribe or publish without deadlocking. Subscribers must be
// quick and must not throw.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/id.hpp"

namespace townhall::live {

enum class EventKind {
  kCommentCreated,
  kCommentEdited,
  kCommentRemoved,   // deleted by its author or hidden by moderation
  kCommentRestored,  // visible again (approved after a hold, appeal reversed)
  kReactionChanged,
  kStoryChanged,  // title, url, open/closed
};

struct Event {
  EventKind kind = EventKind::kCommentCreated;
  std::string site_id;
  core::Id story_id = 0;
  core::Id comment_id = 0;  // 0 for story-level events
};

class EventBus {
 public:
  using Handler = std::function<void(const Event&)>;

  // Unsubscribes when destroyed. Movable; safe to destroy on any thread.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(Subscription&&) noexcept = default;
    Subscription& operator=(Subscription&&) noexcept = default;
    ~Subscription();
    void reset();

   private:
    friend class EventBus;
    Subscription(std::weak_ptr<EventBus*> bus, std::uint64_t id) : bus_(std::move(bus)), id_(id) {}
    std::weak_ptr<EventBus*> bus_;
    std::uint64_t id_ = 0;
  };

  EventBus();
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  [[nodiscard]] Subscription subscribe(Handler handler);
  void publish(const Event& event);

 private:
  void unsubscribe(std::uint64_t id);

  struct Entry {
    std::uint64_t id;
    std::shared_ptr<Handler> handler;
  };
  std::mutex mu_;
  std::vector<Entry> subscribers_;  // GUARDED_BY(mu_)
  std::uint64_t next_id_ = 1;       // GUARDED_BY(mu_)
  // Subscriptions hold a weak pointer to this so that they can outlive the bus.
  std::shared_ptr<EventBus*> self_;
};

}  // namespace townhall::live
