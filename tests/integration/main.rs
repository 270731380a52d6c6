#![allow(missing_docs, reason = "test code")]
//! Integration tests: the real `baton` binary on small sites written into temporary folders.
//!
//! One test binary (faster to link than one per file) with a small chainable harness, [`Site`].

mod build_errors;
mod build_pages;
mod check;
mod digest;
mod export;
mod hardening;
mod harness;
mod publishing;
mod scaffold;
mod wraps;
