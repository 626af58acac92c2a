//! Every query the service runs, each a method on an open transaction.

use std::ops::ControlFlow;

use rusqlite::{params, ErrorCode, OptionalExtension, Row, ToSql};

use super::StoreError;
use super::{query_error, Tx};
use crate::domain::{Connection, PageKey, RequestedBy, Roles, Status, Tag, Timestamp};

const CONNECTION_COLUMNS: &str =
    "id, region, environment_account_id, management_account_id, environment_name, \
     status, role_arn, codebuild_role_arn, component_role_arn, requested_at, last_modified_at";

/// What one `list` page asks for. `limit` is the page size; `None` is every match.
#[derive(Debug, Clone)]
pub struct ListQuery<'a> {
    pub side: RequestedBy,
    pub account: &'a str,
    pub region: &'a str,
    pub environment_name: Option<&'a str>,
    /// Empty means every status.
    pub statuses: &'a [Status],
    pub after: Option<&'a PageKey>,
    pub limit: Option<usize>,
}

/// What an insert did: stored the row, or found the schema's unique rule in the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    Stored,
    /// A row with the same id exists.
    DuplicateId,
    /// An open connection for the same environment and accounts exists in the region.
    DuplicateOpen,
}

fn connection_from_row(row: &Row) -> rusqlite::Result<Connection> {
    let status: String = row.get(5)?;
    Ok(Connection {
        id: row.get(0)?,
        region: row.get(1)?,
        environment_account_id: row.get(2)?,
        management_account_id: row.get(3)?,
        environment_name: row.get(4)?,
        // The CHECK constraint admits only the three statuses; anything else is a damaged file,
        // reported as such rather than guessed at.
        status: Status::parse(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                5,
                rusqlite::types::Type::Text,
                format!("unknown connection status '{status}'").into(),
            )
        })?,
        roles: Roles {
            role_arn: row.get(6)?,
            codebuild_role_arn: row.get(7)?,
            component_role_arn: row.get(8)?,
        },
        requested_at: Timestamp::from_millis(row.get(9)?),
        last_modified_at: Timestamp::from_millis(row.get(10)?),
    })
}

impl Tx<'_> {
    pub(super) fn fail(&self, err: rusqlite::Error) -> StoreError {
        query_error(self.path, err)
    }

    /// The secret that signs this database's page tokens.
    pub fn token_secret(&self) -> Result<Vec<u8>, StoreError> {
        self.tx
            .prepare_cached("SELECT value FROM meta WHERE key = 'token_secret'")
            .and_then(|mut stmt| stmt.query_row([], |row| row.get(0)))
            .map_err(|err| self.fail(err))
    }

    pub fn connection(&self, id: &str) -> Result<Option<Connection>, StoreError> {
        let sql = format!(
            "SELECT {CONNECTION_COLUMNS} FROM environment_account_connections WHERE id = ?1"
        );
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| stmt.query_row([id], connection_from_row).optional())
            .map_err(|err| self.fail(err))
    }

    /// The newest connection the environment account created in `region` with `client_token`.
    pub fn connection_by_client_token(
        &self,
        region: &str,
        environment_account_id: &str,
        client_token: &str,
    ) -> Result<Option<Connection>, StoreError> {
        let sql = format!(
            "SELECT {CONNECTION_COLUMNS} FROM environment_account_connections \
             WHERE region = ?1 AND environment_account_id = ?2 AND client_token = ?3 \
             ORDER BY requested_at DESC, id DESC LIMIT 1"
        );
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_row(
                    params![region, environment_account_id, client_token],
                    connection_from_row,
                )
                .optional()
            })
            .map_err(|err| self.fail(err))
    }

    /// The `PENDING` or `CONNECTED` connection for this pair of accounts and environment, if any.
    pub fn open_connection_for(
        &self,
        region: &str,
        environment_account_id: &str,
        management_account_id: &str,
        environment_name: &str,
    ) -> Result<Option<Connection>, StoreError> {
        let sql = format!(
            "SELECT {CONNECTION_COLUMNS} FROM environment_account_connections \
             WHERE region = ?1 AND environment_account_id = ?2 AND management_account_id = ?3 \
             AND environment_name = ?4 AND status IN ('PENDING', 'CONNECTED')"
        );
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_row(
                    params![
                        region,
                        environment_account_id,
                        management_account_id,
                        environment_name
                    ],
                    connection_from_row,
                )
                .optional()
            })
            .map_err(|err| self.fail(err))
    }

    /// How many connections the environment account has in `region`, whatever their status:
    /// the count the schema's triggers keep, one row to read however many there are.
    pub fn count_connections(
        &self,
        region: &str,
        environment_account_id: &str,
    ) -> Result<u64, StoreError> {
        self.tx
            .prepare_cached(
                "SELECT connections FROM connection_counts \
                 WHERE region = ?1 AND environment_account_id = ?2",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![region, environment_account_id], |row| row.get(0))
                    .optional()
            })
            .map(Option::unwrap_or_default)
            .map_err(|err| self.fail(err))
    }

    /// Stores a new connection with its tags. A second connection with the same id, or a second
    /// open one for the same environment, is refused by the schema: said in the answer, for the
    /// service to word.
    pub fn insert_connection(
        &self,
        connection: &Connection,
        client_token: Option<&str>,
        tags: &[Tag],
    ) -> Result<Inserted, StoreError> {
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO environment_account_connections (id, region, environment_account_id, \
                 management_account_id, environment_name, status, role_arn, codebuild_role_arn, \
                 component_role_arn, client_token, requested_at, last_modified_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    connection.id,
                    connection.region,
                    connection.environment_account_id,
                    connection.management_account_id,
                    connection.environment_name,
                    connection.status.as_str(),
                    connection.roles.role_arn,
                    connection.roles.codebuild_role_arn,
                    connection.roles.component_role_arn,
                    client_token,
                    connection.requested_at.millis(),
                    connection.last_modified_at.millis(),
                ])
            });
        match inserted {
            Err(err) if err.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
                // The primary key is the id; the only other UNIQUE index is the one-open rule.
                let duplicate_id = matches!(
                    err,
                    rusqlite::Error::SqliteFailure(failure, _)
                        if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                );
                return Ok(match duplicate_id {
                    true => Inserted::DuplicateId,
                    false => Inserted::DuplicateOpen,
                });
            }
            other => other.map_err(|err| self.fail(err))?,
        };
        self.insert_tags(&connection.arn(), tags)?;
        Ok(Inserted::Stored)
    }

    /// Sets each tag on the resource: a key it has takes the new value, a new key is added.
    pub fn insert_tags(&self, resource_arn: &str, tags: &[Tag]) -> Result<(), StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT OR REPLACE INTO tags (resource_arn, key, value) VALUES (?1, ?2, ?3)",
            )
            .map_err(|err| self.fail(err))?;
        for tag in tags {
            stmt.execute(params![resource_arn, tag.key, tag.value])
                .map_err(|err| self.fail(err))?;
        }
        Ok(())
    }

    /// The tags of a resource, by key.
    pub fn tags(&self, resource_arn: &str) -> Result<Vec<Tag>, StoreError> {
        self.tx
            .prepare_cached("SELECT key, value FROM tags WHERE resource_arn = ?1 ORDER BY key")
            .and_then(|mut stmt| {
                stmt.query_map([resource_arn], |row| {
                    Ok(Tag {
                        key: row.get(0)?,
                        value: row.get(1)?,
                    })
                })?
                .collect()
            })
            .map_err(|err| self.fail(err))
    }

    /// One page of a resource's tags in key order, after the key `after`: a walk of the
    /// primary key, so a page costs the same however many tags there are. `limit` `None` is all.
    pub fn tags_page(
        &self,
        resource_arn: &str,
        after: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<Tag>, StoreError> {
        // SQLite takes a negative LIMIT as no limit.
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        self.tx
            .prepare_cached(
                "SELECT key, value FROM tags WHERE resource_arn = ?1 AND (?2 IS NULL OR key > ?2) \
                 ORDER BY key LIMIT ?3",
            )
            .and_then(|mut stmt| {
                stmt.query_map(params![resource_arn, after, limit], |row| {
                    Ok(Tag {
                        key: row.get(0)?,
                        value: row.get(1)?,
                    })
                })?
                .collect()
            })
            .map_err(|err| self.fail(err))
    }

    /// Removes the resource's tags with these keys; keys it lacks are passed over.
    pub fn remove_tags(&self, resource_arn: &str, keys: &[String]) -> Result<(), StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached("DELETE FROM tags WHERE resource_arn = ?1 AND key = ?2")
            .map_err(|err| self.fail(err))?;
        for key in keys {
            stmt.execute(params![resource_arn, key])
                .map_err(|err| self.fail(err))?;
        }
        Ok(())
    }

    pub fn set_status(&self, id: &str, status: Status, now: Timestamp) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "UPDATE environment_account_connections SET status = ?2, last_modified_at = ?3 WHERE id = ?1",
            )
            .and_then(|mut stmt| stmt.execute(params![id, status.as_str(), now.millis()]))
            .map(drop)
            .map_err(|err| self.fail(err))
    }

    pub fn set_roles(&self, id: &str, roles: &Roles, now: Timestamp) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "UPDATE environment_account_connections SET role_arn = ?2, codebuild_role_arn = ?3, \
                 component_role_arn = ?4, last_modified_at = ?5 WHERE id = ?1",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    id,
                    roles.role_arn,
                    roles.codebuild_role_arn,
                    roles.component_role_arn,
                    now.millis()
                ])
            })
            .map(drop)
            .map_err(|err| self.fail(err))
    }

    /// Removes the connection and its tags.
    pub fn delete_connection(&self, connection: &Connection) -> Result<(), StoreError> {
        self.tx
            .execute(
                "DELETE FROM tags WHERE resource_arn = ?1",
                [connection.arn()],
            )
            .and_then(|_| {
                self.tx.execute(
                    "DELETE FROM environment_account_connections WHERE id = ?1",
                    [&connection.id],
                )
            })
            .map(drop)
            .map_err(|err| self.fail(err))
    }

    /// One page in (requestedAt, id) order, starting after `query.after`.
    pub fn list_connections(&self, query: &ListQuery) -> Result<Vec<Connection>, StoreError> {
        let mut page = Vec::new();
        self.each_connection(query, |connection| {
            page.push(connection);
            ControlFlow::Continue(())
        })?;
        Ok(page)
    }

    /// Hands `visit` each connection of `query` in (requestedAt, id) order, starting after
    /// `query.after`, until `query.limit` connections or `visit` says stop. Each range is a
    /// keyset walk of an index (see `Range`), and the ranges are merged here, so a page costs
    /// the same however large the table is, and a whole list is read one row at a time.
    pub fn each_connection(
        &self,
        query: &ListQuery,
        mut visit: impl FnMut(Connection) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let (after_time, after_id) = match query.after {
            Some(key) => (key.requested_at.millis(), key.id.as_str()),
            None => (i64::MIN, ""),
        };
        let limit = query.limit.map_or(-1, |limit| limit as i64);
        let ranges = query.ranges();
        let statuses: Vec<&str> = ranges
            .iter()
            .map(|(_, status)| status.map_or("", Status::as_str))
            .collect();
        let mut statements = ranges
            .iter()
            .map(|(range, _)| self.tx.prepare_cached(&range_sql(query.side, *range)))
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|err| self.fail(err))?;
        let mut cursors = Vec::with_capacity(ranges.len());
        for ((statement, (range, _)), status) in statements.iter_mut().zip(&ranges).zip(&statuses) {
            let mut values: Vec<&dyn ToSql> = vec![
                &query.region,
                &query.account,
                &after_time,
                &after_id,
                &limit,
            ];
            if *range != Range::Caller {
                values.push(status);
            }
            if *range == Range::NameAndStatus {
                values.push(&query.environment_name);
            }
            cursors.push(
                statement
                    .query(values.as_slice())
                    .map_err(|err| self.fail(err))?,
            );
        }
        let next = |rows: &mut rusqlite::Rows| -> Result<Option<Connection>, StoreError> {
            rows.next()
                .and_then(|row| row.map(connection_from_row).transpose())
                .map_err(|err| self.fail(err))
        };
        let mut heads = cursors
            .iter_mut()
            .map(next)
            .collect::<Result<Vec<_>, _>>()?;
        let mut taken = 0;
        while query.limit.is_none_or(|limit| taken < limit) {
            let Some(first) = (0..heads.len())
                .filter(|&at| heads[at].is_some())
                .min_by(|&a, &b| order_key(&heads[a]).cmp(&order_key(&heads[b])))
            else {
                break;
            };
            let connection = heads[first].take().expect("a head that is there");
            taken += 1;
            if visit(connection).is_break() {
                break;
            }
            heads[first] = next(&mut cursors[first])?;
        }
        Ok(())
    }

    /// SQLite's plan for one range of a list, so a test can see the index at work.
    #[cfg(test)]
    pub fn list_plan(&self, side: RequestedBy, range: Range) -> String {
        let mut stmt = self
            .tx
            .prepare(&format!("EXPLAIN QUERY PLAN {}", range_sql(side, range)))
            .unwrap();
        let values: [&dyn ToSql; 7] = [&"r", &"a", &0, &"", &10, &"PENDING", &"env"];
        let count = stmt.parameter_count();
        let rows: Vec<String> = stmt
            .query_map(&values[..count], |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.join("\n")
    }
}

/// The position of a connection in a list: SQLite's order of `requested_at, id` (an integer,
/// then text compared byte by byte, as Rust compares strings).
fn order_key(connection: &Option<Connection>) -> Option<(i64, &str)> {
    connection
        .as_ref()
        .map(|connection| (connection.requested_at.millis(), connection.id.as_str()))
}

/// How a list walks the table: each is one range of an index whose columns end in
/// (requested_at, id), read from the page key on, in order and without a sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// Every connection of the caller's side: `connections_by_<side>_account`.
    Caller,
    /// The caller's connections in one status: `connections_by_<side>_account_status`.
    Status,
    /// The caller's connections of one environment name in one status:
    /// `connections_by_<side>_account_name`.
    NameAndStatus,
}

impl ListQuery<'_> {
    /// The ranges whose merge is this query's list: one for every status unfiltered, else one
    /// per status asked for (all three when only the name filters).
    pub(super) fn ranges(&self) -> Vec<(Range, Option<Status>)> {
        let mut statuses: Vec<Status> = Vec::new();
        for status in self.statuses {
            if !statuses.contains(status) {
                statuses.push(*status);
            }
        }
        if statuses.is_empty() {
            statuses = Status::ALL.to_vec();
        }
        match self.environment_name {
            None if statuses.len() == Status::ALL.len() => vec![(Range::Caller, None)],
            None => statuses
                .into_iter()
                .map(|status| (Range::Status, Some(status)))
                .collect(),
            Some(_) => statuses
                .into_iter()
                .map(|status| (Range::NameAndStatus, Some(status)))
                .collect(),
        }
    }
}

/// Parameters: region, account, the page key's time and id, the limit (-1 for none); then the
/// status, and then the environment name, for the ranges that filter on them.
fn range_sql(side: RequestedBy, range: Range) -> String {
    let account_column = match side {
        RequestedBy::EnvironmentAccount => "environment_account_id",
        RequestedBy::ManagementAccount => "management_account_id",
    };
    let filter = match range {
        Range::Caller => "",
        Range::Status => "AND status = ?6 ",
        Range::NameAndStatus => "AND environment_name = ?7 AND status = ?6 ",
    };
    format!(
        "SELECT {CONNECTION_COLUMNS} FROM environment_account_connections \
         WHERE region = ?1 AND {account_column} = ?2 {filter}AND (requested_at, id) > (?3, ?4) \
         ORDER BY requested_at, id LIMIT ?5"
    )
}
