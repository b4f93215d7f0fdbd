//! Document links: each rule code or name in a suppression comment (`residency-ignore: EU010,
//! mfa-push-notifications -- reason`) links to the rule's page (see [`super::rule_docs`]).

use crate::model::FileKind;
use crate::rules::{self, RuleMeta};
use crate::syntax::TextRange;

/// The rule codes and names written in the suppression comments of `text`, with their rules.
pub fn rule_code_links(text: &str, kind: FileKind) -> Vec<(TextRange, &'static RuleMeta)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let Some(at) = line.find("residency-ignore") else {
            continue;
        };
        let rest = &line[at + "residency-ignore".len()..];
        let Some(marker) = [("-file:", 6), (":", 1)]
            .iter()
            .find_map(|(m, len)| rest.starts_with(m).then_some(*len))
        else {
            continue;
        };
        let codes_at = start + at + "residency-ignore".len() + marker;
        // Only in a comment of the format (the completion's test of the same place).
        if !super::completion::in_suppression_codes(text, codes_at, kind) {
            continue;
        }
        let codes = &text[codes_at..start + line.trim_end_matches(['\r', '\n']).len()];
        // The codes end at the reason's separator (`--`, or ` - ` in XML comments).
        let end = [codes.find("--"), codes.find(" - ")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(codes.len());
        let mut offset = 0;
        for word in codes[..end].split([',', ' ', '\t']) {
            let word_at = codes_at + offset;
            offset += word.len() + 1;
            if let Some(meta) = (!word.is_empty()).then(|| rules::meta(word)).flatten() {
                out.push((TextRange::new(word_at, word_at + word.len()), meta));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_in_suppressions_link_to_their_rules() {
        let text = "x = 1\n# residency-ignore: EU010, mfa-push-notifications -- EU020 is not linked\n  # residency-ignore-file: eu003 -- ok\n\"residency-ignore: EU010\" # a string, not a comment\n";
        let links = rule_code_links(text, FileKind::TerraformHcl);
        let shown: Vec<(&str, &str)> = links
            .iter()
            .map(|(r, m)| (&text[r.start as usize..r.end as usize], m.code))
            .collect();
        assert_eq!(
            shown,
            [
                ("EU010", "EU010"),
                ("mfa-push-notifications", "EU021"),
                ("eu003", "EU003")
            ]
        );
    }
}
