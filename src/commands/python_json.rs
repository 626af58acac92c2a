//! Python's `json.loads`, as the AWS CLI reads a JSON option value (`--tags '[{...}]'`): the
//! same values and, above all, the same error texts (`Expecting ',' delimiter: line 1 column 25
//! (char 24)`), which the AWS CLI prints to the user. A port of the rules of CPython 3.11's
//! `_json` scanner, the one the AWS CLI runs; positions count characters, as Python's do.
//!
//! Two things a Rust value can't hold are refused or changed: `NaN`, `Infinity` and floats too
//! large for a double are refused with an error of our own (Python keeps them and its validator
//! names them), and lone surrogates become U+FFFD.

use serde_json::{Map, Number, Value};

/// Deeper nesting is refused rather than risking the stack (Python's own limit is near 1000).
const MAX_DEPTH: usize = 500;

/// Why `json.loads` refused a document: Python's message, with its position.
#[derive(Debug, PartialEq, Eq)]
pub struct DecodeError(String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `json.loads(text)`.
pub fn loads(text: &str) -> Result<Value, DecodeError> {
    let chars: Vec<char> = text.chars().collect();
    let mut decoder = Decoder {
        chars: &chars,
        depth: 0,
        unsupported: None,
    };
    let start = decoder.skip_whitespace(0);
    let (value, end) = decoder.scan(start).map_err(|error| decoder.error(error))?;
    let end = decoder.skip_whitespace(end);
    if end != chars.len() {
        return Err(decoder.error(Failure::At("Extra data", end)));
    }
    match decoder.unsupported {
        Some(message) => Err(DecodeError(message)),
        None => Ok(value),
    }
}

enum Failure {
    /// Python's `JSONDecodeError(message, doc, position)`.
    At(&'static str, usize),
    /// Python's `StopIteration(position)`: no value starts there.
    NoValue(usize),
    /// A value Python keeps and serde_json can't.
    Unsupported(String),
}

struct Decoder<'a> {
    chars: &'a [char],
    depth: usize,
    /// The first value read that Python keeps and a Rust value can't; reported only when the
    /// whole document reads, so that a syntax error after it is still Python's message.
    unsupported: Option<String>,
}

impl Decoder<'_> {
    fn error(&self, failure: Failure) -> DecodeError {
        let (message, position) = match failure {
            Failure::At(message, position) => (message, position),
            Failure::NoValue(position) => ("Expecting value", position),
            Failure::Unsupported(message) => return DecodeError(message),
        };
        let before = &self.chars[..position.min(self.chars.len())];
        let line = before.iter().filter(|c| **c == '\n').count() + 1;
        let column = match before.iter().rposition(|c| *c == '\n') {
            Some(newline) => position - newline,
            None => position + 1,
        };
        DecodeError(format!(
            "{message}: line {line} column {column} (char {position})"
        ))
    }

    fn at(&self, index: usize) -> Option<char> {
        self.chars.get(index).copied()
    }

    fn skip_whitespace(&self, mut index: usize) -> usize {
        while matches!(self.at(index), Some(' ' | '\t' | '\n' | '\r')) {
            index += 1;
        }
        index
    }

    fn starts_with(&self, index: usize, word: &str) -> bool {
        let word: Vec<char> = word.chars().collect();
        self.chars.get(index..index + word.len()) == Some(&word[..])
    }

    /// `scan_once`: the value that starts at `index`, and the index after it.
    fn scan(&mut self, index: usize) -> Result<(Value, usize), Failure> {
        let Some(first) = self.at(index) else {
            return Err(Failure::NoValue(index));
        };
        match first {
            '"' => {
                let (text, end) = self.string(index + 1)?;
                return Ok((Value::String(text), end));
            }
            '{' | '[' => {
                if self.depth == MAX_DEPTH {
                    return Err(Failure::Unsupported(format!(
                        "nesting deeper than {MAX_DEPTH} levels"
                    )));
                }
                self.depth += 1;
                let scanned = if first == '{' {
                    self.object(index + 1)
                } else {
                    self.array(index + 1)
                };
                self.depth -= 1;
                return scanned;
            }
            _ => {}
        }
        for (word, value) in [
            ("null", Value::Null),
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
        ] {
            if self.starts_with(index, word) {
                return Ok((value, index + word.len()));
            }
        }
        for word in ["NaN", "Infinity", "-Infinity"] {
            if self.starts_with(index, word) {
                self.unsupported.get_or_insert_with(|| {
                    format!(
                        "{word} is not a value proton-local can take; give a string or a number"
                    )
                });
                return Ok((Value::Null, index + word.len()));
            }
        }
        self.number(index)
    }

    /// `_match_number_unicode`.
    fn number(&mut self, start: usize) -> Result<(Value, usize), Failure> {
        let digit = |index: usize| self.at(index).is_some_and(|c| c.is_ascii_digit());
        let mut index = start;
        if self.at(index) == Some('-') {
            index += 1;
        }
        match self.at(index) {
            Some('1'..='9') => {
                while digit(index) {
                    index += 1;
                }
            }
            Some('0') => index += 1,
            _ => return Err(Failure::NoValue(start)),
        }
        let mut float = false;
        if self.at(index) == Some('.') && digit(index + 1) {
            float = true;
            index += 2;
            while digit(index) {
                index += 1;
            }
        }
        if matches!(self.at(index), Some('e' | 'E')) && index + 1 < self.chars.len() {
            let exponent = index;
            index += 1;
            if matches!(self.at(index), Some('-' | '+')) && index + 1 < self.chars.len() {
                index += 1;
            }
            while digit(index) {
                index += 1;
            }
            if digit(index - 1) {
                float = true;
            } else {
                index = exponent;
            }
        }
        let text: String = self.chars[start..index].iter().collect();
        // A whole number keeps all its digits, as Python's int does; a float is Python's float.
        let number = if float {
            text.parse::<f64>().ok().and_then(Number::from_f64)
        } else {
            // `-0` is Python's 0; beyond 64 bits, the digits as written.
            text.parse::<i64>()
                .map(Number::from)
                .or_else(|_| text.parse::<u64>().map(Number::from))
                .or_else(|_| text.parse::<Number>())
                .ok()
        };
        match number {
            Some(number) => Ok((Value::Number(number), index)),
            None => {
                self.unsupported.get_or_insert_with(|| {
                    format!(
                        "the number {text} is beyond what proton-local can take (a double's range)"
                    )
                });
                Ok((Value::Null, index))
            }
        }
    }

    /// `scanstring_unicode`, strict: `begin` is the index after the opening quote.
    fn string(&self, begin: usize) -> Result<(String, usize), Failure> {
        let unterminated = Failure::At("Unterminated string starting at", begin - 1);
        let mut out = String::new();
        let mut index = begin;
        loop {
            let Some(c) = self.at(index) else {
                return Err(unterminated);
            };
            index += 1;
            match c {
                '"' => return Ok((out, index)),
                '\\' => {}
                c if c <= '\u{1f}' => {
                    return Err(Failure::At("Invalid control character at", index - 1))
                }
                c => {
                    out.push(c);
                    continue;
                }
            }
            let Some(escape) = self.at(index) else {
                return Err(unterminated);
            };
            if escape != 'u' {
                index += 1;
                out.push(match escape {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => return Err(Failure::At("Invalid \\escape", index - 2)),
                });
                continue;
            }
            index += 1;
            let mut end = index + 4;
            if end >= self.chars.len() {
                return Err(Failure::At("Invalid \\uXXXX escape", index - 1));
            }
            let mut code = self.hex4(index, end)?;
            index = end;
            if (0xd800..0xdc00).contains(&code)
                && end + 6 < self.chars.len()
                && self.at(index) == Some('\\')
                && self.at(index + 1) == Some('u')
            {
                end += 6;
                let low = self.hex4(index + 2, end)?;
                if (0xdc00..0xe000).contains(&low) {
                    code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                    index = end;
                }
            }
            out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
    }

    /// Four hex digits ending at `end`; Python reports a bad one at `end - 5`.
    fn hex4(&self, start: usize, end: usize) -> Result<u32, Failure> {
        self.chars[start..end].iter().try_fold(0, |code, c| {
            c.to_digit(16)
                .map(|digit| code << 4 | digit)
                .ok_or(Failure::At("Invalid \\uXXXX escape", end - 5))
        })
    }

    /// `_parse_object_unicode`: `index` is after the `{`.
    fn object(&mut self, index: usize) -> Result<(Value, usize), Failure> {
        let mut map = Map::new();
        let mut index = self.skip_whitespace(index);
        if self.at(index) == Some('}') {
            return Ok((Value::Object(map), index + 1));
        }
        loop {
            if self.at(index) != Some('"') {
                return Err(Failure::At(
                    "Expecting property name enclosed in double quotes",
                    index,
                ));
            }
            let (key, end) = self.string(index + 1)?;
            index = self.skip_whitespace(end);
            if self.at(index) != Some(':') {
                return Err(Failure::At("Expecting ':' delimiter", index));
            }
            index = self.skip_whitespace(index + 1);
            let (value, end) = self.scan(index)?;
            map.insert(key, value);
            index = self.skip_whitespace(end);
            match self.at(index) {
                Some('}') => return Ok((Value::Object(map), index + 1)),
                Some(',') => index = self.skip_whitespace(index + 1),
                _ => return Err(Failure::At("Expecting ',' delimiter", index)),
            }
        }
    }

    /// `_parse_array_unicode`: `index` is after the `[`.
    fn array(&mut self, index: usize) -> Result<(Value, usize), Failure> {
        let mut items = Vec::new();
        let mut index = self.skip_whitespace(index);
        if self.at(index) == Some(']') {
            return Ok((Value::Array(items), index + 1));
        }
        loop {
            let (value, end) = self.scan(index)?;
            items.push(value);
            index = self.skip_whitespace(end);
            match self.at(index) {
                Some(']') => return Ok((Value::Array(items), index + 1)),
                Some(',') => index = self.skip_whitespace(index + 1),
                _ => return Err(Failure::At("Expecting ',' delimiter", index)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_as_python_reads_them() {
        assert_eq!(
            loads(" [{\"key\": \"a\", \"value\": \"\\u00e9\\ud83d\\ude00\"}, 1, -0, 1.5e2, true, null] ")
                .unwrap(),
            json!([{"key": "a", "value": "é😀"}, 1, 0, 150.0, true, null])
        );
        // A later duplicate key wins and keeps the first one's place.
        assert_eq!(
            loads(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap().to_string(),
            r#"{"a":3,"b":2}"#
        );
        assert_eq!(loads(r#""\ud800x""#).unwrap(), json!("\u{fffd}x"));
        // Whole numbers of any size stay whole.
        assert_eq!(
            loads("[100000000000000000000]").unwrap().to_string(),
            "[100000000000000000000]"
        );
        // `1e` is the number 1 followed by extra data, as Python backtracks.
        assert_eq!(
            loads("1e").unwrap_err().to_string(),
            "Extra data: line 1 column 2 (char 1)"
        );
    }

    /// Each message was printed by `python3 -c 'import json; json.loads(...)'` (CPython 3.11).
    #[test]
    fn errors_are_pythons() {
        for (document, message) in [
            ("", "Expecting value: line 1 column 1 (char 0)"),
            ("[x", "Expecting value: line 1 column 2 (char 1)"),
            ("[", "Expecting value: line 1 column 2 (char 1)"),
            (
                "{",
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            ),
            (
                r#"[{"key":"a","value":"b"}"#,
                "Expecting ',' delimiter: line 1 column 25 (char 24)",
            ),
            (
                r#"{"key":"a","value":"b",}"#,
                "Expecting property name enclosed in double quotes: line 1 column 24 (char 23)",
            ),
            (
                r#"{"a" 1}"#,
                "Expecting ':' delimiter: line 1 column 6 (char 5)",
            ),
            (r#"{"a":}"#, "Expecting value: line 1 column 6 (char 5)"),
            ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
            ("[1] x", "Extra data: line 1 column 5 (char 4)"),
            (
                "[\n  1\n  2]",
                "Expecting ',' delimiter: line 3 column 3 (char 8)",
            ),
            (
                r#"["ab"#,
                "Unterminated string starting at: line 1 column 2 (char 1)",
            ),
            (
                r#"["a\"#,
                "Unterminated string starting at: line 1 column 2 (char 1)",
            ),
            (
                "[\"a\tb\"]",
                "Invalid control character at: line 1 column 4 (char 3)",
            ),
            (r#"["a\x"]"#, "Invalid \\escape: line 1 column 4 (char 3)"),
            (
                r#"["\u12"]"#,
                "Invalid \\uXXXX escape: line 1 column 4 (char 3)",
            ),
            (
                r#"["\u12x4"]"#,
                "Invalid \\uXXXX escape: line 1 column 4 (char 3)",
            ),
            (
                r#""\u1234"#,
                "Invalid \\uXXXX escape: line 1 column 3 (char 2)",
            ),
            ("[-]", "Expecting value: line 1 column 2 (char 1)"),
            ("[01]", "Expecting ',' delimiter: line 1 column 3 (char 2)"),
            ("[1.]", "Expecting ',' delimiter: line 1 column 3 (char 2)"),
            ("[tru]", "Expecting value: line 1 column 2 (char 1)"),
            ("[1E+]", "Expecting ',' delimiter: line 1 column 3 (char 2)"),
            ("[\"é\", x]", "Expecting value: line 1 column 7 (char 6)"),
        ] {
            assert_eq!(
                loads(document).unwrap_err().to_string(),
                message,
                "{document:?}"
            );
        }
    }

    #[test]
    fn what_a_rust_value_cannot_hold_is_refused() {
        for document in ["[NaN]", "[-Infinity]", "[1e400]"] {
            assert!(loads(document).is_err(), "{document}");
        }
        assert!(loads(&"[".repeat(10_000)).is_err());
        // A syntax error after such a value is still Python's.
        assert_eq!(
            loads("[Infinity").unwrap_err().to_string(),
            "Expecting ',' delimiter: line 1 column 10 (char 9)"
        );
    }

    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e300f64..1e300).prop_map(Value::from),
            ".{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::vec(("[a-z]{0,3}", inner), 0..4)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// What serde_json writes, compact or pretty, reads back the same.
        #[test]
        fn json_reads_back(value in json_value()) {
            prop_assert_eq!(loads(&value.to_string()).unwrap(), value.clone());
            prop_assert_eq!(loads(&serde_json::to_string_pretty(&value).unwrap()).unwrap(), value);
        }

        /// Any text is a value or an error with a position: never a panic.
        #[test]
        fn any_text_is_read_or_refused_without_a_panic(text in "[\\[\\]{}\",:0-9eE.+\\-a-z\\\\ \n\u{e9}]{0,24}") {
            if let Err(error) = loads(&text) {
                let error = error.to_string();
                prop_assert!(error.contains("(char ") || error.contains("proton-local"), "{}", error);
            }
        }
    }
}
