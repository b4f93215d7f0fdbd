//! `residency-ignore: CODE[, CODE] -- reason` on the line of a finding or the line above, and
//! `residency-ignore-file: CODE -- reason` anywhere in a file. A suppression without a reason, or
//! naming an unknown code, is itself reported (E003). XML comments may not hold `--`: in a B2C
//! custom policy the reason follows ` - ` (`<!-- residency-ignore: EU041 - why -->`).

use crate::config::waivers::Date;
use crate::model::FileKind;
use crate::syntax::TextRange;

const LINE_MARKER: &str = "residency-ignore:";
const FILE_MARKER: &str = "residency-ignore-file:";

/// A reason and the `(expires YYYY-MM-DD)` it ends with, if it does: the reason without it
/// (`None` when nothing else is said), and the day as written.
fn split_expiry(reason: &str) -> (Option<String>, Option<String>) {
    let trimmed = reason.trim_end();
    let found = trimmed
        .strip_suffix(')')
        .and_then(|r| r.rfind("(expires").map(|i| (i, r)));
    match found {
        Some((i, r)) => {
            let day = r[i + "(expires".len()..].trim().to_string();
            let rest = r[..i].trim().trim_end_matches([',', ';']).trim_end();
            (Some(rest.to_string()).filter(|r| !r.is_empty()), Some(day))
        }
        None => (Some(reason.to_string()), None),
    }
}

/// One suppression comment.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    /// 0-based line of the comment.
    pub line: usize,
    /// Whole-file (`residency-ignore-file:`).
    pub file_wide: bool,
    /// Upper-cased codes; `ALL`/`*` are not accepted: name what you suppress.
    pub codes: Vec<String>,
    pub reason: Option<String>,
    /// `(expires 2027-03-31)` at the end of the reason: the last day it holds.
    pub expires: Option<Date>,
    /// An `(expires …)` whose day is not `YYYY-MM-DD`, for E003.
    pub bad_expiry: Option<String>,
    /// The comment text from the marker on, for E003.
    pub range: TextRange,
}

/// The suppressions of one file.
#[derive(Clone, Debug, Default)]
pub struct Suppressions {
    pub items: Vec<Suppression>,
    /// Byte offset of each line start, to map findings to lines.
    line_starts: Vec<usize>,
    /// What separates the codes from the reason: `--`, or ` - ` in XML, whose comments may
    /// not hold `--` ([`crate::resolve::formats::reason_separator`]).
    separator: &'static str,
}

impl Suppressions {
    /// Scans a file's text for suppression comments in its comment syntax.
    pub fn scan(text: &str, kind: FileKind) -> Suppressions {
        let mut items = Vec::new();
        let separator = crate::resolve::formats::reason_separator(kind);
        // Most files have no suppression: no line table for them (it was a tenth of a check).
        if !text.contains("residency-ignore") {
            return Suppressions {
                items,
                line_starts: vec![0],
                separator,
            };
        }
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        for (line_no, start) in line_starts.iter().enumerate() {
            let end = line_starts.get(line_no + 1).copied().unwrap_or(text.len());
            let line = &text[*start..end];
            let Some(at) = line.find("residency-ignore") else {
                continue;
            };
            // The marker must follow a comment leader of this file's syntax.
            let before = line[..at].trim_end();
            let json_comment_key = matches!(kind, FileKind::TerraformJson | FileKind::TfVarsJson)
                && before.replace([' ', '\t'], "").ends_with("\"//\":\"");
            let leader_ok = json_comment_key
                || crate::resolve::formats::comment_leaders(kind)
                    .iter()
                    .any(|leader| {
                        before.ends_with(leader) || before.ends_with(&format!("{leader}*"))
                    });
            if !leader_ok {
                continue;
            }
            let rest = &line[at..];
            let (file_wide, body) = if let Some(b) = rest.strip_prefix(FILE_MARKER) {
                (true, b)
            } else if let Some(b) = rest.strip_prefix(LINE_MARKER) {
                (false, b)
            } else {
                continue;
            };
            let body = body
                .trim_end_matches(['\r', '\n'])
                .trim_end_matches("*/")
                .trim_end()
                .trim_end_matches("-->");
            // A Terraform JSON comment key: `"//": "residency-ignore: EU010 -- why",`.
            let body = if json_comment_key {
                body.trim_end()
                    .trim_end_matches(',')
                    .trim_end()
                    .trim_end_matches('"')
            } else {
                body
            };
            // Where `--` is not allowed (XML), the reason follows ` - `.
            let separated = if separator == "--" {
                body.split_once("--")
            } else {
                body.split_once(&format!(" {separator} "))
                    .or_else(|| body.split_once("--"))
            };
            let (codes_part, reason) = match separated {
                Some((c, r)) => (c, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
                None => (body, None),
            };
            let (reason, expiry) = match reason {
                Some(r) => split_expiry(&r),
                None => (None, None),
            };
            let (expires, bad_expiry) = match expiry {
                Some(text) => match Date::parse(&text) {
                    Some(date) => (Some(date), None),
                    None => (None, Some(text)),
                },
                None => (None, None),
            };
            let codes = codes_part
                .split([',', ' ', '\t'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                // A rule's name stands for its code; an unknown one is kept, for E003.
                .map(|c| match crate::rule_catalog::meta(c) {
                    Some(meta) => meta.code.to_string(),
                    None => c.to_ascii_uppercase(),
                })
                .collect();
            let comment_end = start + line.trim_end_matches(['\r', '\n']).len();
            items.push(Suppression {
                line: line_no,
                file_wide,
                codes,
                reason,
                expires,
                bad_expiry,
                range: TextRange::new(start + at, comment_end),
            });
        }
        Suppressions {
            items,
            line_starts,
            separator,
        }
    }

    /// 0-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1)
    }

    /// Whether a finding with `code` starting at `offset` is suppressed.
    pub fn suppresses(&self, code: &str, offset: usize) -> bool {
        self.suppression_of(code, offset).is_some()
    }

    /// The suppression that silences a finding with `code` starting at `offset`: the first of
    /// the file's comments that names the code on the finding's line, the line above, or file-wide.
    pub fn suppression_of(&self, code: &str, offset: usize) -> Option<&Suppression> {
        if self.items.is_empty() {
            return None;
        }
        let line = self.line_of(offset);
        self.items.iter().find(|s| {
            s.codes.iter().any(|c| c == code)
                && (s.file_wide || s.line == line || s.line + 1 == line)
        })
    }

    /// Problems with the suppressions themselves: (range, message).
    pub fn problems(&self) -> Vec<(TextRange, String)> {
        let mut out = Vec::new();
        for s in &self.items {
            let marker = if s.file_wide {
                FILE_MARKER
            } else {
                LINE_MARKER
            };
            if s.codes.is_empty() {
                out.push((
                    s.range,
                    format!("`{marker}` names no rule code: write `{marker} EU010 -- reason`."),
                ));
                continue;
            }
            for code in &s.codes {
                if crate::rules::meta(code).is_none() {
                    out.push((
                        s.range,
                        format!(
                            "`{code}` is not a residency rule code or name, so this suppression does nothing.{}",
                            match crate::rule_catalog::did_you_mean(code) {
                                hint if hint.is_empty() => " See `residency rules`.".to_string(),
                                hint => hint,
                            }
                        ),
                    ));
                }
            }
            if let Some(text) = &s.bad_expiry {
                out.push((
                    s.range,
                    format!("`(expires {text})` is not a day: write it `(expires 2027-03-31)`, after the reason."),
                ));
            }
            if s.reason.is_none() {
                out.push((
                    s.range,
                    format!(
                        "Suppression of {} has no reason: say why after `{sep}`, e.g. `{marker} {} {sep} VNet is in the EU, pinned by policy`.",
                        s.codes.join(", "),
                        s.codes.join(", "),
                        sep = self.separator,
                    ),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_comments_above_and_same_line() {
        let text = "# residency-ignore: EU010 -- replica in the US by contract\nlocation = \"eastus\"\nx = 1 // residency-ignore: eu091, EU090 -- typo kept for a test\n";
        let s = Suppressions::scan(text, FileKind::TerraformHcl);
        assert_eq!(s.items.len(), 2);
        let loc = text.find("location").unwrap();
        assert!(s.suppresses("EU010", loc));
        assert!(!s.suppresses("EU001", loc));
        let x = text.find("x = 1").unwrap();
        assert!(s.suppresses("EU091", x));
        assert!(s.suppresses("EU090", x));
        assert!(s.problems().is_empty());
    }

    #[test]
    fn xml_comments_take_their_reason_after_one_hyphen() {
        let text = "<a>\n  <!-- residency-ignore: EU041 - App Insights in westeurope -->\n  <JourneyInsights/>\n  <!-- residency-ignore: EU003 - -->\n  <Key/>\n</a>\n";
        let s = Suppressions::scan(text, FileKind::B2cPolicy);
        assert_eq!(s.items.len(), 2);
        assert!(s.suppresses("EU041", text.find("<JourneyInsights").unwrap()));
        assert_eq!(
            s.items[0].reason.as_deref(),
            Some("App Insights in westeurope")
        );
        // The quick fix writes the second form: no reason yet, and E003 says how to write one.
        let problems = s.problems();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].1.contains("after `-`"), "{}", problems[0].1);
        assert!(crate::syntax::xml::parse(text).is_ok());
    }

    #[test]
    fn not_two_lines_below() {
        let text = "# residency-ignore: EU010 -- why\n\nlocation = \"eastus\"\n";
        let s = Suppressions::scan(text, FileKind::TerraformHcl);
        assert!(!s.suppresses("EU010", text.find("location").unwrap()));
    }

    #[test]
    fn file_wide_and_arm_comments() {
        let text = "{\n  // residency-ignore-file: EU003 -- policies reviewed\n  \"a\": 1\n}\n";
        let s = Suppressions::scan(text, FileKind::ArmTemplate);
        assert!(s.suppresses("EU003", text.len() - 2));
        // `#` is no comment in JSON.
        let s = Suppressions::scan("# residency-ignore: EU010 -- x\n", FileKind::ArmTemplate);
        assert!(s.items.is_empty());
    }

    #[test]
    fn missing_reason_and_unknown_code_are_reported() {
        let text =
            "# residency-ignore: EU010\n# residency-ignore: EU999 -- why\n# residency-ignore:\n";
        let s = Suppressions::scan(text, FileKind::TerraformHcl);
        let problems = s.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].1.contains("no reason"));
        assert!(problems[1].1.contains("EU999"));
        assert!(problems[2].1.contains("names no rule code"));
        // A suppression without a reason still suppresses (and is reported).
        assert!(s.suppresses("EU010", text.find("# residency-ignore: EU999").unwrap()));
    }

    #[test]
    fn a_rule_name_suppresses_as_its_code_and_a_typo_gets_a_suggestion() {
        let text = "# residency-ignore: domain-services-outside-europe -- pinned by policy\nlocation = \"eastus\"\n# residency-ignore: EU10 -- typo\nx = 1\n";
        let s = Suppressions::scan(text, FileKind::TerraformHcl);
        assert!(s.suppresses("EU010", text.find("location").unwrap()));
        let problems = s.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .1
                .contains("Did you mean `EU010` (domain-services-outside-europe)?"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_reason_may_end_with_the_day_it_expires() {
        let s = Suppressions::scan(
            "# residency-ignore: EU010 -- DR copy approved (expires 2027-03-31)\nx\n",
            FileKind::TerraformHcl,
        );
        assert_eq!(s.items[0].reason.as_deref(), Some("DR copy approved"));
        assert_eq!(
            s.items[0].expires.map(|d| d.to_string()).as_deref(),
            Some("2027-03-31")
        );
        assert!(s.problems().is_empty(), "{:?}", s.problems());
        let s = Suppressions::scan(
            "# residency-ignore: EU010 -- approved (expires March)\nx\n",
            FileKind::TerraformHcl,
        );
        assert_eq!(s.items[0].expires, None);
        let problems = s.problems();
        assert!(problems[0].1.contains("is not a day"), "{problems:?}");
        // Only the day, no reason: still a suppression without a reason.
        let s = Suppressions::scan(
            "# residency-ignore: EU010 -- (expires 2027-03-31)\nx\n",
            FileKind::TerraformHcl,
        );
        assert_eq!(s.items[0].reason, None);
        assert!(s.items[0].expires.is_some());
    }

    #[test]
    fn terraform_json_comment_keys() {
        let text = "{\n  \"//\": \"residency-ignore: EU010 -- replica approved\",\n  \"location\": \"eastus\"\n}\n";
        let s = Suppressions::scan(text, FileKind::TerraformJson);
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].reason.as_deref(), Some("replica approved"));
        assert!(s.suppresses("EU010", text.find("\"location\"").unwrap()));
        // Not in ARM templates, whose comments are real comments.
        assert!(Suppressions::scan(text, FileKind::ArmTemplate)
            .items
            .is_empty());
    }

    #[test]
    fn crlf_and_block_comments() {
        let text = "/* residency-ignore: EU010 -- ok */\r\nlocation = \"eastus\"\r\n";
        let s = Suppressions::scan(text, FileKind::TerraformHcl);
        assert_eq!(s.items[0].reason.as_deref(), Some("ok"));
        assert!(s.suppresses("EU010", text.find("location").unwrap()));
    }
}
