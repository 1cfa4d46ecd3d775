// Every class of bad input, with the exact message a user sees.
#include <doctest/doctest.h>

#include "scenario_files.h"

using namespace breakeven;
using namespace breakeven::test;

namespace {
std::string with_line(std::string body, const std::string& from, const std::string& to) {
  body.replace(body.find(from), from.size(), to);
  return body;
}
}  // namespace

TEST_CASE("a valid scenario loads without messages") {
  CHECK(load_errors(header_lines() + valid_body()).empty());
}

TEST_CASE("an unknown key names its place and the key it was probably meant to be") {
  const auto errors = load_errors(header_lines() + with_line(valid_body(), "  memory_mb: 1024\n",
                                                             "  memory_mb: 1024\n  memroy_mb: 2048\n"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:14:3: faas.memroy_mb: unknown key 'memroy_mb' (did you mean 'memory_mb'?)");
}

TEST_CASE("a key put in the wrong section is pointed to its section") {
  const auto errors = load_errors(header_lines() + valid_body() + "  bandwidth_mb_s: 65\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:17:3: iaas.bandwidth_mb_s: unknown key 'bandwidth_mb_s' (did you mean "
        "'storage.bandwidth_mb_s'?)");
}

TEST_CASE("an unknown section gets a suggestion") {
  const auto errors = load_errors(header_lines() + valid_body() + "workloads:\n  interval_s: 5\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "scenario.yaml:17:1: workloads: unknown section 'workloads' (did you mean 'workload'?)");
}

TEST_CASE("memory outside the Lambda limits names the allowed range") {
  const auto errors =
      load_errors(header_lines() + with_line(valid_body(), "memory_mb: 1024", "memory_mb: 20480"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:13:14: faas.memory_mb: 20480 is above the maximum 10240 of the Lambda limits "
        "(expected an integer in MB, 128..10240)");
  const auto low = load_errors(header_lines() + with_line(valid_body(), "memory_mb: 1024", "memory_mb: 64"));
  REQUIRE(low.size() == 1);
  CHECK(low[0] ==
        "scenario.yaml:13:14: faas.memory_mb: 64 is below the minimum 128 of the Lambda limits "
        "(expected an integer in MB, 128..10240)");
}

TEST_CASE("a negative interval is refused with the expected range") {
  const auto errors =
      load_errors(header_lines() + with_line(valid_body(), "interval_s: 60", "interval_s: -5"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:6:15: workload.interval_s: -5 is below the minimum 1e-06 (expected a number in s, "
        "1e-06..2592000)");
}

TEST_CASE("an interval below the 1 us clock is refused: whatif printed a 120-digit utilisation for 1e-300") {
  const auto errors =
      load_errors(header_lines() + with_line(valid_body(), "interval_s: 60", "interval_s: 1e-300"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:6:15: workload.interval_s: 1e-300 is below the minimum 1e-06 (expected a number in s, "
        "1e-06..2592000)");
  CHECK(load_errors(header_lines() + with_line(valid_body(), "interval_s: 60", "interval_s: 0.000001"))
            .empty());
}

TEST_CASE("a hit rate outside 0..1 is refused") {
  const auto errors = load_errors(header_lines() + valid_body(), {"faas.cache_hit_rate=1.5"});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "--set faas.cache_hit_rate=1.5: faas.cache_hit_rate: 1.5 is above the maximum 1 (expected a "
        "number, 0..1)");
}

TEST_CASE("a value written with a unit gets the number in the key's unit as a suggestion") {
  auto errors = load_errors(header_lines() + with_line(valid_body(), "memory_mb: 1024", "memory_mb: 2GB"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:13:14: faas.memory_mb: '2GB' is not a number (expected an integer in MB, "
        "128..10240); did you mean 2048?");
  errors = load_errors(header_lines() + with_line(valid_body(), "interval_s: 60", "interval_s: 5min"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:6:15: workload.interval_s: '5min' is not a number (expected a number in s, "
        "1e-06..2592000); did you mean 300?");
}

TEST_CASE("a choice outside its values lists them and suggests the closest") {
  const auto errors = load_errors(header_lines() + valid_body(), {"faas.arch=x86"});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "--set faas.arch=x86: faas.arch: 'x86' is not one of x86_64, arm64 (did you mean 'x86_64'?)");
}

TEST_CASE("a fractional count and a non-boolean flag are refused") {
  const auto errors =
      load_errors(header_lines() + valid_body(), {"workload.batch_size=10.5", "iaas.save_model=yes"});
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] ==
        "--set workload.batch_size=10.5: workload.batch_size: 10.5 is not a whole number (expected an "
        "integer, 1..1e+12)");
  CHECK(errors[1] == "--set iaas.save_model=yes: iaas.save_model: 'yes' is not true or false");
}

TEST_CASE("an unknown instance type or region names the known ones") {
  auto errors =
      load_errors(header_lines() + with_line(valid_body(), "instance: t3.small", "instance: t3.smal"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind(
            "scenario.yaml:16:13: iaas.instance: 't3.smal' is not an instance type of the pricing file "
            "(did you mean 't3.small'?); known types: c5.large, ",
            0) == 0);
  errors = load_errors(header_lines() + with_line(valid_body(), "region: us-east-1", "region: eu-west-9"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:14:11: faas.region: 'eu-west-9' is not a region of the pricing file (did you mean "
        "'eu-west-1'?); known regions: ap-northeast-1, ap-southeast-2, eu-central-1, eu-west-1, us-east-1, "
        "us-east-2, us-west-2");
}

TEST_CASE("a price the pricing file does not know is an error unless a fallback region is named") {
  const std::string body = with_line(valid_body(), "region: us-east-1", "region: us-east-2");
  const auto errors = load_errors(header_lines() + body);
  REQUIRE(errors.size() == 3);  // EC2 price, S3 PUT and S3 GET are unknown in us-east-2
  CHECK(errors[0] ==
        "scenario.yaml:16:13: iaas.instance: the EC2 t3.small on-demand Linux price for us-east-2 is "
        "unknown in the pricing file (no published source); set pricing.fallback_region (e.g. "
        "us-east-1) to use another region's price, or choose a region with known prices");
  CHECK(load_errors(header_lines() + body, {"pricing.fallback_region=us-east-1"}).empty());
}

TEST_CASE("every problem is reported at once, in file order, then the cross-checks") {
  std::string body = with_line(valid_body(), "interval_s: 60", "interval_s: 0");
  body = with_line(body, "memory_mb: 1024", "memory_mb: 99999");
  body = with_line(body, "instance: t3.small", "instance: nope");
  const auto errors = load_errors(header_lines() + body);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].rfind("scenario.yaml:6:15: workload.interval_s:", 0) == 0);
  CHECK(errors[1].rfind("scenario.yaml:13:14: faas.memory_mb:", 0) == 0);
  CHECK(errors[2].rfind("scenario.yaml:16:13: iaas.instance: 'nope' is not an instance type", 0) == 0);
}

TEST_CASE("a missing required key is named with what it means") {
  const auto errors = load_errors(header_lines() + with_line(valid_body(), "  batch_size: 1000\n", ""));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml: workload.batch_size: missing required key (an integer, 1..1e+12: Samples per "
        "batch.)");
}

TEST_CASE("a YAML syntax error gives its line and column") {
  const auto errors = load_errors(header_lines() + "workload:\n  interval_s: [60\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("scenario.yaml:7:1: YAML syntax error: ", 0) == 0);
}

TEST_CASE("a missing include and a wrong schema version are reported") {
  auto errors = load_errors("schema_version: 2\n" + valid_body());
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] ==
        "scenario.yaml:1:17: schema_version: '2' is not supported; this version of breakeven reads "
        "schema_version 1");
  CHECK(errors[1] ==
        "scenario.yaml:1:1: include.pricing: missing; add `include: {pricing: ../data/pricing/aws.yaml, "
        "platform: ../data/platform/aws-default.yaml}`");
}

TEST_CASE("a scenario file that does not exist is reported as such") {
  try {
    load_scenario("no/such/scenario.yaml", {});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "no/such/scenario.yaml: cannot open the file (does it exist?)");
  }
}

TEST_CASE("--set overrides are validated like the file, and unknown keys get a suggestion") {
  const auto errors =
      load_errors(header_lines() + valid_body(), {"faas.memroy=3", "faas.memory_mb", "faas.memory_mb=512"});
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == "--set faas.memroy=3: faas.memroy: unknown key (did you mean 'faas.memory_mb'?)");
  CHECK(errors[1] == "--set faas.memory_mb: expected dotted.key=value, e.g. --set faas.memory_mb=1024");
}

TEST_CASE("--set replaces the file's value") {
  const std::string path = write_scenario(header_lines() + valid_body());
  const LoadedScenario s = load_scenario(path, {"faas.memory_mb=3008", "faas.cold_start_rate=null"});
  CHECK(s.spec.faas.memory_mb == 3008);
  CHECK_FALSE(s.spec.faas.cold_start_rate.has_value());
  CHECK(s.origins.at("faas.memory_mb").file == "--set faas.memory_mb=3008");
}

TEST_CASE("platform defaults fill unset keys, and the cold start follows the package and architecture") {
  const std::string path = write_scenario(header_lines() + valid_body());
  LoadedScenario s = load_scenario(path, {});
  CHECK(s.spec.storage.bandwidth_mb_s == 65);  // LambdaML Table 6
  CHECK(s.spec.faas.keep_alive_s == 600);
  CHECK(s.spec.faas.cold_start_s == doctest::Approx(0.084));  // python3.12 zip x86_64
  apply_overrides(s, {"faas.package=image", "faas.arch=arm64"});
  CHECK(s.spec.faas.cold_start_s == doctest::Approx(0.1312));  // python3.12 image arm64
}

TEST_CASE("a key written twice in one section is reported where it repeats, not silently overwritten") {
  // Lines 6 and 7 of the body: the second interval_s would otherwise win without a word.
  const auto errors = load_errors(
      header_lines() + with_line(valid_body(), "  interval_s: 60\n", "  interval_s: 60\n  interval_s: 30\n"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:7:3: workload.interval_s: duplicate key 'interval_s': it is already set at line "
        "6; keep one of the two");
}

TEST_CASE("a section written twice is reported as a duplicate") {
  const auto errors = load_errors(header_lines() + valid_body() + "iaas:\n  instance: t3.micro\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:17:1: iaas: duplicate key 'iaas': it is already set at line 15; keep one of the two");
}

TEST_CASE("an empty value is reported at its key, not at the next line") {
  const auto errors = load_errors(header_lines() + with_line(valid_body(), "interval_s: 60", "interval_s:"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("scenario.yaml:6:3: workload.interval_s: has no value", 0) == 0);
}

TEST_CASE("a number beyond the range of a double is called that, not 'not a number'") {
  const auto errors =
      load_errors(header_lines() + with_line(valid_body(), "interval_s: 60", "interval_s: 1e400"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind(
            "scenario.yaml:6:15: workload.interval_s: '1e400' is not a finite number: it is beyond the "
            "range of a double",
            0) == 0);
}

TEST_CASE("a name that is a mapping instead of text is refused") {
  const auto errors = load_errors(header_lines() + "name:\n  first: x\n" + valid_body());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "scenario.yaml:6:3: name: expected one line of text");
}

TEST_CASE(
    "a platform limit beyond the range of an integer is an input error at its place, not a wrapped value") {
  // Before the checked conversion, 1e20 MB was cast to int (undefined; INT_MIN in practice) and reported
  // as a misleading "memory_mb_min <= memory_mb_max" message.
  std::ifstream in(source_dir() + "/data/platform/aws-default.yaml");
  std::string platform((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "memory_mb_max:\n    value: 10240";
  const auto at = platform.find(from);
  REQUIRE(at != std::string::npos);
  platform.replace(at, from.size(), "memory_mb_max:\n    value: 1e20");
  const std::string scenario_path = write_scenario("");
  const std::string platform_path = (std::filesystem::path(scenario_path).parent_path() / "p.yaml").string();
  std::ofstream(platform_path) << platform;
  const auto errors =
      load_errors("schema_version: 1\ninclude:\n  pricing: " + source_dir() +
                  "/data/pricing/aws.yaml\n  platform: " + platform_path + "\n" + valid_body());
  REQUIRE(errors.size() >= 1);
  CHECK(errors[0] == platform_path +
                         ":32:12: lambda_limits.memory_mb_max.value: 1e+20 is out of range: expected a whole "
                         "number from 1 to 1048576");
}

TEST_CASE("thousands of unknown keys give the first 100 problems and a count of the rest") {
  std::string body = valid_body();
  for (int i = 0; i < 5000; ++i) body += "  unknown_" + std::to_string(i) + ": 1\n";  // under iaas:
  const auto errors = load_errors(header_lines() + body);
  REQUIRE(errors.size() == 101);
  CHECK(errors[0] == "scenario.yaml:17:3: iaas.unknown_0: unknown key 'unknown_0'");
  CHECK(errors[100] ==
        "scenario.yaml: and 4900 more problems (the first 100 are shown); fix these and run again");
}

TEST_CASE("a second YAML document in a scenario is an error at its place, not silently ignored") {
  // Lines 1-16 the scenario, 17 `---`, 18 the second document (which was dropped without a word).
  const auto errors = load_errors(header_lines() + valid_body() + "---\nfaas:\n  memory_mb: 512\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "scenario.yaml:18:1: a second YAML document (after ---): a file holds one document; remove the --- "
        "line and merge the keys into the first");
  // A trailing document marker with nothing after it is harmless.
  CHECK(load_errors(header_lines() + valid_body() + "---\n").empty());
}
