// pegasus_replica: a Pegasus-like replica server (rDSN log style) linked with
// tcmalloc (-ltcmalloc) and glog's failure signal handler.
//   pegasus_replica invalid-free   checkpoint, then RocksDB teardown frees memory of the other tcmalloc copy
//   pegasus_replica bulkload       download_sst_file races clear_bulk_load_states
//   pegasus_replica healthy        normal run, tcmalloc memory release, SIGTERM
#include "rdsn_log.h"
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <gperftools/malloc_extension.h>
#include <glog/logging.h>
#include <string>
#include <vector>

namespace dsn { namespace replication {
void on_checkpoint(const char *gpid, int64_t last_committed, int64_t last_durable);
void run_bulk_load(const char *gpid);
}} // namespace dsn::replication

static void banner(const char *version) {
    LOG_INFO("process(replica) start: %s, pid = %d, version = Pegasus Server %s (a3c9e1f) Release",
             "/home/work/app/pegasus/replica/bin/pegasus_server", getpid(), version);
    LOG_INFO("load config from config.ini: data_dirs = ssd1:/home/work/ssd1/pegasus/replica,ssd2:/home/work/ssd2/pegasus/replica,ssd3:/home/work/ssd3/pegasus/replica");
    LOG_INFO("tcmalloc: release rate = 1.0, max_reserved_memory_percentage = 10, FLAGS_mem_release_enabled = true");
    LOG_INFO("rocksdb: block cache capacity = 10737418240, total write buffer size = 4294967296, max_open_files = -1");
    for (int i : {1, 5, 7}) {
        LOG_INFO("[3.%d@10.132.5.9:34801] load replica succeed, app = user_feature, last_committed_decree = %d, last_durable_decree = %d",
                 i, 7419400 + i * 13, 7419380 + i * 13);
    }
    LOG_INFO("replay private logs done, replica count = 3, time_used = 1287 ms");
    LOG_INFO("start to connect meta server 10.132.5.1:34601, 10.132.5.2:34601, 10.132.5.3:34601");
    LOG_INFO("update configuration from meta server: 3 primaries, 0 secondaries, ballot = 7");
}

static double gb(size_t n) { return n / 1073741824.0; }

int main(int argc, char **argv) {
    std::string mode = argc > 1 ? argv[1] : "healthy";
    google::InitGoogleLogging(argv[0]);
    google::InstallFailureSignalHandler();
    t_thread_name = "replica.default0.0000";
    banner(mode == "bulkload" ? "2.4.0" : "2.5.0");

    if (mode == "invalid-free") {
        LOG_INFO("gperftools: linked tcmalloc 2.10, rocksdb allocator hooks from %s",
                 getenv("STORSIM_OLD_TCMALLOC") ? getenv("STORSIM_OLD_TCMALLOC") : "libtcmalloc_minimal.so.4");
        t_thread_name = "replica.replica2.0000";
        dsn::replication::on_checkpoint("3.5", 7419465, 7419447);
        dsn::replication::on_checkpoint("3.7", 7419491, 7419470);
    } else if (mode == "bulkload") {
        LOG_INFO("[3.5@10.132.5.9:34801] start bulk load, app = user_feature, cluster = c3srv, provider = hdfs_service, ingestion_behind = false");
        dsn::replication::run_bulk_load("3.5");
    } else {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigprocmask(SIG_BLOCK, &set, nullptr);
        std::vector<char *> blocks;
        for (int i = 0; i < 8; i++) {
            char *p = (char *)malloc(128 << 20);
            memset(p, 1, 128 << 20);
            blocks.push_back(p);
        }
        LOG_INFO("[3.1@10.132.5.9:34801] manual compaction finished, output files = 12, alloc 1.00GB for compaction buffers");
        for (char *p : blocks) free(p);
        LOG_WARNING("[3.7@10.132.5.9:34801] slow query: hash_key = user_8812031, time_used = 312 ms, no error returned");
        LOG_ERROR("[3.5@10.132.5.9:34801] learn from 10.132.5.11:34801 failed: ERR_NETWORK_FAILURE, retry later (not a fatal error)");
        LOG_INFO("gc shared log: freed 12 log files, reserved_max_size = 34359738368");
        size_t free_bytes = 0, unmapped = 0;
        MallocExtension::instance()->ReleaseFreeMemory();
        MallocExtension::instance()->GetNumericProperty("tcmalloc.pageheap_free_bytes", &free_bytes);
        MallocExtension::instance()->GetNumericProperty("tcmalloc.pageheap_unmapped_bytes", &unmapped);
        LOG_INFO("tcmalloc: release memory %.2fGB to the system (pageheap_unmapped_bytes = %zu, pageheap_free_bytes = %zu)",
                 gb(unmapped), unmapped, free_bytes);
        LOG_INFO("checkpoint done for 3.1, 3.5, 3.7; abort_on_corruption = false");
        kill(getpid(), SIGTERM);
        int sig = 0;
        sigwait(&set, &sig);
        LOG_WARNING("signal SIGTERM received, shutting down gracefully");
        LOG_INFO("close replica 3.1, 3.5, 3.7 succeed, flush memtable, free rocksdb instances");
        LOG_INFO("process(replica) exit normally");
    }
    return 0;
}
