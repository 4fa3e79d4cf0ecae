#pragma once

// Runs executables as child processes for the CLI tests (POSIX fork/exec:
// these tests are platform-specific on purpose; product code is not).

#ifndef _WIN32

#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace rgw::test {

struct ProcessResult {
    int exitCode = -1; ///< exit status, or -1 when killed by a signal
    int signal = 0;    ///< the terminating signal, if any
    std::string out;   ///< captured stdout
    std::string err;   ///< captured stderr
};

inline std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Starts `program args...` with stdout/stderr redirected to files, and
/// `extraEnv` ("NAME=value") added to the environment. Returns the pid.
inline pid_t spawn(const std::string& program, const std::vector<std::string>& args,
                   const std::filesystem::path& outFile, const std::filesystem::path& errFile,
                   const std::vector<std::string>& extraEnv = {}) {
    const pid_t pid = fork();
    if (pid != 0)
        return pid;
    // Child: only async-signal-safe work until exec.
    const int out = open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0)
        _exit(127);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    for (const auto& e : extraEnv)
        putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
}

inline ProcessResult waitFor(pid_t pid) {
    ProcessResult r;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    if (WIFEXITED(status))
        r.exitCode = WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        r.signal = WTERMSIG(status);
    return r;
}

/// Runs a program to completion and captures its output.
inline ProcessResult run(const std::string& program, const std::vector<std::string>& args,
                         const std::filesystem::path& scratch,
                         const std::vector<std::string>& extraEnv = {}) {
    const auto outFile = scratch / "child.out";
    const auto errFile = scratch / "child.err";
    ProcessResult r = waitFor(spawn(program, args, outFile, errFile, extraEnv));
    r.out = slurp(outFile);
    r.err = slurp(errFile);
    return r;
}

} // namespace rgw::test

#endif // _WIN32
