//! The AWS CLI's own check of a request before it calls (botocore's `ParamValidator`): the
//! model's minimum lengths and minimum values, each problem one line under `Parameter validation
//! failed:`, exit 252, members in the model's order. Everything else (patterns, maximums, enums,
//! the rules of the contract) is the service's to refuse, with exit 254.

use crate::error::CliError;
use crate::service::{Request, Tag};

/// Refuses `request` as the AWS CLI would before sending it.
pub fn check(request: &Request) -> Result<(), CliError> {
    let mut problems = Problems::default();
    match request {
        Request::Create(input) => {
            problems.min_length("codebuildRoleArn", input.codebuild_role_arn.as_deref(), 1);
            problems.min_length("componentRoleArn", input.component_role_arn.as_deref(), 1);
            problems.min_length("environmentName", Some(&input.environment_name), 1);
            problems.min_length("roleArn", input.role_arn.as_deref(), 1);
            problems.tags(&input.tags);
        }
        Request::Update(input) => {
            problems.min_length("codebuildRoleArn", input.codebuild_role_arn.as_deref(), 1);
            problems.min_length("componentRoleArn", input.component_role_arn.as_deref(), 1);
            problems.min_length("roleArn", input.role_arn.as_deref(), 1);
        }
        Request::List(input) => {
            problems.min_length("environmentName", input.environment_name.as_deref(), 1);
            problems.min_value("maxResults", input.max_results, 1);
        }
        // An id has no minimum length in the model: an empty one is the service's to refuse.
        Request::Accept(_) | Request::Reject(_) | Request::Get(_) | Request::Delete(_) => {}
    }
    problems.into_result()
}

#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn min_length(&mut self, member: &str, value: Option<&str>, min: usize) {
        // botocore counts characters (Python's len of a str).
        if let Some(length) = value.map(|value| value.chars().count()) {
            if length < min {
                self.0.push(format!(
                    "Invalid length for parameter {member}, value: {length}, valid min length: {min}"
                ));
            }
        }
    }

    fn min_value(&mut self, member: &str, value: Option<i64>, min: i64) {
        if let Some(value) = value.filter(|value| *value < min) {
            self.0.push(format!(
                "Invalid value for parameter {member}, value: {value}, valid min value: {min}"
            ));
        }
    }

    /// A tag's key has a minimum length of 1; its value may be empty.
    fn tags(&mut self, tags: &[Tag]) {
        for (index, tag) in tags.iter().enumerate() {
            self.min_length(&format!("tags[{index}].key"), Some(&tag.key), 1);
        }
    }

    fn into_result(self) -> Result<(), CliError> {
        if self.0.is_empty() {
            return Ok(());
        }
        Err(CliError::Parameter(format!(
            "Parameter validation failed:\n{}",
            self.0.join("\n")
        )))
    }
}
