// --kind cost-breakdown: per swept point, a FaaS bar and an EC2 bar stacked by cost component; a side
// that is infeasible at a point has no bar, only the word "infeasible".
#include <cmath>

#include "cli/charts_common.h"
#include "cli/charts_kinds.h"
#include "cli/charts_text.h"

namespace breakeven::cli::charts {

namespace {

// At most this many bars in a cost breakdown: beyond, labels overlap.
constexpr std::size_t kMaxBreakdownBars = 40;

struct Columns {
  std::size_t duration, requests, other, instance, s3, faas_ok, iaas_ok;
};

std::string row_line(const ResultsTable& t, const Columns& c, std::size_t i, std::size_t r) {
  std::vector<std::string> label;
  for (std::size_t a = 0; a < t.axes.size(); ++a) label.push_back(describe(t.axes[a], t.rows[r][a + 1]));
  const bool faas = is_true(t, r, c.faas_ok), iaas = is_true(t, r, c.iaas_ok);
  auto cell = [&](bool ok, std::size_t col) { return " " + num(ok ? t.number(r, col).value_or(0) : NAN); };
  return std::to_string(i) + " " + dat_quote(label) + cell(faas, c.duration) + cell(faas, c.requests) +
         cell(faas, c.other) + cell(iaas, c.instance) + cell(iaas, c.s3) +
         (faas ? " \"\"" : " \"FaaS infeasible\"") + (iaas ? " \"\"" : " \"EC2 infeasible\"") + "\n";
}

std::string axis_title(const ResultsTable& t) {
  std::string keys;
  for (std::size_t a = 0; a < t.axes.size(); ++a) keys += (a ? ", " : "") + pretty_key(t.axes[a]);
  return "swept point (" + keys + ")";
}

}  // namespace

ChartFiles cost_breakdown(const ResultsTable& t, const ChartRequest& req) {
  const std::string& kind = req.kind;
  const Columns c{need_column(t, "faas_duration_usd_per_hour", kind),
                  need_column(t, "faas_requests_usd_per_hour", kind),
                  need_column(t, "faas_other_usd_per_hour", kind),
                  need_column(t, "iaas_instance_usd_per_hour", kind),
                  need_column(t, "iaas_s3_usd_per_hour", kind),
                  need_column(t, "faas_feasible", kind),
                  need_column(t, "iaas_feasible", kind)};
  const auto status = *t.column("status");
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.rows[r][status] == "ok") rows.push_back(r);
  if (rows.empty()) bad(t, "no valid rows to draw");
  if (rows.size() > kMaxBreakdownBars)
    bad(t, "--kind " + kind + " draws one pair of bars per point; this file has " +
               std::to_string(rows.size()) + " valid points, at most " + std::to_string(kMaxBreakdownBars) +
               " fit: sweep fewer values, e.g. --grid workload.interval_s=10,60,600,3600");
  ChartFiles f;
  f.data =
      "# index label faas_duration faas_requests faas_other iaas_instance iaas_s3 (USD per hour; NaN: "
      "infeasible) faas_note iaas_note\n";
  for (std::size_t i = 0; i < rows.size(); ++i) f.data += row_line(t, c, i, rows[i]);
  const std::string ec2 = req.context.instance.empty() ? "EC2" : "EC2 " + req.context.instance;
  std::string s = preamble(
      req, default_title(req.context, "Cost per hour by component", "left bar FaaS, right bar " + ec2));
  s += "set ylabel 'cost (USD per hour)'\nset yrange [0:*]\nset format y '%g'\n";
  s += "set xrange [-0.6:" + num(rows.size() - 0.4) + "]\n";
  s += "set xlabel " + gp_quote(axis_title(t)) + " offset 0, " +
       num(-1.0 * (t.axes.size() > 1 ? t.axes.size() - 1 : 0)) + "\n";
  s += "set boxwidth 0.36\nset key outside right top\nset grid noxtics\n";
  if (rows.size() > 8) s += "set xtics rotate by -45 font ',9'\n";
  s += "plot \\\n";
  // Different fills and colours: solid for the main component of each side, patterns for the rest.
  // The point's label centred under its pair of bars.
  s += "  data using 1:(NaN):xtic(2) notitle, \\\n";
  s += "  data using ($1-0.2):($3+$4+$5) with boxes fs pattern 4 border -1 lc rgb '#0072B2' "
       "title 'FaaS S3 + ephemeral storage', \\\n";
  s += "  data using ($1-0.2):($3+$4) with boxes fs solid 0.35 border -1 lc rgb '#56B4E9' title 'FaaS "
       "requests', \\\n";
  s += "  data using ($1-0.2):3 with boxes fs solid 1.0 border -1 lc rgb '#0072B2' title 'FaaS duration "
       "(GB-s)', \\\n";
  s += "  data using ($1+0.2):($6+$7) with boxes fs pattern 2 border -1 lc rgb '#D55E00' title " +
       gp_quote(ec2 + " S3 requests") + ", \\\n";
  s += "  data using ($1+0.2):6 with boxes fs solid 1.0 border -1 lc rgb '#D55E00' title " +
       gp_quote(ec2 + " instance") + ", \\\n";
  s += "  data using ($1-0.2):(0):8 with labels rotate left offset 0, 0.5 font ',9' tc rgb '#c00000' "
       "notitle, \\\n";
  s += "  data using ($1+0.2):(0):9 with labels rotate left offset 0, 0.5 font ',9' tc rgb '#c00000' "
       "notitle\n";
  f.script = s;
  return f;
}

}  // namespace breakeven::cli::charts
