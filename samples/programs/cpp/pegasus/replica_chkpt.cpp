#include "rdsn_log.h"
#include "rocksdb_shim.h"
#include <cstdint>
#include <string>

#define NOINLINE __attribute__((noinline))

namespace dsn { namespace replication {

// Generate a checkpoint, then close the temporary checkpoint DB.
NOINLINE void on_checkpoint(const char *gpid, int64_t last_committed, int64_t last_durable) {
    LOG_INFO("[%s@10.132.5.9:34801] start to generate checkpoint, last_committed_decree = %ld, last_durable_decree = %ld",
             gpid, last_committed, last_durable);
    std::string dir = std::string("/home/work/ssd3/pegasus/replica/reps/") + gpid + ".temp/checkpoint.tmp." + std::to_string(last_committed);
    rocksdb::DBImpl *db = new rocksdb::DBImpl(dir);
    LOG_INFO("[%s@10.132.5.9:34801] sync create checkpoint succeed, checkpoint_dir = %s, last_durable_decree = %ld",
             gpid, dir.c_str(), last_committed);
    LOG_INFO("[%s@10.132.5.9:34801] close checkpoint db %s", gpid, db->name().c_str());
    delete db;
    LOG_INFO("[%s@10.132.5.9:34801] checkpoint done, last_durable_decree = %ld", gpid, last_committed);
}

}} // namespace dsn::replication
