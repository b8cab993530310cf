# Oracle of issue 21: `union` and `reciprocated` survey rules against sna::symmetrize.
# Random directed report matrices; the rows of non-respondents are zero (they report nothing).
# Writes tests/fixtures/survey_symmetrize.json (read by src/network/survey_tests.rs).
# Run: Rscript tests/oracles/survey_symmetrize.R
suppressMessages(library(sna))
set.seed(20140731)
cases <- list()
specs <- list(c(6, 0.3, 0.8), c(8, 0.25, 0.6), c(10, 0.2, 0.7), c(12, 0.15, 0.5),
              c(15, 0.2, 0.9), c(20, 0.1, 0.75), c(7, 0.5, 1.0))
for (k in seq_along(specs)) {
  n <- specs[[k]][1]; p <- specs[[k]][2]; rr <- specs[[k]][3]
  x <- matrix(rbinom(n * n, 1, p), n, n)
  diag(x) <- 0
  resp <- runif(n) < rr
  x[!resp, ] <- 0
  weak <- symmetrize(x, rule = "weak")
  strong <- symmetrize(x, rule = "strong")
  rows <- function(m) lapply(seq_len(nrow(m)), function(i) as.integer(m[i, ]))
  cases[[k]] <- list(name = paste0("case", k), n = n, respondents = resp,
                     reports = rows(x), weak = rows(weak), strong = rows(strong))
}
out <- list(tool = paste("R", getRversion(), "sna", packageVersion("sna")), cases = cases)
json <- function(v) {
  if (is.list(v) && !is.null(names(v))) {
    paste0("{", paste(sprintf("\"%s\": %s", names(v), sapply(v, json)), collapse = ", "), "}")
  } else if (is.list(v)) {
    paste0("[", paste(sapply(v, json), collapse = ", "), "]")
  } else if (is.character(v)) {
    sprintf("\"%s\"", v)
  } else if (is.logical(v)) {
    paste0("[", paste(tolower(as.character(v)), collapse = ", "), "]")
  } else if (length(v) == 1 && is.null(dim(v)) && !is.integer(v)) {
    as.character(v)
  } else {
    paste0("[", paste(v, collapse = ", "), "]")
  }
}
writeLines(json(out), "tests/fixtures/survey_symmetrize.json")
