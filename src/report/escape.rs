//! How a value from the data lands in each output language: escaping of text for HTML, XML,
//! LaTeX and Markdown, and the display form of numbers (rounded, localised) for the report and
//! the LaTeX tables.
//!
//! Every string that comes from a study (an organization's name, a note, a file name) goes
//! through one of these functions where it is written; no output format concatenates raw data.
//! CSV and Parquet keep full precision ([`crate::table::format_float`]); only the tables meant
//! for reading (report, LaTeX) round, to [`DECIMALS`] decimals.

use crate::config::Language;
use crate::table::{Column, Values};
use std::fmt::Write;

/// Decimals shown for floats in the report and the LaTeX tables.
pub const DECIMALS: usize = 3;
/// p-values below this threshold are shown as `< 0.001`.
pub const P_FLOOR: f64 = 0.001;

/// What an escaper writes for one character.
enum Out {
    Keep,
    Drop,
    Str(&'static str),
    /// The character after a backslash.
    Backslash,
    Char(char),
}

/// Escapes `text` one character at a time; `f` sees the character and the one before it
/// (`'\0'` at the start).
fn map_chars(text: &str, f: impl Fn(char, char) -> Out) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev = '\0';
    for c in text.chars() {
        match f(c, prev) {
            Out::Keep => out.push(c),
            Out::Drop => {}
            Out::Str(s) => out.push_str(s),
            Out::Backslash => {
                out.push('\\');
                out.push(c);
            }
            Out::Char(r) => out.push(r),
        }
        prev = c;
    }
    out
}

/// The entity of `&`, `<` and `>`, which HTML, XML and Markdown all escape so.
fn markup_entity(c: char) -> Option<Out> {
    match c {
        '&' => Some(Out::Str("&amp;")),
        '<' => Some(Out::Str("&lt;")),
        '>' => Some(Out::Str("&gt;")),
        _ => None,
    }
}

/// Escapes text for HTML, valid both as element content and inside a double- or single-quoted
/// attribute value (`& < > " '`). Control characters other than tab and newline are dropped.
///
/// # Examples
/// ```
/// use ptce::report::escape::html;
/// assert_eq!(html("<b>&é\"_%</b>"), "&lt;b&gt;&amp;é&quot;_%&lt;/b&gt;");
/// ```
pub fn html(text: &str) -> String {
    map_chars(text, |c, _| {
        markup_entity(c).unwrap_or(match c {
            '"' => Out::Str("&quot;"),
            '\'' => Out::Str("&#39;"),
            '\t' | '\n' => Out::Keep,
            c if c.is_control() => Out::Drop,
            _ => Out::Keep,
        })
    })
}

/// Escapes text for XML 1.0 (GEXF, GraphML), valid as element content and as a double-quoted
/// attribute value. Characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) are replaced
/// by U+FFFD; tab, newline and carriage return are written as character references so that
/// attribute normalisation keeps them.
///
/// # Examples
/// ```
/// use ptce::report::escape::xml;
/// assert_eq!(xml("a<b & 'c'\n"), "a&lt;b &amp; &apos;c&apos;&#10;");
/// ```
pub fn xml(text: &str) -> String {
    map_chars(text, |c, _| {
        markup_entity(c).unwrap_or(match c {
            '"' => Out::Str("&quot;"),
            '\'' => Out::Str("&apos;"),
            '\t' => Out::Str("&#9;"),
            '\n' => Out::Str("&#10;"),
            '\r' => Out::Str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => Out::Char('\u{fffd}'),
            _ => Out::Keep,
        })
    })
}

/// Escapes text for LaTeX (text mode, `T1` font encoding): the ten special characters
/// `\ & % $ # _ { } ~ ^`, plus `< > | "` (wrong glyphs in OT1) and the `--`, `` ` `` and `'`
/// ligatures; line breaks become spaces, other control characters are dropped, non-breaking
/// spaces become `~`.
///
/// # Examples
/// ```
/// use ptce::report::escape::latex;
/// assert_eq!(latex("50% & co_op {x}"), r"50\% \& co\_op \{x\}");
/// ```
pub fn latex(text: &str) -> String {
    map_chars(text, |c, prev| match c {
        '\\' => Out::Str(r"\textbackslash{}"),
        '&' | '%' | '$' | '#' | '_' | '{' | '}' => Out::Backslash,
        '~' => Out::Str(r"\textasciitilde{}"),
        '^' => Out::Str(r"\textasciicircum{}"),
        '<' => Out::Str(r"\textless{}"),
        '>' => Out::Str(r"\textgreater{}"),
        '|' => Out::Str(r"\textbar{}"),
        '"' => Out::Str(r"\textquotedbl{}"),
        '`' => Out::Str(r"\textasciigrave{}"),
        '\'' if prev == '\'' => Out::Str("{}'"),
        '-' if prev == '-' => Out::Str("{}-"),
        '\u{a0}' => Out::Char('~'),
        '\u{202f}' => Out::Str(r"\,"),
        '\n' | '\r' | '\t' => Out::Char(' '),
        c if c.is_control() => Out::Drop,
        _ => Out::Keep,
    })
}

/// Escapes text for a Markdown paragraph or table cell: Markdown punctuation is
/// backslash-escaped, `< > &` become HTML entities (so that raw HTML in a name stays text when
/// the Markdown is rendered), line breaks become spaces.
///
/// # Examples
/// ```
/// use ptce::report::escape::markdown;
/// assert_eq!(markdown("a|b *c* <i>"), r"a\|b \*c\* &lt;i&gt;");
/// ```
pub fn markdown(text: &str) -> String {
    map_chars(text, |c, _| {
        markup_entity(c).unwrap_or(match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '!' | '|'
            | '~' => Out::Backslash,
            '\n' | '\r' | '\t' => Out::Char(' '),
            c if c.is_control() => Out::Drop,
            _ => Out::Keep,
        })
    })
}

/// Whether a column holds p-values, by name: `p`, `p_*`, `*_p`, `*_p_*`, or containing
/// `p_value` (`p_value`, `p_adjusted`, `permutation_p`, `wilcoxon_p_adjusted`…).
pub fn is_p_value_column(name: &str) -> bool {
    name == "p"
        || name.starts_with("p_")
        || name.ends_with("_p")
        || name.contains("_p_")
        || name.contains("p_value")
}

/// A number prepared for display: sign, digits before and after the decimal mark, and whether
/// it stands for "less than" (p-values below [`P_FLOOR`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub negative: bool,
    pub less_than: bool,
    pub int: String,
    pub frac: String,
}

/// Prepares a float for display: rounded to `decimals` decimals (Rust's correctly rounded
/// formatting, the same on every platform), with `-0.000` shown as `0.000`; a p-value below
/// [`P_FLOOR`] becomes `< 0.001`. `None` for a non-finite value.
///
/// # Complexity
/// O(number of digits).
pub fn shown_float(x: f64, decimals: usize, p_value: bool) -> Option<Shown> {
    if !x.is_finite() {
        return None;
    }
    if p_value && x < P_FLOOR {
        return shown_float(P_FLOOR, DECIMALS, false).map(|s| Shown {
            less_than: true,
            ..s
        });
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (text.clone(), String::new()),
    };
    let zero = text.bytes().all(|b| b == b'0' || b == b'.');
    Some(Shown {
        negative: x < 0.0 && !zero,
        less_than: false,
        int,
        frac,
    })
}

/// Prepares an integer for display.
pub fn shown_int(x: i64) -> Shown {
    Shown {
        negative: x < 0,
        less_than: false,
        int: x.unsigned_abs().to_string(),
        frac: String::new(),
    }
}

/// Groups the digits of an integer part by three with `sep`, only when it has five digits or
/// more (French and English typographic usage: `2016`, `12 345`).
fn group(int: &str, sep: &str) -> String {
    if int.len() < 5 {
        return int.to_string();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// The number as plain text for the report (HTML or Markdown): French `12 345,678` with a
/// narrow no-break space and a decimal comma, English `12,345.678`; `< 0,001` / `< 0.001`.
/// The result contains no markup-sensitive character.
///
/// # Examples
/// ```
/// use ptce::config::Language;
/// use ptce::report::escape::{shown_float, text_number};
/// let s = shown_float(-12345.6789, 3, false).unwrap();
/// assert_eq!(text_number(&s, Language::En), "-12,345.679");
/// assert_eq!(text_number(&s, Language::Fr), "-12\u{202f}345,679");
/// ```
pub fn text_number(s: &Shown, lang: Language) -> String {
    let (sep, mark) = match lang {
        Language::Fr => ("\u{202f}", ","),
        Language::En => (",", "."),
    };
    written(s, sep, mark, "< ")
}

/// The number in LaTeX math mode: `$-12\,345{,}678$` in French (thin-space thousands, braced
/// decimal comma so that math mode adds no space), `$-12{,}345.678$` in English, `$<0{,}001$`.
///
/// # Examples
/// ```
/// use ptce::config::Language;
/// use ptce::report::escape::{latex_number, shown_float};
/// let s = shown_float(0.5, 3, false).unwrap();
/// assert_eq!(latex_number(&s, Language::Fr), "$0{,}500$");
/// ```
pub fn latex_number(s: &Shown, lang: Language) -> String {
    let (sep, mark) = match lang {
        Language::Fr => (r"\,", "{,}"),
        Language::En => ("{,}", "."),
    };
    format!("${}$", written(s, sep, mark, "<"))
}

/// A shown number with `sep` between groups of thousands, `mark` before the decimals and
/// `less` before a number that stands for "less than".
fn written(s: &Shown, sep: &str, mark: &str, less: &str) -> String {
    let mut out = String::new();
    if s.less_than {
        out.push_str(less);
    }
    if s.negative {
        out.push('-');
    }
    out.push_str(&group(&s.int, sep));
    if !s.frac.is_empty() {
        let _ = write!(out, "{mark}{}", s.frac);
    }
    out
}

/// A table cell ready for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Text from the data, still to be escaped by the target format.
    Text(&'a str),
    /// A rounded number, to be written by [`text_number`] or [`latex_number`].
    Number(Shown),
    /// A missing value (shown as an em dash).
    Missing,
}

/// Whether a column is numeric (right-aligned in every display).
pub fn is_numeric(column: &Column) -> bool {
    !matches!(column.values, Values::Str(_))
}

/// The display cells of a column: text as is, integers exactly, floats rounded to
/// [`DECIMALS`] decimals — or without decimals when every value of the column is a whole
/// number (counts stored as floats) — and p-value columns ([`is_p_value_column`]) with
/// `< 0.001` below [`P_FLOOR`].
///
/// # Complexity
/// O(rows).
pub fn display_cells(column: &Column) -> Vec<Cell<'_>> {
    match &column.values {
        Values::Str(v) => v
            .iter()
            .map(|x| x.map_or(Cell::Missing, Cell::Text))
            .collect(),
        Values::Int(v) => v
            .iter()
            .map(|x| x.map_or(Cell::Missing, |i| Cell::Number(shown_int(i))))
            .collect(),
        Values::Float(v) => {
            let p = is_p_value_column(&column.name);
            let whole = !p
                && v.iter()
                    .flatten()
                    .all(|x| x.fract() == 0.0 && x.abs() < 1e15);
            let decimals = if whole { 0 } else { DECIMALS };
            v.iter()
                .map(|x| {
                    x.and_then(|f| shown_float(f, decimals, p))
                        .map_or(Cell::Missing, Cell::Number)
                })
                .collect()
        }
    }
}

/// Why an SVG may not be embedded in the report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SvgError {
    #[error("not an <svg> element")]
    NotSvg,
    #[error("malformed markup at byte {0}")]
    Malformed(usize),
    #[error("element <{0}> is not allowed")]
    Element(String),
    #[error("attribute {0} is not allowed")]
    Attribute(String),
    #[error("content after the closing </svg>")]
    Trailing,
}

/// Elements an embedded SVG may use (what charting libraries produce; no script, style,
/// foreignObject, animation or external content).
const SVG_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "path",
    "text",
    "tspan",
    "clippath",
    "lineargradient",
    "radialgradient",
    "stop",
    "marker",
    "pattern",
    "symbol",
    "use",
    "mask",
    "image",
];

/// Whether an attribute value may appear: references only inside the document (`#id`,
/// `url(#id)`), or inline PNG/JPEG images.
fn safe_value(name: &str, value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if v.contains("javascript:") || v.contains("expression(") || v.contains("@import") {
        return false;
    }
    if v.contains("url(")
        && v.split("url(").skip(1).any(|rest| {
            !rest.starts_with('#') && !rest.starts_with("'#") && !rest.starts_with("\"#")
        })
    {
        return false;
    }
    if name == "href" || name.ends_with(":href") || name == "src" {
        return v.starts_with('#')
            || v.starts_with("data:image/png;base64,")
            || v.starts_with("data:image/jpeg;base64,");
    }
    true
}

/// Parses the attributes of a tag body (`name="v" name2='w'`); `None` if malformed.
fn tag_attributes(body: &str) -> Option<Vec<(String, String)>> {
    let mut attrs = Vec::new();
    let mut rest = body.trim_start();
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            attrs.push((name, String::new()));
            continue;
        };
        let after = after.trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let close = after[1..].find(quote)? + 1;
        attrs.push((name, after[1..close].to_string()));
        rest = after[close + 1..].trim_start();
    }
    Some(attrs)
}

/// Checks that an SVG document is safe to embed inline in the HTML report and returns the
/// `<svg>…</svg>` element (without XML declaration, doctype or leading comments).
///
/// Safe means: one root `<svg>` element with nothing after it; only the elements of a static
/// drawing (no `script`, `style`, `foreignObject`, `a`, animation); no `on…` event attribute;
/// links and `url(…)` only to `#ids` in the document (or inline PNG/JPEG data). A name that
/// reached the SVG unescaped (`</svg><script>…`) therefore makes the check fail instead of
/// breaking out of the figure.
///
/// # Errors
/// [`SvgError`] naming the first problem.
///
/// # Complexity
/// O(length).
///
/// # Examples
/// ```
/// use ptce::report::escape::check_svg;
/// let ok = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text x="1">&lt;b&gt;</text></svg>"#;
/// assert!(check_svg(ok).unwrap().starts_with("<svg"));
/// assert!(check_svg("<svg><text>a</text></svg><script>alert(1)</script>").is_err());
/// assert!(check_svg(r#"<svg onload="alert(1)"></svg>"#).is_err());
/// ```
pub fn check_svg(svg: &str) -> Result<&str, SvgError> {
    let mut s = svg.trim();
    // Prolog: XML declaration, doctype, comments.
    loop {
        if s.starts_with("<?") {
            let end = s.find("?>").ok_or(SvgError::Malformed(0))?;
            s = s[end + 2..].trim_start();
        } else if s.starts_with("<!--") {
            let end = s.find("-->").ok_or(SvgError::Malformed(0))?;
            s = s[end + 3..].trim_start();
        } else if s.len() >= 9 && s[..9].eq_ignore_ascii_case("<!doctype") {
            let end = s.find('>').ok_or(SvgError::Malformed(0))?;
            s = s[end + 1..].trim_start();
        } else {
            break;
        }
    }
    if !(s.len() >= 4 && s[..4].eq_ignore_ascii_case("<svg")) {
        return Err(SvgError::NotSvg);
    }
    // Open elements: every closing tag must match the innermost one.
    let mut open: Vec<String> = Vec::new();
    let mut pos = 0;
    while let Some(lt) = s[pos..].find('<').map(|i| pos + i) {
        let rest = &s[lt..];
        if rest.starts_with("<!--") {
            pos = lt + rest.find("-->").ok_or(SvgError::Malformed(lt))? + 3;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            return Err(SvgError::Malformed(lt));
        }
        // End of the tag: the first '>' outside quotes.
        let mut quote = None;
        let mut end = None;
        for (i, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '<') => return Err(SvgError::Malformed(lt + i)),
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let end = end.ok_or(SvgError::Malformed(lt))?;
        let inner = &rest[1..end];
        let closing = inner.starts_with('/');
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_start_matches('/').trim_end_matches('/');
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        if !SVG_ELEMENTS.contains(&name.as_str()) {
            return Err(SvgError::Element(name));
        }
        if closing {
            if open.pop().as_deref() != Some(name.as_str()) {
                return Err(SvgError::Malformed(lt));
            }
        } else {
            let attrs = tag_attributes(&inner[name_end..]).ok_or(SvgError::Malformed(lt))?;
            for (k, v) in &attrs {
                if k.starts_with("on") || !safe_value(k, v) {
                    return Err(SvgError::Attribute(k.clone()));
                }
            }
            if !self_closing {
                open.push(name);
            }
        }
        pos = lt + end + 1;
        if open.is_empty() {
            // The root closed: only whitespace may follow.
            return if s[pos..].trim().is_empty() {
                Ok(&s[..pos])
            } else {
                Err(SvgError::Trailing)
            };
        }
    }
    Err(SvgError::Malformed(s.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_xml_escape_every_markup_character() {
        let name = "<script>alert(1)</script> & \"x\" 'y'";
        for out in [html(name), xml(name)] {
            assert!(!out.contains('<') && !out.contains('>') && !out.contains('"'));
            assert!(!out.contains('\''));
        }
        assert_eq!(xml("a\u{1}b\u{ffff}"), "a\u{fffd}b\u{fffd}");
        assert_eq!(html("a\u{7}b"), "ab");
    }

    #[test]
    fn latex_escapes_specials_and_ligatures() {
        assert_eq!(
            latex(r"\ & % $ # _ { } ~ ^ < >"),
            r"\textbackslash{} \& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textless{} \textgreater{}"
        );
        assert_eq!(latex("a--b ''"), "a-{}-b '{}'");
        assert_eq!(
            latex("<b>&é\"_%</b>"),
            r"\textless{}b\textgreater{}\&é\textquotedbl{}\_\%\textless{}/b\textgreater{}"
        );
    }

    #[test]
    fn markdown_escapes_tables_and_html() {
        assert_eq!(markdown("<b>&é\"_%</b>"), "&lt;b&gt;&amp;é\"\\_%&lt;/b&gt;");
        assert_eq!(markdown("a\nb"), "a b");
    }

    #[test]
    fn numbers_round_and_localise() {
        let s = shown_float(1234567.0004, 3, false).unwrap();
        assert_eq!(text_number(&s, Language::En), "1,234,567.000");
        assert_eq!(latex_number(&s, Language::Fr), r"$1\,234\,567{,}000$");
        let z = shown_float(-0.0001, 3, false).unwrap();
        assert_eq!(text_number(&z, Language::Fr), "0,000");
        let p = shown_float(0.00002, 3, true).unwrap();
        assert_eq!(text_number(&p, Language::Fr), "< 0,001");
        assert_eq!(latex_number(&p, Language::En), "$<0.001$");
        assert_eq!(text_number(&shown_int(2016), Language::Fr), "2016");
        assert_eq!(text_number(&shown_int(-12345), Language::En), "-12,345");
        assert!(shown_float(f64::NAN, 3, false).is_none());
        for p in [
            "p_adjusted",
            "permutation_p",
            "wilcoxon_p_adjusted",
            "p_value",
        ] {
            assert!(is_p_value_column(p), "{p}");
        }
        assert!(!is_p_value_column("pagerank"));
    }

    #[test]
    fn svg_check_accepts_drawings_and_refuses_active_content() {
        let ok = r##"<svg width="10" height="10" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg">
<defs><clipPath id="c"><rect x="0" y="0" width="5" height="5"/></clipPath></defs>
<g clip-path="url(#c)"><rect x="0" y="0" width="10" height="10" fill="#FFFFFF" opacity="1" stroke="none"/>
<text x="1" y="5" font-family="sans-serif" font-size="3">&lt;b&gt;&amp;é&quot;_%&lt;/b&gt; a > b</text>
<use href="#c"/></g></svg>
"##;
        assert_eq!(check_svg(ok).unwrap(), ok.trim());
        for bad in [
            "<svg><script>alert(1)</script></svg>",
            "<svg><text>x</text></svg><script>alert(1)</script>",
            "<svg><text>x</text></svg></svg><b>",
            "<svg><text></svg><script>alert(1)</script></text></svg>",
            "<svg><text></svg>plain<tspan/></text></svg>",
            r#"<svg><rect onclick="x()"/></svg>"#,
            r#"<svg><image href="http://example.org/x.png"/></svg>"#,
            r#"<svg><rect style="fill:url(http://e.org/a)"/></svg>"#,
            r#"<svg><foreignObject><div>x</div></foreignObject></svg>"#,
            r#"<svg><style>@import url(x)</style></svg>"#,
            r#"<svg><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
            "<svg><text>unclosed",
            "<html></html>",
            "<svg><![CDATA[<script>]]></svg>",
        ] {
            assert!(check_svg(bad).is_err(), "accepted: {bad}");
        }
    }

    #[test]
    fn whole_float_columns_show_without_decimals() {
        let t = crate::table::Table::new("t")
            .float("n", [Some(3.0), None])
            .float("x", [Some(3.0), Some(0.25)])
            .float("p_value", [Some(1.0), Some(0.0)]);
        let show = |c: &Column| -> Vec<String> {
            display_cells(c)
                .iter()
                .map(|c| match c {
                    Cell::Number(s) => text_number(s, Language::En),
                    Cell::Text(t) => t.to_string(),
                    Cell::Missing => "-".to_string(),
                })
                .collect()
        };
        assert_eq!(show(&t.columns[0]), ["3", "-"]);
        assert_eq!(show(&t.columns[1]), ["3.000", "0.250"]);
        assert_eq!(show(&t.columns[2]), ["1.000", "< 0.001"]);
    }
}
