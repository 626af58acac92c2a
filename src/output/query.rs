//! `--query`: a JMESPath expression, compiled once before the command runs and applied to the
//! reply before it is formatted, with the AWS CLI's messages for a bad expression.

use jmespath::ast::Ast;
use jmespath::{ErrorReason, Expression, JmespathError, RuntimeError};
use serde_json::{Map, Value};

use super::python_jmespath;

pub struct Query {
    text: String,
    expression: Expression<'static>,
    /// The keys of each multiselect hash (`{a: x, b: y}`), in the order the expression names them.
    hash_orders: Vec<Vec<String>>,
}

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Query({:?})", self.text)
    }
}

impl Query {
    /// A bad expression is the AWS CLI's `Bad value for --query <expr>: <why>` (exit 252).
    pub fn compile(text: &str) -> Result<Query, String> {
        if let Some(message) = python_jmespath::parse_error(text) {
            return Err(format!("Bad value for --query {text}: {message}"));
        }
        let expression = jmespath::compile(text)
            .map_err(|err| format!("Bad value for --query {text}: {}", parse_error(&err)))?;
        let mut hash_orders = Vec::new();
        collect_hash_orders(expression.as_ast(), &mut hash_orders);
        Ok(Query {
            text: text.to_string(),
            expression,
            hash_orders,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The expression applied to `data`. An error is the message the AWS CLI prints when the
    /// search fails (an unknown function, a wrong argument), which ends it with exit 255.
    pub fn search(&self, data: &Value) -> Result<Value, String> {
        let result = self
            .expression
            .search(data.clone())
            .map_err(|err| runtime_error(self.expression.as_ast(), &err))?;
        let result = serde_json::to_value(&*result).expect("a JMESPath value is JSON");
        // The crate keeps objects in sorted maps; Python keeps the order it met the keys in.
        let mut orders = self.hash_orders.clone();
        collect_object_orders(data, &mut orders);
        Ok(restore_order(result, &orders))
    }
}

/// What the crate says where it refuses an expression Python's jmespath accepts (the AWS CLI's
/// deprecated bare literal `` `tru` ``, an index written `-01`): the AWS CLI would run it.
fn parse_error(err: &JmespathError) -> String {
    let reason = match &err.reason {
        ErrorReason::Parse(reason) => reason.clone(),
        ErrorReason::Runtime(reason) => reason.to_string(),
    };
    format!(
        "proton-local's JMESPath library does not support this expression, which the AWS CLI \
         accepts: {reason} at column {}",
        err.column
    )
}

/// Python jmespath's words for the errors a search can raise.
fn runtime_error(ast: &Ast, err: &JmespathError) -> String {
    let function = function_at(ast, err.offset).unwrap_or_default();
    match &err.reason {
        ErrorReason::Runtime(RuntimeError::UnknownFunction(name)) => {
            format!("Unknown function: {name}()")
        }
        ErrorReason::Runtime(
            RuntimeError::TooManyArguments { expected, actual }
            | RuntimeError::NotEnoughArguments { expected, actual },
        ) => format!(
            "Expected {expected} argument{} for function {function}(), received {actual}",
            if *expected == 1 { "" } else { "s" }
        ),
        ErrorReason::Runtime(RuntimeError::InvalidSlice) => "slice step cannot be zero".to_string(),
        ErrorReason::Runtime(other) => format!("In function {function}(): {other}"),
        ErrorReason::Parse(reason) => reason.clone(),
    }
}

/// The name of the function called at `offset` in the expression.
fn function_at(ast: &Ast, offset: usize) -> Option<String> {
    let mut found = None;
    walk(ast, &mut |node| {
        if let Ast::Function {
            offset: at, name, ..
        } = node
        {
            if *at == offset {
                found = Some(name.clone());
            }
        }
    });
    found
}

/// Calls `visit` on every node of the expression.
fn walk(ast: &Ast, visit: &mut dyn FnMut(&Ast)) {
    visit(ast);
    match ast {
        Ast::MultiHash { elements, .. } => {
            elements.iter().for_each(|pair| walk(&pair.value, visit))
        }
        Ast::Comparison { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. } => {
            walk(lhs, visit);
            walk(rhs, visit);
        }
        Ast::Condition {
            predicate, then, ..
        } => {
            walk(predicate, visit);
            walk(then, visit);
        }
        Ast::Expref { ast, .. }
        | Ast::Not { node: ast, .. }
        | Ast::Flatten { node: ast, .. }
        | Ast::ObjectValues { node: ast, .. } => walk(ast, visit),
        Ast::Function { args, .. } | Ast::MultiList { elements: args, .. } => {
            args.iter().for_each(|a| walk(a, visit))
        }
        Ast::Identity { .. }
        | Ast::Field { .. }
        | Ast::Index { .. }
        | Ast::Literal { .. }
        | Ast::Slice { .. } => {}
    }
}

/// The keys of each multiselect hash, in the order the expression names them.
fn collect_hash_orders(ast: &Ast, orders: &mut Vec<Vec<String>>) {
    walk(ast, &mut |node| {
        if let Ast::MultiHash { elements, .. } = node {
            orders.push(elements.iter().map(|pair| pair.key.clone()).collect());
        }
    });
}

fn collect_object_orders(value: &Value, orders: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            orders.push(map.keys().cloned().collect());
            map.values().for_each(|v| collect_object_orders(v, orders));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_object_orders(v, orders)),
        _ => {}
    }
}

/// Each object of the result gets the key order of the first known object (a multiselect hash of
/// the expression, else an object of the input) with the same keys; others stay sorted.
fn restore_order(value: Value, orders: &[Vec<String>]) -> Value {
    match value {
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| restore_order(item, orders))
                .collect(),
        ),
        Value::Object(mut map) => {
            let order = orders.iter().find(|keys| {
                keys.len() == map.len() && keys.iter().all(|key| map.contains_key(key))
            });
            let keys: Vec<String> = match order {
                Some(keys) => keys.clone(),
                None => map.keys().cloned().collect(),
            };
            let mut ordered = Map::new();
            for key in keys {
                if let Some(value) = map.remove(&key) {
                    ordered.insert(key, restore_order(value, orders));
                }
            }
            Value::Object(ordered)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_unfinished_expression_is_the_aws_cli_message() {
        assert_eq!(
            Query::compile("a[").unwrap_err(),
            "Bad value for --query a[: Invalid jmespath expression: Incomplete expression:\n\"a[\"\n   ^"
        );
        assert_eq!(
            Query::compile("length(").unwrap_err(),
            "Bad value for --query length(: Invalid jmespath expression: Incomplete expression:\n\"length(\"\n        ^"
        );
    }

    #[test]
    fn multiselect_hashes_keep_the_expression_order() {
        let data = json!({"c": {"z": 1, "a": 2, "m": 3}, "list": [{"id": "1", "s": "P"}]});
        let query =
            Query::compile("{s: c.m, a: c.a, whole: c, ids: list[].{s: s, id: id}}").unwrap();
        let result = query.search(&data).unwrap();
        assert_eq!(
            serde_json::to_string(&result).unwrap(),
            r#"{"s":3,"a":2,"whole":{"z":1,"a":2,"m":3},"ids":[{"s":"P","id":"1"}]}"#
        );
    }

    #[test]
    fn projections_filters_and_functions() {
        let data =
            json!({"xs": [{"id": "a", "status": "PENDING"}, {"id": "b", "status": "CONNECTED"}]});
        let search = |q: &str| Query::compile(q).unwrap().search(&data).unwrap();
        assert_eq!(search("xs[].id"), json!(["a", "b"]));
        assert_eq!(search("xs[?status=='PENDING'].id"), json!(["a"]));
        assert_eq!(search("length(xs)"), json!(2));
        assert_eq!(search("sort_by(xs, &id)[-1].id"), json!("b"));
        assert_eq!(search("nothing"), Value::Null);
    }

    #[test]
    fn search_errors_are_python_jmespaths_words() {
        let data = json!({});
        let search = |q: &str| Query::compile(q).unwrap().search(&data).unwrap_err();
        assert_eq!(search("nope(a)"), "Unknown function: nope()");
        assert_eq!(
            search("length(a, b)"),
            "Expected 1 argument for function length(), received 2"
        );
    }
}
