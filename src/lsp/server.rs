//! The protocol loop: initialize, then requests and notifications until `exit`.
//!
//! One thread reads a frame, answers it, and publishes the diagnostics that changed; a change is
//! checked before the next message is read, so diagnostics always match the latest text. A
//! request the server does not know gets MethodNotFound; one with bad params gets InvalidParams;
//! one about a file outside the site gets an empty answer. Nothing here writes to disk.

use super::transport::{self, Frame};
use super::workspace::{Touched, Workspace};
use super::{actions, completion, diagnostics, hover, navigation, paths, rename, symbols};
use crate::diagnostic::Diagnostic;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The server between messages.
pub struct Server {
    /// The site, once known.
    workspace: Option<Workspace>,
    /// The folder the editor opened, when it said.
    root_hint: Option<PathBuf>,
    /// Documents the editor has open (relative paths).
    open: BTreeSet<PathBuf>,
    /// What each file's diagnostics were when last published.
    published: BTreeMap<PathBuf, Vec<Diagnostic>>,
    initialized: bool,
    shut_down: bool,
    today: Option<jiff::Timestamp>,
    /// Why the site could not be loaded, told to the user once.
    load_error: Option<String>,
}

/// Whether the client asked to exit after a shutdown (exit code 0) or without one (1).
pub enum Ended {
    /// `exit` after `shutdown`, or the input closed after it.
    Clean,
    /// `exit` without `shutdown`, or the input closed.
    Abrupt,
}

impl Server {
    /// A server that has not been initialized yet.
    pub fn new(today: Option<jiff::Timestamp>) -> Server {
        Server {
            workspace: None,
            root_hint: None,
            open: BTreeSet::new(),
            published: BTreeMap::new(),
            initialized: false,
            shut_down: false,
            today,
            load_error: None,
        }
    }

    /// Serves until `exit` or the end of input.
    pub fn run(&mut self, input: &mut impl BufRead, output: &mut impl Write) -> std::io::Result<Ended> {
        while let Some(frame) = transport::read(input)? {
            let message = match frame {
                Frame::Message(message) => message,
                Frame::Bad(code, text) => {
                    transport::write_bad(output, code, &text)?;
                    continue;
                }
            };
            let replies = match message {
                Message::Request(request) => vec![Message::Response(self.answer(request))],
                Message::Notification(n) if n.method == "exit" => {
                    return Ok(if self.shut_down { Ended::Clean } else { Ended::Abrupt });
                }
                Message::Notification(notification) => self.notified(notification),
                Message::Response(_) => Vec::new(),
            };
            for reply in replies.into_iter().chain(self.publish()) {
                transport::write(output, reply)?;
            }
        }
        Ok(if self.shut_down { Ended::Clean } else { Ended::Abrupt })
    }

    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if request.method == "initialize" {
            return self.initialize(id, request.params);
        }
        if !self.initialized {
            return Response::new_err(id, ErrorCode::ServerNotInitialized as i32, "initialize first".into());
        }
        if self.shut_down {
            return Response::new_err(id, ErrorCode::InvalidRequest as i32, "the server is shutting down".into());
        }
        if request.method == "shutdown" {
            self.shut_down = true;
            return Response::new_ok(id, Value::Null);
        }
        match self.result(&request.method, request.params) {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code, message),
        }
    }

    fn initialize(&mut self, id: RequestId, params: Value) -> Response {
        let params: lsp_types::InitializeParams = match serde_json::from_value(params) {
            Ok(params) => params,
            Err(e) => return Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
        };
        let folder = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| &f.uri);
        #[allow(deprecated, reason = "root_uri is what older clients send instead of workspace folders")]
        let folder = folder.or(params.root_uri.as_ref());
        self.root_hint = folder.and_then(paths::file_path);
        if let Some(root) = self.root_hint.clone().filter(|r| is_site(r)) {
            self.load(&root);
        }
        self.initialized = true;
        let result = lsp_types::InitializeResult {
            capabilities: super::capabilities(),
            server_info: Some(lsp_types::ServerInfo {
                name: "baton".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        Response::new_ok(id, result)
    }

    fn load(&mut self, root: &Path) {
        match Workspace::load(root, self.today) {
            Ok(workspace) => self.workspace = Some(workspace),
            Err(error) => {
                self.load_error = Some(format!("baton: cannot load the site at {}: {error:#}", root.display()))
            }
        }
    }

    /// The site and the relative path of a document, when it belongs to the site.
    fn document(&self, uri: &Uri) -> Option<(&Workspace, PathBuf)> {
        let workspace = self.workspace.as_ref()?;
        let path = paths::relative(&workspace.root, &paths::file_path(uri)?)?;
        workspace.follows(&path).then_some((workspace, path))
    }

    fn result(&mut self, method: &str, params: Value) -> Result<Value, (i32, String)> {
        let invalid = |e: serde_json::Error| (ErrorCode::InvalidParams as i32, e.to_string());
        fn json<T: serde::Serialize>(value: T) -> Result<Value, (i32, String)> {
            serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError as i32, e.to_string()))
        }
        match method {
            "textDocument/completion" => {
                let p: lsp_types::CompletionParams = serde_json::from_value(params).map_err(invalid)?;
                let at = &p.text_document_position;
                json(self.at(&at.text_document.uri, at.position, completion::complete))
            }
            "textDocument/hover" => {
                let p: lsp_types::HoverParams = serde_json::from_value(params).map_err(invalid)?;
                let at = &p.text_document_position_params;
                json(self.at(&at.text_document.uri, at.position, hover::hover).flatten())
            }
            "textDocument/definition" => {
                let p: lsp_types::GotoDefinitionParams = serde_json::from_value(params).map_err(invalid)?;
                let at = &p.text_document_position_params;
                json(self.at(&at.text_document.uri, at.position, navigation::definition).flatten())
            }
            "textDocument/references" => {
                let p: lsp_types::ReferenceParams = serde_json::from_value(params).map_err(invalid)?;
                let at = &p.text_document_position;
                let declaration = p.context.include_declaration;
                let found = self.at(&at.text_document.uri, at.position, |w, path, offset| {
                    navigation::references(w, path, offset, declaration)
                });
                json(found.unwrap_or_default())
            }
            "textDocument/prepareRename" => {
                let p: lsp_types::TextDocumentPositionParams = serde_json::from_value(params).map_err(invalid)?;
                json(self.at(&p.text_document.uri, p.position, rename::prepare).flatten())
            }
            "textDocument/rename" => {
                let p: lsp_types::RenameParams = serde_json::from_value(params).map_err(invalid)?;
                let at = &p.text_document_position;
                let edit = self.at(&at.text_document.uri, at.position, |w, path, offset| {
                    rename::rename(w, path, offset, &p.new_name)
                });
                match edit {
                    Some(Err(refusal)) => Err((ErrorCode::RequestFailed as i32, refusal)),
                    Some(Ok(edit)) => json(edit),
                    None => Err((ErrorCode::RequestFailed as i32, "nothing to rename here".into())),
                }
            }
            "textDocument/codeAction" => {
                let p: lsp_types::CodeActionParams = serde_json::from_value(params).map_err(invalid)?;
                let found = self.document(&p.text_document.uri).map(|(w, path)| actions::actions(w, &path, p.range));
                json(found.unwrap_or_default())
            }
            "textDocument/documentSymbol" => {
                let p: lsp_types::DocumentSymbolParams = serde_json::from_value(params).map_err(invalid)?;
                json(self.document(&p.text_document.uri).map(|(w, path)| symbols::document(w, &path)))
            }
            "workspace/symbol" => {
                let p: lsp_types::WorkspaceSymbolParams = serde_json::from_value(params).map_err(invalid)?;
                json(self.workspace.as_ref().map(|w| symbols::workspace(w, &p.query)))
            }
            _ => Err((ErrorCode::MethodNotFound as i32, format!("baton does not handle {method}"))),
        }
    }

    /// Runs `feature` on the document at `uri` with the byte offset of `position`.
    fn at<T>(
        &self,
        uri: &Uri,
        position: lsp_types::Position,
        feature: impl FnOnce(&Workspace, &Path, usize) -> T,
    ) -> Option<T> {
        let (workspace, path) = self.document(uri)?;
        let offset = super::text::offset(workspace.text(&path)?, position);
        Some(feature(workspace, &path, offset))
    }

    fn notified(&mut self, notification: Notification) -> Vec<Message> {
        let Notification { method, params } = notification;
        match method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params) {
                    self.ensure_site(&p.text_document.uri);
                    self.opened(&p.text_document.uri, p.text_document.text);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params) {
                    self.changed(&p.text_document.uri, p.content_changes);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params) {
                    self.closed(&p.text_document.uri);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(params) {
                    p.changes.iter().for_each(|change| self.reread(&change.uri));
                }
            }
            _ => {}
        }
        self.load_error.take().map(show_error).into_iter().collect()
    }

    /// Loads the site of a document opened before any site was known.
    fn ensure_site(&mut self, uri: &Uri) {
        if self.workspace.is_some() {
            return;
        }
        if let Some(root) = paths::file_path(uri).as_deref().and_then(paths::site_of) {
            self.load(&root);
        }
    }

    fn relative(&self, uri: &Uri) -> Option<PathBuf> {
        self.document(uri).map(|(_, path)| path)
    }

    fn opened(&mut self, uri: &Uri, text: String) {
        let Some(path) = self.relative(uri) else { return };
        self.open.insert(path.clone());
        if let Some(workspace) = &mut self.workspace
            && workspace.text(&path) != Some(text.as_str())
        {
            workspace.set_text(&path, Some(text));
        }
    }

    fn changed(&mut self, uri: &Uri, changes: Vec<TextDocumentContentChangeEvent>) {
        let Some(path) = self.relative(uri) else { return };
        let Some(workspace) = &mut self.workspace else { return };
        let mut text = workspace.text(&path).unwrap_or_default().to_string();
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = super::text::offset(&text, range.start);
                    let end = super::text::offset(&text, range.end).max(start);
                    text.replace_range(start..end, &change.text);
                }
                None => text = change.text,
            }
        }
        workspace.set_text(&path, Some(text));
    }

    /// A closed document goes back to what the disk holds (or goes, if the file is gone).
    fn closed(&mut self, uri: &Uri) {
        let Some(path) = self.relative(uri) else { return };
        self.open.remove(&path);
        self.reread(uri);
    }

    /// Reads a file the editor does not have open again from disk.
    fn reread(&mut self, uri: &Uri) {
        let Some(path) = self.relative(uri) else { return };
        if self.open.contains(&path) {
            return;
        }
        let Some(workspace) = &mut self.workspace else { return };
        let text = std::fs::read(workspace.root.join(&path)).ok().and_then(|b| String::from_utf8(b).ok());
        if workspace.text(&path) != text.as_deref() {
            workspace.set_text(&path, text);
        }
    }

    /// `textDocument/publishDiagnostics` for every file whose findings changed. Only the files
    /// the last change touched are gathered and compared: at 10,000 handoffs, gathering every
    /// finding of the base after each keystroke would cost more than the re-check itself.
    fn publish(&mut self) -> Vec<Message> {
        let Some(workspace) = &mut self.workspace else { return Vec::new() };
        let changed = match workspace.take_touched() {
            Touched::Every => {
                let now = workspace.diagnostics_by_file();
                let changed = diagnostics::changed(&self.published, &now);
                self.published = now;
                changed
            }
            Touched::Files(files) => {
                let now = workspace.diagnostics_of(&files);
                let changed = diagnostics::changed_in(&self.published, &now, &files);
                for (file, found) in &changed {
                    match found.is_empty() {
                        true => self.published.remove(file),
                        false => self.published.insert(file.clone(), found.clone()),
                    };
                }
                changed
            }
        };
        let workspace = &*workspace;
        changed
            .into_iter()
            .filter_map(|(path, found)| {
                let uri = paths::uri(&workspace.root, &path)?;
                let text = workspace.text(&path).unwrap_or_default();
                let diagnostics = found.iter().map(|d| diagnostics::to_lsp(d, text)).collect();
                let params = lsp_types::PublishDiagnosticsParams { uri, diagnostics, version: None };
                Some(Message::Notification(Notification::new("textDocument/publishDiagnostics".into(), params)))
            })
            .collect()
    }
}

/// Whether `dir` is a site folder.
fn is_site(dir: &Path) -> bool {
    dir.join(super::workspace::CONFIG_FILE).is_file() || dir.join("content").is_dir()
}

fn show_error(message: String) -> Message {
    let params = lsp_types::ShowMessageParams { typ: lsp_types::MessageType::ERROR, message };
    Message::Notification(Notification::new("window/showMessage".into(), params))
}
