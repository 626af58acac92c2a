//! `--output yaml` and `yaml-stream`, byte for byte as the AWS CLI's ruamel.yaml writes them.
//!
//! The AWS CLI dumps with `YAML(typ='safe')` and `default_flow_style=False`, which on Debian runs
//! ruamel's C emitter, that is libyaml's (emitter.c): block collections, `[]` and `{}` for empty
//! ones, mapping keys sorted (the safe representer sorts them), lines folded at spaces past
//! column 80, and each string plain, 'single-quoted' or "double-quoted" by libyaml's analysis,
//! quoted as well when plain it would read back as something else under ruamel's YAML 1.2
//! resolver (`'111122223333'`, `'2021-04-28T23:13:50.847000+00:00'`, `'true'`, `''`).
//! No YAML crate writes these bytes (each has its own quoting and folding rules), so this is that
//! emitter, for the JSON values a reply holds. A top-level scalar is JSON, as formatter.py does it.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::python::{is_int, number_repr};
use super::text::sorted_keys;

const BEST_WIDTH: usize = 80;
const BEST_INDENT: i64 = 2;

/// `YAMLDumper.dump` of awscli/formatter.py.
pub fn dump(value: &Value, out: &mut String) {
    if !value.is_array() && !value.is_object() {
        // YAML would end a lone scalar with `...`; the AWS CLI prints it as JSON instead.
        out.push_str(&serde_json::to_string(value).expect("a JSON scalar serializes"));
        out.push('\n');
        return;
    }
    let mut emitter = Emitter {
        out,
        column: 0,
        whitespace: true,
        indention: true,
        indent: -1,
    };
    emitter.node(value, Context::Root);
    // Document end: the last line is ended.
    emitter.indent = -1;
    emitter.write_indent();
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Root,
    SequenceItem,
    MappingValue,
    MappingKey,
}

struct Emitter<'a> {
    out: &'a mut String,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: i64,
}

impl Emitter<'_> {
    fn node(&mut self, value: &Value, context: Context) {
        match value {
            Value::Array(items) if items.is_empty() => self.flow_empty("[", "]"),
            Value::Object(map) if map.is_empty() => self.flow_empty("{", "}"),
            Value::Array(items) => {
                let saved = self.indent;
                let indentless = context == Context::MappingValue && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, Context::SequenceItem);
                }
                self.indent = saved;
            }
            Value::Object(map) => {
                let saved = self.indent;
                self.increase_indent(false, false);
                for key in sorted_keys(map) {
                    self.write_indent();
                    self.scalar(key, true, Context::MappingKey);
                    self.write_indicator(":", false, false, false);
                    self.node(&map[key], Context::MappingValue);
                }
                self.indent = saved;
            }
            Value::Null => self.scalar("null", false, context),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, false, context),
            Value::Number(number) => {
                let text = if is_int(number) {
                    number_repr(number)
                } else {
                    float_text(
                        number
                            .to_string()
                            .parse()
                            .expect("a number reads as a float"),
                    )
                };
                self.scalar(&text, false, context)
            }
            Value::String(text) => self.scalar(text, true, context),
        }
    }

    fn flow_empty(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    /// A scalar; `is_str` says whether it stands for a string (which must not read back as
    /// another type) or is the plain text of a null, boolean or number.
    fn scalar(&mut self, text: &str, is_str: bool, context: Context) {
        let simple_key = context == Context::MappingKey;
        let analysis = analyze(text);
        let plain_implicit = !is_str || resolves_to_str(text);
        let mut style = Style::Plain;
        if simple_key && analysis.multiline {
            style = Style::Double;
        }
        if style == Style::Plain
            && (!analysis.block_plain_allowed || (text.is_empty() && simple_key) || !plain_implicit)
        {
            style = Style::Single;
        }
        if style == Style::Single && !analysis.single_quoted_allowed {
            style = Style::Double;
        }
        let saved = self.indent;
        self.increase_indent(true, false);
        let breaks = !simple_key;
        match style {
            Style::Plain => self.write_plain(text, breaks),
            Style::Single => self.write_single_quoted(text, breaks),
            Style::Double => self.write_double_quoted(text, breaks),
        }
        self.indent = saved;
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// A line break in the text: `\n` as the emitter's break, the others as they are.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn write_plain(&mut self, text: &str, allow_breaks: bool) {
        if !self.whitespace && !text.is_empty() {
            self.put(' ');
        }
        let chars: Vec<char> = text.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i != 0
                    && i != chars.len() - 1
                    && !next_is_space
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let escape = match c {
                    '\0' => Some('0'),
                    '\x07' => Some('a'),
                    '\x08' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\x0B' => Some('v'),
                    '\x0C' => Some('f'),
                    '\r' => Some('r'),
                    '\x1B' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{A0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match escape {
                    Some(e) => self.put(e),
                    None => {
                        let code = c as u32;
                        let (letter, width) = if code <= 0xFF {
                            ('x', 2)
                        } else if code <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        for digit in format!("{code:0width$X}").chars() {
                            self.put(digit);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i != 0
                    && i != chars.len() - 1
                {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
}

struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blankz(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c == ' ' || c == '\t' || c == '\0' || is_break(c),
    }
}

/// libyaml's IS_PRINTABLE: what may stand in a scalar as it is.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\x20'..='\x7E' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && c != '\u{FEFF}'
}

/// libyaml's `yaml_emitter_analyze_scalar`, for block context.
fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let mut followed_by_whitespace = is_blankz(chars.get(1).copied());
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                block_indicators = true;
            }
            if (c == '?' || c == ':') && followed_by_whitespace {
                block_indicators = true;
            }
            if c == '-' && followed_by_whitespace {
                block_indicators = true;
            }
        } else {
            if c == ':' && followed_by_whitespace {
                block_indicators = true;
            }
            if c == '#' && preceded_by_whitespace {
                block_indicators = true;
            }
        }
        // The AWS CLI allows unicode, so only what is not printable is special.
        if !is_printable(c) {
            special = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= i == 0;
            trailing_break |= i == last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(Some(c));
        followed_by_whitespace = is_blankz(chars.get(i + 2).copied());
    }
    let mut block_plain_allowed = true;
    let mut single_quoted_allowed = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        block_plain_allowed = false;
    }
    if break_space {
        block_plain_allowed = false;
        single_quoted_allowed = false;
    }
    if space_break || special {
        block_plain_allowed = false;
        single_quoted_allowed = false;
    }
    if line_breaks || block_indicators {
        block_plain_allowed = false;
    }
    Analysis {
        multiline: line_breaks,
        block_plain_allowed,
        single_quoted_allowed,
    }
}

/// Whether ruamel's YAML 1.2 resolver reads `text`, written plain, back as a string: each of its
/// implicit resolvers applies only to values starting with one of its characters.
fn resolves_to_str(text: &str) -> bool {
    static BOOL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:true|True|TRUE|false|False|FALSE)$").unwrap());
    static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?",
            r"|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)",
            r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?",
            r"|[-+]?\.(?:inf|Inf|INF)",
            r"|\.(?:nan|NaN|NAN))$"
        ))
        .unwrap()
    });
    static INT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
            .unwrap()
    });
    static NULL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:~|null|Null|NULL|)$").unwrap());
    static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]",
            r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?",
            r"(?:[Tt]|[ \t]+)[0-9][0-9]?",
            r":[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?",
            r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"
        ))
        .unwrap()
    });
    // Python's `$` also matches before a final newline.
    let body = text.strip_suffix('\n').unwrap_or(text);
    let first = text.chars().next();
    let starts = |set: &str| first.is_some_and(|c| set.contains(c));
    let non_str = (starts("tTfF") && BOOL.is_match(body))
        || (starts("-+0123456789.") && FLOAT.is_match(body))
        || (starts("-+0123456789") && INT.is_match(body))
        || (text == "<<")
        || ((text.is_empty() || starts("~nN")) && NULL.is_match(body))
        || (starts("0123456789") && TIMESTAMP.is_match(body))
        || (text == "=")
        || (starts("!&*") && text.chars().count() == 1);
    !non_str
}

/// ruamel's `represent_float`: Python's repr, lower-cased, with YAML's names for the specials.
fn float_text(float: f64) -> String {
    if float.is_nan() {
        ".nan".to_string()
    } else if float.is_infinite() {
        if float > 0.0 { ".inf" } else { "-.inf" }.to_string()
    } else {
        super::python::float_repr(float).to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    // The AWS CLI's own output for tricky values is checked in output/mod.rs (vectors.json).
    use super::*;

    #[test]
    fn strings_that_would_read_back_as_another_type_are_quoted() {
        for (text, is_str) in [
            ("PENDING", true),
            ("111122223333", false),
            ("2021-04-28T23:13:50.847000+00:00", false),
            ("2021-04-28", false),
            ("", false),
            ("yes", true),
            ("True", false),
            ("~", false),
            ("1_000", false),
            ("0o17", false),
            (".inf", false),
            ("1e3", false),
            ("abcdef01234567890", true),
            ("0123456789abcdef0", true),
        ] {
            assert_eq!(resolves_to_str(text), is_str, "{text:?}");
        }
    }
}
