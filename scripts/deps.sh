#!/usr/bin/env bash
# deps.sh: installs the Debian packages ridge needs, only those missing (idempotent).
set -euo pipefail

PKGS=(build-essential cmake pkg-config git
      libopenblas-dev libhwloc-dev libjansson-dev libcriterion-dev
      libdnnl-dev   # oneDNN: the onednn baselines (optional at build time)
      libblas-test  # netlib BLAS test programs: the BLAS shim is checked against them
      qemu-user     # older CPUs emulated: the dispatcher's fallbacks are tested under it
      python3-numpy  # the CUDA kernels' index arithmetic is replayed on the CPU (tests)
      clang libclang-rt-14-dev) # libFuzzer: the parsers are fuzzed (scripts/fuzz.sh)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "deps.sh: missing packages: ${missing[*]} (run as root or: sudo apt-get install ${missing[*]})" >&2
  exit 2
fi
echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
