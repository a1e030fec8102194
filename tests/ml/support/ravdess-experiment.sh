#!/usr/bin/env bash
# The RAVDESS experiment of docs/training.md, as a lab would run it with the CLI:
#   bash tests/ml/support/ravdess-experiment.sh <work-dir>
# Features: the real extractor (cached by the test helper), actors 1–20 × 8 clips for training,
# actors 21–24 × 12 clips held out. GRU(64)×2 so that it runs in minutes on the shared 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../../.."
E=${1:?work dir}
T=21,22,23,24
F="--features $E/ravdess/features --labels $E/ravdess/labels.csv"
npx tsx tests/ml/support/export-ravdess-csv.ts "$E/ravdess" 8 12
npm run -s cli -- pretrain $F --out "$E/pre" --hidden 64,64 --epochs 15 --test-speakers $T --seed 1 --json > "$E/pre.json"
npm run -s cli -- pretrain $F --out "$E/pre-masked" --hidden 64,64 --epochs 15 --loss masked --test-speakers $T --seed 1 --json > "$E/pre-masked.json"
for R in mean last; do
  npm run -s cli -- finetune $F --backbone "$E/pre" --out "$E/ft-$R" --reduction $R --test-speakers $T --seed 1 --cache "$E/emb" --json > "$E/ft-$R.json"
  npm run -s cli -- finetune $F --backbone "$E/pre-masked" --out "$E/ftm-$R" --reduction $R --test-speakers $T --seed 1 --cache "$E/emb" --json > "$E/ftm-$R.json"
done
for N in 40 160; do
  npm run -s cli -- finetune $F --backbone "$E/pre" --out "$E/cmp-$N" --reduction mean --labelled $N --baseline --test-speakers $T --seed 1 --cache "$E/emb" --json > "$E/cmp-$N.json"
done
python3 tests/ml/support/format-results.py "$E"
