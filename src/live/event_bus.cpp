#include "live/event_bus.hpp"

#include <algorithm>

namespace townhall::live {

EventBus::Subscription::~Subscription() { reset(); }

void EventBus::Subscription::reset() {
  if (auto bus = bus_.lock()) (*bus)->unsubscribe(id_);
  bus_.reset();
}

EventBus::EventBus() : self_(std::make_shared<EventBus*>(this)) {}

EventBus::~EventBus() = default;

EventBus::Subscription EventBus::subscribe(Handler handler) {
  std::lock_guard lock(mu_);
  const std::uint64_t id = next_id_++;
  subscribers_.push_back({id, std::make_shared<Handler>(std::move(handler))});
  return Subscription(self_, id);
}

void EventBus::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mu_);
  std::erase_if(subscribers_, [id](const Entry& e) { return e.id == id; });
}

void EventBus::publish(const Event& event) {
  std::vector<std::shared_ptr<Handler>> handlers;
  {
    std::lock_guard lock(mu_);
    handlers.reserve(subscribers_.size());
    for (const auto& e : subscribers_) handlers.push_back(e.handler);
  }
  for (const auto& h : handlers) (*h)(event);
}

}  // namespace townhall::live
