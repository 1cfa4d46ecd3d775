// `breakeven calibrate plan` and `breakeven calibrate run`: the probes of a live run, their estimated
// cost, and the run itself against AWS (or a loopback endpoint given by --endpoint-url).
#include <atomic>
#include <boost/program_options.hpp>
#include <cmath>
#include <csignal>
#include <limits>
#include <sstream>

#include "calibrate/aws/credentials.h"
#include "calibrate/aws/lambda_client.h"
#include "calibrate/aws/redact.h"
#include "calibrate/probe_plan.h"
#include "calibrate/probe_runner.h"
#include "cli/calibrate_commands.h"
#include "cli/install_paths.h"
#include "cli/number_format.h"
#include "cli/run.h"
#include "model/diagnostics.h"
#include "model/text.h"

namespace breakeven::cli {

namespace po = boost::program_options;
using namespace breakeven::calibrate;

namespace {

#ifndef BREAKEVEN_CALIBRATE_RUN_EXEC
std::atomic<bool> g_stop{false};
extern "C" void on_sigint(int) {
  g_stop.store(true);
}
#endif

template <typename T>
std::vector<T> parse_list(const std::string& text, const std::string& option) {
  std::vector<T> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      std::size_t used = 0;
      const long long v = std::stoll(item, &used);
      if (used != item.size() || v <= 0 || v > static_cast<long long>(std::numeric_limits<T>::max()))
        throw std::invalid_argument(item);
      out.push_back(static_cast<T>(v));
    } catch (const std::exception&) {
      throw InputError({Diagnostic{
          SourcePlace{"--" + option + " " + text, 0, 0}, "",
          "'" + item + "' is not a positive whole number; expected a comma-separated list, e.g. 512,1024"}});
    }
  }
  return out;
}

struct PlanArgs {
  PlanOptions plan;
  std::string region;  // --region as given
  std::string memory = "512,1024,1769,3008", compute = "20000,100000,400000",
              storage = "1000,1000000,10000000";
  std::string pricing;  // default: pricing/aws.yaml in the data directory
  std::string bucket = "BUCKET";
};

void add_plan_options(po::options_description& d, PlanArgs& a) {
  d.add_options()("region", po::value<std::string>(&a.region),
                  "AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1)")(
      "arch", po::value<std::string>(&a.plan.arch)->default_value(a.plan.arch),
      "x86_64 or arm64 (the function's)")(
      "memory", po::value<std::string>(&a.memory)->default_value(a.memory), "memory sizes to measure, MB")(
      "cold-per-memory", po::value<int>(&a.plan.cold_per_memory)->default_value(a.plan.cold_per_memory),
      "cold starts per memory size")(
      "warm-per-memory",
      po::value<int>(&a.plan.warm_noop_per_memory)->default_value(a.plan.warm_noop_per_memory),
      "warm no-op probes per memory size")("compute-samples",
                                           po::value<std::string>(&a.compute)->default_value(a.compute),
                                           "batch sizes of the compute probes")(
      "compute-repeats", po::value<int>(&a.plan.compute_repeats)->default_value(a.plan.compute_repeats),
      "repeats of each batch size")("storage-bytes",
                                    po::value<std::string>(&a.storage)->default_value(a.storage),
                                    "object sizes of the storage probes")(
      "storage-repeats", po::value<int>(&a.plan.storage_repeats)->default_value(a.plan.storage_repeats),
      "PUT+GET repeats of each size")("pricing", po::value<std::string>(&a.pricing),
                                      "pricing file for the estimate (default: pricing/aws.yaml in the "
                                      "data directory)");
}

// The region as the AWS CLI resolves it (credentials.h), us-east-1 when nothing names one.
void finish_plan_args(PlanArgs& a, const std::string& profile = "") {
  a.plan.region = resolve_region(a.region, profile);
  if (a.plan.region.empty()) a.plan.region = "us-east-1";
  if (a.pricing.empty()) a.pricing = require_data_file("pricing/aws.yaml", "pricing file");
  a.plan.memory_mb = parse_list<int>(a.memory, "memory");
  a.plan.compute_samples = parse_list<std::int64_t>(a.compute, "compute-samples");
  a.plan.storage_bytes = parse_list<std::int64_t>(a.storage, "storage-bytes");
  if (a.plan.arch != "x86_64" && a.plan.arch != "arm64")
    throw InputError(
        {Diagnostic{SourcePlace{"--arch " + a.plan.arch, 0, 0}, "", "expected x86_64 or arm64"}});
  for (int* n : {&a.plan.cold_per_memory, &a.plan.warm_noop_per_memory, &a.plan.compute_repeats,
                 &a.plan.storage_repeats})
    if (*n < 0 || *n > 1000)
      throw InputError(
          {Diagnostic{SourcePlace{"calibrate", 0, 0}, "", "probe counts must be between 0 and 1000"}});
}

#ifndef BREAKEVEN_CALIBRATE_RUN_EXEC
// How long and how often the run's requests are tried (see docs/calibration.md, "Retries and timeouts").
struct NetworkArgs {
  std::string max_attempts;  // empty: AWS_MAX_ATTEMPTS, then 3
  Timeouts timeouts;
  double invoke_margin_s = 15;
};

void add_network_options(po::options_description& d, NetworkArgs& a) {
  d.add_options()("max-attempts", po::value<std::string>(&a.max_attempts),
                  "attempts per request, the first included (default: AWS_MAX_ATTEMPTS, then 3)")(
      "connect-timeout-s", po::value<double>(&a.timeouts.connect_s)->default_value(a.timeouts.connect_s),
      "limit for connecting")("timeout-s",
                              po::value<double>(&a.timeouts.attempt_s)->default_value(a.timeouts.attempt_s),
                              "limit for one attempt of an API call other than Invoke")(
      "deadline-s", po::value<double>(&a.timeouts.total_s)->default_value(a.timeouts.total_s),
      "limit for all attempts and waits of one request")(
      "invoke-margin-s", po::value<double>(&a.invoke_margin_s)->default_value(a.invoke_margin_s),
      "an Invoke waits the function's timeout plus this");
}

RetryPolicy retry_policy(const NetworkArgs& a) {
  std::string text = a.max_attempts, place = "--max-attempts " + a.max_attempts;
  if (text.empty()) {
    text = process_env("AWS_MAX_ATTEMPTS").value_or("3");
    place = "AWS_MAX_ATTEMPTS=" + text;
  }
  RetryPolicy r;
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || n < 1 || n > 20)
    throw InputError({Diagnostic{SourcePlace{place, 0, 0}, "",
                                 "expected a whole number of attempts from 1 to 20 (the first attempt "
                                 "included), e.g. 3"}});
  r.max_attempts = static_cast<int>(n);
  for (const auto& [name, value] : {std::pair{"--connect-timeout-s", a.timeouts.connect_s},
                                    {"--timeout-s", a.timeouts.attempt_s},
                                    {"--deadline-s", a.timeouts.total_s},
                                    {"--invoke-margin-s", a.invoke_margin_s}})
    if (!(value > 0 && value <= 3600))
      throw InputError({Diagnostic{SourcePlace{std::string(name) + " " + short_number(value, 6), 0, 0}, "",
                                   "expected seconds above 0 and at most 3600"}});
  return r;
}
#endif

}  // namespace

int calibrate_plan(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  PlanArgs a;
  po::options_description visible("options");
  add_plan_options(visible, a);
  visible.add_options()("help,h", "show this help");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(visible).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    out << "usage: breakeven calibrate plan [options]\n\nEvery probe a run makes and its estimated AWS cost "
           "(Lambda GB-s and requests, S3 requests),\nwith pessimistic assumptions so the estimate is an "
           "upper bound.\n\n"
        << visible << "\n";
    return kExitOk;
  }
  finish_plan_args(a);
  const ProbePrices prices =
      probe_prices(load_pricing_file(a.pricing), a.pricing, a.plan.region, a.plan.arch);
  const auto plan = make_plan(a.plan, prices);
  out << "#     kind          memory_mb  cold   n_samples       bytes  est_billed_ms    est_usd\n";
  double total = 0;
  for (const auto& p : plan) {
    char line[160];
    std::snprintf(line, sizeof line, "%-5lld %-13s %9d  %-5s %10s %11s %14s %10s\n",
                  static_cast<long long>(p.index), to_string(p.kind), p.memory_mb, p.cold ? "yes" : "no",
                  count(p.n_samples).c_str(), count(p.bytes).c_str(),
                  plain(std::round(p.estimated_billed_ms)).c_str(), usd(p.estimated_usd).c_str());
    out << line;
    total += p.estimated_usd;
  }
  int updates = 0;
  for (const auto& p : plan) updates += p.cold;
  out << "\n"
      << plan.size() << " probes, " << updates << " configuration updates (free), estimated total "
      << usd(total) << "\nprices: " << prices.source << "\nassumptions (pessimistic): learner "
      << short_number(a.plan.assume_s_per_sample * 1e6, 3) << " us per sample at one vCPU, billed Init "
      << a.plan.assume_init_ms << " ms, S3 " << a.plan.assume_storage_mb_s << " MB/s + "
      << a.plan.assume_storage_latency_ms << " ms, no-op " << a.plan.assume_noop_ms << " ms\n";
  return kExitOk;
}

#ifdef BREAKEVEN_CALIBRATE_RUN_EXEC
// The breakeven program is built without the AWS client (and libcurl, which would be loaded at every
// start): it hands the live run to breakeven-calibrate-run (cli/calibrate_run_exec.cpp).
int calibrate_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return exec_calibrate_run(args, out, err);
}
#else
int calibrate_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  PlanArgs a;
  RunOptions run;
  std::string endpoint_url, profile;
  bool verbose = false;
  po::options_description visible("options");
  visible.add_options()("function", po::value<std::string>(&run.function),
                        "name of the deployed breakeven-probe function")(
      "bucket", po::value<std::string>(&run.bucket), "S3 bucket the storage probes read and write")(
      "budget-usd", po::value<double>(&run.budget_usd)->default_value(0.05, "0.05"),
      "refuse above, stop at this estimated spend")("out", po::value<std::string>(&run.out_path),
                                                    "probe file (JSONL) to append to")(
      "resume", po::bool_switch(&run.resume), "continue a run whose probe file exists")(
      "endpoint-url", po::value<std::string>(&endpoint_url), "Lambda API endpoint instead of AWS (testing)")(
      "profile", po::value<std::string>(&profile),
      "profile of ~/.aws/config and ~/.aws/credentials (else AWS_PROFILE; see docs/calibration.md)")(
      "verbose", po::bool_switch(&verbose), "print every request (method, URL, status; never a secret)");
  add_plan_options(visible, a);
  NetworkArgs network;
  add_network_options(visible, network);
  visible.add_options()("help,h", "show this help");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(visible).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    out << "usage: breakeven calibrate run --function NAME --region R --bucket B --memory "
           "512,1024,1769,3008\n"
           "                              --budget-usd 0.05 --out probes.jsonl [--resume] [--endpoint-url "
           "URL]\n\n"
           "Measures the probe function: configuration updates, cold and warm invocations, REPORT lines. "
           "Each\n"
           "probe is appended to --out and flushed; Ctrl-C stops after the current probe and restores the\n"
           "function's memory size.\n\n"
        << visible << "\n";
    return kExitOk;
  }
  if (run.function.empty() || run.bucket.empty() || run.out_path.empty())
    throw InputError({Diagnostic{SourcePlace{"calibrate run", 0, 0}, "",
                                 "expected --function NAME, --bucket BUCKET and --out FILE (see --help)"}});
  // A name, not an ARN: libcurl's SigV4 signs the path as sent, and AWS would expect the ':' of an ARN
  // encoded twice in the signature.
  if (run.function.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
      std::string::npos)
    throw InputError({Diagnostic{SourcePlace{"--function " + run.function, 0, 0}, "",
                                 "expected the function's name (letters, digits, - and _), not its ARN, e.g. "
                                 "--function breakeven-probe"}});
  if (!(run.budget_usd > 0))
    throw InputError(
        {Diagnostic{SourcePlace{"--budget-usd", 0, 0}, "", "must be above 0, e.g. --budget-usd 0.05"}});
  finish_plan_args(a, profile);
  run.plan = a.plan;
  const ProbePrices prices =
      probe_prices(load_pricing_file(a.pricing), a.pricing, a.plan.region, a.plan.arch);
  const RetryPolicy retry = retry_policy(network);
  run.invoke_margin_s = network.invoke_margin_s;
  const Credentials credentials = load_credentials(profile);
  LambdaClient lambda(LambdaEndpoint{a.plan.region, endpoint_url}, credentials, retry, network.timeouts);
  auto log = [&](const std::string& line) { err << "calibrate run: " << redact(line, credentials) << "\n"; };
  if (verbose) {
    lambda.set_log(log);
    log("credentials from " + credentials.origin + ", region " + a.plan.region);
  }

  g_stop.store(false);
  const auto previous = std::signal(SIGINT, on_sigint);
  RunOutcome outcome;
  try {
    outcome = run_calibration(run, lambda, prices, g_stop, log);
  } catch (const RunError& e) {
    std::signal(SIGINT, previous);
    throw RunError(redact(e.what(), credentials));  // a second pass: no message leaves with a secret
  } catch (...) {
    std::signal(SIGINT, previous);
    throw;
  }
  std::signal(SIGINT, previous);
  out << "wrote " << outcome.written << " probes to " << run.out_path << " (" << outcome.already_done
      << " from before), estimated spend " << usd(outcome.spent_usd) << " of " << usd(run.budget_usd)
      << "; memory restored to " << outcome.restored_memory_mb << " MB\n";
  if (outcome.interrupted) out << "interrupted: run again with --resume to continue\n";
  if (outcome.failed)
    out << outcome.failed << " probes failed (no answer, or a REPORT line that cannot be): each was charged "
        << "at its worst case and is not in the file; --resume runs them again\n";
  if (outcome.budget_reached) out << "stopped at the budget: raise --budget-usd and --resume to continue\n";
  return outcome.interrupted ? kExitInterrupted : kExitOk;
}

#endif

}  // namespace breakeven::cli
