// Synthetic probes of a platform with known constants (seeded, the same on every machine): what the fit
// tests recover, and what data/calibrated/sample-probes.jsonl holds so `calibrate fit` and `report` can be
// tried without an AWS account.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "calibrate/probe_record.h"
#include "calibrate/random.h"

namespace breakeven::test {

using calibrate::ProbeKind;
using calibrate::ProbeRecord;
using calibrate::SplitMix64;

inline ProbeRecord warm(ProbeKind kind, int memory_mb, double client_ms, double duration_ms,
                        double handler_ms) {
  ProbeRecord p;
  p.kind = kind;
  p.memory_mb = memory_mb;
  p.client_ms = client_ms;
  p.duration_ms = duration_ms;
  p.billed_ms = std::ceil(duration_ms);
  p.handler_ms = handler_ms;
  return p;
}

// Known constants of the synthetic platform.
inline constexpr double kFixedMs = 15;          // compute a
inline constexpr double kPerSampleMs = 0.0004;  // compute w at one vCPU (0.4 us per sample) in Duration
inline constexpr double kLearnPerSampleMs =
    0.0003;  // of which the learner (handler_ms); the rest draws the batch
inline constexpr double kComputeSigmaMs = 2;
inline constexpr double kLatencyMs = 30;     // storage L
inline constexpr double kBandwidthMbS = 80;  // storage B
inline constexpr double kStorageSigmaMs = 3;
inline constexpr double kWarmOverheadMs = 25;
inline constexpr double kOverheadSigmaMs = 4;
inline constexpr double kColdExtraMs = 175;  // beyond Duration + Init + warm overhead
inline constexpr double kColdSigmaMs = 10;

struct Synthetic {
  std::vector<ProbeRecord> probes;
  std::vector<double> compute_x, get_x;
};

inline Synthetic synthetic_probes(std::uint64_t seed) {
  SplitMix64 rng(seed);
  Synthetic s;
  const int memories[] = {512, 1024, 1769, 3008};
  for (int m : memories) {
    for (int i = 0; i < 3; ++i) {
      ProbeRecord p = warm(ProbeKind::noop, m, 0, 2, 0.01);
      p.cold = true;
      p.init_ms = 100 + 10 * (s.probes.size() % 10);
      p.client_ms = p.duration_ms + *p.init_ms + kWarmOverheadMs + kColdExtraMs + kColdSigmaMs * rng.normal();
      s.probes.push_back(p);
    }
    for (std::int64_t n : {20000, 100000, 500000})
      for (int r = 0; r < 5; ++r) {
        const double x = n / std::min(m / 1769.0, 1.0);
        const double d = kFixedMs + kPerSampleMs * x + kComputeSigmaMs * rng.normal();
        const double h = kLearnPerSampleMs * x + kComputeSigmaMs * rng.normal();
        ProbeRecord p =
            warm(ProbeKind::compute, m, d + kWarmOverheadMs + kOverheadSigmaMs * rng.normal(), d, h);
        p.n_samples = n;
        s.probes.push_back(p);
        s.compute_x.push_back(x);
      }
    for (std::int64_t bytes : {1000, 1000000, 10000000, 50000000})
      for (int r = 0; r < 2; ++r)
        for (ProbeKind kind : {ProbeKind::storage_put, ProbeKind::storage_get}) {
          const double h = kLatencyMs + bytes / (kBandwidthMbS * 1e3) + kStorageSigmaMs * rng.normal();
          ProbeRecord p = warm(kind, m, h + 3 + kWarmOverheadMs + kOverheadSigmaMs * rng.normal(), h + 3, h);
          p.bytes = bytes;
          s.probes.push_back(p);
          if (kind == ProbeKind::storage_get) s.get_x.push_back(static_cast<double>(bytes));
        }
  }
  return s;
}

}  // namespace breakeven::test
