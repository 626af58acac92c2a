//! The only code that writes to stdout: a command's reply in the chosen format, after `--query`,
//! following awscli/formatter.py. A closed pipe (`| head`) ends the output quietly; it is not an
//! error.
//!
//! Key order: JSON keeps the reply's documented order (CONTRACT.md section 5). Text, table and
//! YAML need no model order: the AWS CLI's text.py and table.py sort a dict's keys, and its YAML
//! dumper (ruamel's safe representer) sorts them too.

mod east_asian_width;
mod listing;
pub mod python;
mod python_jmespath;
pub mod query;
mod table;
mod text;
mod yaml;

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use serde::Serialize;
use serde_json::ser::PrettyFormatter;
use serde_json::{Map, Value};

use crate::cli::{ColorChoice, OutputFormat};
use crate::commands::Outcome;
use crate::error::{CliError, EXIT_LOCAL};
pub use query::Query;

/// How to print: `--output` (or its setting), `--query`, `--color`.
#[derive(Debug)]
pub struct Style {
    pub format: OutputFormat,
    pub query: Option<Query>,
    pub color: ColorChoice,
}

impl Style {
    pub fn json() -> Style {
        Style {
            format: OutputFormat::Json,
            query: None,
            color: ColorChoice::Auto,
        }
    }
}

/// Where the table is drawn: whether in colour, and how wide the terminal is.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub colored: bool,
    pub width: usize,
}

impl Terminal {
    /// stdout as the AWS CLI sees it: colours for `--color on`, or `auto` on a terminal; the
    /// terminal's width, or 80 when stdout is not one.
    pub fn stdout(color: ColorChoice) -> Terminal {
        let is_terminal = io::stdout().is_terminal();
        let width = if is_terminal {
            terminal_size::terminal_size()
                .map(|(width, _)| width.0 as usize)
                .unwrap_or(80)
        } else {
            80
        };
        let colored = match color {
            ColorChoice::On => true,
            ColorChoice::Off => false,
            ColorChoice::Auto => is_terminal,
        };
        Terminal { colored, width }
    }
}

pub fn print(outcome: &Outcome, style: &Style) -> Result<(), CliError> {
    if let Outcome::Listing {
        operation,
        result_key,
        items,
    } = outcome
    {
        return listing::print(operation.name(), result_key, items, style, || {
            Terminal::stdout(style.color)
        });
    }
    let text = render(outcome, style, Terminal::stdout(style.color))?;
    write_all_stdout(text.as_bytes()).map_err(|err| unwritten(outcome, err))
}

/// Writes `bytes` to stdout and flushes it. A closed pipe (`| head`) ends the output quietly.
fn write_all_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// `write_all_stdout` for output that follows no call that changed anything.
fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    write_all_stdout(bytes)
        .map_err(|err| CliError::Local(format!("cannot write the output: {err}")))
}

/// stdout refused the reply. When the call changed what is stored, the change is done and stays
/// done: the message says so, so that a script does not take the failure for a refusal and
/// repeat a create.
pub fn unwritten(outcome: &Outcome, err: io::Error) -> CliError {
    match outcome {
        Outcome::Reply { operation, .. } if operation.writes() => CliError::Local(format!(
            "the {} call succeeded and its change is saved, but its reply could not be written: {err}",
            operation.name()
        )),
        _ => CliError::Local(format!("cannot write the output: {err}")),
    }
}

/// What `print` writes. A query that fails as it runs is the AWS CLI's message and exit 255.
pub fn render(outcome: &Outcome, style: &Style, terminal: Terminal) -> Result<String, CliError> {
    let mut out = String::new();
    match outcome {
        Outcome::Done => {}
        Outcome::Text(text) => out.push_str(text),
        Outcome::Listing {
            operation,
            result_key,
            items,
        } => out = listing::render(operation.name(), result_key, items, style, terminal)?,
        Outcome::Reply { operation, body } | Outcome::Skeleton { operation, body } => {
            let body = apply(style, body)?;
            format_whole(operation.name(), &body, style, terminal, &mut out)?;
            if style.format == OutputFormat::YamlStream && !is_empty_dict(&body) {
                yaml::dump(&Value::Array(vec![body.into_owned()]), &mut out);
            }
        }
        Outcome::Pages {
            operation,
            pages,
            result_key,
            resume_token,
        } => render_pages(
            operation.name(),
            pages,
            result_key,
            resume_token.as_deref(),
            style,
            terminal,
            &mut out,
        )?,
    }
    Ok(out)
}

/// The reply as `--query` leaves it; without one, the reply itself, not a copy.
fn apply<'a>(style: &Style, body: &'a Value) -> Result<Cow<'a, Value>, CliError> {
    match (&style.query, style.format) {
        (_, OutputFormat::Off) | (None, _) => Ok(Cow::Borrowed(body)),
        (Some(query), _) => {
            query
                .search(body)
                .map(Cow::Owned)
                .map_err(|message| CliError::Client {
                    exit: EXIT_LOCAL,
                    message,
                })
        }
    }
}

/// formatter.py's fully buffered formatters (json, table, yaml) and text, on the whole reply.
fn format_whole(
    title: &str,
    body: &Value,
    style: &Style,
    terminal: Terminal,
    out: &mut String,
) -> Result<(), CliError> {
    match style.format {
        // An empty dict is "no output" to the AWS CLI's JSON and YAML formatters.
        OutputFormat::Json if !is_empty_dict(body) => out.push_str(&to_json(body)),
        OutputFormat::Yaml if !is_empty_dict(body) => yaml::dump(body, out),
        OutputFormat::Text => text::format(body, out),
        OutputFormat::Table => table::format(title, body, terminal.colored, terminal.width, out)
            .map_err(|message| CliError::Client {
                exit: EXIT_LOCAL,
                message,
            })?,
        _ => {}
    }
    Ok(())
}

fn is_empty_dict(value: &Value) -> bool {
    value.as_object().is_some_and(Map::is_empty)
}

/// A paginated reply as formatter.py prints botocore's PageIterator: json, table and yaml see
/// the pages' `result_key` lists joined into one, with a top-level `NextToken` when the listing
/// stopped early, then the query; text formats each page (its `result_key` only) with the query,
/// then a `NextToken` section; yaml-stream writes each page whole, queried, as a one-item list.
pub fn render_pages(
    title: &str,
    pages: &[Value],
    result_key: &str,
    resume_token: Option<&str>,
    style: &Style,
    terminal: Terminal,
    out: &mut String,
) -> Result<(), CliError> {
    match style.format {
        OutputFormat::Off => {}
        OutputFormat::Text => {
            for page in pages {
                let mut current = Map::new();
                current.insert(
                    result_key.to_string(),
                    page.get(result_key).cloned().unwrap_or(Value::Null),
                );
                text::format(&*apply(style, &Value::Object(current))?, out);
            }
            if let Some(token) = resume_token {
                let section = serde_json::json!({"NextToken": {"NextToken": token}});
                text::format(&*apply(style, &section)?, out);
            }
        }
        OutputFormat::YamlStream => {
            for page in pages {
                yaml::dump(&Value::Array(vec![apply(style, page)?.into_owned()]), out);
            }
        }
        OutputFormat::Json | OutputFormat::Table | OutputFormat::Yaml => {
            let full = full_result(pages, result_key, resume_token);
            format_whole(title, &*apply(style, &full)?, style, terminal, out)?;
        }
    }
    Ok(())
}

/// botocore's `PageIterator.build_full_result`, for one list-valued result key.
fn full_result(pages: &[Value], result_key: &str, resume_token: Option<&str>) -> Value {
    let mut complete = Map::new();
    for page in pages {
        let Some(value) = page.get(result_key).filter(|v| !v.is_null()) else {
            continue;
        };
        match (complete.get_mut(result_key), value) {
            (None, _) => {
                complete.insert(result_key.to_string(), value.clone());
            }
            (Some(Value::Array(existing)), Value::Array(more)) => {
                existing.extend(more.iter().cloned())
            }
            _ => {}
        }
    }
    if let Some(token) = resume_token {
        complete.insert("NextToken".into(), Value::String(token.to_string()));
    }
    Value::Object(complete)
}

/// As the AWS CLI prints JSON (Python's `json.dump(..., indent=4, ensure_ascii=False)` and a
/// newline): four spaces, `"key": value`, UTF-8 as it is.
pub fn to_json(value: &Value) -> String {
    let mut text = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut text, PrettyFormatter::with_indent(b"    "));
    value
        .serialize(&mut serializer)
        .expect("a JSON value always serializes");
    text.push(b'\n');
    String::from_utf8(text).expect("serde_json writes UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Operation;
    use serde_json::json;

    const PLAIN: Terminal = Terminal {
        colored: false,
        width: 80,
    };

    fn style(format: OutputFormat, query: Option<&str>) -> Style {
        Style {
            format,
            query: query.map(|q| Query::compile(q).unwrap()),
            color: ColorChoice::Off,
        }
    }

    #[test]
    fn json_is_indented_like_the_aws_cli() {
        let value = json!({"a": [], "b": {"c": "naïve-ü", "d": [1, {}]}});
        assert_eq!(
            to_json(&value),
            "{\n    \"a\": [],\n    \"b\": {\n        \"c\": \"naïve-ü\",\n        \"d\": [\n            1,\n            {}\n        ]\n    }\n}\n"
        );
    }

    /// Tricky values and what AWS CLI 2.9.19's own formatters printed for them
    /// (scripts/output-vectors.py); null where the AWS CLI itself fails.
    #[test]
    fn the_aws_cli_s_own_vectors() {
        let cases: Vec<Value> = serde_json::from_str(include_str!(
            "../../tests/fixtures/output/unit/vectors.json"
        ))
        .unwrap();
        for case in cases {
            let name = case["name"].as_str().unwrap();
            let value = &case["value"];
            if let Some(expected) = case["yaml"].as_str() {
                let mut out = String::new();
                yaml::dump(value, &mut out);
                assert_eq!(out, expected, "yaml of {name}");
            }
            if let Some(expected) = case["text"].as_str() {
                let mut out = String::new();
                text::format(value, &mut out);
                assert_eq!(out, expected, "text of {name}");
            }
            if let Some(expected) = case["table"].as_str() {
                let mut out = String::new();
                table::format("DoThing", value, false, 80, &mut out).unwrap();
                assert_eq!(out, expected, "table of {name}");
            }
        }
    }

    fn pages() -> Vec<Value> {
        vec![
            json!({"items": [{"id": "a", "status": "PENDING"}], "nextToken": "t1"}),
            json!({"items": [{"id": "b", "status": "CONNECTED"}], "nextToken": "t2"}),
        ]
    }

    fn render_pages_as(format: OutputFormat, query: Option<&str>) -> String {
        let outcome = Outcome::Pages {
            operation: Operation::ListEnvironmentAccountConnections,
            pages: pages(),
            result_key: "items",
            resume_token: Some("resume".into()),
        };
        render(&outcome, &style(format, query), PLAIN).unwrap()
    }

    #[test]
    fn pages_are_joined_for_json_table_and_yaml() {
        assert_eq!(
            render_pages_as(OutputFormat::Json, None),
            to_json(
                &json!({"items": [{"id": "a", "status": "PENDING"}, {"id": "b", "status": "CONNECTED"}], "NextToken": "resume"})
            )
        );
        assert_eq!(
            render_pages_as(OutputFormat::Yaml, Some("items[].id")),
            "- a\n- b\n"
        );
        assert_eq!(
            render_pages_as(OutputFormat::Json, Some("nothing")),
            "null\n"
        );
        assert_eq!(
            render_pages_as(OutputFormat::Table, Some("NextToken")),
            "-----------------------------------\n|ListEnvironmentAccountConnections|\n+---------------------------------+\n"
        );
    }

    #[test]
    fn text_formats_each_page_then_the_next_token() {
        assert_eq!(
            render_pages_as(OutputFormat::Text, None),
            "ITEMS\ta\tPENDING\nITEMS\tb\tCONNECTED\nNEXTTOKEN\tresume\n"
        );
        // The query runs on each page and on the NextToken section, as the AWS CLI's does.
        assert_eq!(
            render_pages_as(OutputFormat::Text, Some("items[].id")),
            "a\nb\nNone\n"
        );
    }

    #[test]
    fn yaml_stream_writes_each_page_whole() {
        assert_eq!(
            render_pages_as(OutputFormat::YamlStream, None),
            "- items:\n  - id: a\n    status: PENDING\n  nextToken: t1\n- items:\n  - id: b\n    status: CONNECTED\n  nextToken: t2\n"
        );
        assert_eq!(
            render_pages_as(OutputFormat::YamlStream, Some("items[].id")),
            "- - a\n- - b\n"
        );
        assert_eq!(render_pages_as(OutputFormat::Off, None), "");
    }

    #[test]
    fn an_empty_dict_prints_nothing_in_json_and_yaml() {
        let outcome = Outcome::Reply {
            operation: Operation::GetEnvironmentAccountConnection,
            body: json!({}),
        };
        for format in [
            OutputFormat::Json,
            OutputFormat::Yaml,
            OutputFormat::YamlStream,
        ] {
            assert_eq!(render(&outcome, &style(format, None), PLAIN).unwrap(), "");
        }
    }
}
