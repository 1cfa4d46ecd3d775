#include "calibrate/aws/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <thread>

#include "model/diagnostics.h"

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

HttpClient::HttpClient(RetryPolicy retry, double timeout_s)
    : retry_(std::move(retry)), timeout_s_(timeout_s) {
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  if (!curl_) throw RunError("libcurl could not start a session");
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResponse HttpClient::perform(const HttpRequest& request, const Signing& signing) {
  CURL* curl = static_cast<CURL*>(curl_);
  const Credentials empty;
  const Credentials& creds = signing.credentials ? *signing.credentials : empty;
  std::string last_error;
  HttpResponse response;
  for (int attempt = 1; attempt <= std::max(retry_.max_attempts, 1); ++attempt) {
    if (attempt > 1) {
      const double delay = std::min(retry_.max_delay_s, retry_.base_delay_s * std::pow(2.0, attempt - 2));
      if (retry_.sleep)
        retry_.sleep(delay);
      else
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    }
    curl_easy_reset(curl);
    response = HttpResponse{};
    response.attempts = attempt;
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (const char* ca = ca_bundle_override()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_s_ * 1000));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
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
    if (code != CURLE_OK) {
      last_error = redact(
          std::string(curl_easy_strerror(code)) + (error_buffer[0] ? std::string(": ") + error_buffer : ""),
          creds);
      if (on_attempt)
        on_attempt(request.method + " " + request.url + " attempt " + std::to_string(attempt) + ": " +
                   last_error);
      continue;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    if (on_attempt)
      on_attempt(request.method + " " + request.url + " attempt " + std::to_string(attempt) + ": HTTP " +
                 std::to_string(response.status));
    if (!is_retryable_status(response.status)) return response;
    last_error = "HTTP " + std::to_string(response.status);
  }
  if (response.status != 0) return response;  // retries exhausted on 429/5xx: the caller reports the status
  throw RunError(redact(request.method + " " + request.url + " failed after " +
                            std::to_string(retry_.max_attempts) + " attempts: " + last_error,
                        creds));
}

}  // namespace breakeven::calibrate
