#pragma once

// rgw-cli runs the analysis commands in rgw-cli-analysis (see main.cpp,
// RGW_CLI_FORWARDS_ANALYSIS): the same command line, handed to the
// executable of that name next to rgw-cli.

#include "CliCommands.h"

#include <string>
#include <vector>

namespace rgw::cli {

/// The file name of the executable that runs every command ("rgw-cli-analysis",
/// with ".exe" on Windows).
std::string analysisExecutableName();

/// Replaces this process by rgw-cli-analysis with context.commandLine (POSIX
/// execv: same process id, standard streams, signals and exit status); on
/// Windows runs it with the streams forwarded, leaves Ctrl-C to it and
/// returns its exit status.
/// Throws rgw::Error naming the executable when it is missing or cannot start.
int runInAnalysisExecutable(const CliContext& context, const std::vector<std::string>& args);

} // namespace rgw::cli
