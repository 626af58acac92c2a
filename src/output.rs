//! The only code that writes to stdout: a command's reply in the chosen format. A closed pipe
//! (`| head`) ends the output quietly; it is not an error.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::PrettyFormatter;
use serde_json::Value;

use crate::cli::OutputFormat;
use crate::commands::{self, Outcome};

pub fn print(outcome: &Outcome, format: OutputFormat) -> io::Result<()> {
    let text = match outcome {
        Outcome::Done => return Ok(()),
        Outcome::Text(text) => text.clone(),
        Outcome::Reply { body, .. } => match format {
            OutputFormat::Json => to_json(body),
        },
        Outcome::Pages {
            pages,
            resume_token,
            ..
        } => match format {
            OutputFormat::Json => to_json(&commands::full_result(pages, resume_token.as_deref())),
        },
    };
    match io::stdout().lock().write_all(text.as_bytes()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
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
    use serde_json::json;

    #[test]
    fn json_is_indented_like_the_aws_cli() {
        let value = json!({"a": [], "b": {"c": "naïve-ü", "d": [1, {}]}});
        assert_eq!(
            to_json(&value),
            "{\n    \"a\": [],\n    \"b\": {\n        \"c\": \"naïve-ü\",\n        \"d\": [\n            1,\n            {}\n        ]\n    }\n}\n"
        );
    }
}
