// Holds many idle server-sent event streams open against a running
// townhall, then measures one broadcast: opens N streams of one story from
// 127.0.0.1, checks that each got the `retry:` preamble, posts one comment,
// and times how long until every stream has received its `event: comment`.
// The server's resident memory (VmRSS of /proc/PID/status) is read before
// the streams open, once they are idle, and after the broadcast.
//
// One thread and one epoll set drive every connection, so the client costs
// little next to the server it measures. It raises its own open-file limit
// to the hard limit (each stream is a descriptor here too). Against a
// loopback address, connections come from 127.x.y.z addresses picked at
// random for each run, 5,000 per address: one address has only ~28,000
// ephemeral ports, and runs in quick succession would otherwise compete
// with their predecessors' TIME_WAIT sockets.
//
// usage: idle_streams --port P --pid SERVER_PID --site S --story K --token T
//                     [--streams N (10000)] [--host 127.0.0.1]
// The last line starts with "summary: " for bench/run.sh.
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;

// Connections being opened at once: the listen backlog (somaxconn) is the
// real bound; staying well below it avoids SYN retries that distort timing.
constexpr int kConnectsInFlight = 256;
constexpr std::size_t kReadChunk = 1024;
// Bytes kept between reads so a marker split across reads is still found.
constexpr std::size_t kKeptTail = 64;
// Streams per loopback source address: well inside the ephemeral port range.
constexpr int kStreamsPerSource = 5000;
constexpr std::chrono::seconds kOpenTimeout{180};
constexpr std::chrono::seconds kBroadcastTimeout{60};
constexpr std::chrono::seconds kSettle{2};

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  long pid = 0;
  std::string site;
  std::string story;
  std::string token;
  int streams = 10'000;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "idle_streams: %s\nusage: idle_streams --port P --pid SERVER_PID --site S --story K --token T "
               "[--streams N] [--host H]\n",
               why);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  if (argc % 2 == 0) usage("options come in pairs");
  auto take = [&](const char* name, bool required) -> std::string {
    auto it = args.find(name);
    if (it == args.end()) {
      if (required) usage((std::string("missing ") + name).c_str());
      return {};
    }
    return it->second;
  };
  o.port = take("--port", true);
  o.pid = std::stol(take("--pid", true));
  o.site = take("--site", true);
  o.story = take("--story", true);
  o.token = take("--token", true);
  if (auto n = take("--streams", false); !n.empty()) o.streams = std::stoi(n);
  if (auto h = take("--host", false); !h.empty()) o.host = h;
  return o;
}

// VmRSS of the process, in KiB, or -1.
long rss_kib(long pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

struct Stream {
  explicit Stream(asio::io_context& ioc) : socket(ioc) {}
  tcp::socket socket;
  std::array<char, kReadChunk> buffer{};
  std::string seen;  // the tail of what arrived, searched for markers
  bool head_ok = false;
  bool preamble = false;
  bool comment = false;
  bool failed = false;
  Clock::time_point comment_at;
};

class Bench {
 public:
  explicit Bench(Options options) : options_(std::move(options)) {
    request_ = "GET /api/v1/sites/" + options_.site + "/stories/" + options_.story +
               "/events HTTP/1.1\r\nHost: " + options_.host + "\r\nAccept: text/event-stream\r\n\r\n";
  }

  int run() {
    tcp::resolver resolver(ioc_);
    endpoints_ = resolver.resolve(options_.host, options_.port);
    if (endpoints_.begin()->endpoint().address().is_loopback()) pick_sources();
    const long rss_before = rss_kib(options_.pid);

    const auto open_started = Clock::now();
    streams_.reserve(static_cast<std::size_t>(options_.streams));
    for (int i = 0; i < options_.streams; ++i) streams_.push_back(std::make_unique<Stream>(ioc_));
    for (int i = 0; i < kConnectsInFlight && next_ < streams_.size(); ++i) open_next();
    drive_until([&] { return preambles_ + failures_ >= streams_.size(); }, kOpenTimeout);
    const double open_seconds = std::chrono::duration<double>(Clock::now() - open_started).count();
    std::printf("opened %d streams in %.1f s: %zu got the preamble, %zu failed\n", options_.streams, open_seconds,
                preambles_, failures_);

    // Let the server's allocator settle before reading its memory.
    drive_for(kSettle);
    const long rss_idle = rss_kib(options_.pid);

    // The POST runs on a thread of its own so that this one keeps reading
    // the streams (and timing their arrivals) meanwhile.
    const auto posted_at = Clock::now();
    int post_status = 0;
    double post_ms = 0;
    std::thread poster([&] {
      post_status = post_comment();
      post_ms = Millis(Clock::now() - posted_at).count();
    });
    drive_until([&] { return comments_ + broken_ >= preambles_; }, kBroadcastTimeout);
    poster.join();
    const long rss_after = rss_kib(options_.pid);

    std::vector<double> latencies;
    for (const auto& s : streams_) {
      if (s->comment) latencies.push_back(Millis(s->comment_at - posted_at).count());
    }
    std::sort(latencies.begin(), latencies.end());
    auto percentile = [&](double p) {
      if (latencies.empty()) return -1.0;
      return latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(p * latencies.size()))];
    };
    const double per_stream = preambles_ > 0 ? (rss_idle - rss_before) * 1024.0 / preambles_ : 0;
    std::printf("POST answered %d in %.1f ms\n", post_status, post_ms);
    std::printf(
        "broadcast: %zu of %zu streams got the comment; after the POST was sent: first %.1f ms, "
        "median %.1f ms, 99%% %.1f ms, all %.1f ms\n",
        latencies.size(), preambles_, percentile(0), percentile(0.5), percentile(0.99),
        latencies.empty() ? -1.0 : latencies.back());
    std::printf(
        "server RSS: %.1f MB before, %.1f MB with the streams idle, %.1f MB after the broadcast; "
        "%.0f bytes per idle stream\n",
        rss_before / 1024.0, rss_idle / 1024.0, rss_after / 1024.0, per_stream);
    std::printf(
        "summary: %zu/%d idle event streams (opened in %.1f s); one comment reached all of them in %.1f ms "
        "(median %.1f ms, POST %d in %.1f ms); server RSS %.1f MB -> %.1f MB idle, %.0f bytes per stream "
        "(targets: 10000 streams, < 10 KB each)\n",
        preambles_, options_.streams, open_seconds, latencies.empty() ? -1.0 : latencies.back(), percentile(0.5),
        post_status, post_ms, rss_before / 1024.0, rss_idle / 1024.0, per_stream);
    const bool ok = preambles_ == static_cast<std::size_t>(options_.streams) && latencies.size() == preambles_ &&
                    post_status == 201;
    return ok ? 0 : 1;
  }

 private:
  void open_next() {
    if (next_ >= streams_.size()) return;
    const std::size_t index = next_++;
    Stream* s = streams_[index].get();
    if (!sources_.empty()) {
      boost::system::error_code ec;
      const auto& source = sources_[index / kStreamsPerSource % sources_.size()];
      s->socket.open(tcp::v4(), ec);
      if (!ec) s->socket.bind(tcp::endpoint(source, 0), ec);
      if (ec) return fail(s, "bind", ec);
    }
    s->socket.async_connect(*endpoints_.begin(), [this, s](boost::system::error_code ec) {
      if (ec) return fail(s, "connect", ec);
      asio::async_write(s->socket, asio::buffer(request_), [this, s](boost::system::error_code wec, std::size_t) {
        if (wec) return fail(s, "write", wec);
        read(s);
      });
    });
  }

  void read(Stream* s) {
    s->socket.async_read_some(asio::buffer(s->buffer), [this, s](boost::system::error_code ec, std::size_t n) {
      if (ec) {
        if (s->preamble) ++broken_;
        return fail(s, "read", ec);
      }
      s->seen.append(s->buffer.data(), n);
      if (!s->head_ok) {
        if (s->seen.size() < 12) return read(s);
        if (s->seen.rfind("HTTP/1.1 200", 0) != 0) return fail(s, "status", {});
        s->head_ok = true;
      }
      if (!s->preamble && s->seen.find("retry:") != std::string::npos) {
        s->preamble = true;
        ++preambles_;
        open_next();  // a slot for the next connection
      }
      if (s->preamble && !s->comment && s->seen.find("event: comment") != std::string::npos) {
        s->comment = true;
        s->comment_at = Clock::now();
        ++comments_;
      }
      if (s->seen.size() > kKeptTail) s->seen.erase(0, s->seen.size() - kKeptTail);
      read(s);
    });
  }

  void fail(Stream* s, const char* what, boost::system::error_code ec) {
    if (s->failed) return;
    s->failed = true;
    if (!s->preamble) {
      ++failures_;
      open_next();
    }
    if (failures_ + broken_ <= 5) std::fprintf(stderr, "stream failed at %s: %s\n", what, ec.message().c_str());
    boost::system::error_code ignored;
    s->socket.close(ignored);
  }

  void pick_sources() {
    std::random_device random;
    const auto count = static_cast<std::size_t>(options_.streams / kStreamsPerSource + 1);
    for (std::size_t i = 0; i < count; ++i) {
      asio::ip::address_v4::bytes_type bytes{127, static_cast<unsigned char>(random() % 254 + 1),
                                             static_cast<unsigned char>(random() % 254 + 1),
                                             static_cast<unsigned char>(random() % 254 + 1)};
      sources_.emplace_back(asio::ip::address_v4(bytes));
    }
  }

  // A plain blocking request on its own connection; returns the status.
  int post_comment() const {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    boost::system::error_code ec;
    asio::connect(socket, endpoints_, ec);
    if (ec) return 0;
    const std::string body = R"({"body":"One comment for every idle reader."})";
    const std::string request = "POST /api/v1/sites/" + options_.site + "/stories/" + options_.story +
                                "/comments HTTP/1.1\r\nHost: " + options_.host +
                                "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + options_.token +
                                "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                                body;
    asio::write(socket, asio::buffer(request), ec);
    if (ec) return 0;
    std::array<char, 16> status{};
    asio::read(socket, asio::buffer(status), ec);
    if (ec) return 0;
    return std::atoi(status.data() + 9);
  }

  template <typename Done>
  void drive_until(Done done, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done() && Clock::now() < deadline) {
      ioc_.restart();
      ioc_.run_for(std::chrono::milliseconds(20));
    }
  }

  void drive_for(std::chrono::seconds duration) {
    drive_until([] { return false; }, duration);
  }

  Options options_;
  asio::io_context ioc_{1};
  tcp::resolver::results_type endpoints_;
  std::string request_;
  std::vector<std::unique_ptr<Stream>> streams_;
  std::vector<asio::ip::address> sources_;  // loopback source addresses, if any
  std::size_t next_ = 0;
  std::size_t preambles_ = 0;
  std::size_t failures_ = 0;
  std::size_t comments_ = 0;
  std::size_t broken_ = 0;  // failed after the preamble
};

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  raise_descriptor_limit();
  return Bench(std::move(options)).run();
}
