// The IaaS (EC2) side: one VM that processes batches or requests one at a time from a FIFO queue;
// always on, or stopped after iaas.idle_stop_s idle and booted again (iaas.boot_s) by the next arrival,
// each run billed per second with the minimum (billing.h ec2_run_usd).
#pragma once

#include <optional>
#include <vector>

#include "model/analytic.h"
#include "model/des/arrivals.h"
#include "model/des/kernel.h"
#include "model/des/side_queue.h"
#include "model/des/simulate.h"

namespace breakeven::des {

class IaasSide final : public EventHandler {
 public:
  IaasSide(Simulator& sim, const ModelInput& in, const SimulationOptions& options, const Trace* trace);

  void start(TimeUs window_end);
  void on_event(int kind, std::int64_t arg) override;
  SideSimulation finish(TimeUs window_end);

 private:
  enum Kind { kArrival, kDone, kBooted, kIdleStop, kWindowEnd };
  enum class State { idle, busy, booting, stopped };

  void on_arrival();
  void start_next();
  void on_done();
  void close_run(TimeUs at);

  Simulator& sim_;
  const ModelInput& in_;
  const ScenarioSpec& s_;
  const SimulationOptions& options_;
  ArrivalProcess arrivals_;
  RandomStream service_rng_;
  Phases phases_;
  double merged_batch_s_ =
      0;  // merge: what each further batch adds (download, inference, per-sample training)
  double s3_gets_per_batch_ = 0, s3_puts_per_batch_ = 0;

  State state_ = State::idle;
  TimeUs run_start_ = 0;  // when the current run of the VM began (billing)
  TimeUs last_done_ = 0;
  std::int64_t idle_generation_ = 0;
  std::vector<TimeUs> current_batches_;  // arrivals of the batches in service
  double instance_usd_ = 0;
  double window_gets_ = 0, window_puts_ = 0;  // S3 requests of the work started in the window
  double window_samples_ = 0;                 // samples of the batches or requests started in the window

  SideSimulation r_;
  SideQueue queue_;
};

}  // namespace breakeven::des
