//! Where a problem of a `.residency.yaml` is in its text: the byte range of the key (with its
//! value when that is a scalar), of the entry of a list or map it is about, or of the place a
//! parser stopped at. The language server shows the problems there.

use crate::syntax::yaml::{self, NodeId, NodeKind, Yaml};
use crate::syntax::TextRange;

/// A problem of a configuration file, at a byte range of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    pub range: TextRange,
    /// What is wrong, without the file's name.
    pub message: String,
}

/// A configuration's text, parsed with byte ranges.
pub(super) struct Located<'a> {
    text: &'a str,
    yaml: Yaml,
}

impl<'a> Located<'a> {
    pub fn new(text: &'a str) -> Self {
        Located {
            text,
            yaml: yaml::parse(text),
        }
    }

    /// The entries of the top-level mapping, as written (merge keys not expanded).
    fn entries(&self, map: Option<NodeId>) -> &[(NodeId, NodeId)] {
        let map = map.or_else(|| self.yaml.documents.first().copied());
        match map
            .and_then(|m| self.yaml.resolve(m))
            .map(|m| &self.yaml.node(m).kind)
        {
            Some(NodeKind::Map(entries)) => entries,
            _ => &[],
        }
    }

    /// The top-level keys as written, with their ranges.
    pub fn keys(&self) -> Vec<(&str, TextRange)> {
        self.entries(None)
            .iter()
            .filter_map(|&(k, _)| Some((self.yaml.as_str(k)?, self.yaml.node(k).range)))
            .collect()
    }

    /// The key and, when it is a scalar, its value.
    fn entry_range(&self, (k, v): (NodeId, NodeId)) -> TextRange {
        let key = self.yaml.node(k).range;
        let value = self.yaml.node(v);
        match value.kind {
            NodeKind::Scalar { .. } if value.range.end >= key.end => {
                TextRange::new(key.start as usize, value.range.end as usize)
            }
            _ => key,
        }
    }

    fn find(&self, map: Option<NodeId>, key: &str) -> Option<(NodeId, NodeId)> {
        self.entries(map)
            .iter()
            .copied()
            .find(|&(k, _)| self.yaml.as_str(k) == Some(key))
    }

    /// Where the problem of top-level `key` lies: the entry of its list or map named `item`,
    /// else the key. The start of the file when the key is not written.
    pub fn key(&self, key: &str, item: Option<&str>) -> TextRange {
        let Some(entry) = self.find(None, key) else {
            return TextRange::new(0, 0);
        };
        let value = entry.1;
        if let Some(item) = item {
            if let Some(inner) = self.find(Some(value), item) {
                return self.entry_range(inner);
            }
            if let Some(&found) = self
                .yaml
                .items(value)
                .iter()
                .find(|&&i| self.yaml.as_str(i) == Some(item))
            {
                return self.yaml.node(found).range;
            }
        }
        self.entry_range(entry)
    }

    /// Where the `index`-th item of the list of top-level `key` is written; the key when it is
    /// not a list that long.
    pub fn list_item(&self, key: &str, index: usize) -> TextRange {
        let Some(entry) = self.find(None, key) else {
            return TextRange::new(0, 0);
        };
        match self.yaml.items(entry.1).get(index) {
            Some(&item) => self.yaml.node(item).range,
            None => self.entry_range(entry),
        }
    }

    /// Where a parser stopped, by line and column (1-based, columns in characters): the
    /// innermost entry there, else the rest of the line.
    pub fn line_column(&self, line: usize, column: usize) -> TextRange {
        let Some(offset) = self.offset(line, column) else {
            return TextRange::new(self.text.len(), self.text.len());
        };
        let mut found = None;
        let mut map = None;
        'down: loop {
            for &entry in self.entries(map) {
                let range = self.entry_range(entry);
                let whole = TextRange::new(
                    range.start as usize,
                    (self.yaml.node(entry.1).range.end.max(range.end)) as usize,
                );
                if (whole.start as usize..=whole.end as usize).contains(&offset) {
                    found = Some(range);
                    map = Some(entry.1);
                    continue 'down;
                }
            }
            break;
        }
        found.unwrap_or_else(|| {
            let end = self.text[offset..]
                .find(['\n', '\r'])
                .map_or(self.text.len(), |i| offset + i);
            TextRange::new(offset, end)
        })
    }

    /// The byte offset of a line and column (1-based, columns in characters), clamped to the
    /// end of its line.
    fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let mut start = 0;
        for _ in 1..line {
            start += self.text[start..].find('\n')? + 1;
        }
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let text = self.text[start..end].trim_end_matches('\r');
        let within = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        Some(start + within)
    }

    /// `line L column C` (1-based) of a byte offset, as parsers say it.
    pub fn describe(&self, offset: usize) -> String {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        format!("line {line} column {column}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, range: TextRange) -> &str {
        &text[range.start as usize..range.end as usize]
    }

    #[test]
    fn keys_items_and_positions() {
        let text = "boundary: mars\nallowed_regions: [westeurope, westeurpe]\nrules:\n  EU010: loud\n  EU999: off\nexclude:\n  - '['\n";
        let at = Located::new(text);
        assert_eq!(shown(text, at.key("boundary", None)), "boundary: mars");
        assert_eq!(
            shown(text, at.key("allowed_regions", Some("westeurpe"))),
            "westeurpe"
        );
        assert_eq!(shown(text, at.key("rules", Some("EU010"))), "EU010: loud");
        assert_eq!(shown(text, at.key("rules", Some("EU999"))), "EU999: off");
        assert_eq!(shown(text, at.key("rules", None)), "rules");
        assert_eq!(shown(text, at.key("exclude", Some("["))), "'['");
        assert_eq!(at.key("var_files", None), TextRange::new(0, 0));
        // Line 4, column 10 is inside `loud`.
        assert_eq!(shown(text, at.line_column(4, 10)), "EU010: loud");
        assert_eq!(at.describe(text.find("EU999").unwrap()), "line 5 column 3");
    }
}
