#pragma once

#include "util/Cancel.h"

#include <chrono>
#include <mutex>
#include <string>

namespace rgw::cli {

/// Routes Ctrl-C (SIGINT) to a CancelToken while alive: the first Ctrl-C
/// asks the work to stop cleanly; a second one ends the process as usual.
class SigintCancel {
public:
    SigintCancel();
    ~SigintCancel();
    SigintCancel(const SigintCancel&) = delete;
    SigintCancel& operator=(const SigintCancel&) = delete;
    const CancelToken* token() const;
    bool cancelled() const;
};

/// Progress on stderr, one self-overwriting line, only when stderr is a
/// terminal (never pollutes redirected output or --json consumers).
class ConsoleProgress {
public:
    explicit ConsoleProgress(std::string label);
    ~ConsoleProgress();
    ConsoleProgress(const ConsoleProgress&) = delete;
    ConsoleProgress& operator=(const ConsoleProgress&) = delete;
    ProgressFn callback();
    /// Ends the progress line (idempotent).
    void finish();

private:
    std::string label_;
    bool enabled_ = false;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_{};
    std::mutex mutex_; ///< the callback may be called from worker threads
};

bool stderrIsTerminal();

} // namespace rgw::cli
