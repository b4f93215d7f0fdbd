//! Microsoft365DSC configurations: PowerShell DSC `Configuration` blocks that import the
//! `Microsoft365DSC` module (identity-surfaces.md §2.2, `M365DSCReverse.psm1`: an export is
//! `Configuration M365TenantConfig { Import-DscResource -ModuleName 'Microsoft365DSC' …
//! Node localhost { <Resource> "<Name>" { Key = Value … } } }`).
//!
//! Every resource block becomes a resource whose body is its properties: strings (`"…"`,
//! `'…'`), `$True`/`$False`, numbers, arrays `@( … )`, nested CIM instances
//! (`MSFT_Xxx { … }`, maps), separated by newlines or `;`. A `$variable` (`$Credscredential`,
//! `$ConfigurationData.…`) is Unknown: it is set when the configuration is compiled. Property
//! names are kept as written (`State`, `IsSoftwareOathEnabled`); the rules' look-ups are
//! case-insensitive, as PowerShell's are.

use super::super::{Loc, Val, ValKind};
use crate::model::FileId;
use crate::syntax::TextRange;

/// The deepest nesting of arrays and CIM instances read (deeper values are Unknown).
const MAX_DEPTH: u32 = 32;

/// A resource block of a configuration.
pub struct Block {
    /// The resource type as written (`AADAuthenticationMethodPolicySms`).
    pub type_name: String,
    pub type_range: TextRange,
    /// The block's name (`"AADAuthenticationMethodPolicySms-Sms"`), unquoted.
    pub name: String,
    pub body: Val,
}

/// Whether a script holds a DSC configuration that imports Microsoft365DSC.
pub fn imports_microsoft365dsc(code: &str) -> bool {
    let lower = code.to_ascii_lowercase();
    lower.contains("import-dscresource") && lower.contains("microsoft365dsc")
}

/// The resource blocks of a script whose comments are blanked out (`code`, same length as the
/// text): `Name "label" { … }` or `Name 'label' { … }`, inside or outside `Node` blocks.
pub fn blocks(code: &str, file: FileId) -> Vec<Block> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A resource type: an identifier at the start of a token, followed by a quoted label
        // and `{`.
        if is_ident_start(bytes[i]) && (i == 0 || !is_ident(bytes[i - 1])) {
            let start = i;
            let mut end = i;
            while end < bytes.len() && is_ident(bytes[end]) {
                end += 1;
            }
            let after = skip_space(bytes, end);
            if let Some((label, label_end)) = quoted(code, after) {
                let brace = skip_space(bytes, label_end);
                if bytes.get(brace) == Some(&b'{') && is_resource_type(&code[start..end]) {
                    let mut p = Parser {
                        code,
                        bytes,
                        pos: brace + 1,
                        file,
                    };
                    let members = p.members(0);
                    let range = TextRange::new(brace, p.pos);
                    out.push(Block {
                        type_name: code[start..end].to_string(),
                        type_range: TextRange::new(start, end),
                        name: label,
                        body: Val::new(ValKind::Map(members), Some(p.loc(range))),
                    });
                    i = p.pos;
                    continue;
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    out
}

/// Microsoft365DSC's Entra resources are named `AAD…` (`MSFT_<name>` folders under
/// `DSCResources`); other names followed by a label and a block (`Configuration`, `Node`) are
/// not resources.
fn is_resource_type(name: &str) -> bool {
    name.len() > 3 && name[..3].eq_ignore_ascii_case("aad")
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// A quoted string at `i`: its contents (PowerShell doubles a quote to escape it) and the end.
fn quoted(code: &str, i: usize) -> Option<(String, usize)> {
    let bytes = code.as_bytes();
    let q = *bytes.get(i)?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let mut out = String::new();
    let mut j = i + 1;
    let mut from = j;
    while j < bytes.len() {
        if bytes[j] == q {
            out.push_str(&code[from..j]);
            if bytes.get(j + 1) == Some(&q) {
                out.push(q as char);
                j += 2;
                from = j;
                continue;
            }
            return Some((out, j + 1));
        }
        // A backtick escapes the next character in a double-quoted string.
        if q == b'"' && bytes[j] == b'`' && j + 1 < bytes.len() {
            out.push_str(&code[from..j]);
            j += 1;
            let len = code[j..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&code[j..j + len]);
            j += len;
            from = j;
            continue;
        }
        j += 1;
    }
    None
}

struct Parser<'c> {
    code: &'c str,
    bytes: &'c [u8],
    pos: usize,
    file: FileId,
}

impl Parser<'_> {
    fn loc(&self, range: TextRange) -> Loc {
        Loc {
            file: self.file,
            range,
        }
    }

    /// Skips spaces, newlines and `;`.
    fn skip_separators(&mut self) {
        while self.pos < self.bytes.len()
            && matches!(
                self.bytes[self.pos],
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b','
            )
        {
            self.pos += 1;
        }
    }

    /// `Key = Value` members up to the closing `}` (consumed).
    fn members(&mut self, depth: u32) -> Vec<(String, Val)> {
        let mut members = Vec::new();
        loop {
            self.skip_separators();
            let Some(&b) = self.bytes.get(self.pos) else {
                return members;
            };
            if b == b'}' {
                self.pos += 1;
                return members;
            }
            if !is_ident_start(b) {
                // Not a property: skip the rest of the line.
                self.skip_line();
                continue;
            }
            let start = self.pos;
            while self.pos < self.bytes.len() && is_ident(self.bytes[self.pos]) {
                self.pos += 1;
            }
            let key = self.code[start..self.pos].to_string();
            self.pos = skip_space(self.bytes, self.pos);
            if self.bytes.get(self.pos) != Some(&b'=') {
                self.skip_line();
                continue;
            }
            self.pos = skip_space(self.bytes, self.pos + 1);
            let value = self.value(depth);
            members.retain(|(k, _): &(String, Val)| !k.eq_ignore_ascii_case(&key));
            members.push((key, value));
        }
    }

    fn skip_line(&mut self) {
        while self.pos < self.bytes.len() && !matches!(self.bytes[self.pos], b'\n' | b'}') {
            self.pos += 1;
        }
    }

    /// One value at the current position.
    fn value(&mut self, depth: u32) -> Val {
        let start = self.pos;
        let Some(&b) = self.bytes.get(self.pos) else {
            return Val::unknown("the value is missing", None);
        };
        if depth > MAX_DEPTH {
            self.skip_line();
            return Val::unknown("the value is nested too deeply to be read", None);
        }
        match b {
            b'"' | b'\'' => match quoted(self.code, self.pos) {
                Some((s, end)) => {
                    self.pos = end;
                    let mut v =
                        Val::new(ValKind::Str(s), Some(self.loc(TextRange::new(start, end))));
                    // A string without escapes or `$(…)` is the literal a fix may rewrite.
                    let inner = &self.code[start + 1..end - 1];
                    if !inner.contains(['`', '$']) && !inner.contains(b as char) {
                        v.literal = Some(self.loc(TextRange::new(start + 1, end - 1)));
                    }
                    if b == b'"' && inner.contains('$') {
                        v.kind = ValKind::Unknown(
                            "the string holds a variable, set when the configuration is compiled"
                                .into(),
                        );
                    }
                    v
                }
                None => {
                    self.pos = self.bytes.len();
                    Val::unknown(
                        "the string is not closed",
                        Some(self.loc(TextRange::new(start, start + 1))),
                    )
                }
            },
            b'@' if self.bytes.get(self.pos + 1) == Some(&b'(') => {
                self.pos += 2;
                let mut items = Vec::new();
                loop {
                    self.skip_separators();
                    match self.bytes.get(self.pos) {
                        None => break,
                        Some(b')') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) => {
                            let before = self.pos;
                            items.push(self.value(depth + 1));
                            if self.pos == before {
                                self.pos += 1;
                            }
                        }
                    }
                }
                Val::new(
                    ValKind::List(items),
                    Some(self.loc(TextRange::new(start, self.pos))),
                )
            }
            b'$' => {
                let mut end = self.pos + 1;
                while end < self.bytes.len()
                    && (is_ident(self.bytes[end])
                        || self.bytes[end] == b'.'
                        || self.bytes[end] == b':')
                {
                    end += 1;
                }
                self.pos = end;
                let name = &self.code[start..end];
                let range = Some(self.loc(TextRange::new(start, end)));
                match name.to_ascii_lowercase().as_str() {
                    "$true" => Val::new(ValKind::Bool(true), range),
                    "$false" => Val::new(ValKind::Bool(false), range),
                    "$null" => Val::new(ValKind::Null, range),
                    _ => Val::unknown(
                        format!("`{name}` is set when the configuration is compiled"),
                        range,
                    ),
                }
            }
            b'-' | b'0'..=b'9' => {
                let mut end = self.pos + 1;
                while end < self.bytes.len()
                    && (self.bytes[end].is_ascii_digit() || self.bytes[end] == b'.')
                {
                    end += 1;
                }
                self.pos = end;
                let range = Some(self.loc(TextRange::new(start, end)));
                match self.code[start..end].parse::<f64>() {
                    Ok(n) => Val::new(ValKind::Num(n), range),
                    Err(_) => Val::unknown("not a number", range),
                }
            }
            _ if is_ident_start(b) => {
                // A CIM instance: `MSFT_Xxx { … }`; any other bare word is unknown.
                let mut end = self.pos;
                while end < self.bytes.len() && is_ident(self.bytes[end]) {
                    end += 1;
                }
                let brace = skip_space(self.bytes, end);
                if self.bytes.get(brace) == Some(&b'{') {
                    self.pos = brace + 1;
                    let members = self.members(depth + 1);
                    Val::new(
                        ValKind::Map(members),
                        Some(self.loc(TextRange::new(start, self.pos))),
                    )
                } else {
                    self.pos = end;
                    Val::unknown(
                        format!(
                            "`{}` is not a value residency reads",
                            &self.code[start..end]
                        ),
                        Some(self.loc(TextRange::new(start, end))),
                    )
                }
            }
            _ => {
                self.skip_line();
                Val::unknown(
                    "this expression is evaluated when the configuration is compiled",
                    Some(self.loc(TextRange::new(start, self.pos))),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_resource_blocks_with_their_values() {
        let code = r#"Configuration M365TenantConfig
{
    Import-DscResource -ModuleName 'Microsoft365DSC' -ModuleVersion '1.24.1016.1'
    Node localhost
    {
        AADAuthenticationMethodPolicyAuthenticator "Authenticator"
        {
            FeatureSettings = MSFT_MicrosoftGraphmicrosoftAuthenticatorFeatureSettings{
                DisplayLocationInformationRequiredState = MSFT_X{ State = 'default'; Id = 'all_users' }
            };
            Id                    = "MicrosoftAuthenticator";
            IsSoftwareOathEnabled = $True;
            State                 = 'enabled'
            Targets               = @( 'a', "b" )
            Credential            = $Credscredential;
        }
    }
}
"#;
        assert!(imports_microsoft365dsc(code));
        let blocks = blocks(code, 0);
        assert_eq!(blocks.len(), 1);
        let b = &blocks[0];
        assert_eq!(b.type_name, "AADAuthenticationMethodPolicyAuthenticator");
        assert_eq!(b.name, "Authenticator");
        assert_eq!(b.body.get("state").and_then(Val::as_str), Some("enabled"));
        assert!(matches!(
            b.body.get("IsSoftwareOathEnabled").map(|v| &v.kind),
            Some(ValKind::Bool(true))
        ));
        assert_eq!(b.body.get("Targets").map(|v| v.items().len()), Some(2));
        assert_eq!(
            b.body
                .path(&[
                    "FeatureSettings",
                    "DisplayLocationInformationRequiredState",
                    "State"
                ])
                .and_then(Val::as_str),
            Some("default")
        );
        assert!(b.body.get("Credential").is_some_and(Val::is_unknown));
        let state = b.body.get("State").unwrap();
        assert_eq!(&code[state.loc.unwrap().range.as_range()], "'enabled'");
    }

    #[test]
    fn survives_unclosed_blocks_and_strings() {
        for code in [
            "AADApplication 'x' {",
            "AADApplication 'x' { Permissions = @(",
            "AADApplication 'x' { DisplayName = \"open",
            "AADApplication 'x' { A = MSFT_Y { B = @( MSFT_Z {",
            "AADApplication \"",
        ] {
            let _ = blocks(code, 0);
        }
        let deep = format!("AADApplication 'x' {{ A = {} }}", "@(".repeat(10_000));
        assert_eq!(blocks(&deep, 0).len(), 1);
    }
}
