#!/usr/bin/env Rscript
# Public patient tables from R's survival package, as CSV files for benchmarks and examples.
#
# Regenerate, from the repository root:
#   Rscript tools/reference/public-tables.R
# This writes datasets/{flchain,mgus2,nwtco,cgd,retinopathy}.csv and checks that
# datasets/{lung,pbc,veteran}.csv (written by tools/reference/survival.R) are byte for byte what the
# same export gives; it stops with an error when one differs. datasets/README.md describes the tables.
#
# The export is the one survival.R uses: write.csv with every column, factors as their labels,
# missing as an empty field, no row names.
#
# cgd: R has the trial in two shapes, cgd0 (one row per patient, the infection times spread over
# etime1..etime7 and every variable an unlabelled code) and cgd (counting-process rows, one per
# interval between infections, labelled factors). A patient table needs one row per patient, and
# the trial's primary endpoint was the time to the first serious infection (ICGDSG, N Engl J Med
# 1991;324:509-16), so we keep cgd's first interval of each patient (enum == 1): labelled factors,
# tstop = days to the first infection or to the end of follow-up, status = 1 for an infection.
# tstart (always 0) and enum (always 1) are dropped. The script checks that these rows agree with
# cgd0's futime and etime1.
suppressPackageStartupMessages(library(survival))

export_dataset <- function(data, path) {
  dir.create(dirname(path), showWarnings = FALSE, recursive = TRUE)
  write.csv(data, path, row.names = FALSE, na = "")
}

# One row per patient: the first at-risk interval of each cgd patient.
cgd_first_infection <- function() {
  first <- survival::cgd[survival::cgd$enum == 1, ]
  stopifnot(all(first$tstart == 0), !anyDuplicated(first$id))
  raw <- survival::cgd0[match(first$id, survival::cgd0$id), ]
  expected_time <- ifelse(is.na(raw$etime1), raw$futime, raw$etime1)
  if (!all(first$tstop == expected_time) || !all((first$status == 1) == !is.na(raw$etime1)))
    stop("cgd's first intervals disagree with cgd0's futime/etime1")
  first$tstart <- NULL
  first$enum <- NULL
  rownames(first) <- NULL
  first
}

# A table already in datasets/ must be exactly what the export writes today.
check_unchanged <- function(data, path) {
  fresh <- tempfile(fileext = ".csv")
  export_dataset(data, fresh)
  same <- identical(readLines(fresh), readLines(path))
  unlink(fresh)
  if (!same) stop(path, " differs from what the export of the survival package's table writes")
  message(path, ": identical to the export")
}

main <- function() {
  tables <- list(
    flchain = survival::flchain,
    mgus2 = survival::mgus2,
    nwtco = survival::nwtco,
    cgd = cgd_first_infection(),
    retinopathy = survival::retinopathy
  )
  for (name in names(tables)) {
    path <- file.path("datasets", paste0(name, ".csv"))
    export_dataset(tables[[name]], path)
    message(path, ": ", nrow(tables[[name]]), " rows x ", ncol(tables[[name]]), " columns")
  }
  check_unchanged(survival::lung, "datasets/lung.csv")
  check_unchanged(survival::pbc, "datasets/pbc.csv")
  check_unchanged(survival::veteran, "datasets/veteran.csv")
  message("survival ", as.character(packageVersion("survival")), ", ", R.version.string)
}

if (sys.nframe() == 0) main()
