//! The AWS CLI's shared files, `~/.aws/config` and `~/.aws/credentials`, read exactly as botocore
//! reads them (`botocore/configloader.py` over Python's `RawConfigParser`), so that one file
//! means the same profiles to the AWS CLI and to proton-local.
//!
//! No INI crate parses the way Python's `configparser` does (indented continuation lines, `:` as
//! well as `=`, full-line comments only, the `DEFAULT` section inherited by every other, duplicate
//! sections and keys refused), so this is a small parser that follows `configparser._read` line by
//! line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One value of a section: text, or botocore's nested block (`s3 =` followed by indented
/// `key = value` lines), which none of proton-local's keys takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Nested(BTreeMap<String, String>),
}

/// A section's keys (lowercased, as `configparser` stores them) and values.
pub type Section = BTreeMap<String, Value>;

/// A file that exists but that botocore would refuse: the AWS CLI says
/// `Unable to parse config file: PATH` and stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsable;

/// Every profile the two files name, as botocore's session sees them: `[default]` and
/// `[profile NAME]` from the config file, each `[NAME]` of the credentials file merged over them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Profiles {
    profiles: BTreeMap<String, Section>,
}

/// Which file failed to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFailure {
    pub path: PathBuf,
}

impl Profiles {
    /// Reads the config file, then the credentials file. A path that is not a file is no file at
    /// all, and one that can't be read counts as empty, as they do for the AWS CLI (Python's
    /// `RawConfigParser.read` skips a file it can't open).
    pub fn load(config: &Path, credentials: &Path) -> Result<Profiles, ParseFailure> {
        let parse = |path: &Path| {
            read_sections(path).map_err(|Unparsable| ParseFailure {
                path: path.to_path_buf(),
            })
        };
        let config = parse(config)?;
        let credentials = parse(credentials)?;
        Ok(Profiles::from_sections(config, credentials))
    }

    /// botocore's `build_profile_map` over the config file's sections, then the session's merge of
    /// the credentials file's sections into it.
    pub fn from_sections(
        config: Vec<(String, Section)>,
        credentials: Vec<(String, Section)>,
    ) -> Profiles {
        let mut profiles = BTreeMap::new();
        for (name, section) in config {
            if name.starts_with("profile") {
                // `[profile NAME]`, `[profile "NAME WITH SPACES"]`; anything else starting with
                // "profile" is not a profile.
                if let Ok(mut parts) = shlex_split(&name) {
                    if parts.len() == 2 {
                        profiles.insert(parts.swap_remove(1), section);
                    }
                }
            } else if name == "default" {
                profiles.insert(name, section);
            }
        }
        for (name, section) in credentials {
            profiles
                .entry(name)
                .or_insert_with(Section::new)
                .extend(section);
        }
        Profiles { profiles }
    }

    pub fn get(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }
}

/// A file's sections in the order they first appear, each with the `DEFAULT` section's keys
/// under its own. No file: no sections.
fn read_sections(path: &Path) -> Result<Vec<(String, Section)>, Unparsable> {
    if !std::fs::metadata(path).is_ok_and(|meta| meta.is_file()) {
        return Ok(Vec::new());
    }
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(Vec::new());
    };
    let text = String::from_utf8(bytes).map_err(|_| Unparsable)?;
    parse(&text)
}

/// Python's `str.isspace()`, which also counts the four separators U+001C to U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn py_strip(text: &str) -> &str {
    text.trim_matches(is_py_space)
}

/// Lines as Python's text mode reads them: `\n`, `\r\n` and a lone `\r` all end a line.
fn lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// A section's keys as read, each with its lines, before they are joined.
type RawEntries = Vec<(String, Vec<String>)>;

/// `RawConfigParser` (strict, delimiters `=` and `:`, full-line comments `#` and `;`, empty lines
/// kept in multi-line values) followed by botocore's `raw_config_parse`.
pub fn parse(text: &str) -> Result<Vec<(String, Section)>, Unparsable> {
    const DEFAULT: &str = "DEFAULT";
    // Section name to its keys, each with its lines; the order of first appearance.
    let mut sections: Vec<(String, RawEntries)> = Vec::new();
    let mut defaults: RawEntries = Vec::new();
    // Where new keys go: None before the first header, Some(None) in DEFAULT.
    let mut current: Option<Option<usize>> = None;
    let mut current_name = String::new();
    let mut key: Option<String> = None;
    let mut seen_keys: Vec<(String, String)> = Vec::new();
    let mut indent_level = 0usize;
    let mut failed = false;

    fn slot<'a>(
        sections: &'a mut [(String, RawEntries)],
        defaults: &'a mut RawEntries,
        at: Option<usize>,
    ) -> &'a mut RawEntries {
        match at {
            Some(index) => &mut sections[index].1,
            None => defaults,
        }
    }

    for line in lines(text) {
        let is_comment = {
            let stripped = py_strip(line);
            stripped.starts_with('#') || stripped.starts_with(';')
        };
        let value = if is_comment { "" } else { py_strip(line) };
        if value.is_empty() {
            // An empty line (not a comment) belongs to the value being read, if any.
            if let (false, Some(at), Some(name)) = (is_comment, current, &key) {
                if !name.is_empty() {
                    if let Some((_, lines)) = slot(&mut sections, &mut defaults, at)
                        .iter_mut()
                        .rfind(|(k, _)| k == name)
                    {
                        lines.push(String::new());
                    }
                }
            }
            continue;
        }
        let indent = line.chars().position(|c| !is_py_space(c)).unwrap_or(0);
        if let (Some(at), Some(name)) = (current, &key) {
            if !name.is_empty() && indent > indent_level {
                if let Some((_, lines)) = slot(&mut sections, &mut defaults, at)
                    .iter_mut()
                    .rfind(|(k, _)| k == name)
                {
                    lines.push(value.to_string());
                }
                continue;
            }
        }
        indent_level = indent;
        if let Some(header) = section_header(value) {
            if header == DEFAULT {
                current = Some(None);
            } else if sections.iter().any(|(name, _)| name == header) {
                // strict: a section may not appear twice.
                return Err(Unparsable);
            } else {
                sections.push((header.to_string(), Vec::new()));
                current = Some(Some(sections.len() - 1));
            }
            current_name = header.to_string();
            key = None;
            continue;
        }
        let Some(at) = current else {
            // Text before the first section header.
            return Err(Unparsable);
        };
        let Some(delimiter) = value.find(['=', ':']) else {
            // Python collects these and raises at the end; any one fails the file.
            failed = true;
            continue;
        };
        let name = value[..delimiter]
            .trim_end_matches(is_py_space)
            .to_lowercase();
        if name.is_empty() {
            failed = true;
        }
        if seen_keys
            .iter()
            .any(|(section, k)| *section == current_name && *k == name)
        {
            return Err(Unparsable);
        }
        seen_keys.push((current_name.clone(), name.clone()));
        let entries = slot(&mut sections, &mut defaults, at);
        let first_line = py_strip(&value[delimiter + 1..]).to_string();
        match entries.iter_mut().find(|(k, _)| *k == name) {
            Some((_, lines)) => *lines = vec![first_line],
            None => entries.push((name.clone(), vec![first_line])),
        }
        key = Some(name);
    }
    if failed {
        return Err(Unparsable);
    }

    let join = |lines: &[String]| lines.join("\n").trim_end_matches(is_py_space).to_string();
    let defaults: Vec<(String, String)> = defaults
        .iter()
        .map(|(k, lines)| (k.clone(), join(lines)))
        .collect();
    sections
        .into_iter()
        .map(|(name, entries)| {
            let mut section = Section::new();
            for (k, text) in defaults
                .iter()
                .cloned()
                .chain(entries.iter().map(|(k, lines)| (k.clone(), join(lines))))
            {
                section.insert(k, botocore_value(text)?);
            }
            Ok((name, section))
        })
        .collect()
}

/// `[NAME]`: Python's `\[(?P<header>.+)\]` matched at the start of the stripped line, so the name
/// runs to the last `]` and anything after that is ignored.
fn section_header(value: &str) -> Option<&str> {
    let rest = value.strip_prefix('[')?;
    let end = rest.rfind(']')?;
    (end > 0).then(|| &rest[..end])
}

/// botocore reads a value that starts on the line after its key as a block of `key = value` lines.
fn botocore_value(text: String) -> Result<Value, Unparsable> {
    if !text.starts_with('\n') {
        return Ok(Value::Text(text));
    }
    let mut nested = BTreeMap::new();
    for line in text.split('\n') {
        let line = py_strip(line);
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once('=').ok_or(Unparsable)?;
        nested.insert(py_strip(key).to_string(), py_strip(value).to_string());
    }
    Ok(Value::Nested(nested))
}

/// Python's `shlex.split` (POSIX mode, no comments), which botocore uses to read the name out of
/// `[profile NAME]`.
pub fn shlex_split(text: &str) -> Result<Vec<String>, Unparsable> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => {
                word.push(chars.next().ok_or(Unparsable)?);
                in_word = true;
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next().ok_or(Unparsable)? {
                        '\'' => break,
                        other => word.push(other),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next().ok_or(Unparsable)? {
                        '"' => break,
                        '\\' => match chars.next().ok_or(Unparsable)? {
                            escaped @ ('"' | '\\') => word.push(escaped),
                            other => {
                                word.push('\\');
                                word.push(other);
                            }
                        },
                        other => word.push(other),
                    }
                }
            }
            other => {
                word.push(other);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Python's `os.path.expandvars` then `os.path.expanduser`, which botocore applies to the files'
/// paths: `$NAME` and `${NAME}` of variables that are set, and a leading `~` or `~/`.
pub fn expand_path(
    path: &str,
    var: &dyn Fn(&str) -> Option<String>,
    home: Option<PathBuf>,
) -> PathBuf {
    let mut expanded = String::new();
    let mut rest = path;
    while let Some(dollar) = rest.find('$') {
        expanded.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let (name, length) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find(['}', '/']) {
                Some(end) if braced.as_bytes()[end] == b'}' => (&braced[..end], end + 2),
                _ => ("", 0),
            }
        } else {
            let end = after.find(|c: char| !is_word(c)).unwrap_or(after.len());
            (&after[..end], end)
        };
        match (length, var(name)) {
            (1.., Some(value)) if !name.is_empty() => {
                expanded.push_str(&value);
                rest = &after[length..];
            }
            _ => {
                expanded.push('$');
                rest = after;
            }
        }
    }
    expanded.push_str(rest);
    if let Some(tail) = expanded.strip_prefix('~') {
        if tail.is_empty() || tail.starts_with('/') {
            if let Some(home) = home {
                let home = home.to_string_lossy();
                let home = home.trim_end_matches('/');
                let joined = format!("{home}{tail}");
                return PathBuf::from(if joined.is_empty() {
                    "/".into()
                } else {
                    joined
                });
            }
        }
    }
    PathBuf::from(expanded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Value {
        Value::Text(value.to_string())
    }

    fn sections(file: &str) -> Vec<(String, Vec<(String, Value)>)> {
        parse(file)
            .unwrap()
            .into_iter()
            .map(|(name, section)| (name, section.into_iter().collect()))
            .collect()
    }

    #[test]
    fn keys_are_lowercased_values_stripped_and_both_delimiters_read() {
        assert_eq!(
            sections("[profile env]\n  REGION = eu-west-1  \nAws_Account_Id:111122223333\n"),
            vec![(
                "profile env".to_string(),
                vec![
                    ("aws_account_id".to_string(), text("111122223333")),
                    ("region".to_string(), text("eu-west-1")),
                ]
            )]
        );
    }

    #[test]
    fn only_whole_lines_are_comments() {
        assert_eq!(
            sections("# top\n[default]\n  ; indented\nregion = us-east-1 # not a comment\n"),
            vec![(
                "default".to_string(),
                vec![("region".to_string(), text("us-east-1 # not a comment"))]
            )]
        );
    }

    #[test]
    fn the_first_delimiter_splits_the_key_from_the_value() {
        assert_eq!(
            sections("[default]\nendpoint_url = http://127.0.0.1:4599\na:b=c\n"),
            vec![(
                "default".to_string(),
                vec![
                    ("a".to_string(), text("b=c")),
                    ("endpoint_url".to_string(), text("http://127.0.0.1:4599")),
                ]
            )]
        );
    }

    #[test]
    fn indented_lines_continue_a_value_and_blocks_are_nested() {
        assert_eq!(
            sections(
                "[default]\nnote = one\n  two\n\n  three\n\ns3 =\n  addressing_style = path\n"
            ),
            vec![(
                "default".to_string(),
                vec![
                    ("note".to_string(), text("one\ntwo\n\nthree")),
                    (
                        "s3".to_string(),
                        Value::Nested(BTreeMap::from([(
                            "addressing_style".to_string(),
                            "path".to_string()
                        )]))
                    ),
                ]
            )]
        );
    }

    #[test]
    fn the_default_section_is_under_every_other() {
        assert_eq!(
            sections("[DEFAULT]\nregion = ap-south-1\noutput = text\n[default]\noutput = json\n"),
            vec![(
                "default".to_string(),
                vec![
                    ("output".to_string(), text("json")),
                    ("region".to_string(), text("ap-south-1")),
                ]
            )]
        );
    }

    #[test]
    fn section_names_run_to_the_last_bracket_and_keep_their_case() {
        assert_eq!(
            sections("[Profile x] trailing\n[a]b]\n")
                .into_iter()
                .map(|(name, _)| name)
                .collect::<Vec<_>>(),
            vec!["Profile x", "a]b"]
        );
    }

    #[test]
    fn python_refuses_these_files_and_so_does_botocore() {
        for bad in [
            "region = us-east-1\n",
            "[default]\nregion us-east-1\n",
            "[default]\nregion = a\n[default]\noutput = json\n",
            "[default]\nregion = a\nREGION = b\n",
            "[default]\n= value\n",
            "[]\nregion = a\n",
            "\u{feff}[default]\n",
            "[default]\ns3 =\n  no delimiter\n",
        ] {
            assert_eq!(parse(bad), Err(Unparsable), "{bad:?}");
        }
    }

    #[test]
    fn line_endings_are_python_universal_newlines() {
        assert_eq!(
            sections("[default]\r\nregion = a\rOutput = b"),
            vec![(
                "default".to_string(),
                vec![
                    ("output".to_string(), text("b")),
                    ("region".to_string(), text("a"))
                ]
            )]
        );
    }

    #[test]
    fn profiles_are_default_and_profile_sections_with_credentials_merged_over() {
        let config = parse(
            "[default]\nregion = a\n[profile env]\nregion = b\naws_access_key_id = 1\n\
             [profile \"two words\"]\nregion = c\n[profile a b]\n[preview]\nregion = d\n",
        )
        .unwrap();
        let credentials =
            parse("[env]\naws_access_key_id = 2\n[creds-only]\naws_access_key_id = 3\n").unwrap();
        let profiles = Profiles::from_sections(config, credentials);
        let value = |profile: &str, key: &str| match profiles.get(profile)?.get(key)? {
            Value::Text(text) => Some(text.clone()),
            Value::Nested(_) => None,
        };
        assert_eq!(value("default", "region").as_deref(), Some("a"));
        assert_eq!(value("env", "region").as_deref(), Some("b"));
        assert_eq!(value("env", "aws_access_key_id").as_deref(), Some("2"));
        assert_eq!(value("two words", "region").as_deref(), Some("c"));
        assert_eq!(
            value("creds-only", "aws_access_key_id").as_deref(),
            Some("3")
        );
        assert!(profiles.get("a b").is_none());
        assert!(profiles.get("preview").is_none());
    }

    #[test]
    fn shlex_split_reads_quotes_and_escapes_as_python_does() {
        assert_eq!(shlex_split("profile  env").unwrap(), ["profile", "env"]);
        assert_eq!(shlex_split("profile 'a b'").unwrap(), ["profile", "a b"]);
        assert_eq!(
            shlex_split(r#"profile "a\"b\c""#).unwrap(),
            ["profile", r#"a"b\c"#]
        );
        assert_eq!(shlex_split(r"profile a\ b").unwrap(), ["profile", "a b"]);
        assert_eq!(shlex_split("profile ''").unwrap(), ["profile", ""]);
        assert!(shlex_split("profile 'open").is_err());
        assert!(shlex_split("profile a\\").is_err());
    }

    #[test]
    fn paths_expand_variables_and_the_home_folder() {
        let var = |name: &str| (name == "DIR").then(|| "/etc/aws".to_string());
        let home = Some(PathBuf::from("/home/me/"));
        let expand = |path: &str| expand_path(path, &var, home.clone());
        assert_eq!(
            expand("~/.aws/config"),
            PathBuf::from("/home/me/.aws/config")
        );
        assert_eq!(expand("$DIR/config"), PathBuf::from("/etc/aws/config"));
        assert_eq!(expand("${DIR}/config"), PathBuf::from("/etc/aws/config"));
        assert_eq!(expand("$NOPE/config"), PathBuf::from("$NOPE/config"));
        assert_eq!(expand("a$"), PathBuf::from("a$"));
        assert_eq!(expand("~other/config"), PathBuf::from("~other/config"));
        assert_eq!(expand("relative"), PathBuf::from("relative"));
    }
}
