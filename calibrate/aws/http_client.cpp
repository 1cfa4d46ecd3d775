#include "calibrate/aws/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <mutex>
#include <thread>

#include "calibrate/aws/redact.h"
#include "model/diagnostics.h"
#include "model/random.h"
#include "model/text.h"

namespace breakeven::calibrate {

namespace {

std::once_flag curl_initialised;

// The CA bundle libcurl was built with (Debian: /etc/ssl/certs/...) may not exist where the probe runs
// (Amazon Linux 2023 keeps it in /etc/pki/tls/certs/); then use the one that does.
const char* ca_bundle_override() {
  static const char* const chosen = []() -> const char* {
    std::error_code ec;
    if (std::filesystem::exists("/etc/ssl/certs/ca-certificates.crt", ec))
      return nullptr;  // the built-in default
    if (std::filesystem::exists("/etc/pki/tls/certs/ca-bundle.crt", ec))
      return "/etc/pki/tls/certs/ca-bundle.crt";
    return nullptr;
  }();
  return chosen;
}

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
  const std::string line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    const auto b = value.find_first_not_of(" \t");
    const auto e = value.find_last_not_of(" \t\r\n");
    headers[name] = b == std::string::npos ? "" : value.substr(b, e - b + 1);
  } else if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();  // a new response (after 100 Continue or a redirect) starts a new header set
  }
  return size * count;
}

}  // namespace

std::string HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

bool is_retryable_status(long status) {
  return status == 429 || (status >= 500 && status <= 599);
}

HttpClient::HttpClient(RetryPolicy retry, Timeouts timeouts)
    : retry_(std::move(retry)), timeouts_(timeouts), jitter_state_(retry_.jitter_seed) {
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  if (!curl_) throw RunError("libcurl could not start a session");
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

double HttpClient::now_s() const {
  if (retry_.now_s) return retry_.now_s();
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double HttpClient::backoff_s(int retry) {
  const double cap = std::min(retry_.max_delay_s, retry_.base_delay_s * std::pow(2.0, retry - 1));
  // One splitmix64 step per wait: uniform in [0, 1) from its top 53 bits.
  const double u = static_cast<double>(splitmix64_next(jitter_state_) >> 11) * 0x1.0p-53;
  return u * cap;
}

struct HttpClient::Attempt {
  bool answered = false;  // an HTTP status came back
  bool sent = false;      // the request may have reached the server
  bool timed_out = false;
  std::string error;  // transport error, redacted
};

HttpClient::Attempt HttpClient::attempt_once(const HttpRequest& request, const Signing& signing,
                                             double timeout_s, HttpResponse& response) {
  CURL* curl = static_cast<CURL*>(curl_);
  const Credentials empty;
  const Credentials& creds = signing.credentials ? *signing.credentials : empty;
  curl_easy_reset(curl);
  char error_buffer[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (const char* ca = ca_bundle_override()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  // Milliseconds for libcurl, at least 1 (0 would mean no limit); an infinite limit is none (0).
  auto ms = [](double s) {
    return std::isfinite(s) ? std::max(1L, static_cast<long>(std::min(s, 1e6) * 1000)) : 0L;
  };
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, ms(timeout_s));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, ms(std::min(timeouts_.connect_s, timeout_s)));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    if (request.method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_slist* headers = nullptr;
  for (const auto& h : request.headers) headers = curl_slist_append(headers, h.c_str());
  // No "Expect:" line to suppress 100-continue: libcurl before 8.3 lists a removed header in the
  // SigV4 SignedHeaders (curl issue #11664), and AWS rejects a signature naming a header it never got.
  std::string token_header;
  if (!creds.access_key_id.empty()) {
    const std::string sigv4 = "aws:amz:" + signing.region + ":" + signing.service;
    curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, creds.access_key_id.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, creds.secret_access_key.c_str());
    if (!creds.session_token.empty()) {
      token_header = "x-amz-security-token: " + creds.session_token;
      headers = curl_slist_append(headers, token_header.c_str());
    }
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  const auto start = std::chrono::steady_clock::now();
  const CURLcode code = curl_easy_perform(curl);
  response.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  curl_slist_free_all(headers);
  // The session keeps the password; clear it so nothing of it stays in the handle between requests.
  curl_easy_setopt(curl, CURLOPT_PASSWORD, "");
  Attempt a;
  if (code == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    a.answered = a.sent = true;
    return a;
  }
  long request_bytes = 0;
  curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &request_bytes);
  const bool before_sending = code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY ||
                              code == CURLE_COULDNT_CONNECT || code == CURLE_SSL_CONNECT_ERROR ||
                              code == CURLE_OPERATION_TIMEDOUT;
  a.sent = request_bytes > 0 || !before_sending;
  a.timed_out = code == CURLE_OPERATION_TIMEDOUT;
  a.error = redact(
      std::string(curl_easy_strerror(code)) + (error_buffer[0] ? std::string(": ") + error_buffer : ""),
      creds);
  return a;
}

HttpResponse HttpClient::perform(const HttpRequest& request, const Signing& signing) {
  const Credentials empty;
  const Credentials& creds = signing.credentials ? *signing.credentials : empty;
  // A limit of 0 is no limit (the Runtime API's long poll).
  auto limit = [](double s) { return s > 0 ? s : std::numeric_limits<double>::infinity(); };
  const double attempt_limit_s =
      limit(request.attempt_timeout_s > 0 ? request.attempt_timeout_s : timeouts_.attempt_s);
  const double deadline_s = std::max(limit(timeouts_.total_s), attempt_limit_s);
  const double start_s = now_s();
  const int max_attempts = std::max(retry_.max_attempts, 1);
  const std::string what = request.method + " " + request.url;
  HttpResponse response;
  std::string last_error;
  int attempt = 1;
  for (; attempt <= max_attempts; ++attempt) {
    if (attempt > 1) {
      const double delay = backoff_s(attempt - 1);
      if (now_s() - start_s + delay >= deadline_s) break;
      if (retry_.sleep)
        retry_.sleep(delay);
      else
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    }
    const double remaining_s = deadline_s - (now_s() - start_s);
    if (remaining_s <= 0) break;
    response = HttpResponse{};
    response.attempts = attempt;
    const Attempt a = attempt_once(request, signing, std::min(attempt_limit_s, remaining_s), response);
    const std::string line = what + " attempt " + std::to_string(attempt) + ": ";
    if (a.answered) {
      if (on_attempt) on_attempt(line + "HTTP " + std::to_string(response.status));
      if (!is_retryable_status(response.status)) return response;
      last_error = "HTTP " + std::to_string(response.status);
      continue;
    }
    last_error = a.error;
    if (on_attempt) on_attempt(line + last_error);
    if (a.sent && !request.may_resend)
      throw TransportError(redact(what + ": " + last_error +
                                      " after the request was sent; it may have "
                                      "reached the server, so it is not sent again",
                                  creds),
                           true);
  }
  if (response.status != 0) return response;  // retries exhausted on 429/5xx: the caller reports the status
  const int made = std::min(attempt, max_attempts + 1) - 1;
  throw TransportError(redact(what + ": no answer after " + std::to_string(made) + " attempt" +
                                  (made == 1 ? "" : "s") + " in " + short_number(now_s() - start_s, 3) +
                                  " s (limits: " + short_number(attempt_limit_s, 3) + " s per attempt, " +
                                  short_number(deadline_s, 3) + " s in all); last error: " + last_error +
                                  ". Check the endpoint, the region and the network",
                              creds),
                       false);
}

std::string percent_encode(const std::string& s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

}  // namespace breakeven::calibrate
