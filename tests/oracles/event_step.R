# Oracle of the event-history step (src/pipeline/events/oracle_tests.rs): refits, from the event
# data the step writes, every model of tables/event_models*.csv and the estimates of
# tables/cumulative_incidence*.csv with R survival and cmprsk. Inputs: the sample's event data
# (tests/fixtures/events/event_data_sample.csv, `ptce run`) and the same with
# [events] observed_from = "2018-01-01" (event_data_delayed.csv).
# Run: Rscript tests/oracles/event_step.R  (writes tests/fixtures/events/event_step_*.csv)
suppressMessages({library(survival); library(cmprsk)})
out <- function(name, rows) {
  con <- file(sprintf("tests/fixtures/events/event_step_%s.csv", name), "w")
  writeLines(sprintf("# R %s, survival %s, cmprsk %s", getRversion(),
                     packageVersion("survival"), packageVersion("cmprsk")), con)
  writeLines("key,value", con)
  writeLines(sprintf("%s,%.17g", names(rows), rows), con)
  close(con)
}
for (case in c("sample", "delayed")) {
  d <- read.csv(sprintf("tests/fixtures/events/event_data_%s.csv", case))
  d$group <- factor(d$group, levels = c("urban", "rural"))
  r <- c()
  for (tr in unique(d$transition)) {
    x <- d[d$transition == tr, ]
    start <- ifelse(x$entry > 0, x$entry, -0.5)
    f <- coxph(Surv(start, x$exit, x$status == "event") ~ group + log_n, data = x,
               ties = "efron", control = coxph.control(eps = 1e-12, iter.max = 100))
    r[paste0(tr, ":cox:coef:", c("group_rural", "log_n"))] <- coef(f)
    r[paste0(tr, ":cox:se:", c("group_rural", "log_n"))] <- sqrt(diag(vcov(f)))
    r[paste0(tr, ":cox:loglik")] <- f$loglik[2]
    r[paste0(tr, ":cox:lr")] <- 2 * diff(f$loglik)
    r[paste0(tr, ":cox:score")] <- f$score
    r[paste0(tr, ":cox:wald")] <- f$wald.test
    z <- cox.zph(f, transform = "km", terms = TRUE)$table
    r[paste0(tr, ":zph:", rownames(z))] <- z[, "chisq"]
    st <- ifelse(x$status == "event", 1, ifelse(x$status == "competing", 2, 0))
    if (case == "sample") {
      ci <- cuminc(x$exit, st, x$group)
      r[paste0(tr, ":gray:event")] <- ci$Tests[1, "stat"]
      for (g in c("urban", "rural")) {
        e <- ci[[paste(g, 1)]]
        r[paste0(tr, ":cif_last:", g)] <- tail(e$est, 1)
        r[paste0(tr, ":cif_var_last:", g)] <- tail(e$var, 1)
      }
      if (tr == "s1_to_s3") {
        cr <- crr(x$exit, st, cbind(x$group == "rural", x$log_n), gtol = 1e-12, maxiter = 100)
        r[paste0(tr, ":fg:coef:", c("group_rural", "log_n"))] <- cr$coef
        r[paste0(tr, ":fg:se:", c("group_rural", "log_n"))] <- sqrt(diag(cr$var))
      }
    } else {
      sd <- data.frame(start = start, exit = x$exit, group = x$group, id = x$ptce_id,
                       st = factor(st, 0:2, c("censor", "event", "competing")))
      sf <- survfit(Surv(start, exit, st) ~ group, data = sd, id = id)
      ss <- summary(sf)
      for (g in c("urban", "rural")) {
        k <- which(ss$strata == paste0("group=", g))
        r[paste0(tr, ":cif_last:", g)] <- ss$pstate[tail(k, 1), 2]
        r[paste0(tr, ":cif_var_last:", g)] <- ss$std.err[tail(k, 1), 2]^2
      }
      if (tr == "s1_to_s3") {
        fg <- finegray(Surv(start, exit, factor(st, 0:2, c("censor", "event", "competing"))) ~ .,
                       data = data.frame(start = start, exit = x$exit, st = st,
                                         rural = as.numeric(x$group == "rural"), log_n = x$log_n,
                                         id = x$ptce_id), etype = "event", id = id)
        ff <- coxph(Surv(fgstart, fgstop, fgstatus) ~ rural + log_n, data = fg, weights = fgwt,
                    ties = "breslow", cluster = id, control = coxph.control(eps = 1e-12, iter.max = 100))
        r[paste0(tr, ":fg:coef:", c("group_rural", "log_n"))] <- coef(ff)
        r[paste0(tr, ":fg:se:", c("group_rural", "log_n"))] <- sqrt(diag(vcov(ff)))
      }
    }
  }
  out(case, r)
}
