//! `--output text`, as awscli/text.py writes it: a dict's scalars on one tab-separated line
//! (keys sorted, the line led by the upper-cased key it came under), then its lists and dicts.

use serde_json::{Map, Value};

use super::python::str_of;

pub fn format(value: &Value, out: &mut String) {
    format_value(value, out, None, None);
}

fn format_value(
    value: &Value,
    out: &mut String,
    identifier: Option<&str>,
    keys: Option<&[String]>,
) {
    match value {
        Value::Object(map) => format_dict(map, out, identifier, keys),
        Value::Array(items) => format_list(items, out, identifier),
        scalar => {
            out.push_str(&str_of(scalar));
            out.push('\n');
        }
    }
}

fn format_list(items: &[Value], out: &mut String, identifier: Option<&str>) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let keys = all_scalar_keys(items);
        for item in items {
            format_value(item, out, identifier, Some(&keys));
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, others): (Vec<&Value>, Vec<&Value>) = items
            .iter()
            .partition(|item| !item.is_array() && !item.is_object());
        if !scalars.is_empty() {
            format_scalar_list(&scalars, out, identifier);
        }
        for other in others {
            format_value(other, out, identifier, None);
        }
    } else {
        format_scalar_list(&items.iter().collect::<Vec<_>>(), out, identifier);
    }
}

fn format_scalar_list(items: &[&Value], out: &mut String, identifier: Option<&str>) {
    match identifier {
        Some(identifier) => {
            for item in items {
                out.push_str(&format!("{}\t{}\n", upper(identifier), str_of(item)));
            }
        }
        None => {
            let line: Vec<String> = items.iter().map(|item| str_of(item)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    }
}

fn format_dict(
    map: &Map<String, Value>,
    out: &mut String,
    identifier: Option<&str>,
    keys: Option<&[String]>,
) {
    let mut scalars = Vec::new();
    let mut others: Vec<(&str, &Value)> = Vec::new();
    match keys {
        None => {
            for key in sorted_keys(map) {
                let value = &map[key];
                if value.is_object() || value.is_array() {
                    others.push((key, value));
                } else {
                    scalars.push(str_of(value));
                }
            }
        }
        Some(keys) => {
            for key in keys {
                scalars.push(map.get(key).map(str_of).unwrap_or_default());
            }
            for key in sorted_keys(map) {
                if !keys.contains(&key.to_string()) {
                    others.push((key, &map[key]));
                }
            }
        }
    }
    if !scalars.is_empty() {
        if let Some(identifier) = identifier {
            scalars.insert(0, upper(identifier));
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in others {
        format_value(value, out, Some(key), None);
    }
}

/// The keys with a scalar value in any of the list's dicts, sorted.
fn all_scalar_keys(items: &[Value]) -> Vec<String> {
    let mut keys: Vec<String> = items
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|map| {
            map.iter()
                .filter(|(_, value)| !value.is_object() && !value.is_array())
                .map(|(key, _)| key.clone())
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Python sorts strings by code point, which is the order of their UTF-8 bytes.
pub fn sorted_keys(map: &Map<String, Value>) -> Vec<&str> {
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    keys.sort();
    keys
}

/// Python's `str.upper()`, which also upper-cases letters outside ASCII.
fn upper(text: &str) -> String {
    text.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: Value) -> String {
        let mut out = String::new();
        format(&value, &mut out);
        out
    }

    // Expected values printed by awscli.text.format_text of AWS CLI 2.9.19.
    #[test]
    fn nested_lists_of_dicts() {
        assert_eq!(
            text(
                json!({"tags": [{"key": "team", "value": "infra"}, {"key": "env", "value": ""}], "lists": [[1, 2], [], [[3]]], "empty_list": [], "empty_dict": {}, "d": {"x": {"y": [{"z": 1, "w": [1, "a"]}]}}})
            ),
            "Y\t1\nW\t1\nW\ta\nLISTS\t1\nLISTS\t2\nLISTS\t3\nTAGS\tteam\tinfra\nTAGS\tenv\t\n"
        );
    }

    #[test]
    fn scalars_are_pythons_str() {
        assert_eq!(
            text(
                json!({"n": null, "t": true, "f": false, "i": 42, "fl": 1.5, "e": 1e20, "u": "naïve-ü 東京"})
            ),
            "1e+20\tFalse\t1.5\t42\tNone\tTrue\tnaïve-ü 東京\n"
        );
        assert_eq!(
            text(json!(["a", 1, null, true, 1.5])),
            "a\t1\tNone\tTrue\t1.5\n"
        );
        assert_eq!(text(json!("hello")), "hello\n");
        assert_eq!(text(Value::Null), "None\n");
        assert_eq!(text(json!([])), "");
        assert_eq!(text(json!({})), "");
    }

    #[test]
    fn a_list_of_dicts_has_the_union_of_their_scalar_keys() {
        assert_eq!(
            text(json!([{"b": 1, "a": "x"}, {"a": "y", "c": null}])),
            "x\t1\t\ny\t\tNone\n"
        );
        assert_eq!(text(json!(["a", ["b", "c"], "d"])), "a\td\nb\tc\n");
    }
}
