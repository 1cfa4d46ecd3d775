#include "calibrate/aws/credentials.h"

#include <cstdlib>
#include <fstream>

#include "model/diagnostics.h"

namespace breakeven::calibrate {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

Credentials load_credentials(const std::string& profile_option, const GetEnv& env) {
  const auto id = env("AWS_ACCESS_KEY_ID");
  const auto secret = env("AWS_SECRET_ACCESS_KEY");
  if (id && secret && !id->empty() && !secret->empty()) {
    Credentials c{*id, *secret, env("AWS_SESSION_TOKEN").value_or(""), "environment"};
    return c;
  }
  std::string path;
  if (auto f = env("AWS_SHARED_CREDENTIALS_FILE"); f && !f->empty())
    path = *f;
  else if (auto home = env("HOME"); home && !home->empty())
    path = *home + "/.aws/credentials";
  std::string profile = profile_option;
  if (profile.empty()) profile = env("AWS_PROFILE").value_or("");
  if (profile.empty()) profile = "default";

  std::ifstream in(path);
  Credentials c;
  c.origin = path + " [" + profile + "]";
  if (in) {
    std::string line, section;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      line = trim(line);
      if (line.empty() || line[0] == '#' || line[0] == ';') continue;
      if (line.front() == '[' && line.back() == ']') {
        section = trim(line.substr(1, line.size() - 2));
        continue;
      }
      if (section != profile) continue;
      const auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      const std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
      if (key == "aws_access_key_id")
        c.access_key_id = value;
      else if (key == "aws_secret_access_key")
        c.secret_access_key = value;
      else if (key == "aws_session_token")
        c.session_token = value;
    }
  }
  if (c.access_key_id.empty() || c.secret_access_key.empty())
    throw InputError(
        {Diagnostic{SourcePlace{path.empty() ? "~/.aws/credentials" : path, 0, 0}, "credentials",
                    "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add "
                    "aws_access_key_id and aws_secret_access_key to profile [" +
                        profile + "] of the shared credentials file (or choose one with --profile)"}});
  return c;
}

}  // namespace breakeven::calibrate
