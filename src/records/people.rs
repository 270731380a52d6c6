//! The people a record names: MADR's `deciders` / `decision-makers`, `consulted` and `informed`,
//! as free text ("Ana Lima, @kofi, Team Platform").
//!
//! This splits the text into names and keeps each as written; matching a name to people.yaml is
//! the link stage's work, and a name that matches nobody is shown as written, never an error.

/// What a person did for the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Made the decision (deciders, decision-makers).
    Decider,
    /// Was asked before.
    Consulted,
    /// Was told after.
    Informed,
}

impl Role {
    /// The role for a metadata key, if it names people.
    pub fn from_key(key: &str) -> Option<Role> {
        match key.trim().to_lowercase().replace('_', "-").as_str() {
            "deciders" | "decision-makers" | "decision makers" | "decided by" | "authors" | "author" => {
                Some(Role::Decider)
            }
            "consulted" => Some(Role::Consulted),
            "informed" => Some(Role::Informed),
            _ => None,
        }
    }

    /// The role as shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Decider => "decided by",
            Role::Consulted => "consulted",
            Role::Informed => "informed",
        }
    }
}

/// A name as written, with its role and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPerson {
    /// What they did.
    pub role: Role,
    /// The name as written, without a list's punctuation.
    pub name: String,
    /// The file line.
    pub line: usize,
}

/// Splits "Ana Lima, @kofi and Team Platform" into names; template placeholders (`{list …}`,
/// `[…]`) name nobody.
pub fn split_names(text: &str, role: Role, line: usize) -> Vec<NamedPerson> {
    let text = text.trim();
    if text.starts_with('{') || (text.starts_with('[') && text.ends_with(']') && !text.contains(',')) {
        return Vec::new();
    }
    text.split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .map(|name| name.trim().trim_matches(|c: char| c == '"' || c == '\'' || c == '*').trim())
        .filter(|name| !name.is_empty())
        .map(|name| NamedPerson { role, name: name.to_string(), line })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_split_and_kept_as_written() {
        let names = split_names("Ana Lima, @kofi and Team Platform", Role::Decider, 4);
        let written: Vec<_> = names.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(written, ["Ana Lima", "@kofi", "Team Platform"]);
        assert_eq!(names[2].line, 4);
        assert!(split_names("{list everyone involved in the decision}", Role::Decider, 4).is_empty());
    }

    #[test]
    fn keys_of_every_madr_version_name_a_role() {
        assert_eq!(Role::from_key("Deciders"), Some(Role::Decider));
        assert_eq!(Role::from_key("decision-makers"), Some(Role::Decider));
        assert_eq!(Role::from_key("informed"), Some(Role::Informed));
        assert_eq!(Role::from_key("nav_order"), None);
    }
}
