#!/usr/bin/env Rscript
# Oracle for src/events/ (issue 17): writes tests/fixtures/events/cuminc.json from R's cmprsk
# (Debian r-cran-cmprsk; generated with cmprsk 2.2-11) and survival (3.5-3) packages.
# Run from the repository root:  Rscript tests/oracles/cuminc.R
#
# - cuminc cases: cmprsk::cuminc(time, cause, group) (rho = 0, no strata, cencode = 0). For each
#   group and cause, the points of the step function just after each jump (elements 3, 5, ...,
#   2k+1 of $time/$est/$var), and the 95 % log(-log) interval computed here by the formula of
#   src/events/mod.rs: est^exp(-/+ z * sqrt(var) / (est * log(est))), z = qnorm(0.975).
#   Gray's test: $Tests (stat, pv, df); stat = -1 means cuminc found the variance singular.
# - delayed-entry cases: survfit(Surv(entry, exit, state) ~ group, id = id) with state a factor
#   (censor, event, competing): time, pstate and std.err (infinitesimal jackknife) of the
#   "event" and "competing" states, n.risk of the initial state, per group.
# Times are integers (days), exact in binary and JSON. No JSON package needed.
suppressMessages({library(survival); library(cmprsk)})

num <- function(x) {
  if (length(x) == 0) return("[]")
  s <- ifelse(is.na(x) | is.infinite(x), "null", sprintf("%.17g", x))
  paste0("[", paste(s, collapse = ","), "]")
}
scalar <- function(x) if (is.na(x) || is.infinite(x)) "null" else sprintf("%.17g", x)
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(sprintf("\"%s\": %s", names(kv), unlist(kv)), collapse = ", "), "}")
}
arr <- function(items) paste0("[\n    ", paste(items, collapse = ",\n    "), "\n  ]")
z975 <- qnorm(0.975)
loglog_ci <- function(est, var) {
  se <- sqrt(var)
  ok <- est > 0 & est < 1
  k <- ifelse(ok, z975 * se / (est * log(est)), NA)
  list(low = ifelse(ok, est^exp(-k), NA), high = ifelse(ok, est^exp(k), NA))
}

set.seed(20261206)
ci_inputs <- list(
  list(name = "ties_two_groups_12",
       time  = c(1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8),
       cause = c(1, 1, 2, 0, 1, 0, 2, 1, 0, 1, 2, 0),
       group = c(0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1)),
  list(name = "event_and_competing_same_day_10",
       time  = c(3, 3, 3, 3, 5, 5, 5, 7, 7, 9),
       cause = c(1, 2, 1, 2, 1, 2, 0, 1, 2, 0),
       group = c(0, 0, 1, 1, 0, 1, 0, 1, 1, 0)),
  list(name = "group_without_competing_14",
       time  = c(2, 4, 4, 6, 8, 9, 11, 1, 3, 3, 5, 7, 7, 10),
       cause = c(1, 1, 0, 1, 0, 1, 0, 2, 1, 2, 1, 0, 2, 1),
       group = c(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1)),
  list(name = "single_ptce_group_three_groups",
       time  = c(1, 2, 3, 4, 5, 6, 7, 2, 3, 5, 6, 8, 9, 4),
       cause = c(1, 2, 1, 0, 1, 2, 1, 1, 0, 2, 1, 1, 0, 1),
       group = c(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2)),
  list(name = "censoring_ties_16",
       time  = c(2, 2, 2, 2, 4, 4, 4, 6, 6, 6, 6, 8, 8, 10, 10, 10),
       cause = c(0, 0, 1, 2, 0, 0, 1, 0, 0, 2, 1, 0, 1, 0, 0, 2),
       group = c(0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1)),
  list(name = "three_groups_random_60",
       time  = sample(1:25, 60, replace = TRUE),
       cause = sample(0:2, 60, replace = TRUE, prob = c(0.3, 0.45, 0.25)),
       group = sample(0:2, 60, replace = TRUE)),
  list(name = "empty_middle_group_and_time_zero",
       time  = c(0, 0, 1, 2, 3, 3, 4, 0, 2, 2, 5, 6),
       cause = c(1, 2, 1, 0, 2, 1, 1, 1, 0, 2, 1, 0),
       group = c(0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2)),
  list(name = "large_two_groups_400",
       time  = sample(30:3000, 400, replace = TRUE),
       cause = sample(0:2, 400, replace = TRUE, prob = c(0.35, 0.4, 0.25)),
       group = rep(0:1, c(170, 230))),
  list(name = "four_groups_heavy_ties_120",
       time  = sample(1:12, 120, replace = TRUE) * 30,
       cause = sample(0:2, 120, replace = TRUE, prob = c(0.25, 0.5, 0.25)),
       group = sample(0:3, 120, replace = TRUE)),
  list(name = "one_group_no_test",
       time  = c(1, 2, 2, 3, 4, 5, 6),
       cause = c(1, 2, 1, 0, 1, 2, 0),
       group = c(0, 0, 0, 0, 0, 0, 0)),
  list(name = "no_competing_at_all_two_groups",
       time  = c(1, 2, 3, 4, 5, 2, 3, 3, 6, 7),
       cause = c(1, 0, 1, 1, 0, 1, 1, 0, 1, 0),
       group = c(0, 0, 0, 0, 0, 1, 1, 1, 1, 1)),
  list(name = "group_censored_before_any_event_singular",
       time  = c(2, 3, 3, 4, 5, 6, 1, 1),
       cause = c(1, 2, 1, 0, 1, 2, 0, 0),
       group = c(0, 0, 0, 0, 0, 0, 1, 1))
)

ci_case <- function(inp) {
  fit <- cuminc(inp$time, inp$cause, inp$group)
  curves <- character(0)
  for (nm in setdiff(names(fit), "Tests")) {
    parts <- strsplit(nm, " ")[[1]]
    cu <- fit[[nm]]
    nj <- (length(cu$time) - 2) / 2
    idx <- if (nj > 0) seq(3, by = 2, length.out = nj) else integer(0)
    est <- cu$est[idx]; v <- cu$var[idx]
    ci <- loglog_ci(est, v)
    curves <- c(curves, obj(group = parts[1], cause = parts[2], time = num(cu$time[idx]),
                            estimate = num(est), variance = num(v),
                            ci_low = num(ci$low), ci_high = num(ci$high)))
  }
  tests <- "[]"
  if (!is.null(fit$Tests)) {
    tt <- fit$Tests
    tests <- paste0("[", paste(sapply(rownames(tt), function(r)
      obj(cause = r, statistic = scalar(tt[r, "stat"]), p_value = scalar(tt[r, "pv"]),
          df = scalar(tt[r, "df"]))), collapse = ", "), "]")
  }
  obj(name = sprintf("\"%s\"", inp$name), n_groups = max(inp$group) + 1,
      time = num(inp$time), cause = num(inp$cause), group = num(inp$group),
      curves = paste0("[", paste(curves, collapse = ", "), "]"), tests = tests)
}

aj_inputs <- list(
  list(name = "delayed_two_groups_8",
       entry = c(0, 1, 2, 0, 3, 0, 1, 2), exit = c(3, 4, 5, 5, 6, 7, 8, 9),
       cause = c(1, 2, 0, 1, 1, 2, 0, 1), group = c(0, 0, 0, 0, 1, 1, 1, 1)),
  list(name = "delayed_entry_on_exit_times_12",
       entry = c(0, 0, 3, 3, 5, 0, 2, 4, 4, 6, 0, 1),
       exit  = c(3, 5, 5, 7, 9, 4, 4, 6, 8, 9, 2, 6),
       cause = c(1, 2, 1, 0, 1, 1, 2, 1, 2, 0, 1, 1),
       group = c(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1)),
  list(name = "delayed_random_three_groups_90",
       entry = NULL, exit = NULL,
       cause = sample(0:2, 90, replace = TRUE, prob = c(0.3, 0.45, 0.25)),
       group = sample(0:2, 90, replace = TRUE)),
  list(name = "no_delay_two_groups_20",
       entry = rep(0, 20), exit = sample(1:10, 20, replace = TRUE),
       cause = sample(0:2, 20, replace = TRUE), group = rep(0:1, 10))
)
aj_inputs[[3]]$entry <- sample(0:15, 90, replace = TRUE)
aj_inputs[[3]]$exit <- aj_inputs[[3]]$entry + sample(1:30, 90, replace = TRUE)

aj_case <- function(inp) {
  d <- data.frame(id = seq_along(inp$exit), entry = inp$entry, exit = inp$exit,
                  state = factor(inp$cause, 0:2, c("censor", "event", "competing")),
                  group = inp$group)
  fit <- survfit(Surv(entry, exit, state) ~ group, data = d, id = id)
  ie <- match("event", fit$states); ic <- match("competing", fit$states); i0 <- match("(s0)", fit$states)
  labels <- sub("^group=", "", names(fit$strata))
  ends <- cumsum(fit$strata); starts <- ends - fit$strata + 1
  curves <- character(0)
  for (k in seq_along(labels)) {
    r <- starts[k]:ends[k]
    curves <- c(curves, obj(group = labels[k], time = num(fit$time[r]),
                            event = num(fit$pstate[r, ie]), competing = num(fit$pstate[r, ic]),
                            event_std_err = num(fit$std.err[r, ie]),
                            competing_std_err = num(fit$std.err[r, ic]),
                            n_risk = num(fit$n.risk[r, i0])))
  }
  obj(name = sprintf("\"%s\"", inp$name), n_groups = max(inp$group) + 1,
      entry = num(inp$entry), exit = num(inp$exit), cause = num(inp$cause), group = num(inp$group),
      curves = paste0("[", paste(curves, collapse = ", "), "]"))
}

out <- paste0("{\n  \"r_version\": \"", R.version.string, "\",\n",
              "  \"cmprsk_version\": \"", as.character(packageVersion("cmprsk")), "\",\n",
              "  \"survival_version\": \"", as.character(packageVersion("survival")), "\",\n",
              "  \"z975\": ", scalar(z975), ",\n",
              "  \"cuminc\": ", arr(sapply(ci_inputs, ci_case)), ",\n",
              "  \"delayed\": ", arr(sapply(aj_inputs, aj_case)), "\n}\n")
writeLines(out, "tests/fixtures/events/cuminc.json", sep = "")
