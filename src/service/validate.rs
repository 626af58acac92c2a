//! The model's constraints on every input member (CONTRACT.md section 7), reported the way the
//! AWS service reports them: `1 validation error detected: Value 'x' at 'member' failed to
//! satisfy constraint: ...`, every violation of a request at once.
//!
//! The patterns are checked by hand rather than by a regex engine: the role ARN pattern's
//! `{1,512}` repetition alone costs milliseconds to compile, on every command. The unit tests
//! check each hand-written rule against the model's regular expression.

use super::error::ServiceError;

pub const ENVIRONMENT_NAME_PATTERN: &str = r"^[0-9A-Za-z]+[0-9A-Za-z_\-]*$";
pub const ACCOUNT_ID_PATTERN: &str = r"^\d{12}$";
pub const ROLE_ARN_PATTERN: &str =
    r"^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role/([\w+=,.@-]{1,512}[/:])*([\w+=,.@-]{1,64})$";
pub const CONNECTION_ID_PATTERN: &str = r"^[0-9a-f-]{1,36}$";
pub const CLIENT_TOKEN_PATTERN: &str = r"^[!-~]*$";
pub const VERSION_PART_PATTERN: &str = r"^(0|([1-9]{1}\d*))$";
pub const S3_BUCKET_PATTERN: &str = r"^[a-z0-9]+[a-z0-9-\.]+[a-z0-9]+$";
pub const ARN_PATTERN: &str = r"^arn:(aws|aws-cn|aws-us-gov):[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:\d{12}:([\w+=,.@-]+[/:])*[\w+=,.@-]+$";

/// The violations found in one request.
#[derive(Debug, Default)]
pub struct Violations(Vec<String>);

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, member: &str, value: &str, constraint: &str) {
        self.0.push(format!(
            "Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
        ));
    }

    pub fn length(&mut self, member: &str, value: &str, min: usize, max: usize) -> bool {
        let length = value.chars().count();
        if length < min {
            self.push(
                member,
                value,
                &format!("Member must have length greater than or equal to {min}"),
            );
            false
        } else if length > max {
            self.push(
                member,
                value,
                &format!("Member must have length less than or equal to {max}"),
            );
            false
        } else {
            true
        }
    }

    /// The length rule for a member the model marks `sensitive` (a display name, a
    /// description): the service leaves such a value out of its message, and so does this.
    pub fn sensitive_length(&mut self, member: &str, value: &str, min: usize, max: usize) {
        let length = value.chars().count();
        let constraint = if length < min {
            format!("Member must have length greater than or equal to {min}")
        } else if length > max {
            format!("Member must have length less than or equal to {max}")
        } else {
            return;
        };
        self.0.push(format!(
            "Value at '{member}' failed to satisfy constraint: {constraint}"
        ));
    }

    pub fn pattern(
        &mut self,
        member: &str,
        value: &str,
        pattern: &str,
        matches: fn(&str) -> bool,
    ) -> bool {
        if matches(value) {
            return true;
        }
        self.push(
            member,
            value,
            &format!("Member must satisfy regular expression pattern: {pattern}"),
        );
        false
    }

    pub fn range(&mut self, member: &str, value: i64, min: i64, max: i64) {
        if value < min {
            self.push(
                member,
                &value.to_string(),
                &format!("Member must have value greater than or equal to {min}"),
            );
        } else if value > max {
            self.push(
                member,
                &value.to_string(),
                &format!("Member must have value less than or equal to {max}"),
            );
        }
    }

    pub fn one_of(&mut self, member: &str, value: &str, allowed: &[&str], known: bool) {
        if !known {
            let set = allowed.join(", ");
            self.push(
                member,
                value,
                &format!("Member must satisfy enum value set: [{set}]"),
            );
        }
    }

    pub fn environment_name(&mut self, member: &str, value: &str) -> bool {
        self.length(member, value, 1, 100)
            && self.pattern(member, value, ENVIRONMENT_NAME_PATTERN, is_environment_name)
    }

    pub fn account_id(&mut self, member: &str, value: &str) -> bool {
        self.pattern(member, value, ACCOUNT_ID_PATTERN, is_account_id)
    }

    pub fn role_arn(&mut self, member: &str, value: &str) -> bool {
        self.length(member, value, 1, 2048)
            && self.pattern(member, value, ROLE_ARN_PATTERN, is_role_arn)
    }

    pub fn connection_id(&mut self, value: &str) -> bool {
        self.pattern("id", value, CONNECTION_ID_PATTERN, is_connection_id)
    }

    pub fn client_token(&mut self, value: &str) -> bool {
        self.length("clientToken", value, 0, 64)
            && self.pattern("clientToken", value, CLIENT_TOKEN_PATTERN, is_client_token)
    }

    /// A resource ARN, as the tagging operations take it (the model's `Arn`).
    pub fn arn(&mut self, member: &str, value: &str) -> bool {
        self.length(member, value, 1, 200) && self.pattern(member, value, ARN_PATTERN, is_arn)
    }

    /// A major or minor version (the model's `TemplateVersionPart`).
    pub fn version_part(&mut self, member: &str, value: &str) -> bool {
        self.length(member, value, 1, 20)
            && self.pattern(member, value, VERSION_PART_PATTERN, is_version_part)
    }

    /// A rule that is not one constraint of the model, stated in a sentence of its own.
    pub fn rule(&mut self, sentence: String) {
        self.0.push(sentence);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), ServiceError> {
        match self.0.len() {
            0 => Ok(()),
            1 => Err(ServiceError::Validation(format!(
                "1 validation error detected: {}",
                self.0[0]
            ))),
            n => Err(ServiceError::Validation(format!(
                "{n} validation errors detected: {}",
                self.0.join("; ")
            ))),
        }
    }
}

/// `^[0-9A-Za-z]+[0-9A-Za-z_\-]*$`
pub fn is_environment_name(value: &str) -> bool {
    let mut chars = value.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `^(0|([1-9]{1}\d*))$`: a number without leading zeros.
pub fn is_version_part(value: &str) -> bool {
    match value.as_bytes() {
        [b'0'] => true,
        [first, rest @ ..] => (b'1'..=b'9').contains(first) && rest.iter().all(u8::is_ascii_digit),
        [] => false,
    }
}

/// `^[a-z0-9]+[a-z0-9-\.]+[a-z0-9]+$`: at least three characters, the first and last a lower
/// case letter or digit.
pub fn is_s3_bucket(value: &str) -> bool {
    let bytes = value.as_bytes();
    let end = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    bytes.len() >= 3
        && end(&bytes[0])
        && end(&bytes[bytes.len() - 1])
        && bytes[1..bytes.len() - 1]
            .iter()
            .all(|b| end(b) || *b == b'-' || *b == b'.')
}

/// `^\d{12}$`
pub fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

/// `^[0-9a-f-]{1,36}$`: looser than the model's UUID pattern, so that the documented ids such as
/// `abcdef01234567890` are accepted (CONTRACT.md section 7).
pub fn is_connection_id(value: &str) -> bool {
    (1..=36).contains(&value.len())
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f' | b'-'))
}

/// `^[!-~]*$`: printable ASCII without the space.
pub fn is_client_token(value: &str) -> bool {
    value.bytes().all(|b| (b'!'..=b'~').contains(&b))
}

/// The model's IAM role pattern: `arn:<partition>:iam::<12 digits>:role/` followed by segments of
/// `[\w+=,.@-]` separated by `/` or `:`, each but the last 1-512 long, the last 1-64 long.
pub fn is_role_arn(value: &str) -> bool {
    let Some(rest) = ["arn:aws:iam::", "arn:aws-cn:iam::", "arn:aws-us-gov:iam::"]
        .iter()
        .find_map(|prefix| value.strip_prefix(prefix))
    else {
        return false;
    };
    let Some((account, path)) = rest.split_at_checked(12) else {
        return false;
    };
    let Some(path) = path.strip_prefix(":role/") else {
        return false;
    };
    if !is_account_id(account) {
        return false;
    }
    let segments: Vec<&str> = path.split(['/', ':']).collect();
    let (last, leading) = segments
        .split_last()
        .expect("split yields at least one piece");
    let is_name = |segment: &str, max: usize| {
        (1..=max).contains(&segment.len())
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
    };
    leading.iter().all(|segment| is_name(segment, 512)) && is_name(last, 64)
}

/// The model's `Arn` pattern: `arn:<partition>:<service>:<region, maybe empty>:<12 digits>:`
/// followed by segments of `[\w+=,.@-]` separated by `/` or `:`.
pub fn is_arn(value: &str) -> bool {
    let fields: Vec<&str> = value.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = fields[..] else {
        return false;
    };
    let is_label = |text: &str| text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    arn == "arn"
        && ["aws", "aws-cn", "aws-us-gov"].contains(&partition)
        && !service.is_empty()
        && is_label(service)
        && is_label(region)
        && is_account_id(account)
        && resource.split(['/', ':']).all(|segment| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
        })
}

/// The account a role ARN that passed `is_role_arn` belongs to.
pub fn role_account(role_arn: &str) -> &str {
    role_arn.split(':').nth(4).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// Every rule written by hand must agree with the model's regular expression. `\w` and `\d`
    /// are ASCII in the service (Java), so the reference regexes are compiled without Unicode.
    fn agrees(pattern: &str, rule: fn(&str) -> bool, samples: &[&str]) {
        let reference = Regex::new(&format!("(?-u){pattern}")).unwrap();
        for sample in samples {
            assert_eq!(
                rule(sample),
                reference.is_match(sample),
                "{pattern} on {sample:?}"
            );
        }
    }

    fn role_samples() -> Vec<String> {
        let long = |n: usize| "a".repeat(n);
        let mut samples: Vec<String> = [
            "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role",
            "arn:aws:iam::111222333:role/service-role/env-account-proton-service-role",
            "arn:aws-cn:iam::111122223333:role/x",
            "arn:aws-us-gov:iam::111122223333:role/a:b/c",
            "arn:aws-eu:iam::111122223333:role/x",
            "arn:aws:iam::111122223333:role/",
            "arn:aws:iam::111122223333:role/a/",
            "arn:aws:iam::111122223333:role//a",
            "arn:aws:iam::111122223333:user/a",
            "arn:aws:iam:us-east-1:111122223333:role/a",
            "arn:aws:iam::11112222333a:role/a",
            "arn:aws:iam::111122223333:role/a+=,.@-_Z9",
            "arn:aws:iam::111122223333:role/a b",
            "arn:aws:iam::111122223333:role/ä",
            "arn:aws:iam::111122223333:role/a\n",
            "arn:aws:iam::111122223333",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for n in [63, 64, 65] {
            samples.push(format!("arn:aws:iam::111122223333:role/{}", long(n)));
        }
        for n in [511, 512, 513] {
            samples.push(format!("arn:aws:iam::111122223333:role/{}/x", long(n)));
        }
        samples
    }

    #[test]
    fn role_arn_rule_agrees_with_the_model_pattern() {
        let samples = role_samples();
        let samples: Vec<&str> = samples.iter().map(String::as_str).collect();
        agrees(ROLE_ARN_PATTERN, is_role_arn, &samples);
    }

    #[test]
    fn environment_name_rule_agrees_with_the_model_pattern() {
        agrees(
            ENVIRONMENT_NAME_PATTERN,
            is_environment_name,
            &[
                "simple-env-connected",
                "a",
                "9_-",
                "-a",
                "_a",
                "a b",
                "a.b",
                "",
                "é",
                "aé",
                "A_Z-09",
            ],
        );
    }

    #[test]
    fn small_rules_agree_with_their_patterns() {
        agrees(
            ACCOUNT_ID_PATTERN,
            is_account_id,
            &[
                "111122223333",
                "11112222333",
                "1111222233334",
                "11112222333x",
                "١١١١٢٢٢٢٣٣٣٣",
            ],
        );
        agrees(
            CONNECTION_ID_PATTERN,
            is_connection_id,
            &[
                "abcdef01234567890",
                "",
                "ABCDEF",
                "a1b2c3d4-5678-90ab-cdef-000000000000",
                "a1b2c3d4-5678-90ab-cdef-0000000000001",
                "g",
            ],
        );
        agrees(
            ARN_PATTERN,
            is_arn,
            &[
                "arn:aws:proton:us-east-1:111122223333:environment-account-connection/abcdef01234567890",
                "arn:aws-cn:proton:cn-north-1:111122223333:environment/a:b/c",
                "arn:aws-us-gov:s3::111122223333:x",
                "arn:aws:proton::111122223333:x",
                "arn:aws:proton:us-east-1:111122223333:",
                "arn:aws:proton:us-east-1:111122223333:a/",
                "arn:aws:proton:us-east-1:111122223333:a//b",
                "arn:aws:proton:us-east-1:111122223333::a",
                "arn:aws::us-east-1:111122223333:a",
                "arn:aws:pro_ton:us-east-1:111122223333:a",
                "arn:aws:proton:us_east_1:111122223333:a",
                "arn:aws:proton:us-east-1:11112222333:a",
                "arn:aws-eu:proton:us-east-1:111122223333:a",
                "arn:aws:proton:us-east-1:111122223333:a b",
                "arn:aws:proton:us-east-1:111122223333:ä",
                "arn:aws:proton:us-east-1:111122223333:a\n",
                "ARN:aws:proton:us-east-1:111122223333:a",
                "arn:aws:proton:us-east-1",
                "",
            ],
        );
        agrees(
            CLIENT_TOKEN_PATTERN,
            is_client_token,
            &["", "abc-123!~", "a b", "é", "\t"],
        );
    }

    #[test]
    fn violations_read_like_the_service() {
        let mut v = Violations::new();
        v.environment_name("environmentName", "bad name");
        assert_eq!(
            v.into_result().unwrap_err().to_string(),
            r"1 validation error detected: Value 'bad name' at 'environmentName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9A-Za-z]+[0-9A-Za-z_\-]*$"
        );
        let mut v = Violations::new();
        v.range("maxResults", 0, 1, 100);
        v.one_of(
            "requestedBy",
            "FOO",
            &["MANAGEMENT_ACCOUNT", "ENVIRONMENT_ACCOUNT"],
            false,
        );
        assert_eq!(
            v.into_result().unwrap_err().to_string(),
            "2 validation errors detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1; Value 'FOO' at 'requestedBy' failed to satisfy constraint: Member must satisfy enum value set: [MANAGEMENT_ACCOUNT, ENVIRONMENT_ACCOUNT]"
        );
    }

    #[test]
    fn role_account_is_the_fifth_field() {
        assert_eq!(
            role_account("arn:aws:iam::111122223333:role/x"),
            "111122223333"
        );
    }

    /// Strings near each pattern: its own characters, the ones next to them, and a few beyond
    /// ASCII, in any order and length.
    fn near(
        alphabet: &'static str,
        max: usize,
    ) -> impl proptest::strategy::Strategy<Value = String> {
        let chars: Vec<char> = alphabet.chars().collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..max)
            .prop_map(|chars| chars.into_iter().collect())
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn rules_agree_with_their_patterns_on_random_input(
            name in near("aZ09_-.é ", 12),
            account in near("0123456789a١", 14),
            id in near("0af-gA ", 40),
            token in near("!~ a\u{7f}é", 10),
        ) {
            let check = |pattern: &str, rule: fn(&str) -> bool, sample: &str| {
                let reference = Regex::new(&format!("(?-u){pattern}")).unwrap();
                assert_eq!(rule(sample), reference.is_match(sample), "{pattern} on {sample:?}");
            };
            check(ENVIRONMENT_NAME_PATTERN, is_environment_name, &name);
            check(ACCOUNT_ID_PATTERN, is_account_id, &account);
            check(CONNECTION_ID_PATTERN, is_connection_id, &id);
            check(CLIENT_TOKEN_PATTERN, is_client_token, &token);
        }

        #[test]
        fn the_role_rule_agrees_with_its_pattern_on_random_input(
            partition in proptest::sample::select(vec!["aws", "aws-cn", "aws-us-gov", "aws-eu", ""]),
            account in near("0123456789a", 14),
            kind in proptest::sample::select(vec![":role/", ":user/", ":role", "role/"]),
            path in near("ab/:+=,.@-_ é", 80),
            long_segment in 0usize..600,
        ) {
            let reference = Regex::new(&format!("(?-u){ROLE_ARN_PATTERN}")).unwrap();
            for sample in [
                format!("arn:{partition}:iam::{account}{kind}{path}"),
                format!("arn:{partition}:iam::{account}{kind}{}/{path}", "r".repeat(long_segment)),
            ] {
                assert_eq!(is_role_arn(&sample), reference.is_match(&sample), "{sample:?}");
            }
        }
    }
}
