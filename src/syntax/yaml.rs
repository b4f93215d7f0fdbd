//! YAML (multi-document), error tolerant, with byte ranges; anchors and aliases resolved
//! without exponential blow-up.
//!
//! Events come from `saphyr-parser` (a maintained YAML 1.2 parser that reports a span for
//! every event; `serde_yaml` is deprecated and has no spans). It stops at the first error, so
//! this module adds the tolerance: it keeps everything parsed before the error, then resumes on
//! the next line whose indentation matches a block mapping or sequence still open at that
//! point, parses that region on its own and grafts what it holds into the open collection.
//! A half-typed `Pulumi.yaml` thus loses the broken line, not the rest of the file.
//!
//! Nodes live in one arena ([`Yaml::nodes`]); an alias is a node pointing at its anchor's
//! node, never a copy, so a "billion laughs" document stays as small as its text. Consumers
//! that expand values must bound their own work (see the lowering's expansion budget).

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

use super::{Errors, SyntaxError, TextRange};

/// Index of a node in [`Yaml::nodes`].
pub type NodeId = usize;

/// Deepest nesting kept; deeper collections become null (with a syntax error), so that no
/// consumer recurses without bound.
const MAX_DEPTH: usize = 128;
/// Recoveries attempted before the rest of the file is given up (each costs at most one
/// re-parse of the remaining text, so this bounds the work on garbage input).
const MAX_RECOVERIES: usize = 64;

/// How a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` or `>` block.
    Block,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar {
        value: String,
        style: Style,
        /// The bytes of the file that are exactly `value` (quotes excluded), when there are
        /// such bytes: a single-line plain scalar, a quoted scalar without escapes.
        content: Option<TextRange>,
    },
    Seq(Vec<NodeId>),
    /// Entries in the order written; keys are nodes too (usually scalars).
    Map(Vec<(NodeId, NodeId)>),
    /// `*name`: the anchored node, or `None` when no anchor of that name precedes it.
    Alias(Option<NodeId>),
    /// A missing value (`key:` at the end of a broken file) or a collection cut off for depth.
    Missing,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub range: TextRange,
    pub kind: NodeKind,
}

/// A parsed YAML stream: its documents' root nodes and the syntax errors.
#[derive(Clone, Debug, Default)]
pub struct Yaml {
    pub nodes: Vec<Node>,
    pub documents: Vec<NodeId>,
    pub errors: Vec<SyntaxError>,
}

/// Parses a YAML stream. Never fails, never panics: see the module documentation.
pub fn parse(text: &str) -> Yaml {
    Builder::new(text).run()
}

/// The syntax errors of a YAML text.
pub fn syntax_errors(text: &str) -> Vec<SyntaxError> {
    parse(text).errors
}

impl Yaml {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The node an alias designates (or the node itself).
    pub fn resolve(&self, id: NodeId) -> Option<NodeId> {
        match self.nodes.get(id)?.kind {
            NodeKind::Alias(target) => target,
            _ => Some(id),
        }
    }

    /// The string of a scalar (following an alias).
    pub fn as_str(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[self.resolve(id)?].kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The entries of a mapping (following an alias); merge keys (`<<: *base`) are expanded,
    /// explicit keys first. Empty for anything else.
    pub fn entries(&self, id: NodeId) -> Vec<(NodeId, NodeId)> {
        let mut out = Vec::new();
        self.collect_entries(id, 0, &mut out);
        out
    }

    fn collect_entries(&self, id: NodeId, depth: usize, out: &mut Vec<(NodeId, NodeId)>) {
        let Some(id) = self.resolve(id) else { return };
        let NodeKind::Map(entries) = &self.nodes[id].kind else {
            return;
        };
        let mut merges = Vec::new();
        // Only entries merged from elsewhere can repeat a key already taken.
        let fresh = out.is_empty();
        for &(k, v) in entries {
            let key = self.as_str(k);
            if key == Some("<<") && self.is_plain(k) {
                merges.push(v);
            } else if fresh
                || !out
                    .iter()
                    .any(|&(k2, _)| key.is_some() && self.as_str(k2) == key)
            {
                out.push((k, v));
            }
        }
        if depth >= 8 {
            return;
        }
        for m in merges {
            let Some(m) = self.resolve(m) else { continue };
            match &self.nodes[m].kind {
                NodeKind::Seq(items) => {
                    for &item in items {
                        self.collect_entries(item, depth + 1, out);
                    }
                }
                _ => self.collect_entries(m, depth + 1, out),
            }
        }
    }

    fn is_plain(&self, id: NodeId) -> bool {
        matches!(
            self.nodes[id].kind,
            NodeKind::Scalar {
                style: Style::Plain,
                ..
            }
        )
    }

    /// A mapping's value for `key` (following aliases and merge keys).
    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.entries(map)
            .into_iter()
            .find(|&(k, _)| self.as_str(k) == Some(key))
            .map(|(_, v)| v)
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, node: NodeId, keys: &[&str]) -> Option<NodeId> {
        keys.iter().try_fold(node, |n, k| self.get(n, k))
    }

    /// The items of a sequence (following an alias). Empty for anything else.
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match self.resolve(id).map(|i| &self.nodes[i].kind) {
            Some(NodeKind::Seq(items)) => items,
            _ => &[],
        }
    }

    pub fn is_map(&self, id: NodeId) -> bool {
        matches!(
            self.resolve(id).map(|i| &self.nodes[i].kind),
            Some(NodeKind::Map(_))
        )
    }
}

/// An open collection while building.
enum Frame {
    Map {
        id: NodeId,
        entries: Vec<(NodeId, NodeId)>,
        key: Option<NodeId>,
        /// Column of a block mapping's keys (`None` for flow mappings and until known).
        col: Option<usize>,
        block: bool,
    },
    Seq {
        id: NodeId,
        items: Vec<NodeId>,
        col: Option<usize>,
        block: bool,
    },
}

impl Frame {
    fn id(&self) -> NodeId {
        match self {
            Frame::Map { id, .. } | Frame::Seq { id, .. } => *id,
        }
    }
}

struct Builder<'t> {
    text: &'t str,
    /// Byte offset of every char when the text is not ASCII.
    char_bytes: Option<Vec<u32>>,
    yaml: Yaml,
    /// The syntax errors, bounded; `yaml.errors` when done.
    errors: Errors,
    stack: Vec<Frame>,
    /// Anchor ids of the current segment → nodes.
    anchors: Vec<(usize, NodeId)>,
    /// Depth of collections being skipped beyond [`MAX_DEPTH`].
    skipping: usize,
    /// End of the last content seen (where cut-off collections end).
    last_end: usize,
}

/// Where parsing of a segment stopped.
enum Stop {
    Done,
    Error { at: usize, message: String },
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        let char_bytes = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| i as u32)
                .chain(std::iter::once(text.len() as u32))
                .collect()
        });
        Builder {
            text,
            char_bytes,
            yaml: Yaml::default(),
            errors: Errors::new(),
            stack: Vec::new(),
            anchors: Vec::new(),
            skipping: 0,
            last_end: 0,
        }
    }

    fn run(mut self) -> Yaml {
        let len = self.text.len();
        let mut pos = 0usize;
        let mut graft = false;
        let mut end = len;
        let mut recoveries = 0;
        loop {
            let stop = self.segment(pos, end, graft);
            match stop {
                Stop::Done if end >= len => break,
                Stop::Done => {
                    // The grafted region ended: the next line belongs to a shallower collection.
                    pos = end;
                }
                Stop::Error { at, message } => {
                    // The collections being skipped for depth ended with the segment: left
                    // counted, they would swallow every line parsed after the error (found by
                    // fuzzing: 1,000 nested `{a: ` hit the scanner's recursion limit, and the
                    // rest of the file was lost).
                    self.skipping = 0;
                    let mut at = at.min(len);
                    let mut message = message;
                    // The scanner reports a stray tab where the scalar before it started.
                    if message.contains("tab") {
                        if let Some(i) = self.text[at..].find('\t') {
                            at += i;
                        }
                    }
                    // An unclosed `[` or `{` swallows the lines after it: report it at the
                    // bracket and resume on the line after the bracket.
                    let flow = self.stack.iter().position(|f| {
                        !matches!(
                            f,
                            Frame::Map { block: true, .. } | Frame::Seq { block: true, .. }
                        )
                    });
                    if let Some(i) = flow {
                        let open = self.yaml.nodes[self.stack[i].id()].range.start as usize;
                        if open < at && self.text[open..at].contains('\n') {
                            while self.stack.len() > i {
                                self.close_top(open + 1);
                            }
                            message = format!("this bracket is not closed ({message})");
                            at = open;
                        }
                    }
                    let line_end = self.text[at..].find('\n').map_or(len, |i| at + i);
                    let range = TextRange::new(at, line_end.max(at));
                    if !self.errors.iter().any(|e| e.range.start == range.start) {
                        self.errors
                            .push(range, format!("YAML syntax error: {message}"));
                    }
                    pos = (line_end + 1).min(len);
                    recoveries += 1;
                    if recoveries > MAX_RECOVERIES {
                        break;
                    }
                }
            }
            // Find where to resume: the next line that an open collection can take.
            let Some((start, region_end, grafted)) = self.resume_point(pos) else {
                break;
            };
            pos = start;
            end = region_end;
            graft = grafted;
        }
        self.close_all();
        let mut yaml = self.yaml;
        yaml.errors = self.errors.finish();
        yaml
    }

    /// The next place to parse from `pos`: `(start, end, graft)`.
    fn resume_point(&mut self, mut pos: usize) -> Option<(usize, usize, bool)> {
        let len = self.text.len();
        while pos < len {
            let line_end = self.text[pos..].find('\n').map_or(len, |i| pos + i);
            let line = &self.text[pos..line_end];
            let trimmed = line.trim_start_matches(' ');
            let indent = line.len() - trimmed.len();
            let next = (line_end + 1).min(len);
            if trimmed.trim().is_empty() || trimmed.starts_with('#') {
                pos = next;
                continue;
            }
            if indent == 0 && (trimmed.starts_with("---") || trimmed.starts_with("...")) {
                self.close_all();
                return Some((pos, len, false));
            }
            if trimmed.starts_with('\t') {
                // Tabs cannot indent YAML: no collection continues on such a line.
                pos = next;
                continue;
            }
            let dash = trimmed == "-" || trimmed.starts_with("- ");
            // The innermost open block collection this line continues.
            let target = self.stack.iter().rposition(|f| match f {
                Frame::Map {
                    col: Some(c),
                    block: true,
                    ..
                } => *c == indent && !dash,
                Frame::Seq {
                    col: Some(c),
                    block: true,
                    ..
                } => *c == indent && dash,
                _ => false,
            });
            match target {
                Some(t) => {
                    while self.stack.len() > t + 1 {
                        self.close_top(self.last_end);
                    }
                    // A key whose value was lost to the error: its value is missing.
                    if let Some(Frame::Map { key, entries, .. }) = self.stack.last_mut() {
                        if let Some(k) = key.take() {
                            let at = self.yaml.nodes[k].range.end as usize;
                            self.yaml.nodes.push(Node {
                                range: TextRange::empty(at),
                                kind: NodeKind::Missing,
                            });
                            entries.push((k, self.yaml.nodes.len() - 1));
                        }
                    }
                    return Some((pos, self.region_end(next, indent, dash), true));
                }
                None if indent == 0 && self.stack.is_empty() => {
                    return Some((pos, len, false));
                }
                None if indent == 0 => {
                    // A new top-level key after a broken root that is not a mapping: start over.
                    self.close_all();
                    return Some((pos, len, false));
                }
                None => {
                    if let Some(start) = self.promote(pos, indent, dash) {
                        return Some((start, self.region_end(next, indent, dash), true));
                    }
                    pos = next;
                }
            }
        }
        None
    }

    /// An indented line below a key whose value the error cut to a scalar or nothing
    /// (`tenant` typed without its colon): that value becomes a new block collection at the
    /// line's indentation, so the lines below still land under their key. Returns where to
    /// resume.
    fn promote(&mut self, pos: usize, indent: usize, dash: bool) -> Option<usize> {
        let t = self.stack.iter().rposition(|f| match f {
            Frame::Map {
                col: Some(c),
                block: true,
                key,
                entries,
                ..
            } => {
                *c < indent
                    && (key.is_some()
                        || entries.last().is_some_and(|&(_, v)| {
                            matches!(
                                self.yaml.nodes[v].kind,
                                NodeKind::Scalar { .. } | NodeKind::Missing
                            )
                        }))
            }
            _ => false,
        })?;
        while self.stack.len() > t + 1 {
            self.close_top(self.last_end);
        }
        if let Some(Frame::Map { key, entries, .. }) = self.stack.last_mut() {
            if key.is_none() {
                *key = entries.pop().map(|(k, _)| k);
            }
        }
        let range = TextRange::new(pos + indent, pos + indent);
        let id = self.push_node(
            range,
            if dash {
                NodeKind::Seq(Vec::new())
            } else {
                NodeKind::Map(Vec::new())
            },
        );
        self.stack.push(if dash {
            Frame::Seq {
                id,
                items: Vec::new(),
                col: Some(indent),
                block: true,
            }
        } else {
            Frame::Map {
                id,
                entries: Vec::new(),
                key: None,
                col: Some(indent),
                block: true,
            }
        });
        Some(pos)
    }

    /// Where a region of lines at `indent` (starting before `from`) ends: the first later line
    /// less indented, or at the same indentation but of the other kind (key versus `- `).
    fn region_end(&self, mut from: usize, indent: usize, dash: bool) -> usize {
        let len = self.text.len();
        while from < len {
            let line_end = self.text[from..].find('\n').map_or(len, |i| from + i);
            let line = &self.text[from..line_end];
            let trimmed = line.trim_start_matches(' ');
            let ind = line.len() - trimmed.len();
            if !(trimmed.trim().is_empty() || trimmed.starts_with('#')) {
                let is_dash = trimmed == "-" || trimmed.starts_with("- ");
                if ind < indent || (ind == indent && is_dash != dash) {
                    return from;
                }
            }
            from = (line_end + 1).min(len);
        }
        len
    }

    /// Byte offset of a marker of a segment that starts at byte `base` (`base_chars` chars).
    fn byte(&self, base: usize, base_chars: usize, char_index: usize) -> usize {
        match &self.char_bytes {
            None => (base + char_index).min(self.text.len()),
            Some(table) => table
                .get(base_chars + char_index)
                .map_or(self.text.len(), |&b| b as usize),
        }
    }

    fn range(&self, base: usize, base_chars: usize, span: &Span) -> TextRange {
        let start = self.byte(base, base_chars, span.start.index());
        let end = self.byte(base, base_chars, span.end.index()).max(start);
        TextRange::new(start, end)
    }

    fn push_node(&mut self, range: TextRange, kind: NodeKind) -> NodeId {
        self.yaml.nodes.push(Node { range, kind });
        self.yaml.nodes.len() - 1
    }

    /// Parses `text[start..end]`. With `graft`, the segment's root collection is merged into
    /// the innermost open frame instead of being a new document.
    fn segment(&mut self, start: usize, end: usize, graft: bool) -> Stop {
        let src = &self.text[start..end];
        let base_chars = match &self.char_bytes {
            None => start,
            Some(table) => table.partition_point(|&b| (b as usize) < start),
        };
        self.anchors.clear();
        let mut parser = Parser::new_from_str(src);
        // With `graft`, the depth of collections inside the grafted root (the root itself is
        // the open frame, not pushed again).
        let graft_base = self.stack.len();
        let mut root_seen = false;
        loop {
            let (event, span) = match parser.next_event() {
                None => return Stop::Done,
                Some(Ok(e)) => e,
                Some(Err(e)) => return self.scan_error(start, base_chars, &e),
            };
            let range = self.range(start, base_chars, &span);
            match event {
                Event::StreamEnd => return Stop::Done,
                Event::StreamStart | Event::Nothing => {}
                Event::DocumentStart(_) | Event::DocumentEnd => {
                    if !graft {
                        self.close_all();
                    }
                }
                Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    if graft && !root_seen && self.stack.len() == graft_base {
                        root_seen = true;
                        let fits = matches!(
                            (self.stack.last(), is_map),
                            (Some(Frame::Map { .. }), true) | (Some(Frame::Seq { .. }), false)
                        );
                        if fits {
                            continue;
                        }
                        return Stop::Error {
                            at: range.start as usize,
                            message: "this line does not continue the collection above".into(),
                        };
                    }
                    if self.skipping > 0 || self.stack.len() >= MAX_DEPTH {
                        if self.skipping == 0 {
                            self.errors.push(
                                range,
                                format!(
                                    "YAML nested more than {MAX_DEPTH} levels deep; the deeper levels are ignored"
                                ),
                            );
                        }
                        self.skipping += 1;
                        continue;
                    }
                    let block = !matches!(
                        self.text.as_bytes().get(range.start as usize),
                        Some(b'{' | b'[')
                    );
                    let kind = if is_map {
                        NodeKind::Map(Vec::new())
                    } else {
                        NodeKind::Seq(Vec::new())
                    };
                    let id = self.push_node(range, kind);
                    if anchor > 0 {
                        self.anchors.push((anchor, id));
                    }
                    let col = block.then(|| self.column(range.start as usize));
                    self.stack.push(if is_map {
                        Frame::Map {
                            id,
                            entries: Vec::new(),
                            key: None,
                            col: None,
                            block,
                        }
                    } else {
                        Frame::Seq {
                            id,
                            items: Vec::new(),
                            col,
                            block,
                        }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    if self.skipping > 0 {
                        self.skipping -= 1;
                        if self.skipping == 0 {
                            let id = self.push_node(range, NodeKind::Missing);
                            self.add(id);
                        }
                        continue;
                    }
                    if graft && self.stack.len() == graft_base {
                        // The end of the grafted root: the open frame stays open.
                        continue;
                    }
                    self.last_end = self.last_end.max(range.end as usize);
                    self.close_top(range.end as usize);
                }
                Event::Scalar(value, style, anchor, _) => {
                    if self.skipping > 0 {
                        continue;
                    }
                    let style = match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted => Style::SingleQuoted,
                        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                        _ => Style::Block,
                    };
                    let content = self.content(range, style, &value);
                    let id = self.push_node(
                        range,
                        NodeKind::Scalar {
                            value: value.into_owned(),
                            style,
                            content,
                        },
                    );
                    if anchor > 0 {
                        self.anchors.push((anchor, id));
                    }
                    self.last_end = self.last_end.max(range.end as usize);
                    self.add(id);
                }
                Event::Alias(anchor) => {
                    if self.skipping > 0 {
                        continue;
                    }
                    let target = self
                        .anchors
                        .iter()
                        .rev()
                        .find(|(a, _)| *a == anchor)
                        .map(|(_, n)| *n);
                    let id = self.push_node(range, NodeKind::Alias(target));
                    self.last_end = self.last_end.max(range.end as usize);
                    self.add(id);
                }
            }
        }
    }

    fn scan_error(&self, base: usize, base_chars: usize, e: &ScanError) -> Stop {
        let at = self.byte(base, base_chars, e.marker().index());
        Stop::Error {
            at,
            message: e.info().to_string(),
        }
    }

    /// Column (in bytes; YAML indentation is spaces) of a byte offset.
    fn column(&self, at: usize) -> usize {
        at - self.text[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    /// The bytes that hold exactly a scalar's value, when there are such bytes.
    fn content(&self, range: TextRange, style: Style, value: &str) -> Option<TextRange> {
        let r = match style {
            Style::Plain => range,
            Style::SingleQuoted | Style::DoubleQuoted if range.len() >= 2 => {
                TextRange::new(range.start as usize + 1, range.end as usize - 1)
            }
            _ => return None,
        };
        (self.text.get(r.as_range()) == Some(value)).then_some(r)
    }

    /// Adds a finished node to the innermost open frame, or makes it a document.
    fn add(&mut self, id: NodeId) {
        let start = self.yaml.nodes[id].range.start as usize;
        let col = self.column(start);
        match self.stack.last_mut() {
            None => self.yaml.documents.push(id),
            Some(Frame::Seq { items, .. }) => items.push(id),
            Some(Frame::Map {
                entries,
                key,
                col: map_col,
                block,
                ..
            }) => match key.take() {
                None => {
                    if *block && map_col.is_none() {
                        *map_col = Some(col);
                    }
                    *key = Some(id);
                }
                Some(k) => entries.push((k, id)),
            },
        }
    }

    fn close_top(&mut self, end: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let id = frame.id();
        // A block collection ends where its last child ends: the parser's end event stands at
        // the next token, which may be the following key, lines later.
        let last_child = match &frame {
            Frame::Map {
                entries,
                key: None,
                block: true,
                ..
            } => entries.last().map(|&(_, v)| v),
            Frame::Seq {
                items, block: true, ..
            } => items.last().copied(),
            _ => None,
        };
        let end = match last_child {
            Some(child) => self.yaml.nodes[child].range.end as usize,
            None => end,
        };
        let kind = match frame {
            Frame::Map {
                mut entries, key, ..
            } => {
                if let Some(k) = key {
                    // `key:` with the value cut off by an error.
                    let at = self.yaml.nodes[k].range.end as usize;
                    let missing = self.push_node(TextRange::empty(at), NodeKind::Missing);
                    entries.push((k, missing));
                }
                self.duplicate_keys(&entries);
                NodeKind::Map(entries)
            }
            Frame::Seq { items, .. } => NodeKind::Seq(items),
        };
        let node = &mut self.yaml.nodes[id];
        node.kind = kind;
        let end = end.max(node.range.start as usize);
        node.range = TextRange::new(node.range.start as usize, end.max(node.range.end as usize));
        self.add(id);
    }

    /// YAML keys are unique: a repeated one is an error (look-ups take the first).
    fn duplicate_keys(&mut self, entries: &[(NodeId, NodeId)]) {
        let mut seen = std::collections::HashSet::new();
        for &(k, _) in entries {
            if let NodeKind::Scalar { value, .. } = &self.yaml.nodes[k].kind {
                if !seen.insert(value.as_str()) {
                    let range = self.yaml.nodes[k].range;
                    let message = format!(
                        "YAML syntax error: duplicate key `{value}` (the first one is used)"
                    );
                    self.errors.push(range, message);
                }
            }
        }
    }

    fn close_all(&mut self) {
        while !self.stack.is_empty() {
            self.close_top(self.last_end);
        }
        self.skipping = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(y: &Yaml, id: NodeId) -> &str {
        y.as_str(id).unwrap()
    }

    #[test]
    fn mappings_sequences_and_ranges() {
        let text = "a: 1\nb:\n  - x\n  - \"y z\"\nc: {d: 'e'}\n";
        let y = parse(text);
        assert!(y.errors.is_empty(), "{:?}", y.errors);
        let root = y.documents[0];
        let b = y.get(root, "b").unwrap();
        let items = y.items(b);
        assert_eq!(items.len(), 2);
        let quoted = &y.nodes[items[1]];
        assert_eq!(&text[quoted.range.as_range()], "\"y z\"");
        let NodeKind::Scalar { content, .. } = &quoted.kind else {
            panic!()
        };
        assert_eq!(&text[content.unwrap().as_range()], "y z");
        assert_eq!(scalar(&y, y.path(root, &["c", "d"]).unwrap()), "e");
    }

    #[test]
    fn a_block_collection_ends_at_its_last_child() {
        let text = "a:\n  b:\n    c: 1\n    d: [2]\n  # note\ne:\n  - x\n  - y\n\nf: {g: 3}\n";
        let y = parse(text);
        assert!(y.errors.is_empty(), "{:?}", y.errors);
        let root = y.documents[0];
        let range = |id: NodeId| &text[y.nodes[id].range.as_range()];
        let b = y.path(root, &["a", "b"]).unwrap();
        assert_eq!(range(b), "c: 1\n    d: [2]");
        assert_eq!(range(y.get(root, "a").unwrap()), "b:\n    c: 1\n    d: [2]");
        assert_eq!(range(y.get(root, "e").unwrap()), "- x\n  - y");
        // A flow collection keeps its closing bracket.
        assert_eq!(range(y.get(root, "f").unwrap()), "{g: 3}");
    }

    #[test]
    fn multi_document_and_non_ascii() {
        let text = "a: é\n---\nb: ü2\n...\n---\n- 1\n";
        let y = parse(text);
        assert!(y.errors.is_empty(), "{:?}", y.errors);
        assert_eq!(y.documents.len(), 3);
        let v = y.get(y.documents[1], "b").unwrap();
        assert_eq!(&text[y.nodes[v].range.as_range()], "ü2");
    }

    #[test]
    fn escaped_quoted_scalars_have_no_content_range() {
        let y = parse("a: \"x\\ty\"\n");
        let v = y.get(y.documents[0], "a").unwrap();
        assert!(matches!(
            y.nodes[v].kind,
            NodeKind::Scalar { content: None, .. }
        ));
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let text = "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nref: *b\n";
        let y = parse(text);
        let root = y.documents[0];
        let used = y.get(root, "use").unwrap();
        assert_eq!(scalar(&y, y.get(used, "x").unwrap()), "1");
        assert_eq!(scalar(&y, y.get(used, "y").unwrap()), "3");
        assert_eq!(scalar(&y, y.path(root, &["ref", "y"]).unwrap()), "2");
    }

    #[test]
    fn billion_laughs_stays_linear() {
        let mut text = String::from(
            "l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 1..30 {
            let prev = format!("l{}", i - 1);
            let cur = format!("l{i}");
            text.push_str(&format!(
                "{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        let y = parse(&text);
        assert!(y.errors.is_empty(), "{:?}", y.errors);
        assert!(y.nodes.len() < 1000);
    }

    #[test]
    fn errors_keep_what_parsed_and_resume() {
        let text = "resources:\n  a:\n    type: x\n    properties: [oops\n  b:\n    type: y\nvariables:\n  v: 1\n";
        let y = parse(text);
        assert_eq!(y.errors.len(), 1, "{:?}", y.errors);
        let root = y.documents[0];
        let res = y.get(root, "resources").unwrap();
        assert_eq!(scalar(&y, y.path(res, &["a", "type"]).unwrap()), "x");
        assert_eq!(scalar(&y, y.path(res, &["b", "type"]).unwrap()), "y");
        assert_eq!(scalar(&y, y.path(root, &["variables", "v"]).unwrap()), "1");
    }

    #[test]
    fn unterminated_quote_reports_its_line() {
        let text = "a:\n  b: 1\n  c: \"open\nd: 2\n";
        let y = parse(text);
        assert!(!y.errors.is_empty());
        let root = y.documents[0];
        assert_eq!(scalar(&y, y.path(root, &["a", "b"]).unwrap()), "1");
    }

    #[test]
    fn bad_indentation_is_an_error_at_its_line() {
        let text = "a:\n  b: 1\n   c: 2\n  d: 3\n";
        let y = parse(text);
        assert_eq!(y.errors.len(), 1, "{:?}", y.errors);
        let line = text[..y.errors[0].range.start as usize]
            .matches('\n')
            .count()
            + 1;
        assert!(line == 2 || line == 3, "line {line}");
        let root = y.documents[0];
        assert_eq!(scalar(&y, y.path(root, &["a", "d"]).unwrap()), "3");
    }

    #[test]
    fn every_prefix_and_garbage_parses_without_panic() {
        let text = "name: p\nruntime: yaml\nresources:\n  t:\n    type: azure-native:azureactivedirectory:B2CTenant\n    properties:\n      location: \"United States\"\n      list: [a, {b: c}]\n      anchors: &x {k: v}\n      alias: *x\n      block: |\n        text\n---\n- a\n- b: 'é'\n";
        for end in 0..=text.len() {
            if text.is_char_boundary(end) {
                let _ = parse(&text[..end]);
            }
        }
        for garbage in [
            "{{{{{{{{",
            "]]]]:::",
            "- - - - : : ",
            "a: *undefined",
            "\t\tkey: v",
            "? ? ?",
            "&a &b c",
            "%YAML 9\n---\n",
            "a: 'x\n  b: [\n- c",
        ] {
            let _ = parse(garbage);
        }
    }

    #[test]
    fn mutated_inputs_never_panic() {
        let base = "name: p\nresources:\n  t:\n    type: x:y:Z\n    properties:\n      location: \"West Europe\"\n      list: [a, {b: c}]\n      m: &m {k: v}\n      n: *m\n      s: |\n        text\n  u:\n    - 1\n    - 'é'\n---\nk: v\n";
        let alphabet: &[char] = &[
            ':', '-', ' ', '\n', '[', ']', '{', '}', '"', '\'', '&', '*', '\t', '#', '|', '>', '?',
            ',', 'é', 'a',
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let mut chars: Vec<char> = base.chars().collect();
            for _ in 0..(next() % 4 + 1) {
                let i = (next() % chars.len() as u64) as usize;
                let c = alphabet[(next() % alphabet.len() as u64) as usize];
                match next() % 3 {
                    0 => chars[i] = c,
                    1 => chars.insert(i, c),
                    _ => {
                        chars.remove(i);
                    }
                }
            }
            let text: String = chars.into_iter().collect();
            let y = parse(&text);
            for e in &y.errors {
                assert!(e.range.end as usize <= text.len());
                assert!(text.is_char_boundary(e.range.start as usize));
            }
            for n in &y.nodes {
                assert!(n.range.start <= n.range.end && n.range.end as usize <= text.len());
            }
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(100_000);
        let y = parse(&text);
        assert!(!y.errors.is_empty());
        let text = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        let y = parse(&text);
        assert!(y.nodes.len() <= MAX_DEPTH + 2);
    }
}
