// breakeven-probe: the `bootstrap` of a Lambda custom runtime (provided.al2023). Lambda starts it with
// AWS_LAMBDA_RUNTIME_API set; it serves invocations until the environment is shut down. Storage probes use
// the function role's credentials from the environment Lambda sets (AWS_ACCESS_KEY_ID, ...).
#include <iostream>
#include <memory>

#include "calibrate/aws/credentials.h"
#include "calibrate/aws/s3_client.h"
#include "calibrate/probe/probe_handler.h"
#include "calibrate/probe/runtime_loop.h"

namespace {

class S3Store : public breakeven::calibrate::ObjectStore {
 public:
  S3Store()
      : client_(
            breakeven::calibrate::S3Endpoint{
                breakeven::calibrate::process_env("AWS_REGION").value_or("us-east-1"),
                breakeven::calibrate::process_env("BREAKEVEN_S3_ENDPOINT").value_or("")},
            breakeven::calibrate::load_credentials("")) {}
  void put(const std::string& bucket, const std::string& key, const std::string& body) override {
    client_.put_object(bucket, key, body);
  }
  std::string get(const std::string& bucket, const std::string& key) override {
    return client_.get_object(bucket, key);
  }

 private:
  breakeven::calibrate::S3Client client_;
};

}  // namespace

int main() {
  const auto api = breakeven::calibrate::process_env("AWS_LAMBDA_RUNTIME_API");
  if (!api) {
    std::cerr << "breakeven-probe: AWS_LAMBDA_RUNTIME_API is not set; this program runs inside AWS Lambda\n";
    return 2;
  }
  std::unique_ptr<S3Store> store;
  breakeven::calibrate::ProbeHandler handler([&]() -> breakeven::calibrate::ObjectStore& {
    if (!store) store = std::make_unique<S3Store>();
    return *store;
  });
  try {
    breakeven::calibrate::run_runtime_loop(
        *api, [&](const std::string& payload) { return handler.handle(payload); });
  } catch (const std::exception& e) {
    std::cerr << "breakeven-probe: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
