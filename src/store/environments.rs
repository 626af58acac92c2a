//! The queries on environments, each a method on an open transaction.

use rusqlite::{params, ErrorCode, OptionalExtension, Row};

use super::{StoreError, Tx};
use crate::domain::{Environment, Tag, Timestamp};

const ENVIRONMENT_COLUMNS: &str = "name, region, account_id, description, spec, template_name, \
     template_major_version, template_minor_version, environment_account_connection_id, \
     environment_account_id, proton_service_role_arn, codebuild_role_arn, component_role_arn, \
     provisioning, deployment_status, created_at, last_deployment_attempted_at, \
     last_deployment_succeeded_at";

fn environment_from_row(row: &Row) -> rusqlite::Result<Environment> {
    Ok(Environment {
        name: row.get(0)?,
        region: row.get(1)?,
        account_id: row.get(2)?,
        description: row.get(3)?,
        spec: row.get(4)?,
        template_name: row.get(5)?,
        template_major_version: row.get(6)?,
        template_minor_version: row.get(7)?,
        environment_account_connection_id: row.get(8)?,
        environment_account_id: row.get(9)?,
        proton_service_role_arn: row.get(10)?,
        codebuild_role_arn: row.get(11)?,
        component_role_arn: row.get(12)?,
        provisioning: row.get(13)?,
        deployment_status: row.get(14)?,
        created_at: Timestamp::from_millis(row.get(15)?),
        last_deployment_attempted_at: Timestamp::from_millis(row.get(16)?),
        last_deployment_succeeded_at: Timestamp::from_millis(row.get(17)?),
    })
}

/// How a stored environment came to be: its create's parameters (canonical JSON), and whether
/// an update has changed it since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentOrigin {
    pub create_request: String,
    pub updated: bool,
}

impl Tx<'_> {
    /// The environment `name` of `account_id` in `region`, if there is one.
    pub fn environment(
        &self,
        region: &str,
        account_id: &str,
        name: &str,
    ) -> Result<Option<Environment>, StoreError> {
        let sql = format!(
            "SELECT {ENVIRONMENT_COLUMNS} FROM environments \
             WHERE region = ?1 AND account_id = ?2 AND name = ?3"
        );
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_row(params![region, account_id, name], environment_from_row)
                    .optional()
            })
            .map_err(|err| self.fail(err))
    }

    /// How the environment `name` came to be, if there is one.
    pub fn environment_origin(
        &self,
        region: &str,
        account_id: &str,
        name: &str,
    ) -> Result<Option<EnvironmentOrigin>, StoreError> {
        self.tx
            .prepare_cached(
                "SELECT create_request, updated FROM environments \
                 WHERE region = ?1 AND account_id = ?2 AND name = ?3",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![region, account_id, name], |row| {
                    Ok(EnvironmentOrigin {
                        create_request: row.get(0)?,
                        updated: row.get::<_, i64>(1)? != 0,
                    })
                })
                .optional()
            })
            .map_err(|err| self.fail(err))
    }

    /// The name of an environment made from the template version `major.minor`, if one is.
    pub fn environment_using_version(
        &self,
        region: &str,
        account_id: &str,
        template_name: &str,
        major: &str,
        minor: &str,
    ) -> Result<Option<String>, StoreError> {
        self.tx
            .prepare_cached(
                "SELECT name FROM environments WHERE region = ?1 AND account_id = ?2 \
                 AND template_name = ?3 AND template_major_version = ?4 \
                 AND template_minor_version = ?5 ORDER BY name LIMIT 1",
            )
            .and_then(|mut stmt| {
                stmt.query_row(
                    params![region, account_id, template_name, major, minor],
                    |row| row.get(0),
                )
                .optional()
            })
            .map_err(|err| self.fail(err))
    }

    /// How many environments the account has in `region`.
    pub fn count_environments(&self, region: &str, account_id: &str) -> Result<u64, StoreError> {
        self.tx
            .prepare_cached(
                "SELECT count(*) FROM environments WHERE region = ?1 AND account_id = ?2",
            )
            .and_then(|mut stmt| stmt.query_row(params![region, account_id], |row| row.get(0)))
            .map_err(|err| self.fail(err))
    }

    /// Stores a new environment with its tags (under its ARN). `false`, and nothing written,
    /// when the account already has an environment of that name in the region.
    pub fn insert_environment(
        &self,
        environment: &Environment,
        create_request: &str,
        tags: &[Tag],
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "INSERT INTO environments ({ENVIRONMENT_COLUMNS}, create_request) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
             ?18, ?19)"
        );
        let e = environment;
        let inserted = self.tx.prepare_cached(&sql).and_then(|mut stmt| {
            stmt.execute(params![
                e.name,
                e.region,
                e.account_id,
                e.description,
                e.spec,
                e.template_name,
                e.template_major_version,
                e.template_minor_version,
                e.environment_account_connection_id,
                e.environment_account_id,
                e.proton_service_role_arn,
                e.codebuild_role_arn,
                e.component_role_arn,
                e.provisioning,
                e.deployment_status,
                e.created_at.millis(),
                e.last_deployment_attempted_at.millis(),
                e.last_deployment_succeeded_at.millis(),
                create_request,
            ])
        });
        match inserted {
            Err(err) if err.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
                Ok(false)
            }
            Err(err) => Err(self.fail(err)),
            Ok(_) => {
                self.insert_tags(&e.arn(), tags)?;
                Ok(true)
            }
        }
    }

    /// Writes every member an update can change, and marks the environment updated.
    pub fn update_environment(&self, environment: &Environment) -> Result<(), StoreError> {
        let e = environment;
        self.tx
            .prepare_cached(
                "UPDATE environments SET description = ?4, spec = ?5, \
                 template_major_version = ?6, template_minor_version = ?7, \
                 environment_account_connection_id = ?8, environment_account_id = ?9, \
                 proton_service_role_arn = ?10, codebuild_role_arn = ?11, \
                 component_role_arn = ?12, deployment_status = ?13, \
                 last_deployment_attempted_at = ?14, last_deployment_succeeded_at = ?15, \
                 updated = 1 \
                 WHERE region = ?1 AND account_id = ?2 AND name = ?3",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    e.region,
                    e.account_id,
                    e.name,
                    e.description,
                    e.spec,
                    e.template_major_version,
                    e.template_minor_version,
                    e.environment_account_connection_id,
                    e.environment_account_id,
                    e.proton_service_role_arn,
                    e.codebuild_role_arn,
                    e.component_role_arn,
                    e.deployment_status,
                    e.last_deployment_attempted_at.millis(),
                    e.last_deployment_succeeded_at.millis(),
                ])
            })
            .map(drop)
            .map_err(|err| self.fail(err))
    }

    /// Removes the environment and its tags.
    pub fn delete_environment(&self, environment: &Environment) -> Result<(), StoreError> {
        self.tx
            .execute(
                "DELETE FROM tags WHERE resource_arn = ?1",
                [environment.arn()],
            )
            .and_then(|_| {
                self.tx.execute(
                    "DELETE FROM environments WHERE region = ?1 AND account_id = ?2 AND name = ?3",
                    params![environment.region, environment.account_id, environment.name],
                )
            })
            .map(drop)
            .map_err(|err| self.fail(err))
    }

    /// The account's environments in `region` in name order after the name `after`, at most
    /// `limit`, and only those of the template major versions `templates` (`(name, major)`)
    /// unless it is empty: a walk of the primary key from `after`, which stops at `limit`.
    pub fn environments_after(
        &self,
        region: &str,
        account_id: &str,
        after: Option<&str>,
        templates: &[(&str, &str)],
        limit: Option<usize>,
    ) -> Result<Vec<Environment>, StoreError> {
        let mut sql = format!(
            "SELECT {ENVIRONMENT_COLUMNS} FROM environments \
             WHERE region = ?1 AND account_id = ?2 AND (?3 IS NULL OR name > ?3)"
        );
        // The filter is one JSON parameter, `[[name, major], ...]`, however many pairs it has:
        // numbered parameters would run out at SQLite's limit (32766).
        if !templates.is_empty() {
            sql.push_str(
                " AND (template_name, template_major_version) IN \
                 (SELECT value ->> 0, value ->> 1 FROM json_each(?5))",
            );
        }
        sql.push_str(" ORDER BY name LIMIT ?4");
        // SQLite's LIMIT -1 is no limit.
        let limit = limit.and_then(|n| i64::try_from(n).ok()).unwrap_or(-1);
        let filter = serde_json::to_string(templates).expect("pairs of strings are JSON");
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![&region, &account_id, &after, &limit];
        if !templates.is_empty() {
            values.push(&filter);
        }
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_map(values.as_slice(), environment_from_row)?
                    .collect()
            })
            .map_err(|err| self.fail(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn environment(account_id: &str, name: &str, connection: Option<&str>) -> Environment {
        let at = Timestamp::from_millis(1_600_000_000_000);
        Environment {
            name: name.into(),
            region: "us-east-1".into(),
            account_id: account_id.into(),
            description: None,
            spec: "proton: EnvironmentSpec\n".into(),
            template_name: "t".into(),
            template_major_version: "1".into(),
            template_minor_version: "0".into(),
            environment_account_connection_id: connection.map(str::to_string),
            environment_account_id: connection.map(|_| "111122223333".to_string()),
            proton_service_role_arn: None,
            codebuild_role_arn: None,
            component_role_arn: None,
            provisioning: None,
            deployment_status: "SUCCEEDED".into(),
            created_at: at,
            last_deployment_attempted_at: at,
            last_deployment_succeeded_at: at,
        }
    }

    /// A name is one environment per account and region; the connection and version look-ups
    /// find the environment that uses them, and nothing once it is deleted.
    #[test]
    fn environments_are_found_by_name_connection_and_version() {
        let mut store = Store::open_in_memory().unwrap();
        let a = environment("123456789012", "a", Some("c-1"));
        let b = environment("123456789012", "b", None);
        store
            .write(|tx| {
                assert!(tx.insert_environment(&a, "{}", &[])?);
                assert!(tx.insert_environment(&b, "{}", &[])?);
                assert!(!tx.insert_environment(&a, "{}", &[])?);
                assert_eq!(
                    tx.environment_using_version("us-east-1", "123456789012", "t", "1", "0")?
                        .as_deref(),
                    Some("a")
                );
                assert_eq!(tx.count_environments("us-east-1", "123456789012")?, 2);
                let names: Vec<String> = tx
                    .environments_after("us-east-1", "123456789012", Some("a"), &[], None)?
                    .into_iter()
                    .map(|e| e.name)
                    .collect();
                assert_eq!(names, ["b"]);
                let names = |after, templates: &[(&str, &str)], limit| {
                    tx.environments_after("us-east-1", "123456789012", after, templates, limit)
                        .map(|page| page.into_iter().map(|e| e.name).collect::<Vec<_>>())
                };
                assert_eq!(names(None, &[], Some(1))?, ["a"]);
                assert_eq!(names(None, &[("t", "1")], None)?, ["a", "b"]);
                assert_eq!(
                    names(None, &[("t", "2"), ("u", "1")], None)?,
                    Vec::<String>::new()
                );
                assert_eq!(names(Some("a"), &[("u", "1"), ("t", "1")], Some(5))?, ["b"]);
                // More pairs than SQLite has numbered parameters.
                let many: Vec<(String, String)> = (0..20_000)
                    .map(|n| (format!("x{n}"), "1".to_string()))
                    .collect();
                let mut many: Vec<(&str, &str)> =
                    many.iter().map(|(t, m)| (t.as_str(), m.as_str())).collect();
                many.push(("t", "1"));
                assert_eq!(names(None, &many, Some(1))?, ["a"]);
                tx.delete_environment(&a)?;
                assert!(tx.environment("us-east-1", "123456789012", "a")?.is_none());
                Ok::<_, StoreError>(())
            })
            .unwrap();
    }
}
