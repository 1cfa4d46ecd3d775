#include "cli/install_paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "calibrate/probe_plan.h"
#include "model/diagnostics.h"
#include "model/spec/data_paths.h"

namespace breakeven::cli {

namespace fs = std::filesystem;

namespace {

fs::path executable_path() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe;
}

// True when `exe` lies inside `dir`.
bool is_inside(const fs::path& exe, const fs::path& dir) {
  std::error_code ec;
  const fs::path d = fs::weakly_canonical(dir, ec);
  if (ec || d.empty()) return false;
  const fs::path rel = exe.lexically_relative(d);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

std::string take_data_dir_option(std::vector<std::string>& args) {
  std::string dir;
  for (std::size_t i = 0; i < args.size();) {
    const std::string& a = args[i];
    if (a == "--data-dir") {
      if (i + 1 >= args.size())
        throw InputError({Diagnostic{SourcePlace{"--data-dir", 0, 0}, "",
                                     "expects a directory, e.g. --data-dir /usr/share/breakeven/data"}});
      dir = args[i + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                 args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
    } else if (a.rfind("--data-dir=", 0) == 0) {
      dir = a.substr(11);
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  return dir;
}

void configure_data_search(const std::string& data_dir_option) {
  DataSearch search;
  if (!data_dir_option.empty()) {
    search.explicit_dir = data_dir_option;
    search.explicit_origin = "--data-dir";
  } else if (const char* env = std::getenv("BREAKEVEN_DATA_DIR"); env != nullptr && *env != '\0') {
    search.explicit_dir = env;
    search.explicit_origin = "BREAKEVEN_DATA_DIR";
  }
  const fs::path exe = executable_path();
  if (!exe.empty()) {
    if (is_inside(exe, BREAKEVEN_BUILD_TREE)) search.fallback_dirs.push_back(BREAKEVEN_SOURCE_DATA_DIR);
    search.fallback_dirs.push_back((exe.parent_path() / BREAKEVEN_BIN_TO_DATA).lexically_normal().string());
  }
  set_data_search(std::move(search));
}

std::string require_data_file(const std::string& name, const std::string& what) {
  const DataLookup found = find_data_file(name);
  if (!found.found)
    throw InputError(
        {Diagnostic{SourcePlace{name, 0, 0}, "", "cannot find the " + what + "; " + describe_tried(found)}});
  return found.path;
}

void print_version(std::ostream& out) {
  out << "breakeven " BREAKEVEN_VERSION "\n";
  const std::string dir = first_data_dir();
  const DataSearch& s = data_search();
  if (dir.empty()) {
    DataLookup none;
    if (!s.explicit_dir.empty()) none.tried.push_back(s.explicit_dir);
    for (const auto& d : s.fallback_dirs) none.tried.push_back(d);
    out << "data: not found; " << describe_tried(none) << "\n";
    return;
  }
  const bool is_explicit =
      !s.explicit_dir.empty() && fs::path(s.explicit_dir).lexically_normal() == fs::path(dir);
  out << "data: " << dir << (is_explicit ? " (from " + s.explicit_origin + ")" : "") << "\n";
  const DataLookup pricing = find_data_file("pricing/aws.yaml");
  if (!pricing.found) {
    out << "pricing: not found; " << describe_tried(pricing) << "\n";
    return;
  }
  try {
    const PricingCatalog catalog = calibrate::load_pricing_file(pricing.path);
    out << "pricing: " << catalog.name << " version " << catalog.version << " (" << pricing.path << ")\n";
  } catch (const InputError&) {
    out << "pricing: " << pricing.path << " cannot be read (run a command for the details)\n";
  }
}

}  // namespace breakeven::cli
