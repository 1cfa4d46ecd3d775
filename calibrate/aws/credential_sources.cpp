#include "calibrate/aws/credential_sources.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "calibrate/aws/http_client.h"
#include "calibrate/aws/redact.h"
#include "model/diagnostics.h"

extern char** environ;

namespace breakeven::calibrate {

namespace {

std::string env_or(const GetEnv& env, const char* name, const std::string& fallback) {
  const auto v = env(name);
  return v && !v->empty() ? *v : fallback;
}

// The text of the first <tag>...</tag> in `xml`, with the five predefined entities decoded.
std::string xml_text(const std::string& xml, const std::string& tag) {
  const auto open = xml.find("<" + tag + ">");
  if (open == std::string::npos) return "";
  const auto start = open + tag.size() + 2;
  const auto close = xml.find("</" + tag + ">", start);
  if (close == std::string::npos) return "";
  std::string text = xml.substr(start, close - start), out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool decoded = false;
    for (const auto& [entity, c] :
         {std::pair{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}})
      if (text.compare(i, std::char_traits<char>::length(entity), entity) == 0) {
        out += c;
        i += std::char_traits<char>::length(entity) - 1;
        decoded = true;
        break;
      }
    if (!decoded) out += text[i];
  }
  return out;
}

std::string sha1_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) out += {hex[digest[i] >> 4], hex[digest[i] & 15]};
  return out;
}

// Keys of a JSON credentials answer: {AccessKeyId, SecretAccessKey, Token or SessionToken}.
Credentials from_json(const nlohmann::json& j, const char* id, const char* secret, const char* token,
                      const std::string& origin) {
  Credentials c;
  c.access_key_id = j.value(id, "");
  c.secret_access_key = j.value(secret, "");
  c.session_token = j.value(token, "");
  c.origin = origin;
  if (c.access_key_id.empty() || c.secret_access_key.empty())
    throw RunError(origin + ": the answer has no " + id + " and " + secret);
  return c;
}

HttpClient quick_client(int attempts, double timeout_s) {
  RetryPolicy r;
  r.max_attempts = attempts;
  return HttpClient(r, Timeouts{timeout_s, timeout_s, timeout_s * attempts + 2});
}

}  // namespace

std::optional<long long> parse_utc_seconds(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6)
    return std::nullopt;
  std::string rest = text.substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest[0] == '.') rest.erase(0, rest.find_first_not_of("0123456789", 1));
  if (rest != "Z" && rest != "+00:00" && rest != "UTC" && !rest.empty()) return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<long long>(timegm(&tm));
}

Credentials assume_role(const Credentials& source, const AssumeRoleRequest& r, const GetEnv& env) {
  const std::string region = r.region.empty() ? "us-east-1" : r.region;
  HttpRequest req;
  req.method = "POST";
  req.url = env_or(env, "AWS_ENDPOINT_URL_STS",
                   env_or(env, "AWS_ENDPOINT_URL", "https://sts." + region + ".amazonaws.com")) +
            "/";
  req.headers = {"Content-Type: application/x-www-form-urlencoded; charset=utf-8"};
  req.body = "Action=AssumeRole&Version=2011-06-15&RoleArn=" + percent_encode(r.role_arn) +
             "&RoleSessionName=" + percent_encode(r.session_name) +
             "&DurationSeconds=" + std::to_string(r.duration_s) +
             (r.external_id.empty() ? "" : "&ExternalId=" + percent_encode(r.external_id));
  HttpClient http(RetryPolicy{}, Timeouts{5, 30, 60});
  const HttpResponse resp = http.perform(req, Signing{&source, region, "sts"});
  if (resp.status != 200)
    throw RunError(redact(
        r.origin + ": sts:AssumeRole of " + r.role_arn + " refused, HTTP " + std::to_string(resp.status) +
            ": " +
            excerpt(xml_text(resp.body, "Message").empty() ? resp.body : xml_text(resp.body, "Message"), 300,
                    source),
        source));
  Credentials c;
  c.access_key_id = xml_text(resp.body, "AccessKeyId");
  c.secret_access_key = xml_text(resp.body, "SecretAccessKey");
  c.session_token = xml_text(resp.body, "SessionToken");
  c.origin = r.origin;
  if (c.access_key_id.empty() || c.secret_access_key.empty() || c.session_token.empty())
    throw RunError(r.origin + ": sts:AssumeRole answered without credentials");
  return c;
}

Credentials sso_credentials(const SharedConfig& config, const std::string& profile, const GetEnv& env) {
  const std::string where = "profile " + profile + " (IAM Identity Center)";
  std::string start_url = config.get(profile, "sso_start_url").value_or("");
  std::string region = config.get(profile, "sso_region").value_or("");
  std::string cache_key = start_url;
  if (const auto session = config.get(profile, "sso_session")) {
    const auto it = config.config.find("sso-session " + *session);
    if (it == config.config.end())
      throw InputError({Diagnostic{SourcePlace{config.config_path, 0, 0}, "sso_session",
                                   "profile " + profile + " names sso_session " + *session +
                                       ", but there is no [sso-session " + *session + "] section"}});
    start_url = it->second.count("sso_start_url") ? it->second.at("sso_start_url") : "";
    region = it->second.count("sso_region") ? it->second.at("sso_region") : "";
    cache_key = *session;  // the AWS CLI names the cache file after the session name's SHA-1
  }
  const std::string account = config.get(profile, "sso_account_id").value_or("");
  const std::string role = config.get(profile, "sso_role_name").value_or("");
  if (start_url.empty() || region.empty() || account.empty() || role.empty())
    throw InputError({Diagnostic{SourcePlace{config.config_path, 0, 0}, "sso",
                                 where + " needs sso_start_url, sso_region, sso_account_id and sso_role_name "
                                         "(see `aws configure sso`)"}});
  const std::string login = "run `aws sso login --profile " + profile + "`";
  const std::string cache = env_or(env, "HOME", "") + "/.aws/sso/cache/" + sha1_hex(cache_key) + ".json";
  std::ifstream in(cache);
  nlohmann::json token;
  try {
    token = nlohmann::json::parse(in);
  } catch (const std::exception&) {
    throw InputError({Diagnostic{SourcePlace{cache, 0, 0}, "",
                                 "no IAM Identity Center token for " + where + "; " + login}});
  }
  const std::string access = token.value("accessToken", "");
  const auto expires = parse_utc_seconds(token.value("expiresAt", ""));
  const long long now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  if (access.empty() || !expires || *expires <= now)
    throw InputError({Diagnostic{SourcePlace{cache, 0, 0}, "",
                                 "the IAM Identity Center token for " + where + " has expired; " + login}});
  const Credentials bearer{"", access, "", where};  // so redact() removes the token from messages
  HttpRequest req;
  req.url = env_or(env, "AWS_ENDPOINT_URL_SSO", "https://portal.sso." + region + ".amazonaws.com") +
            "/federation/credentials?account_id=" + percent_encode(account) +
            "&role_name=" + percent_encode(role);
  req.headers = {"x-amz-sso_bearer_token: " + access};
  HttpClient http(RetryPolicy{}, Timeouts{5, 30, 60});
  const HttpResponse resp = http.perform(req, Signing{});
  if (resp.status != 200)
    throw RunError(redact(where + ": GetRoleCredentials refused, HTTP " + std::to_string(resp.status) + ": " +
                              excerpt(resp.body, 300, bearer) + (resp.status == 401 ? "; " + login : ""),
                          bearer));
  try {
    return from_json(nlohmann::json::parse(resp.body).at("roleCredentials"), "accessKeyId", "secretAccessKey",
                     "sessionToken", where);
  } catch (const nlohmann::json::exception&) {
    throw RunError(where + ": GetRoleCredentials answered something other than roleCredentials");
  }
}

namespace {

// The hosts a full container credentials URI may name over plain HTTP (as the AWS SDKs allow).
bool allowed_container_url(const std::string& url) {
  if (url.rfind("https://", 0) == 0) return true;
  if (url.rfind("http://", 0) != 0) return false;
  const std::string rest = url.substr(7);
  const std::string host = rest.substr(0, rest.find_first_of(":/"));
  return host == "localhost" || host.rfind("127.", 0) == 0 || rest.rfind("[::1]", 0) == 0 ||
         host == "169.254.170.2" || host == "169.254.170.23" || rest.rfind("[fd00:ec2::23]", 0) == 0;
}

}  // namespace

std::optional<Credentials> container_credentials(const GetEnv& env) {
  const std::string relative = env_or(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "");
  const std::string full = env_or(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI", "");
  if (relative.empty() && full.empty()) return std::nullopt;
  const std::string url = relative.empty() ? full : "http://169.254.170.2" + relative;
  const std::string where = "container credentials";
  if (!allowed_container_url(url))
    throw InputError({Diagnostic{SourcePlace{"AWS_CONTAINER_CREDENTIALS_FULL_URI", 0, 0}, "",
                                 "expected an https:// URL or http:// to a loopback or container address"}});
  std::string token = env_or(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN", "");
  if (const auto file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); file && !file->empty()) {
    std::ifstream in(*file);
    std::getline(in, token);
  }
  HttpRequest req;
  req.url = url;
  if (!token.empty()) req.headers = {"Authorization: " + token};
  HttpClient http = quick_client(3, 2);
  const HttpResponse resp = http.perform(req, Signing{});
  const Credentials auth{"", token, "", where};
  if (resp.status != 200)
    throw RunError(redact(
        where + " (" + url + "): HTTP " + std::to_string(resp.status) + ": " + excerpt(resp.body, 200, auth),
        auth));
  try {
    return from_json(nlohmann::json::parse(resp.body), "AccessKeyId", "SecretAccessKey", "Token", where);
  } catch (const nlohmann::json::exception&) {
    throw RunError(where + " (" + url + "): the answer is not the credentials JSON");
  }
}

std::optional<Credentials> instance_credentials(const GetEnv& env) {
  std::string disabled = env_or(env, "AWS_EC2_METADATA_DISABLED", "");
  for (auto& ch : disabled) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (disabled == "true") return std::nullopt;
  std::string base = env_or(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254");
  while (!base.empty() && base.back() == '/') base.pop_back();
  // One attempt of 1 s, as the AWS SDKs' defaults (AWS_METADATA_SERVICE_NUM_ATTEMPTS, _TIMEOUT).
  HttpClient http = quick_client(1, 1);
  HttpRequest put;
  put.method = "PUT";
  put.url = base + "/latest/api/token";
  put.headers = {"X-aws-ec2-metadata-token-ttl-seconds: 21600"};
  HttpResponse token;
  try {
    token = http.perform(put, Signing{});
  } catch (const TransportError&) {
    return std::nullopt;  // no metadata service: not on EC2
  }
  if (token.status != 200) return std::nullopt;
  const Credentials secret{"", token.body, "", "EC2 instance metadata"};
  HttpRequest get;
  get.url = base + "/latest/meta-data/iam/security-credentials/";
  get.headers = {"X-aws-ec2-metadata-token: " + token.body};
  const HttpResponse role = http.perform(get, Signing{});
  const std::string name = role.body.substr(0, role.body.find('\n'));
  if (role.status != 200 || name.empty())
    throw RunError("EC2 instance metadata: the instance has no IAM role (HTTP " +
                   std::to_string(role.status) + ")");
  get.url += name;
  const HttpResponse resp = http.perform(get, Signing{});
  if (resp.status != 200)
    throw RunError(
        redact("EC2 instance metadata: credentials of role " + name + ": HTTP " + std::to_string(resp.status),
               secret));
  try {
    return from_json(nlohmann::json::parse(resp.body), "AccessKeyId", "SecretAccessKey", "Token",
                     "EC2 instance metadata (role " + name + ")");
  } catch (const nlohmann::json::exception&) {
    throw RunError("EC2 instance metadata: the credentials of role " + name + " are not JSON");
  }
}

namespace {

// Words of a command line as a POSIX shell splits them (quotes and backslashes), without expanding.
std::vector<std::string> split_words(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < command.size())
        word += command[++i];
      else
        word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

// Runs `words` without a shell; returns its exit status and at most `limit` bytes of its output.
std::pair<int, std::string> run_capture(const std::vector<std::string>& words, std::size_t limit) {
  int fds[2];
  if (::pipe(fds) != 0) throw RunError("credential_process: cannot create a pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<char*> argv;
  for (const auto& w : words) argv.push_back(const_cast<char*>(w.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  std::string out;
  char buffer[4096];
  for (ssize_t n; spawned == 0 && (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    if (out.size() < limit) out.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  if (spawned != 0) return {-1, ""};
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace

Credentials process_credentials(const std::string& command, const std::string& profile) {
  const std::string where = "credential_process of profile " + profile;
  const auto words = split_words(command);
  if (words.empty()) throw RunError(where + " is empty");
  const auto [status, output] = run_capture(words, 1 << 20);
  if (status != 0)
    throw RunError(where + " (" + words[0] + ") " +
                   (status < 0 ? "could not be started or was stopped"
                               : "exited with status " + std::to_string(status)));
  try {
    const auto j = nlohmann::json::parse(output);
    if (j.value("Version", 0) != 1) throw RunError(where + ": expected \"Version\": 1 in its output");
    return from_json(j, "AccessKeyId", "SecretAccessKey", "SessionToken", where);
  } catch (const nlohmann::json::exception&) {
    throw RunError(where +
                   ": its output is not the credentials JSON (Version, AccessKeyId, SecretAccessKey)");
  }
}

}  // namespace breakeven::calibrate
