//! A cap on open live-reload streams, so that they cannot use up the server's file descriptors.
//!
//! Each open page holds one server-sent event stream, and with it a socket, for as long as it is
//! open. A browser opens at most six connections to one host over HTTP/1.1, so a person never
//! comes near the cap; a script or a reload loop in many tabs can. Without a cap, every stream
//! takes a file descriptor until the process limit (1,024 by default on Linux, 256 on macOS) is
//! reached and page requests start failing. Past the cap a new stream is refused, and the ones
//! already open are kept: dropping a healthy page to make room would only move the problem.
//! This module only counts; the HTTP side decides what to answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many live-reload streams may be open at once. Half the usual Linux file-descriptor limit,
/// leaving the other half for page requests, the watcher and the files a rebuild reads.
pub const MAX_LIVE_CLIENTS: usize = 512;

/// The open live-reload streams, shared by every handler.
#[derive(Debug, Clone)]
pub struct LiveClients {
    open: Arc<AtomicUsize>,
    max: usize,
}

/// One open stream; counted until dropped.
#[derive(Debug)]
pub struct LiveClient {
    open: Arc<AtomicUsize>,
}

impl LiveClients {
    /// A counter that lets `max` streams be open at once.
    pub fn new(max: usize) -> LiveClients {
        LiveClients { open: Arc::new(AtomicUsize::new(0)), max }
    }

    /// The cap.
    pub fn max(&self) -> usize {
        self.max
    }

    /// Counts one more stream, or `None` when `max` are already open.
    pub fn join(&self) -> Option<LiveClient> {
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| (open < self.max).then_some(open + 1))
            .ok()
            .map(|_| LiveClient { open: Arc::clone(&self.open) })
    }
}

impl Default for LiveClients {
    fn default() -> LiveClients {
        LiveClients::new(MAX_LIVE_CLIENTS)
    }
}

impl Drop for LiveClient {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_past_the_cap_are_refused_until_one_closes() {
        let clients = LiveClients::new(2);
        let first = clients.join();
        let second = clients.join();
        assert!(first.is_some() && second.is_some());
        assert!(clients.join().is_none(), "a third stream is over the cap");
        drop(first);
        assert!(clients.join().is_some(), "a closed stream frees its place");
    }
}
