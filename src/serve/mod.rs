//! `baton serve`: the site from memory, rebuilt as files change, with live reload.
//!
//! [`classify`] sorts file events, [`site`] rebuilds what they affect (planned by [`affected`]),
//! and the HTTP side serves the result.

pub mod affected;
pub mod classify;
pub mod site;
