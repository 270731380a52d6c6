//! `baton lsp`: a language server (LSP 3.17 over stdio) for writing handoffs in an editor.
//!
//! In come JSON-RPC messages from an editor: the site's folder, the open buffers' text as it is
//! typed, and questions about a place in a file. Out go the findings `baton check` would print
//! for the text as it is now (same rule ids, messages and ranges), completions, hovers,
//! locations and workspace edits. The work is split by concern: [`server`] runs the protocol
//! loop over [`transport`]; [`workspace`] keeps the texts and the base and re-checks a change
//! with `serve`'s incremental path; [`written`] reads what is written where in a text; the
//! features each have their module. The server reads the site when it starts and a file when
//! the editor closes it or reports it changed on disk; it never writes: every change it
//! proposes is an edit the editor applies.

pub mod actions;
pub mod completion;
pub mod diagnostics;
pub mod hover;
pub mod navigation;
pub mod paths;
pub mod rename;
pub mod server;
pub mod symbols;
pub mod text;
pub mod transport;
pub mod workspace;
pub mod written;

use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, OneOf,
    RenameOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
};

/// Runs the server on stdin and stdout until the editor says `exit`; returns whether it had
/// been shut down first, as the exit code should say.
pub fn run(today: Option<jiff::Timestamp>) -> std::io::Result<bool> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = std::io::stdout().lock();
    let ended = server::Server::new(today).run(&mut input, &mut output)?;
    Ok(matches!(ended, server::Ended::Clean))
}

/// What the server offers, sent in answer to `initialize`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::INCREMENTAL)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["[", "(", "#", " ", "/", ","].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}
