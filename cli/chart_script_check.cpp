#include "cli/chart_script_check.h"

#include <algorithm>
#include <cctype>

namespace breakeven::cli {

namespace {

// One token of a script line: a word, a string literal (with its quotes) or one other character.
struct Token {
  enum Kind { word, string, other } kind;
  std::string text;
};

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// Splits `line` into tokens; `error` says what is wrong when a string does not end on this line.
std::vector<Token> tokenize(std::string_view line, std::string& error) {
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < line.size();) {
    const char c = line[i];
    if (c == ' ') {
      ++i;
    } else if (c == '\'' || c == '"') {
      std::size_t j = i + 1;
      for (; j < line.size(); ++j) {
        if (c == '"' && line[j] == '\\')
          ++j;  // \x in "..."; a single-quoted string ends at the next quote
        else if (line[j] == c)
          break;
      }
      if (j >= line.size()) {
        error = "a string is not closed on its line";
        return tokens;
      }
      tokens.push_back({Token::string, std::string(line.substr(i, j + 1 - i))});
      i = j + 1;
    } else if (c == '#') {
      break;  // a comment to the end of the line
    } else if (word_char(c)) {
      std::size_t j = i;
      while (j < line.size() && word_char(line[j])) ++j;
      tokens.push_back({Token::word, std::string(line.substr(i, j - i))});
      i = j;
    } else {
      tokens.push_back({Token::other, std::string(1, c)});
      ++i;
    }
  }
  return tokens;
}

bool names_local_file(const Token& t) {
  if (t.kind == Token::word) return t.text.size() > 1 && t.text[0] == '$';
  return t.kind == Token::string && t.text.compare(1, 2, "./") == 0;
}

// Checks one command (its continuation lines joined) given as tokens; appends problems to `out`.
void check_command(const std::vector<Token>& tk, const std::string& where, std::vector<std::string>& out) {
  static const char* const kForbidden[] = {"system", "eval",   "load", "call",   "shell", "cd",    "exit",
                                           "quit",   "reread", "save", "import", "pause", "print", "pipe"};
  for (const auto& t : tk) {
    if (t.kind == Token::word &&
        std::find(std::begin(kForbidden), std::end(kForbidden), t.text) != std::end(kForbidden))
      out.push_back(where + "'" + t.text + "' outside a string");
    if (t.kind == Token::other && (t.text == ";" || t.text == "@" || t.text == "!"))
      out.push_back(where + "'" + t.text + "' outside a string");
  }
  if (tk.empty()) return;
  const std::string& first = tk[0].text;
  if (first == "data") {
    if (tk.size() != 3 || tk[1].text != "=" || !names_local_file(tk[2]))
      out.push_back(where + "data must be set to one './FILE' string");
    return;
  }
  if (first == "set" && tk.size() > 1 && (tk[1].text == "output" || tk[1].text == "table")) {
    if (tk.size() < 3 || !names_local_file(tk[2]))
      out.push_back(where + "set " + tk[1].text + " must name './FILE' or a $datablock");
    return;
  }
  if (first == "plot" || first == "splot") {
    // Each plotted element starts after the command word or after a comma outside parentheses.
    // ("offset X, Y" holds the one comma that does not end an element).
    int depth = 0;
    bool element_start = true, in_offset = false;
    for (std::size_t k = 1; k < tk.size(); ++k) {
      if (element_start && tk[k].text != "data" && !names_local_file(tk[k]))
        out.push_back(where + "a plotted source other than data or a $datablock: " + tk[k].text);
      element_start = false;
      if (tk[k].text == "(" || tk[k].text == "[") ++depth;
      if (tk[k].text == ")" || tk[k].text == "]") --depth;
      if (tk[k].text == "offset")
        in_offset = true;
      else if (tk[k].text == "," && depth == 0 && in_offset)
        in_offset = false;
      else if (tk[k].text == "," && depth == 0)
        element_start = true;
    }
    return;
  }
  if (first != "set" && first != "unset")
    out.push_back(where + "a command other than set, unset, plot, splot: " + first);
}

}  // namespace

std::vector<std::string> chart_script_problems(std::string_view script) {
  std::vector<std::string> out;
  std::vector<Token> command;
  std::string where;
  bool continued = false;
  std::size_t number = 0;
  for (std::size_t start = 0; start < script.size();) {
    const std::size_t end = std::min(script.find('\n', start), script.size());
    const std::string_view line = script.substr(start, end - start);
    start = end + 1;
    const std::string here = "line " + std::to_string(++number) + ": ";
    if (!continued) where = here;
    for (char c : line)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
        out.push_back(here + "a control character");
        break;
      }
    if (line.find('`') != std::string_view::npos) out.push_back(here + "a backquote");
    const bool is_comment = !continued && line.find_first_not_of(' ') != std::string_view::npos &&
                            line[line.find_first_not_of(' ')] == '#';
    const bool continues = !line.empty() && line.back() == '\\';
    if (is_comment) {
      if (continues) out.push_back(here + "a comment that continues onto the next line");
      continue;
    }
    std::string error;
    auto tokens = tokenize(continues ? line.substr(0, line.size() - 1) : line, error);
    if (!error.empty()) out.push_back(here + error);
    command.insert(command.end(), tokens.begin(), tokens.end());
    continued = continues;
    if (!continued) {
      check_command(command, where, out);
      command.clear();
    }
  }
  if (continued) out.push_back(where + "the last command continues past the end of the script");
  return out;
}

}  // namespace breakeven::cli
