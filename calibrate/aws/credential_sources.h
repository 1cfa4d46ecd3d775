// The sources of temporary credentials the AWS CLI uses beyond static keys: STS AssumeRole (signed with
// SigV4 by the source credentials), IAM Identity Center (SSO) through the AWS CLI's token cache, the
// container credentials endpoint, EC2 instance metadata (IMDSv2) and a profile's credential_process.
// Every endpoint has the AWS SDKs' standard override (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSO,
// AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_EC2_METADATA_SERVICE_ENDPOINT), which the tests point at
// loopback stand-ins. No secret of any of them reaches a message.
#pragma once

#include <optional>
#include <string>

#include "calibrate/aws/aws_config.h"
#include "calibrate/aws/credentials.h"

namespace breakeven::calibrate {

struct AssumeRoleRequest {
  std::string role_arn;
  std::string session_name;  // role_session_name, else breakeven-<seconds since 1970>
  std::string external_id;   // empty: none
  int duration_s = 3600;
  std::string region;  // STS regional endpoint; us-east-1 when empty
  std::string origin;  // for the result's origin and messages
};

// sts:AssumeRole with `source`; throws RunError with AWS's (redacted) message when refused.
Credentials assume_role(const Credentials& source, const AssumeRoleRequest& request, const GetEnv& env);

// The profile's IAM Identity Center role credentials (sso_session or the legacy sso_start_url), from the
// token `aws sso login` cached under ~/.aws/sso/cache. Throws InputError when the token is missing or
// expired (with the command that renews it), RunError when the portal refuses.
Credentials sso_credentials(const SharedConfig& config, const std::string& profile, const GetEnv& env);

// The container credentials endpoint (ECS, EKS Pod Identity), when AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// or _FULL_URI is set; nullopt when neither is.
std::optional<Credentials> container_credentials(const GetEnv& env);

// The EC2 instance profile's credentials through IMDSv2; nullopt when no metadata service answers (not
// on EC2) or AWS_EC2_METADATA_DISABLED is true.
std::optional<Credentials> instance_credentials(const GetEnv& env);

// Runs the profile's credential_process (split into words as a shell would, run without a shell) and
// reads its JSON (Version 1). Throws RunError when it fails; its output is never quoted.
Credentials process_credentials(const std::string& command, const std::string& profile);

// Seconds since 1970 of an ISO 8601 UTC time ("2026-12-02T10:00:00Z", fractions and "+00:00" allowed).
std::optional<long long> parse_utc_seconds(const std::string& text);

}  // namespace breakeven::calibrate
