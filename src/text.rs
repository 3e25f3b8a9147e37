//! Small text helpers shared by the screens.

/// "1 problem", "3 problems", "5,000 problems".
pub fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {one}s", report_engine::limits::count(n))
    }
}

/// Lower-case words of `s` joined by `-` (`"Weekly ops (v2)"` → `weekly-ops-v2`); `None`
/// when it has no letters or digits.
pub fn slug(s: &str) -> Option<String> {
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    (!words.is_empty()).then(|| words.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_counts() {
        assert_eq!(plural(1, "problem"), "1 problem");
        assert_eq!(plural(3, "problem"), "3 problems");
        assert_eq!(plural(5000, "problem"), "5,000 problems");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Title (incident #)").as_deref(),
            Some("title-incident")
        );
        assert_eq!(
            slug("GA Day After-Action Report").as_deref(),
            Some("ga-day-after-action-report")
        );
        assert_eq!(slug(" # "), None);
    }
}
