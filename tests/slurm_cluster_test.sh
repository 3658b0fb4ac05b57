#!/usr/bin/env bash
# A throwaway one-machine Slurm cluster (munged, slurmctld and two slurmd nodes, no systemd),
# a newsocr run over it, and its teardown. Checks: the outputs equal a local run's, tasks ran
# on both nodes, the merge job wrote the report; a shard with a bad page is reported by
# `slurm status` and in the merged report, and resubmitting after the fix completes the run.
#
#   tests/slurm_cluster_test.sh NEWSOCR_BINARY PAGES_DIR BAD_PAGE
#
# Needs root (it installs slurmctld slurmd slurm-client munge when missing).
set -euo pipefail
newsocr="$(realpath "$1")" pages="$(realpath "$2")" bad_page="$(realpath "$3")"
start_time=$SECONDS

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi

work="$(mktemp -d)"
chmod 755 "$work"
teardown() {
  # Only what this script started: the daemons named by the pid files it chose.
  local pids=()
  for f in "$work"/*.pid; do
    [ -e "$f" ] && pids+=("$(cat "$f")")
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 20); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.5
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap teardown EXIT
fail() {
  echo "FAIL: $*" >&2
  for log in "$work"/*.log "$work"/out*/.newsocr/slurm-*.log; do
    [ -e "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }
  done
  exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# munge with a key made for this cluster
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge.key"
munged --force --key-file="$work/munge.key" --socket="$work/munge.socket" --pid-file="$work/munged.pid" \
  --log-file="$work/munged.log" --seed-file="$work/munge.seed"

ctld_port=$(free_port) node1_port=$(free_port) node2_port=$(free_port)
mkdir -p "$work/state" "$work/spool/node1" "$work/spool/node2"
cat > "$work/slurm.conf" <<EOF
ClusterName=newsocrtest
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool/%n
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd-%n.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MaxArraySize=1000
NodeName=node1 NodeHostname=localhost Port=$node1_port CPUs=1 RealMemory=2000 State=UNKNOWN
NodeName=node2 NodeHostname=localhost Port=$node2_port CPUs=1 RealMemory=2000 State=UNKNOWN
PartitionName=test Nodes=node1,node2 Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
slurmctld
slurmd -N node1
slurmd -N node2

for _ in $(seq 60); do
  idle=$(sinfo -h -N -o '%N %t' 2>/dev/null | grep -c idle || true)
  [ "$idle" -eq 2 ] && break
  sleep 1
done
[ "$idle" -eq 2 ] || fail "the two nodes did not come up: $(sinfo -N 2>&1)"
echo "cluster up in $((SECONDS - start_time)) s"

wait_for_jobs() {
  for _ in $(seq 600); do
    [ -z "$(squeue -h -o %i 2>/dev/null)" ] && return 0
    sleep 1
  done
  fail "jobs still queued after 10 minutes: $(squeue)"
}
# Outputs of a run, as "path checksum" lines, without the run's own bookkeeping.
outputs() { (cd "$1" && find . -type f ! -path './.newsocr/*' ! -name manifest.json ! -name 'report.*' | sort | xargs sha256sum); }

# 1. A run over 3 shards equals a local run and used both nodes.
"$newsocr" "$pages" -o "$work/local" -q || fail "local run"
"$newsocr" slurm submit "$pages" -o "$work/out" --shards 3 --partition=test --cpus-per-task=1 || fail "submit"
wait_for_jobs
[ -f "$work/out/report.html" ] || fail "the merge job wrote no report"
diff <(outputs "$work/local") <(outputs "$work/out") || fail "cluster outputs differ from the local run"
nodes=$(cat "$work"/out/.newsocr/slurm-*_*.log | sed -n 's/.* on node //p' | sort -u | tr '\n' ' ')
[ "$nodes" = "node1 node2 " ] || fail "tasks ran on: $nodes"
"$newsocr" slurm status "$work/out" || fail "status of a complete run"
echo "run over 3 shards: outputs identical to the local run, tasks on $nodes"

# 2. A shard with a bad page: reported, merged as a partial run, completed by resubmission.
mkdir -p "$work/pages2"
cp "$pages"/* "$work/pages2/"
cp "$bad_page" "$work/pages2/zz_bad.png"
"$newsocr" slurm submit "$work/pages2" -o "$work/out2" --shards 3 --partition=test >/dev/null || fail "submit 2"
wait_for_jobs
set +e
status=$("$newsocr" slurm status "$work/out2")
code=$?
set -e
echo "$status"
[ $code -eq 3 ] || fail "slurm status exit $code for a run with a failed page"
grep -q "failed: .*zz_bad.png" <<<"$status" || fail "the failed page is not named"
python3 - "$work/out2/report.json" <<'EOF' || fail "the merged report does not show the partial run"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["summary"]["failed"] == 1, r["summary"]
assert r["pages"][0]["status"] == "failed" and "zz_bad" in r["pages"][0]["source"], r["pages"][0]
EOF
records_before=$(cd "$work/out2/.newsocr/pages" && sha256sum $(ls | grep -v zz_bad))
cp "$pages/$(ls "$pages" | head -1)" "$work/pages2/zz_bad.png"
"$newsocr" slurm submit "$work/pages2" -o "$work/out2" --shards 3 --partition=test >/dev/null || fail "resubmit"
wait_for_jobs
"$newsocr" slurm status "$work/out2" || fail "the resubmitted run is not complete"
[ "$(cd "$work/out2/.newsocr/pages" && sha256sum $(ls | grep -v zz_bad))" = "$records_before" ] || fail "the resubmission redid finished pages"
echo "failing shard reported, merged, and completed by resubmission"
echo "cluster test passed in $((SECONDS - start_time)) s"
