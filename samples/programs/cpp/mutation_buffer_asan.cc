// mutation_buffer_asan: pending-mutation queue that keeps a raw pointer to a
// mutation already released by the ack path. Build with -fsanitize=address.
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <deque>
#include <string>
#include <sys/time.h>
#include <unistd.h>

static void logi(const char *file, int line, const char *msg) {
    struct timeval tv;
    gettimeofday(&tv, nullptr);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    fprintf(stderr, "I%02d%02d %02d:%02d:%02d.%06ld %5d %s:%d] %s\n", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
            tm.tm_sec, (long)tv.tv_usec, getpid(), file, line, msg);
}
#define LOGI(msg) logi("mutation_buffer.cc", __LINE__, msg)

namespace kv {
struct mutation {
    int64_t decree;
    uint32_t crc;
    char payload[200];
};

class mutation_buffer {
public:
    __attribute__((noinline)) void append(mutation *mu) { _pending.push_back(mu); _last = mu; }
    __attribute__((noinline)) void on_acked(int64_t decree) {
        while (!_pending.empty() && _pending.front()->decree <= decree) {
            delete _pending.front();
            _pending.pop_front();
        }
    }
    __attribute__((noinline)) uint32_t last_crc() const { return _last->crc; }   // _last may be released
private:
    std::deque<mutation *> _pending;
    mutation *_last = nullptr;
};
} // namespace kv

// mutation index entry decoded from a torn log block: the pointer-sized
// "handle" field is really payload bytes.
struct index_entry {
    int64_t decree;
    kv::mutation *mu;
};
__attribute__((noinline)) int64_t replay_index(const unsigned char *block, size_t n) {
    int64_t sum = 0;
    for (size_t off = 0; off + sizeof(index_entry) <= n; off += sizeof(index_entry)) {
        index_entry e;
        memcpy(&e, block + off, sizeof(e));
        sum += e.mu->decree;
    }
    return sum;
}

int main(int argc, char **argv) {
    std::string mode = argc > 1 ? argv[1] : "uaf";
    char line[256];
    LOGI("kvstore replica server 2.5.0 (5f1c0a7) ASAN build starting");
    snprintf(line, sizeof(line), "open mutation buffer for 2.7, max_pending = 1024, pid %d", getpid());
    LOGI(line);
    if (mode == "segv") {
        kv::mutation *m0 = new kv::mutation();
        m0->decree = 3249701;
        unsigned char block[32];
        memcpy(block, &m0->decree, 8);
        memcpy(block + 8, &m0, 8);
        memcpy(block + 16, "\x05\x00\x00\x00\x00\x00\x00\x00mutation", 16);   // torn tail
        LOGI("[2.7@10.142.93.131:34801] replay mutation index block: offset = 11432777377, length = 32");
        snprintf(line, sizeof(line), "replayed decrees sum = %ld", (long)replay_index(block, sizeof(block)));
        LOGI(line);
        return 0;
    }
    kv::mutation_buffer buf;
    for (int64_t d = 3249701; d <= 3249704; d++) {
        auto *mu = new kv::mutation();
        mu->decree = d;
        mu->crc = (uint32_t)(d * 2654435761u);
        buf.append(mu);
    }
    LOGI("[2.7@10.142.93.131:34801] 4 mutations pending, last decree = 3249704");
    buf.on_acked(3249704);
    LOGI("[2.7@10.142.93.131:34801] acked up to 3249704, released 4 mutations");
    snprintf(line, sizeof(line), "[2.7@10.142.93.131:34801] report last crc = %08x", buf.last_crc());
    LOGI(line);
    return 0;
}
