//! `--query`: a JMESPath expression, compiled once before the command runs and applied to the
//! reply before it is formatted, by Python jmespath's rules and with its messages.

use serde_json::Value;

use super::python_jmespath::{self, Ast};

pub struct Query {
    text: String,
    ast: Ast,
}

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Query({:?})", self.text)
    }
}

impl Query {
    /// A bad expression is the AWS CLI's `Bad value for --query <expr>: <why>` (exit 252).
    pub fn compile(text: &str) -> Result<Query, String> {
        let ast = python_jmespath::parse(text)
            .map_err(|message| format!("Bad value for --query {text}: {message}"))?;
        Ok(Query {
            text: text.to_string(),
            ast,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The expression applied to `data`. An error is the message the AWS CLI prints when the
    /// search fails (an unknown function, a wrong argument), which ends it with exit 255.
    pub fn search(&self, data: &Value) -> Result<Value, String> {
        python_jmespath::search(&self.ast, data)
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
        assert_eq!(
            search("length(`1`)"),
            "In function length(), invalid type for value: 1, expected one of: ['string', 'array', 'object'], received: \"number\""
        );
        assert_eq!(search("`[1]`[::0]"), "slice step cannot be zero");
    }

    #[test]
    fn whole_numbers_of_any_size_stay_whole() {
        let search = |q: &str| Query::compile(q).unwrap().search(&json!({})).unwrap();
        assert_eq!(
            serde_json::to_string(&search(
                "[`100000000000000000000`, `-100000000000000000000`, `1e20`, ceil(`1e20`)]"
            ))
            .unwrap(),
            "[100000000000000000000,-100000000000000000000,1e+20,100000000000000000000]"
        );
    }

    #[test]
    fn objects_keep_the_order_of_their_keys() {
        let data = json!({"b": 1, "a": 2});
        let search = |q: &str| Query::compile(q).unwrap().search(&data).unwrap();
        assert_eq!(search("keys(@)"), json!(["b", "a"]));
        assert_eq!(
            serde_json::to_string(&search("merge(@, {c: `3`, b: `4`})")).unwrap(),
            r#"{"b":4,"a":2,"c":3}"#
        );
    }
}
