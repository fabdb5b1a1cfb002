#include "kv.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct kv_db {
    char *arena;          /* memtable arena (mmap) */
    size_t cap;
    size_t used;
    unsigned long count;
    char path[128];
};

kv_db *kv_open(const char *path, size_t arena_bytes) {
    kv_db *db = calloc(1, sizeof(*db));
    db->arena = mmap(NULL, arena_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (db->arena == MAP_FAILED) { free(db); return NULL; }
    db->cap = arena_bytes;
    strncpy(db->path, path, sizeof(db->path) - 1);
    return db;
}

int kv_write(kv_db *db, const char *key, size_t klen, const char *val, size_t vlen) {
    char *p = db->arena + db->used;            /* db may already be freed */
    if (db->used + klen + vlen + 8 > db->cap) db->used = 0;  /* wrap the toy memtable */
    *(uint32_t *)p = (uint32_t)klen;
    *(uint32_t *)(p + 4) = (uint32_t)vlen;
    memcpy(p + 8, key, klen);
    memcpy(p + 8 + klen, val, vlen);
    db->used += klen + vlen + 8;
    db->count++;
    return 0;
}

unsigned long kv_count(kv_db *db) { return db->count; }

void kv_close(kv_db *db) {
    munmap(db->arena, db->cap);
    free(db);
}
