# Reference values of survival_by_hand_and_r in src/compare/tests.rs (R package survival).
# Times in days from S1 entry; group 1 = urban, 2 = rural; event 0 = censored at the reference date.
library(survival)
t <- c(10, 20, 60, 40, 30, 29, 30)
e <- c(1, 1, 0, 1, 1, 0, 1)
g <- c(1, 1, 1, 1, 2, 2, 2)
d <- survdiff(Surv(t, e) ~ g)
print(d$chisq, digits = 17)
print(d$exp, digits = 17)
f <- survfit(Surv(t, e) ~ g, conf.type = "log-log")
print(summary(f, censored = TRUE))
print(f)
