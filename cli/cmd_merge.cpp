// `breakeven merge`: joins the outputs of the shards of one sweep into the bytes an unsharded run writes.
#include <boost/program_options.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/output_path.h"
#include "cli/run.h"
#include "model/diagnostics.h"
#include "model/sweep/sweep_rows.h"

namespace breakeven::cli {

namespace po = boost::program_options;

namespace {

[[noreturn]] void bad_file(const std::string& path, const std::string& message) {
  throw InputError({Diagnostic{SourcePlace{path, 0, 0}, "", message}});
}

struct ShardFile {
  std::string header;
  std::vector<std::pair<std::size_t, std::string>> rows;  // point, row line without separator or newline
  bool complete = false;                                  // JSON: the closing line is there
};

ShardFile read_shard(const std::string& path, RowFormat format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) bad_file(path, "cannot read this shard output");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  ShardFile f;
  // A CSV header is the sweep's identity line (docs/sweeps.md) and the column names.
  const bool identity_line = format == RowFormat::csv && text.rfind("# breakeven ", 0) == 0;
  auto first_nl = text.find('\n');
  if (identity_line && first_nl != std::string::npos) first_nl = text.find('\n', first_nl + 1);
  if (first_nl == std::string::npos) bad_file(path, "not a sweep output: no header line");
  f.header = text.substr(0, first_nl + 1);
  std::size_t pos = first_nl + 1;
  int line_number = identity_line ? 3 : 2;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    if (nl == std::string::npos)
      bad_file(path + ":" + std::to_string(line_number),
               "the last row is cut short (an interrupted run?): finish it with --resume");
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (format == RowFormat::json && line == "]}") {
      f.complete = true;
      if (pos != text.size())
        bad_file(path + ":" + std::to_string(line_number + 1), "text after the end of the rows");
      break;
    }
    const auto point = row_point(format, line);
    if (!point) bad_file(path + ":" + std::to_string(line_number), "not a row of a sweep output");
    if (format == RowFormat::json && line.back() == ',') line.pop_back();
    f.rows.emplace_back(*point, std::move(line));
    ++line_number;
  }
  if (format == RowFormat::json && !f.complete)
    bad_file(path, "the rows do not end with ]} (an interrupted run?): finish it with --resume");
  return f;
}

}  // namespace

int cmd_merge(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::vector<std::string> inputs;
  std::string out_path;
  po::options_description visible("options");
  visible.add_options()("out,o", po::value<std::string>(&out_path), "merged output file (default: stdout)")(
      "help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(&inputs)->composing());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  if (vm.count("help")) {
    out << "usage: breakeven merge SHARD_OUTPUT... [--out FILE]\n\n"
           "Joins the outputs of `breakeven sweep --shard i/n` (or solve --grid) runs of one grid into the\n"
           "bytes one unsharded run writes; checks that they come from the same sweep and that no point is\n"
           "missing or repeated.\n\n"
        << visible << "\n";
    return kExitOk;
  }
  po::notify(vm);
  if (inputs.empty())
    throw InputError(
        {Diagnostic{SourcePlace{"breakeven merge", 0, 0}, "", "missing the shard outputs to merge"}});
  const RowFormat format = format_of_path(inputs.front(), "merge");
  if (!out_path.empty())
    check_output_path(out_path, "--out", format == RowFormat::csv ? "all.csv" : "all.json");
  if (!out_path.empty() && format_of_path(out_path, "--out") != format)
    throw InputError({Diagnostic{SourcePlace{"--out " + out_path, 0, 0}, "",
                                 "the merged file must have the shards' format (" +
                                     std::string(format == RowFormat::csv ? ".csv" : ".json") + ")"}});
  std::string header;
  std::map<std::size_t, std::string> rows;
  std::map<std::size_t, std::string> row_file;
  for (const auto& path : inputs) {
    if (format_of_path(path, "merge") != format)
      bad_file(path, "every shard output must have the same format");
    ShardFile f = read_shard(path, format);
    if (header.empty())
      header = f.header;
    else if (f.header != header)
      bad_file(path + ":1",
               "its header differs from " + inputs.front() +
                   "'s: not a shard of the same sweep (another scenario, data, --set, grid or mode)");
    for (auto& [point, line] : f.rows) {
      if (rows.count(point))
        bad_file(path, "point " + std::to_string(point) + " is also in " + row_file[point]);
      rows.emplace(point, std::move(line));
      row_file.emplace(point, path);
    }
  }
  // Every point of the grid must be there: JSON states the grid's size; CSV rows must run 0..last.
  std::size_t expected = rows.empty() ? 0 : rows.rbegin()->first + 1;
  if (format == RowFormat::json) {
    const auto j = nlohmann::json::parse(header.substr(0, header.rfind(",\"rows\":[")) + "}", nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("points"))
      bad_file(inputs.front() + ":1", "not a sweep output: unreadable header");
    if (!j["points"].is_number_unsigned())
      bad_file(inputs.front() + ":1", "not a sweep output: the header's \"points\" is " +
                                          std::string(j["points"].type_name()) +
                                          ", expected the grid's number of points");
    expected = j["points"].get<std::size_t>();
  }
  std::size_t next = 0;
  for (const auto& [point, line] : rows) {
    if (point != next) break;
    ++next;
  }
  if (next < expected || rows.size() != expected)
    // The files given are incomplete: bad input (exit 2), like a missing file.
    throw InputError(
        {Diagnostic{SourcePlace{"breakeven merge", 0, 0}, "",
                    "point " + std::to_string(next) + " is in none of the " + std::to_string(inputs.size()) +
                        " files: a shard is missing or unfinished"}});
  std::ofstream file;
  std::ostream* sink = &out;
  if (!out_path.empty()) {
    file.open(out_path, std::ios::binary | std::ios::trunc);
    if (!file) throw RunError("cannot write " + out_path);
    sink = &file;
  }
  *sink << header;
  std::size_t i = 0;
  for (const auto& [point, line] : rows) {
    *sink << line;
    if (format == RowFormat::json && ++i < rows.size()) *sink << ',';
    *sink << '\n';
  }
  if (format == RowFormat::json) *sink << "]}\n";
  sink->flush();
  if (!*sink) throw RunError("writing the merged output failed");
  return kExitOk;
}

}  // namespace breakeven::cli
