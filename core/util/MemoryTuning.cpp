#include "util/MemoryTuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace rgw {

void keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
    // 32 MiB is glibc's largest mmap threshold on 64-bit systems
    // (DEFAULT_MMAP_THRESHOLD_MAX); setting it also stops the dynamic adjustment.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}

} // namespace rgw
