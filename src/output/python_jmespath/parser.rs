//! Python jmespath 1.0's lexer and parser (jmespath/lexer.py, parser.py, ast.py): the tree that
//! library builds for an expression, or its message for a malformed one, which the AWS CLI prints
//! after `Bad value for --query EXPR: `.

use std::rc::Rc;

use serde_json::Value;

use super::value::Py;
use crate::output::python::str_any;

#[derive(Debug, Clone)]
struct Token {
    kind: &'static str,
    /// `str()` of the token's value, as the error message shows it.
    value: String,
    start: usize,
    /// What a literal token stands for (boxed: errors carry tokens, and should stay small).
    literal: Option<Box<Py>>,
}

/// The nodes of jmespath/ast.py.
#[derive(Debug, Clone)]
pub enum Ast {
    Comparator(Comparator, Box<Ast>, Box<Ast>),
    Current,
    Expref(Rc<Ast>),
    Function(String, Vec<Ast>),
    Field(String),
    FilterProjection {
        left: Box<Ast>,
        right: Box<Ast>,
        condition: Box<Ast>,
    },
    Flatten(Box<Ast>),
    Identity,
    /// Python's int, which may be larger than any index: such an index finds nothing.
    Index(i64),
    IndexExpression(Vec<Ast>),
    Literal(Py),
    MultiSelectDict(Vec<(String, Ast)>),
    MultiSelectList(Vec<Ast>),
    Or(Box<Ast>, Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Not(Box<Ast>),
    Pipe(Box<Ast>, Box<Ast>),
    Projection(Box<Ast>, Box<Ast>),
    Subexpression(Vec<Ast>),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    ValueProjection(Box<Ast>, Box<Ast>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Comparator {
    Eq,
    Ne,
    Lt,
    Gt,
    Lte,
    Gte,
}

/// Python jmespath's `compile(expression)`: the tree, or the message it raises.
pub fn parse(expression: &str) -> Result<Ast, String> {
    if expression.is_empty() {
        return Err("Invalid JMESPath expression: cannot be empty.".to_string());
    }
    let chars: Vec<char> = expression.chars().collect();
    let tokens = match tokenize(&chars) {
        Ok(tokens) => tokens,
        Err(LexError { position, message }) => {
            return Err(format!(
                "Bad jmespath expression: {message}:\n{expression}\n{}^",
                " ".repeat(position)
            ))
        }
    };
    let mut parser = Parser { tokens, index: 0 };
    let result = parser
        .expression(0)
        .and_then(|ast| match parser.current()? {
            "eof" => Ok(ast),
            _ => {
                let t = parser.token(0)?;
                Err(Error::Parse {
                    message: format!("Unexpected token: {}", t.value),
                    token: t,
                })
            }
        });
    result.map_err(|err| match err {
        Error::Incomplete => format!(
            "Invalid jmespath expression: Incomplete expression:\n\"{expression}\"\n{}^",
            " ".repeat(chars.len() + 1)
        ),
        Error::Parse { message, token } => format!(
            "{message}: Parse error at column {}, token \"{}\" ({}), for expression:\n\"{expression}\"\n{}^",
            token.start,
            token.value,
            token.kind.to_uppercase(),
            " ".repeat(token.start + 1)
        ),
        Error::Other(message) => message,
    })
}

struct LexError {
    position: usize,
    message: String,
}

fn simple_token(c: char) -> Option<&'static str> {
    Some(match c {
        '.' => "dot",
        '*' => "star",
        ']' => "rbracket",
        ',' => "comma",
        ':' => "colon",
        '@' => "current",
        '(' => "lparen",
        ')' => "rparen",
        '{' => "lbrace",
        '}' => "rbrace",
        _ => return None,
    })
}

fn tokenize(chars: &[char]) -> Result<Vec<Token>, LexError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    let token = |kind, value: &str, start| Token {
        kind,
        value: value.to_string(),
        start,
        literal: None,
    };
    while i < chars.len() {
        let c = chars[i];
        if let Some(kind) = simple_token(c) {
            tokens.push(token(kind, &c.to_string(), i));
            i += 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            tokens.push(token("unquoted_identifier", &text, start));
        } else if " \t\n\r".contains(c) {
            i += 1;
        } else if c == '[' {
            let start = i;
            match chars.get(i + 1) {
                Some(']') => {
                    tokens.push(token("flatten", "[]", start));
                    i += 2;
                }
                Some('?') => {
                    tokens.push(token("filter", "[?", start));
                    i += 2;
                }
                _ => {
                    tokens.push(token("lbracket", "[", start));
                    i += 1;
                }
            }
        } else if c == '\'' {
            let start = i;
            let lexeme = consume_until(chars, &mut i, '\'')?.replace("\\'", "'");
            tokens.push(Token {
                literal: Some(Box::new(Py::Str(lexeme.clone()))),
                ..token("literal", &lexeme, start)
            });
        } else if c == '|' || c == '&' || c == '<' || c == '>' || c == '!' {
            let (expected, matched, other) = match c {
                '|' => ('|', "or", "pipe"),
                '&' => ('&', "and", "expref"),
                '<' => ('=', "lte", "lt"),
                '>' => ('=', "gte", "gt"),
                _ => ('=', "ne", "not"),
            };
            let start = i;
            if chars.get(i + 1) == Some(&expected) {
                tokens.push(token(matched, &format!("{c}{expected}"), start));
                i += 2;
            } else {
                tokens.push(token(other, &c.to_string(), start));
                i += 1;
            }
        } else if c == '`' {
            let start = i;
            let lexeme = consume_until(chars, &mut i, '`')?.replace("\\`", "`");
            let value = match serde_json::from_str::<Value>(&lexeme) {
                Ok(value) => value,
                Err(_) => {
                    match serde_json::from_str::<Value>(&format!("\"{}\"", lexeme.trim_start())) {
                        Ok(value) => value,
                        Err(_) => {
                            return Err(LexError {
                                position: start,
                                message: format!("Bad token {lexeme}"),
                            })
                        }
                    }
                }
            };
            tokens.push(Token {
                literal: Some(Box::new(Py::from_json(&value))),
                ..token("literal", &str_any(&value), start)
            });
        } else if c.is_ascii_digit() || c == '-' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            if text == "-" {
                return Err(LexError {
                    position: start,
                    message: "Unknown token '-'".to_string(),
                });
            }
            let value = text.trim_start_matches('-').trim_start_matches('0');
            let value = match (text.starts_with('-'), value.is_empty()) {
                (_, true) => "0".to_string(),
                (true, false) => format!("-{value}"),
                (false, false) => value.to_string(),
            };
            tokens.push(token("number", &value, start));
        } else if c == '"' {
            let start = i;
            let lexeme = format!("\"{}\"", consume_until(chars, &mut i, '"')?);
            match serde_json::from_str::<Value>(&lexeme) {
                Ok(value) => tokens.push(token("quoted_identifier", &str_any(&value), start)),
                Err(err) => {
                    return Err(LexError {
                        position: start,
                        message: json_error_kind(&err, &lexeme),
                    })
                }
            }
        } else if c == '=' {
            if chars.get(i + 1) == Some(&'=') {
                tokens.push(token("eq", "==", i));
                i += 2;
            } else {
                return Err(LexError {
                    position: i,
                    message: "Unknown token '='".to_string(),
                });
            }
        } else {
            return Err(LexError {
                position: i,
                message: format!("Unknown token {c}"),
            });
        }
    }
    tokens.push(token("eof", "", chars.len()));
    Ok(tokens)
}

/// The text from after the delimiter at `*i` to the next unescaped one; `*i` ends past it.
fn consume_until(chars: &[char], i: &mut usize, delimiter: char) -> Result<String, LexError> {
    let start = *i;
    let mut buff = String::new();
    *i += 1;
    loop {
        let mut current = chars.get(*i).copied();
        if current == Some(delimiter) {
            break;
        }
        if current == Some('\\') {
            buff.push('\\');
            *i += 1;
            current = chars.get(*i).copied();
        }
        let Some(c) = current else {
            return Err(LexError {
                position: start,
                message: format!("Unclosed {delimiter} delimiter"),
            });
        };
        buff.push(c);
        *i += 1;
    }
    *i += 1;
    Ok(buff)
}

/// The first words of Python's json error for a bad quoted identifier.
fn json_error_kind(err: &serde_json::Error, lexeme: &str) -> String {
    let message = err.to_string();
    if message.contains("control character") {
        "Invalid control character at".to_string()
    } else if message.contains("escape") {
        "Invalid \\escape".to_string()
    } else if lexeme.len() < 2 {
        "Unterminated string starting at".to_string()
    } else {
        "Expecting value".to_string()
    }
}

enum Error {
    Incomplete,
    Parse {
        message: String,
        token: Token,
    },
    /// Not a parse error but another Python exception, such as an index past the tokens.
    Other(String),
}

fn binding_power(kind: &str) -> u8 {
    match kind {
        "pipe" => 1,
        "or" => 2,
        "and" => 3,
        "eq" | "gt" | "lt" | "gte" | "lte" | "ne" => 5,
        "flatten" => 9,
        "star" => 20,
        "filter" => 21,
        "dot" => 40,
        "not" => 45,
        "lbrace" => 50,
        "lbracket" => 55,
        "lparen" => 60,
        _ => 0,
    }
}

const PROJECTION_STOP: u8 = 10;

struct Parser {
    tokens: Vec<Token>,
    index: usize,
}

type Parsed = Result<Ast, Error>;

impl Parser {
    fn token(&self, offset: isize) -> Result<Token, Error> {
        let at = self.index as isize + offset;
        // Python lists read a negative index from the end.
        let at = if at < 0 {
            self.tokens.len() as isize + at
        } else {
            at
        };
        self.tokens
            .get(at as usize)
            .cloned()
            .ok_or_else(|| Error::Other("list index out of range".to_string()))
    }

    fn current(&self) -> Result<&'static str, Error> {
        Ok(self.token(0)?.kind)
    }

    fn lookahead(&self, offset: isize) -> Result<&'static str, Error> {
        Ok(self.token(offset)?.kind)
    }

    fn advance(&mut self) {
        self.index += 1;
    }

    fn parse_error(&self, token: Token, message: &str) -> Error {
        Error::Parse {
            message: message.to_string(),
            token,
        }
    }

    fn error_maybe_eof(&self, expected: &str) -> Error {
        match self.token(0) {
            Ok(token) if token.kind == "eof" => Error::Incomplete,
            Ok(token) => {
                let message = format!("Expecting: {expected}, got: {}", token.kind);
                Error::Parse { message, token }
            }
            Err(err) => err,
        }
    }

    fn matches(&mut self, kind: &str) -> Result<(), Error> {
        if self.current()? == kind {
            self.advance();
            Ok(())
        } else {
            Err(self.error_maybe_eof(kind))
        }
    }

    fn expression(&mut self, power: u8) -> Parsed {
        let left_token = self.token(0)?;
        self.advance();
        let mut left = self.nud(left_token)?;
        let mut current = self.current()?;
        while power < binding_power(current) {
            self.advance();
            left = self.led(current, left)?;
            current = self.current()?;
        }
        Ok(left)
    }

    fn nud(&mut self, token: Token) -> Parsed {
        match token.kind {
            "literal" => Ok(Ast::Literal(*token.literal.expect("a literal has a value"))),
            "current" => Ok(Ast::Current),
            "unquoted_identifier" => Ok(Ast::Field(token.value)),
            "quoted_identifier" => {
                if self.current()? == "lparen" {
                    let mut t = self.token(0)?;
                    // Python reports this one at column 0.
                    t.start = 0;
                    return Err(
                        self.parse_error(t, "Quoted identifier not allowed for function names.")
                    );
                }
                Ok(Ast::Field(token.value))
            }
            "star" => {
                let right = if self.current()? == "rbracket" {
                    Ast::Identity
                } else {
                    self.projection_rhs(binding_power("star"))?
                };
                Ok(Ast::ValueProjection(
                    Box::new(Ast::Identity),
                    Box::new(right),
                ))
            }
            "filter" => self.led_filter(Ast::Identity),
            "lbrace" => self.multi_select_hash(),
            "lparen" => {
                let expression = self.expression(0)?;
                self.matches("rparen")?;
                Ok(expression)
            }
            "flatten" => {
                let left = Ast::Flatten(Box::new(Ast::Identity));
                let right = self.projection_rhs(binding_power("flatten"))?;
                Ok(Ast::Projection(Box::new(left), Box::new(right)))
            }
            "not" => Ok(Ast::Not(Box::new(self.expression(binding_power("not"))?))),
            "lbracket" => {
                let current = self.current()?;
                if current == "number" || current == "colon" {
                    let right = self.index_expression()?;
                    self.project_if_slice(Ast::Identity, right)
                } else if current == "star" && self.lookahead(1)? == "rbracket" {
                    self.advance();
                    self.advance();
                    let right = self.projection_rhs(binding_power("star"))?;
                    Ok(Ast::Projection(Box::new(Ast::Identity), Box::new(right)))
                } else {
                    self.multi_select_list()
                }
            }
            "expref" => {
                let expression = self.expression(binding_power("expref"))?;
                Ok(Ast::Expref(Rc::new(expression)))
            }
            "eof" => Err(Error::Incomplete),
            _ => Err(self.parse_error(token, "invalid token")),
        }
    }

    fn led(&mut self, kind: &'static str, left: Ast) -> Parsed {
        let comparator = match kind {
            "eq" => Some(Comparator::Eq),
            "ne" => Some(Comparator::Ne),
            "lt" => Some(Comparator::Lt),
            "gt" => Some(Comparator::Gt),
            "lte" => Some(Comparator::Lte),
            "gte" => Some(Comparator::Gte),
            _ => None,
        };
        if let Some(comparator) = comparator {
            let right = self.expression(binding_power(kind))?;
            return Ok(Ast::Comparator(comparator, Box::new(left), Box::new(right)));
        }
        match kind {
            "dot" => {
                if self.current()? != "star" {
                    let right = self.dot_rhs(binding_power("dot"))?;
                    Ok(match left {
                        Ast::Subexpression(mut children) => {
                            children.push(right);
                            Ast::Subexpression(children)
                        }
                        left => Ast::Subexpression(vec![left, right]),
                    })
                } else {
                    self.advance();
                    let right = self.projection_rhs(binding_power("dot"))?;
                    Ok(Ast::ValueProjection(Box::new(left), Box::new(right)))
                }
            }
            "pipe" => {
                let right = self.expression(binding_power("pipe"))?;
                Ok(Ast::Pipe(Box::new(left), Box::new(right)))
            }
            "or" => {
                let right = self.expression(binding_power("or"))?;
                Ok(Ast::Or(Box::new(left), Box::new(right)))
            }
            "and" => {
                let right = self.expression(binding_power("and"))?;
                Ok(Ast::And(Box::new(left), Box::new(right)))
            }
            "lparen" => {
                let Ast::Field(name) = left else {
                    let t = self.token(-2)?;
                    let message = format!("Invalid function name '{}'", t.value);
                    return Err(self.parse_error(t, &message));
                };
                let mut args = Vec::new();
                while self.current()? != "rparen" {
                    let expression = self.expression(0)?;
                    if self.current()? == "comma" {
                        self.matches("comma")?;
                    }
                    args.push(expression);
                }
                self.matches("rparen")?;
                Ok(Ast::Function(name, args))
            }
            "filter" => self.led_filter(left),
            "flatten" => {
                let left = Ast::Flatten(Box::new(left));
                let right = self.projection_rhs(binding_power("flatten"))?;
                Ok(Ast::Projection(Box::new(left), Box::new(right)))
            }
            "lbracket" => {
                let token = self.token(0)?;
                if token.kind == "number" || token.kind == "colon" {
                    let right = self.index_expression()?;
                    match left {
                        Ast::IndexExpression(mut children) => {
                            children.push(right);
                            Ok(Ast::IndexExpression(children))
                        }
                        left => self.project_if_slice(left, right),
                    }
                } else {
                    self.matches("star")?;
                    self.matches("rbracket")?;
                    let right = self.projection_rhs(binding_power("star"))?;
                    Ok(Ast::Projection(Box::new(left), Box::new(right)))
                }
            }
            // A token with a binding power but no led: `_error_led_token`.
            _ => {
                // The token was taken already; the error names it.
                self.index -= 1;
                let t = self.token(0)?;
                Err(self.parse_error(t, "invalid token"))
            }
        }
    }

    fn led_filter(&mut self, left: Ast) -> Parsed {
        let condition = self.expression(0)?;
        self.matches("rbracket")?;
        let right = if self.current()? == "flatten" {
            Ast::Identity
        } else {
            self.projection_rhs(binding_power("filter"))?
        };
        Ok(Ast::FilterProjection {
            left: Box::new(left),
            right: Box::new(right),
            condition: Box::new(condition),
        })
    }

    fn index_expression(&mut self) -> Parsed {
        if self.lookahead(0)? == "colon" || self.lookahead(1)? == "colon" {
            self.slice_expression()
        } else {
            let index = number_value(&self.token(0)?);
            self.advance();
            self.matches("rbracket")?;
            Ok(Ast::Index(index))
        }
    }

    fn slice_expression(&mut self) -> Parsed {
        let mut parts = [None, None, None];
        let mut index = 0;
        let mut current = self.current()?;
        while current != "rbracket" && index < 3 {
            if current == "colon" {
                index += 1;
                if index == 3 {
                    let t = self.token(0)?;
                    return Err(self.parse_error(t, "syntax error"));
                }
                self.advance();
            } else if current == "number" {
                parts[index] = Some(number_value(&self.token(0)?));
                self.advance();
            } else {
                let t = self.token(0)?;
                return Err(self.parse_error(t, "syntax error"));
            }
            current = self.current()?;
        }
        self.matches("rbracket")?;
        let [start, stop, step] = parts;
        Ok(Ast::Slice(start, stop, step))
    }

    fn project_if_slice(&mut self, left: Ast, right: Ast) -> Parsed {
        let is_slice = matches!(right, Ast::Slice(..));
        let index_expression = Ast::IndexExpression(vec![left, right]);
        if is_slice {
            let right = self.projection_rhs(binding_power("star"))?;
            Ok(Ast::Projection(Box::new(index_expression), Box::new(right)))
        } else {
            Ok(index_expression)
        }
    }

    fn multi_select_list(&mut self) -> Parsed {
        let mut expressions = Vec::new();
        loop {
            expressions.push(self.expression(0)?);
            if self.current()? == "rbracket" {
                break;
            }
            self.matches("comma")?;
        }
        self.matches("rbracket")?;
        Ok(Ast::MultiSelectList(expressions))
    }

    fn multi_select_hash(&mut self) -> Parsed {
        let mut pairs = Vec::new();
        loop {
            let key = self.token(0)?;
            if key.kind != "quoted_identifier" && key.kind != "unquoted_identifier" {
                return Err(self.error_maybe_eof("['quoted_identifier', 'unquoted_identifier']"));
            }
            self.advance();
            self.matches("colon")?;
            let value = self.expression(0)?;
            pairs.push((key.value, value));
            match self.current()? {
                "comma" => self.matches("comma")?,
                "rbrace" => {
                    self.matches("rbrace")?;
                    break;
                }
                _ => {}
            }
        }
        Ok(Ast::MultiSelectDict(pairs))
    }

    fn projection_rhs(&mut self, power: u8) -> Parsed {
        let current = self.current()?;
        if binding_power(current) < PROJECTION_STOP {
            Ok(Ast::Identity)
        } else if current == "lbracket" || current == "filter" {
            self.expression(power)
        } else if current == "dot" {
            self.matches("dot")?;
            self.dot_rhs(power)
        } else {
            let t = self.token(0)?;
            Err(self.parse_error(t, "syntax error"))
        }
    }

    fn dot_rhs(&mut self, power: u8) -> Parsed {
        match self.current()? {
            "quoted_identifier" | "unquoted_identifier" | "star" => self.expression(power),
            "lbracket" => {
                self.matches("lbracket")?;
                self.multi_select_list()
            }
            "lbrace" => {
                self.matches("lbrace")?;
                self.multi_select_hash()
            }
            kind => {
                let t = self.token(0)?;
                let message = format!(
                    "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: {kind}"
                );
                Err(self.parse_error(t, &message))
            }
        }
    }
}

/// A number token's int; one past what an i64 holds indexes and slices as the largest one does.
fn number_value(token: &Token) -> i64 {
    token
        .value
        .parse()
        .unwrap_or(if token.value.starts_with('-') {
            i64::MIN
        } else {
            i64::MAX
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_expressions_pass() {
        for expression in [
            "a",
            "a.b.c",
            "a[0]",
            "a[-1]",
            "a[1:2]",
            "a[::-1]",
            "a[*].b",
            "a[].b",
            "a[?b=='c'].d",
            "a[?b==`1`] | [0]",
            "{a: a, b: b.c}",
            "[a, b]",
            "length(a)",
            "sort_by(a, &b)[-1].c",
            "a || b && !c",
            "\"quoted\".a",
            "*.a",
            "a.*.b",
            "@",
            "a.{x: y}",
            "a.[x, y]",
            "`{\"a\": [1, 2]}`",
            "'raw'",
            "a[?b > `1` && c <= `2`]",
            "max_by(a, &b).c",
            "merge(a, {x: `1`})",
            "environmentAccountConnections[?status=='PENDING'].{id: id, env: environmentName}",
            "a[]",
            "a[][]",
            "[?a]",
            "[]",
            "a[:2].b",
            "(a || b).c",
        ] {
            assert!(parse(expression).is_ok(), "{expression}");
        }
    }

    /// What the AWS CLI 2.9.19 printed after `Bad value for --query EXPR: ` for each.
    #[test]
    fn errors_are_python_jmespaths_words() {
        for (expression, message) in [
            ("a[", "Invalid jmespath expression: Incomplete expression:\n\"a[\"\n   ^"),
            ("a]", "Unexpected token: ]: Parse error at column 1, token \"]\" (RBRACKET), for expression:\n\"a]\"\n  ^"),
            ("foo bar", "Unexpected token: bar: Parse error at column 4, token \"bar\" (UNQUOTED_IDENTIFIER), for expression:\n\"foo bar\"\n     ^"),
            ("a.", "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: eof: Parse error at column 2, token \"\" (EOF), for expression:\n\"a.\"\n   ^"),
            ("@@", "Unexpected token: @: Parse error at column 1, token \"@\" (CURRENT), for expression:\n\"@@\"\n  ^"),
            ("`{", "Bad jmespath expression: Unclosed ` delimiter:\n`{\n^"),
            ("'abc", "Bad jmespath expression: Unclosed ' delimiter:\n'abc\n^"),
            ("a[?b==]", "invalid token: Parse error at column 6, token \"]\" (RBRACKET), for expression:\n\"a[?b==]\"\n       ^"),
            ("{a}", "Expecting: colon, got: rbrace: Parse error at column 2, token \"}\" (RBRACE), for expression:\n\"{a}\"\n   ^"),
            ("!", "Invalid jmespath expression: Incomplete expression:\n\"!\"\n  ^"),
            ("", "Invalid JMESPath expression: cannot be empty."),
        ] {
            assert_eq!(parse(expression).unwrap_err(), message, "{expression}");
        }
    }
}
