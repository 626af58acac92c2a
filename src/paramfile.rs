//! The AWS CLI's `file://` and `fileb://` parameter values (awscli's `paramfile`): the value of
//! any option of an operation may name a file whose contents become the value, read before the
//! arguments are parsed. `file://` reads text, as it is (a trailing newline stays); `fileb://`
//! reads bytes, which none of this service's parameters takes.

use std::ffi::OsString;

use clap::Command;

use crate::error::CliError;

/// Options whose values are never read from a file: the AWS CLI's global options, and the ones
/// it adds to every operation without a model member behind them.
const NOT_PARAMETERS: [&str; 4] = [
    "--generate-cli-skeleton",
    "--max-items",
    "--starting-token",
    "--page-size",
];

/// `args` with each `file://` value of an operation's option replaced by the file's contents.
/// `command` is `Cli::command()`, built once per run by the caller.
pub fn expand(command: &Command, args: Vec<OsString>) -> Result<Vec<OsString>, CliError> {
    let global: Vec<String> = command
        .get_arguments()
        .filter(|arg| arg.is_global_set())
        .filter_map(|arg| arg.get_long().map(|long| format!("--{long}")))
        .collect();
    let mut option: Option<String> = None;
    let mut expanded = Vec::with_capacity(args.len());
    for arg in args {
        let Some(text) = arg.to_str() else {
            expanded.push(arg);
            continue;
        };
        if text.starts_with("--") {
            let (name, value) = match text.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (text, None),
            };
            option = Some(name.to_string());
            if let Some(value) = value.filter(|_| is_parameter(name, &global)) {
                let loaded = load(name, value)?;
                expanded.push(OsString::from(format!("{name}={loaded}")));
                continue;
            }
            expanded.push(arg);
            continue;
        }
        match &option {
            Some(name) if is_parameter(name, &global) => {
                expanded.push(OsString::from(load(name, text)?));
            }
            _ => expanded.push(arg),
        }
    }
    Ok(expanded)
}

fn is_parameter(option: &str, global: &[String]) -> bool {
    !global.iter().any(|name| name == option) && !NOT_PARAMETERS.contains(&option)
}

/// The value itself, or the contents of the file it names.
fn load(option: &str, value: &str) -> Result<String, CliError> {
    let (path, binary) = if let Some(path) = value.strip_prefix("file://") {
        (path, false)
    } else if let Some(path) = value.strip_prefix("fileb://") {
        (path, true)
    } else {
        return Ok(value.to_string());
    };
    let cant_load = |err: std::io::Error| {
        CliError::parameter(format!(
            "Error parsing parameter '{option}': Unable to load paramfile {value}: {}",
            python_os_error(&err, path)
        ))
    };
    let local = expand_home(path);
    if binary {
        let bytes = std::fs::read(&local).map_err(cant_load)?;
        return Err(CliError::parameter(format!(
            "Parameter validation failed:\nInvalid type for parameter {}, value: {}, type: <class 'bytes'>, valid types: <class 'str'>",
            member_name(option),
            python_bytes(&bytes)
        )));
    }
    let bytes = std::fs::read(&local).map_err(cant_load)?;
    String::from_utf8(bytes).map_err(|err| {
        CliError::parameter(format!(
            "Error parsing parameter '{option}': Unable to load paramfile ({value}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix. ({err})"
        ))
    })
}

/// `~/` at the start is the home folder, as Python's `os.path.expanduser` has it.
fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// Python's `str(OSError)`: `[Errno 2] No such file or directory: 'id.txt'`.
fn python_os_error(err: &std::io::Error, path: &str) -> String {
    let text = err.to_string();
    let reason = text
        .split_once(" (os error")
        .map_or(text.as_str(), |(reason, _)| reason);
    match err.raw_os_error() {
        Some(code) => format!("[Errno {code}] {reason}: '{path}'"),
        None => reason.to_string(),
    }
}

/// `--environment-name` is the member `environmentName`.
fn member_name(option: &str) -> String {
    let mut name = String::new();
    let mut upper = false;
    for c in option.trim_start_matches('-').chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            name.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            name.push(c);
        }
    }
    name
}

/// Python's `repr` of a `bytes` value.
fn python_bytes(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = format!("b{quote}");
    for &byte in bytes {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ if byte == quote as u8 => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_become_member_names() {
        assert_eq!(member_name("--environment-name"), "environmentName");
        assert_eq!(member_name("--id"), "id");
    }

    #[test]
    fn bytes_print_as_python_prints_them() {
        assert_eq!(python_bytes(b"abc\n"), r"b'abc\n'");
        assert_eq!(python_bytes(b"it's"), r#"b"it's""#);
        assert_eq!(python_bytes(&[0, 255]), r"b'\x00\xff'");
    }
}
