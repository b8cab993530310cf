#!/usr/bin/env Rscript
# Oracle for src/stats/survival.rs and src/stats/logrank.rs: writes
# tests/fixtures/stats/survival.json from R's survival package (Debian r-cran-survival; generated
# with survival 3.5-x). Run from the repository root:  Rscript tests/oracles/survival.R
# Kaplan-Meier: survfit(Surv(time, event) ~ 1, conf.type = "plain" | "log" | "log-log"), level 0.95;
# median and its limits from summary(fit)$table. Log-rank: survdiff(Surv(time, event) ~ group).
# Times are integers or multiples of 1/4 (exact in binary and JSON). No JSON package needed.
suppressMessages(library(survival))

num <- function(x) {
  if (length(x) == 0) return("[]")
  s <- ifelse(is.na(x) | is.infinite(x), "null", sprintf("%.17g", x))
  paste0("[", paste(s, collapse = ","), "]")
}
scalar <- function(x) if (is.na(x) || is.infinite(x)) "null" else sprintf("%.17g", x)
bools <- function(x) paste0("[", paste(ifelse(x == 1, "true", "false"), collapse = ","), "]")
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(sprintf("\"%s\": %s", names(kv), unlist(kv)), collapse = ", "), "}")
}

set.seed(20261126)
km_inputs <- list(
  list(name = "ties_event_censor_10", time = c(1, 2, 2, 3, 3, 3, 5, 6, 6, 8), event = c(1, 1, 0, 1, 1, 0, 1, 0, 1, 1)),
  list(name = "no_censoring_8", time = c(3, 1, 4, 1, 5, 9, 2, 6), event = rep(1, 8)),
  list(name = "median_midpoint_4", time = c(1, 2, 4, 5), event = c(1, 1, 1, 1)),
  list(name = "last_censored_12", time = c(0.25, 0.5, 0.5, 1, 1.5, 2, 2, 2, 3, 4, 4, 5), event = c(1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0)),
  list(name = "mostly_censored_9", time = c(1, 2, 3, 4, 5, 6, 7, 8, 9), event = c(0, 0, 1, 0, 0, 0, 0, 0, 0)),
  list(name = "heavy_ties_40", time = sample(1:6, 40, replace = TRUE), event = rbinom(40, 1, 0.6)),
  list(name = "quarters_60", time = sample(1:40, 60, replace = TRUE) / 4, event = rbinom(60, 1, 0.5)),
  list(name = "large_200", time = sample(1:50, 200, replace = TRUE), event = rbinom(200, 1, 0.7)),
  list(name = "single_event", time = c(2), event = c(1)),
  list(name = "all_censored_5", time = c(1, 2, 3, 3, 4), event = rep(0, 5))
)

km_case <- function(inp) {
  parts <- list()
  for (ct in c("plain", "log", "log-log")) {
    f <- survfit(Surv(inp$time, inp$event) ~ 1, conf.type = ct, conf.int = 0.95)
    tab <- summary(f)$table
    parts[[ct]] <- obj(lower = num(f$lower), upper = num(f$upper),
                       median = scalar(tab[["median"]]), median_lower = scalar(tab[["0.95LCL"]]),
                       median_upper = scalar(tab[["0.95UCL"]]))
  }
  obj(name = sprintf("\"%s\"", inp$name), time = num(inp$time), event = bools(inp$event),
      steps_time = num(f$time), n_risk = num(f$n.risk), n_event = num(f$n.event),
      n_censor = num(f$n.censor), surv = num(f$surv), std_err = num(f$std.err),
      plain = parts[["plain"]], log = parts[["log"]], loglog = parts[["log-log"]])
}

lr_inputs <- list(
  list(name = "two_groups_10", time = c(1, 2, 2, 3, 3, 3, 5, 6, 6, 8), event = c(1, 1, 0, 1, 1, 0, 1, 0, 1, 1), group = rep(c(1, 2), 5)),
  list(name = "two_groups_ties_50", time = sample(1:8, 50, replace = TRUE), event = rbinom(50, 1, 0.6), group = rep(1:2, c(20, 30))),
  list(name = "three_groups_60", time = sample(1:30, 60, replace = TRUE) / 2, event = rbinom(60, 1, 0.7), group = sample(1:3, 60, replace = TRUE)),
  list(name = "four_groups_unequal", time = c(sample(1:10, 12, TRUE), sample(4:15, 25, TRUE), sample(1:20, 8, TRUE), sample(2:12, 15, TRUE)),
       event = rbinom(60, 1, 0.65), group = rep(1:4, c(12, 25, 8, 15))),
  list(name = "group_without_expected", time = c(0.5, 0.5, 1, 2, 3, 4, 2, 3, 5, 6), event = c(0, 0, 1, 1, 0, 1, 1, 1, 1, 0), group = c(3, 3, 1, 1, 1, 1, 2, 2, 2, 2)),
  list(name = "separated_groups", time = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), event = rep(1, 10), group = rep(1:2, each = 5)),
  list(name = "large_two_200", time = sample(1:40, 200, TRUE), event = rbinom(200, 1, 0.5), group = rep(1:2, c(90, 110)))
)

lr_case <- function(inp) {
  d <- survdiff(Surv(inp$time, inp$event) ~ inp$group)
  df <- length(d$n) - 1
  df <- sum(d$exp > 0) - 1
  obj(name = sprintf("\"%s\"", inp$name), time = num(inp$time), event = bools(inp$event), group = num(inp$group),
      chisq = scalar(d$chisq), df = df, p = scalar(pchisq(d$chisq, df, lower.tail = FALSE)),
      observed = num(d$obs), expected = num(d$exp), n = num(as.numeric(d$n)))
}

out <- paste0("{\n \"generator\": \"tests/oracles/survival.R (R ", getRversion(), ", survival ",
              packageVersion("survival"), ")\",\n \"kaplan_meier\": [\n  ",
              paste(sapply(km_inputs, km_case), collapse = ",\n  "), "\n ],\n \"log_rank\": [\n  ",
              paste(sapply(lr_inputs, lr_case), collapse = ",\n  "), "\n ]\n}\n")
args <- commandArgs(trailingOnly = FALSE)
script <- sub("--file=", "", args[grep("--file=", args)])
dir <- file.path(dirname(script), "..", "fixtures", "stats")
writeLines(out, file.path(dir, "survival.json"), sep = "")
