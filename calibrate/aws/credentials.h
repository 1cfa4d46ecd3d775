// AWS credentials for request signing: from the environment or the shared credentials file. The secret
// parts are never printed: no stream operator exists, and redact() (redact.h) scrubs them from any message.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace breakeven::calibrate {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::string origin;         // "environment" or "<file> [profile]": safe to print
};

// Reads a variable of the environment (injectable for tests).
using GetEnv = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment.
std::optional<std::string> process_env(const std::string& name);

// AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) when both are set; otherwise the
// shared credentials file (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials), section `profile`
// (default AWS_PROFILE, then "default"). Throws InputError when none are found, naming where it looked.
Credentials load_credentials(const std::string& profile, const GetEnv& env = process_env);

}  // namespace breakeven::calibrate
