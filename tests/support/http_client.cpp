#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <cctype>
#include <optional>
#include <utility>

namespace townhall::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr int kHttp11 = 11;
constexpr std::size_t kRawReadChunk = 64 * 1024;

Response failure(std::string what, const beast::error_code& ec) {
  Response response;
  response.error = std::move(what) + ": " + ec.message();
  return response;
}

}  // namespace

boost::json::value Response::json() const {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec) return nullptr;
  return value;
}

std::string Response::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

// Every operation is asynchronous so that tcp_stream's timeout applies, and
// is driven to completion on this client's own io_context before returning.
class HttpClient::Impl {
 public:
  Impl(std::string host, std::uint16_t port) : host_(std::move(host)), port_(port) {}

  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
  bool connected() const { return stream_.has_value(); }
  int connections_opened() const { return opened_; }

  void close() {
    if (!stream_) return;
    beast::error_code ignored;
    stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.reset();
    buffer_.clear();
  }

  Response request(std::string_view method, std::string_view target, std::string_view body, const Headers& headers) {
    const bool head = beast::iequals(method, "HEAD");
    bhttp::request<bhttp::string_body> message;
    message.method_string(method);
    message.target(target);
    message.version(kHttp11);
    message.set(bhttp::field::host, host_ + ":" + std::to_string(port_));
    bool has_content_type = false;
    for (const auto& [name, value] : headers) {
      message.set(name, value);
      has_content_type = has_content_type || beast::iequals(name, "content-type");
    }
    if (!body.empty() && !has_content_type) message.set(bhttp::field::content_type, "application/json");
    message.body().assign(body);
    message.prepare_payload();

    // A reused connection may have been closed by the server (idle timeout)
    // just before we wrote: try once more on a fresh one.
    const int attempts = connected() ? 2 : 1;
    Response response;
    for (int attempt = 0; attempt < attempts; ++attempt) {
      beast::error_code ec;
      if (!ensure_connected(&ec)) return failure("connect", ec);
      stream_->expires_after(timeout_);
      run([&](auto handler) { bhttp::async_write(*stream_, message, std::move(handler)); }, &ec);
      if (ec) {
        close();
        response = failure("write", ec);
        continue;
      }
      bool got_some = false;
      response = read(head, &got_some);
      if (response.status != 0 || got_some) break;
    }
    return response;
  }

  bool write_raw(std::string_view bytes) {
    beast::error_code ec;
    if (!ensure_connected(&ec)) return false;
    stream_->expires_after(timeout_);
    run(
        [&](auto handler) {
          asio::async_write(*stream_, asio::buffer(bytes.data(), bytes.size()), std::move(handler));
        },
        &ec);
    if (ec) close();
    return !ec;
  }

  Response read_response(bool head_request) {
    if (!stream_) return Response{0, {}, {}, "not connected"};
    bool got_some = false;
    return read(head_request, &got_some);
  }

  std::string raw_exchange(const std::string& raw_request) {
    beast::tcp_stream stream(ioc_);
    beast::error_code ec;
    if (!connect(stream, &ec)) return {};
    stream.expires_after(timeout_);  // one deadline for the whole exchange
    run([&](auto handler) { asio::async_write(stream, asio::buffer(raw_request), std::move(handler)); }, &ec);
    std::string received;
    // The server may answer and close before reading everything we wrote,
    // so read even if the write failed.
    for (;;) {
      const std::size_t old_size = received.size();
      received.resize(old_size + kRawReadChunk);
      std::size_t got = 0;
      run(
          [&](auto handler) {
            stream.async_read_some(asio::buffer(received.data() + old_size, kRawReadChunk), std::move(handler));
          },
          &ec, &got);
      received.resize(old_size + got);
      if (ec) break;
    }
    return received;
  }

 private:
  // Starts an operation and runs the io_context until it completes.
  template <typename Start>
  void run(Start start, beast::error_code* ec, std::size_t* bytes = nullptr) {
    bool done = false;
    start([&](beast::error_code result, std::size_t transferred = 0) {
      *ec = result;
      if (bytes) *bytes = transferred;
      done = true;
    });
    ioc_.restart();
    while (!done && ioc_.run_one() > 0) {
    }
  }

  bool connect(beast::tcp_stream& stream, beast::error_code* ec) {
    tcp::resolver resolver(ioc_);
    auto endpoints = resolver.resolve(host_, std::to_string(port_), *ec);
    if (*ec) return false;
    stream.expires_after(timeout_);
    bool done = false;
    stream.async_connect(endpoints, [&](beast::error_code result, const tcp::endpoint&) {
      *ec = result;
      done = true;
    });
    ioc_.restart();
    while (!done && ioc_.run_one() > 0) {
    }
    if (*ec) return false;
    stream.socket().set_option(tcp::no_delay(true), *ec);
    return true;
  }

  bool ensure_connected(beast::error_code* ec) {
    if (stream_) return true;
    stream_.emplace(ioc_);
    buffer_.clear();
    if (!connect(*stream_, ec)) {
      stream_.reset();
      return false;
    }
    ++opened_;
    return true;
  }

  Response read(bool head_request, bool* got_some) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(boost::none);
    if (head_request) parser.skip(true);
    beast::error_code ec;
    stream_->expires_after(timeout_);
    run([&](auto handler) { bhttp::async_read(*stream_, buffer_, parser, std::move(handler)); }, &ec);
    *got_some = parser.got_some();
    if (ec) {
      close();
      return failure("read", ec);
    }
    auto& message = parser.get();
    Response response;
    response.status = message.result_int();
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto [it, inserted] = response.headers.emplace(std::move(name), std::string(field.value()));
      if (!inserted) it->second += ", " + std::string(field.value());
    }
    response.body = std::move(message.body());
    if (!message.keep_alive()) close();
    return response;
  }

  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_ = kDefaultTimeout;
  asio::io_context ioc_;  // before stream_: it must outlive the socket
  std::optional<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  int opened_ = 0;
};

HttpClient::HttpClient(std::string host, std::uint16_t port) : impl_(std::make_unique<Impl>(std::move(host), port)) {}
HttpClient::~HttpClient() = default;

void HttpClient::set_timeout(std::chrono::milliseconds timeout) { impl_->set_timeout(timeout); }

Response HttpClient::request(std::string_view method, std::string_view target, std::string_view body,
                             const Headers& headers) {
  return impl_->request(method, target, body, headers);
}
Response HttpClient::get(std::string_view target, const Headers& headers) {
  return request("GET", target, "", headers);
}
Response HttpClient::head(std::string_view target, const Headers& headers) {
  return request("HEAD", target, "", headers);
}
Response HttpClient::post(std::string_view target, std::string_view body, const Headers& headers) {
  return request("POST", target, body, headers);
}
Response HttpClient::put(std::string_view target, std::string_view body, const Headers& headers) {
  return request("PUT", target, body, headers);
}
Response HttpClient::patch(std::string_view target, std::string_view body, const Headers& headers) {
  return request("PATCH", target, body, headers);
}
Response HttpClient::del(std::string_view target, const Headers& headers) {
  return request("DELETE", target, "", headers);
}

bool HttpClient::write_raw(std::string_view bytes) { return impl_->write_raw(bytes); }
Response HttpClient::read_response(bool head_request) { return impl_->read_response(head_request); }
std::string HttpClient::raw_exchange(const std::string& raw_request) { return impl_->raw_exchange(raw_request); }
void HttpClient::close() { impl_->close(); }
bool HttpClient::connected() const { return impl_->connected(); }
int HttpClient::connections_opened() const { return impl_->connections_opened(); }

}  // namespace townhall::testing
