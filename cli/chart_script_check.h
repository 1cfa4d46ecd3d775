// A check of a generated gnuplot script, line by line, that nothing in it can run a command: the
// chart tests and the chart fuzz target both use it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace breakeven::cli {

// What is wrong with `script` as a chart script, one message per problem ("line N: ..."), empty when
// it is safe to run. Checked: only printable characters; no backquote anywhere; every string closed on
// its own line; outside strings no ';', '@', '!' and none of gnuplot's words that run or load something
// (system, eval, load, call, shell, cd, exit, quit, reread, save, import, pause, print); each command
// starts with set, unset, plot, splot or `data =`; a comment line does not continue onto the next;
// `set output`, `set table` and `data =` name "./FILE" or a $datablock; every plotted source is `data`
// or a $datablock.
std::vector<std::string> chart_script_problems(std::string_view script);

}  // namespace breakeven::cli
