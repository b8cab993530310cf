#!/usr/bin/env Rscript
# Oracle for src/models/ and src/stats/student.rs (issue 16): writes tests/fixtures/models/glm.json.
# Run from the repository root:  Rscript tests/oracles/models.R
# Packages: stats, splines, sandwich, lmtest (Debian r-cran-sandwich, r-cran-lmtest).
# marginaleffects is not installed here: the average marginal effects are checked against the
# hand-coded analytic delta method below only.
#
# Every case's data is generated here from a fixed seed and written into the JSON (outcome,
# trials, model matrix, cluster ids), so the Rust test fits exactly the same numbers.
# GLMs: glm(..., control = glm.control(epsilon = 1e-12, maxit = 100)), then refitted from their
# own solution (start = coef(fit)), since glm takes its covariance from the weights of the
# next-to-last iteration. Errors: vcov(fit) (quasi, model-based), vcovHC(fit, type = "HC0"|"HC3")
# (type always passed) or vcovCL(fit, cluster = ~cl) (defaults: HC0 x G/(G-1) for a glm, HC1 for
# an lm); tests and intervals: lmtest::coeftest / coefci with df = n - k (quasi, OLS), Inf (HC0
# on a glm) or G - 1 (clusters).
suppressMessages({
  library(splines)
  library(sandwich)
  library(lmtest)
})

num <- function(x) {
  if (length(x) == 0) return("[]")
  s <- ifelse(is.na(x) | is.infinite(x), "null", sprintf("%.17g", x))
  paste0("[", paste(s, collapse = ","), "]")
}
scalar <- function(x) if (is.null(x) || is.na(x) || is.infinite(x)) "null" else sprintf("%.17g", x)
str <- function(x) sprintf("\"%s\"", x)
strs <- function(x) paste0("[", paste(sprintf("\"%s\"", x), collapse = ","), "]")
rows <- function(m) paste0("[", paste(apply(m, 1, num), collapse = ","), "]")
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(sprintf("\"%s\": %s", names(kv), unlist(kv)), collapse = ", "), "}")
}
arr <- function(parts) paste0("[\n", paste(parts, collapse = ",\n"), "\n]")

ctl <- glm.control(epsilon = 1e-12, maxit = 100)
refit <- function(formula, family, data) {
  f <- glm(formula, family = family, data = data, control = ctl)
  g <- glm(formula, family = family, data = data, control = ctl, start = coef(f))
  stopifnot(f$converged, g$converged)
  g
}

set.seed(20261206)
gen <- function(n) {
  members <- sample(4:60, n, replace = TRUE)
  d <- data.frame(
    members = members,
    log_n = log(members),
    group = factor(sample(c("urban", "rural"), n, TRUE), levels = c("urban", "rural")),
    founded_year = sample(2005:2022, n, TRUE),
    legal = factor(sample(c("assoc", "sas", "scic"), n, TRUE), levels = c("assoc", "sas", "scic")),
    dept = sample(1:14, n, TRUE)
  )
  d$trials <- d$members * (d$members - 1) / 2
  d$rural <- as.numeric(d$group == "rural")
  d
}

# Hand-coded average marginal effect of the dummy `col` (1-based), siblings zeroed, with the
# analytic delta-method SE from V; reference t(df) or normal (df = Inf).
ame <- function(X, beta, V, col, sib, link, df) {
  X1 <- X
  if (length(sib)) X1[, sib] <- 0
  X0 <- X1
  X1[, col] <- 1
  X0[, col] <- 0
  e1 <- drop(X1 %*% beta)
  e0 <- drop(X0 %*% beta)
  if (link == "logit") {
    est <- mean(plogis(e1) - plogis(e0)); d1 <- dlogis(e1); d0 <- dlogis(e0)
  } else if (link == "log") {
    est <- mean(exp(e1) - exp(e0)); d1 <- exp(e1); d0 <- exp(e0)
  } else {
    est <- mean(e1 - e0); d1 <- rep(1, nrow(X)); d0 <- d1
  }
  g <- colMeans(d1 * X1 - d0 * X0)
  se <- sqrt(drop(t(g) %*% V %*% g))
  q <- if (is.finite(df)) qt(0.975, df) else qnorm(0.975)
  p <- if (is.finite(df)) 2 * pt(-abs(est / se), df) else 2 * pnorm(-abs(est / se))
  obj(column = col - 1, siblings = num(sib - 1), estimate = scalar(est), std_error = scalar(se),
      statistic = scalar(est / se), p_value = scalar(p), ci_low = scalar(est - q * se),
      ci_high = scalar(est + q * se))
}

# One fitted case. family: our name; formula: R formula; se: "quasi"|"HC0"|"HC3"|"cluster".
fit_case <- function(name, family, formula, d, se, ame_col = "grouprural", ame_sib = character(0),
                     spline = FALSE, missing = FALSE) {
  glm_family <- switch(family, binomial = quasibinomial(), fractional_logit = quasibinomial(),
                       poisson = quasipoisson(), ols = NULL)
  fit <- if (family == "ols") lm(formula, data = d) else refit(formula, glm_family, d)
  X <- model.matrix(fit)
  used <- as.integer(rownames(X))
  dd <- d[used, ]
  n <- nrow(X); k <- ncol(X)
  if (se == "cluster") {
    V <- vcovCL(fit, cluster = dd$dept)
    df <- length(unique(dd$dept)) - 1
  } else if (se == "quasi") {
    V <- vcov(fit); df <- df.residual(fit)
  } else if (se == "HC0") {
    V <- vcovHC(fit, type = "HC0"); df <- Inf
  } else {
    V <- vcovHC(fit, type = "HC3"); df <- df.residual(fit)
  }
  ct <- coeftest(fit, vcov. = V, df = df)
  ci <- coefci(fit, vcov. = V, df = df, level = 0.95)
  if (family == "ols") {
    y <- dd$y; trials <- "null"
    dispersion <- summary(fit)$sigma^2
    dev <- deviance(fit); null_dev <- sum((y - mean(y))^2)
    aic <- AIC(fit); r2 <- summary(fit)$r.squared
  } else {
    y <- fit$y
    trials <- if (family == "binomial") num(fit$prior.weights) else "null"
    dispersion <- summary(fit)$dispersion
    dev <- deviance(fit); null_dev <- fit$null.deviance; r2 <- NA
    aic <- NA
    if (family == "binomial") {
      aic <- glm(formula, family = binomial(), data = d, control = ctl, start = coef(fit))$aic
    } else if (family == "poisson" && all(y == round(y))) {
      aic <- glm(formula, family = poisson(), data = d, control = ctl, start = coef(fit))$aic
    }
  }
  link <- switch(family, binomial = "logit", fractional_logit = "logit", poisson = "log", ols = "identity")
  col <- match(ame_col, colnames(X))
  sib <- match(ame_sib, colnames(X))
  spl <- if (spline) {
    obj(log_n = num(dd$log_n), columns = num(grep("ns\\(", colnames(X)) - 1),
        basis = rows(ns(dd$log_n, df = 3)), knots = num(attr(ns(dd$log_n, df = 3), "knots")))
  } else "null"
  # With missing values, the whole design (NA rows included, as null) and outcome are written.
  X_out <- if (missing) model.matrix(terms(fit), model.frame(terms(fit), d, na.action = na.pass)) else X
  y_out <- if (missing) d$y else y
  obj(name = str(name), family = str(family), se_type = str(se), n = n, k = k,
      y = num(y_out), trials = trials, x = rows(X_out), names = strs(colnames(X)),
      cluster = if (se == "cluster") num(dd$dept) else "null",
      spline = spl, status = "null",
      estimate = num(ct[, 1]), std_error = num(ct[, 2]), statistic = num(ct[, 3]),
      p_value = num(ct[, 4]), ci_low = num(ci[, 1]), ci_high = num(ci[, 2]),
      ref_df = scalar(df), df_resid = scalar(df.residual(fit)), dispersion = scalar(dispersion),
      deviance = scalar(dev), null_deviance = scalar(null_dev), aic = scalar(aic), r2 = scalar(r2),
      ame = ame(X, coef(fit), V, col, sib, link, df))
}

cases <- list()

# 1. Density: quasi-binomial on successes/trials, overdispersed (logit-normal noise).
d <- gen(80)
d$s <- rbinom(80, d$trials, plogis(1.2 - 0.9 * d$log_n - 0.3 * d$rural + rnorm(80, 0, 0.3)))
d$y <- d$s / d$trials
cases[[length(cases) + 1]] <- fit_case("binomial_density", "binomial",
                                       cbind(s, trials - s) ~ group + log_n, d, "quasi")
# 2. Density with clusters (glm: HC0 meat x G/(G-1), t(G-1)).
cases[[length(cases) + 1]] <- fit_case("binomial_cluster", "binomial",
                                       cbind(s, trials - s) ~ group + log_n + founded_year, d, "cluster")
# 3. Density with the spline size term and a categorical covariate.
cases[[length(cases) + 1]] <- fit_case("binomial_spline_legal", "binomial",
                                       cbind(s, trials - s) ~ group + ns(log_n, 3) + legal, d, "quasi",
                                       spline = TRUE)

# 4. Fractional logit with exact 0 and 1 values, HC0, normal reference.
d <- gen(90)
d$y <- plogis(-0.5 + 0.4 * d$rural - 0.3 * d$log_n + rnorm(90, 0, 0.8))
d$y[1:3] <- 0
d$y[4:5] <- 1
cases[[length(cases) + 1]] <- fit_case("fractional_hc0", "fractional_logit",
                                       y ~ group + log_n + founded_year, d, "HC0")
# 5. Categorical covariate (3 levels, treatment-coded), AME of a level with its sibling zeroed.
cases[[length(cases) + 1]] <- fit_case("fractional_categorical", "fractional_logit",
                                       y ~ group + log_n + legal, d, "HC0",
                                       ame_col = "legalscic", ame_sib = "legalsas")
# 6. Spline size term.
cases[[length(cases) + 1]] <- fit_case("fractional_spline", "fractional_logit",
                                       y ~ group + ns(log_n, 3), d, "HC0", spline = TRUE)
# 7. Fractional logit with clusters.
cases[[length(cases) + 1]] <- fit_case("fractional_cluster", "fractional_logit",
                                       y ~ group + log_n, d, "cluster")
# 8. Missing covariate values: na.omit drops them; the Rust test drops rows with a null.
dm <- d
dm$founded_year[c(2, 7, 11, 30, 31, 64)] <- NA
case_missing <- fit_case("fractional_missing", "fractional_logit",
                         y ~ group + log_n + founded_year, dm, "HC0", missing = TRUE)
cases[[length(cases) + 1]] <- case_missing

# 9. OLS with HC3, t(n - k).
d <- gen(70)
d$y <- 0.2 - 0.15 * d$rural + 0.1 * d$log_n + rnorm(70, 0, 0.3) * (1 + d$rural)
cases[[length(cases) + 1]] <- fit_case("ols_hc3", "ols", y ~ group + log_n + founded_year, d, "HC3")
# 10. OLS with clusters (HC1: G/(G-1) (n-1)/(n-k)), t(G-1).
cases[[length(cases) + 1]] <- fit_case("ols_cluster", "ols", y ~ group + log_n + legal, d, "cluster")
# 11. OLS with the spline.
cases[[length(cases) + 1]] <- fit_case("ols_spline", "ols", y ~ group + ns(log_n, 3), d, "HC3",
                                       spline = TRUE)

# 12. Poisson counts, HC0 (integer: AIC of the Poisson likelihood).
d <- gen(75)
d$y <- rpois(75, exp(0.3 + 0.5 * d$log_n - 0.25 * d$rural))
cases[[length(cases) + 1]] <- fit_case("poisson_hc0", "poisson", y ~ group + log_n, d, "HC0")
# 13. Poisson on a non-integer mean (mean degree), categorical covariate, no AIC.
d$y <- rgamma(75, shape = 4, rate = 4 / exp(0.2 + 0.4 * d$log_n - 0.2 * d$rural))
cases[[length(cases) + 1]] <- fit_case("poisson_mean_degree", "poisson", y ~ group + log_n + legal, d, "HC0")
# 14. Poisson with clusters.
cases[[length(cases) + 1]] <- fit_case("poisson_cluster", "poisson", y ~ group + log_n, d, "cluster")

# Refusals: separation (R fits with a warning; we report the status), collinearity.
status_case <- function(name, family, formula, d, status, note) {
  glm_family <- if (family == "ols") NULL else quasibinomial()
  w <- character(0)
  fit <- withCallingHandlers(
    if (family == "ols") lm(formula, data = d) else glm(formula, family = glm_family, data = d, control = ctl),
    warning = function(c) { w <<- c(w, conditionMessage(c)); invokeRestart("muffleWarning") })
  X <- model.matrix(fit)
  y <- if (family == "ols") d$y else fit$y
  w <- c(w, sprintf("R: fitted values in [%.3g, %.3g], max |coef| %.3g", min(fitted(fit)),
                    max(fitted(fit)), max(abs(coef(fit)), na.rm = TRUE)))
  obj(name = str(name), family = str(family), se_type = "null", n = nrow(X), k = ncol(X),
      y = num(y), trials = "null", x = rows(X), names = strs(colnames(X)), cluster = "null",
      spline = "null", status = str(status), r_note = str(paste(c(note, w), collapse = "; ")),
      r_estimate = num(coef(fit)))
}
d <- gen(40)
d$y <- plogis(-1 + 0.3 * d$log_n + rnorm(40, 0, 0.5))
d$y[d$group == "rural"] <- 0
cases[[length(cases) + 1]] <- status_case("separated_group", "fractional_logit", y ~ group + log_n, d,
                                          "separation", "every rural PTCE has y = 0")
d$y <- as.numeric(d$log_n > median(d$log_n))
cases[[length(cases) + 1]] <- status_case("separated_by_size", "fractional_logit", y ~ group + log_n, d,
                                          "separation", "y = 1 exactly when log_n > median")
d$y <- rnorm(40)
d$double_log_n <- 2 * d$log_n
cases[[length(cases) + 1]] <- status_case("collinear", "ols", y ~ group + log_n + double_log_n, d,
                                          "rank_deficient", "double_log_n = 2 log_n: lm gives NA")

# Student t: pt (both tails) and qt.
tv <- c(-40, -5, -2, -0.5, 0, 0.3, 1.96, 3, 10, 50)
dfs <- c(1, 2, 3.5, 5, 30, 150, 1e6)
ps <- c(1e-10, 1e-4, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999)
tdist <- arr(unlist(lapply(dfs, function(df) obj(df = scalar(df), t = num(tv),
    cdf = num(pt(tv, df)), sf = num(pt(tv, df, lower.tail = FALSE)),
    p = num(ps), quantile = num(qt(ps, df))))))

# ns basis at new values (inside, at the knots and beyond both boundary knots: linear there).
set.seed(7)
xs <- log(sample(3:80, 50, TRUE))
basis <- ns(xs, df = 3)
new_x <- c(min(xs) - 0.5, min(xs), attr(basis, "knots"), 2.5, max(xs), max(xs) + 0.7)
ns_new <- obj(x = num(xs), new_x = num(new_x), basis = rows(predict(basis, new_x)))

out <- paste0("{\n\"generator\": ", str("tests/oracles/models.R"),
              ",\n\"r_version\": ", str(R.version.string),
              ",\n\"packages\": ", obj(stats = str(as.character(packageVersion("stats"))),
                                      splines = str(as.character(packageVersion("splines"))),
                                      sandwich = str(as.character(packageVersion("sandwich"))),
                                      lmtest = str(as.character(packageVersion("lmtest")))),
              ",\n\"marginaleffects\": ", str("not installed: AMEs checked against the hand-coded delta method only"),
              ",\n\"cases\": ", arr(unlist(cases)),
              ",\n\"ns_predict\": ", ns_new,
              ",\n\"t_distribution\": ", tdist, "\n}\n")
dir.create("tests/fixtures/models", showWarnings = FALSE, recursive = TRUE)
writeLines(out, "tests/fixtures/models/glm.json", sep = "")
cat("wrote tests/fixtures/models/glm.json:", length(cases), "cases\n")
