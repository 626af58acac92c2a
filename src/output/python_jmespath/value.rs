//! A value as Python jmespath holds it: what `json.loads` makes of JSON (an `int` of any size
//! apart from a `float`, a `dict` in the order its keys came), plus the `_Expression` an `&expr`
//! evaluates to. Its `str`, `repr`, type names and comparisons are Python's.

use std::cmp::Ordering;
use std::rc::Rc;

use indexmap::IndexMap;
use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive, Zero};
use serde_json::{Number, Value};

use super::parser::Ast;
use crate::output::python::{float_repr, string_repr};

#[derive(Debug, Clone)]
pub enum Py {
    None,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    Str(String),
    List(Vec<Py>),
    Dict(IndexMap<String, Py>),
    Expref(Rc<Ast>),
}

/// `str()` of a `_Expression`: Python shows the object's address, which is any number.
const EXPRESSION_STR: &str = "<jmespath.visitor._Expression object at 0x7f0000000000>";

impl Py {
    pub fn from_json(value: &Value) -> Py {
        match value {
            Value::Null => Py::None,
            Value::Bool(b) => Py::Bool(*b),
            Value::Number(number) => number_from_json(number),
            Value::String(text) => Py::Str(text.clone()),
            Value::Array(items) => Py::List(items.iter().map(Py::from_json).collect()),
            Value::Object(map) => Py::Dict(
                map.iter()
                    .map(|(key, value)| (key.clone(), Py::from_json(value)))
                    .collect(),
            ),
        }
    }

    /// The value as JSON, numbers written as Python writes them (`json.dumps`). A float that is
    /// not finite has no JSON form for serde_json, where Python writes `NaN` or `Infinity`.
    pub fn to_json(&self) -> Result<Value, String> {
        Ok(match self {
            Py::None => Value::Null,
            Py::Bool(b) => Value::Bool(*b),
            Py::Int(int) => Value::Number(number(&int.to_string())),
            Py::Float(float) if float.is_finite() => Value::Number(number(&float_repr(*float))),
            Py::Float(float) => {
                return Err(format!(
                    "proton-local cannot print {}, which JSON has no number for",
                    float_repr(*float)
                ))
            }
            Py::Str(text) => Value::String(text.clone()),
            Py::List(items) => {
                Value::Array(items.iter().map(Py::to_json).collect::<Result<_, _>>()?)
            }
            Py::Dict(map) => Value::Object(
                map.iter()
                    .map(|(key, value)| Ok((key.clone(), value.to_json()?)))
                    .collect::<Result<_, String>>()?,
            ),
            Py::Expref(_) => Value::String(EXPRESSION_STR.to_string()),
        })
    }

    /// `type(value).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Py::None => "NoneType",
            Py::Bool(_) => "bool",
            Py::Int(_) => "int",
            Py::Float(_) => "float",
            Py::Str(_) => "str",
            Py::List(_) => "list",
            Py::Dict(_) => "dict",
            Py::Expref(_) => "_Expression",
        }
    }

    /// The JMESPath name of the value's type (functions.py `TYPES_MAP`).
    pub fn jmespath_type(&self) -> &'static str {
        match self {
            Py::None => "null",
            Py::Bool(_) => "boolean",
            Py::Int(_) | Py::Float(_) => "number",
            Py::Str(_) => "string",
            Py::List(_) => "array",
            Py::Dict(_) => "object",
            Py::Expref(_) => "expref",
        }
    }

    /// `str(value)`, as `%s` writes it into a message.
    pub fn str(&self) -> String {
        match self {
            Py::Str(text) => text.clone(),
            other => other.repr(),
        }
    }

    pub fn repr(&self) -> String {
        match self {
            Py::None => "None".to_string(),
            Py::Bool(true) => "True".to_string(),
            Py::Bool(false) => "False".to_string(),
            Py::Int(int) => int.to_string(),
            Py::Float(float) => float_repr(*float),
            Py::Str(text) => string_repr(text),
            Py::List(items) => format!(
                "[{}]",
                items.iter().map(Py::repr).collect::<Vec<_>>().join(", ")
            ),
            Py::Dict(map) => format!(
                "{{{}}}",
                map.iter()
                    .map(|(key, value)| format!("{}: {}", string_repr(key), value.repr()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Py::Expref(_) => EXPRESSION_STR.to_string(),
        }
    }

    /// A number that is not a bool (visitor.py `_is_actual_number`).
    pub fn is_number(&self) -> bool {
        matches!(self, Py::Int(_) | Py::Float(_))
    }

    /// visitor.py `_is_false`: `''`, `[]`, `{}`, None and False (and so not 0).
    pub fn is_false(&self) -> bool {
        match self {
            Py::None | Py::Bool(false) => true,
            Py::Str(text) => text.is_empty(),
            Py::List(items) => items.is_empty(),
            Py::Dict(map) => map.is_empty(),
            _ => false,
        }
    }

    /// Python's `bool(value)`.
    pub fn truthy(&self) -> bool {
        match self {
            Py::Int(int) => !int.is_zero(),
            Py::Float(float) => *float != 0.0,
            other => !other.is_false(),
        }
    }

    /// Python's `==`: numbers by value (a bool is 0 or 1), lists and dicts item by item.
    pub fn py_eq(&self, other: &Py) -> bool {
        if let (Some(a), Some(b)) = (self.numeric(), other.numeric()) {
            return compare_numbers(&a, &b) == Some(Ordering::Equal);
        }
        match (self, other) {
            (Py::None, Py::None) => true,
            (Py::Str(a), Py::Str(b)) => a == b,
            (Py::List(a), Py::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.py_eq(y))
            }
            (Py::Dict(a), Py::Dict(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(key, x)| b.get(key).is_some_and(|y| x.py_eq(y)))
            }
            // An `_Expression` equals only itself, and each `&expr` evaluated is a new one.
            _ => false,
        }
    }

    /// Python's `<`, `>`, `<=`, `>=` between two numbers or two strings; anything else is the
    /// TypeError Python raises, with the operator's symbol.
    pub fn py_cmp(&self, other: &Py, symbol: &str) -> Result<Option<Ordering>, String> {
        match (self, other) {
            (Py::Str(a), Py::Str(b)) => Ok(Some(a.cmp(b))),
            _ => match (self.numeric(), other.numeric()) {
                (Some(a), Some(b)) => Ok(compare_numbers(&a, &b)),
                _ => Err(format!(
                    "'{symbol}' not supported between instances of '{}' and '{}'",
                    self.type_name(),
                    other.type_name()
                )),
            },
        }
    }

    /// The value as a Python number, a bool counting as 0 or 1.
    fn numeric(&self) -> Option<Numeric> {
        match self {
            Py::Bool(b) => Some(Numeric::Int(BigInt::from(u8::from(*b)))),
            Py::Int(int) => Some(Numeric::Int(int.clone())),
            Py::Float(float) => Some(Numeric::Float(*float)),
            _ => None,
        }
    }
}

enum Numeric {
    Int(BigInt),
    Float(f64),
}

/// Python compares an int and a float exactly, not by turning the int into a float.
fn compare_numbers(a: &Numeric, b: &Numeric) -> Option<Ordering> {
    match (a, b) {
        (Numeric::Int(a), Numeric::Int(b)) => Some(a.cmp(b)),
        (Numeric::Float(a), Numeric::Float(b)) => a.partial_cmp(b),
        (Numeric::Int(a), Numeric::Float(b)) => compare_int_float(a, *b),
        (Numeric::Float(a), Numeric::Int(b)) => compare_int_float(b, *a).map(Ordering::reverse),
    }
}

fn compare_int_float(int: &BigInt, float: f64) -> Option<Ordering> {
    if float.is_nan() {
        return None;
    }
    if float.is_infinite() {
        return Some(if float > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let whole = BigInt::from_f64(float.trunc()).expect("a finite float has an integer part");
    Some(
        int.cmp(&whole)
            .then_with(|| 0.0.partial_cmp(&float.fract()).expect("not NaN")),
    )
}

/// `float(int)`, which Python refuses for an int too large for a float.
pub fn int_to_float(int: &BigInt) -> Result<f64, String> {
    int.to_f64()
        .filter(|float| float.is_finite())
        .ok_or_else(|| "int too large to convert to float".to_string())
}

/// A JSON number as `json.loads` reads it: an int when written without a fraction or exponent.
fn number_from_json(number: &Number) -> Py {
    let text = number.to_string();
    if text.contains(['.', 'e', 'E']) {
        Py::Float(text.parse().expect("a JSON number reads as a float"))
    } else {
        Py::Int(text.parse().expect("a JSON integer reads as an int"))
    }
}

fn number(text: &str) -> Number {
    serde_json::from_str(text).expect("Python writes ints and finite floats as JSON numbers")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ints_of_any_size_stay_whole() {
        let value: Value = serde_json::from_str("[100000000000000000000, -0, 1.50, 1e3]").unwrap();
        let py = Py::from_json(&value);
        assert_eq!(py.repr(), "[100000000000000000000, 0, 1.5, 1000.0]");
        assert_eq!(
            serde_json::to_string(&py.to_json().unwrap()).unwrap(),
            "[100000000000000000000,0,1.5,1000.0]"
        );
    }

    #[test]
    fn equality_and_order_are_pythons() {
        let py = |value: Value| Py::from_json(&value);
        assert!(py(json!(1)).py_eq(&py(json!(1.0))));
        assert!(py(json!([true])).py_eq(&py(json!([1]))));
        assert!(py(json!({"a": 1, "b": 2})).py_eq(&py(json!({"b": 2, "a": 1}))));
        assert!(!py(json!("1")).py_eq(&py(json!(1))));
        let big: Value = serde_json::from_str("9007199254740993").unwrap();
        assert!(!py(big).py_eq(&Py::Float(9007199254740992.0)));
        assert_eq!(
            py(json!(1)).py_cmp(&py(json!("a")), "<").unwrap_err(),
            "'<' not supported between instances of 'int' and 'str'"
        );
        assert_eq!(
            py(json!(1.5)).py_cmp(&py(json!(2)), "<").unwrap(),
            Some(Ordering::Less)
        );
    }
}
