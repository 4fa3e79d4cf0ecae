#include "filters/Field.h"

#include "util/Error.h"

#include <algorithm>
#include <utility>

namespace rgw::filters {
namespace {

/// Storages kept at most per thread: a LoG holds its input and three
/// buffers, the largest set of fields one filter uses at once.
constexpr std::size_t kPooledStorages = 4;
/// Below 256 KiB malloc serves storage from its heap cheaply: not pooled.
constexpr std::size_t kPooledMinimum = std::size_t{1} << 15;
/// At most 128 MiB of values kept per thread, so filtering a whole large image
/// (a viewer's preview, feature maps) does not leave gigabytes held afterwards.
constexpr std::size_t kPooledValues = std::size_t{1} << 24;

struct StoragePool {
    std::vector<std::vector<double>> storages;
    ~StoragePool();
};

// Trivially destructible, so still readable while thread-local objects are
// destroyed: a Field destroyed after the pool frees its storage itself.
thread_local bool poolDestroyed = false;
thread_local StoragePool pool;

StoragePool::~StoragePool() {
    poolDestroyed = true;
}

} // namespace

Field::~Field() {
    const std::size_t capacity = values.capacity();
    if (capacity < kPooledMinimum || capacity > kPooledValues || poolDestroyed)
        return;
    auto& storages = pool.storages;
    const auto pooled = [&] {
        std::size_t total = 0;
        for (const auto& s : storages)
            total += s.capacity();
        return total;
    };
    // Room by count and by size, the smallest storages dropped first; when the
    // pool is full of storages no smaller than this one, this one is dropped.
    while (storages.size() >= kPooledStorages || pooled() + capacity > kPooledValues) {
        const auto smallest =
            std::min_element(storages.begin(), storages.end(), [](const auto& a, const auto& b) {
                return a.capacity() < b.capacity();
            });
        if (smallest->capacity() >= capacity && storages.size() >= kPooledStorages)
            return;
        storages.erase(smallest);
    }
    storages.push_back(std::move(values));
}

Field scratchField(const std::array<std::int64_t, 3>& size) {
    Field f;
    f.size = size;
    const auto n = static_cast<std::size_t>(size[0] * size[1] * size[2]);
    if (!poolDestroyed) {
        // The smallest pooled storage that holds n values.
        auto& storages = pool.storages;
        auto best = storages.end();
        for (auto it = storages.begin(); it != storages.end(); ++it)
            if (it->capacity() >= n &&
                (best == storages.end() || it->capacity() < best->capacity()))
                best = it;
        if (best != storages.end()) {
            f.values = std::move(*best);
            storages.erase(best);
        }
    }
    f.values.resize(n); // fills only beyond the storage's previous size
    return f;
}

Field toField(const Volume& volume) {
    Field f = scratchField(volume.geometry.size);
    std::copy(volume.voxels.begin(), volume.voxels.end(), f.values.begin());
    return f;
}

Volume toVolume(const Field& field, const Geometry& geometry) {
    if (field.size != geometry.size)
        throw Error("filter response of " + std::to_string(field.size[0]) + " × " +
                    std::to_string(field.size[1]) + " × " + std::to_string(field.size[2]) +
                    " voxels does not fit its image grid");
    Volume v;
    v.geometry = geometry;
    v.voxels.reserve(field.values.size());
    for (const double x : field.values)
        v.voxels.push_back(static_cast<float>(x));
    return v;
}

} // namespace rgw::filters
