#include "calibrate/aws/aws_config.h"

#include <cstdlib>
#include <fstream>
#include <set>

namespace breakeven::calibrate {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string home_file(const GetEnv& env, const char* variable, const char* under_home) {
  if (auto f = env(variable); f && !f->empty()) return *f;
  if (auto home = env("HOME"); home && !home->empty()) return *home + under_home;
  return "";
}

}  // namespace

std::map<std::string, IniSection> read_ini_file(const std::string& path) {
  std::map<std::string, IniSection> out;
  if (path.empty()) return out;
  std::ifstream in(path);
  std::string raw, section;
  bool in_section = false;
  while (std::getline(in, raw)) {
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = trim(line.substr(1, line.size() - 2));
      out[section];
      in_section = true;
      continue;
    }
    // An indented line continues the previous key's nested block (e.g. `s3 =` settings): not a key.
    if (!in_section || raw[0] == ' ' || raw[0] == '\t') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    out[section][trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return out;
}

bool SharedConfig::has_profile(const std::string& name) const {
  return credentials.count(name) || config.count(name == "default" ? name : "profile " + name) ||
         (name == "default" && config.count("profile default"));
}

IniSection SharedConfig::config_profile(const std::string& name) const {
  auto it = config.find("profile " + name);
  if (it == config.end() && name == "default") it = config.find("default");
  return it == config.end() ? IniSection{} : it->second;
}

IniSection SharedConfig::credentials_profile(const std::string& name) const {
  const auto it = credentials.find(name);
  return it == credentials.end() ? IniSection{} : it->second;
}

std::optional<std::string> SharedConfig::get(const std::string& profile, const std::string& key) const {
  for (const IniSection& s : {credentials_profile(profile), config_profile(profile)}) {
    const auto it = s.find(key);
    if (it != s.end() && !it->second.empty()) return it->second;
  }
  return std::nullopt;
}

std::string SharedConfig::profile_names() const {
  std::set<std::string> names;
  for (const auto& [name, keys] : credentials) names.insert(name);
  for (const auto& [name, keys] : config) {
    if (name == "default") names.insert(name);
    if (name.rfind("profile ", 0) == 0) names.insert(trim(name.substr(8)));
  }
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

SharedConfig load_shared_config(const GetEnv& env) {
  SharedConfig c;
  c.config_path = home_file(env, "AWS_CONFIG_FILE", "/.aws/config");
  c.credentials_path = home_file(env, "AWS_SHARED_CREDENTIALS_FILE", "/.aws/credentials");
  c.config = read_ini_file(c.config_path);
  c.credentials = read_ini_file(c.credentials_path);
  return c;
}

// process_env and resolve_region are here rather than in credentials.cpp: they need no AWS client (the
// breakeven program links this file without libcurl).
std::optional<std::string> process_env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

std::string resolve_region(const std::string& option, const std::string& profile_option, const GetEnv& env) {
  if (!option.empty()) return option;
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (const auto v = env(name); v && !v->empty()) return *v;
  const std::string named = (profile_option.empty() ? env("AWS_PROFILE").value_or("") : profile_option);
  return load_shared_config(env).get(named.empty() ? "default" : named, "region").value_or("");
}

}  // namespace breakeven::calibrate
