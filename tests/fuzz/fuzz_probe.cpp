// Fuzz target: the probe file reader (calibrate/probe_record.cpp), JSONL text as `calibrate fit` reads
// it. A file it accepts must also survive the round trip through the writer: every record written back
// is read back to the same record count (the writer never writes a line the reader refuses).
#include <string>

#include "calibrate/probe_record.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace breakeven::calibrate;
  const std::string text(reinterpret_cast<const char*>(data), size);
  breakeven::fuzz::expect_only_input_errors([&] {
    const ProbeFile file = parse_probe_text(text, "fuzz.jsonl");
    std::string written = file.header ? header_to_json_line(*file.header) + "\n" : "";
    for (const auto& p : file.probes) written += probe_to_json_line(p) + "\n";
    ProbeFile again;
    try {
      again = parse_probe_text(written, "rewritten.jsonl");
    } catch (const breakeven::InputError& e) {
      // The reader refuses what the writer wrote: a bug, not bad input.
      throw std::logic_error(std::string("written probe file not readable: ") + e.what());
    }
    if (again.probes.size() != file.probes.size() || again.header.has_value() != file.header.has_value())
      throw std::logic_error("probe file round trip changed the record count");
  });
  return 0;
}
