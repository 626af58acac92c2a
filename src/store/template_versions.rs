//! The queries on environment template versions, each a method on an open transaction. A
//! template has few versions: the rules read them all, in numeric order, and derive the
//! recommended versions from them.

use rusqlite::{params, OptionalExtension, Row};

use super::{StoreError, Tx};
use crate::domain::{version_part_order, EnvironmentTemplateVersion, Tag, Timestamp};

const VERSION_COLUMNS: &str = "template_name, region, account_id, major_version, minor_version, \
     description, status, source_bucket, source_key, created_at, last_modified_at";

fn version_from_row(row: &Row) -> rusqlite::Result<EnvironmentTemplateVersion> {
    Ok(EnvironmentTemplateVersion {
        template_name: row.get(0)?,
        region: row.get(1)?,
        account_id: row.get(2)?,
        major_version: row.get(3)?,
        minor_version: row.get(4)?,
        description: row.get(5)?,
        status: row.get(6)?,
        recommended_minor_version: None,
        source_bucket: row.get(7)?,
        source_key: row.get(8)?,
        created_at: Timestamp::from_millis(row.get(9)?),
        last_modified_at: Timestamp::from_millis(row.get(10)?),
    })
}

impl Tx<'_> {
    /// Every version of the template `name`, in numeric (major, minor) order, without their
    /// recommended minor versions (the rules derive those).
    pub fn template_versions(
        &self,
        region: &str,
        account_id: &str,
        name: &str,
    ) -> Result<Vec<EnvironmentTemplateVersion>, StoreError> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM environment_template_versions \
             WHERE region = ?1 AND account_id = ?2 AND template_name = ?3"
        );
        let mut versions: Vec<EnvironmentTemplateVersion> = self
            .tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_map(params![region, account_id, name], version_from_row)?
                    .collect()
            })
            .map_err(|err| self.fail(err))?;
        versions.sort_by(|a, b| {
            version_part_order(&a.major_version, &b.major_version)
                .then_with(|| version_part_order(&a.minor_version, &b.minor_version))
        });
        Ok(versions)
    }

    /// The version a create with `client_token` made for the template `name` at or after
    /// `since` (milliseconds), with that create's canonical request.
    pub fn template_version_by_token(
        &self,
        region: &str,
        account_id: &str,
        name: &str,
        client_token: &str,
        since: i64,
    ) -> Result<Option<(EnvironmentTemplateVersion, String)>, StoreError> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS}, create_request FROM environment_template_versions \
             WHERE region = ?1 AND account_id = ?2 AND template_name = ?3 \
             AND client_token = ?4 AND created_at >= ?5 \
             ORDER BY created_at DESC LIMIT 1"
        );
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_row(
                    params![region, account_id, name, client_token, since],
                    |row| Ok((version_from_row(row)?, row.get(11)?)),
                )
                .optional()
            })
            .map_err(|err| self.fail(err))
    }

    /// Stores a new version with its tags (under its ARN).
    pub fn insert_template_version(
        &self,
        version: &EnvironmentTemplateVersion,
        client_token: Option<&str>,
        create_request: &str,
        tags: &[Tag],
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO environment_template_versions (region, account_id, template_name, \
                 major_version, minor_version, description, status, source_bucket, source_key, \
                 client_token, create_request, created_at, last_modified_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    version.region,
                    version.account_id,
                    version.template_name,
                    version.major_version,
                    version.minor_version,
                    version.description,
                    version.status,
                    version.source_bucket,
                    version.source_key,
                    client_token,
                    create_request,
                    version.created_at.millis(),
                    version.last_modified_at.millis(),
                ])
            })
            .map_err(|err| self.fail(err))?;
        self.insert_tags(&version.arn(), tags)
    }

    /// Writes the version's description, status and lastModifiedAt.
    pub fn update_template_version(
        &self,
        version: &EnvironmentTemplateVersion,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "UPDATE environment_template_versions SET description = ?6, status = ?7, \
                 last_modified_at = ?8 \
                 WHERE region = ?1 AND account_id = ?2 AND template_name = ?3 \
                 AND major_version = ?4 AND minor_version = ?5",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    version.region,
                    version.account_id,
                    version.template_name,
                    version.major_version,
                    version.minor_version,
                    version.description,
                    version.status,
                    version.last_modified_at.millis(),
                ])
            })
            .map(drop)
            .map_err(|err| self.fail(err))
    }

    /// Removes the version and its tags.
    pub fn delete_template_version(
        &self,
        version: &EnvironmentTemplateVersion,
    ) -> Result<(), StoreError> {
        self.tx
            .execute("DELETE FROM tags WHERE resource_arn = ?1", [version.arn()])
            .and_then(|_| {
                self.tx.execute(
                    "DELETE FROM environment_template_versions \
                     WHERE region = ?1 AND account_id = ?2 AND template_name = ?3 \
                     AND major_version = ?4 AND minor_version = ?5",
                    params![
                        version.region,
                        version.account_id,
                        version.template_name,
                        version.major_version,
                        version.minor_version
                    ],
                )
            })
            .map(drop)
            .map_err(|err| self.fail(err))
    }

    /// Sets the template's `recommendedVersion` (`major.minor`, or none).
    pub fn set_recommended_version(
        &self,
        region: &str,
        account_id: &str,
        name: &str,
        recommended: Option<&str>,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "UPDATE environment_templates SET recommended_version = ?4 \
                 WHERE region = ?1 AND account_id = ?2 AND name = ?3",
            )
            .and_then(|mut stmt| stmt.execute(params![region, account_id, name, recommended]))
            .map(drop)
            .map_err(|err| self.fail(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn version(
        major: &str,
        minor: &str,
        token: Option<&str>,
    ) -> (EnvironmentTemplateVersion, Option<String>) {
        let v = EnvironmentTemplateVersion {
            template_name: "t".into(),
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
            major_version: major.into(),
            minor_version: minor.into(),
            description: None,
            status: "DRAFT".into(),
            recommended_minor_version: None,
            source_bucket: "b".into(),
            source_key: "k".into(),
            created_at: Timestamp::from_millis(1_600_000_000_000),
            last_modified_at: Timestamp::from_millis(1_600_000_000_000),
        };
        (v, token.map(str::to_string))
    }

    /// Versions come back in numeric order whatever their text order; a client token finds its
    /// version only within the lifetime given; a delete takes the version and its tags.
    #[test]
    fn versions_are_read_in_numeric_order_and_found_by_token() {
        let mut store = Store::open_in_memory().unwrap();
        let versions = [
            version("10", "0", None),
            version("2", "10", None),
            version("2", "9", Some("tok")),
            version("1", "0", None),
        ];
        store
            .write(|tx| {
                for (v, token) in &versions {
                    let tags = [Tag {
                        key: "k".into(),
                        value: "v".into(),
                    }];
                    tx.insert_template_version(v, token.as_deref(), "{}", &tags)?;
                }
                Ok::<_, StoreError>(())
            })
            .unwrap();
        let numbers = |store: &mut Store| -> Vec<String> {
            store
                .read(|tx| tx.template_versions("us-east-1", "123456789012", "t"))
                .unwrap()
                .iter()
                .map(EnvironmentTemplateVersion::number)
                .collect()
        };
        assert_eq!(numbers(&mut store), ["1.0", "2.9", "2.10", "10.0"]);
        let found = store
            .read(|tx| tx.template_version_by_token("us-east-1", "123456789012", "t", "tok", 0))
            .unwrap();
        assert_eq!(
            found.map(|(v, request)| (v.number(), request)),
            Some(("2.9".into(), "{}".into()))
        );
        let expired = store
            .read(|tx| {
                tx.template_version_by_token(
                    "us-east-1",
                    "123456789012",
                    "t",
                    "tok",
                    1_600_000_000_001,
                )
            })
            .unwrap();
        assert!(expired.is_none());
        store
            .write(|tx| tx.delete_template_version(&versions[2].0))
            .unwrap();
        assert_eq!(numbers(&mut store), ["1.0", "2.10", "10.0"]);
        let tags = store.read(|tx| tx.tags(&versions[2].0.arn())).unwrap();
        assert!(tags.is_empty());
    }
}
