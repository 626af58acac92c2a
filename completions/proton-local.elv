
use builtin;
use str;

set edit:completion:arg-completer[proton-local] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'proton-local'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'proton-local'= {
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create-environment-account-connection 'In an environment account, ask a management account to connect (status PENDING)'
            cand accept-environment-account-connection 'In a management account, accept a PENDING connection (status CONNECTED)'
            cand reject-environment-account-connection 'In a management account, reject a connection; a rejected connection can''t be used again'
            cand get-environment-account-connection 'In either account, show a connection'
            cand update-environment-account-connection 'In an environment account, replace a connection''s roles'
            cand delete-environment-account-connection 'In an environment account, delete a connection; prints it as it was'
            cand list-environment-account-connections 'List the caller''s connections in its region, from one side'
            cand serve 'Serve the AWS JSON protocol, so the AWS CLI, boto3 and the SDKs can use the database'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proton-local;create-environment-account-connection'= {
            cand --environment-name 'The name of the environment the management account will create (1-100 letters, digits, - and _)'
            cand --management-account-id 'The management account that accepts or rejects the connection (12 digits)'
            cand --role-arn 'The IAM role Proton provisions environment infrastructure with'
            cand --codebuild-role-arn 'The IAM role for CodeBuild-based provisioning'
            cand --component-role-arn 'The IAM role for directly defined components'
            cand --client-token 'Makes the request idempotent: repeating it with the same token returns the first result'
            cand --tags 'Tags for the connection: `key=team,value=infra key=env,value=dev`, or JSON `[{"key":"team","value":"infra"}]`'
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'proton-local;accept-environment-account-connection'= {
            cand --id 'The id of the environment account connection'
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'proton-local;reject-environment-account-connection'= {
            cand --id 'The id of the environment account connection'
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'proton-local;get-environment-account-connection'= {
            cand --id 'The id of the environment account connection'
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'proton-local;update-environment-account-connection'= {
            cand --id 'The id of the environment account connection'
            cand --role-arn 'The IAM role Proton provisions environment infrastructure with'
            cand --codebuild-role-arn 'The IAM role for CodeBuild-based provisioning'
            cand --component-role-arn 'The IAM role for directly defined components'
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'proton-local;delete-environment-account-connection'= {
            cand --id 'The id of the environment account connection'
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'proton-local;list-environment-account-connections'= {
            cand --requested-by 'Which side the caller lists from: MANAGEMENT_ACCOUNT or ENVIRONMENT_ACCOUNT'
            cand --environment-name 'Only connections for this environment name'
            cand --statuses 'Only connections in these statuses: PENDING, CONNECTED, REJECTED'
            cand --max-results 'Return one page of at most this many connections (1-100), with a nextToken while more remain'
            cand --next-token 'Continue a list from the nextToken of the previous page'
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'proton-local;serve'= {
            cand --listen 'The host (a name such as localhost, or an IP address such as 127.0.0.1 or [::1]) and port to listen on; port 0 picks a free one'
            cand --default-account-id 'The account of requests whose access key id is not 12 digits; without it they are refused'
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'proton-local;completions'= {
            cand --account-id 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]'
            cand --region 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]'
            cand --db 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user''s data folder]'
            cand --output 'The format of the output'
            cand --endpoint-url 'Send the command to a `proton-local serve` at this URL instead of opening a database'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'proton-local;help'= {
            cand create-environment-account-connection 'In an environment account, ask a management account to connect (status PENDING)'
            cand accept-environment-account-connection 'In a management account, accept a PENDING connection (status CONNECTED)'
            cand reject-environment-account-connection 'In a management account, reject a connection; a rejected connection can''t be used again'
            cand get-environment-account-connection 'In either account, show a connection'
            cand update-environment-account-connection 'In an environment account, replace a connection''s roles'
            cand delete-environment-account-connection 'In an environment account, delete a connection; prints it as it was'
            cand list-environment-account-connections 'List the caller''s connections in its region, from one side'
            cand serve 'Serve the AWS JSON protocol, so the AWS CLI, boto3 and the SDKs can use the database'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'proton-local;help;create-environment-account-connection'= {
        }
        &'proton-local;help;accept-environment-account-connection'= {
        }
        &'proton-local;help;reject-environment-account-connection'= {
        }
        &'proton-local;help;get-environment-account-connection'= {
        }
        &'proton-local;help;update-environment-account-connection'= {
        }
        &'proton-local;help;delete-environment-account-connection'= {
        }
        &'proton-local;help;list-environment-account-connections'= {
        }
        &'proton-local;help;serve'= {
        }
        &'proton-local;help;completions'= {
        }
        &'proton-local;help;help'= {
        }
    ]
    $completions[$command]
}
