#!/usr/bin/env Rscript
# Reference values for src/survival, computed with R's survival package (3.5.x).
#
# Regenerate, from the repository root:
#   Rscript tools/reference/survival.R
# This writes datasets/{lung,pbc,veteran}.csv (every column, factors as their labels, missing as an
# empty field) and src/survival/fixtures/r-survival.json, which the vitest suites read; the tests
# themselves never need R.
#
# Reference values for another CSV file, from the shell:
#   Rscript tools/reference/survival.R --csv cohort.csv --time os_months --event os_event \
#     --event-value 1 --group arm --cox "age+arm" --at 12,24 [--factors arm] [--out ref.json]
# or from R:
#   source("tools/reference/survival.R")
#   ref <- reference_for("cohort.csv", "os_months", "os_event", 1, group = "arm",
#                        cox_terms = c("age", "arm"), at = c(12, 24))
#   write_json_file(list(ref), "ref.json")
#
# Conventions shared with the TypeScript side: each analysis uses its own complete cases, as R's
# na.action = na.omit gives them: Kaplan-Meier and log-rank the rows with time, event and group
# (`n`, `events`, `dropped` at the top), Cox the rows with time, event and every Cox term (its own
# `n`, `events`, `dropped`); the event is `event == event_value` (every other value is censored);
# `factors` names numeric columns to treat as categorical, with levels sorted as factor() sorts them;
# the levels of the whole column are written to the JSON so the tests can code their columns in the
# same order (an analysis uses the levels present in its rows, as droplevels() leaves them).
suppressPackageStartupMessages(library(survival))

# A small JSON writer: jsonlite rounds to 15 significant digits, we want all 17.
# Length-1 atomics become scalars; wrap a vector in I() to force an array.
to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    parts <- vapply(x, to_json, "")
    if (!is.null(names(x))) {
      keys <- vapply(names(x), json_string, "")
      return(paste0("{", paste0(keys, ":", parts, collapse = ","), "}"))
    }
    return(paste0("[", paste0(parts, collapse = ","), "]"))
  }
  if (is.matrix(x)) return(to_json(lapply(seq_len(nrow(x)), function(i) I(unname(x[i, ])))))
  as_array <- inherits(x, "AsIs") || length(x) != 1
  if (is.factor(x)) x <- as.character(x)
  values <- if (is.character(x)) {
    ifelse(is.na(x), "null", vapply(as.character(x), json_string, ""))
  } else if (is.logical(x)) {
    ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  } else {
    x <- as.double(x)
    ifelse(is.finite(x), sprintf("%.17g", x), "null")
  }
  if (!as_array) return(values[[1]])
  paste0("[", paste0(values, collapse = ","), "]")
}

json_string <- function(s) {
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  paste0("\"", s, "\"")
}

write_json_file <- function(x, path) {
  dir.create(dirname(path), showWarnings = FALSE, recursive = TRUE)
  writeLines(to_json(x), path)
}

export_dataset <- function(data, path) {
  dir.create(dirname(path), showWarnings = FALSE, recursive = TRUE)
  write.csv(data, path, row.names = FALSE, na = "")
}

# Factors converted on the whole data frame, so that every analysis codes a column alike.
with_factors <- function(data, factors) {
  for (name in factors) data[[name]] <- factor(data[[name]])
  data
}

# One analysis's complete cases of time, event and `columns` (na.omit), with the event indicator.
complete_rows <- function(data, time, event, event_value, columns) {
  used <- unique(c(time, event, columns))
  missing_columns <- setdiff(used, names(data))
  if (length(missing_columns)) stop("unknown column(s): ", paste(missing_columns, collapse = ", "))
  keep <- complete.cases(data[, used, drop = FALSE])
  d <- droplevels(data[keep, used, drop = FALSE])
  d$.status <- as.integer(as.character(d[[event]]) == as.character(event_value))
  d$.time <- d[[time]]
  list(data = d, dropped = sum(!keep))
}

km_reference <- function(fit, label, at) {
  s <- summary(fit, times = at, extend = TRUE)
  q <- quantile(fit, probs = 0.5)
  in_range <- at <= max(fit$time)
  list(
    group = label,
    n = fit$n,
    events = sum(fit$n.event),
    time = I(fit$time), nRisk = I(fit$n.risk), nEvent = I(fit$n.event), nCensor = I(fit$n.censor),
    surv = I(fit$surv), stdErr = I(fit$std.err), lower = I(fit$lower), upper = I(fit$upper),
    median = unname(q$quantile), medianLower = unname(q$lower), medianUpper = unname(q$upper),
    # summary(fit, times) drops times past the last follow-up (extend = FALSE); we report them as null.
    at = lapply(seq_along(at), function(i) {
      if (!in_range[i]) return(list(time = at[i], survival = NULL, lower = NULL, upper = NULL))
      j <- match(at[i], s$time)
      list(time = at[i], survival = s$surv[j], lower = s$lower[j], upper = s$upper[j])
    })
  )
}

km_by_group <- function(d, group, at) {
  if (is.null(group)) return(list(km_reference(survfit(Surv(.time, .status) ~ 1, d), NULL, at)))
  g <- if (is.factor(d[[group]])) droplevels(d[[group]]) else factor(d[[group]])
  lapply(levels(g), function(level) {
    fit <- survfit(Surv(.time, .status) ~ 1, d[g == level, , drop = FALSE])
    km_reference(fit, level, at)
  })
}

logrank_reference <- function(d, group) {
  g <- if (is.factor(d[[group]])) droplevels(d[[group]]) else factor(d[[group]])
  fit <- survdiff(Surv(d$.time, d$.status) ~ g)
  df <- sum(fit$exp > 0) - 1
  list(
    groups = I(levels(g)), observed = I(as.vector(fit$obs)), expected = I(as.vector(fit$exp)),
    variance = fit$var, chisq = fit$chisq, df = df, p = pchisq(fit$chisq, df, lower.tail = FALSE)
  )
}

test_reference <- function(statistic, df) {
  list(statistic = unname(statistic), df = df, p = pchisq(unname(statistic), df, lower.tail = FALSE))
}

cox_reference <- function(rows, cox_terms, ties) {
  d <- rows$data
  formula <- as.formula(paste("Surv(.time, .status) ~", paste(sprintf("`%s`", cox_terms), collapse = " + ")))
  fit <- coxph(formula, data = d, ties = ties)
  co <- summary(fit)$coefficients
  ci <- summary(fit)$conf.int
  k <- length(fit$coefficients)
  cc <- fit$concordance
  list(
    ties = ties,
    terms = I(gsub("`", "", rownames(co))),
    coef = I(unname(co[, "coef"])), hr = I(unname(co[, "exp(coef)"])), se = I(unname(co[, "se(coef)"])),
    z = I(unname(co[, "z"])), p = I(unname(co[, "Pr(>|z|)"])),
    lower = I(unname(ci[, "lower .95"])), upper = I(unname(ci[, "upper .95"])),
    variance = unname(fit$var),
    means = I(unname(fit$means)),
    loglik = I(fit$loglik),
    lr = test_reference(2 * (fit$loglik[2] - fit$loglik[1]), k),
    wald = test_reference(fit$wald.test, k),
    score = test_reference(fit$score, k),
    n = fit$n, events = fit$nevent, dropped = rows$dropped, iterations = fit$iter,
    concordance = list(
      concordant = unname(cc["concordant"]), discordant = unname(cc["discordant"]),
      tiedX = unname(cc["tied.x"]), tiedY = unname(cc["tied.y"]), tiedXY = unname(cc["tied.xy"]),
      concordance = unname(cc["concordance"]), std = unname(cc["std"])
    )
  )
}

# Reference values for one analysis of one data frame (see the header for the conventions).
reference_for_data <- function(data, time, event, event_value = 1, group = NULL, cox_terms = NULL,
                               at = numeric(0), factors = character(0), name = NULL, dataset = NULL) {
  data <- with_factors(data, factors)
  km_rows <- complete_rows(data, time, event, event_value, group)
  d <- km_rows$data
  levels_used <- list()
  for (column in unique(c(group, cox_terms))) {
    if (is.factor(data[[column]])) levels_used[[column]] <- I(levels(data[[column]]))
  }
  out <- list(
    name = name, dataset = dataset,
    spec = list(
      time = time, event = event, eventValue = event_value, group = group,
      cox = if (length(cox_terms)) I(cox_terms) else NULL, at = I(at),
      factors = I(factors), levels = if (length(levels_used)) levels_used else NULL
    ),
    n = nrow(d), events = sum(d$.status), dropped = km_rows$dropped,
    km = km_by_group(d, group, at)
  )
  if (!is.null(group)) out$logrank <- logrank_reference(d, group)
  if (length(cox_terms)) {
    cox_rows <- complete_rows(data, time, event, event_value, cox_terms)
    out$cox <- list(
      efron = cox_reference(cox_rows, cox_terms, "efron"),
      breslow = cox_reference(cox_rows, cox_terms, "breslow")
    )
  }
  out
}

reference_for <- function(csv, time, event, event_value = 1, group = NULL, cox_terms = NULL,
                          at = numeric(0), factors = character(0)) {
  data <- read.csv(csv, na.strings = "", check.names = FALSE, stringsAsFactors = TRUE)
  reference_for_data(data, time, event, event_value, group, cox_terms, at, factors,
                     name = basename(csv), dataset = csv)
}

main_builtin <- function() {
  export_dataset(survival::lung, "datasets/lung.csv")
  export_dataset(survival::pbc, "datasets/pbc.csv")
  export_dataset(survival::veteran, "datasets/veteran.csv")
  lung <- read.csv("datasets/lung.csv", na.strings = "")
  pbc <- read.csv("datasets/pbc.csv", na.strings = "", stringsAsFactors = TRUE)
  pbc$sex <- factor(pbc$sex, levels = c("m", "f"))
  veteran <- read.csv("datasets/veteran.csv", na.strings = "")
  veteran$celltype <- factor(veteran$celltype, levels = c("squamous", "smallcell", "adeno", "large"))
  # The simulated AML cohort (tools/reference/aml-simulated.sh), levels in the simulator's order.
  aml <- read.csv("datasets/aml-simulated.csv", na.strings = "")
  aml$eln2022 <- factor(aml$eln2022, levels = c("favourable", "intermediate", "adverse"))
  aml$treatment <- factor(aml$treatment, levels = c("intensive", "non_intensive"))
  aml$sex <- factor(aml$sex, levels = c("female", "male"))
  models <- list(
    reference_for_data(aml, "os_days", "os_status", 1, group = "eln2022",
                       cox_terms = c("age", "eln2022", "treatment", "tp53", "ecog"),
                       at = c(365, 1095, 1825), name = "aml-os-eln", dataset = "aml-simulated"),
    reference_for_data(aml, "rfs_days", "rfs_status", 1, group = "treatment",
                       cox_terms = c("age", "flt3_itd", "sex"),
                       at = c(365, 730), name = "aml-rfs-treatment", dataset = "aml-simulated"),
    reference_for_data(lung, "time", "status", 2, group = "sex", cox_terms = c("age", "sex", "ph.ecog"),
                       at = c(0, 100, 365, 500, 1000, 1100), factors = "ph.ecog",
                       name = "lung-sex", dataset = "lung"),
    reference_for_data(lung, "time", "status", 2, group = "ph.ecog",
                       cox_terms = c("age", "sex", "ph.karno", "wt.loss"),
                       at = c(180, 365, 730), name = "lung-ecog", dataset = "lung"),
    reference_for_data(lung, "time", "status", 2, at = c(30, 365.25, 2000), name = "lung-all", dataset = "lung"),
    reference_for_data(pbc, "time", "status", 2, group = "stage",
                       cox_terms = c("age", "bili", "albumin", "edema", "sex", "stage"),
                       at = c(1000, 2000, 3650), factors = "stage", name = "pbc-stage", dataset = "pbc"),
    reference_for_data(pbc, "time", "status", 2, group = "trt", cox_terms = c("trt", "age", "protime"),
                       at = c(365, 1825, 4000), name = "pbc-trt", dataset = "pbc"),
    # A Cox covariate missing where the Kaplan-Meier columns are not (chol: 28 of the 312 trial
    # patients; meal.cal or wt.loss: 57 of lung's 228): survfit and survdiff keep those patients.
    reference_for_data(pbc, "time", "status", 2, group = "trt", cox_terms = c("trt", "age", "chol"),
                       at = c(1000, 1825, 3650), name = "pbc-trt-chol", dataset = "pbc"),
    reference_for_data(lung, "time", "status", 2, group = "sex",
                       cox_terms = c("age", "sex", "meal.cal", "wt.loss"),
                       at = c(180, 365, 730), name = "lung-sex-meal-cal", dataset = "lung"),
    reference_for_data(veteran, "time", "status", 1, group = "celltype",
                       cox_terms = c("trt", "celltype", "karno"),
                       at = c(10, 30, 90, 180, 365), name = "veteran-celltype", dataset = "veteran"),
    reference_for_data(veteran, "time", "status", 1, group = "trt",
                       cox_terms = c("karno", "diagtime", "age", "prior"),
                       at = c(50, 100, 500), name = "veteran-trt", dataset = "veteran")
  )
  write_json_file(list(
    generator = "tools/reference/survival.R",
    r = R.version.string, survival = as.character(packageVersion("survival")),
    models = models
  ), "src/survival/fixtures/r-survival.json")
}

parse_args <- function(args) {
  values <- list()
  i <- 1
  while (i <= length(args)) {
    key <- sub("^--", "", args[i])
    values[[key]] <- args[i + 1]
    i <- i + 2
  }
  values
}

main_csv <- function(a) {
  split <- function(s, sep) if (is.null(s)) character(0) else trimws(strsplit(s, sep, fixed = TRUE)[[1]])
  event_value <- if (is.null(a[["event-value"]])) "1" else a[["event-value"]]
  ref <- reference_for(a$csv, a$time, a$event, event_value, group = a$group,
                       cox_terms = if (is.null(a$cox)) NULL else split(a$cox, "+"),
                       at = as.numeric(split(a$at, ",")), factors = split(a$factors, ","))
  out <- if (is.null(a$out)) "" else a$out
  if (nzchar(out)) write_json_file(list(ref), out) else cat(to_json(list(ref)), "\n")
}

if (sys.nframe() == 0L) {
  args <- parse_args(commandArgs(trailingOnly = TRUE))
  if (is.null(args$csv)) main_builtin() else main_csv(args)
}
