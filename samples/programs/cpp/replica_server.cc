// replica_server: a glog-based storage replica with several real crash modes.
// Build: g++ -O0 -g -fno-omit-frame-pointer replica_server.cc -lglog -lpthread
#include <glog/logging.h>
#include <cassert>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#define NOINLINE __attribute__((noinline))

namespace kv {

struct write_batch {
    std::vector<std::pair<std::string, std::string>> ops;
};

class rocksdb_wrapper {
public:
    explicit rocksdb_wrapper(std::string dir) : _dir(std::move(dir)) {}
    NOINLINE int write(const write_batch &b) {
        for (auto &op : b.ops) _bytes += op.first.size() + op.second.size();
        _seq += b.ops.size();
        return 0;
    }
    uint64_t seq() const { return _seq; }
private:
    std::string _dir;
    uint64_t _seq = 71829301;
    uint64_t _bytes = 0;
};

class write_service {
public:
    explicit write_service(rocksdb_wrapper *db) : _db(db) {}
    NOINLINE int batch_put(int64_t decree, const write_batch &b) {
        int err = _db->write(b);   // _db may have been reset by close()
        _last_decree = decree;
        return err;
    }
    void reset() { delete _db; _db = nullptr; }
private:
    rocksdb_wrapper *_db;
    int64_t _last_decree = 0;
};

class replica {
public:
    replica(int app, int pidx) : _app(app), _pidx(pidx) {
        _svc.reset(new write_service(new rocksdb_wrapper("/home/work/ssd2/replica/reps/" + name())));
    }
    std::string name() const { return std::to_string(_app) + "." + std::to_string(_pidx); }
    NOINLINE void on_mutation_committed(int64_t decree) {
        write_batch b;
        b.ops.emplace_back("user_" + std::to_string(decree), std::string(256, 'v'));
        _svc->batch_put(decree, b);
        _last_committed = decree;
    }
    NOINLINE void close() {
        LOG(INFO) << "[" << name() << "@10.142.93.131:34801] close replica, reason = ballot changed, last_committed_decree = " << _last_committed;
        _svc->reset();
    }
    int64_t _last_committed = 3249700;
private:
    int _app, _pidx;
    std::unique_ptr<write_service> _svc;
};

// ---- check failure: prepare list decree continuity ----
struct prepare_list {
    int64_t last_committed = 5593230;
    int64_t max_prepared = 5593238;
    NOINLINE void commit(int64_t d) {
        CHECK_LE(d, max_prepared) << "commit decree beyond prepared range, last_committed = " << last_committed;
        last_committed = d;
    }
};

// ---- SIGFPE: partition index with a zero partition count ----
NOINLINE int get_partition_index(uint64_t hash, int partition_count) {
    return (int)(hash % (uint64_t)partition_count);
}
struct partition_resolver {
    int partition_count = 0;   // config not synced yet
    NOINLINE int resolve(const std::string &key) {
        uint64_t h = std::hash<std::string>()(key);
        return get_partition_index(h, partition_count);
    }
};

// ---- SIGILL: unknown thrift header version ----
NOINLINE int unmarshall_header_version(const uint8_t *buf) {
    switch (buf[0]) {
    case 0: return 0;
    case 1: return 1;
    default: __builtin_trap();
    }
}
NOINLINE int on_recv_message(const uint8_t *buf, size_t n) {
    LOG(INFO) << "rpc session 10.142.97.14:51234: recv message, hdr_version = " << (int)buf[0] << ", body_length = " << n;
    return unmarshall_header_version(buf);
}

// ---- assert: log block overrun ----
struct log_block {
    char data[4096];
    size_t size = 0;
    NOINLINE void append(const char *p, size_t n) {
        assert(size + n <= sizeof(data) && "log block overrun");
        memcpy(data + size, p, n);
        size += n;
    }
};

// ---- double free: shallow-copied blob ----
struct blob {
    char *buf = nullptr;
    size_t len = 0;
    ~blob() { free(buf); }
};
struct mutation {
    std::vector<blob> updates;
    NOINLINE ~mutation() {}
};

// ---- bad_alloc: block length from a torn header ----
NOINLINE void read_log_block(uint64_t header_len, std::vector<char> &out) {
    out.resize(header_len);
}

} // namespace kv

static void banner(const char *role) {
    LOG(INFO) << "kvstore replica server 2.5.0 (5f1c0a7) Release (" << role << ") starting, pid " << getpid();
    LOG(INFO) << "load config from etc/config.ini, data_dirs = /home/work/ssd1/replica/reps,/home/work/ssd2/replica/reps";
    LOG(INFO) << "rocksdb block cache capacity = 10737418240, write buffer manager limit = 4294967296";
    LOG(INFO) << "open shared log, dir = /home/work/ssd1/replica/slog, max_log_file_size = 33554432";
    for (int i : {3, 7, 12}) {
        LOG(INFO) << "[2." << i << "@10.142.93.131:34801] load replica from /home/work/ssd1/replica/reps/2." << i
                  << ".user_profile, last_committed_decree = " << 3249700 + i * 1117;
    }
    LOG(INFO) << "replay shared log done, 3 replicas loaded, duration = 412 ms";
    LOG(INFO) << "register to meta server 10.142.97.9:34601, config sync done, 3 primaries, 0 secondaries";
}

static volatile sig_atomic_t g_term = 0;
static void on_term(int) { g_term = 1; }

int main(int argc, char **argv) {
    std::string mode = argc > 1 ? argv[1] : "healthy";
    bool handler = !(argc > 2 && std::string(argv[2]) == "--no-failure-handler");
    FLAGS_logtostderr = 1;
    google::InitGoogleLogging(argv[0]);
    if (handler) google::InstallFailureSignalHandler();
    banner("replica-1");

    if (mode == "segv-null") {
        kv::replica r(2, 7);
        for (int64_t d = 3249701; d < 3249705; d++) r.on_mutation_committed(d);
        LOG(INFO) << "[2.7@10.142.93.131:34801] mutation 3249704 committed, write 4 ops";
        std::thread t([&] { r.close(); });
        t.join();
        LOG(WARNING) << "[2.7@10.142.93.131:34801] late commit of decree 3249705 after close";
        r.on_mutation_committed(3249705);
    } else if (mode == "check") {
        kv::prepare_list pl;
        for (int64_t d = 5593231; d <= 5593238; d++) pl.commit(d);
        LOG(INFO) << "[2.12@10.142.93.131:34801] committed up to decree " << pl.last_committed;
        pl.commit(5593240);
    } else if (mode == "sigfpe") {
        kv::partition_resolver pr;
        LOG(WARNING) << "partition resolver for app user_profile: partition_count = 0 (config query timed out), continue";
        LOG(INFO) << "resolve key to partition: " << pr.resolve("user_8812031");
    } else if (mode == "sigill") {
        uint8_t ok[16] = {1}, bad[16] = {7};
        kv::on_recv_message(ok, sizeof(ok));
        kv::on_recv_message(bad, sizeof(bad));
    } else if (mode == "assert") {
        kv::log_block b;
        char rec[1500];
        memset(rec, 'm', sizeof(rec));
        for (int i = 0; i < 3; i++) {
            LOG(INFO) << "append mutation record to log block, block size = " << b.size << ", record size = " << sizeof(rec);
            b.append(rec, sizeof(rec));
        }
    } else if (mode == "double-free") {
        kv::mutation *m = new kv::mutation();
        kv::blob bl;
        bl.buf = (char *)malloc(300);
        bl.len = 300;
        m->updates.push_back(bl);   // shallow copy: two owners of buf
        LOG(INFO) << "[2.3@10.142.93.131:34801] mutation 3253051 acked, release mutation";
        delete m;
    } else if (mode == "bad-alloc") {
        std::vector<char> buf;
        kv::read_log_block(8192, buf);
        LOG(INFO) << "read log block: offset = 11432777377, length = 8192";
        LOG(INFO) << "read log block: offset = 11432785569, length = 281474976645120";
        kv::read_log_block(281474976645120ULL, buf);
    } else if (mode == "segv-plain") {
        kv::replica r(2, 3);
        r.on_mutation_committed(3253050);
        r.close();
        r.on_mutation_committed(3253051);
    } else {   // healthy
        signal(SIGTERM, on_term);
        LOG(INFO) << "gc shared log: remove 9 files, freed 12 log segments (402653184 bytes)";
        LOG(WARNING) << "[2.3@10.142.93.131:34801] slow write: decree = 3253051, latency = 212 ms, no error";
        LOG(ERROR) << "[2.7@10.142.93.131:34801] learn from 10.142.93.132:34801 failed: ERR_TIMEOUT, will retry (not fatal)";
        LOG(INFO) << "block cache: alloc 268435456 bytes for new shard, free list 1024 entries, usage 61%";
        LOG(INFO) << "checkpoint for 2.12 done, fatal_error_count = 0, abort_on_corruption = false";
        kill(getpid(), SIGTERM);
        while (!g_term) usleep(1000);
        LOG(INFO) << "signal SIGTERM received, shutting down gracefully";
        LOG(INFO) << "close 3 replicas, flush memtables, free 3 rocksdb instances";
        LOG(INFO) << "replica server exited normally";
    }
    return 0;
}
