// S3 GetObject and PutObject, signed with SigV4 (the payload hash in x-amz-content-sha256).
#pragma once

#include <string>

#include "calibrate/aws/http_client.h"

namespace breakeven::calibrate {

struct S3Endpoint {
  std::string region;
  std::string
      endpoint_url;  // empty = https://<bucket>.s3.<region>.amazonaws.com; else path style <url>/<bucket>
};

class S3Client {
 public:
  S3Client(S3Endpoint endpoint, Credentials credentials, RetryPolicy retry = {}, Timeouts timeouts = {});

  // Throws RunError on any status but 200, naming bucket and key (never a secret).
  void put_object(const std::string& bucket, const std::string& key, const std::string& body);
  std::string get_object(const std::string& bucket, const std::string& key);

 private:
  std::string object_url(const std::string& bucket, const std::string& key) const;

  S3Endpoint endpoint_;
  Credentials credentials_;
  HttpClient http_;
};

}  // namespace breakeven::calibrate
