// The breakeven command: a thin shell over cli::run, which never exits or aborts on user input.
#include <iostream>
#include <string>
#include <vector>

#include "cli/run.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return breakeven::cli::run(args, std::cout, std::cerr);
}
