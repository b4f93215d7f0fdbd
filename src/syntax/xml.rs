//! XML, for Azure AD B2C custom policies: parsed with roxmltree, a maintained parser that keeps
//! the byte range of every element, attribute and text. Unlike the other front-ends it stops
//! at the first error (XML has no recovery a reader could trust): a file that is not
//! well-formed gives one syntax error at the place roxmltree names, and no tree.

use super::{SyntaxError, TextRange};

/// Most nodes one document may have: far above any policy (the starter pack's largest base
/// file has about 20,000), and a bound on memory for a hostile file.
const NODES_LIMIT: u32 = 2_000_000;

/// A parsed document, or the error that stops it.
pub fn parse(text: &str) -> Result<roxmltree::Document<'_>, SyntaxError> {
    let options = roxmltree::ParsingOptions {
        // B2C policies have no document type; an entity-expanding DTD is a memory bomb.
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let at = offset_of(text, e.pos());
        let end = text[at..]
            .char_indices()
            .nth(1)
            .map_or(text.len(), |(i, _)| at + i);
        SyntaxError {
            range: TextRange::new(at, end),
            message: message(&e),
        }
    })
}

/// The syntax errors of a file: none, or the one that stops it.
pub fn syntax_errors(text: &str) -> Vec<SyntaxError> {
    parse(text).err().into_iter().collect()
}

/// roxmltree's message without its own position (the diagnostic has one), with the XML rule
/// named where users meet it most: `--` inside a comment.
fn message(e: &roxmltree::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at ") {
        Some(i) if text[i + 4..].contains(':') => text[..i].to_string(),
        _ => text,
    };
    match e {
        roxmltree::Error::InvalidComment(_) => {
            "XML: a comment may not hold `--`, nor end in `-` (B2C rejects the file too)"
                .to_string()
        }
        _ => format!("XML: {text}"),
    }
}

/// The byte offset of roxmltree's position (1-based row, and column in characters).
fn offset_of(text: &str, pos: roxmltree::TextPos) -> usize {
    let mut line_start = 0;
    for _ in 1..pos.row {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    let line = &text[line_start..];
    let col = (pos.col as usize).saturating_sub(1);
    line_start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

/// A node's range as a [`TextRange`].
pub fn range_of(range: std::ops::Range<usize>) -> TextRange {
    TextRange::new(range.start, range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_ranges() {
        let text = "<?xml version=\"1.0\"?>\n<a x=\"1\"><b>t</b></a>";
        let doc = parse(text).unwrap();
        let b = doc.descendants().find(|n| n.has_tag_name("b")).unwrap();
        assert_eq!(&text[b.range()], "<b>t</b>");
        let x = doc.root_element().attribute_node("x").unwrap();
        assert_eq!(&text[x.range_value()], "1");
    }

    #[test]
    fn an_error_is_placed_where_it_is() {
        let text = "<a>\n  <b></c>\n</a>";
        let e = parse(text).unwrap_err();
        assert_eq!(text[..e.range.start as usize].matches('\n').count(), 1);
        assert!(e.message.starts_with("XML: "), "{}", e.message);
        let comment = "<a>\n<!-- residency-ignore: EU041 -- why -->\n</a>";
        let e = parse(comment).unwrap_err();
        assert!(e.message.contains("`--`"), "{}", e.message);
        // Multi-byte characters before the error are counted as characters by roxmltree.
        let text = "<a é=\"1\">ü<";
        let e = parse(text).unwrap_err();
        assert!(text.is_char_boundary(e.range.start as usize));
    }

    #[test]
    fn a_document_type_is_refused() {
        let text = "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
        assert!(parse(text).is_err());
    }
}
