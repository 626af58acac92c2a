
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'proton-local' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'proton-local'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'proton-local' {
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create-environment-account-connection', 'create-environment-account-connection', [CompletionResultType]::ParameterValue, 'In an environment account, ask a management account to connect (status PENDING)')
            [CompletionResult]::new('accept-environment-account-connection', 'accept-environment-account-connection', [CompletionResultType]::ParameterValue, 'In a management account, accept a PENDING connection (status CONNECTED)')
            [CompletionResult]::new('reject-environment-account-connection', 'reject-environment-account-connection', [CompletionResultType]::ParameterValue, 'In a management account, reject a connection; a rejected connection can''t be used again')
            [CompletionResult]::new('get-environment-account-connection', 'get-environment-account-connection', [CompletionResultType]::ParameterValue, 'In either account, show a connection')
            [CompletionResult]::new('update-environment-account-connection', 'update-environment-account-connection', [CompletionResultType]::ParameterValue, 'In an environment account, replace a connection''s roles')
            [CompletionResult]::new('delete-environment-account-connection', 'delete-environment-account-connection', [CompletionResultType]::ParameterValue, 'In an environment account, delete a connection; prints it as it was')
            [CompletionResult]::new('list-environment-account-connections', 'list-environment-account-connections', [CompletionResultType]::ParameterValue, 'List the caller''s connections in its region, from one side')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the AWS JSON protocol, so the AWS CLI, boto3 and the SDKs can use the database')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proton-local;create-environment-account-connection' {
            [CompletionResult]::new('--environment-name', '--environment-name', [CompletionResultType]::ParameterName, 'The name of the environment the management account will create (1-100 letters, digits, - and _)')
            [CompletionResult]::new('--management-account-id', '--management-account-id', [CompletionResultType]::ParameterName, 'The management account that accepts or rejects the connection (12 digits)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'The IAM role Proton provisions environment infrastructure with')
            [CompletionResult]::new('--codebuild-role-arn', '--codebuild-role-arn', [CompletionResultType]::ParameterName, 'The IAM role for CodeBuild-based provisioning')
            [CompletionResult]::new('--component-role-arn', '--component-role-arn', [CompletionResultType]::ParameterName, 'The IAM role for directly defined components')
            [CompletionResult]::new('--client-token', '--client-token', [CompletionResultType]::ParameterName, 'Makes the request idempotent: repeating it with the same token returns the first result')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Tags for the connection: `key=team,value=infra key=env,value=dev`, or JSON `[{"key":"team","value":"infra"}]`')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'proton-local;accept-environment-account-connection' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The id of the environment account connection')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'proton-local;reject-environment-account-connection' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The id of the environment account connection')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'proton-local;get-environment-account-connection' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The id of the environment account connection')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'proton-local;update-environment-account-connection' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The id of the environment account connection')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'The IAM role Proton provisions environment infrastructure with')
            [CompletionResult]::new('--codebuild-role-arn', '--codebuild-role-arn', [CompletionResultType]::ParameterName, 'The IAM role for CodeBuild-based provisioning')
            [CompletionResult]::new('--component-role-arn', '--component-role-arn', [CompletionResultType]::ParameterName, 'The IAM role for directly defined components')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'proton-local;delete-environment-account-connection' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The id of the environment account connection')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'proton-local;list-environment-account-connections' {
            [CompletionResult]::new('--requested-by', '--requested-by', [CompletionResultType]::ParameterName, 'Which side the caller lists from: MANAGEMENT_ACCOUNT or ENVIRONMENT_ACCOUNT')
            [CompletionResult]::new('--environment-name', '--environment-name', [CompletionResultType]::ParameterName, 'Only connections for this environment name')
            [CompletionResult]::new('--statuses', '--statuses', [CompletionResultType]::ParameterName, 'Only connections in these statuses: PENDING, CONNECTED, REJECTED')
            [CompletionResult]::new('--max-results', '--max-results', [CompletionResultType]::ParameterName, 'Return one page of at most this many connections (1-100), with a nextToken while more remain')
            [CompletionResult]::new('--next-token', '--next-token', [CompletionResultType]::ParameterName, 'Continue a list from the nextToken of the previous page')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'proton-local;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'The host (a name such as localhost, or an IP address such as 127.0.0.1 or [::1]) and port to listen on; port 0 picks a free one')
            [CompletionResult]::new('--default-account-id', '--default-account-id', [CompletionResultType]::ParameterName, 'The account of requests whose access key id is not 12 digits; without it they are refused')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'proton-local;completions' {
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The format of the output')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send the command to a `proton-local serve` at this URL instead of opening a database')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'proton-local;help' {
            [CompletionResult]::new('create-environment-account-connection', 'create-environment-account-connection', [CompletionResultType]::ParameterValue, 'In an environment account, ask a management account to connect (status PENDING)')
            [CompletionResult]::new('accept-environment-account-connection', 'accept-environment-account-connection', [CompletionResultType]::ParameterValue, 'In a management account, accept a PENDING connection (status CONNECTED)')
            [CompletionResult]::new('reject-environment-account-connection', 'reject-environment-account-connection', [CompletionResultType]::ParameterValue, 'In a management account, reject a connection; a rejected connection can''t be used again')
            [CompletionResult]::new('get-environment-account-connection', 'get-environment-account-connection', [CompletionResultType]::ParameterValue, 'In either account, show a connection')
            [CompletionResult]::new('update-environment-account-connection', 'update-environment-account-connection', [CompletionResultType]::ParameterValue, 'In an environment account, replace a connection''s roles')
            [CompletionResult]::new('delete-environment-account-connection', 'delete-environment-account-connection', [CompletionResultType]::ParameterValue, 'In an environment account, delete a connection; prints it as it was')
            [CompletionResult]::new('list-environment-account-connections', 'list-environment-account-connections', [CompletionResultType]::ParameterValue, 'List the caller''s connections in its region, from one side')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the AWS JSON protocol, so the AWS CLI, boto3 and the SDKs can use the database')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'proton-local;help;create-environment-account-connection' {
            break
        }
        'proton-local;help;accept-environment-account-connection' {
            break
        }
        'proton-local;help;reject-environment-account-connection' {
            break
        }
        'proton-local;help;get-environment-account-connection' {
            break
        }
        'proton-local;help;update-environment-account-connection' {
            break
        }
        'proton-local;help;delete-environment-account-connection' {
            break
        }
        'proton-local;help;list-environment-account-connections' {
            break
        }
        'proton-local;help;serve' {
            break
        }
        'proton-local;help;completions' {
            break
        }
        'proton-local;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
