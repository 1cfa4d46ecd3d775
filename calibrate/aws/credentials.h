// AWS credentials and region for request signing, resolved as the AWS CLI resolves them (see
// docs/calibration.md, "Credentials and region"). The secret parts are never printed: no stream
// operator exists, and redact() (redact.h) scrubs them from any message.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace breakeven::calibrate {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::string origin;         // where they came from, e.g. "environment", "profile dev (assume role ...)"
};

// Reads a variable of the environment (injectable for tests).
using GetEnv = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment.
std::optional<std::string> process_env(const std::string& name);

// The first source that has credentials, in this order:
//  1. with a profile named (`profile`, else AWS_PROFILE) that profile, and nothing else of the
//     environment; without one, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) first,
//     then profile "default";
//  2. in a profile: role_arn with source_profile or credential_source (sts:AssumeRole), IAM Identity
//     Center (sso_session or sso_start_url), keys in the credentials file, credential_process, keys in
//     the config file;
//  3. the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI);
//  4. EC2 instance metadata (IMDSv2).
// Throws InputError when none has credentials (naming where it looked and the fallback), or when a
// named profile does not exist; RunError when a source refuses.
Credentials load_credentials(const std::string& profile, const GetEnv& env = process_env);

// The region: `option` (--region), AWS_REGION, AWS_DEFAULT_REGION, then the profile's `region`
// (profile as above). Empty when none is set.
std::string resolve_region(const std::string& option, const std::string& profile,
                           const GetEnv& env = process_env);

}  // namespace breakeven::calibrate
