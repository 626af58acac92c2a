//! A request's parameters as the AWS CLI builds and checks them before it calls: the options
//! given on the command line, in the model's member order, then whatever `--cli-input-json` or
//! `--cli-input-yaml` adds; then botocore's `ParamValidator` over the model's shapes (required
//! members, unknown members, types, minimum lengths and values), each problem one line under
//! `Parameter validation failed:`, exit 252. Patterns, maximums, enums and the rules of the
//! contract are the service's to refuse, with exit 254.

use serde_json::{Map, Value};

use super::{python_json, shorthand};
use crate::cli::InputArgs;
use crate::error::CliError;
use crate::output::python;
use crate::service::Operation;
use crate::shapes::{self, Kind, Member};

/// The parameters of `operation`: `given` on the command line (member name and value, any
/// order), then the members of the `--cli-input-*` document that the command line did not give.
pub fn assemble(
    operation: Operation,
    given: Vec<(&'static str, Value)>,
    input: &InputArgs,
) -> Result<Map<String, Value>, CliError> {
    let mut params = Map::new();
    for member in shapes::input(operation) {
        if let Some((_, value)) = given.iter().find(|(name, _)| *name == member.name) {
            params.insert(member.name.to_string(), value.clone());
        }
    }
    if let Some(document) = cli_input(input)? {
        for (key, value) in document {
            params.entry(key).or_insert(value);
        }
    }
    Ok(params)
}

/// The values of an option whose shape is a list of structures (`--tags`), unpacked as the AWS
/// CLI's `argprocess` does: shorthand (`key=a,value=b`), one value per item, unless the first
/// value looks like JSON; then one JSON list, or one JSON object per item. What comes out is
/// the validator's to judge.
pub fn list_of_structures(option: &str, values: &[String]) -> Result<Value, CliError> {
    let refused = |message: String| {
        CliError::parameter(format!("Error parsing parameter '{option}': {message}"))
    };
    let json = |value: &str| {
        python_json::loads(value)
            .map_err(|error| refused(format!("Invalid JSON: {error}\nJSON received: {value}")))
    };
    let first = values
        .first()
        .map_or("", |value| value.trim_matches(python::is_space));
    if !(first.starts_with('[') || first.starts_with('{')) {
        let items = values
            .iter()
            .map(|value| shorthand::parse(value).map_err(|error| refused(error.to_string())))
            .collect::<Result<_, _>>()?;
        return Ok(Value::Array(items));
    }
    if let [value] = values {
        if first.starts_with('[') {
            return json(value);
        }
    }
    let items = values
        .iter()
        .map(
            |value| match value.trim_start_matches(python::is_space).chars().next() {
                Some('{') => json(value),
                Some(_) => Err(refused(format!("Invalid JSON:\n{value}"))),
                // Python's IndexError from `value.lstrip()[0]`, which the AWS CLI does not catch.
                None => Err(CliError::aws_cli("string index out of range")),
            },
        )
        .collect::<Result<_, _>>()?;
    Ok(Value::Array(items))
}

/// The value of an option whose shape is a structure (`--source`), unpacked as the AWS CLI's
/// `argprocess` does: shorthand (`s3={bucket=b,key=k}`) unless it starts with `[` or `{`; then
/// JSON, which must be an object (`{`): a `[` is refused as invalid JSON, as the AWS CLI refuses
/// it. What comes out is the validator's to judge.
pub fn single_structure(option: &str, value: &str) -> Result<Value, CliError> {
    let refused = |message: String| {
        CliError::parameter(format!("Error parsing parameter '{option}': {message}"))
    };
    let stripped = value.trim_matches(python::is_space);
    if !(stripped.starts_with('[') || stripped.starts_with('{')) {
        return shorthand::parse(value).map_err(|error| refused(error.to_string()));
    }
    if value.trim_start_matches(python::is_space).starts_with('{') {
        python_json::loads(value)
            .map_err(|error| refused(format!("Invalid JSON: {error}\nJSON received: {value}")))
    } else {
        Err(refused(format!("Invalid JSON:\n{value}")))
    }
}

/// The values of an option whose shape is a list of strings (`--tag-keys`), as the AWS CLI's
/// `argprocess` unpacks them: one JSON list when the only value starts with `[`, else each value
/// as it is (no shorthand: the AWS CLI keeps that for lists of structures).
pub fn list_of_scalars(option: &str, values: &[String]) -> Result<Value, CliError> {
    if let [value] = values {
        if value.trim_matches(python::is_space).starts_with('[') {
            return python_json::loads(value).map_err(|error| {
                CliError::parameter(format!(
                    "Error parsing parameter '{option}': Invalid JSON: {error}\nJSON received: {value}"
                ))
            });
        }
    }
    Ok(Value::Array(
        values.iter().cloned().map(Value::String).collect(),
    ))
}

/// The `--cli-input-json` or `--cli-input-yaml` document, as a map.
fn cli_input(input: &InputArgs) -> Result<Option<Map<String, Value>>, CliError> {
    let (option, document) = match (&input.cli_input_json, &input.cli_input_yaml) {
        (Some(_), Some(_)) => {
            return Err(CliError::parameter(
                "Only one --cli-input- parameter may be specified.",
            ))
        }
        (Some(json), None) => (
            "cli-input-json",
            serde_json::from_str::<Value>(json).map_err(|_| "Invalid JSON received."),
        ),
        (None, Some(yaml)) => (
            "cli-input-yaml",
            serde_yaml_ng::from_str::<Value>(yaml).map_err(|_| "Invalid YAML received."),
        ),
        (None, None) => return Ok(None),
    };
    match document {
        Ok(Value::Object(map)) => Ok(Some(map)),
        Ok(other) => Err(CliError::parameter(format!(
            "Error parsing parameter '--{option}': Invalid type: expecting map, received {}",
            python_type(&other)
        ))),
        Err(reason) => Err(CliError::parameter(format!(
            "Error parsing parameter '{option}': {reason}"
        ))),
    }
}

/// Refuses `params` as botocore would before sending them.
pub fn check(operation: Operation, params: &Map<String, Value>) -> Result<(), CliError> {
    let mut problems = Vec::new();
    structure(shapes::input(operation), params, "input", &mut problems);
    if problems.is_empty() {
        return Ok(());
    }
    Err(CliError::parameter(format!(
        "Parameter validation failed:\n{}",
        problems.join("\n")
    )))
}

fn structure(
    members: &[Member],
    params: &Map<String, Value>,
    name: &str,
    problems: &mut Vec<String>,
) {
    for member in members.iter().filter(|member| member.required) {
        if !params.contains_key(member.name) {
            problems.push(format!(
                "Missing required parameter in {name}: \"{}\"",
                member.name
            ));
        }
    }
    // Unknown members first, then each known one, as botocore reports them.
    let known = |key: &str| members.iter().find(|member| member.name == key);
    for key in params.keys().filter(|key| known(key).is_none()) {
        problems.push(format!(
            "Unknown parameter in {name}: \"{key}\", must be one of: {}",
            members
                .iter()
                .map(|member| member.name)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (key, value) in params {
        if let Some(member) = known(key) {
            let path = if name == "input" {
                key.clone()
            } else {
                format!("{name}.{key}")
            };
            self::value(&member.kind, value, &path, problems);
        }
    }
}

fn value(kind: &Kind, value: &Value, name: &str, problems: &mut Vec<String>) {
    let wrong_type = |valid: &str, problems: &mut Vec<String>| {
        problems.push(format!(
            "Invalid type for parameter {name}, value: {}, type: {}, valid types: {valid}",
            python::str_any(value),
            python_type(value)
        ));
    };
    match kind {
        Kind::String { min } => match value {
            Value::String(text) => {
                let length = text.chars().count();
                if length < *min {
                    problems.push(format!(
                        "Invalid length for parameter {name}, value: {length}, valid min length: {min}"
                    ));
                }
            }
            _ => wrong_type("<class 'str'>", problems),
        },
        Kind::Enum(_) | Kind::Timestamp => {
            if !value.is_string() {
                wrong_type("<class 'str'>", problems);
            }
        }
        // Python's int: any whole number, and a bool, which is an int there.
        Kind::Integer { min } => {
            let below_min = match value {
                Value::Bool(flag) => Some(i64::from(*flag) < *min),
                Value::Number(number) if python::is_int(number) => Some(match number.as_i64() {
                    Some(whole) => whole < *min,
                    // Beyond 64 bits: below any minimum when negative.
                    None => number.to_string().starts_with('-'),
                }),
                _ => None,
            };
            match below_min {
                Some(true) => problems.push(format!(
                    "Invalid value for parameter {name}, value: {}, valid min value: {min}",
                    python::str_any(value)
                )),
                Some(false) => {}
                None => wrong_type("<class 'int'>", problems),
            }
        }
        Kind::List(item) => match value {
            Value::Array(items) => {
                for (index, element) in items.iter().enumerate() {
                    self::value(item, element, &format!("{name}[{index}]"), problems);
                }
            }
            _ => wrong_type("<class 'list'>, <class 'tuple'>", problems),
        },
        Kind::Structure(members) => match value {
            Value::Object(map) => structure(members, map, name, problems),
            _ => wrong_type("<class 'dict'>", problems),
        },
    }
}

/// Python's `type(value)` for what `json.loads` makes of it.
fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(number) if !python::is_int(number) => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_print_as_python_prints_them() {
        assert_eq!(python::str_any(&json!("2")), "2");
        assert_eq!(python::str_any(&json!(1.5)), "1.5");
        assert_eq!(
            python::str_any(&json!([1, "a", null, true])),
            "[1, 'a', None, True]"
        );
        assert_eq!(python::str_any(&json!({"k": "it's"})), r#"{'k': "it's"}"#);
    }

    use proptest::prelude::*;

    proptest! {
        /// Any values of `--tags`, shorthand, JSON or neither: a list or the AWS CLI's refusal,
        /// never a panic.
        #[test]
        fn any_tags_values_are_unpacked_or_refused_without_a_panic(
            values in proptest::collection::vec("[\\[\\]{}\"':=, a-z0-9\\\\]{0,16}", 1..3)
        ) {
            match list_of_structures("--tags", &values) {
                Ok(value) => prop_assert!(value.is_array()),
                Err(error) => prop_assert!(matches!(error.exit_code(), 252 | 255)),
            }
        }
    }
}
