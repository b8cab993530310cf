#!/usr/bin/env Rscript
# Oracle for src/relations/ (issue 22): writes tests/fixtures/relations/brokerage.json,
# tests/fixtures/relations/clogit.json and tests/fixtures/relations/qap.json from R's sna and
# survival packages (Debian r-cran-sna, r-cran-survival). Run from the repository root:
#   Rscript tests/oracles/relations.R
# Hand-written JSON (no JSON package), numbers with sprintf("%.17g"), NA/NaN/Inf -> null.
suppressMessages({ library(sna); library(survival); library(sandwich) })

num <- function(x) {
  if (length(x) == 0) return("[]")
  s <- ifelse(is.na(x) | is.infinite(x), "null", sprintf("%.17g", x))
  paste0("[", paste(s, collapse = ","), "]")
}
scalar <- function(x) if (is.na(x) || is.infinite(x)) "null" else sprintf("%.17g", x)
str <- function(x) sprintf("\"%s\"", x)
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(sprintf("\"%s\": %s", names(kv), unlist(kv)), collapse = ", "), "}")
}
arr <- function(items) paste0("[\n", paste(items, collapse = ",\n"), "\n]")
mat <- function(m) arr(apply(m, 1, num))
header <- function(pkgs) {
  p <- paste(sprintf("\"%s\": \"%s\"", pkgs, sapply(pkgs, function(p) as.character(packageVersion(p)))),
             collapse = ", ")
  sprintf("\"R\": %s, \"packages\": {%s}", str(R.version.string), p)
}

# ---------------------------------------------------------------- brokerage
set.seed(20261206)
random_graph <- function(n, p) {
  A <- matrix(0, n, n)
  A[upper.tri(A)] <- rbinom(n * (n - 1) / 2, 1, p)
  A + t(A)
}
br_inputs <- list(
  list(name = "two_groups_12", A = random_graph(12, 0.3), cl = rep(1:2, c(5, 7))),
  list(name = "three_groups_singleton_isolate_15", A = { A <- random_graph(15, 0.25); A[15, ] <- 0; A[, 15] <- 0; A },
       cl = c(rep(1, 6), rep(2, 7), 3, 1)),
  list(name = "four_groups_20", A = random_graph(20, 0.2), cl = sample(1:4, 20, TRUE)),
  list(name = "five_groups_singletons_25", A = random_graph(25, 0.15), cl = c(1, 2, rep(3, 8), rep(4, 9), rep(5, 6))),
  list(name = "dense_three_groups_10", A = random_graph(10, 0.7), cl = c(7, 7, 7, 3, 3, 3, 3, 9, 9, 9)),
  list(name = "star_two_groups_8", A = { A <- matrix(0, 8, 8); A[1, 2:8] <- 1; A[2:8, 1] <- 1; A }, cl = c(1, 1, 1, 2, 2, 2, 2, 2)),
  list(name = "pairs_groups_sparse_30", A = random_graph(30, 0.08), cl = c(rep(1, 2), rep(2, 2), rep(3, 10), rep(4, 16))),
  list(name = "complete_two_groups_6", A = { A <- matrix(1, 6, 6); diag(A) <- 0; A }, cl = c(1, 1, 1, 2, 2, 2))
)
br_case <- function(inp) {
  A <- inp$A
  b <- brokerage(A, inp$cl)
  cols <- c("w_I", "w_O", "b_OI", "b_IO", "b_O", "t")  # ptce role order
  e <- which(upper.tri(A) & A == 1, arr.ind = TRUE)
  e <- e[order(e[, 1], e[, 2]), , drop = FALSE]
  obj(name = str(inp$name), n = nrow(A), partition = num(inp$cl),
      edges = arr(apply(e - 1, 1, num)),
      raw_nli = mat(b$raw.nli[, cols, drop = FALSE]), exp_nli = mat(b$exp.nli[, cols, drop = FALSE]),
      sd_nli = mat(b$sd.nli[, cols, drop = FALSE]), z_nli = mat(b$z.nli[, cols, drop = FALSE]),
      raw_gli = num(b$raw.gli[cols]), exp_gli = num(b$exp.gli[cols]),
      sd_gli = num(b$sd.gli[cols]), z_gli = num(b$z.gli[cols]))
}
writeLines(paste0("{", header(c("sna")),
                  ",\n\"roles\": [\"w_I\", \"w_O\", \"b_OI\", \"b_IO\", \"b_O\", \"t\"]",
                  ",\n\"cases\": ", arr(sapply(br_inputs, br_case)), "}"),
           "tests/fixtures/relations/brokerage.json")

# ---------------------------------------------------------------- conditional logit
# clogit(y ~ x + strata(s), method = "exact"), tightly converged: coefficients, se(coef),
# loglik. Robust variance (R refuses cluster = with method = "exact"):
#  * "enumeration": V (sum_c U_c U_c') V with V = fit$var and U_c the exact conditional score of
#    the strata of cluster c at the estimate, computed here by enumerating every subset of each
#    stratum (independent of the recursion used in Rust);
#  * "breslow": on strata with one tie each the Breslow and exact likelihoods coincide, so
#    clogit(..., method = "breslow", cluster = cl)$var is R's own robust variance, and
#    sandwich::vcovCL(fit, cluster = ~cl) (on the fit without cluster, whose $var is the naive
#    variance that sandwich's bread.coxph uses) its HC0 version with the G/(G-1) adjustment.
ctl <- coxph.control(eps = 1e-13, iter.max = 200, toler.chol = 1e-15)
exact_score <- function(X, y, b) {
  m <- sum(y); S <- combn(nrow(X), m)
  sums <- matrix(apply(S, 2, function(idx) colSums(X[idx, , drop = FALSE])), nrow = ncol(X))
  eta <- drop(b %*% sums); w <- exp(eta - max(eta)); w <- w / sum(w)
  colSums(X[y == 1, , drop = FALSE]) - drop(sums %*% w)
}
make_case <- function(sizes, ties, p_bin, cl_of_stratum, beta) {
  s <- rep(seq_along(sizes), sizes)
  n <- length(s)
  x1 <- rnorm(n); x2 <- rbinom(n, 1, p_bin); x3 <- rnorm(n, sd = 2) + (s %% 3)
  y <- integer(n)
  for (k in seq_along(sizes)) {
    idx <- which(s == k)
    lp <- beta[1] * x1[idx] + beta[2] * x2[idx] + beta[3] * x3[idx]
    y[idx[order(-(lp + rlogis(length(idx))))[seq_len(ties[k])]]] <- 1L
  }
  list(y = y, X = cbind(x1, x2, x3), s = s, cl = cl_of_stratum[s])
}
cl_inputs <- list(
  c(list(name = "multi_tie_enumeration", robust = "enumeration"),
    make_case(c(8, 10, 12, 9, 14, 11, 10, 13, 6, 7), c(2, 3, 4, 5, 5, 3, 0, 6, 6, 2), 0.4,
              c(1, 1, 2, 2, 3, 3, 4, 4, 5, 5), c(0.8, -0.5, 0.3))),
  c(list(name = "one_tie_per_stratum", robust = "breslow"),
    make_case(c(5, 8, 12, 15, 6, 9, 10, 7, 11, 13, 8, 9), rep(1, 12), 0.5,
              c(1, 1, 2, 2, 3, 3, 4, 5, 5, 6, 6, 6), c(1.0, 0.7, -0.2))),
  c(list(name = "large_strata", robust = "none"),
    make_case(c(300, 250, 320, 280), c(30, 45, 25, 200), 0.3, 1:4, c(0.6, 0.9, -0.3)))
)
cl_case <- function(inp) {
  d <- data.frame(y = inp$y, x1 = inp$X[, 1], x2 = inp$X[, 2], x3 = inp$X[, 3], s = inp$s, cl = inp$cl)
  f <- clogit(y ~ x1 + x2 + x3 + strata(s), data = d, method = "exact", control = ctl)
  b <- coef(f); V <- f$var
  rob <- "null"; adj <- "null"
  if (inp$robust == "enumeration") {
    U <- matrix(0, length(unique(d$cl)), 3)
    for (k in unique(d$s)) {
      idx <- which(d$s == k); m <- sum(d$y[idx])
      if (m == 0 || m == length(idx)) next
      U[match(d$cl[idx[1]], unique(d$cl)), ] <- U[match(d$cl[idx[1]], unique(d$cl)), ] +
        exact_score(inp$X[idx, , drop = FALSE], d$y[idx], b)
    }
    R <- V %*% crossprod(U) %*% V
    rob <- num(sqrt(diag(R)))
  } else if (inp$robust == "breslow") {
    fb <- clogit(y ~ x1 + x2 + x3 + strata(s), data = d, method = "breslow", cluster = cl, control = ctl)
    stopifnot(max(abs(coef(fb) - b)) < 1e-9)
    rob <- num(sqrt(diag(fb$var)))
    # sandwich's bread.coxph uses fit$var, so vcovCL needs the fit without cluster (naive var).
    f0 <- clogit(y ~ x1 + x2 + x3 + strata(s), data = d, method = "breslow", control = ctl)
    adj <- num(sqrt(diag(vcovCL(f0, cluster = ~cl))))
  }
  obj(name = str(inp$name), y = num(d$y), x = arr(c(num(d$x1), num(d$x2), num(d$x3))),
      strata = num(d$s), cluster = num(d$cl), coefficients = num(b), std_errors = num(sqrt(diag(V))),
      loglik = num(f$loglik), robust_std_errors = rob, vcovcl_std_errors = adj,
      n_strata_dropped = scalar(sum(tapply(d$y, d$s, function(v) all(v == v[1])))))
}
writeLines(paste0("{", header(c("survival", "sandwich")),
                  ",\n\"cases\": ", arr(sapply(cl_inputs, cl_case)), "}"),
           "tests/fixtures/relations/clogit.json")

# ---------------------------------------------------------------- QAP logit
# Per network: glm(y ~ x1 + x2 + x3, binomial, epsilon = 1e-14, restarted at its estimate) on the lower triangle (= upper,
# the matrices are symmetric) for the coefficients and standard errors, and
# netlogit(y, list(x1, x2, x3), mode = "graph", nullhyp = "qapspp", test.statistic = "z-value",
# reps = 2000) for the permutation p-values (pgreq, pleeq, pgreqabs; intercept first).
qap_net <- function(n, beta, seed) {
  set.seed(seed)
  type <- sample(1:3, n, TRUE)
  pos <- runif(n)
  x1 <- outer(type, type, "==") * 1
  x2 <- abs(outer(pos, pos, "-"))
  x3 <- matrix(0, n, n); x3[upper.tri(x3)] <- rnorm(n * (n - 1) / 2); x3 <- x3 + t(x3)
  lp <- beta[1] + beta[2] * x1 + beta[3] * x2 + beta[4] * x3
  y <- matrix(0, n, n)
  y[upper.tri(y)] <- rbinom(n * (n - 1) / 2, 1, plogis(lp[upper.tri(lp)]))
  y <- y + t(y)
  list(n = n, y = y, x = list(x1, x2, x3))
}
qap_inputs <- list(
  c(list(name = "homophily_15"), qap_net(15, c(-1, 1.2, -1, 0), 11)),
  c(list(name = "distance_22"), qap_net(22, c(0, 0.3, -3, 0.2), 12)),
  c(list(name = "null_effects_30"), qap_net(30, c(-1.5, 0, 0, 0), 13))
)
qap_case <- function(inp) {
  lt <- lower.tri(inp$y)
  d <- data.frame(y = inp$y[lt], x1 = inp$x[[1]][lt], x2 = inp$x[[2]][lt], x3 = inp$x[[3]][lt])
  g <- glm(y ~ x1 + x2 + x3, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
  # Restart from the estimate: vcov(glm) uses the weights of the iterate before the last one, so
  # a second fit makes them those of a fully converged estimate.
  g <- glm(y ~ x1 + x2 + x3, family = binomial, data = d, start = coef(g),
           control = glm.control(epsilon = 1e-14, maxit = 100))
  set.seed(2026)
  q <- netlogit(inp$y, inp$x, mode = "graph", nullhyp = "qapspp", test.statistic = "z-value", reps = 2000)
  up <- which(upper.tri(inp$y), arr.ind = TRUE)
  obj(name = str(inp$name), n = inp$n, y = mat(inp$y), x = arr(sapply(inp$x, mat)),
      coefficients = num(coef(g)), std_errors = num(sqrt(diag(vcov(g)))), deviance = scalar(deviance(g)),
      netlogit_coefficients = num(q$coefficients), netlogit_z = num(q$tstat), reps = 2000,
      pgreq = num(q$pgreq), pleeq = num(q$pleeq), pgreqabs = num(q$pgreqabs))
}
writeLines(paste0("{", header(c("sna", "stats")),
                  ",\n\"cases\": ", arr(sapply(qap_inputs, qap_case)), "}"),
           "tests/fixtures/relations/qap.json")
