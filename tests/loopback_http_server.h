// A tiny HTTP/1.1 server on 127.0.0.1 with an ephemeral port, serving one request per connection in a
// thread, for testing the AWS clients and the probe's runtime loop without AWS.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace breakeven::test {

struct LoopbackRequest {
  std::string method;
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string raw_head;  // request line and headers as received
};

struct LoopbackResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Misbehaviour: wait this long before answering (a hung function), and close the connection after
  // this many bytes of the answer (a connection closed mid-answer).
  int delay_ms = 0;
  std::size_t cut_after_bytes = std::string::npos;
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<LoopbackResponse(const LoopbackRequest&)>;

  explicit LoopbackHttpServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listener_ < 0) throw std::runtime_error("socket failed");
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;  // the kernel picks a free port
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener_, 16) != 0)
      throw std::runtime_error("bind/listen on 127.0.0.1 failed");
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }

  ~LoopbackHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string host_port() const { return "127.0.0.1:" + std::to_string(port_); }

  std::vector<LoopbackRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      handle_connection(fd);
      ::close(fd);
    }
  }

  static bool read_more(int fd, std::string& buffer) {
    char chunk[65536];
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return false;
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  void handle_connection(int fd) {
    std::string buffer;
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos)
      if (!read_more(fd, buffer)) return;
    LoopbackRequest req;
    req.raw_head = buffer.substr(0, head_end);
    const auto line_end = req.raw_head.find("\r\n");
    const std::string request_line = req.raw_head.substr(0, line_end);
    const auto sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
    req.method = request_line.substr(0, sp1);
    req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::size_t pos = line_end == std::string::npos ? req.raw_head.size() : line_end + 2;
    while (pos < req.raw_head.size()) {
      auto next = req.raw_head.find("\r\n", pos);
      if (next == std::string::npos) next = req.raw_head.size();
      const std::string h = req.raw_head.substr(pos, next - pos);
      const auto colon = h.find(':');
      if (colon != std::string::npos) {
        std::string name = h.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        req.headers[name] = h.substr(h.find_first_not_of(' ', colon + 1) == std::string::npos
                                         ? h.size()
                                         : h.find_first_not_of(' ', colon + 1));
      }
      pos = next + 2;
    }
    std::size_t length = req.headers.count("content-length") ? std::stoul(req.headers["content-length"]) : 0;
    while (buffer.size() < head_end + 4 + length)
      if (!read_more(fd, buffer)) return;
    req.body = buffer.substr(head_end + 4, length);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(req);
    }
    const LoopbackResponse r = handler_(req);
    std::string out = "HTTP/1.1 " + std::to_string(r.status) +
                      " X\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n";
    for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
    out += "\r\n" + r.body;
    if (r.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(r.delay_ms));
    if (r.cut_after_bytes < out.size()) out.resize(r.cut_after_bytes);
    std::size_t sent = 0;
    while (sent < out.size()) {
      const ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<LoopbackRequest> requests_;
};

}  // namespace breakeven::test
