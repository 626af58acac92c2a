//! The AWS CLI's shorthand syntax (`--tags key=team,value=infra`), a port of `ShorthandParser`
//! in awscli's `shorthand.py`: purely syntactic, it makes one dict of each value, whatever the
//! model says; the model's validator judges the result afterwards. `a=b,c` is `{"a": ["b",
//! "c"]}`, `a=[b,c]` a list, `a={b=c}` a dict, `'...'` and `"..."` quote, `\,` escapes a comma.
//! A syntax error is the AWS CLI's text: what was expected, what was found, and the input with
//! a caret under the place.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::output::python;

/// A value the parser refused, in the AWS CLI's words (without the `Error parsing parameter`
/// prefix, which names the option).
#[derive(Debug, PartialEq, Eq)]
pub struct ParseError(String);

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Python's `str.isspace()` characters, which its `\s` and `str.rstrip()` use.
const PYTHON_SPACE: &str = r"\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}";

/// The character classes of `shorthand.py`, as written there (Python reads `\uffff` as the
/// top of its range: characters beyond the Basic Multilingual Plane are in none of them).
const START_WORD: &str = r"!#-&(-+\--<>-Z\\-z|-\x{ffff}";

static FIRST_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    let follow = format!(r"{PYTHON_SPACE}!#-&(-+\--\\^-|~-\x{{ffff}}");
    Regex::new(&format!(r"^(\\,|[{START_WORD}])(\\,|[{follow}])*")).expect("a valid pattern")
});

static SECOND_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    let follow = format!(r"{PYTHON_SPACE}!#-&(-+\--<>-\x{{ffff}}");
    Regex::new(&format!(r"^(\\,|[{START_WORD}])(\\,|[{follow}])*")).expect("a valid pattern")
});

static SINGLE_QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^'(?:\\\\|\\'|[^'])*'"#).expect("a valid pattern"));

static DOUBLE_QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^"(?:\\\\|\\"|[^"])*""#).expect("a valid pattern"));

/// Parses one shorthand value into a dict.
pub fn parse(input: &str) -> Result<Value, ParseError> {
    Parser { input, index: 0 }.parameter()
}

/// What went wrong, before the input and caret are added.
enum Failure {
    /// `ShorthandParseSyntaxError`: expected, actual, at a byte index.
    Syntax(String, String, usize),
    /// `DuplicateKeyInObjectError`: the key, at a byte index.
    Duplicate(String, usize),
}

struct Parser<'a> {
    input: &'a str,
    /// A byte index into `input`, always on a character boundary.
    index: usize,
}

impl Parser<'_> {
    fn parameter(&mut self) -> Result<Value, ParseError> {
        self.parameter_members()
            .map_err(|failure| self.report(failure))
    }

    fn parameter_members(&mut self) -> Result<Value, Failure> {
        let mut params = Map::new();
        let (key, value) = self.key_value()?;
        params.insert(key, value);
        let mut last_index = self.index;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, value) = self.key_value()?;
            if params.contains_key(&key) {
                return Err(Failure::Duplicate(key, last_index + 1));
            }
            params.insert(key, value);
            last_index = self.index;
        }
        Ok(Value::Object(params))
    }

    /// The input with a caret under `index`, as `_error_location` lays it out: the caret goes
    /// under the line holding the place, before the lines after it.
    fn report(&self, failure: Failure) -> ParseError {
        let (head, index, tail) = match failure {
            Failure::Syntax(expected, actual, index) => (
                format!("Expected: '{expected}', received: '{actual}' for input:"),
                index,
                "",
            ),
            Failure::Duplicate(key, index) => (
                format!("Second instance of key \"{key}\" encountered for input:"),
                index,
                "\nThis is often because there is a preceding \",\" instead of a space.",
            ),
        };
        let index = index.min(self.input.len());
        let before = &self.input[..index];
        let spaces = match before.rfind('\n') {
            Some(newline) => before[newline + 1..].chars().count(),
            None => before.chars().count(),
        };
        let (consumed, remaining) = match self.input[index..].find('\n') {
            Some(newline) => self.input.split_at(index + newline),
            None => (self.input, ""),
        };
        ParseError(format!(
            "{head}\n{consumed}\n{}^{remaining}{tail}",
            " ".repeat(spaces)
        ))
    }

    fn key_value(&mut self) -> Result<(String, Value), Failure> {
        let key = self.key();
        self.expect('=', true)?;
        let value = self.values()?;
        Ok((key, value))
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while let Some(c) = self.current() {
            if !(c.is_ascii_alphanumeric() || "-_.#/:".contains(c)) {
                break;
            }
            self.index += 1;
        }
        self.input[start..self.index].to_string()
    }

    fn values(&mut self) -> Result<Value, Failure> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    /// `a` or `a,b,c`: a list when more than one value follows the `=`, stopping before a
    /// `,next_key=`.
    fn csv_value(&mut self) -> Result<Value, Failure> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.current() != Some(',') {
            return Ok(Value::String(first));
        }
        self.expect(',', true)?;
        let mut list = vec![Value::String(first.clone())];
        loop {
            match self.csv_item() {
                Ok((item, last)) => {
                    list.push(Value::String(item));
                    if last {
                        break;
                    }
                }
                Err(failure) if self.at_eof() => return Err(failure),
                // Not a list item after all but the next `key=`: back to the comma before it.
                Err(_) => {
                    self.backtrack_to(',');
                    break;
                }
            }
        }
        Ok(match list.len() {
            1 => Value::String(first),
            _ => Value::Array(list),
        })
    }

    /// One more item of a csv list, and whether it ends the input; the comma after it is
    /// consumed.
    fn csv_item(&mut self) -> Result<(String, bool), Failure> {
        let item = self.second_value()?;
        self.consume_whitespace();
        if self.at_eof() {
            return Ok((item, true));
        }
        self.expect(',', true)?;
        Ok((item, false))
    }

    fn explicit_list(&mut self) -> Result<Value, Failure> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_values()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        Ok(Value::Array(values))
    }

    fn explicit_values(&mut self) -> Result<Value, Failure> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value().map(Value::String),
        }
    }

    fn hash_literal(&mut self) -> Result<Value, Failure> {
        self.expect('{', true)?;
        let mut map = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.expect('=', true)?;
            let value = self.explicit_values()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            map.insert(key, value);
        }
        self.expect('}', false)?;
        Ok(Value::Object(map))
    }

    // "singled quoted" is the AWS CLI's own spelling of the regex's name, printed in its errors.
    fn first_value(&mut self) -> Result<String, Failure> {
        match self.current() {
            Some('\'') => self.quoted(&SINGLE_QUOTED, "singled quoted", '\''),
            Some('"') => self.quoted(&DOUBLE_QUOTED, "double quoted", '"'),
            _ => Ok(match FIRST_VALUE.find(&self.input[self.index..]) {
                Some(found) => {
                    self.index += found.end();
                    unescape_commas(found.as_str())
                }
                None => String::new(),
            }),
        }
    }

    fn second_value(&mut self) -> Result<String, Failure> {
        match self.current() {
            Some('\'') => self.quoted(&SINGLE_QUOTED, "singled quoted", '\''),
            Some('"') => self.quoted(&DOUBLE_QUOTED, "double quoted", '"'),
            _ => self
                .must_consume(&SECOND_VALUE, "second")
                .map(|found| unescape_commas(&found)),
        }
    }

    fn quoted(&mut self, regex: &Regex, name: &str, quote: char) -> Result<String, Failure> {
        let found = self.must_consume(regex, name)?;
        let inner = &found[1..found.len() - 1];
        Ok(inner
            .replace(&format!("\\{quote}"), &quote.to_string())
            .replace("\\\\", "\\"))
    }

    fn must_consume(&mut self, regex: &Regex, name: &str) -> Result<String, Failure> {
        match regex.find(&self.input[self.index..]) {
            Some(found) => {
                self.index += found.end();
                Ok(found.as_str().to_string())
            }
            None => Err(Failure::Syntax(
                format!("<{name}>"),
                "<none>".to_string(),
                self.index,
            )),
        }
    }

    fn expect(&mut self, wanted: char, consume_whitespace: bool) -> Result<(), Failure> {
        if consume_whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => {
                return Err(Failure::Syntax(
                    wanted.to_string(),
                    "EOF".to_string(),
                    self.index,
                ))
            }
            Some(actual) if actual != wanted => {
                return Err(Failure::Syntax(
                    wanted.to_string(),
                    actual.to_string(),
                    self.index,
                ))
            }
            Some(actual) => self.index += actual.len_utf8(),
        }
        if consume_whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    fn current(&self) -> Option<char> {
        self.input[self.index..].chars().next()
    }

    fn at_eof(&self) -> bool {
        self.index >= self.input.len()
    }

    /// Back to the last `wanted` at or before the current place (an ASCII character, so a
    /// byte search stays on character boundaries).
    fn backtrack_to(&mut self, wanted: char) {
        if self.current() == Some(wanted) {
            return;
        }
        if let Some(found) = self.input[..self.index].rfind(wanted) {
            self.index = found;
        }
    }

    /// Python's `string.whitespace`.
    fn consume_whitespace(&mut self) {
        while let Some(c @ (' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')) = self.current() {
            self.index += c.len_utf8();
        }
    }
}

/// `consumed.replace('\\,', ',').rstrip()`.
fn unescape_commas(found: &str) -> String {
    found
        .replace("\\,", ",")
        .trim_end_matches(python::is_space)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(input: &str) -> Value {
        parse(input).unwrap_or_else(|error| panic!("{input:?}: {error}"))
    }

    fn refused(input: &str) -> String {
        parse(input).expect_err(input).to_string()
    }

    #[test]
    fn values_are_strings_lists_and_dicts() {
        assert_eq!(parsed("key=a,value=b"), json!({"key": "a", "value": "b"}));
        assert_eq!(
            parsed("key=a,value=b,c"),
            json!({"key": "a", "value": ["b", "c"]})
        );
        assert_eq!(
            parsed("key=a,b,value=c"),
            json!({"key": ["a", "b"], "value": "c"})
        );
        assert_eq!(
            parsed("key=a, value=b c "),
            json!({"key": "a", "value": "b c"})
        );
        assert_eq!(parsed("key=[a,{b=c}]"), json!({"key": ["a", {"b": "c"}]}));
        assert_eq!(parsed("key=,value="), json!({"key": "", "value": ""}));
        assert_eq!(parsed(r"key=a\,b"), json!({"key": "a,b"}));
        assert_eq!(
            parsed(r#"key='a,b',value="it\"s""#),
            json!({"key": "a,b", "value": "it\"s"})
        );
        assert_eq!(parsed("key=é\u{3000}"), json!({"key": "é"}));
    }

    /// Each text was printed by AWS CLI 2.9.19 after `Error parsing parameter '--tags': `.
    #[test]
    fn syntax_errors_point_at_the_place() {
        assert_eq!(
            refused("k"),
            "Expected: '=', received: 'EOF' for input:\nk\n ^"
        );
        assert_eq!(
            refused(" key = a , value = b "),
            "Expected: '=', received: 'k' for input:\n key = a , value = b \n ^"
        );
        assert_eq!(
            refused("key=a,value=b,"),
            "Expected: '<second>', received: '<none>' for input:\nkey=a,value=b,\n              ^"
        );
        assert_eq!(
            refused("key=a,\nvalue=b,"),
            "Expected: '<second>', received: '<none>' for input:\nkey=a,\nvalue=b,\n        ^"
        );
        assert_eq!(
            refused("key=a,value=\"b"),
            "Expected: '<double quoted>', received: '<none>' for input:\nkey=a,value=\"b\n            ^"
        );
        assert_eq!(
            refused("key=a,key=b,value=c"),
            "Second instance of key \"key\" encountered for input:\nkey=a,key=b,value=c\n      ^\n\
             This is often because there is a preceding \",\" instead of a space."
        );
    }

    use proptest::prelude::*;

    proptest! {
        /// Any mix of the characters the syntax gives a meaning to: a dict or an error, never a
        /// panic, and an error always shows the input and a caret.
        #[test]
        fn any_input_is_parsed_or_refused_without_a_panic(
            input in proptest::collection::vec(
                proptest::sample::select(vec![
                    "key", "value", "=", ",", " ", "a", "[", "]", "{", "}", "\"", "'", "\\",
                    "\\,", "\n", "\t", "é", "\u{3000}", "\u{1f600}", ":", "#",
                ]),
                0..24,
            ).prop_map(|parts| parts.concat())
        ) {
            match parse(&input) {
                Ok(value) => prop_assert!(value.is_object()),
                Err(error) => prop_assert!(error.to_string().contains('^'), "{error}"),
            }
        }

        /// Plain words read back as they were written.
        #[test]
        fn plain_tags_read_back(key in "[A-Za-z0-9_.:/+@-]{1,20}", value in "[A-Za-z0-9_.:/+@ -]{0,20}") {
            let parsed = parse(&format!("key={key},value={value}")).unwrap();
            prop_assert_eq!(&parsed["key"], &json!(key));
            // Spaces around the value go, as the AWS CLI strips them.
            prop_assert_eq!(&parsed["value"], &json!(value.trim()));
        }
    }
}
