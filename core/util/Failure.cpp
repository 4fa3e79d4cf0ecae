#include "util/Failure.h"

#include "util/Error.h"
#include "util/ResourceBudget.h"

#include <new>

namespace rgw {

std::string failureMessage(const std::exception& e) {
    if (dynamic_cast<const Error*>(&e))
        return e.what();
    if (dynamic_cast<const std::bad_alloc*>(&e))
        return "out of memory: the system refused an allocation within the memory budget of " +
               budget::formatBytes(budget::memoryBytes()) +
               " — lower the budget (--max-memory, or File > Memory budget) or free memory";
    return std::string("internal error: ") + e.what();
}

} // namespace rgw
