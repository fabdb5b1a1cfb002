#include "rdsn_log.h"
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#define NOINLINE __attribute__((noinline))

namespace dsn {
namespace utils { namespace filesystem {
NOINLINE std::string path_combine(const std::string &dir, const std::string &file) {
    std::string p = dir;
    p += "/";
    p += file;
    return p;
}
NOINLINE std::string get_normalized_path(const std::string &path) {
    std::string out;
    for (char c : path) {
        if (c == '/' && !out.empty() && out.back() == '/') continue;
        out.push_back(c);
    }
    return out;
}
}} // namespace utils::filesystem

namespace replication {

struct file_meta {
    std::string name;
    uint64_t size;
    std::string md5;
};
struct bulk_load_metadata {
    std::vector<file_meta> files;
    uint64_t file_total_size = 0;
};

struct latch {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    void notify() { std::lock_guard<std::mutex> g(m); done = true; cv.notify_all(); }
    void wait() { std::unique_lock<std::mutex> g(m); cv.wait(g, [&] { return done; }); }
};

class replica_bulk_loader {
public:
    replica_bulk_loader(const char *gpid) : _gpid(gpid) {}

    void parse_bulk_load_metadata() {
        _metadata.files.reserve(2);
        _metadata.files.push_back({"1-0000000000000001-4c8f.sst", 67108864, "4c8f2d9e0b7a51c3e6f8d2a1b0c9e7f3"});
        _metadata.files.push_back({"1-0000000000000002-9a1e.sst", 41943040, "9a1e7c3b5d2f4e6a8c0b1d3f5e7a9c2b"});
        _metadata.file_total_size = 67108864 + 41943040;
        LOG_INFO("[%s@10.132.5.9:34801] parse bulk load metadata succeed, files count = %zu, total size = %lu",
                 _gpid, _metadata.files.size(), _metadata.file_total_size);
    }

    NOINLINE void download_sst_file(const std::string &remote_dir, const std::string &local_dir, int32_t file_index) {
        t_thread_name = "replica.default1.0000";
        const file_meta &f_meta = _metadata.files[file_index];
        LOG_INFO("[%s@10.132.5.9:34801] start to download sst file %s from %s, size = %lu",
                 _gpid, f_meta.name.c_str(), remote_dir.c_str(), f_meta.size);
        _download_started.notify();
        _remote_read_done.wait();   // block service read in flight
        std::unique_ptr<char[]> buf(new char[f_meta.size]);
        std::string file_path = utils::filesystem::get_normalized_path(utils::filesystem::path_combine(local_dir, f_meta.name));
        LOG_INFO("[%s@10.132.5.9:34801] download sst file %s succeed", _gpid, file_path.c_str());
    }

    NOINLINE void clear_bulk_load_states() {
        LOG_INFO("[%s@10.132.5.9:34801] clear_bulk_load_states, ballot changed from 7 to 8, download tasks still running = %d",
                 _gpid, 1);
        _metadata = bulk_load_metadata();
    }

    NOINLINE void on_group_bulk_load_progress() {
        // per-partition downloaded bytes reported by the secondaries
        std::vector<int64_t> progress(18);
        for (size_t i = 0; i < progress.size(); i++) progress[i] = (i % 5 == 3) ? 0 : (int64_t)(i + 1) * 536870912;
        int64_t total = 0;
        for (auto p : progress) total += p;
        LOG_INFO("[%s@10.132.5.9:34801] group bulk load progress updated, partitions = %zu, downloaded = %ld bytes",
                 _gpid, progress.size(), total);
        _remote_read_done.notify();
        std::this_thread::sleep_for(std::chrono::seconds(2));
    }

    void run() {
        parse_bulk_load_metadata();
        std::thread t([this] {
            download_sst_file("hdfs://hdfs-cluster/pegasus-bulkload/user_feature/3", "/home/work/ssd3/pegasus/replica/reps/3.5.pegasus/bulk_load", 0);
        });
        _download_started.wait();
        LOG_INFO("[%s@10.132.5.9:34801] replica configuration changed, ballot 7 -> 8, node 10.132.5.11:34801 restarted", _gpid);
        clear_bulk_load_states();
        on_group_bulk_load_progress();
        t.join();
    }

private:
    const char *_gpid;
    bulk_load_metadata _metadata;
    latch _download_started, _remote_read_done;
};

void run_bulk_load(const char *gpid) { replica_bulk_loader(gpid).run(); }

} // namespace replication
} // namespace dsn
