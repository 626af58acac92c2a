//! The queries on environment templates, each a method on an open transaction.

use rusqlite::{params, ErrorCode, OptionalExtension, Row};

use super::{StoreError, Tx};
use crate::domain::{EnvironmentTemplate, Tag, Timestamp};

const TEMPLATE_COLUMNS: &str = "name, region, account_id, display_name, description, \
     encryption_key, provisioning, recommended_version, created_at, last_modified_at";

fn template_from_row(row: &Row) -> rusqlite::Result<EnvironmentTemplate> {
    Ok(EnvironmentTemplate {
        name: row.get(0)?,
        region: row.get(1)?,
        account_id: row.get(2)?,
        display_name: row.get(3)?,
        description: row.get(4)?,
        encryption_key: row.get(5)?,
        provisioning: row.get(6)?,
        recommended_version: row.get(7)?,
        created_at: Timestamp::from_millis(row.get(8)?),
        last_modified_at: Timestamp::from_millis(row.get(9)?),
    })
}

/// How a stored template came to be: the parameters of the create that made it (canonical
/// JSON), and whether an update has changed it since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateOrigin {
    pub create_request: String,
    pub updated: bool,
}

impl Tx<'_> {
    /// The template `name` of `account_id` in `region`, if there is one.
    pub fn template(
        &self,
        region: &str,
        account_id: &str,
        name: &str,
    ) -> Result<Option<EnvironmentTemplate>, StoreError> {
        let sql = format!(
            "SELECT {TEMPLATE_COLUMNS} FROM environment_templates \
             WHERE region = ?1 AND account_id = ?2 AND name = ?3"
        );
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_row(params![region, account_id, name], template_from_row)
                    .optional()
            })
            .map_err(|err| self.fail(err))
    }

    /// How the template `name` came to be, if there is one.
    pub fn template_origin(
        &self,
        region: &str,
        account_id: &str,
        name: &str,
    ) -> Result<Option<TemplateOrigin>, StoreError> {
        self.tx
            .prepare_cached(
                "SELECT create_request, updated FROM environment_templates \
                 WHERE region = ?1 AND account_id = ?2 AND name = ?3",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![region, account_id, name], |row| {
                    Ok(TemplateOrigin {
                        create_request: row.get(0)?,
                        updated: row.get::<_, i64>(1)? != 0,
                    })
                })
                .optional()
            })
            .map_err(|err| self.fail(err))
    }

    /// How many templates the account has in `region`.
    pub fn count_templates(&self, region: &str, account_id: &str) -> Result<u64, StoreError> {
        self.tx
            .prepare_cached(
                "SELECT count(*) FROM environment_templates WHERE region = ?1 AND account_id = ?2",
            )
            .and_then(|mut stmt| stmt.query_row(params![region, account_id], |row| row.get(0)))
            .map_err(|err| self.fail(err))
    }

    /// Stores a new template with its tags (under its ARN). `false`, and nothing written, when
    /// the account already has a template of that name in the region.
    pub fn insert_template(
        &self,
        template: &EnvironmentTemplate,
        create_request: &str,
        tags: &[Tag],
    ) -> Result<bool, StoreError> {
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO environment_templates (name, region, account_id, display_name, \
                 description, encryption_key, provisioning, recommended_version, create_request, \
                 created_at, last_modified_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    template.name,
                    template.region,
                    template.account_id,
                    template.display_name,
                    template.description,
                    template.encryption_key,
                    template.provisioning,
                    template.recommended_version,
                    create_request,
                    template.created_at.millis(),
                    template.last_modified_at.millis(),
                ])
            });
        match inserted {
            Err(err) if err.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
                Ok(false)
            }
            Err(err) => Err(self.fail(err)),
            Ok(_) => {
                self.insert_tags(&template.arn(), tags)?;
                Ok(true)
            }
        }
    }

    /// Writes the template's display name, description and lastModifiedAt, and marks it updated.
    pub fn update_template(&self, template: &EnvironmentTemplate) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "UPDATE environment_templates SET display_name = ?4, description = ?5, \
                 last_modified_at = ?6, updated = 1 \
                 WHERE region = ?1 AND account_id = ?2 AND name = ?3",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    template.region,
                    template.account_id,
                    template.name,
                    template.display_name,
                    template.description,
                    template.last_modified_at.millis(),
                ])
            })
            .map(drop)
            .map_err(|err| self.fail(err))
    }

    /// Removes the template and its tags.
    pub fn delete_template(&self, template: &EnvironmentTemplate) -> Result<(), StoreError> {
        self.tx
            .execute("DELETE FROM tags WHERE resource_arn = ?1", [template.arn()])
            .and_then(|_| {
                self.tx.execute(
                    "DELETE FROM environment_templates \
                     WHERE region = ?1 AND account_id = ?2 AND name = ?3",
                    params![template.region, template.account_id, template.name],
                )
            })
            .map(drop)
            .map_err(|err| self.fail(err))
    }

    /// One page of the account's templates in `region`, in name order after the name `after`:
    /// a walk of the primary key. `limit` `None` is all.
    pub fn templates_page(
        &self,
        region: &str,
        account_id: &str,
        after: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<EnvironmentTemplate>, StoreError> {
        // SQLite takes a negative LIMIT as no limit.
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let sql = format!(
            "SELECT {TEMPLATE_COLUMNS} FROM environment_templates \
             WHERE region = ?1 AND account_id = ?2 AND (?3 IS NULL OR name > ?3) \
             ORDER BY name LIMIT ?4"
        );
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_map(params![region, account_id, after, limit], template_from_row)?
                    .collect()
            })
            .map_err(|err| self.fail(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn template(region: &str, account_id: &str, name: &str) -> EnvironmentTemplate {
        EnvironmentTemplate {
            name: name.to_string(),
            region: region.to_string(),
            account_id: account_id.to_string(),
            display_name: None,
            description: None,
            encryption_key: None,
            provisioning: None,
            recommended_version: None,
            created_at: Timestamp::from_millis(1_600_000_000_000),
            last_modified_at: Timestamp::from_millis(1_600_000_000_000),
        }
    }

    /// A name is one template per account and region; pages walk one (region, account) in name
    /// order from the page key; counts and deletes touch only their own.
    #[test]
    fn templates_are_kept_per_account_and_region_in_name_order() {
        let mut store = Store::open_in_memory().unwrap();
        let mine = ["c", "a", "b"].map(|name| template("us-east-1", "123456789012", name));
        let others = [
            template("eu-west-1", "123456789012", "a"),
            template("us-east-1", "111122223333", "a"),
        ];
        store
            .write(|tx| {
                for template in mine.iter().chain(&others) {
                    assert!(tx.insert_template(template, "{}", &[])?);
                }
                // The same name again in the same account and region: refused, nothing written.
                assert!(!tx.insert_template(&mine[0], "{}", &[])?);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let mut names = |after: Option<&str>, limit: Option<usize>| -> Vec<String> {
            let page = store
                .read(|tx| tx.templates_page("us-east-1", "123456789012", after, limit))
                .unwrap();
            page.into_iter().map(|t| t.name).collect()
        };
        assert_eq!(names(None, None), ["a", "b", "c"]);
        assert_eq!(names(None, Some(2)), ["a", "b"]);
        assert_eq!(names(Some("b"), Some(2)), ["c"]);
        store
            .write(|tx| {
                assert_eq!(tx.count_templates("us-east-1", "123456789012")?, 3);
                tx.delete_template(&mine[1])?;
                assert_eq!(tx.count_templates("us-east-1", "123456789012")?, 2);
                assert_eq!(tx.count_templates("eu-west-1", "123456789012")?, 1);
                assert!(tx.template("us-east-1", "123456789012", "a")?.is_none());
                assert!(tx.template("us-east-1", "111122223333", "a")?.is_some());
                Ok::<_, StoreError>(())
            })
            .unwrap();
    }
}
