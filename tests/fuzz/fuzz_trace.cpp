// Fuzz target: the arrival trace readers (model/des/trace.cpp). The first byte picks the format
// (timestamps, azure2019, azure2021) and whether a function is selected; the rest is the file.
#include <string>

#include "model/des/trace.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using breakeven::TraceFormat;
  const TraceFormat formats[] = {TraceFormat::timestamps, TraceFormat::azure2019, TraceFormat::azure2021};
  const TraceFormat format = formats[data[0] % 3];
  // The function of tests/data/azure2019-two-functions.csv's second row, or none.
  const std::string function = (data[0] & 4) ? "fn-bursty" : "";
  const std::string path = breakeven::fuzz::write_file(
      "trace.csv", std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  breakeven::fuzz::expect_only_input_errors(
      [&] { (void)breakeven::des::load_trace(path, format, function); });
  return 0;
}
