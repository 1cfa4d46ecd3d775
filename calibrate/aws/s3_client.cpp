#include "calibrate/aws/s3_client.h"

#include "calibrate/aws/redact.h"
#include "model/diagnostics.h"
#include "model/sha256.h"

namespace breakeven::calibrate {

namespace {

// Percent-encodes an object key, keeping '/' (S3 keys are paths).
std::string encode_key(const std::string& s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else
      out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

}  // namespace

S3Client::S3Client(S3Endpoint endpoint, Credentials credentials, RetryPolicy retry, Timeouts timeouts)
    : endpoint_(std::move(endpoint)),
      credentials_(std::move(credentials)),
      http_(std::move(retry), timeouts) {
  while (!endpoint_.endpoint_url.empty() && endpoint_.endpoint_url.back() == '/')
    endpoint_.endpoint_url.pop_back();
}

std::string S3Client::object_url(const std::string& bucket, const std::string& key) const {
  if (endpoint_.endpoint_url.empty())
    return "https://" + bucket + ".s3." + endpoint_.region + ".amazonaws.com/" + encode_key(key);
  return endpoint_.endpoint_url + "/" + bucket + "/" + encode_key(key);
}

void S3Client::put_object(const std::string& bucket, const std::string& key, const std::string& body) {
  HttpRequest req;
  req.method = "PUT";
  req.url = object_url(bucket, key);
  req.headers = {"Content-Type: application/octet-stream", "x-amz-content-sha256: " + sha256_hex(body)};
  req.body = body;
  const HttpResponse r = http_.perform(req, Signing{&credentials_, endpoint_.region, "s3"});
  if (r.status != 200)
    throw RunError(redact("S3 PutObject s3://" + bucket + "/" + key + ": HTTP " + std::to_string(r.status) +
                              " " + excerpt(r.body, 300, credentials_),
                          credentials_));
}

std::string S3Client::get_object(const std::string& bucket, const std::string& key) {
  HttpRequest req;
  req.url = object_url(bucket, key);
  req.headers = {"x-amz-content-sha256: " + sha256_hex("")};
  const HttpResponse r = http_.perform(req, Signing{&credentials_, endpoint_.region, "s3"});
  if (r.status != 200)
    throw RunError(redact("S3 GetObject s3://" + bucket + "/" + key + ": HTTP " + std::to_string(r.status) +
                              " " + excerpt(r.body, 300, credentials_),
                          credentials_));
  return r.body;
}

}  // namespace breakeven::calibrate
