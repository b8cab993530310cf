#!/usr/bin/env Rscript
# Oracle for src/compare/durations.rs (issue 17, point 5): the stage-duration rows of
# tables/comparison.csv and tables/comparison_k.csv. Writes tests/fixtures/compare/stage_durations.json.
# Run from the repository root:  Rscript tests/oracles/stage_durations.R
# Generated with R 4.2.2, survival 3.5-3, cmprsk 2.2-11.
# Per case: durations in days (integers, with ties), cause 0 = still in the stage (censored),
# 1 = moved on, 2 = left for an optional stage (competing; only in "gray" cases), a group index.
# - log_rank: survdiff(Surv(time, cause > 0) ~ group): chisq, df = groups with expected > 0 - 1,
#   p = pchisq(chisq, df, lower.tail = FALSE).
# - gray: cmprsk::cuminc(time, cause, group, cencode = 0)$Tests for cause 1: stat, pv, df.
# - median: survfit(Surv(time, cause > 0) ~ group) median per group (any exit leaves the stage).
suppressMessages({library(survival); library(cmprsk)})

num <- function(x) {
  s <- ifelse(is.na(x) | is.infinite(x), "null", sprintf("%.17g", x))
  paste0("[", paste(s, collapse = ","), "]")
}
scalar <- function(x) if (is.na(x) || is.infinite(x)) "null" else sprintf("%.17g", x)

set.seed(20261206)
draw <- function(n_per_group, rates, competing) {
  g <- rep(seq_along(n_per_group) - 1, n_per_group)
  t1 <- ceiling(rexp(length(g), rates[g + 1]) * 365)
  t2 <- if (competing) ceiling(rexp(length(g), 1 / 2000)) else rep(Inf, length(g))  # mean 2000 days
  c <- sample(30:2500, length(g), replace = TRUE)
  time <- pmin(t1, t2, c)
  cause <- ifelse(time == c & c < pmin(t1, t2), 0, ifelse(t1 <= t2, 1, 2))
  # Coarsen to 30-day steps so that ties occur.
  time <- 30 * ceiling(time / 30)
  list(group = g, time = time, cause = cause)
}

cases <- list(
  list(name = "gray_two", kind = "gray", d = draw(c(18, 22), c(1 / 1.2, 1 / 2.5), TRUE)),
  list(name = "gray_three", kind = "gray", d = draw(c(15, 12, 20), c(1 / 1.0, 1 / 2.0, 1 / 1.5), TRUE)),
  list(name = "log_rank_two", kind = "log_rank", d = draw(c(20, 17), c(1 / 1.0, 1 / 2.2), FALSE)),
  list(name = "log_rank_three", kind = "log_rank", d = draw(c(14, 16, 11), c(1 / 1.0, 1 / 1.8, 1 / 1.2), FALSE))
)

out <- character(0)
for (cs in cases) {
  d <- cs$d
  if (cs$kind == "log_rank") {
    sd <- survdiff(Surv(d$time, d$cause > 0) ~ d$group)
    df <- sum(sd$exp > 0) - 1
    stat <- sd$chisq; p <- pchisq(stat, df, lower.tail = FALSE)
  } else {
    ci <- cuminc(d$time, d$cause, d$group, cencode = 0)
    stat <- ci$Tests["1", "stat"]; p <- ci$Tests["1", "pv"]; df <- ci$Tests["1", "df"]
  }
  fit <- survfit(Surv(d$time, d$cause > 0) ~ d$group)
  med <- summary(fit)$table[, "median"]
  out <- c(out, sprintf(
    "{\"name\": \"%s\", \"kind\": \"%s\", \"group\": %s, \"time\": %s, \"cause\": %s, \"chi2\": %s, \"df\": %s, \"p_value\": %s, \"median\": %s}",
    cs$name, cs$kind, num(d$group), num(d$time), num(d$cause), scalar(stat), scalar(df), scalar(p), num(unname(med))))
}
writeLines(paste0("{\"r_version\": \"", R.version.string, "\", \"survival\": \"",
                  as.character(packageVersion("survival")), "\", \"cmprsk\": \"",
                  as.character(packageVersion("cmprsk")), "\",\n\"cases\": [\n",
                  paste(out, collapse = ",\n"), "\n]}"),
           "tests/fixtures/compare/stage_durations.json")
