// Credentials and region resolved as the AWS CLI resolves them, each source against a loopback stand-in:
// environment keys, the shared files, sts:AssumeRole (checked to be SigV4-signed by the source profile),
// IAM Identity Center from the AWS CLI's token cache, credential_process, the container endpoint and
// EC2 instance metadata (IMDSv2). No message holds a secret.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "calibrate/aws/credentials.h"
#include "calibrate/aws/redact.h"
#include "loopback_http_server.h"
#include "model/diagnostics.h"
#include "scenario_files.h"

using namespace breakeven;
using namespace breakeven::calibrate;
using breakeven::test::LoopbackHttpServer;
using breakeven::test::LoopbackRequest;
using breakeven::test::LoopbackResponse;

namespace {

using Vars = std::map<std::string, std::string>;

GetEnv env_of(const Vars& vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

// A fresh HOME with ~/.aws/config and ~/.aws/credentials holding `config` and `credentials`.
std::string home_with(const std::string& config, const std::string& credentials) {
  static int n = 0;
  const auto home =
      std::filesystem::path(test::write_scenario("")).parent_path() / ("home" + std::to_string(++n));
  std::filesystem::create_directories(home / ".aws" / "sso" / "cache");
  std::ofstream(home / ".aws" / "config") << config;
  std::ofstream(home / ".aws" / "credentials") << credentials;
  return home.string();
}

// No metadata service is tried unless a test asks for one.
Vars base_vars(const std::string& home) {
  return {{"HOME", home}, {"AWS_EC2_METADATA_DISABLED", "true"}};
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what() + std::string(" ") + [&] {
      if (auto* i = dynamic_cast<const InputError*>(&e)) return i->diagnostics().at(0).message;
      return std::string();
    }();
  }
  FAIL("expected an error");
  return "";
}

const char kStsAnswer[] =
    "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
    "<Credentials><AccessKeyId>ASIAROLEKEY0001</AccessKeyId><SecretAccessKey>role/secret+key&amp;more"
    "</SecretAccessKey><SessionToken>FwoGZXIvYXdzROLESESSIONTOKEN0123456789</SessionToken>"
    "<Expiration>2026-12-02T03:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";

}  // namespace

TEST_CASE("a named profile wins over environment keys; without one the environment comes first") {
  const std::string home =
      home_with("[profile dev]\nregion = eu-west-1\n",
                "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n"
                "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s2\n");
  Vars v = base_vars(home);
  v["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  v["AWS_SECRET_ACCESS_KEY"] = "s3";
  CHECK(load_credentials("", env_of(v)).access_key_id == "AKIDENV");
  CHECK(load_credentials("dev", env_of(v)).access_key_id == "AKIDDEV");  // --profile
  v["AWS_PROFILE"] = "dev";
  CHECK(load_credentials("", env_of(v)).access_key_id == "AKIDDEV");  // AWS_PROFILE
  v.erase("AWS_ACCESS_KEY_ID");
  v.erase("AWS_PROFILE");
  CHECK(load_credentials("", env_of(v)).access_key_id == "AKIDDEFAULT");
  const std::string m = message_of([&] { load_credentials("missing", env_of(v)); });
  CHECK(m.find("profile [missing] is in neither") != std::string::npos);
  CHECK(m.find("(profiles: default, dev)") != std::string::npos);
}

TEST_CASE("the region comes from --region, AWS_REGION, AWS_DEFAULT_REGION, then the profile") {
  const std::string home =
      home_with("[default]\nregion = us-west-2\n[profile dev]\nregion = eu-west-1\n", "");
  Vars v = base_vars(home);
  CHECK(resolve_region("", "", env_of(v)) == "us-west-2");
  CHECK(resolve_region("", "dev", env_of(v)) == "eu-west-1");
  v["AWS_DEFAULT_REGION"] = "ap-south-1";
  CHECK(resolve_region("", "dev", env_of(v)) == "ap-south-1");
  v["AWS_REGION"] = "eu-north-1";
  CHECK(resolve_region("", "dev", env_of(v)) == "eu-north-1");
  CHECK(resolve_region("us-east-2", "dev", env_of(v)) == "us-east-2");
  CHECK(resolve_region("", "", env_of(base_vars(home_with("", "")))).empty());
}

TEST_CASE("role_arn with source_profile assumes the role through STS, signed by the source profile") {
  std::string answer = kStsAnswer;
  int status = 200;
  LoopbackHttpServer sts([&](const LoopbackRequest&) {
    return LoopbackResponse{status, {{"Content-Type", "text/xml"}}, answer};
  });
  const std::string home = home_with(
      "[profile probe]\nrole_arn = arn:aws:iam::123456789012:role/probe\nsource_profile = base\n"
      "role_session_name = calib\nregion = eu-west-1\n",
      "[base]\naws_access_key_id = AKIDBASE0001\naws_secret_access_key = base-secret-key-0123456789\n");
  Vars v = base_vars(home);
  v["AWS_ENDPOINT_URL_STS"] = sts.url();
  const Credentials c = load_credentials("probe", env_of(v));
  CHECK(c.access_key_id == "ASIAROLEKEY0001");
  CHECK(c.secret_access_key == "role/secret+key&more");  // XML entities decoded
  CHECK(c.session_token == "FwoGZXIvYXdzROLESESSIONTOKEN0123456789");
  CHECK(c.origin ==
        "profile probe (assume role arn:aws:iam::123456789012:role/probe with source profile base)");
  REQUIRE(sts.requests().size() == 1);
  const std::vector<LoopbackRequest> sts_requests = sts.requests();  // a copy: keep it while r is used
  const LoopbackRequest& r = sts_requests[0];
  CHECK(r.method == "POST");
  CHECK(r.body ==
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fprobe"
        "&RoleSessionName=calib&DurationSeconds=3600");
  // SigV4 by the source profile's key for STS in the profile's region.
  CHECK(r.headers.at("authorization").rfind("AWS4-HMAC-SHA256 Credential=AKIDBASE0001/", 0) == 0);
  CHECK(r.headers.at("authorization").find("/eu-west-1/sts/aws4_request") != std::string::npos);
  CHECK(r.raw_head.find("base-secret-key") == std::string::npos);

  // Refused, with a message that quotes the source's secret: redacted.
  status = 403;
  answer =
      "<ErrorResponse><Error><Code>AccessDenied</Code><Message>key base-secret-key-0123456789 may not "
      "assume</Message></Error></ErrorResponse>";
  const std::string m = message_of([&] { load_credentials("probe", env_of(v)); });
  CHECK(m.find("sts:AssumeRole of arn:aws:iam::123456789012:role/probe refused, HTTP 403: key <redacted> may "
               "not") != std::string::npos);
  CHECK(m.find("base-secret") == std::string::npos);
}

TEST_CASE("an sso_session profile reads the AWS CLI's token cache and asks the portal for the role") {
  LoopbackHttpServer portal([](const LoopbackRequest& r) {
    if (r.headers.count("x-amz-sso_bearer_token") == 0 ||
        r.headers.at("x-amz-sso_bearer_token") != "sso-access-token-0123456789")
      return LoopbackResponse{401, {}, R"({"message":"Session token not found or invalid"})"};
    return LoopbackResponse{200,
                            {},
                            R"({"roleCredentials":{"accessKeyId":"ASIASSO1","secretAccessKey":"sso-secret",)"
                            R"("sessionToken":"sso-session-token","expiration":1790000000000}})"};
  });
  const std::string home = home_with(
      "[profile work]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = Probe\n"
      "[sso-session my-sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n",
      "");
  // The AWS CLI names the cache file after the SHA-1 of the session name: sha1("my-sso") (Python hashlib).
  const std::string cache = home + "/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json";
  std::ofstream(cache)
      << R"({"startUrl":"https://example.awsapps.com/start","region":"us-east-1",)"
         R"("accessToken":"sso-access-token-0123456789","expiresAt":"2099-01-01T00:00:00Z"})";
  Vars v = base_vars(home);
  v["AWS_ENDPOINT_URL_SSO"] = portal.url();
  const Credentials c = load_credentials("work", env_of(v));
  CHECK(c.access_key_id == "ASIASSO1");
  CHECK(c.session_token == "sso-session-token");
  REQUIRE(portal.requests().size() == 1);
  CHECK(portal.requests()[0].target == "/federation/credentials?account_id=123456789012&role_name=Probe");

  std::ofstream(cache)
      << R"({"accessToken":"sso-access-token-0123456789","expiresAt":"2020-01-01T00:00:00Z"})";
  const std::string m = message_of([&] { load_credentials("work", env_of(v)); });
  CHECK(m.find("has expired; run `aws sso login --profile work`") != std::string::npos);
  CHECK(m.find("sso-access-token") == std::string::npos);
}

TEST_CASE("credential_process runs the command without a shell and reads its JSON") {
  const std::string home = home_with(
      "[profile proc]\ncredential_process = printf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
      "\"SecretAccessKey\": \"proc-secret\", \"SessionToken\": \"proc-token\"}'\n"
      "[profile broken]\ncredential_process = false\n",
      "");
  const Vars v = base_vars(home);
  const Credentials c = load_credentials("proc", env_of(v));
  CHECK(c.access_key_id == "AKIDPROC");
  CHECK(c.secret_access_key == "proc-secret");
  CHECK(c.origin == "credential_process of profile proc");
  CHECK(message_of([&] {
          load_credentials("broken", env_of(v));
        }).find("credential_process of profile broken (false) exited with status 1") != std::string::npos);
}

TEST_CASE("the container endpoint answers with the authorization token it was given") {
  LoopbackHttpServer container([](const LoopbackRequest& r) {
    if (!r.headers.count("authorization") || r.headers.at("authorization") != "container-auth-token")
      return LoopbackResponse{401, {}, "no"};
    return LoopbackResponse{
        200,
        {},
        R"({"AccessKeyId":"ASIACONT","SecretAccessKey":"cont-secret","Token":"cont-token",)"
        R"("Expiration":"2099-01-01T00:00:00Z"})"};
  });
  Vars v = base_vars(home_with("", ""));
  v["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = container.url() + "/v2/credentials/abc";
  v["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "container-auth-token";
  const Credentials c = load_credentials("", env_of(v));
  CHECK(c.access_key_id == "ASIACONT");
  CHECK(c.origin == "container credentials");
  CHECK(container.requests().at(0).target == "/v2/credentials/abc");
  v["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://example.com/creds";  // plain HTTP off the host: refused
  CHECK(message_of([&] { load_credentials("", env_of(v)); }).find("expected an https:// URL") !=
        std::string::npos);
}

TEST_CASE("EC2 instance metadata is asked last, with an IMDSv2 session token") {
  LoopbackHttpServer imds([](const LoopbackRequest& r) {
    if (r.method == "PUT" && r.target == "/latest/api/token" &&
        r.headers.count("x-aws-ec2-metadata-token-ttl-seconds"))
      return LoopbackResponse{200, {}, "imds-session-token"};
    if (!r.headers.count("x-aws-ec2-metadata-token") ||
        r.headers.at("x-aws-ec2-metadata-token") != "imds-session-token")
      return LoopbackResponse{401, {}, ""};
    if (r.target == "/latest/meta-data/iam/security-credentials/")
      return LoopbackResponse{200, {}, "probe-role"};
    if (r.target == "/latest/meta-data/iam/security-credentials/probe-role")
      return LoopbackResponse{200,
                              {},
                              R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret",)"
                              R"("Token":"imds-token","Expiration":"2099-01-01T00:00:00Z"})"};
    return LoopbackResponse{404, {}, ""};
  });
  Vars v = base_vars(home_with("", ""));
  v.erase("AWS_EC2_METADATA_DISABLED");
  v["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.url();
  const Credentials c = load_credentials("", env_of(v));
  CHECK(c.access_key_id == "ASIAIMDS");
  CHECK(c.session_token == "imds-token");
  CHECK(c.origin == "EC2 instance metadata (role probe-role)");
  CHECK(imds.requests().size() == 3);

  // Nothing anywhere: the message says where it looked and gives the AWS CLI fallback.
  v["AWS_EC2_METADATA_DISABLED"] = "true";
  const std::string m = message_of([&] { load_credentials("", env_of(v)); });
  CHECK(m.find("no AWS credentials: looked in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile [default]") !=
        std::string::npos);
  CHECK(m.find("aws configure export-credentials --format env") != std::string::npos);
}
