#include "calibrate/aws/credentials.h"

#include <chrono>
#include <cstdlib>
#include <set>

#include "calibrate/aws/aws_config.h"
#include "calibrate/aws/credential_sources.h"
#include "model/diagnostics.h"

namespace breakeven::calibrate {

namespace {

std::string named_profile(const std::string& option, const GetEnv& env) {
  if (!option.empty()) return option;
  return env("AWS_PROFILE").value_or("");
}

std::optional<Credentials> environment_keys(const GetEnv& env) {
  const auto id = env("AWS_ACCESS_KEY_ID");
  const auto secret = env("AWS_SECRET_ACCESS_KEY");
  if (!id || !secret || id->empty() || secret->empty()) return std::nullopt;
  return Credentials{*id, *secret, env("AWS_SESSION_TOKEN").value_or(""), "environment"};
}

std::optional<Credentials> static_keys(const IniSection& s, const std::string& origin) {
  const auto id = s.find("aws_access_key_id");
  const auto secret = s.find("aws_secret_access_key");
  if (id == s.end() || secret == s.end() || id->second.empty() || secret->second.empty()) return std::nullopt;
  const auto token = s.find("aws_session_token");
  return Credentials{id->second, secret->second, token == s.end() ? "" : token->second, origin};
}

class ProfileResolver {
 public:
  ProfileResolver(const SharedConfig& config, const GetEnv& env) : config_(config), env_(env) {}

  // The profile's credentials, or nullopt when it configures none.
  std::optional<Credentials> resolve(const std::string& profile, int depth = 0) {
    if (depth > 8)
      throw InputError(
          {Diagnostic{SourcePlace{config_.config_path, 0, 0}, "source_profile",
                      "source_profile chain longer than 8 profiles (a loop?) at profile " + profile}});
    if (const auto role = config_.get(profile, "role_arn")) return assumed(profile, *role, depth);
    if (config_.get(profile, "sso_session") || config_.get(profile, "sso_start_url"))
      return sso_credentials(config_, profile, env_);
    if (auto c = static_keys(config_.credentials_profile(profile),
                             config_.credentials_path + " [" + profile + "]"))
      return c;
    if (const auto command = config_.get(profile, "credential_process"))
      return process_credentials(*command, profile);
    return static_keys(config_.config_profile(profile), config_.config_path + " [profile " + profile + "]");
  }

 private:
  Credentials assumed(const std::string& profile, const std::string& role, int depth) {
    std::optional<Credentials> source;
    const auto source_profile = config_.get(profile, "source_profile");
    const auto credential_source = config_.get(profile, "credential_source");
    std::string from;
    if (source_profile) {
      from = "source profile " + *source_profile;
      if (!config_.has_profile(*source_profile))
        throw InputError(
            {Diagnostic{SourcePlace{config_.config_path, 0, 0}, "source_profile",
                        "profile " + profile + " names source_profile " + *source_profile +
                            ", which is in neither file (profiles: " + config_.profile_names() + ")"}});
      // A profile may name itself: its own keys are then the source (as the AWS CLI allows).
      source = *source_profile == profile ? static_keys(config_.credentials_profile(profile), profile)
                                          : resolve(*source_profile, depth + 1);
    } else if (credential_source) {
      from = "credential_source " + *credential_source;
      if (*credential_source == "Environment")
        source = environment_keys(env_);
      else if (*credential_source == "EcsContainer")
        source = container_credentials(env_);
      else if (*credential_source == "Ec2InstanceMetadata")
        source = instance_credentials(env_);
      else
        throw InputError({Diagnostic{
            SourcePlace{config_.config_path, 0, 0}, "credential_source",
            "expected Environment, EcsContainer or Ec2InstanceMetadata, got " + *credential_source}});
    } else {
      throw InputError({Diagnostic{
          SourcePlace{config_.config_path, 0, 0}, "role_arn",
          "profile " + profile + " has role_arn but neither source_profile nor credential_source"}});
    }
    if (!source)
      throw InputError({Diagnostic{
          SourcePlace{config_.config_path, 0, 0}, "role_arn",
          "profile " + profile + ": " + from + " has no credentials to assume " + role + " with"}});
    if (config_.get(profile, "mfa_serial"))
      throw InputError(
          {Diagnostic{SourcePlace{config_.config_path, 0, 0}, "mfa_serial",
                      "profile " + profile +
                          " needs an MFA code, which this tool cannot ask for; use "
                          "the fallback in docs/calibration.md (aws configure export-credentials)"}});
    AssumeRoleRequest r;
    r.role_arn = role;
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    r.session_name =
        config_.get(profile, "role_session_name").value_or("breakeven-" + std::to_string(now.count()));
    r.external_id = config_.get(profile, "external_id").value_or("");
    const std::string duration = config_.get(profile, "duration_seconds").value_or("3600");
    r.duration_s = std::atoi(duration.c_str()) >= 900 && std::atoi(duration.c_str()) <= 43200
                       ? std::atoi(duration.c_str())
                       : 3600;
    r.region = resolve_region("", profile, env_);
    r.origin = "profile " + profile + " (assume role " + role + " with " + from + ")";
    return assume_role(*source, r, env_);
  }

  const SharedConfig& config_;
  const GetEnv& env_;
};

}  // namespace

Credentials load_credentials(const std::string& profile_option, const GetEnv& env) {
  const std::string named = named_profile(profile_option, env);
  if (named.empty())
    if (auto c = environment_keys(env)) return *c;
  const std::string profile = named.empty() ? "default" : named;
  const SharedConfig config = load_shared_config(env);
  if (config.has_profile(profile)) {
    if (auto c = ProfileResolver(config, env).resolve(profile)) return *c;
  } else if (!named.empty()) {
    throw InputError(
        {Diagnostic{SourcePlace{config.config_path, 0, 0}, "profile",
                    "profile [" + profile + "] is in neither " + config.config_path + " nor " +
                        config.credentials_path + " (profiles: " + config.profile_names() + ")"}});
  }
  if (auto c = container_credentials(env)) return *c;
  if (auto c = instance_credentials(env)) return *c;
  throw InputError({Diagnostic{
      SourcePlace{config.credentials_path.empty() ? "~/.aws/credentials" : config.credentials_path, 0, 0},
      "credentials",
      "no AWS credentials: looked in " +
          std::string(named.empty() ? "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, " : "") + "profile [" +
          profile + "] of " + config.credentials_path + " and " + config.config_path +
          ", the container endpoint and EC2 instance metadata. Set the variables, choose a profile "
          "with --profile, or export what the AWS CLI finds: eval \"$(aws configure export-credentials "
          "--format env)\""}});
}

}  // namespace breakeven::calibrate
