#include "rocksdb_shim.h"
#include "rdsn_log.h"
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>

#define NOINLINE __attribute__((noinline))

namespace rocksdb {
namespace port {
typedef void *(*malloc_fn)(size_t);
static malloc_fn g_malloc = nullptr;

// The process is linked with the packaged tcmalloc, but "librocksdb" ends up
// allocating through a second tcmalloc copy found on LD_LIBRARY_PATH
// (STORSIM_OLD_TCMALLOC, default libtcmalloc_minimal.so.4).
static void resolve_allocator() {
    const char *lib = getenv("STORSIM_OLD_TCMALLOC");
    if (!lib) lib = "libtcmalloc_minimal.so.4";
    void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (h) g_malloc = (malloc_fn)dlsym(h, "tc_malloc");
    if (!g_malloc) g_malloc = ::malloc;
}

NOINLINE void *cacheline_aligned_alloc(size_t size) {
    if (!g_malloc) resolve_allocator();
    return g_malloc(size);
}
} // namespace port

NOINLINE ColumnFamilyData::ColumnFamilyData(unsigned id, const std::string &name) : id_(id), name_(name) {
    internal_stats_ = (char *)port::cacheline_aligned_alloc(4096);
    memset(internal_stats_, 0, 4096);
}

NOINLINE ColumnFamilyData::~ColumnFamilyData() {
    free(internal_stats_);   // freed by the packaged tcmalloc
}

NOINLINE ColumnFamilySet::~ColumnFamilySet() {
    for (auto *cfd : cfds_) delete cfd;
}

NOINLINE VersionSet::VersionSet(const std::string &dbname) : dbname_(dbname), column_family_set_(new ColumnFamilySet()) {
    column_family_set_->Add(0, "default");
    column_family_set_->Add(1, "pegasus_meta_cf");
}

NOINLINE VersionSet::~VersionSet() {
    delete column_family_set_;
}

NOINLINE DBImpl::DBImpl(const std::string &dbname) : dbname_(dbname), versions_(new VersionSet(dbname)) {}

NOINLINE DBImpl::~DBImpl() {
    delete versions_;
}
} // namespace rocksdb
