//! Python jmespath 1.0.1, which the AWS CLI runs `--query` with, ported whole: its lexer and
//! parser, its interpreter (visitor.py) and its functions (functions.py), over values as
//! `json.loads` makes them. Results and errors are that library's, byte for byte: an int of any
//! size stays whole, a dict keeps the order of its keys, `sum` of ints is an int, and a function
//! given the wrong type says so in `JMESPathTypeError`'s words. (The jmespath crate keeps objects
//! in sorted maps and numbers in serde_json's 64 bits, and words its errors its own way.)

mod functions;
mod interpreter;
mod parser;
mod value;

use serde_json::Value;

pub use parser::{parse, Ast};
use value::Py;

/// The expression applied to `data`, or the message of the exception Python raises.
pub fn search(ast: &Ast, data: &Value) -> Result<Value, String> {
    interpreter::visit(ast, &Py::from_json(data))?.to_json()
}
