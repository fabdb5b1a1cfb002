/* A tiny append-only "kv store" in C, used by the Go master through cgo
 * (stands in for librocksdb behind gorocksdb). */
#ifndef STORSIM_KV_H
#define STORSIM_KV_H
#include <stddef.h>
typedef struct kv_db kv_db;
kv_db *kv_open(const char *path, size_t arena_bytes);
int kv_write(kv_db *db, const char *key, size_t klen, const char *val, size_t vlen);
unsigned long kv_count(kv_db *db);
void kv_close(kv_db *db);
#endif
