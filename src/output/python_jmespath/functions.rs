//! jmespath/functions.py: each built-in function's signature, the checks Python jmespath makes of
//! the arguments against it (and its words when one fails), and what the function returns.

use std::cmp::Ordering;

use indexmap::IndexMap;
use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, Zero};

use super::interpreter::{visit, Result};
use super::value::{int_to_float, Py};

/// A function's parameters as functions.py's `@signature` declares them: the types each one
/// takes (none: any), and whether the last one repeats.
struct Signature {
    params: &'static [&'static [&'static str]],
    variadic: bool,
}

const fn sig(params: &'static [&'static [&'static str]]) -> Signature {
    Signature {
        params,
        variadic: false,
    }
}

fn signature(name: &str) -> Option<Signature> {
    Some(match name {
        "abs" | "ceil" | "floor" => sig(&[&["number"]]),
        "avg" | "sum" => sig(&[&["array-number"]]),
        "not_null" => Signature {
            params: &[&[]],
            variadic: true,
        },
        "to_array" | "to_string" | "to_number" | "type" => sig(&[&[]]),
        "contains" => sig(&[&["array", "string"], &[]]),
        "length" => sig(&[&["string", "array", "object"]]),
        "ends_with" | "starts_with" => sig(&[&["string"], &["string"]]),
        "reverse" => sig(&[&["array", "string"]]),
        "join" => sig(&[&["string"], &["array-string"]]),
        "map" => sig(&[&["expref"], &["array"]]),
        "max" | "min" => sig(&[&["array-number", "array-string"]]),
        "merge" => Signature {
            params: &[&["object"]],
            variadic: true,
        },
        "sort" => sig(&[&["array-string", "array-number"]]),
        "keys" | "values" => sig(&[&["object"]]),
        "sort_by" | "min_by" | "max_by" => sig(&[&["array"], &["expref"]]),
        _ => return None,
    })
}

/// functions.py `call_function`: the name, the number of arguments, their types, then the call.
pub fn call(name: &str, args: Vec<Py>) -> Result<Py> {
    let signature = signature(name).ok_or_else(|| format!("Unknown function: {name}()"))?;
    let expected = signature.params.len();
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    if signature.variadic && args.len() < expected {
        return Err(format!(
            "Expected at least {expected} {} for function {name}(), received {}",
            plural(expected),
            args.len()
        ));
    }
    if !signature.variadic && args.len() != expected {
        return Err(format!(
            "Expected {expected} {} for function {name}(), received {}",
            plural(expected),
            args.len()
        ));
    }
    // Only as many arguments as the signature names: merge's second object goes unchecked.
    for (arg, types) in args.iter().zip(signature.params) {
        if !types.is_empty() {
            check_type(name, arg, types)?;
        }
    }
    run(name, args)
}

/// JMESPathTypeError's message. `actual` is the JMESPath type name where Python converts it, the
/// Python type name where it does not (an array's items).
fn type_error(function: &str, value: &Py, actual: &str, expected: &[&str]) -> String {
    let expected: Vec<String> = expected.iter().map(|t| format!("'{t}'")).collect();
    format!(
        "In function {function}(), invalid type for value: {}, expected one of: [{}], received: \"{actual}\"",
        value.str(),
        expected.join(", ")
    )
}

/// Whether `value` is of the JMESPath type `name` (functions.py `REVERSE_TYPES_MAP`).
fn is_type(value: &Py, name: &str) -> bool {
    value.jmespath_type() == name
}

/// functions.py `_type_check_single`: the value's own type, then an array's items.
fn check_type(function: &str, value: &Py, types: &[&str]) -> Result<()> {
    let (allowed, subtypes): (Vec<&str>, Vec<&str>) = types
        .iter()
        .map(|t| match t.split_once('-') {
            Some((outer, inner)) => (outer, inner),
            None => (*t, ""),
        })
        .unzip();
    let subtypes: Vec<&str> = subtypes.into_iter().filter(|s| !s.is_empty()).collect();
    if !allowed.iter().any(|t| is_type(value, t)) {
        return Err(type_error(function, value, value.jmespath_type(), types));
    }
    let Py::List(items) = value else {
        return Ok(());
    };
    let wrong = |item: &Py| Err(type_error(function, item, item.type_name(), types));
    match subtypes[..] {
        [] => Ok(()),
        [only] => match items.iter().find(|item| !is_type(item, only)) {
            Some(item) => wrong(item),
            None => Ok(()),
        },
        // The first item decides which of the array types the others must all be.
        _ => {
            let Some(first) = items.first() else {
                return Ok(());
            };
            let Some(subtype) = subtypes.iter().find(|t| is_type(first, t)) else {
                return wrong(first);
            };
            match items.iter().find(|item| !is_type(item, subtype)) {
                Some(item) => wrong(item),
                None => Ok(()),
            }
        }
    }
}

fn run(name: &str, mut args: Vec<Py>) -> Result<Py> {
    let arg = args.remove(0);
    Ok(match (name, arg) {
        ("abs", Py::Int(int)) => Py::Int(int.abs()),
        ("abs", Py::Float(float)) => Py::Float(float.abs()),
        ("avg", Py::List(items)) => {
            if items.is_empty() {
                Py::None
            } else {
                let total = match sum(&items)? {
                    Py::Int(int) => int_to_float(&int)?,
                    Py::Float(float) => float,
                    _ => unreachable!("a sum is a number"),
                };
                Py::Float(total / items.len() as f64)
            }
        }
        ("sum", Py::List(items)) => sum(&items)?,
        ("ceil", number) => round(number, f64::ceil)?,
        ("floor", number) => round(number, f64::floor)?,
        ("not_null", first) => std::iter::once(first)
            .chain(args)
            .find(|arg| !matches!(arg, Py::None))
            .unwrap_or(Py::None),
        ("to_array", Py::List(items)) => Py::List(items),
        ("to_array", other) => Py::List(vec![other]),
        ("to_string", Py::Str(text)) => Py::Str(text),
        ("to_string", other) => Py::Str(to_json_text(&other)),
        ("to_number", value) => to_number(value),
        ("contains", subject) => contains(&subject, &args[0])?,
        ("length", Py::Str(text)) => Py::Int(text.chars().count().into()),
        ("length", Py::List(items)) => Py::Int(items.len().into()),
        ("length", Py::Dict(map)) => Py::Int(map.len().into()),
        ("ends_with" | "starts_with", Py::Str(text)) => {
            let Py::Str(affix) = &args[0] else {
                unreachable!("checked")
            };
            Py::Bool(if name == "ends_with" {
                text.ends_with(affix.as_str())
            } else {
                text.starts_with(affix.as_str())
            })
        }
        ("reverse", Py::Str(text)) => Py::Str(text.chars().rev().collect()),
        ("reverse", Py::List(mut items)) => {
            items.reverse();
            Py::List(items)
        }
        ("join", Py::Str(separator)) => {
            let Py::List(items) = &args[0] else {
                unreachable!("checked")
            };
            let parts: Vec<&str> = items
                .iter()
                .map(|item| match item {
                    Py::Str(text) => text.as_str(),
                    _ => unreachable!("checked"),
                })
                .collect();
            Py::Str(parts.join(&separator))
        }
        ("map", Py::Expref(expression)) => {
            let Py::List(items) = &args[0] else {
                unreachable!("checked")
            };
            Py::List(
                items
                    .iter()
                    .map(|item| visit(&expression, item))
                    .collect::<Result<_>>()?,
            )
        }
        ("max", Py::List(items)) => extreme(items, Ordering::Greater, ">")?,
        ("min", Py::List(items)) => extreme(items, Ordering::Less, "<")?,
        ("merge", Py::Dict(mut merged)) => {
            for other in args {
                update(&mut merged, other)?;
            }
            Py::Dict(merged)
        }
        ("sort", Py::List(mut items)) => {
            // Items of one type, checked: numbers or strings, which always compare.
            items.sort_by(|a, b| a.py_cmp(b, "<").ok().flatten().unwrap_or(Ordering::Equal));
            Py::List(items)
        }
        ("keys", Py::Dict(map)) => Py::List(map.keys().cloned().map(Py::Str).collect()),
        ("values", Py::Dict(map)) => Py::List(map.into_values().collect()),
        ("type", value) => match value {
            // functions.py's `_func_type` knows no type for an expression.
            Py::Expref(_) => Py::None,
            other => Py::Str(other.jmespath_type().to_string()),
        },
        ("sort_by", Py::List(items)) => sort_by(items, &args[0])?,
        ("min_by", Py::List(items)) => extreme_by(name, items, &args[0], Ordering::Less, "<")?,
        ("max_by", Py::List(items)) => extreme_by(name, items, &args[0], Ordering::Greater, ">")?,
        (name, _) => unreachable!("{name}()'s arguments were checked"),
    })
}

/// Python's `sum()`: an int while every item is one, a float from the first float on.
fn sum(items: &[Py]) -> Result<Py> {
    let mut total = Py::Int(BigInt::zero());
    for item in items {
        total = match (total, item) {
            (Py::Int(a), Py::Int(b)) => Py::Int(a + b),
            (Py::Int(a), Py::Float(b)) => Py::Float(int_to_float(&a)? + b),
            (Py::Float(a), Py::Int(b)) => Py::Float(a + int_to_float(b)?),
            (Py::Float(a), Py::Float(b)) => Py::Float(a + b),
            _ => unreachable!("checked: numbers"),
        };
    }
    Ok(total)
}

/// `math.ceil` and `math.floor`: an int, of any size.
fn round(number: Py, how: fn(f64) -> f64) -> Result<Py> {
    match number {
        Py::Float(float) if float.is_nan() => {
            Err("cannot convert float NaN to integer".to_string())
        }
        Py::Float(float) if float.is_infinite() => {
            Err("cannot convert float infinity to integer".to_string())
        }
        Py::Float(float) => Ok(Py::Int(
            BigInt::from_f64(how(float)).expect("a finite float is an int"),
        )),
        int => Ok(int),
    }
}

/// `max()` or `min()` of numbers or of strings: the first of the greatest or least.
fn extreme(items: Vec<Py>, keep: Ordering, symbol: &str) -> Result<Py> {
    let mut best: Option<Py> = None;
    for item in items {
        best = Some(match best {
            None => item,
            Some(current) => {
                if item.py_cmp(&current, symbol)? == Some(keep) {
                    item
                } else {
                    current
                }
            }
        });
    }
    Ok(best.unwrap_or(Py::None))
}

/// `min(array, key=...)` and `max(...)`: each key a number or a string, checked as it is taken,
/// then compared with the best so far (which fails between a number and a string).
fn extreme_by(
    function: &str,
    items: Vec<Py>,
    expref: &Py,
    keep: Ordering,
    symbol: &str,
) -> Result<Py> {
    let Py::Expref(expression) = expref else {
        unreachable!("checked")
    };
    let mut best: Option<(Py, Py)> = None;
    for item in items {
        let key = visit(expression, &item)?;
        if !matches!(key.jmespath_type(), "number" | "string") {
            return Err(type_error(
                function,
                &key,
                key.jmespath_type(),
                &["number", "string"],
            ));
        }
        best = Some(match best {
            None => (key, item),
            Some((best_key, best_item)) => {
                if key.py_cmp(&best_key, symbol)? == Some(keep) {
                    (key, item)
                } else {
                    (best_key, best_item)
                }
            }
        });
    }
    Ok(best.map_or(Py::None, |(_, item)| item))
}

/// `sorted(array, key=...)`: the first item's key must be a number or a string (else the error
/// names that item), and every key the same type as the first; the sort keeps ties in order.
fn sort_by(items: Vec<Py>, expref: &Py) -> Result<Py> {
    let Py::Expref(expression) = expref else {
        unreachable!("checked")
    };
    let Some(first) = items.first() else {
        return Ok(Py::List(items));
    };
    let required = visit(expression, first)?.jmespath_type();
    if !matches!(required, "number" | "string") {
        return Err(type_error(
            "sort_by",
            first,
            required,
            &["string", "number"],
        ));
    }
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        let key = visit(expression, &item)?;
        if key.jmespath_type() != required {
            return Err(type_error(
                "sort_by",
                &key,
                key.jmespath_type(),
                &[required],
            ));
        }
        keyed.push((key, item));
    }
    keyed.sort_by(|(a, _), (b, _)| a.py_cmp(b, "<").ok().flatten().unwrap_or(Ordering::Equal));
    Ok(Py::List(keyed.into_iter().map(|(_, item)| item).collect()))
}

/// `search in subject`: a substring of a string, or an item of a list by Python's `==`.
fn contains(subject: &Py, search: &Py) -> Result<Py> {
    Ok(Py::Bool(match (subject, search) {
        (Py::Str(text), Py::Str(part)) => text.contains(part.as_str()),
        (Py::Str(_), other) => {
            return Err(format!(
                "'in <string>' requires string as left operand, not {}",
                other.type_name()
            ))
        }
        (Py::List(items), search) => items.iter().any(|item| item.py_eq(search)),
        _ => unreachable!("checked: an array or a string"),
    }))
}

/// `dict.update(other)`, which merge() does with each argument after the first, unchecked: a
/// dict, or pairs of key and value.
fn update(merged: &mut IndexMap<String, Py>, other: Py) -> Result<()> {
    let pairs = match other {
        Py::Dict(map) => {
            merged.extend(map);
            return Ok(());
        }
        Py::List(items) => items,
        Py::Str(text) => text.chars().map(|c| Py::Str(c.to_string())).collect(),
        other => return Err(format!("'{}' object is not iterable", other.type_name())),
    };
    for (i, pair) in pairs.into_iter().enumerate() {
        let parts: Vec<Py> = match pair {
            Py::List(parts) => parts,
            Py::Str(text) => text.chars().map(|c| Py::Str(c.to_string())).collect(),
            Py::Dict(map) => map.into_keys().map(Py::Str).collect(),
            _ => {
                return Err(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                ))
            }
        };
        let [key, value] = <[Py; 2]>::try_from(parts).map_err(|parts| {
            format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                parts.len()
            )
        })?;
        let key = match key {
            Py::Str(key) => key,
            Py::List(_) | Py::Dict(_) => {
                return Err(format!("unhashable type: '{}'", key.type_name()))
            }
            // Python keeps a key of another type as it is; JSON, which has only string keys,
            // writes it as json.dumps does.
            other => to_json_text(&other),
        };
        merged.insert(key, value);
    }
    Ok(())
}

/// `to_number`: a number as it is; a string as `int()`, else `float()`, reads it; None for the
/// rest or a string neither reads.
fn to_number(value: Py) -> Py {
    match value {
        Py::Int(_) | Py::Float(_) => value,
        Py::Str(text) => {
            let text = text.trim_matches(|c: char| c.is_whitespace());
            if let Some(int) = read_int(text) {
                Py::Int(int)
            } else {
                read_float(text).map_or(Py::None, Py::Float)
            }
        }
        _ => Py::None,
    }
}

/// Digits with single underscores between them, as Python's `int()` and `float()` allow.
fn without_underscores(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'_' {
            let digit = |at: Option<&u8>| at.is_some_and(u8::is_ascii_digit);
            if i == 0 || !digit(bytes.get(i - 1)) || !digit(bytes.get(i + 1)) {
                return None;
            }
        }
    }
    Some(text.replace('_', ""))
}

fn read_int(text: &str) -> Option<BigInt> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return None;
    }
    without_underscores(text)?.parse().ok()
}

fn read_float(text: &str) -> Option<f64> {
    let unsigned = text
        .strip_prefix(['+', '-'])
        .unwrap_or(text)
        .to_ascii_lowercase();
    // Rust reads `inf`, `infinity` and `nan` in any case, as Python does.
    let named = ["inf", "infinity", "nan"].contains(&unsigned.as_str());
    let decimal = unsigned.bytes().any(|b| b.is_ascii_digit())
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-' | b'_'));
    if !named && !decimal {
        return None;
    }
    without_underscores(text)?.parse().ok()
}

/// `json.dumps(value, separators=(',', ':'), default=str)`: ASCII only, as Python escapes.
fn to_json_text(value: &Py) -> String {
    match value {
        Py::None => "null".to_string(),
        Py::Bool(b) => b.to_string(),
        Py::Int(int) => int.to_string(),
        Py::Float(float) if float.is_nan() => "NaN".to_string(),
        Py::Float(float) if float.is_infinite() => if *float > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .to_string(),
        Py::Float(_) => value.repr(),
        Py::Str(text) => json_string(text),
        Py::List(items) => format!(
            "[{}]",
            items.iter().map(to_json_text).collect::<Vec<_>>().join(",")
        ),
        Py::Dict(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(key, value)| format!("{}:{}", json_string(key), to_json_text(value)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Py::Expref(_) => json_string(&value.str()),
    }
}

fn json_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn py(value: serde_json::Value) -> Py {
        Py::from_json(&value)
    }

    #[test]
    fn type_errors_are_python_jmespaths_words() {
        let err = |name: &str, args: Vec<Py>| call(name, args).unwrap_err();
        assert_eq!(
            err("length", vec![py(json!(1))]),
            "In function length(), invalid type for value: 1, expected one of: ['string', 'array', 'object'], received: \"number\""
        );
        assert_eq!(
            err("avg", vec![py(json!([1, "a"]))]),
            "In function avg(), invalid type for value: a, expected one of: ['array-number'], received: \"str\""
        );
        assert_eq!(
            err("max", vec![py(json!(["a", 1]))]),
            "In function max(), invalid type for value: 1, expected one of: ['array-number', 'array-string'], received: \"int\""
        );
        assert_eq!(
            err("abs", vec![py(json!({"a": [1, null, true, 1.5, "x"]}))]),
            "In function abs(), invalid type for value: {'a': [1, None, True, 1.5, 'x']}, expected one of: ['number'], received: \"object\""
        );
        assert_eq!(
            err("merge", vec![]),
            "Expected at least 1 argument for function merge(), received 0"
        );
        assert_eq!(
            err("length", vec![]),
            "Expected 1 argument for function length(), received 0"
        );
        assert_eq!(err("foo", vec![]), "Unknown function: foo()");
    }

    #[test]
    fn merge_updates_as_a_python_dict_does() {
        let merged = |args: Vec<Py>| call("merge", args).map(|value| value.repr());
        assert_eq!(merged(vec![py(json!({})), py(json!([]))]).unwrap(), "{}");
        assert_eq!(
            merged(vec![
                py(json!({"b": 1, "a": 0})),
                py(json!({"c": 2, "b": 3}))
            ])
            .unwrap(),
            "{'b': 3, 'a': 0, 'c': 2}"
        );
        assert_eq!(
            merged(vec![py(json!({})), py(json!([["k", 1], "xy"]))]).unwrap(),
            "{'k': 1, 'x': 'y'}"
        );
        assert_eq!(
            merged(vec![py(json!({})), py(json!(["a"]))]).unwrap_err(),
            "dictionary update sequence element #0 has length 1; 2 is required"
        );
        assert_eq!(
            merged(vec![py(json!({})), py(json!(1))]).unwrap_err(),
            "'int' object is not iterable"
        );
    }

    #[test]
    fn results_are_pythons() {
        let result = |name: &str, args: Vec<Py>| call(name, args).unwrap().repr();
        assert_eq!(result("sum", vec![py(json!([1, 2]))]), "3");
        assert_eq!(result("sum", vec![py(json!([1, 2.5]))]), "3.5");
        assert_eq!(result("ceil", vec![py(json!(1.5))]), "2");
        assert_eq!(result("max", vec![py(json!([1, 1.0]))]), "1");
        assert_eq!(result("max", vec![py(json!([1.0, 1]))]), "1.0");
        assert_eq!(
            result("keys", vec![py(json!({"b": 1, "a": 2}))]),
            "['b', 'a']"
        );
        assert_eq!(
            result("contains", vec![py(json!([true])), py(json!(1))]),
            "True"
        );
        assert_eq!(
            result("to_string", vec![py(json!({"a": "é", "b": [1, 2.0]}))]),
            "'{\"a\":\"\\\\u00e9\",\"b\":[1,2.0]}'"
        );
        assert_eq!(result("to_number", vec![py(json!(" 1_000 "))]), "1000");
        assert_eq!(result("to_number", vec![py(json!("1e3"))]), "1000.0");
        assert_eq!(result("to_number", vec![py(json!("0x10"))]), "None");
        assert_eq!(result("avg", vec![py(json!([]))]), "None");
    }
}
