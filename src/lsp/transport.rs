//! JSON-RPC framing over stdio: `Content-Length` headers, then a JSON body.
//!
//! `lsp-server` gives the message types and writes frames, but its reader treats a body that is
//! not a JSON-RPC message as fatal and stops; an editor plugin sending one bad message must not
//! take the server down. So frames are read here and a bad body becomes an error to answer
//! (JSON-RPC's ParseError or InvalidRequest, with a null id), and reading goes on.

use lsp_server::Message;
use std::io::{self, BufRead, Read, Write};

/// The largest body read: far above a 10 MB buffer sent whole and escaped as JSON.
const LARGEST_BODY: usize = 256 * 1024 * 1024;

/// One frame read from the client.
pub enum Frame {
    /// A request, response or notification.
    Message(Message),
    /// A body that is not one; answer with this code and message.
    Bad(i32, String),
}

/// Reads the next frame; `None` at the end of input.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end();
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length.unwrap_or(0);
    if length > LARGEST_BODY {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Bad(lsp_server::ErrorCode::InvalidRequest as i32, "message too large".into())));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(parse(&body)))
}

/// A body as a message, or why it is not one.
fn parse(body: &[u8]) -> Frame {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Err(e) => Frame::Bad(lsp_server::ErrorCode::ParseError as i32, format!("not JSON: {e}")),
        Ok(value) => match serde_json::from_value::<Message>(value) {
            Ok(message) => Frame::Message(message),
            Err(e) => Frame::Bad(lsp_server::ErrorCode::InvalidRequest as i32, format!("not a JSON-RPC message: {e}")),
        },
    }
}

/// Writes a message.
pub fn write(output: &mut impl Write, message: Message) -> io::Result<()> {
    message.write(output)
}

/// Answers a frame that was not a message: an error response with a null id, as JSON-RPC asks.
pub fn write_bad(output: &mut impl Write, code: i32, message: &str) -> io::Result<()> {
    let body = serde_json::json!({"jsonrpc": "2.0", "id": null, "error": {"code": code, "message": message}});
    let text = body.to_string();
    write!(output, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Result<String, i32>> {
        let mut reader = io::BufReader::new(input.as_bytes());
        std::iter::from_fn(|| read(&mut reader).ok().flatten())
            .map(|frame| match frame {
                Frame::Message(Message::Request(r)) => Ok(r.method),
                Frame::Message(_) => Ok(String::new()),
                Frame::Bad(code, _) => Err(code),
            })
            .collect()
    }

    #[test]
    fn a_bad_body_is_answered_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{{bad}}Content-Length: 2\r\n\r\n[]Content-Length: {}\r\n\r\n{good}",
            good.len()
        );
        assert_eq!(frames(&input), [Err(-32700), Err(-32600), Ok("shutdown".to_string())]);
    }
}
