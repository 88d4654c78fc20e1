#!/usr/bin/env bash
# gpu-debs.sh: fetches (here, with apt-get download) the Debian packages that a bare CUDA machine
# may lack to build and test ridge: OpenBLAS, hwloc, jansson, Criterion and pkg-config with their
# run-time libraries, into one folder (default gpu-debs/, ignored by git) that gpu-check.sh unpacks
# into a local prefix there. Carry the folder with the device call (run's carry: ["gpu-debs"]).
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)/gpu-debs}
# The fixed list: the -dev packages, their libraries, and what those need beyond a CUDA image
# (libgit2 and its own dependencies for Criterion, gfortran's runtime for OpenBLAS).
PKGS=(pkgconf pkgconf-bin libpkgconf3 pkg-config
      libopenblas-dev libopenblas-pthread-dev libopenblas0-pthread libopenblas0 libgfortran5
      libquadmath0
      libhwloc-dev libhwloc15 libudev1
      libjansson-dev libjansson4
      libcriterion-dev libcriterion3 libnanomsg5 libgit2-1.5 libhttp-parser2.9 libmbedtls14
      libmbedx509-1 libmbedcrypto7 libssh2-1 libffi8)
mkdir -p "$dir"
cd "$dir"
apt-get download "${PKGS[@]}"
ls -l "$dir"
