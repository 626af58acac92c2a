//! What proton-local keeps and reasons about, below both the rules (`service`) and the SQL
//! (`store`): the caller, the resources, instants, and the position a page ends at. Both layers
//! depend on this one; neither depends on the other's types.

mod environment;
mod event;
mod records;
mod template;
mod time;

pub use environment::{environment_arn, Environment, DELETE_COMPLETE, DEPLOYMENT_TYPES, SUCCEEDED};
pub use event::{StatusChange, DELETED, DETAIL_TYPE};
pub use records::{partition_of, Caller, Connection, RequestedBy, Roles, Status, Tag};
pub use template::{
    template_arn, template_version_arn, version_part_order, EnvironmentTemplate,
    EnvironmentTemplateVersion, PROVISIONING, TEMPLATE_VERSION_STATUSES,
};
pub use time::Timestamp;

/// The last row of a page: the next page starts after it, in (requestedAt, id) order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageKey {
    pub requested_at: Timestamp,
    pub id: String,
}
