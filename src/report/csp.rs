//! The Content-Security-Policy of `report.html`: nothing may be loaded from anywhere (no
//! network, no other file), and the only inline style or script that runs is the report's own,
//! allowed by the SHA-256 of its exact text. Text from the data is never HTML nor script
//! (escaped by `escape::html`); the policy is the second wall should an escape be missed.
//!
//! [`content_security_policy`] takes the hash sources of every inline `<style>` and `<script>`
//! element of the page, so that scripts added to the report (an interactive viewer, sortable
//! tables) are allowed by listing their [`hash_source`], and nothing else is.

use sha2::{Digest, Sha256};

/// The CSP hash source of an inline element's text: `'sha256-<base64 of SHA-256>'`, hashed
/// over the exact bytes between the opening and closing tags.
///
/// # Examples
/// ```
/// use ptce::report::csp::hash_source;
/// assert_eq!(hash_source("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
/// ```
pub fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// The policy of `report.html`, for a `<meta http-equiv="Content-Security-Policy">`:
/// `default-src 'none'` (no fetch, frame, font, media, connection, worker), images only as
/// `data:` URLs, styles and scripts only those whose hash sources are given (no script at all
/// when `scripts` is empty), no `<base>`, no form submission.
///
/// # Arguments
/// * `styles`, `scripts` — hash sources ([`hash_source`]) of every inline `<style>` and
///   `<script>` element of the page.
///
/// # Examples
/// ```
/// use ptce::report::csp::{content_security_policy, hash_source};
/// let p = content_security_policy(&[hash_source("b{}")], &[]);
/// assert!(p.starts_with("default-src 'none'; img-src data:; style-src 'sha256-"));
/// assert!(!p.contains("script-src") && !p.contains("unsafe"));
/// ```
pub fn content_security_policy(styles: &[String], scripts: &[String]) -> String {
    let mut policy = String::from("default-src 'none'; img-src data:");
    if !styles.is_empty() {
        policy.push_str("; style-src ");
        policy.push_str(&styles.join(" "));
    }
    if !scripts.is_empty() {
        policy.push_str("; script-src ");
        policy.push_str(&scripts.join(" "));
    }
    policy.push_str("; base-uri 'none'; form-action 'none'");
    policy
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 section 10 test vectors; SHA-256 hash sources against Python's
    /// `base64.b64encode(hashlib.sha256(b).digest())` (Python 3.11).
    #[test]
    fn base64_and_hash_sources_match_the_references() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
        assert_eq!(
            hash_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn the_policy_lists_only_the_given_sources() {
        let p = content_security_policy(&["'sha256-A'".into()], &["'sha256-B'".into()]);
        assert_eq!(
            p,
            "default-src 'none'; img-src data:; style-src 'sha256-A'; script-src 'sha256-B'; \
             base-uri 'none'; form-action 'none'"
        );
    }
}
