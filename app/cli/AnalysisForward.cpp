#include "AnalysisForward.h"

#include "util/Error.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#if defined(_WIN32)
#include <QProcess>
#include <QString>
#include <QStringList>
#include <windows.h>
#elif defined(__APPLE__)
#include <mach-o/dyld.h>
#include <unistd.h>
#else
#include <unistd.h>
#endif

namespace rgw::cli {

namespace {

/// The path of the running executable (not argv[0], which may be a bare name
/// found through PATH or a symbolic link's name).
std::filesystem::path ownExecutable() {
#if defined(_WIN32)
    std::wstring buffer(32768, L'\0');
    const DWORD length =
        GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (length == 0 || length >= buffer.size())
        throw Error("cannot find the path of rgw-cli (GetModuleFileNameW failed)");
    buffer.resize(length);
    return std::filesystem::path(buffer);
#elif defined(__APPLE__)
    std::uint32_t size = 0;
    _NSGetExecutablePath(nullptr, &size);
    std::string buffer(size, '\0');
    if (_NSGetExecutablePath(buffer.data(), &size) != 0)
        throw Error("cannot find the path of rgw-cli (_NSGetExecutablePath failed)");
    buffer.resize(std::strlen(buffer.c_str()));
    return std::filesystem::weakly_canonical(buffer);
#else
    std::error_code error;
    auto path = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error)
        throw Error("cannot find the path of rgw-cli (/proc/self/exe: " + error.message() + ")");
    return path;
#endif
}

} // namespace

std::string analysisExecutableName() {
#if defined(_WIN32)
    return "rgw-cli-analysis.exe";
#else
    return "rgw-cli-analysis";
#endif
}

int runInAnalysisExecutable(const CliContext& context, const std::vector<std::string>&) {
    const std::filesystem::path executable =
        ownExecutable().parent_path() / analysisExecutableName();
    std::error_code error;
    if (!std::filesystem::is_regular_file(executable, error))
        throw Error("the analysis commands run in " + executable.string() +
                    ", which is missing: reinstall Radiogenomics Workstation");
    std::fflush(nullptr);
#if defined(_WIN32)
    QStringList arguments;
    for (const auto& arg : context.commandLine)
        arguments << QString::fromStdString(arg);
    // Ctrl-C reaches every process of the console: this one waits, and the
    // child's own handling decides (e.g. exit status 130 after a clean stop).
    SetConsoleCtrlHandler(nullptr, TRUE);
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.setInputChannelMode(QProcess::ForwardedInputChannel);
    process.start(QString::fromStdWString(executable.wstring()), arguments);
    if (!process.waitForStarted(-1))
        throw Error("cannot start " + executable.string() + ": " +
                    process.errorString().toStdString());
    process.waitForFinished(-1);
    if (process.exitStatus() != QProcess::NormalExit)
        throw Error(executable.string() + " stopped abnormally");
    return process.exitCode();
#else
    const std::string program = executable.string();
    std::vector<char*> argv;
    argv.reserve(context.commandLine.size() + 2);
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& arg : context.commandLine)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    throw Error("cannot start " + program + ": " + std::strerror(errno));
#endif
}

} // namespace rgw::cli
