//! The AWS model's shapes of each operation's input and output, as AWS CLI 2.9.19 loads them
//! (its own copy of the Proton model): members in the model's order, with the kind, minimum and
//! documentation overview of each (`get_shape_doc_overview`, the first sentence). The command
//! line checks parameters, reads `--cli-input-json` and writes `--generate-cli-skeleton` from
//! these, as the AWS CLI does from its model.

use crate::service::Operation;

/// One member of a structure.
#[derive(Debug)]
pub struct Member {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// The model's `idempotencyToken`: a client fills it with a new UUID when the call has none.
    pub idempotency_token: bool,
    /// The first sentence of the member's documentation.
    pub doc: &'static str,
}

#[derive(Debug)]
pub enum Kind {
    String { min: usize },
    Enum(&'static [&'static str]),
    Integer { min: i64 },
    Timestamp,
    List(&'static Kind),
    Structure(&'static [Member]),
}

#[rustfmt::skip]
mod generated;

/// The input shape of `operation`.
pub fn input(operation: Operation) -> &'static [Member] {
    generated::input(operation.name()).expect("every operation is in the generated shapes")
}

/// The output shape of `operation`.
pub fn output(operation: Operation) -> &'static [Member] {
    generated::output(operation.name()).expect("every operation is in the generated shapes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_its_shapes() {
        for &operation in Operation::ALL {
            assert!(!input(operation).is_empty(), "{}", operation.name());
            // TagResource and UntagResource answer the model's empty structure.
            let empty_reply =
                matches!(operation, Operation::TagResource | Operation::UntagResource);
            assert_eq!(
                output(operation).is_empty(),
                empty_reply,
                "{}",
                operation.name()
            );
        }
    }
}
