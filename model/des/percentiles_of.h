// A side's histogram summarised as the result's Percentiles: one place for both sides' latency and
// freshness figures.
#pragma once

#include "model/des/histogram.h"
#include "model/des/simulate.h"

namespace breakeven::des {

inline Percentiles percentiles_of(const LogHistogram& h) {
  Percentiles out;
  out.count = h.count();
  out.mean_s = h.mean();
  out.p50_s = h.quantile(0.50);
  out.p95_s = h.quantile(0.95);
  out.p99_s = h.quantile(0.99);
  out.max_s = h.max();
  return out;
}

}  // namespace breakeven::des
