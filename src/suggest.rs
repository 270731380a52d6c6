//! "Did you mean …?" for misspelt keys, ids and handles.
//!
//! Only suggests when the candidate is close enough to be a plausible typo; a wild guess is worse
//! than no hint. It does not decide whether the original is an error.

/// The closest candidate to `wrong`, if one is close: Jaro-Winkler ≥ 0.8, ties broken by the
/// candidate's order so the output is deterministic.
pub fn did_you_mean<'a, I>(wrong: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(wrong, candidate);
        if score >= 0.8 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_key() {
        let keys = ["title", "owner", "reviewer", "review_within"];
        assert_eq!(did_you_mean("reviwer", keys), Some("reviewer".into()));
        assert_eq!(did_you_mean("ownr", keys), Some("owner".into()));
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        assert_eq!(did_you_mean("zzz", ["title", "owner"]), None);
    }
}
