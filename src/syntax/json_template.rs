//! JSON files that are Terraform templates: a file read by `templatefile()`
//! (https://developer.hashicorp.com/terraform/language/functions/templatefile) holds
//! `${...}` interpolations and `%{...}` directives, and is JSON only once Terraform renders
//! it. Inside a JSON string a placeholder is harmless to the parser (the model reads it as a
//! value not known until rendering); outside one (`"count": ${count}`) the file does not
//! parse. [`mask`] makes the parseable JSON of the same length, so that every range still
//! points into the file as written.

/// The text with each `${...}` outside a JSON string turned into a string of the same length
/// (`"${…"`, read as a placeholder) and each `%{...}` directive into spaces; `None` when the
/// text has no template syntax outside strings.
pub fn mask(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut changed = false;
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match (c, b.get(i + 1)) {
            (b'"', _) => in_string = true,
            (b'$' | b'%', Some(b'{')) => {
                let Some(end) = closing_brace(b, i + 2) else {
                    break;
                };
                let span = &mut out[i..=end];
                if c == b'%' || span.len() < 4 || span.contains(&b'\n') {
                    // A directive, or a placeholder too short to be a string: blanked.
                    for byte in span.iter_mut().filter(|b| **b != b'\n') {
                        *byte = b' ';
                    }
                } else {
                    // `"${` + filler + `"`: the string `${…` (bytes inside are kept when they
                    // are plain ASCII that needs no escape, else replaced).
                    let n = span.len();
                    span[0] = b'"';
                    span[1] = b'$';
                    span[2] = b'{';
                    for byte in &mut span[3..n - 1] {
                        if !byte.is_ascii_alphanumeric() && !b"._-[]()".contains(byte) {
                            *byte = b'_';
                        }
                    }
                    span[n - 1] = b'"';
                }
                changed = true;
                i = end + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if !changed {
        return None;
    }
    // Only ASCII bytes were written, each over a byte of a complete `${...}` span.
    String::from_utf8(out).ok()
}

/// The index of the `}` closing a template sequence whose content starts at `from`, counting
/// nested braces and skipping quoted strings.
fn closing_brace(b: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0u32;
    let mut i = from;
    let mut quoted = false;
    while i < b.len() {
        match b[i] {
            b'\\' if quoted => i += 1,
            b'"' => quoted = !quoted,
            b'{' if !quoted => depth += 1,
            b'}' if !quoted => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether a JSON string value is, or holds, a template placeholder (`${location}`).
pub fn has_placeholder(s: &str) -> bool {
    s.find("${").is_some_and(|at| s[at..].contains('}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_outside_strings_become_strings_of_the_same_length() {
        let text = "{\"count\": ${count}, \"loc\": \"${location}\"%{ if x },\"a\": 1%{ endif }}";
        let masked = mask(text).unwrap();
        assert_eq!(masked.len(), text.len());
        assert!(masked.starts_with("{\"count\": \"${ount\", \"loc\": \"${location}\""));
        assert!(!masked.contains("%{"), "{masked}");
        assert!(crate::syntax::json::parse(&masked).errors.is_empty());
    }

    #[test]
    fn plain_json_is_left_alone() {
        assert_eq!(mask("{\"a\": \"${inside}\", \"b\": [1, 2]}"), None);
        assert_eq!(mask("{\"a\": ${unclosed"), None);
    }

    #[test]
    fn placeholders_in_strings() {
        assert!(has_placeholder("${location}"));
        assert!(has_placeholder("prefix-${var.x}-suffix"));
        assert!(!has_placeholder("$5 {not}"));
        assert!(!has_placeholder("${"));
    }
}
