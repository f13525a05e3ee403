#include "support/stream_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>

namespace townhall::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr int kHttp11 = 11;

}  // namespace

// Operations are asynchronous and driven on this client's io_context until
// they complete or the deadline passes; an operation still pending at the
// deadline stays pending and the next call keeps waiting for it.
class StreamClient::Impl {
 public:
  Impl(std::string host, std::uint16_t port, std::string_view target, const Headers& headers)
      : socket_(ioc_), host_(std::move(host)) {
    parser_.body_limit(boost::none);
    const auto deadline = Clock::now() + kDefaultTimeout;
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto endpoints = resolver.resolve(host_, std::to_string(port), ec);
    if (ec) {
      fail("resolve", ec);
      return;
    }
    if (!run([&](auto handler) { asio::async_connect(socket_, endpoints, std::move(handler)); }, deadline, &ec)) {
      fail("connect", ec);
      return;
    }
    bhttp::request<bhttp::empty_body> request{bhttp::verb::get, target, kHttp11};
    request.set(bhttp::field::host, host_ + ":" + std::to_string(port));
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!run([&](auto handler) { bhttp::async_write(socket_, request, std::move(handler)); }, deadline, &ec)) {
      fail("write", ec);
      return;
    }
    if (!run([&](auto handler) { bhttp::async_read_header(socket_, buffer_, parser_, std::move(handler)); }, deadline,
             &ec)) {
      fail("read header", ec);
      return;
    }
    head_.status = parser_.get().result_int();
    for (const auto& field : parser_.get()) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto [it, inserted] = head_.headers.emplace(std::move(name), std::string(field.value()));
      if (!inserted) it->second += ", " + std::string(field.value());
    }
    if (parser_.is_done()) {
      over_ = ended_ = true;
    } else if (parser_.content_length()) {  // an ordinary response, e.g. an error
      read_to_end(kDefaultTimeout);
      head_.body = received_;
    }
  }

  const Response& head() const { return head_; }
  const std::string& received() const { return received_; }
  bool ended() const { return ended_; }
  bool over() const { return over_; }

  std::string read(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::string got = take_body();
    while (got.empty() && !over_ && Clock::now() < deadline) {
      if (!reading_) start_read();
      wait(deadline);
      got = take_body();
    }
    received_ += got;
    return got;
  }

  bool read_until(std::string_view text, std::size_t from, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      if (received_.find(text, from) != std::string::npos) return true;
      const auto now = Clock::now();
      if (over_ || now >= deadline) return false;
      read(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
    }
  }

  bool read_to_end(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!over_) {
      const auto now = Clock::now();
      if (now >= deadline) return false;
      read(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
    }
    return true;
  }

  void close() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    over_ = true;
    // Let a pending read finish (cancelled) before the socket goes away.
    ioc_.restart();
    ioc_.run_for(std::chrono::milliseconds(100));
  }

 private:
  void fail(std::string_view what, const beast::error_code& ec) {
    head_.status = 0;
    head_.error = std::string(what) + ": " + (ec ? ec.message() : "timed out");
    over_ = true;
  }

  // Starts an operation and runs the io_context until it completes or the
  // deadline passes; returns whether it completed without error.
  template <typename Start>
  bool run(Start start, Clock::time_point deadline, beast::error_code* ec) {
    bool done = false;
    start([&done, ec](beast::error_code result, auto&&...) {
      *ec = result;
      done = true;
    });
    ioc_.restart();
    while (!done && ioc_.run_one_until(deadline) > 0) {
    }
    if (!done) {
      beast::error_code ignored;
      socket_.close(ignored);  // the handler refers to this frame: finish it now
      ioc_.restart();
      while (!done && ioc_.run_one() > 0) {
      }
      *ec = {};
      return false;
    }
    return !*ec;
  }

  void start_read() {
    reading_ = true;
    bhttp::async_read_some(socket_, buffer_, parser_, [this](beast::error_code ec, std::size_t) {
      reading_ = false;
      if (!ec && parser_.is_done()) ended_ = over_ = true;
      if (ec) over_ = true;
    });
  }

  void wait(Clock::time_point deadline) {
    ioc_.restart();
    while (reading_ && ioc_.run_one_until(deadline) > 0) {
    }
  }

  // The body parsed so far and not yet returned; the parser appends to it.
  std::string take_body() {
    std::string body;
    body.swap(parser_.get().body());
    return body;
  }

  asio::io_context ioc_;
  tcp::socket socket_;
  std::string host_;
  beast::flat_buffer buffer_;
  bhttp::response_parser<bhttp::string_body> parser_;
  Response head_;
  std::string received_;
  bool reading_ = false;
  bool ended_ = false;
  bool over_ = false;
};

StreamClient::StreamClient(std::string host, std::uint16_t port, std::string_view target, const Headers& headers)
    : impl_(std::make_unique<Impl>(std::move(host), port, target, headers)) {}
StreamClient::~StreamClient() = default;

const Response& StreamClient::head() const { return impl_->head(); }
std::string StreamClient::read(std::chrono::milliseconds timeout) { return impl_->read(timeout); }
bool StreamClient::read_until(std::string_view text, std::size_t from, std::chrono::milliseconds timeout) {
  return impl_->read_until(text, from, timeout);
}
bool StreamClient::read_to_end(std::chrono::milliseconds timeout) { return impl_->read_to_end(timeout); }
const std::string& StreamClient::received() const { return impl_->received(); }
bool StreamClient::ended() const { return impl_->ended(); }
bool StreamClient::over() const { return impl_->over(); }
void StreamClient::close() { impl_->close(); }

}  // namespace townhall::testing
