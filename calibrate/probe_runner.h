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
  // An Invoke waits for the function's own timeout plus this margin (Lambda's Init phase may take up to
  // 10 s before it, and the network some more) before the probe is counted as failed.
  double invoke_margin_s = 15;
  int max_failures_in_a_row = 3;  // the run stops (RunError) after this many failed probes in a row
};

struct RunOutcome {
  int written = 0;       // probes measured by this call
  int already_done = 0;  // probes found in the file (--resume)
  int planned = 0;
  double estimated_usd = 0;     // the whole plan's estimate
  double spent_usd = 0;         // estimated spend of every probe in the file, from billed durations
  bool budget_reached = false;  // stopped because the next probe would pass the budget
  bool interrupted = false;     // stopped by the stop flag (Ctrl-C)
  // Probes that failed without a usable measurement: an Invoke that may have reached the function but
  // got no answer (never sent again), or a REPORT line with values that cannot be (NaN, negative, out
  // of range). Each is charged at its worst case in spent_usd and is not written to the file.
  int failed = 0;
  int restored_memory_mb = 0;
};

// Runs the plan. `stop` is checked before each probe (a SIGINT handler sets it). Throws InputError for a
// plan over budget or an existing output without --resume, RunError for AWS failures (after restoring
// the memory size). `log` receives progress lines without secrets. Every line written to the file is
// first read back with the probe file's own reader; a line that would not read back is a failed probe.
RunOutcome run_calibration(const RunOptions& options, LambdaClient& lambda, const ProbePrices& prices,
                           const std::atomic<bool>& stop, const std::function<void(const std::string&)>& log);

// The most a probe can cost: billed for the function's whole timeout plus Lambda's longest Init phase.
double worst_case_usd(const PlannedProbe& p, double function_timeout_s, const ProbePrices& prices);

// Current UTC time as 2026-11-27T23:00:00Z.
std::string utc_now_iso8601();

}  // namespace breakeven::calibrate
