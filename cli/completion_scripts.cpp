// The bash and zsh completion scripts: fixed functions around word lists made by completion_words().
#include <sstream>

#include "cli/completion.h"

namespace breakeven::cli {

namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
  return text;
}

// Words are program-made (commands, options, keys, choices, instance types); none holds a quote, but a
// pricing file is data, so anything outside a plain word is dropped rather than quoted.
std::string quoted(const std::vector<std::string>& words) {
  std::vector<std::string> plain;
  for (const auto& w : words)
    if (!w.empty() &&
        w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._=/-") ==
            std::string::npos)
      plain.push_back(w);
  return "'" + joined(plain) + "'";
}

// case "$1" in a) echo '...';; esac over a map of word lists.
std::string case_lines(const std::map<std::string, std::vector<std::string>>& m, const char* indent) {
  std::string text;
  for (const auto& [name, words] : m)
    text += std::string(indent) + "'" + name + "') echo " + quoted(words) + " ;;\n";
  return text;
}

const char* const kBashBody = R"BASH(
_breakeven() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  # The command (and calibrate's subcommand), skipping the global --data-dir DIR.
  local i=1 cmd='' at=0
  while ((i < COMP_CWORD)); do
    case ${COMP_WORDS[i]} in
      --data-dir) ((i += 2)); continue ;;
      -*) ;;
      *) if [[ -z $cmd ]]; then cmd=${COMP_WORDS[i]}; at=$i; fi ;;
    esac
    ((i++))
  done
  if [[ -z $cmd ]]; then
    [[ $prev == --data-dir ]] && return 0
    COMPREPLY=($(compgen -W "$_breakeven_commands --help --version --data-dir" -- "$cur"))
    return 0
  fi
  local subs; subs=$(_breakeven_subcommands "$cmd")
  if [[ -n $subs ]]; then
    if ((COMP_CWORD == at + 1)); then
      COMPREPLY=($(compgen -W "$subs --help" -- "$cur"))
      return 0
    fi
    cmd="$cmd ${COMP_WORDS[at+1]}"
  fi
  # KEY=VALUE after --set and --grid: bash splits the word at '=' when '=' is a word break.
  if [[ $prev == = ]] && ((COMP_CWORD >= 3)); then
    case ${COMP_WORDS[COMP_CWORD-3]} in
      --set | --grid)
        COMPREPLY=($(compgen -W "$(_breakeven_values "${COMP_WORDS[COMP_CWORD-2]}")" -- "$cur"))
        return 0 ;;
    esac
  fi
  case $prev in
    --set | --grid)
      if [[ $cur == *=* ]]; then
        COMPREPLY=($(compgen -P "${cur%%=*}=" -W "$(_breakeven_values "${cur%%=*}")" -- "${cur#*=}"))
      else
        COMPREPLY=($(compgen -W "$_breakeven_keys" -- "$cur"))
        compopt -o nospace 2>/dev/null
      fi
      return 0 ;;
    --kind) COMPREPLY=($(compgen -W "$_breakeven_chart_kinds" -- "$cur")); return 0 ;;
    --instance | --instance-type) COMPREPLY=($(compgen -W "$_breakeven_instance_types" -- "$cur")); return 0 ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_breakeven_options "$cmd")" -- "$cur"))
  fi
  return 0  # anything else: file names (complete -o default)
}
complete -o default -F _breakeven breakeven
)BASH";

const char* const kZshBody = R"ZSH(
_breakeven() {
  local cmd='' at=0 i=2
  while (( i < CURRENT )); do
    case ${words[i]} in
      --data-dir) (( i += 2 )); continue ;;
      -*) ;;
      *) if [[ -z $cmd ]]; then cmd=${words[i]}; at=$i; fi ;;
    esac
    (( i++ ))
  done
  if [[ -z $cmd ]]; then
    [[ ${words[CURRENT-1]} == --data-dir ]] && { _files -/; return; }
    compadd -- ${=_breakeven_commands} --help --version --data-dir; return
  fi
  local subs=$(_breakeven_subcommands "$cmd")
  if [[ -n $subs ]]; then
    if (( CURRENT == at + 1 )); then compadd -- ${=subs} --help; return; fi
    cmd="$cmd ${words[at+1]}"
  fi
  case ${words[CURRENT-1]} in
    --set | --grid)
      if [[ $PREFIX == *=* ]]; then
        local key=${PREFIX%%=*}
        compset -P '*='
        compadd -- ${=$(_breakeven_values "$key")}
      else
        compadd -S '' -- ${=_breakeven_keys}
      fi
      return ;;
    --kind) compadd -- ${=_breakeven_chart_kinds}; return ;;
    --instance | --instance-type) compadd -- ${=_breakeven_instance_types}; return ;;
  esac
  if [[ $PREFIX == -* ]]; then compadd -- ${=$(_breakeven_options "$cmd")}; else _files; fi
}
# Autoloaded from $fpath: complete now; sourced: register.
if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then _breakeven "$@"; else compdef _breakeven breakeven; fi
)ZSH";

// The word lists and the lookup functions both shells share (POSIX-shell syntax).
std::string word_lists(const CompletionWords& w, const char* shell) {
  std::ostringstream s;
  s << "# " << shell << " completion for breakeven, written by `breakeven completion " << shell
    << "`.\n# Load it with: source <(breakeven completion " << shell << ")\n# " << w.pricing_note << "\n"
    << "_breakeven_commands=" << quoted(w.commands) << "\n"
    << "_breakeven_keys=" << quoted(w.keys) << "\n"
    << "_breakeven_chart_kinds=" << quoted(w.chart_kinds) << "\n"
    << "_breakeven_instance_types=" << quoted(w.instance_types) << "\n"
    << "_breakeven_options() {\n  case $1 in\n"
    << case_lines(w.options, "    ") << "  esac\n}\n"
    << "_breakeven_subcommands() {\n  case $1 in\n"
    << case_lines(w.subcommands, "    ") << "  esac\n}\n"
    << "_breakeven_values() {\n  case $1 in\n"
    << case_lines(w.key_values, "    ") << "  esac\n}\n";
  return s.str();
}

}  // namespace

std::string bash_completion(const CompletionWords& w) {
  return word_lists(w, "bash") + kBashBody;
}

std::string zsh_completion(const CompletionWords& w) {
  return "#compdef breakeven\n" + word_lists(w, "zsh") + kZshBody;
}

}  // namespace breakeven::cli
