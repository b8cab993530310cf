#!/usr/bin/env Rscript
# Reference values for Gould–Fernandez brokerage and Freeman centralization, computed with R's
# sna package (Debian: r-cran-sna), for `src/structure/oracle_tests.rs`.
#
# Run by hand from the repository root, after tests/oracles/networkx_structure.py (which writes
# the input graphs); CI needs neither R nor sna:
#
#     Rscript tests/oracles/sna_structure.R
#
# Reads  tests/fixtures/structure/sna_edges.csv  (graph,u,v; 0-based, undirected, unweighted)
#        tests/fixtures/structure/sna_nodes.csv  (graph,node,class; class = actor type)
# Writes tests/fixtures/structure/sna_structure.json
#
# Calls, on the symmetric binary adjacency matrix A of each graph:
#   sna::brokerage(A, cl)$raw.nli            columns w_I, w_O, b_IO, b_OI, b_O
#                                            = coordinator, itinerant, representative,
#                                              gatekeeper, liaison (see sna's gli.c)
#   sna::centralization(A, degree, mode = "graph")
#   sna::centralization(A, betweenness, mode = "graph")
#   sna::betweenness(A, gmode = "graph")     raw (unnormalised, each unordered pair once)
# NaN / NA results are written as null and noted under "reference".

suppressMessages(library(sna))

dir <- file.path("tests", "fixtures", "structure")
edges <- read.csv(file.path(dir, "sna_edges.csv"), stringsAsFactors = FALSE)
nodes <- read.csv(file.path(dir, "sna_nodes.csv"), stringsAsFactors = FALSE)

num <- function(x) {
  ifelse(is.finite(x), formatC(x, digits = 17, format = "g"), "null")
}
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
str <- function(s) paste0("\"", gsub("\"", "'", s), "\"")

graphs <- unique(nodes$graph)
out <- character(0)
for (name in graphs) {
  nd <- nodes[nodes$graph == name, ]
  nd <- nd[order(nd$node), ]
  n <- nrow(nd)
  ed <- edges[edges$graph == name, ]
  A <- matrix(0, n, n)
  for (r in seq_len(nrow(ed))) {
    A[ed$u[r] + 1, ed$v[r] + 1] <- 1
    A[ed$v[r] + 1, ed$u[r] + 1] <- 1
  }
  cl <- nd$class
  notes <- character(0)
  # Record, rather than stop on, whatever sna does on degenerate graphs.
  attempt <- function(key, expr, fallback) {
    tryCatch(expr, error = function(e) {
      notes <<- c(notes, paste0("\"", key, "\": ", str(paste("raises:", conditionMessage(e)))))
      fallback
    })
  }
  br <- attempt("brokerage", brokerage(A, cl)$raw.nli,
                matrix(NA, n, 5, dimnames = list(NULL, c("w_I", "w_O", "b_IO", "b_OI", "b_O"))))
  cdeg <- attempt("degree_centralization", centralization(A, degree, mode = "graph"), NA)
  cbet <- attempt("betweenness_centralization", centralization(A, betweenness, mode = "graph"), NA)
  bet <- attempt("betweenness", betweenness(A, gmode = "graph"), rep(NA, n))
  if (!is.finite(cdeg) && !any(grepl("degree_centralization", notes))) notes <- c(notes, paste0("\"degree_centralization\": ", str(paste("returns", cdeg))))
  if (!is.finite(cbet) && !any(grepl("betweenness_centralization", notes))) notes <- c(notes, paste0("\"betweenness_centralization\": ", str(paste("returns", cbet))))
  el <- if (nrow(ed) > 0) paste0("[", ed$u, ", ", ed$v, "]", collapse = ", ") else ""
  out <- c(out, paste0(
    "  {\"name\": ", str(name), ", \"n\": ", n,
    ",\n   \"edges\": [", el, "]",
    ",\n   \"class\": ", vec(cl),
    ",\n   \"brokerage_coordinator\": ", vec(br[, "w_I"]),
    ",\n   \"brokerage_itinerant\": ", vec(br[, "w_O"]),
    ",\n   \"brokerage_representative\": ", vec(br[, "b_IO"]),
    ",\n   \"brokerage_gatekeeper\": ", vec(br[, "b_OI"]),
    ",\n   \"brokerage_liaison\": ", vec(br[, "b_O"]),
    ",\n   \"betweenness_raw\": ", vec(bet),
    ",\n   \"degree_centralization\": ", num(cdeg),
    ",\n   \"betweenness_centralization\": ", num(cbet),
    ",\n   \"reference\": {", paste(notes, collapse = ", "), "}}"
  ))
}
json <- paste0(
  "{\"generator\": \"tests/oracles/sna_structure.R\", \"sna\": ", str(as.character(packageVersion("sna"))),
  ", \"R\": ", str(paste(R.version$major, R.version$minor, sep = ".")),
  ",\n \"cases\": [\n", paste(out, collapse = ",\n"), "\n]}\n"
)
cat(json, file = file.path(dir, "sna_structure.json"))
