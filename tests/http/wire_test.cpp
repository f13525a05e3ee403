#include "http/wire.hpp"

#include <gtest/gtest.h>

#include <set>

namespace townhall::http::wire {
namespace {

TEST(HttpDate, FormatsImfFixdate) {
  char text[kHttpDateLength];
  format_http_date(784111777, text);  // RFC 9110's own example
  EXPECT_EQ(std::string_view(text, kHttpDateLength), "Sun, 06 Nov 1994 08:49:37 GMT");
  format_http_date(0, text);
  EXPECT_EQ(std::string_view(text, kHttpDateLength), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(HttpDate, CurrentDateHasTheFixedShape) {
  auto date = current_http_date();
  ASSERT_EQ(date.size(), kHttpDateLength);
  EXPECT_EQ(date.substr(3, 2), ", ");
  EXPECT_EQ(date.substr(25), " GMT");
}

TEST(RequestId, GeneratedIdsAreShortValidAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) {
    auto id = new_request_id();
    ASSERT_EQ(id.size(), kGeneratedRequestIdLength);
    ASSERT_TRUE(is_valid_request_id(id)) << id;
    seen.insert(std::move(id));
  }
  EXPECT_EQ(seen.size(), 10'000u);
}

TEST(RequestId, AcceptsOnlyAlphanumericsAndDashesUpTo64) {
  EXPECT_TRUE(is_valid_request_id("abc-123-XYZ"));
  EXPECT_TRUE(is_valid_request_id(std::string(64, 'a')));
  EXPECT_FALSE(is_valid_request_id(std::string(65, 'a')));
  EXPECT_FALSE(is_valid_request_id(""));
  EXPECT_FALSE(is_valid_request_id("a b"));
  EXPECT_FALSE(is_valid_request_id("a_b"));
  EXPECT_FALSE(is_valid_request_id("a\r\nb"));
}

TEST(SplitTarget, SeparatesPathAndRawQuery) {
  std::string path;
  std::string query;
  split_target("/api/v1/x?sort=new&limit=5", &path, &query);
  EXPECT_EQ(path, "/api/v1/x");
  EXPECT_EQ(query, "sort=new&limit=5");
  split_target("/plain", &path, &query);
  EXPECT_EQ(path, "/plain");
  EXPECT_EQ(query, "");
  split_target("/a?", &path, &query);
  EXPECT_EQ(path, "/a");
  EXPECT_EQ(query, "");
  split_target("/a%20b?q=%3F?", &path, &query);
  EXPECT_EQ(path, "/a%20b");
  EXPECT_EQ(query, "q=%3F?");
}

TEST(SplitTarget, DropsSchemeAndAuthorityOfAbsoluteForm) {
  std::string path;
  std::string query;
  split_target("http://example.com/news?id=1", &path, &query);
  EXPECT_EQ(path, "/news");
  EXPECT_EQ(query, "id=1");
  split_target("http://example.com", &path, &query);
  EXPECT_EQ(path, "/");
  EXPECT_EQ(query, "");
}

TEST(ForwardedFor, TakesTheLastValidAddress) {
  EXPECT_EQ(last_forwarded_address("203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(last_forwarded_address("1.2.3.4, 198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(last_forwarded_address("1.2.3.4,  2001:db8::1 "), "2001:db8::1");
  EXPECT_EQ(last_forwarded_address("1.2.3.4, not-an-ip"), std::nullopt);
  EXPECT_EQ(last_forwarded_address(""), std::nullopt);
  EXPECT_EQ(last_forwarded_address("1.2.3.4, "), std::nullopt);
}

TEST(ResponseHead, WritesServerFieldsThenHandlerFields) {
  ResponseHead head;
  head.status = 201;
  head.request_id = "r1";
  head.date = "Sun, 06 Nov 1994 08:49:37 GMT";
  head.content_length = 5;
  std::string out;
  EXPECT_EQ(append_response_head(head, {{"content-type", "application/json"}}, &out), 201);
  EXPECT_EQ(out,
            "HTTP/1.1 201 Created\r\n"
            "Server: townhall\r\n"
            "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            "X-Request-Id: r1\r\n"
            "Content-Length: 5\r\n"
            "content-type: application/json\r\n"
            "\r\n");
}

TEST(ResponseHead, SaysConnectionOnlyWhenAsked) {
  ResponseHead head;
  std::string out;
  head.connection = ConnectionHeader::kClose;
  append_response_head(head, {}, &out);
  EXPECT_NE(out.find("\r\nConnection: close\r\n"), std::string::npos);
  out.clear();
  head.connection = ConnectionHeader::kKeepAlive;
  append_response_head(head, {}, &out);
  EXPECT_NE(out.find("\r\nConnection: keep-alive\r\n"), std::string::npos);
  out.clear();
  head.connection = ConnectionHeader::kNone;
  append_response_head(head, {}, &out);
  EXPECT_EQ(out.find("Connection"), std::string::npos);
}

TEST(ResponseHead, NoContentLengthForBodylessStatuses) {
  ResponseHead head;
  head.status = 204;
  head.content_length = 10;
  std::string out;
  append_response_head(head, {}, &out);
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
  EXPECT_FALSE(status_allows_body(204));
  EXPECT_FALSE(status_allows_body(304));
  EXPECT_TRUE(status_allows_body(200));
}

TEST(ResponseHead, InvalidStatusBecomes500) {
  ResponseHead head;
  std::string out;
  head.status = 101;
  EXPECT_EQ(append_response_head(head, {}, &out), 500);
  EXPECT_EQ(out.rfind("HTTP/1.1 500 Internal Server Error\r\n", 0), 0u);
  out.clear();
  head.status = 1000;
  EXPECT_EQ(append_response_head(head, {}, &out), 500);
}

TEST(ResponseHead, UnknownStatusHasEmptyReason) {
  ResponseHead head;
  head.status = 299;
  std::string out;
  append_response_head(head, {}, &out);
  EXPECT_EQ(out.rfind("HTTP/1.1 299 \r\n", 0), 0u);
}

TEST(ResponseHead, SkipsServerOwnedAndUnsafeFields) {
  ResponseHead head;
  head.content_length = 2;
  std::string out;
  append_response_head(head,
                       {{"Content-Length", "999"},
                        {"transfer-encoding", "chunked"},
                        {"x-evil", "a\r\nset-cookie: stolen=1"},
                        {"bad name", "v"},
                        {"", "v"},
                        {"x-fine", "ok"}},
                       &out);
  EXPECT_EQ(out.find("999"), std::string::npos);
  EXPECT_EQ(out.find("chunked"), std::string::npos);
  EXPECT_EQ(out.find("stolen"), std::string::npos);
  EXPECT_EQ(out.find("bad name"), std::string::npos);
  EXPECT_NE(out.find("\r\nx-fine: ok\r\n"), std::string::npos);
  EXPECT_NE(out.find("\r\nContent-Length: 2\r\n"), std::string::npos);
}

TEST(ResponseHead, StreamsAreChunkedOrDelimitedByClose) {
  ResponseHead head;
  head.content_length = 7;
  head.framing = BodyFraming::kChunked;
  std::string out;
  append_response_head(head, {}, &out);
  EXPECT_NE(out.find("\r\nTransfer-Encoding: chunked\r\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("Content-Length"), std::string::npos) << out;
  out.clear();
  head.framing = BodyFraming::kUntilClose;
  head.connection = ConnectionHeader::kClose;
  append_response_head(head, {}, &out);
  EXPECT_EQ(out.find("Transfer-Encoding"), std::string::npos) << out;
  EXPECT_EQ(out.find("Content-Length"), std::string::npos) << out;
  EXPECT_NE(out.find("\r\nConnection: close\r\n"), std::string::npos) << out;
  out.clear();
  head.status = 304;
  head.framing = BodyFraming::kChunked;
  append_response_head(head, {}, &out);
  EXPECT_EQ(out.find("Transfer-Encoding"), std::string::npos) << "no body, no framing";
}

TEST(ChunkHeader, IsTheSizeInHexThenCrlf) {
  char out[kMaxChunkHeaderLength];
  EXPECT_EQ(std::string_view(out, append_chunk_header(1, out)), "1\r\n");
  EXPECT_EQ(std::string_view(out, append_chunk_header(0x1a2b, out)), "1a2b\r\n");
  EXPECT_EQ(std::string_view(out, append_chunk_header(SIZE_MAX, out)), "ffffffffffffffff\r\n");
}

TEST(ErrorBody, IsTheApiErrorShape) {
  EXPECT_EQ(*error_body("bad_request", "say \"why\""), R"({"error":{"code":"bad_request","message":"say \"why\""}})");
}

}  // namespace
}  // namespace townhall::http::wire
