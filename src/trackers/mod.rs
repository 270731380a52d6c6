//! Tracker state on handoffs: links to GitHub, GitLab and Jira items recognised ([`refs`]),
//! their states fetched by `baton sync` ([`sync`] over [`apis`], with [`http`] the one part that
//! touches the network) into `.baton/trackers.json` ([`cache`]), and read back by build, serve,
//! check, export and the digest.
//!
//! In: the linked base and `trackers:` settings ([`settings`]); for sync, tokens from the
//! environment. Out: the cache file, and [`cache::States`], which the base carries for the later
//! stages. A build never touches the network: with no cache it shows no state at all.

pub mod apis;
pub mod cache;
pub mod http;
pub mod refs;
pub mod settings;
pub mod sync;
