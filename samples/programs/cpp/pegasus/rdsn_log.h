// Minimal rDSN-style logger:
// D2026-11-21 16:26:30.529 (1763742390529123456 4242) replica.default0.0000: replica_stub.cpp:479:on_checkpoint(): msg
#pragma once
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

inline thread_local const char *t_thread_name = "replica.default0.0000";

inline void rdsn_log(char level, const char *file, int line, const char *func, const char *fmt, ...) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    localtime_r(&ts.tv_sec, &tm);
    char head[256];
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    int n = snprintf(head, sizeof(head), "%c%04d-%02d-%02d %02d:%02d:%02d.%03ld (%lld %ld) %s: %s:%d:%s(): ",
                     level, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     ts.tv_nsec / 1000000, (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec,
                     (long)syscall(SYS_gettid), t_thread_name, base, line, func);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    char out[1400];
    int m = snprintf(out, sizeof(out), "%.*s%s\n", n, head, msg);
    if (m > (int)sizeof(out)) m = sizeof(out);
    (void)!write(2, out, m);
}

#define LOG_DEBUG(...) rdsn_log('D', __FILE__, __LINE__, __func__, __VA_ARGS__)
#define LOG_INFO(...) rdsn_log('I', __FILE__, __LINE__, __func__, __VA_ARGS__)
#define LOG_WARNING(...) rdsn_log('W', __FILE__, __LINE__, __func__, __VA_ARGS__)
#define LOG_ERROR(...) rdsn_log('E', __FILE__, __LINE__, __func__, __VA_ARGS__)
