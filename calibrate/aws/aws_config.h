// The AWS CLI's shared files, read as the CLI reads them: the config file (AWS_CONFIG_FILE, default
// ~/.aws/config; sections [default], [profile NAME], [sso-session NAME]) and the credentials file
// (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials; sections [NAME]).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "calibrate/aws/credentials.h"

namespace breakeven::calibrate {

using IniSection = std::map<std::string, std::string>;

// Sections of an INI file by name, keys and values trimmed; nested values (indented lines under a key,
// as `s3 =` takes) and comments are skipped. A missing file has no sections.
std::map<std::string, IniSection> read_ini_file(const std::string& path);

struct SharedConfig {
  std::string config_path;                        // where the config file was looked for
  std::string credentials_path;                   // where the credentials file was looked for
  std::map<std::string, IniSection> config;       // as in the file: "default", "profile x", "sso-session y"
  std::map<std::string, IniSection> credentials;  // by profile name

  // Whether either file has the profile.
  bool has_profile(const std::string& name) const;
  // The profile's keys in the config file ([default] or [profile NAME]); empty when absent.
  IniSection config_profile(const std::string& name) const;
  // The profile's keys in the credentials file; empty when absent.
  IniSection credentials_profile(const std::string& name) const;
  // A key of the profile: the credentials file first, then the config file, as the AWS CLI looks.
  std::optional<std::string> get(const std::string& profile, const std::string& key) const;
  // Profile names in either file, for messages.
  std::string profile_names() const;
};

SharedConfig load_shared_config(const GetEnv& env);

}  // namespace breakeven::calibrate
