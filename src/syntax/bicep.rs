//! Bicep (`.bicep`) and Bicep parameters (`.bicepparam`), error tolerant, with byte ranges.
//!
//! STUB: API fixed, implementation pending (helper owns this file).

use super::SyntaxError;

/// The syntax errors of a Bicep or `.bicepparam` text.
pub fn syntax_errors(text: &str) -> Vec<SyntaxError> {
    let _ = text;
    Vec::new()
}
