#!/usr/bin/env bash
# Writes datasets/aml-simulated.csv: the survival-relevant columns of a simulated AML cohort
# (2,500 patients, 5 centres, seed 1), on which tools/reference/survival.R computes R's values.
# Run from the repository root after `npm ci`; then run `Rscript tools/reference/survival.R`.
set -euo pipefail
work="$(mktemp -d)"
node bin/synthcohort.js simulate aml --patients 2500 --centres 5 --seed 1 --out "$work" >/dev/null
node -e '
  const fs = require("fs");
  const [source, target] = process.argv.slice(1);
  const keep = ["age", "sex", "ecog", "treatment", "tp53", "flt3_itd", "eln2022", "os_days", "os_status", "rfs_days", "rfs_status"];
  const lines = fs.readFileSync(source, "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const at = keep.map((k) => header.indexOf(k));
  const rows = lines.slice(1).map((line) => { const cells = line.split(","); return at.map((i) => cells[i]).join(","); });
  fs.writeFileSync(target, [keep.join(","), ...rows].join("\n") + "\n");
' "$work/cohort.csv" datasets/aml-simulated.csv
