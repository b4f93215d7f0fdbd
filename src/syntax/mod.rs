//! Error-tolerant front-ends. Every parser returns a tree plus a list of syntax errors with byte
//! ranges; it never fails and never panics, so rules run on whatever parsed.

pub mod bicep;
pub mod hcl;
pub mod json;
pub mod json_template;
pub mod string_at;
pub mod xml;
pub mod yaml;

/// A half-open byte range `start..end` into a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn empty(at: usize) -> Self {
        Self::new(at, at)
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn as_range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset < self.end as usize
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A syntax error: where, and what the parser expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// Most syntax errors a file reports. A binary or hostile file would otherwise give one per
/// byte (millions of diagnostics, each with its message); past the first screenful more add
/// nothing a user can act on.
pub const MAX_ERRORS: usize = 200;

/// The syntax errors of one file, bounded: at most [`MAX_ERRORS`] are kept and the rest only
/// counted, so memory stays bounded however many a parser meets. [`Errors::finish`] sorts
/// them and adds one final "too many syntax errors" error saying how many were not shown.
/// Every parser collects into one, so the cap is the same in every format.
#[derive(Clone, Debug, Default)]
pub struct Errors {
    kept: Vec<SyntaxError>,
    /// Errors met once `kept` was full.
    dropped: usize,
    /// Where the earliest of those was.
    first_dropped: Option<TextRange>,
}

/// What [`Errors::rollback`] returns to: the errors of a speculative parse are forgotten.
#[derive(Clone, Copy, Debug)]
pub struct Checkpoint {
    kept: usize,
    dropped: usize,
}

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, range: TextRange, message: impl Into<String>) {
        if self.kept.len() < MAX_ERRORS {
            self.kept.push(SyntaxError {
                range,
                message: message.into(),
            });
        } else {
            self.drop_one(range);
        }
    }

    fn drop_one(&mut self, range: TextRange) {
        self.dropped += 1;
        if self.first_dropped.is_none_or(|r| range < r) {
            self.first_dropped = Some(range);
        }
    }

    /// The errors kept so far, in the order met.
    pub fn iter(&self) -> impl Iterator<Item = &SyntaxError> {
        self.kept.iter()
    }

    /// The last error kept.
    pub fn last(&self) -> Option<&SyntaxError> {
        self.kept.last()
    }

    /// Whether no error was met.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.dropped == 0
    }

    /// How many errors were met, kept or not.
    pub fn count(&self) -> usize {
        self.kept.len() + self.dropped
    }

    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            kept: self.kept.len(),
            dropped: self.dropped,
        }
    }

    /// Forgets the errors met since `at`.
    pub fn rollback(&mut self, at: Checkpoint) {
        self.kept.truncate(at.kept);
        self.dropped = at.dropped;
        if self.dropped == 0 {
            self.first_dropped = None;
        }
    }

    /// Adds another collector's errors (a lexer's to its parser's), keeping the earliest.
    pub fn append(&mut self, other: Errors) {
        self.dropped += other.dropped;
        if let Some(r) = other.first_dropped {
            self.drop_one(r);
            self.dropped -= 1;
        }
        self.kept.extend(other.kept);
        self.kept.sort_by_key(|e| (e.range.start, e.range.end));
        if self.kept.len() > MAX_ERRORS {
            let first = self.kept[MAX_ERRORS].range;
            let extra = self.kept.len() - MAX_ERRORS;
            self.kept.truncate(MAX_ERRORS);
            self.drop_one(first);
            self.dropped += extra - 1;
        }
    }

    /// Puts the errors kept in document order.
    pub fn sort(&mut self) {
        self.kept.sort_by_key(|e| (e.range.start, e.range.end));
    }

    /// The errors kept, in the order met (or sorted), repeated ones removed, and at the end
    /// one error at the first one not shown when there were more than [`MAX_ERRORS`].
    pub fn finish(self) -> Vec<SyntaxError> {
        let mut kept = self.kept;
        kept.dedup();
        if self.dropped > 0 {
            kept.push(SyntaxError {
                range: self.first_dropped.unwrap_or_default(),
                message: format!("too many syntax errors, {} more not shown", self.dropped),
            });
        }
        kept
    }
}

#[cfg(test)]
mod errors_tests {
    use super::*;

    #[test]
    fn keeps_the_first_errors_by_position_and_counts_the_rest() {
        let mut e = Errors::new();
        for i in (0..1000).rev() {
            e.push(TextRange::new(i, i + 1), format!("e{i}"));
        }
        let mut lexer = Errors::new();
        lexer.push(TextRange::new(5000, 5001), "late");
        e.append(lexer);
        let out = e.finish();
        assert_eq!(out.len(), MAX_ERRORS + 1);
        // Pushed from the end: the first pushed are kept, then sorted with the lexer's.
        assert!(out[..MAX_ERRORS]
            .windows(2)
            .all(|w| w[0].range <= w[1].range));
        let last = out.last().unwrap();
        assert_eq!(last.message, "too many syntax errors, 801 more not shown");
    }

    #[test]
    fn rollback_forgets_speculative_errors() {
        let mut e = Errors::new();
        e.push(TextRange::new(0, 1), "kept");
        let at = e.checkpoint();
        for i in 0..500 {
            e.push(TextRange::new(i, i + 1), "speculative");
        }
        e.rollback(at);
        let out = e.finish();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].message, "kept");
    }
}
