#include "CliConsole.h"

#include <csignal>
#include <cstdio>

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace rgw::cli {
namespace {

CancelToken sigintToken; // set from the signal handler: lock-free atomic store only

extern "C" void onSigint(int) {
    sigintToken.cancel();
    std::signal(SIGINT, SIG_DFL);
}

} // namespace

SigintCancel::SigintCancel() {
    std::signal(SIGINT, onSigint);
}
SigintCancel::~SigintCancel() {
    std::signal(SIGINT, SIG_DFL);
}
const CancelToken* SigintCancel::token() const {
    return &sigintToken;
}
bool SigintCancel::cancelled() const {
    return sigintToken.isCancelled();
}

bool stderrIsTerminal() {
#ifdef _WIN32
    return _isatty(_fileno(stderr)) != 0;
#else
    return isatty(fileno(stderr)) != 0;
#endif
}

ConsoleProgress::ConsoleProgress(std::string label)
    : label_(std::move(label)), enabled_(stderrIsTerminal()) {}

ConsoleProgress::~ConsoleProgress() {
    finish();
}

ProgressFn ConsoleProgress::callback() {
    if (!enabled_)
        return {};
    return [this](std::size_t done, std::size_t total, const std::string& what) {
        const std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (drawn_ && done != total && now - last_ < std::chrono::milliseconds(100))
            return; // redraw at most ten times a second
        last_ = now;
        std::string item = what;
        if (item.size() > 50)
            item = "..." + item.substr(item.size() - 47);
        std::fprintf(stderr, "\r\033[K%s %zu/%zu %s", label_.c_str(), done, total, item.c_str());
        std::fflush(stderr);
        drawn_ = true;
    };
}

void ConsoleProgress::finish() {
    const std::lock_guard lock(mutex_);
    if (drawn_) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }
}

} // namespace rgw::cli
