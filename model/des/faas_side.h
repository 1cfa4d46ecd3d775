// The FaaS (Lambda) side: execution environments with keep-alive, a concurrency cap, routing among idle
// environments, cold starts, a model cache per environment, the save policies with replay, and the
// single training writer (training_stream) or independent invocations (requests).
#pragma once

#include <vector>

#include "model/analytic.h"
#include "model/des/arrivals.h"
#include "model/des/kernel.h"
#include "model/des/memory_sizer.h"
#include "model/des/side_queue.h"
#include "model/des/simulate.h"

namespace breakeven::des {

class FaasSide final : public EventHandler {
 public:
  FaasSide(Simulator& sim, const ModelInput& in, const SimulationOptions& options, const Trace* trace,
           std::vector<BatchQuality>* quality);

  void start(TimeUs window_end);
  void on_event(int kind, std::int64_t arg) override;
  SideSimulation finish(TimeUs window_end);

 private:
  enum Kind { kArrival, kDone, kExpire, kWindowEnd };
  struct Environment {
    bool alive = false;
    bool busy = false;
    std::int64_t created = 0;    // creation order (routing newest_first)
    std::int64_t last_used = 0;  // use order (routing most_recent)
    std::int64_t generation =
        0;  // bumps each time it goes idle (kept across slot reuse): stale entries are ignored
    TimeUs expires_at = 0;        // idle since + its keep-alive
    bool expiry_pending = false;  // fixed keep-alive: an expiry event is in the heap for this slot
    std::int64_t model_version = -1;
    int memory_mb = 0;  // configuration it was created with; another size needs a new one
  };

  void on_arrival();
  void try_dispatch();
  // Where an invocation runs: its environment, whether it starts cold, whether it finds the model.
  struct Placement {
    int env = 0;
    bool cold = false;
    bool hit = false;
  };
  // What one invocation does: its phases, S3 requests, whether it saves the model, the measured batch.
  struct Work {
    Phases phases;
    double gets = 0, puts = 0;
    bool saves = true;
    BatchCompute measured;
  };
  // How long it runs: the handler (cut at the timeout), INIT billed, and the client-visible total.
  struct Run {
    double handler_s = 0;
    double init_billed_s = 0;
    double total_s = 0;
  };
  void start_invocation(std::int64_t batches, TimeUs oldest_arrival);
  Placement place_invocation();
  Work training_work(std::int64_t batches, const Placement& at);
  Work request_work(const Placement& at) const;
  void charge(TimeUs now, const Run& run, const Work& w, std::int64_t n_samples);
  void finish_training(std::int64_t batches, int env, bool timed_out, const Work& w, double end_s);
  void on_done(int env);
  void on_expire(std::int64_t arg);
  void retire(int env);
  int take_environment(bool& cold);
  void make_idle(int env);
  std::int64_t routing_key(const Environment& e) const;
  double draw_keep_alive_s();
  void set_instances();

  Simulator& sim_;
  const ModelInput& in_;
  const ScenarioSpec& s_;
  const SimulationOptions& options_;
  std::vector<BatchQuality>* quality_;
  ArrivalProcess arrivals_;
  RandomStream service_rng_, cache_rng_, keep_alive_rng_, forced_cold_rng_;
  PhaseBlocks blocks_;
  Phases request_cold_, request_warm_hit_, request_warm_miss_;
  double compute_scale_ = 1;
  double memory_gb_ = 0;
  int memory_mb_ = 0;  // the configuration invocations run with now
  double gb_s_ = 0;    // with a memory policy: GB-s summed per invocation
  void set_memory(int memory_mb);
  std::vector<double> keep_alive_quantiles_s_;

  std::vector<Environment> envs_;
  std::vector<int> free_slots_;
  // Idle environments as a max-heap of (routing key, generation, env) with lazy deletion: an entry is
  // live while its environment is alive, idle and of the same generation. No allocation per use.
  struct IdleEntry {
    std::int64_t key;
    std::int64_t generation;
    int env;
    bool operator<(const IdleEntry& o) const { return key < o.key; }
  };
  std::vector<IdleEntry> idle_;
  bool fixed_keep_alive_ = true;  // expiry times only grow: one pending event per slot suffices
  std::int64_t next_created_ = 0, next_use_ = 0;
  int alive_ = 0, busy_ = 0;
  bool writer_busy_ = false;            // training_stream: one invocation at a time
  bool writer_timed_out_ = false;       // training_stream: the running invocation hit faas.timeout_s
  std::vector<TimeUs> writer_batches_;  // training_stream: arrivals of the batches in the running invocation

  std::int64_t newest_version_ = 0;   // model versions trained so far
  std::int64_t unsaved_batches_ = 0;  // batches not in the saved model
  std::int64_t invocation_index_ = 0;
  std::int64_t batch_index_ = 0;

  SideSimulation r_;
  SideQueue queue_;
  TimeWeighted instances_;
  // What is charged to the window [0, window_end): invocations started in it, the last one prorated.
  struct WindowCharges {
    std::int64_t billed_ms = 0;
    double gb_s = 0;
    double ephemeral_usd = 0;
    std::uint64_t invocations = 0;
    double s3_gets = 0, s3_puts = 0;
    double samples = 0;  // samples those invocations learn from or serve
  } window_;
  double instances_mean_ = 0;
};

}  // namespace breakeven::des
