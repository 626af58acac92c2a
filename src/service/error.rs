//! The one error type at the domain boundary: a variant per AWS error code, plus the local
//! failures (the database, the file system) that no AWS caller would ever see as a refusal.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    Validation(String),
    #[error("{0}")]
    ResourceNotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    AccessDenied(String),
    #[error("{0}")]
    ServiceQuotaExceeded(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ServiceError {
    /// The AWS error code, as it appears in `An error occurred (<Code>)` and in `__type`.
    /// `None` for a local failure, which is not a refusal by the service.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            ServiceError::Validation(_) => Some("ValidationException"),
            ServiceError::ResourceNotFound(_) => Some("ResourceNotFoundException"),
            ServiceError::Conflict(_) => Some("ConflictException"),
            ServiceError::AccessDenied(_) => Some("AccessDeniedException"),
            ServiceError::ServiceQuotaExceeded(_) => Some("ServiceQuotaExceededException"),
            ServiceError::Store(_) => None,
        }
    }

    /// The HTTP status the model gives each error (the Smithy `httpError` traits).
    pub fn http_status(&self) -> u16 {
        match self {
            ServiceError::Validation(_) => 400,
            ServiceError::ServiceQuotaExceeded(_) => 402,
            ServiceError::AccessDenied(_) => 403,
            ServiceError::ResourceNotFound(_) => 404,
            ServiceError::Conflict(_) => 409,
            ServiceError::Store(_) => 500,
        }
    }
}
