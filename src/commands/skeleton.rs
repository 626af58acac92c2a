//! `--generate-cli-skeleton`, as AWS CLI 2.9.19 writes it from the model (botocore's
//! `ArgumentGenerator`): every member of the input with an empty value (an enum its first value,
//! a number 0, a list one element), as JSON or as YAML with each member's documentation in a
//! comment; or a made-up output whose strings are their members' names.

use serde_json::{Map, Value};

use crate::shapes::{Kind, Member};

/// The input skeleton, as JSON for `--cli-input-json`.
pub fn input_json(members: &[Member]) -> Value {
    structure(members, false)
}

/// A reply of the output shape, printed as a real one would be.
pub fn output(members: &[Member]) -> Value {
    structure(members, true)
}

fn structure(members: &[Member], names: bool) -> Value {
    let mut map = Map::new();
    for member in members {
        map.insert(
            member.name.to_string(),
            value(&member.kind, member.name, names),
        );
    }
    Value::Object(map)
}

fn value(kind: &Kind, name: &str, names: bool) -> Value {
    match kind {
        Kind::String { .. } if names => Value::String(name.to_string()),
        Kind::String { .. } => Value::String(String::new()),
        Kind::Enum(values) if names => Value::String(name.to_string()),
        Kind::Enum(values) => Value::String(values[0].to_string()),
        Kind::Integer { .. } => Value::from(0),
        Kind::Timestamp => Value::String("1970-01-01T00:00:00".into()),
        Kind::List(item) => Value::Array(vec![value(item, name, names)]),
        Kind::Structure(members) => structure(members, names),
    }
}

/// The input skeleton as YAML for `--cli-input-yaml`, as ruamel.yaml writes it with an
/// end-of-line comment on each member: `[REQUIRED]`, the documentation's first sentence, and an
/// enum's values. (ruamel puts two spaces before the first comment of a mapping, whatever its first member
/// holds, and one before each later one.)
pub fn input_yaml(members: &[Member]) -> String {
    let mut out = String::new();
    yaml_mapping(members, "", "", &mut out);
    out
}

fn yaml_mapping(members: &[Member], first_prefix: &str, prefix: &str, out: &mut String) {
    for (index, member) in members.iter().enumerate() {
        let lead = if index == 0 { first_prefix } else { prefix };
        let gap = if index == 0 { "  " } else { " " };
        let comment = comment(member);
        let comment_after = |out: &mut String, gap: &str| {
            if !comment.is_empty() {
                out.push_str(gap);
                out.push_str(&comment);
            }
            out.push('\n');
        };
        match &member.kind {
            Kind::List(item) => {
                out.push_str(&format!("{lead}{}:", member.name));
                comment_after(out, gap);
                match item {
                    Kind::Structure(fields) => {
                        yaml_mapping(fields, &format!("{prefix}- "), &format!("{prefix}  "), out)
                    }
                    scalar => out.push_str(&format!("{prefix}- {}\n", yaml_scalar(scalar))),
                }
            }
            Kind::Structure(fields) => {
                out.push_str(&format!("{lead}{}:", member.name));
                comment_after(out, gap);
                yaml_mapping(fields, &format!("{prefix}  "), &format!("{prefix}  "), out);
            }
            scalar => {
                out.push_str(&format!("{lead}{}: {}", member.name, yaml_scalar(scalar)));
                comment_after(out, gap);
            }
        }
    }
}

fn yaml_scalar(kind: &Kind) -> String {
    match kind {
        Kind::Enum(values) => values[0].to_string(),
        Kind::Integer { .. } => "0".into(),
        _ => "''".into(),
    }
}

fn comment(member: &Member) -> String {
    let mut parts = Vec::new();
    if member.required {
        parts.push("[REQUIRED]".to_string());
    }
    if !member.doc.is_empty() {
        parts.push(member.doc.to_string());
    }
    if let Kind::Enum(values) = member.kind {
        parts.push(format!("Valid values are: {}.", values.join(", ")));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("# {}", parts.join(" "))
    }
}
