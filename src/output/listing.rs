//! A list of every match printed as it is read, so that its memory does not grow with the
//! number of rows (issue 8: 978 MB for 300k rows). JSON, the default, is written item by item
//! with the same bytes `to_json` gives the whole reply; `--output off` reads and drops. What
//! needs the whole result first (`--query`, text's union of keys, table's widths, YAML) is
//! gathered and printed as before.

use std::io::{self, Write};
use std::ops::ControlFlow;

use serde_json::{Map, Value};

use super::{render_pages, Style, Terminal};
use crate::api::{self, TimeFormat};
use crate::cli::OutputFormat;
use crate::commands::Listing;
use crate::error::CliError;
use crate::service::Connection;

/// Written to stdout in pieces of this size. Until the first piece is written a failure prints
/// nothing on stdout, as any failed command; so a list under this size behaves exactly as a
/// reply printed whole.
const PIECE: usize = 1 << 20;

/// Prints `items` as `render` prints one page holding them all.
pub fn print(
    title: &str,
    result_key: &str,
    items: &Listing,
    style: &Style,
    terminal: impl FnOnce() -> Terminal,
) -> Result<(), CliError> {
    match (style.format, &style.query) {
        (OutputFormat::Json, None) => stream_json(result_key, items, &mut io::stdout().lock()),
        (OutputFormat::Off, _) => items.each(|_| ControlFlow::Continue(())),
        _ => {
            let text = render(title, result_key, items, style, terminal())?;
            super::write_stdout(text.as_bytes())
        }
    }
}

/// The whole output, gathered: one page of every item, as the AWS CLI's paginator gives it.
pub fn render(
    title: &str,
    result_key: &str,
    items: &Listing,
    style: &Style,
    terminal: Terminal,
) -> Result<String, CliError> {
    let mut all = Vec::new();
    items.each(|connection| {
        all.push(api::summary_to_json(&connection, TimeFormat::Iso8601));
        ControlFlow::Continue(())
    })?;
    let mut page = Map::new();
    page.insert(result_key.to_string(), Value::Array(all));
    let mut out = String::new();
    render_pages(
        title,
        &[Value::Object(page)],
        result_key,
        None,
        style,
        terminal,
        &mut out,
    )?;
    Ok(out)
}

/// `{"<result_key>": [items]}` as `to_json` writes it, one item at a time. A closed pipe stops
/// the reading and ends quietly.
fn stream_json(result_key: &str, items: &Listing, out: &mut impl Write) -> Result<(), CliError> {
    let mut writer = Pieces {
        out,
        buffer: Vec::with_capacity(PIECE + PIECE / 8),
        failed: None,
    };
    let key = serde_json::to_string(result_key).expect("a string serializes");
    writer.buffer.extend_from_slice(b"{\n    ");
    writer.buffer.extend_from_slice(key.as_bytes());
    writer.buffer.extend_from_slice(b": [");
    let mut count = 0usize;
    let listed = items.each(|connection| {
        writer
            .buffer
            .extend_from_slice(if count == 0 { b"\n" } else { b",\n" });
        count += 1;
        write_item(&mut writer.buffer, &connection);
        writer.flush_full()
    });
    // Nothing of a failed list is printed, unless pieces of it already were.
    listed?;
    if count == 0 {
        writer.buffer.extend_from_slice(b"]\n}\n");
    } else {
        writer.buffer.extend_from_slice(b"\n    ]\n}\n");
    }
    writer.finish()
}

/// One item, two levels in, as `to_json` writes it in the whole reply: its members one to a line,
/// each value as serde_json writes it.
fn write_item(out: &mut Vec<u8>, connection: &Connection) {
    out.extend_from_slice(b"        {");
    let mut first = true;
    api::connection_members(connection, TimeFormat::Iso8601, true, |key, value| {
        out.extend_from_slice(if first { b"\n" } else { b",\n" });
        first = false;
        out.extend_from_slice(b"            ");
        serde_json::to_writer(&mut *out, key).expect("a string serializes");
        out.extend_from_slice(b": ");
        serde_json::to_writer(&mut *out, &value).expect("a JSON value serializes");
    });
    out.extend_from_slice(if first { b"}" } else { b"\n        }" });
}

/// stdout written in pieces, remembering a write that failed.
struct Pieces<'a, W: Write> {
    out: &'a mut W,
    buffer: Vec<u8>,
    failed: Option<io::Error>,
}

impl<W: Write> Pieces<'_, W> {
    /// Writes the buffer once it holds a piece; says stop if the write failed.
    fn flush_full(&mut self) -> ControlFlow<()> {
        if self.buffer.len() < PIECE {
            return ControlFlow::Continue(());
        }
        match self.out.write_all(&self.buffer) {
            Ok(()) => {
                self.buffer.clear();
                ControlFlow::Continue(())
            }
            Err(err) => {
                self.failed = Some(err);
                ControlFlow::Break(())
            }
        }
    }

    fn finish(mut self) -> Result<(), CliError> {
        let result = match self.failed.take() {
            Some(err) => Err(err),
            None => self
                .out
                .write_all(&self.buffer)
                .and_then(|()| self.out.flush()),
        };
        match result {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            Err(err) => Err(CliError::Local(format!("cannot write the output: {err}"))),
            Ok(()) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{Roles, Status, Timestamp};

    fn listing(items: Vec<Connection>) -> Listing {
        Listing::new(move |visit| {
            for item in items {
                if visit(item).is_break() {
                    break;
                }
            }
            Ok(())
        })
    }

    /// Connections with and without their optional roles, names that JSON must escape, times
    /// with and without milliseconds.
    fn items(n: usize) -> Vec<Connection> {
        (0..n)
            .map(|i| Connection {
                id: format!("{i:08x}"),
                region: "us-east-1".into(),
                environment_account_id: "111122223333".into(),
                management_account_id: "123456789012".into(),
                environment_name: format!("naïve \"ü\"\n\u{1}{i}"),
                status: Status::ALL[i % 3],
                roles: Roles {
                    role_arn: (i % 2 == 0).then(|| "arn:aws:iam::111122223333:role/a".into()),
                    codebuild_role_arn: Some("arn:aws:iam::111122223333:role/b".into()),
                    component_role_arn: (i % 3 == 0)
                        .then(|| "arn:aws:iam::111122223333:role/c".into()),
                },
                requested_at: Timestamp::from_millis(1_619_651_630_000 + i as i64 * 7),
                last_modified_at: Timestamp::from_millis(1_619_651_631_000),
            })
            .collect()
    }

    /// The streamed bytes are `to_json`'s for the whole reply, for no item, one, and enough to
    /// be written in several pieces.
    #[test]
    fn streamed_json_is_to_json_of_the_whole_reply() {
        for n in [0, 1, 2, 7000] {
            let mut out = Vec::new();
            stream_json(
                "environmentAccountConnections",
                &listing(items(n)),
                &mut out,
            )
            .unwrap();
            let whole: Vec<Value> = items(n)
                .iter()
                .map(|c| api::summary_to_json(c, TimeFormat::Iso8601))
                .collect();
            let whole =
                super::super::to_json(&serde_json::json!({"environmentAccountConnections": whole}));
            assert!(out == whole.as_bytes(), "{n} items");
        }
    }

    /// A list that fails before its first piece prints nothing.
    #[test]
    fn a_failed_list_prints_nothing() {
        let failing = Listing::new(|visit| {
            let _ = visit(items(1).remove(0));
            Err(CliError::Local("the database went away".into()))
        });
        let mut out = Vec::new();
        let err = stream_json("items", &failing, &mut out).unwrap_err();
        assert!(matches!(err, CliError::Local(_)));
        assert!(out.is_empty());
    }

    /// A closed pipe stops the reading and is no error.
    #[test]
    fn a_closed_pipe_stops_the_list_quietly() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let read = std::rc::Rc::new(std::cell::Cell::new(0));
        let counter = read.clone();
        let endless = Listing::new(move |visit| {
            let item = items(1).remove(0);
            loop {
                counter.set(counter.get() + 1);
                if visit(item.clone()).is_break() {
                    break;
                }
            }
            Ok(())
        });
        stream_json("items", &endless, &mut Closed).unwrap();
        let read = read.get();
        assert!(read > 1000 && read < 100_000, "{read}");
    }
}
