//! How Python writes a JSON value, which the AWS CLI's text, table and YAML output and its error
//! messages inherit: `str(None)` is `None`, `str(True)` is `True`, a float is its shortest `repr`,
//! a list or dict its `repr` with strings in quotes.

use serde_json::{Number, Value};

/// `str(value)` for a scalar (the text and table formats print scalars this way).
pub fn str_of(value: &Value) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(number) => number_repr(number),
        Value::String(text) => text.clone(),
        // Never asked of a list or a dict: the formatters only print scalars.
        other => other.to_string(),
    }
}

/// `str(value)` for any value: a scalar as `str_of`, a list or dict as its `repr`.
pub fn str_any(value: &Value) -> String {
    match value {
        Value::Array(_) | Value::Object(_) => repr(value),
        scalar => str_of(scalar),
    }
}

/// `type(value).__name__` for what `json.loads` makes of a value, as Python's own errors name it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(number) if !is_int(number) => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// `repr(value)`: strings quoted as Python quotes them (single quotes unless the text holds one
/// and no double quote), lists and dicts with their items' `repr`s.
pub fn repr(value: &Value) -> String {
    match value {
        Value::String(text) => string_repr(text),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(key, value)| format!("{}: {}", string_repr(key), repr(value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scalar => str_of(scalar),
    }
}

pub fn string_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ if c == quote => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Whether `json.loads` makes an int of the number (of any size): written with no fraction or
/// exponent. serde_json keeps the number as written (its `arbitrary_precision`).
pub fn is_int(number: &Number) -> bool {
    !number.to_string().contains(['.', 'e', 'E'])
}

/// `str()` of what `json.loads` makes of a number.
pub fn number_repr(number: &Number) -> String {
    let text = number.to_string();
    if !is_int(number) {
        float_repr(text.parse().expect("a JSON number reads as a float"))
    } else if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

/// Python's `repr(float)`: the shortest digits that read back the same, in fixed notation when
/// the exponent is from -4 to 15, else as `1e+16` / `1.5e-07`.
pub fn float_repr(float: f64) -> String {
    if float.is_nan() {
        return "nan".to_string();
    }
    if float.is_infinite() {
        return if float > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `1.5e0`, `-1e20`, `1.2345e-7`.
    let exp_form = format!("{float:e}");
    let (mantissa, exponent) = exp_form.split_once('e').expect("{:e} has an exponent");
    let exponent: i32 = exponent.parse().expect("an exponent is a number");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let text = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{text}")
    } else {
        let mantissa = if digits.len() == 1 {
            digits
        } else {
            format!("{}.{}", &digits[..1], &digits[1..])
        };
        let exp_sign = if exponent < 0 { "-" } else { "+" };
        format!("{sign}{mantissa}e{exp_sign}{:02}", exponent.abs())
    }
}

/// Python's `str.isspace()`, which `str.strip()` and a text pattern's `\s` follow: Unicode's
/// white space and the four separators `\x1c` to `\x1f`.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c'..='\x1f' | ' ' | '\u{85}' | '\u{a0}'
            | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}'
            | '\u{205f}' | '\u{3000}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_python_writes_them() {
        for (float, python) in [
            (1.5, "1.5"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1e20, "1e+20"),
            (1e-7, "1e-07"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00012, "0.00012"),
            (123.456, "123.456"),
            (-2.5e-5, "-2.5e-05"),
            (1.2345678901234567e16, "1.2345678901234568e+16"),
        ] {
            assert_eq!(float_repr(float), python, "{float}");
        }
    }
}
