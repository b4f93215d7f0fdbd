//! Azure resource ids, as every format writes them: `/subscriptions/{s}/resourceGroups/{g}/
//! providers/{Namespace}/{type}/{name}[/{type}/{name}...]`.

/// Splits a resource id (or `Namespace/type/name` reference) into its lower-cased type and
/// names. A bare name gives no type.
pub fn parse_resource_ref(text: &str) -> Option<(Option<String>, Vec<String>)> {
    let lower = text.to_ascii_lowercase();
    let tail = match lower.rfind("/providers/") {
        Some(i) => &text[i + "/providers/".len()..],
        None if text.starts_with('/') => return None,
        None if text.contains('/') => text,
        None => return Some((None, vec![text.to_string()])),
    };
    let segs: Vec<&str> = tail.split('/').filter(|s| !s.is_empty()).collect();
    if segs.len() < 3 || segs.len() % 2 == 0 {
        return None;
    }
    let mut ty = segs[0].to_ascii_lowercase();
    let mut names = Vec::new();
    for pair in segs[1..].chunks(2) {
        ty.push('/');
        ty.push_str(&pair[0].to_ascii_lowercase());
        names.push(pair[1].to_string());
    }
    Some((Some(ty), names))
}
