#!/bin/bash
# start_replica.sh <binary> <mode>: the ops wrapper that starts a replica server
# in the foreground (no glog failure handler) and reports how it exited.
# bash itself prints the "... Segmentation fault (core dumped) ..." line.
BIN=$1
MODE=$2
echo "[$(date '+%F %T')] start_replica.sh: starting $(basename "$BIN") mode=$MODE, cwd=$(pwd)"
ulimit -c unlimited
"$BIN" "$MODE" --no-failure-handler
rc=$?
echo "[$(date '+%F %T')] start_replica.sh: $(basename "$BIN") exited with code $rc"
exit $rc
