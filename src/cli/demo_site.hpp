// The demo newspaper: a local news article page that embeds the discussion
// exactly as a publisher would, served on its own port so that the widget
// takes the cross-origin path a real site takes.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.hpp"
#include "http/server.hpp"

namespace townhall::cli {

class DemoSite {
 public:
  DemoSite(std::string address, std::uint16_t port);
  ~DemoSite();
  core::Status start();
  std::uint16_t port() const;
  // Where the widget's script and API live ("http://localhost:8081"); pages
  // served before this is set say the discussion is starting.
  void set_api_base(std::string api_base);
  void stop();

 private:
  http::Response handle(const http::Request& request) const;

  mutable std::mutex mu_;
  std::string api_base_;  // GUARDED_BY(mu_)
  std::unique_ptr<http::Server> server_;
};

}  // namespace townhall::cli
