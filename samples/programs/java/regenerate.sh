#!/bin/bash
# regenerate.sh - build the Java sample programs in a temp dir and rewrite samples/java-*.log
#
# Needs a JDK >= 11 (Debian 12: apt-get install -y openjdk-17-jdk-headless). No root needed.
# Usage: samples/programs/java/regenerate.sh [sample-name ...]   (default: all)
# Every log is the real stdout+stderr of the real JVM. Each runs with cwd /tmp/storsim and
# TZ=UTC so paths stay stable; timestamps, pids and heap-dump sizes change on each run.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SAMPLES=$(cd "$HERE/../.." && pwd)
BUILD=$(mktemp -d /tmp/storsim-java-build.XXXXXX)
RUN=/tmp/storsim
trap 'rm -rf "$BUILD" "$RUN/dfs" "$RUN/hbase" "$RUN/zookeeper" "$RUN"/hs_err_pid*.log' EXIT
ulimit -S -c 0
export TZ=UTC LC_ALL=C
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS

want() { [ ${#ONLY[@]} -eq 0 ] && return 0; local x; for x in "${ONLY[@]}"; do [ "$x" = "$1" ] && return 0; done; return 1; }
ONLY=("$@")
say() { echo "regenerate-java: $*" >&2; }

(cd "$HERE" && javac -d "$BUILD" $(find storsim -name '*.java')) || { say "javac failed"; exit 1; }
mkdir -p "$RUN"

# cap <name> <cmd...>: run in $RUN with fresh data dirs, stdout+stderr -> samples/<name>.log
cap() {
  local name=$1; shift
  want "$name" || return 0
  rm -rf "$RUN/dfs" "$RUN/hbase" "$RUN/zookeeper" "$RUN"/hs_err_pid*.log
  (cd "$RUN" && "$@") > "$SAMPLES/$name.log" 2>&1
  say "$name.log: exit $?, $(wc -c < "$SAMPLES/$name.log") bytes"
}
JAVA=(java -cp "$BUILD")
NN=(storsim.hdfs.namenode.NameNode)
RS=(storsim.hbase.regionserver.HRegionServerCommandLine)
ZK=(storsim.zookeeper.server.quorum.QuorumPeerMain)

# HDFS-like name node: an fsimage with more inodes than a 16 MiB heap holds, under four JVM settings.
cap java-namenode-fsimage-oom                   "${JAVA[@]}" -Xmx16m "${NN[@]}" fsimage-oom "$RUN/dfs/name"
cap java-namenode-exit-on-oom                   "${JAVA[@]}" -Xmx16m -XX:+ExitOnOutOfMemoryError "${NN[@]}" fsimage-oom "$RUN/dfs/name"
cap java-namenode-crash-on-oom-hs-err           "${JAVA[@]}" -Xmx16m -XX:+CrashOnOutOfMemoryError "-XX:ErrorFile=$RUN/hs_err_pid%p.log" "${NN[@]}" fsimage-oom "$RUN/dfs/name"
cap java-namenode-on-oom-kill                   "${JAVA[@]}" -Xmx16m "-XX:OnOutOfMemoryError=kill -9 %p" "${NN[@]}" fsimage-oom "$RUN/dfs/name"
cap java-namenode-truncated-fsimage-failed-start "${JAVA[@]}" -Xmx64m "${NN[@]}" truncated-fsimage "$RUN/dfs/name"

# HBase-like region server: recovered edits outgrow a 32 MiB heap (abort), or a healthy run stopped by SIGTERM.
cap java-regionserver-abort-oom                 "${JAVA[@]}" -Xmx32m -XX:+HeapDumpOnOutOfMemoryError "-XX:HeapDumpPath=$RUN/hbase" "${RS[@]}" abort-oom
cap java-regionserver-healthy-warn-stacks       timeout -s TERM 3 "${JAVA[@]}" -Xmx64m -XX:+HeapDumpOnOutOfMemoryError "-XX:HeapDumpPath=$RUN/hbase" "-XX:OnOutOfMemoryError=kill -9 %p" "${RS[@]}" healthy

# ZooKeeper-like server: transaction logs without a snapshot, or a snapshot of a 200k-deep znode chain.
cap java-zookeeper-snapshot-missing-exit        "${JAVA[@]}" -Xmx64m "${ZK[@]}" snap-missing
cap java-zookeeper-syncthread-stackoverflow     "${JAVA[@]}" -Xmx256m "${ZK[@]}" deep-tree

say "done"
