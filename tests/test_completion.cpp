// `breakeven completion bash|zsh`: the scripts parse, and a bash that sources the script completes
// commands, scenario keys after --set, chart kinds and instance types from the pricing file.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/run.h"

namespace fs = std::filesystem;

namespace {

std::string completion_script(const char* shell) {
  std::ostringstream out, err;
  REQUIRE(breakeven::cli::run({"completion", shell}, out, err) == 0);
  return out.str();
}

fs::path write_script(const std::string& text, const char* name) {
  const fs::path p = fs::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
  std::ofstream(p) << text;
  return p;
}

std::string run_shell(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  ::pclose(pipe);
  return output;
}

// What the bash completion function offers for the words (the last one being completed).
std::string bash_completes(const fs::path& script, const std::string& words, int cword) {
  return run_shell("bash --norc -c 'source " + script.string() + "; COMP_WORDS=(" + words + "); COMP_CWORD=" +
                   std::to_string(cword) + "; _breakeven; printf \"%s\\n\" \"${COMPREPLY[@]}\"' 2>&1");
}

}  // namespace

TEST_CASE("the bash completion script parses and completes keys, commands, kinds and instance types") {
  const fs::path script = write_script(completion_script("bash"), "breakeven-completion.bash");
  CHECK(run_shell("bash -n " + script.string() + " 2>&1; echo exit=$?") == "exit=0\n");
  // The key table's keys starting with faas.mem, in table order, each with its '='.
  CHECK(bash_completes(script, "breakeven whatif s.yaml --set faas.mem", 4) ==
        "faas.memory_mb=\nfaas.memory_policy=\nfaas.memory_headroom=\n");
  CHECK(bash_completes(script, "breakeven sweep s.yaml --grid faas.memory_m", 4) == "faas.memory_mb=\n");
  CHECK(bash_completes(script, "breakeven sol", 1) == "solve\n");
  CHECK(bash_completes(script, "breakeven chart out.csv --kind break", 4) == "break-even-map\n");
  // t2.small is the default scenario's instance, listed in data/pricing/aws.yaml.
  CHECK(bash_completes(script, "breakeven whatif s.yaml --set iaas.instance = t2.sm", 6) == "t2.small\n");
  CHECK(bash_completes(script, "breakeven calibrate pl", 2) == "plan\n");
  CHECK(bash_completes(script, "breakeven calibrate plan --reg", 3) == "--region\n");
  CHECK(bash_completes(script, "breakeven --data-dir d whatif s.yaml --for", 5) == "--format\n");
  fs::remove(script);
}

TEST_CASE("the zsh completion script names its function and registers it") {
  const std::string text = completion_script("zsh");
  CHECK(text.rfind("#compdef breakeven\n", 0) == 0);
  CHECK(text.find("compdef _breakeven breakeven") != std::string::npos);
  CHECK(text.find("faas.memory_mb=") != std::string::npos);
  if (run_shell("command -v zsh").empty()) return;  // zsh is optional on the build machine
  const fs::path script = write_script(text, "breakeven-completion.zsh");
  CHECK(run_shell("zsh -n " + script.string() + " 2>&1; echo exit=$?") == "exit=0\n");
  fs::remove(script);
}

TEST_CASE("completion without a known shell is bad input") {
  std::ostringstream out, err;
  CHECK(breakeven::cli::run({"completion", "fish"}, out, err) == 2);
  CHECK(err.str().find("expected bash or zsh, got 'fish'") != std::string::npos);
}
