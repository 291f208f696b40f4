#!/usr/bin/env bash
# Submits an anuvad run to Slurm: N shard tasks as a job array, then the
# finishing step, which starts only when every task has succeeded.
#
#   ANUVAD_CACHE_PATH=postgres://... deploy/slurm/submit.sh N INPUT OUT [translate flags...]
#
# A task that fails means the finishing step never starts: resubmit that
# task alone and queue finish.sbatch after it (the script prints how).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 3 ]; then
  echo "usage: $0 SHARDS INPUT OUT [translate flags...]" >&2
  exit 2
fi
shards=$1 input=$2 out=$3
shift 3
case $shards in
  '' | *[!0-9]* | 0) echo "SHARDS must be a positive number, not '$shards'" >&2; exit 2 ;;
esac
: "${ANUVAD_CACHE_PATH:?set ANUVAD_CACHE_PATH to the postgres:// URL of the shared cache}"
export ANUVAD_SHARDS=$shards ANUVAD_INPUT=$input ANUVAD_OUT=$out ANUVAD_ARGS="$*"

"${ANUVAD_BIN:-anuvad}" cache init >/dev/null
array=$(sbatch --parsable --array="0-$((shards - 1))" --export=ALL "$here/shard.sbatch")
array=${array%%;*}
finish=$(sbatch --parsable --dependency="afterok:$array" --export=ALL "$here/finish.sbatch")
finish=${finish%%;*}
echo "shards: job array $array (tasks 0-$((shards - 1))); finishing step: job $finish"
echo "if task I fails: j=\$(sbatch --parsable --array=I --export=ALL $here/shard.sbatch) &&"
echo "  sbatch --dependency=afterok:\$j --export=ALL $here/finish.sbatch   (same environment)"
