// The live calibration run: for each planned probe, the configuration update it needs, the invocation,
// the REPORT line and the handler's answer, appended to the probe file and flushed. Budget-capped,
// resumable, and it restores the function's memory size at the end, also when stopped.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "calibrate/aws/lambda_client.h"
#include "calibrate/probe_plan.h"

namespace breakeven::calibrate {

struct RunOptions {
  std::string function;
  std::string bucket;
  std::string out_path;
  double budget_usd = 0.05;
  bool resume = false;
  PlanOptions plan;
};

struct RunOutcome {
  int written = 0;       // probes measured by this call
  int already_done = 0;  // probes found in the file (--resume)
  int planned = 0;
  double estimated_usd = 0;     // the whole plan's estimate
  double spent_usd = 0;         // estimated spend of every probe in the file, from billed durations
  bool budget_reached = false;  // stopped because the next probe would pass the budget
  bool interrupted = false;     // stopped by the stop flag (Ctrl-C)
  int restored_memory_mb = 0;
};

// Runs the plan. `stop` is checked before each probe (a SIGINT handler sets it). Throws InputError for a
// plan over budget or an existing output without --resume, RunError for AWS failures (after restoring
// the memory size). `log` receives progress lines without secrets.
RunOutcome run_calibration(const RunOptions& options, LambdaClient& lambda, const ProbePrices& prices,
                           const std::atomic<bool>& stop, const std::function<void(const std::string&)>& log);

// Current UTC time as 2026-11-27T23:00:00Z.
std::string utc_now_iso8601();

}  // namespace breakeven::calibrate
