// The Lambda Runtime API loop of a custom runtime (API version 2018-06-01): ask for the next
// invocation, run the handler, post its response or its error; repeat.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace breakeven::calibrate {

struct RuntimeLoopStats {
  std::int64_t responses = 0;
  std::int64_t errors = 0;
};

// `api` is host:port (the AWS_LAMBDA_RUNTIME_API variable). Runs `handler` on each payload; an
// exception becomes an invocation error. Stops after `max_invocations` (0 = never, as in Lambda).
// Throws RunError when the Runtime API itself fails.
RuntimeLoopStats run_runtime_loop(const std::string& api,
                                  const std::function<std::string(const std::string&)>& handler,
                                  std::int64_t max_invocations = 0);

// Reports a failure before the first invocation (POST /runtime/init/error).
void report_init_error(const std::string& api, const std::string& message);

}  // namespace breakeven::calibrate
