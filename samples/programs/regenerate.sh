#!/bin/bash
# regenerate.sh - build the sample programs in a temp dir and rewrite samples/*.log
#
# Needs (Debian 12 "bookworm", run as root):
#   apt-get install -y golang-go g++ gdb libgoogle-glog-dev libgoogle-perftools-dev \
#                      cmake gzip dpkg-dev          # dpkg-dev: for `apt-get source`
#   rustc (Debian `rustc` package or rustup; any 2021-edition rustc)
#   A deb-src entry for bookworm (e.g. /etc/apt/sources.list.d/debsrc.sources with
#   "Types: deb-src"), so `apt-get source google-perftools` works: Debian's
#   libtcmalloc is built without --enable-large-alloc-report, so the bulk-load
#   sample (tcmalloc "large alloc" report) links a tcmalloc 2.10 rebuilt from the
#   Debian source package with ENABLE_LARGE_ALLOC_REPORT. Without it that one
#   sample is skipped (the existing log is kept).
#   root: the WAL sample mounts a 1 MiB tmpfs at /tmp/storsim/cfs/disk7.
#
# Usage: samples/programs/regenerate.sh [sample-name ...]   (default: all)
# Every log is the real stdout/stderr of the real process (or of gdb / bash /
# the prefixing scripts in scripts/ as noted in samples/README.md).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SAMPLES=$(dirname "$HERE")
BUILD=$(mktemp -d /tmp/storsim-build.XXXXXX)
RUN=/tmp/storsim            # fixed runtime root: paths printed in the logs stay stable
BIN=$RUN/bin               # binaries run from here (stable paths in bash/gdb output)
rm -rf "$BIN"; mkdir -p "$BIN"
trap 'umount "$RUN/cfs/disk7" 2>/dev/null; rm -rf "$BUILD" "$BIN"' EXIT
ulimit -S -c 0             # soft only: start_replica.sh raises it for the "(core dumped)" samples
export TZ=UTC LC_ALL=C
unset RUST_BACKTRACE GOTRACEBACK TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD

want() { [ ${#ONLY[@]} -eq 0 ] && return 0; local x; for x in "${ONLY[@]}"; do [ "$x" = "$1" ] && return 0; done; return 1; }
ONLY=("$@")
say() { echo "regenerate: $*" >&2; }

# ---------------------------------------------------------------- build
say "building in $BUILD"
cp -r "$HERE/go" "$BUILD/go"
(cd "$BUILD/go" && go build -trimpath -o "$BIN/datanode" ./cmd/datanode && go build -trimpath -o "$BIN/master" ./cmd/master) || { say "go build failed"; exit 1; }

cp -r "$HERE/cpp" "$BUILD/cpp"
CXXF="-O0 -g -fno-omit-frame-pointer -ffile-prefix-map=$BUILD/cpp=/home/work/src/kvstore"
(cd "$BUILD/cpp" &&
 g++ $CXXF replica_server.cc -o "$BIN/replica_server" -lglog -lpthread &&
 g++ $CXXF pegasus/replica_stub.cpp pegasus/replica_chkpt.cpp pegasus/replica_bulk_loader.cpp pegasus/rocksdb_shim.cpp \
     -o "$BIN/pegasus_replica" -lglog -ltcmalloc -ldl -lpthread &&
 g++ $CXXF -fsanitize=address mutation_buffer_asan.cc -o "$BIN/mutation_buffer_asan") || { say "c++ build failed"; exit 1; }

# tcmalloc with the large-alloc report (Debian source package, rebuilt)
LAR=""
if want cpp-pegasus-bulkload-large-alloc-sigsegv; then
  (cd "$BUILD" && apt-get source --download-only google-perftools >/dev/null 2>&1 &&
   tar xzf google-perftools_*.orig.tar.gz && cd gperftools-*/ && mkdir -p build && cd build &&
   cmake .. -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
     -DCMAKE_C_FLAGS=-DENABLE_LARGE_ALLOC_REPORT=1 -DCMAKE_CXX_FLAGS=-DENABLE_LARGE_ALLOC_REPORT=1 >/dev/null &&
   make -j"$(nproc)" tcmalloc >/dev/null 2>&1) && LAR=$(ls -d "$BUILD"/gperftools-*/build)
  if [ -n "$LAR" ] && [ -e "$LAR/libtcmalloc.so" ]; then
    (cd "$BUILD/cpp" && g++ $CXXF pegasus/replica_stub.cpp pegasus/replica_chkpt.cpp pegasus/replica_bulk_loader.cpp pegasus/rocksdb_shim.cpp \
       -o "$BIN/pegasus_replica_lar" -lglog -L"$LAR" -Wl,-rpath,"$LAR" -ltcmalloc -ldl -lpthread) || LAR=""
  else
    LAR=""; say "could not build tcmalloc with large-alloc report; skipping bulk-load sample"
  fi
fi

cp -r "$HERE/rust" "$BUILD/rust"
(cd "$BUILD/rust" && rustc -g -C opt-level=0 --edition 2021 --remap-path-prefix="$BUILD/rust=src" raftstore_snap.rs -o "$BIN/raftstore_snap") || { say "rustc failed"; exit 1; }
cp "$HERE"/scripts/*.sh "$BIN/"

# ---------------------------------------------------------------- run
# cap <name> <cmd...>: run in $RUN, stdout+stderr -> samples/<name>.log
cap() {
  local name=$1; shift
  want "$name" || return 0
  (cd "$RUN" && "$@") > "$SAMPLES/$name.log" 2>&1
  say "$name.log: exit $?, $(wc -c < "$SAMPLES/$name.log") bytes"
}
sh_c() { bash -c "$1"; }   # for pipelines / ulimit inside cap

# Go (CubeFS-like)
cap go-datanode-nil-pointer-panic      "$BIN/datanode" -mode nilptr -nodeID 2
cap go-master-cgo-sigsegv-shutdown     "$BIN/master" -storeDir /cfs/master/store -version 3.3.0
if want go-datanode-wal-enospc-panic; then
  mkdir -p "$RUN/cfs/disk7"
  if mount -t tmpfs -o size=1m storsim-disk7 "$RUN/cfs/disk7"; then
    cap go-datanode-wal-enospc-panic   "$BIN/datanode" -mode walio -version 3.4.0 -nodeID 7 -disk "$RUN/cfs/disk7/datanode"
    umount "$RUN/cfs/disk7"
  else
    say "mount tmpfs failed (not root?): skipping go-datanode-wal-enospc-panic"
  fi
fi
cap go-datanode-concurrent-map-writes  timeout 60 "$BIN/datanode" -mode mapwrites -nodeID 4
mkdir -p "$RUN/cfs/disk5/datanode"
cap go-datanode-mmap-sigbus            "$BIN/datanode" -mode sigbus -nodeID 5 -disk "$RUN/cfs/disk5/datanode"
cap go-datanode-oom-ulimit             sh_c "ulimit -v 3000000; exec '$BIN/datanode' -mode oom -nodeID 6"
cap neg-go-datanode-healthy            "$BIN/datanode" -mode healthy -nodeID 1
cap multi-restart-go-datanode-nilptr-twice sh_c "'$BIN/datanode' -mode nilptr -nodeID 3; sleep 1; '$BIN/datanode' -mode nilptr -nodeID 3"
# node-1 (healthy) and node-2 (crashing) run at the same time, each line prefixed
# as a log aggregator would, appended to one file as the lines arrive.
cap multi-aggregated-datanode-nilptr   sh_c "('$BIN/datanode' -mode healthy -nodeID 1 2>&1 | sed -u 's/^/node-1 | /') &
  (sleep 0.02; '$BIN/datanode' -mode nilptr -nodeID 2 2>&1 | sed -u 's/^/node-2 | /') & wait"

# C++ glog replica
cap cpp-replica-glog-sigsegv           "$BIN/replica_server" segv-null
cap cpp-replica-glog-check-failed      "$BIN/replica_server" check
cap cpp-replica-glog-sigfpe            "$BIN/replica_server" sigfpe
cap cpp-replica-glog-sigill            "$BIN/replica_server" sigill
cap cpp-replica-assert-failed          "$BIN/replica_server" assert --no-failure-handler
cap cpp-replica-bad-alloc-terminate    "$BIN/replica_server" bad-alloc --no-failure-handler
cap cpp-replica-glibc-double-free      "$BIN/start_replica.sh" "$BIN/replica_server" double-free
cap shell-replica-segfault-core-dumped "$BIN/start_replica.sh" "$BIN/replica_server" segv-plain
cap neg-cpp-replica-glog-healthy       "$BIN/replica_server" healthy
cap journald-replica-glog-sigsegv      env JOURNAL_HOST=stor-node-07 "$BIN/journal_prefix.sh" kvstore-replica "$BIN/replica_server" segv-null

# C++ Pegasus-like replica with tcmalloc
cap cpp-pegasus-tcmalloc-invalid-free-glog "$BIN/pegasus_replica" invalid-free
cap cpp-pegasus-tcmalloc-invalid-free-gdb  gdb -q -batch -ex run -ex bt --args "$BIN/pegasus_replica" invalid-free
[ -n "$LAR" ] && cap cpp-pegasus-bulkload-large-alloc-sigsegv "$BIN/pegasus_replica_lar" bulkload
cap neg-pegasus-replica-healthy        "$BIN/pegasus_replica" healthy

# ASan
cap cpp-asan-heap-use-after-free       env ASAN_OPTIONS=abort_on_error=1 "$BIN/mutation_buffer_asan" uaf
cap cpp-asan-segv-wild-pointer         "$BIN/mutation_buffer_asan" segv

# Rust
rm -rf "$RUN/tikv-data"
cap rust-raftstore-unwrap-notfound     env RUST_BACKTRACE=1 "$BIN/raftstore_snap" "$RUN/tikv-data/snap"

# gzip copy
if want go-datanode-concurrent-map-writes; then
  gzip -9 -n -c "$SAMPLES/go-datanode-concurrent-map-writes.log" > "$SAMPLES/go-datanode-concurrent-map-writes.log.gz"
fi

# Java (its own script: a JDK, no root)
if command -v javac >/dev/null; then
  java_samples=()
  for name in $(cd "$SAMPLES" && ls java-*.log | sed 's/\.log$//'); do want "$name" && java_samples+=("$name"); done
  [ ${#java_samples[@]} -gt 0 ] && "$HERE/java/regenerate.sh" "${java_samples[@]}"
else
  say "javac not found: java-*.log left as they are (apt-get install -y openjdk-17-jdk-headless)"
fi

rm -f "$RUN"/core* 2>/dev/null
say "done"
