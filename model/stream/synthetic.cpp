#include "model/stream/synthetic.h"

#include <charconv>
#include <cmath>
#include <sstream>

#include "model/checked_cast.h"
#include "model/diagnostics.h"
#include "model/spec/did_you_mean.h"

namespace breakeven {

// ---- ratings

SyntheticRatingStream::SyntheticRatingStream(const RatingStreamParams& p)
    : p_(p), rng_(p.seed), user_pick_(p.users, p.user_exponent), item_pick_(p.items, p.item_exponent) {
  const auto k = static_cast<std::size_t>(p.factors);
  user_bias_.resize(p.users);
  item_bias_.resize(p.items);
  user_factors_.resize(p.users * k);
  item_factors_.resize(p.items * k);
  for (auto& b : user_bias_) b = rng_.normal() * p.bias_std;
  for (auto& b : item_bias_) b = rng_.normal() * p.bias_std;
  for (auto& f : user_factors_) f = rng_.normal() * p.factor_std;
  for (auto& f : item_factors_) f = rng_.normal() * p.factor_std;
}

double SyntheticRatingStream::planted_rating(std::uint64_t user, std::uint64_t item) const {
  // Ids are rank + 1, as MovieLens ids start at 1.
  const std::size_t u = user - 1, i = item - 1, k = static_cast<std::size_t>(p_.factors);
  double dot = 0;
  for (std::size_t f = 0; f < k; ++f) dot += user_factors_[u * k + f] * item_factors_[i * k + f];
  return p_.global_mean + user_bias_[u] + item_bias_[i] + dot;
}

void SyntheticRatingStream::drift_step() {
  const double keep = std::sqrt(1 - p_.drift * p_.drift);
  for (auto& f : item_factors_) f = keep * f + p_.drift * rng_.normal() * p_.factor_std;
}

std::size_t SyntheticRatingStream::next(Batch& out, std::size_t n) {
  out.feature_count = 0;
  for (std::size_t s = 0; s < n; ++s) {
    if (p_.drift > 0 && emitted_ > 0 && emitted_ % p_.drift_every == 0) drift_step();
    const std::uint64_t user = user_pick_.sample(rng_) + 1;
    const std::uint64_t item = item_pick_.sample(rng_) + 1;
    out.user.push_back(user);
    out.item.push_back(item);
    out.label.push_back(planted_rating(user, item) + rng_.normal() * p_.noise_std);
    ++emitted_;
  }
  return n;
}

std::string SyntheticRatingStream::describe() const {
  std::ostringstream s;
  s << "synthetic ratings: seed " << p_.seed << ", " << p_.users << " users (zipf " << p_.user_exponent
    << "), " << p_.items << " items (zipf " << p_.item_exponent << "), k " << p_.factors << ", noise_std "
    << p_.noise_std << ", drift " << p_.drift << " every " << p_.drift_every;
  return s.str();
}

// ---- clicks

SyntheticClickStream::SyntheticClickStream(const ClickStreamParams& p)
    : p_(p), rng_(p.seed), weights_(p.features) {
  const double scale = p.weight_std / std::sqrt(static_cast<double>(std::max<std::size_t>(p.features, 1)));
  for (auto& w : weights_) w = rng_.normal() * scale;
}

double SyntheticClickStream::probability(const double* x) const {
  double z = p_.intercept;
  for (std::size_t j = 0; j < p_.features; ++j) z += weights_[j] * x[j];
  return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z));
}

void SyntheticClickStream::drift_step() {
  const double keep = std::sqrt(1 - p_.drift * p_.drift);
  const double scale = p_.weight_std / std::sqrt(static_cast<double>(std::max<std::size_t>(p_.features, 1)));
  for (auto& w : weights_) w = keep * w + p_.drift * rng_.normal() * scale;
}

std::size_t SyntheticClickStream::next(Batch& out, std::size_t n) {
  out.feature_count = p_.features;
  std::vector<double> x(p_.features);
  for (std::size_t s = 0; s < n; ++s) {
    if (p_.drift > 0 && emitted_ > 0 && emitted_ % p_.drift_every == 0) drift_step();
    for (auto& v : x) v = rng_.normal();
    const double p = probability(x.data());
    const double click = rng_.bernoulli(p) ? 1.0 : 0.0;
    out.features.insert(out.features.end(), x.begin(), x.end());
    out.label.push_back(p_.label_is_probability ? p : click);
    bayes_correct_ += std::max(p, 1 - p);
    bayes_brier_ += p * (1 - p);
    ++emitted_;
  }
  return n;
}

std::string SyntheticClickStream::describe() const {
  std::ostringstream s;
  s << "synthetic clicks: seed " << p_.seed << ", " << p_.features << " features, weight_std "
    << p_.weight_std << ", intercept " << p_.intercept << ", drift " << p_.drift << " every "
    << p_.drift_every;
  return s.str();
}

// ---- KEY=VALUE construction

namespace {

[[noreturn]] void bad_setting(const std::string& setting, const std::string& message) {
  throw InputError({Diagnostic{{"--synthetic", 0, 0}, "", "'" + setting + "': " + message}});
}

double parse_number(const std::string& setting, const std::string& value) {
  double v = 0;
  const auto* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v))
    bad_setting(setting, "expected a number, got '" + value + "'");
  return v;
}

std::size_t parse_count(const std::string& setting, const std::string& value, double min) {
  const double v = parse_number(setting, value);
  const auto n = checked_cast<std::size_t>(v, static_cast<std::size_t>(min), 1'000'000'000);
  if (v != std::floor(v) || !n)
    bad_setting(setting,
                "expected a whole number from " + std::to_string(static_cast<long long>(min)) + " to 1e9");
  return *n;
}

}  // namespace

std::vector<std::string> synthetic_keys(bool ratings) {
  if (ratings)
    return {"kind",        "seed",     "users",      "items",     "factors", "user_exponent", "item_exponent",
            "global_mean", "bias_std", "factor_std", "noise_std", "drift",   "drift_every"};
  return {"kind", "seed", "features", "weight_std", "intercept", "drift", "drift_every", "label"};
}

std::unique_ptr<SampleStream> make_synthetic_stream(const std::vector<std::string>& settings) {
  std::string kind = "ratings";
  std::vector<std::pair<std::string, std::string>> kv;
  for (const auto& s : settings) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) bad_setting(s, "expected KEY=VALUE");
    kv.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    if (kv.back().first == "kind") kind = kv.back().second;
  }
  if (kind != "ratings" && kind != "clicks")
    bad_setting("kind=" + kind, "expected kind=ratings or kind=clicks");
  const bool ratings = kind == "ratings";
  const auto keys = synthetic_keys(ratings);
  RatingStreamParams rp;
  ClickStreamParams cp;
  for (const auto& [key, value] : kv) {
    const std::string s = key + "=" + value;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      const std::string guess = closest_match(key, keys);
      bad_setting(s,
                  "unknown key for kind=" + kind + (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
    }
    if (key == "kind") continue;
    if (key == "seed") {
      rp.seed = cp.seed = static_cast<std::uint64_t>(parse_count(s, value, 0));
    } else if (key == "users") {
      rp.users = parse_count(s, value, 1);
    } else if (key == "items") {
      rp.items = parse_count(s, value, 1);
    } else if (key == "factors") {
      rp.factors = static_cast<int>(parse_count(s, value, 1));
      if (rp.factors > 1024) bad_setting(s, "at most 1024 factors");
    } else if (key == "features") {
      cp.features = parse_count(s, value, 1);
    } else if (key == "drift_every") {
      rp.drift_every = cp.drift_every = parse_count(s, value, 1);
    } else if (key == "label") {
      if (value != "click" && value != "probability")
        bad_setting(s, "expected label=click or label=probability");
      cp.label_is_probability = value == "probability";
    } else {
      const double v = parse_number(s, value);
      const bool nonneg = key != "global_mean" && key != "intercept";
      if (nonneg && v < 0) bad_setting(s, "must be >= 0");
      if (key == "drift" && v >= 1) bad_setting(s, "drift must be below 1");
      if (key == "user_exponent") rp.user_exponent = v;
      if (key == "item_exponent") rp.item_exponent = v;
      if (key == "global_mean") rp.global_mean = v;
      if (key == "bias_std") rp.bias_std = v;
      if (key == "factor_std") rp.factor_std = v;
      if (key == "noise_std") rp.noise_std = v;
      if (key == "drift") rp.drift = cp.drift = v;
      if (key == "weight_std") cp.weight_std = v;
      if (key == "intercept") cp.intercept = v;
    }
  }
  if (ratings) return std::make_unique<SyntheticRatingStream>(rp);
  return std::make_unique<SyntheticClickStream>(cp);
}

}  // namespace breakeven
