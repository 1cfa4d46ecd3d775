// `breakeven calibrate run` in the breakeven program: the live run needs the AWS client and libcurl
// with its TLS tree, which every other command would load at start for nothing, so it lives in its own
// program, breakeven-calibrate-run, installed beside breakeven; this process is replaced by it.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "cli/calibrate_commands.h"
#include "cli/run.h"

namespace breakeven::cli {

int exec_calibrate_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::string program =
      (ec ? std::filesystem::path("breakeven") : self).parent_path() / "breakeven-calibrate-run";
  std::vector<std::string> words = {program, "calibrate", "run"};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  out.flush();
  err.flush();
  execv(program.c_str(), argv.data());
  err << "breakeven: calibrate run needs " << program
      << " (installed beside breakeven): " << std::strerror(errno) << "\n";
  return kExitRunFailed;
}

}  // namespace breakeven::cli
