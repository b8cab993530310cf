//! The shape of the source tree (issue 15), checked on the files themselves:
//! - no import circle between source files: no file reaches, through its `use` declarations of
//!   crate items or the `crate::…`/`super::…` paths of its code, a file that reaches back to it
//!   (each item is followed to the file that defines it, through re-exports; `pub use`
//!   re-exports themselves declare a module's API and are not dependencies; inline
//!   `#[cfg(test)] mod tests { … }` blocks are left out);
//! - `src/main.rs` at most 60 lines, no source file over 800 lines;
//! - test support stays out of the public API: every module named `tests`, `*_tests` or
//!   `fixture` is `#[cfg(test)]`, and `src/lib.rs` declares no `fuzzing` module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`["charts", "draw"]`) of every source file of `src/`, lib.rs and main.rs aside.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().map(String::as_str) == Some("mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] {
                continue;
            }
            out.insert(parts, path);
        }
    }
    out
}

/// The text with comments, string and char literals blanked (same length, newlines kept).
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(if b[i] == '\n' { '\n' } else { ' ' });
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&b, i) {
            // Raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                if b[j] == '\n' {
                    out.push('\n');
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                if b.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && is_char_literal(&b, i) {
            let mut j = i + 1;
            if b.get(j) == Some(&'\\') {
                j += 1;
            }
            j += 1;
            while j < b.len() && b[j] != '\'' {
                j += 1;
            }
            i = j + 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

/// A char literal (`'a'`, `'\n'`, `'\u{1F}'`) rather than a lifetime (`'a`).
fn is_char_literal(b: &[char], i: usize) -> bool {
    matches!(
        (b.get(i + 1), b.get(i + 2)),
        (Some('\\'), _) | (Some(_), Some('\''))
    )
}

/// The code without its inline `#[cfg(test)] mod … { … }` blocks.
fn without_test_blocks(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = &rest[at + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        let is_block = trimmed.starts_with("mod ")
            && trimmed
                .find(['{', ';'])
                .is_some_and(|k| trimmed.as_bytes()[k] == b'{');
        out.push_str(&rest[..at]);
        if !is_block {
            out.push_str("#[cfg(test)]");
            rest = after;
            continue;
        }
        let open = after.find('{').unwrap();
        let mut depth = 0;
        let mut end = after.len();
        for (k, ch) in after[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// One `use` declaration: whether it is a re-export, its expanded paths (segments, the last
/// possibly `*`), and where it stands in the code (byte range).
struct UseDecl {
    public: bool,
    paths: Vec<Vec<String>>,
    span: std::ops::Range<usize>,
}

/// The paths written in code outside `use` declarations: `crate::…`, `super::…`, `self::…`
/// (e.g. `super::matrix_csv::parse(text)`).
fn inline_paths(code: &str, uses: &[UseDecl]) -> Vec<Vec<String>> {
    let mut blanked: Vec<u8> = code.as_bytes().to_vec();
    for u in uses {
        for b in &mut blanked[u.span.clone()] {
            *b = b' ';
        }
    }
    let text = String::from_utf8_lossy(&blanked).into_owned();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(k) = text[from..].find(start) {
            let at = from + k;
            from = at + start.len();
            if text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| is_ident(c) || c == ':')
            {
                continue;
            }
            let rest = &text[at..];
            let end = rest
                .find(|c: char| !(is_ident(c) || c == ':'))
                .unwrap_or(rest.len());
            let path: Vec<String> = rest[..end]
                .split("::")
                .filter(|s| !s.is_empty() && *s != "self")
                .map(str::to_string)
                .collect();
            out.push(path);
        }
    }
    out
}

fn use_declarations(code: &str) -> Vec<UseDecl> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(k) = code[from..].find("use ") {
        let at = from + k;
        from = at + 4;
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let line_start = code[..at].rfind(['\n', ';', '{', '}']).map_or(0, |p| p + 1);
        let prefix = code[line_start..at].trim();
        let public = prefix.starts_with("pub");
        if !(prefix.is_empty() || public || prefix.starts_with('#')) {
            continue;
        }
        let Some(end) = code[at..].find(';') else {
            break;
        };
        let tree: String = code[at + 4..at + end]
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let mut paths = Vec::new();
        expand(&[], &tree, &mut paths);
        out.push(UseDecl {
            public,
            paths,
            span: at..at + end,
        });
        from = at + end;
    }
    out
}

/// Expands a use tree (`a::{b, c::{d, e as f}}`) into full paths.
fn expand(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim().trim_start_matches("::").trim();
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut base = prefix.to_vec();
        base.extend(head);
        let (mut depth, mut start) = (0, 0);
        for (k, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&base, &inner[start..k], out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        if start < inner.len() {
            expand(&base, &inner[start..], out);
        }
        return;
    }
    if tree.is_empty() {
        return;
    }
    let mut path = prefix.to_vec();
    let unaliased = tree.split(" as ").next().unwrap_or(tree);
    for seg in unaliased.split("::").map(str::trim) {
        if seg != "self" && !seg.is_empty() {
            path.push(seg.to_string());
        }
    }
    out.push(path);
}

struct Tree {
    files: BTreeMap<Vec<String>, PathBuf>,
    /// Per module: re-exported name → absolute path of the target.
    reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
    /// Per module: absolute paths of what it imports (not re-exports).
    imports: BTreeMap<Vec<String>, Vec<Vec<String>>>,
}

/// The absolute path of a use path written in module `module` (`crate::`, `super::`, `self::`,
/// or a child module's name); `None` for other crates.
fn absolute(
    module: &[String],
    is_mod_rs: bool,
    path: &[String],
    files: &BTreeMap<Vec<String>, PathBuf>,
) -> Option<Vec<String>> {
    let first = path.first()?;
    let (mut base, rest): (Vec<String>, &[String]) = match first.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (module.to_vec(), &path[1..]),
        "super" => {
            let mut m = module.to_vec();
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                m.pop();
                rest = &rest[1..];
            }
            (m, rest)
        }
        _ => {
            let mut child = module.to_vec();
            child.push(first.clone());
            if is_mod_rs && files.contains_key(&child) {
                (module.to_vec(), path)
            } else {
                return None;
            }
        }
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The file defining the item that `path` names (following re-exports), as a module path.
fn resolve(tree: &Tree, path: &[String], depth: usize) -> Option<Vec<String>> {
    if depth > 16 {
        return None;
    }
    let k = (0..=path.len())
        .rev()
        .find(|&k| k == 0 || tree.files.contains_key(&path[..k]))?;
    if k == path.len() || k == 0 && path.is_empty() {
        return (k > 0).then(|| path.to_vec());
    }
    let module = path[..k].to_vec();
    let item = &path[k];
    if item == "*" {
        return (!module.is_empty()).then_some(module);
    }
    if let Some(target) = tree.reexports.get(&module).and_then(|r| r.get(item)) {
        let mut full = target.clone();
        full.extend(path[k + 1..].iter().cloned());
        return resolve(tree, &full, depth + 1).or(Some(module));
    }
    (!module.is_empty()).then_some(module)
}

fn build(src: &Path) -> Tree {
    let files = modules(src);
    let mut tree = Tree {
        files: files.clone(),
        reexports: BTreeMap::new(),
        imports: BTreeMap::new(),
    };
    for (module, path) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let code = without_test_blocks(&code_only(&text));
        let is_mod_rs = path.file_name().is_some_and(|n| n == "mod.rs");
        let uses = use_declarations(&code);
        let inline = inline_paths(&code, &uses);
        for p in inline {
            if let Some(abs) = absolute(module, is_mod_rs, &p, &files) {
                tree.imports.entry(module.clone()).or_default().push(abs);
            }
        }
        for decl in uses {
            for p in decl.paths {
                let Some(abs) = absolute(module, is_mod_rs, &p, &files) else {
                    continue;
                };
                if decl.public {
                    if let Some(name) = abs.last().filter(|n| *n != "*") {
                        tree.reexports
                            .entry(module.clone())
                            .or_default()
                            .insert(name.clone(), abs.clone());
                    }
                } else {
                    tree.imports.entry(module.clone()).or_default().push(abs);
                }
            }
        }
    }
    tree
}

/// Strongly connected components of more than one file (Tarjan, iterative enough for a tree
/// of a few hundred files).
fn circles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on: BTreeSet<&'a Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn file_edges(tree: &Tree) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, imports) in &tree.imports {
        let set = edges.entry(module.clone()).or_default();
        for path in imports {
            if let Some(target) = resolve(tree, path, 0) {
                if &target != module {
                    set.insert(target);
                }
            }
        }
    }
    edges
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_import_circle_between_source_files() {
    let tree = build(&src());
    let edges = file_edges(&tree);
    let found: Vec<String> = circles(&edges)
        .iter()
        .map(|c| {
            c.iter()
                .map(|m| m.join("/"))
                .collect::<Vec<_>>()
                .join(" ↔ ")
        })
        .collect();
    assert!(found.is_empty(), "import circles: {found:#?}");
    // The checker sees imports at all: a few known edges.
    let edge = |a: &str, b: &str| {
        let key = |s: &str| s.split('/').map(str::to_string).collect::<Vec<_>>();
        edges.get(&key(a)).is_some_and(|s| s.contains(&key(b)))
    };
    assert!(edge("charts/axes", "charts/draw"), "axes uses draw::Pen");
    assert!(edge("models/glm", "models/family"), "glm uses family::Core");
    assert!(
        edge("generate/events", "generate/timeline"),
        "events uses timeline"
    );
}

#[test]
fn the_circle_finder_finds_a_circle() {
    // Two files that import each other, through a re-export of the first's parent.
    let dir = std::env::temp_dir().join(format!("ptce-arch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(
        dir.join("a/mod.rs"),
        "mod b;\nmod c;\npub use b::Thing; // re-export\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a/b.rs"),
        "use super::c::{self, other as o};\npub struct Thing;\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a/c.rs"),
        "/* use crate::x; */\npub fn other() -> usize {\n    std::mem::size_of::<crate::a::Thing>()\n}\n#[cfg(test)]\nmod tests {\n    use super::super::b::*;\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("d.rs"), "use crate::a::b::Thing;\n").unwrap();
    let tree = build(&dir);
    let found = circles(&file_edges(&tree));
    std::fs::remove_dir_all(&dir).unwrap();
    let key = |s: &str| s.split('/').map(str::to_string).collect::<Vec<_>>();
    assert_eq!(found, vec![vec![key("a/b"), key("a/c")]]);
}

#[test]
fn main_is_short_and_no_source_file_is_over_800_lines() {
    let main = std::fs::read_to_string(src().join("main.rs")).unwrap();
    assert!(
        main.lines().count() <= 60,
        "src/main.rs has {} lines",
        main.lines().count()
    );
    let mut long = Vec::new();
    let mut files: Vec<PathBuf> = modules(&src()).into_values().collect();
    files.push(src().join("lib.rs"));
    for path in files {
        let n = std::fs::read_to_string(&path).unwrap().lines().count();
        if n > 800 {
            long.push(format!("{}: {n} lines", path.display()));
        }
    }
    assert!(long.is_empty(), "source files over 800 lines: {long:#?}");
}

#[test]
fn test_support_is_not_public_api() {
    let mut public = Vec::new();
    let mut files: Vec<PathBuf> = modules(&src()).into_values().collect();
    files.push(src().join("lib.rs"));
    for path in files {
        let code = code_only(&std::fs::read_to_string(&path).unwrap());
        let lines: Vec<&str> = code.lines().collect();
        for (k, line) in lines.iter().enumerate() {
            let t = line.trim();
            let Some(name) = t
                .strip_prefix("pub mod ")
                .or_else(|| t.strip_prefix("pub(crate) mod "))
                .or_else(|| t.strip_prefix("mod "))
                .map(|r| r.trim_end_matches([';', '{', ' ']))
            else {
                continue;
            };
            let support = name == "tests" || name.ends_with("_tests") || name == "fixture";
            // The attributes right above the declaration.
            let gated = lines[..k]
                .iter()
                .rev()
                .take_while(|l| l.trim_start().starts_with("#["))
                .any(|l| l.contains("#[cfg(test)]"));
            if support && !gated {
                public.push(format!("{}:{}: mod {name}", path.display(), k + 1));
            }
            if name == "fuzzing" {
                public.push(format!("{}:{}: mod fuzzing", path.display(), k + 1));
            }
        }
    }
    assert!(
        public.is_empty(),
        "test support outside #[cfg(test)]: {public:#?}"
    );
}

#[test]
fn the_architecture_map_names_every_folder_of_src() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(src()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !doc.contains(&format!("`{name}/`")) {
                missing.push(name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "folders of src/ not named in docs/architecture.md: {missing:?}"
    );
}
