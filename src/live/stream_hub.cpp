#include "live/stream_hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "live/sse.hpp"

namespace townhall::live {
namespace {

using Clock = std::chrono::steady_clock;
using Message = std::shared_ptr<const std::string>;

constexpr std::string_view kResetData = "{}";

std::string_view event_name(EventKind kind) {
  switch (kind) {
    case EventKind::kCommentCreated:
    case EventKind::kCommentEdited:
    case EventKind::kCommentRemoved:
    case EventKind::kCommentRestored: return "comment";
    case EventKind::kReactionChanged: return "reaction";
    case EventKind::kStoryChanged: return "story";
  }
  return {};
}

// Event ids: the node id in the top 10 bits, a counter below that starts
// at the clock's microseconds since the epoch (54 bits last until ~2540).
constexpr int kCounterBits = 54;

std::uint64_t first_event_id(std::uint32_t node_id) {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const auto micros =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
  return (static_cast<std::uint64_t>(node_id) << kCounterBits) | micros;
}

struct Reader {
  std::uint64_t key = 0;
  std::shared_ptr<Sink> sink;
};

struct Recent {
  std::uint64_t id = 0;
  Clock::time_point at;
  Message message;
};

// Work for a story's deliverer, in order: a message for every reader
// present when it is reached, or a newcomer with its first messages.
struct Delivery {
  Message message;
  std::optional<Reader> newcomer;
  std::vector<Message> catch_up;
};

// One followed story. Everything is guarded by mu. Messages are delivered
// by whichever thread finds `delivering` false; the others only queue work
// in `pending`, so sends happen without the lock and still in id order.
struct Story {
  Story(std::uint64_t complete_after_id, Clock::time_point now) : complete_after(complete_after_id), idle_since(now) {}

  std::mutex mu;
  std::vector<Reader> readers;  // caught up: they get every new message
  std::deque<Recent> recent;    // oldest first
  std::size_t recent_bytes = 0;
  // Every event of this story with a larger id is in `recent`.
  std::uint64_t complete_after;
  std::vector<Delivery> pending;
  bool delivering = false;
  bool scheduled = false;        // queued for the hub's thread
  Clock::time_point idle_since;  // when it last had no readers
};

}  // namespace

struct StreamHub::State {
  State(Renderer render, StreamHubOptions opts)
      : renderer(std::move(render)),
        options(opts),
        last_id(first_event_id(opts.node_id)),
        ping(std::make_shared<const std::string>(sse::kPing)),
        resume_preamble(std::make_shared<const std::string>(sse::preamble(opts.retry_ms, std::nullopt))) {}

  // Locks the story's mutex while holding the map's, so that the story
  // cannot be forgotten between the lookup and the lock. Returns an empty
  // lock (and leaves *story null) when the story is not followed and
  // `create` is false.
  std::unique_lock<std::mutex> lock_story(core::Id story_id, bool create, std::shared_ptr<Story>* story) {
    std::lock_guard lock(mu);
    auto it = stories.find(story_id);
    if (it == stories.end()) {
      if (!create) return {};
      // Taking an id makes the story's start a position no earlier event
      // can claim: a client holding an older id gets `reset`, because
      // events before this point were not kept.
      it = stories.emplace(story_id, std::make_shared<Story>(++last_id, Clock::now())).first;
    }
    *story = it->second;
    return std::unique_lock(it->second->mu);
  }

  bool follows(core::Id story_id) const {
    std::lock_guard lock(mu);
    return stories.contains(story_id);
  }

  void on_event(const Event& event) {
    const std::string_view name = event_name(event.kind);
    if (name.empty() || !follows(event.story_id)) return;
    std::optional<std::string> data;
    try {
      data = renderer(event);
    } catch (const std::exception& e) {
      spdlog::error("live: rendering an event of story {} threw: {}", event.story_id, e.what());
    }
    if (!data) return;
    std::shared_ptr<Story> story;
    auto lock = lock_story(event.story_id, false, &story);
    if (!story) return;  // forgotten while rendering
    // Ids are taken under the story's lock, so its events are numbered in
    // the order they are delivered.
    const std::uint64_t id = ++last_id;
    auto message = std::make_shared<const std::string>(sse::event(name, id, *data));
    remember(*story, id, message);
    story->pending.push_back(Delivery{std::move(message), std::nullopt, {}});
    schedule(std::move(story), lock);
  }

  // Hands the story's pending work to the hub's thread, unless it already
  // has it. REQUIRES: `lock` holds story->mu; releases it.
  void schedule(std::shared_ptr<Story> story, std::unique_lock<std::mutex>& lock) {
    if (story->delivering || story->scheduled) return;  // picked up with the rest
    story->scheduled = true;
    lock.unlock();
    {
      std::lock_guard ready_lock(ready_mu);
      ready.push_back(std::move(story));
    }
    ready_cv.notify_one();
  }

  // The hub's thread: delivers scheduled stories, ticks on time.
  void run() {
    auto next_tick = Clock::now() + options.heartbeat_interval;
    std::unique_lock lock(ready_mu);
    for (;;) {
      ready_cv.wait_until(lock, next_tick, [this] { return stopping || !ready.empty(); });
      if (stopping) return;
      if (!ready.empty()) {
        auto story = std::move(ready.front());
        ready.pop_front();
        busy = true;
        lock.unlock();
        {
          std::unique_lock story_lock(story->mu);
          story->scheduled = false;
          deliver(*story, story_lock);
        }
        story.reset();
        lock.lock();
        busy = false;
        if (ready.empty()) drained_cv.notify_all();
        continue;
      }
      if (Clock::now() >= next_tick) {
        lock.unlock();
        tick();
        lock.lock();
        next_tick = Clock::now() + options.heartbeat_interval;
      }
    }
  }

  void stop() {
    {
      std::lock_guard lock(ready_mu);
      stopping = true;
      ready.clear();
    }
    ready_cv.notify_all();
    drained_cv.notify_all();
  }

  void drain() {
    std::unique_lock lock(ready_mu);
    drained_cv.wait(lock, [this] { return stopping || (ready.empty() && !busy); });
  }

  Subscription subscribe(const std::shared_ptr<State>& self, core::Id story_id, std::optional<std::uint64_t> last_seen,
                         std::shared_ptr<Sink> sink) {
    std::shared_ptr<Story> story;
    auto lock = lock_story(story_id, true, &story);
    const std::uint64_t key = next_key.fetch_add(1);
    // Every id given out so far; the story's next event gets a larger one.
    const std::uint64_t position = last_id.load();
    Delivery join{nullptr, Reader{key, std::move(sink)}, {}};
    if (!last_seen) {
      join.catch_up.push_back(std::make_shared<const std::string>(sse::preamble(options.retry_ms, position)));
    } else if (*last_seen < story->complete_after || *last_seen > position) {
      join.catch_up.push_back(std::make_shared<const std::string>(sse::preamble(options.retry_ms, std::nullopt) +
                                                                  sse::event("reset", position, kResetData)));
    } else {
      join.catch_up.push_back(resume_preamble);
      for (const auto& r : story->recent) {
        if (r.id > *last_seen) join.catch_up.push_back(r.message);
      }
    }
    subscribers.fetch_add(1);
    story->pending.push_back(std::move(join));
    schedule(story, lock);
    return Subscription(self, story_id, key);
  }

  void unsubscribe(core::Id story_id, std::uint64_t key) {
    std::shared_ptr<Story> story;
    auto lock = lock_story(story_id, false, &story);
    if (!story) return;
    drop_reader(*story, key);
  }

  // REQUIRES: story.mu held.
  void drop_reader(Story& story, std::uint64_t key) {
    const auto before = story.readers.size() + story.pending.size();
    std::erase_if(story.readers, [key](const Reader& r) { return r.key == key; });
    std::erase_if(story.pending, [key](const Delivery& d) { return d.newcomer && d.newcomer->key == key; });
    if (story.readers.size() + story.pending.size() == before) return;
    subscribers.fetch_sub(1);
    if (story.readers.empty()) story.idle_since = Clock::now();
  }

  // REQUIRES: story.mu held.
  void remember(Story& story, std::uint64_t id, const Message& message) {
    story.recent.push_back(Recent{id, Clock::now(), message});
    story.recent_bytes += message->size();
    while (story.recent.size() > options.replay_events || story.recent_bytes > options.replay_bytes)
      forget_oldest(story);
  }

  // REQUIRES: story.mu held and story.recent not empty.
  static void forget_oldest(Story& story) {
    story.complete_after = story.recent.front().id;
    story.recent_bytes -= story.recent.front().message->size();
    story.recent.pop_front();
  }

  // Sends the story's pending work unless another thread already is.
  // REQUIRES: `lock` holds story.mu; it is released while sending.
  void deliver(Story& story, std::unique_lock<std::mutex>& lock) {
    if (story.delivering) return;
    story.delivering = true;
    std::vector<Delivery> batch;
    std::vector<std::size_t> audience;  // per item: how many of `readers` it goes to
    std::vector<Reader> readers;
    std::vector<std::uint64_t> gone;
    while (!story.pending.empty()) {
      batch.clear();
      batch.swap(story.pending);
      audience.clear();
      // Newcomers join the list at its end as they are reached, so each
      // message goes to a prefix of the list: those present before it.
      for (const auto& item : batch) {
        if (item.newcomer) story.readers.push_back(*item.newcomer);
        audience.push_back(item.newcomer ? 0 : story.readers.size());
      }
      readers = story.readers;
      lock.unlock();
      gone.clear();
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (const auto& newcomer = batch[i].newcomer) {
          for (const auto& message : batch[i].catch_up) {
            if (!newcomer->sink->send(message)) {
              gone.push_back(newcomer->key);
              break;
            }
          }
          continue;
        }
        for (std::size_t r = 0; r < audience[i]; ++r) {
          if (!readers[r].sink->send(batch[i].message)) gone.push_back(readers[r].key);
        }
      }
      readers.clear();  // release sinks before waiting for the lock
      batch.clear();
      lock.lock();
      std::sort(gone.begin(), gone.end());
      gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
      for (std::uint64_t key : gone) drop_reader(story, key);
    }
    story.delivering = false;
  }

  void tick() {
    const auto now = Clock::now();
    std::vector<std::shared_ptr<Story>> followed;
    {
      std::lock_guard lock(mu);
      for (auto it = stories.begin(); it != stories.end();) {
        const std::shared_ptr<Story> story = it->second;  // outlives its lock even when erased
        bool forget = false;
        {
          std::lock_guard story_lock(story->mu);
          while (!story->recent.empty() && now - story->recent.front().at > options.replay_window) {
            forget_oldest(*story);
          }
          const bool unused = story->readers.empty() && story->pending.empty() && !story->delivering;
          forget = unused && now - story->idle_since > options.replay_window;
          if (!forget && !story->readers.empty()) followed.push_back(story);
        }
        it = forget ? stories.erase(it) : std::next(it);
      }
    }
    for (const auto& story : followed) {
      std::unique_lock lock(story->mu);
      story->pending.push_back(Delivery{ping, std::nullopt, {}});
      deliver(*story, lock);
    }
  }

  const Renderer renderer;
  const StreamHubOptions options;
  std::atomic<std::uint64_t> last_id;  // the newest id given out
  std::atomic<std::uint64_t> next_key{1};
  std::atomic<std::size_t> subscribers{0};
  const Message ping;
  const Message resume_preamble;

  mutable std::mutex mu;
  std::unordered_map<core::Id, std::shared_ptr<Story>> stories;  // GUARDED_BY(mu)

  // Work for the hub's thread.
  std::mutex ready_mu;
  std::condition_variable ready_cv;
  std::condition_variable drained_cv;
  std::deque<std::shared_ptr<Story>> ready;  // GUARDED_BY(ready_mu)
  bool busy = false;                         // GUARDED_BY(ready_mu)
  bool stopping = false;                     // GUARDED_BY(ready_mu)
};

// ---- Subscription ------------------------------------------------------------

StreamHub::Subscription& StreamHub::Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    reset();
    state_ = std::move(other.state_);
    story_id_ = other.story_id_;
    key_ = other.key_;
  }
  return *this;
}

StreamHub::Subscription::~Subscription() { reset(); }

void StreamHub::Subscription::reset() {
  if (auto state = state_.lock()) state->unsubscribe(story_id_, key_);
  state_.reset();
}

// ---- StreamHub -----------------------------------------------------------------

StreamHub::StreamHub(EventBus& bus, Renderer renderer, StreamHubOptions options)
    : state_(std::make_shared<State>(std::move(renderer), options)) {
  bus_subscription_ = bus.subscribe([state = state_](const Event& event) { state->on_event(event); });
  thread_ = std::thread([state = state_] { state->run(); });
}

StreamHub::~StreamHub() {
  bus_subscription_.reset();
  state_->stop();
  thread_.join();
}

StreamHub::Subscription StreamHub::subscribe(core::Id story_id, std::optional<std::uint64_t> last_event_id,
                                             std::shared_ptr<Sink> sink) {
  return state_->subscribe(state_, story_id, last_event_id, std::move(sink));
}

std::size_t StreamHub::subscriber_count() const { return state_->subscribers.load(); }

std::size_t StreamHub::story_count() const {
  std::lock_guard lock(state_->mu);
  return state_->stories.size();
}

void StreamHub::tick() { state_->tick(); }

void StreamHub::drain() { state_->drain(); }

}  // namespace townhall::live
