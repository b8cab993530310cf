#!/usr/bin/env Rscript
# Oracle for src/hazards/ (cox.rs, zph.rs, finegray.rs): writes tests/fixtures/hazards/cox.json
# from R survival (coxph, cox.zph, finegray) and cmprsk (crr). Run from the repository root:
#   Rscript tests/oracles/cox.R
# Cox: coxph(ties = "efron" (one "breslow" case), control = coxph.control(eps = 1e-12,
# iter.max = 100)); recorded: coefficients, model-based variance (fit$naive.var when robust,
# else fit$var), robust variance (fit$var with cluster), log-likelihoods, score test (fit$score),
# likelihood-ratio test, model-based Wald test, robust Wald test (fit$wald.test with cluster),
# robust score test (fit$rscore), 95 % hazard-ratio intervals of summary(fit)$conf.int (robust
# when clustered); cox.zph(fit, transform = "km", terms = TRUE) table.
# Fine-Gray: crr(ftime, fstatus, cov1, failcode = 1, cencode = 0, gtol = 1e-12, maxiter = 100)
# coef and var; delayed entry: finegray() + coxph(Surv(fgstart, fgstop, fgstatus) ~ ...,
# weights = fgwt, ties = "breslow", cluster = id). Times are integers (days); the data are
# generated here with a fixed seed and written into the JSON. No JSON package needed.
suppressMessages({library(survival); library(cmprsk)})

num <- function(x) {
  x <- as.numeric(x)
  if (length(x) == 0) return("[]")
  s <- ifelse(is.na(x) | is.infinite(x), "null", sprintf("%.17g", x))
  paste0("[", paste(s, collapse = ","), "]")
}
scalar <- function(x) if (is.null(x) || length(x) == 0 || is.na(x) || is.infinite(x)) "null" else sprintf("%.17g", x)
str <- function(x) paste0("[", paste(sprintf("\"%s\"", x), collapse = ","), "]")
bools <- function(x) paste0("[", paste(ifelse(x, "true", "false"), collapse = ","), "]")
mat <- function(m) if (is.null(m)) "null" else paste0("[", paste(apply(as.matrix(m), 1, num), collapse = ","), "]")
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(sprintf("\"%s\": %s", names(kv), unlist(kv)), collapse = ", "), "}")
}
ctl <- suppressWarnings(coxph.control(eps = 1e-12, iter.max = 100))

set.seed(20261206)
gen <- function(n, entry = FALSE, nstrata = 1, ncluster = 0, weights = FALSE, factor = FALSE,
                tmax = 40, beta = c(0.5, -0.4)) {
  x1 <- round(rnorm(n), 2)
  x2 <- rbinom(n, 1, 0.4)
  f <- factor(sample(c("a", "b", "c"), n, replace = TRUE))
  lp <- beta[1] * x1 + beta[2] * x2 + if (factor) 0.6 * (f == "b") - 0.3 * (f == "c") else 0
  t <- pmax(1, ceiling(rexp(n, 0.08 * exp(lp))))
  c <- sample(5:tmax, n, replace = TRUE)
  time <- pmin(t, c)
  status <- as.integer(t <= c)
  start <- if (entry) pmin(sample(0:6, n, replace = TRUE), time - 1) else rep(0, n)
  d <- data.frame(start = start, stop = time, status = status, x1 = x1, x2 = x2, f = f,
                  strat = sample(seq_len(nstrata), n, replace = TRUE),
                  cl = if (ncluster > 0) sample(seq_len(ncluster), n, replace = TRUE) else seq_len(n),
                  w = if (weights) round(runif(n, 0.5, 2), 3) else rep(1, n))
  d
}

cases <- list(
  list(name = "ties_right_efron", d = gen(80, tmax = 25), f = Surv(stop, status) ~ x1 + x2, ties = "efron", cluster = FALSE),
  list(name = "ties_right_breslow", d = gen(80, tmax = 25), f = Surv(stop, status) ~ x1 + x2, ties = "breslow", cluster = FALSE),
  list(name = "delayed_entry", d = gen(120, entry = TRUE), f = Surv(start, stop, status) ~ x1 + x2, ties = "efron", cluster = FALSE),
  list(name = "strata", d = gen(150, nstrata = 3), f = Surv(stop, status) ~ x1 + x2 + strata(strat), ties = "efron", cluster = FALSE),
  list(name = "categorical", d = gen(140, factor = TRUE), f = Surv(stop, status) ~ x1 + f, ties = "efron", cluster = FALSE),
  list(name = "clusters", d = gen(160, ncluster = 25), f = Surv(stop, status) ~ x1 + x2, ties = "efron", cluster = TRUE),
  list(name = "weights", d = gen(100, weights = TRUE), f = Surv(stop, status) ~ x1 + x2, ties = "efron", cluster = FALSE),
  list(name = "weights_clusters_delayed_strata", d = gen(200, entry = TRUE, nstrata = 2, ncluster = 30, weights = TRUE, factor = TRUE),
       f = Surv(start, stop, status) ~ x1 + x2 + f + strata(strat), ties = "efron", cluster = TRUE),
  list(name = "categorical_clusters_delayed", d = gen(180, entry = TRUE, ncluster = 20, factor = TRUE),
       f = Surv(start, stop, status) ~ x1 + f, ties = "efron", cluster = TRUE),
  list(name = "single_covariate_heavy_ties", d = gen(60, tmax = 8), f = Surv(stop, status) ~ x1, ties = "efron", cluster = FALSE)
)

cox_case <- function(cs) {
  d <- cs$d
  args <- list(formula = cs$f, data = d, ties = cs$ties, control = ctl, x = TRUE)
  if (any(d$w != 1)) args$weights <- d$w
  if (cs$cluster) args$cluster <- d$cl else args$robust <- FALSE
  fit <- do.call(coxph, args)
  X <- fit$x
  p <- ncol(X)
  naive <- if (is.null(fit$naive.var)) fit$var else fit$naive.var
  robust <- if (is.null(fit$naive.var)) NULL else fit$var
  wald_model <- sum(coef(fit) * solve(naive, coef(fit)))
  lr <- 2 * diff(fit$loglik)
  zph <- cox.zph(fit, transform = "km", terms = TRUE)
  tab <- zph$table
  terms <- sapply(fit$assign, function(a) paste0("[", paste(a - 1, collapse = ","), "]"))
  obj(name = sprintf("\"%s\"", cs$name), ties = sprintf("\"%s\"", cs$ties),
      start = num(d$start), stop = num(d$stop), event = bools(d$status == 1),
      x = mat(X), names = str(colnames(X)),
      strata = if (grepl("strata", deparse(cs$f))) num(d$strat - 1) else "null",
      cluster = if (cs$cluster) num(d$cl - 1) else "null",
      weights = if (any(d$w != 1)) num(d$w) else "null",
      term_names = str(names(fit$assign)), terms = paste0("[", paste(terms, collapse = ","), "]"),
      coef = num(coef(fit)), var = mat(naive), robust_var = mat(robust),
      loglik = num(fit$loglik), iter = fit$iter,
      score = scalar(fit$score), score_p = scalar(pchisq(fit$score, p, lower.tail = FALSE)),
      lr = scalar(lr), lr_p = scalar(pchisq(lr, p, lower.tail = FALSE)),
      wald = scalar(wald_model), wald_p = scalar(pchisq(wald_model, p, lower.tail = FALSE)),
      wald_robust = if (is.null(robust)) "null" else scalar(fit$wald.test),
      rscore = if (is.null(fit$rscore)) "null" else scalar(fit$rscore),
      rscore_p = if (is.null(fit$rscore)) "null" else scalar(pchisq(fit$rscore, p, lower.tail = FALSE)),
      hr_ci = mat(summary(fit)$conf.int[, c("lower .95", "upper .95"), drop = FALSE]),
      zph_terms = str(rownames(tab)), zph_chisq = num(tab[, "chisq"]), zph_df = num(tab[, "df"]),
      zph_p = num(tab[, "p"]))
}

# Monotone likelihood: x3 = 1 after day 20, where no one in x3 = 0 is at risk: its coefficient
# diverges. With eps = 1e-12 coxph iterates until the information is singular and reports NA
# ("X matrix deemed to be singular"); with the default eps it warns "Loglik converged before
# variable 2". Both are recorded.
mono <- local({
  d <- gen(40)
  d$x3 <- as.numeric(d$stop > 20)
  w <- NULL
  fit <- withCallingHandlers(coxph(Surv(stop, status) ~ x1 + x3, data = d, control = ctl),
                             warning = function(m) { w <<- c(w, conditionMessage(m)); invokeRestart("muffleWarning") })
  w2 <- NULL
  withCallingHandlers(coxph(Surv(stop, status) ~ x1 + x3, data = d),
                      warning = function(m) { w2 <<- c(w2, conditionMessage(m)); invokeRestart("muffleWarning") })
  obj(name = "\"monotone\"", start = num(d$start), stop = num(d$stop), event = bools(d$status == 1),
      x = mat(cbind(d$x1, d$x3)), names = str(c("x1", "x3")), warnings = str(gsub("\"", "'", trimws(w))), coef = num(coef(fit)), iter = fit$iter,
      default_eps_warnings = str(gsub("\"", "'", trimws(w2))))
})

# Fine-Gray, no delayed entry: crr.
gen_cr <- function(n, tmax = 30, ncg = 1) {
  x1 <- round(rnorm(n), 2)
  x2 <- rbinom(n, 1, 0.5)
  t1 <- ceiling(rexp(n, 0.05 * exp(0.6 * x1 - 0.5 * x2)))
  t2 <- ceiling(rexp(n, 0.03 * exp(-0.3 * x1)))
  cc <- sample(3:tmax, n, replace = TRUE)
  time <- pmin(t1, t2, cc)
  cause <- ifelse(time == cc & cc < pmin(t1, t2), 0L, ifelse(t1 <= t2, 1L, 2L))
  data.frame(time = time, cause = cause, x1 = x1, x2 = x2, cg = sample(seq_len(ncg), n, replace = TRUE))
}
crr_cases <- list(
  list(name = "crr_basic", d = gen_cr(100), cg = FALSE),
  list(name = "crr_ties", d = gen_cr(150, tmax = 12), cg = FALSE),
  list(name = "crr_cengroup", d = gen_cr(160, ncg = 2), cg = TRUE),
  list(name = "crr_large", d = gen_cr(250, tmax = 40), cg = FALSE),
  list(name = "crr_one_covariate", d = gen_cr(90), cg = FALSE, one = TRUE)
)
crr_case <- function(cs) {
  d <- cs$d
  X <- if (isTRUE(cs$one)) as.matrix(d[, "x1", drop = FALSE]) else as.matrix(d[, c("x1", "x2")])
  fit <- if (cs$cg) crr(d$time, d$cause, X, cengroup = d$cg, failcode = 1, cencode = 0, gtol = 1e-12, maxiter = 100)
         else crr(d$time, d$cause, X, failcode = 1, cencode = 0, gtol = 1e-12, maxiter = 100)
  obj(name = sprintf("\"%s\"", cs$name), time = num(d$time), cause = num(d$cause), x = mat(X),
      names = str(colnames(X)), cengroup = if (cs$cg) num(d$cg - 1) else "null",
      coef = num(fit$coef), var = mat(fit$var), converged = if (fit$converged) "true" else "false",
      loglik = scalar(fit$loglik))
}

# Fine-Gray with delayed entry: finegray + weighted coxph with cluster = id (and one case
# without delay, through the same path).
fg_case <- function(name, n, delay = TRUE) {
  d <- gen_cr(n)
  d$entry <- if (delay) pmin(sample(0:8, n, replace = TRUE), d$time - 1) else rep(0, n)
  d$id <- seq_len(n)
  d$fstat <- factor(d$cause, 0:2, c("censor", "event", "competing"))
  fg <- finegray(Surv(entry, time, fstat) ~ ., data = d[, c("entry", "time", "fstat", "x1", "x2", "id")],
                 id = id, etype = "event")
  fit <- coxph(Surv(fgstart, fgstop, fgstatus) ~ x1 + x2, data = fg, weights = fgwt,
               ties = "breslow", cluster = id, control = ctl)
  obj(name = sprintf("\"%s\"", name), entry = num(d$entry), time = num(d$time), cause = num(d$cause),
      x = mat(as.matrix(d[, c("x1", "x2")])), names = str(c("x1", "x2")),
      fg_id = num(fg$id - 1), fg_start = num(fg$fgstart), fg_stop = num(fg$fgstop),
      fg_status = num(fg$fgstatus), fg_wt = num(fg$fgwt),
      coef = num(coef(fit)), var = mat(fit$naive.var), robust_var = mat(fit$var),
      loglik = num(fit$loglik))
}

out <- paste0("{\n \"generator\": \"tests/oracles/cox.R\",\n \"r_version\": \"", R.version.string,
              "\",\n \"survival\": \"", packageVersion("survival"), "\",\n \"cmprsk\": \"",
              packageVersion("cmprsk"), "\",\n \"cox\": [\n  ",
              paste(sapply(cases, cox_case), collapse = ",\n  "), "\n ],\n \"monotone\": ", mono,
              ",\n \"crr\": [\n  ", paste(sapply(crr_cases, crr_case), collapse = ",\n  "),
              "\n ],\n \"finegray\": [\n  ", paste(c(fg_case("finegray_delayed", 120),
                                                    fg_case("finegray_delayed_ties", 200),
                                                    fg_case("finegray_no_delay", 100, delay = FALSE)), collapse = ",\n  "),
              "\n ]\n}\n")
args <- commandArgs(trailingOnly = FALSE)
script <- sub("--file=", "", args[grep("--file=", args)])
dir <- file.path(dirname(script), "..", "fixtures", "hazards")
writeLines(out, file.path(dir, "cox.json"), sep = "")
