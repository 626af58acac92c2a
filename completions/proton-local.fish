# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_proton_local_global_optspecs
    string join \n account-id= region= db= output= endpoint-url= h/help V/version
end

function __fish_proton_local_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_proton_local_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_proton_local_using_subcommand
    set -l cmd (__fish_proton_local_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c proton-local -n "__fish_proton_local_needs_command" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_needs_command" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_needs_command" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_needs_command" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_needs_command" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_needs_command" -s V -l version -d 'Print version'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "create-environment-account-connection" -d 'In an environment account, ask a management account to connect (status PENDING)'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "accept-environment-account-connection" -d 'In a management account, accept a PENDING connection (status CONNECTED)'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "reject-environment-account-connection" -d 'In a management account, reject a connection; a rejected connection can\'t be used again'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "get-environment-account-connection" -d 'In either account, show a connection'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "update-environment-account-connection" -d 'In an environment account, replace a connection\'s roles'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "delete-environment-account-connection" -d 'In an environment account, delete a connection; prints it as it was'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "list-environment-account-connections" -d 'List the caller\'s connections in its region, from one side'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "serve" -d 'Serve the AWS JSON protocol, so the AWS CLI, boto3 and the SDKs can use the database'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c proton-local -n "__fish_proton_local_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l environment-name -d 'The name of the environment the management account will create (1-100 letters, digits, - and _)' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l management-account-id -d 'The management account that accepts or rejects the connection (12 digits)' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l role-arn -d 'The IAM role Proton provisions environment infrastructure with' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l codebuild-role-arn -d 'The IAM role for CodeBuild-based provisioning' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l component-role-arn -d 'The IAM role for directly defined components' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l client-token -d 'Makes the request idempotent: repeating it with the same token returns the first result' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l tags -d 'Tags for the connection: `key=team,value=infra key=env,value=dev`, or JSON `[{"key":"team","value":"infra"}]`' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand create-environment-account-connection" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_using_subcommand accept-environment-account-connection" -l id -d 'The id of the environment account connection' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand accept-environment-account-connection" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand accept-environment-account-connection" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand accept-environment-account-connection" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_using_subcommand accept-environment-account-connection" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_using_subcommand accept-environment-account-connection" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand accept-environment-account-connection" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_using_subcommand reject-environment-account-connection" -l id -d 'The id of the environment account connection' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand reject-environment-account-connection" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand reject-environment-account-connection" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand reject-environment-account-connection" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_using_subcommand reject-environment-account-connection" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_using_subcommand reject-environment-account-connection" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand reject-environment-account-connection" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_using_subcommand get-environment-account-connection" -l id -d 'The id of the environment account connection' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand get-environment-account-connection" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand get-environment-account-connection" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand get-environment-account-connection" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_using_subcommand get-environment-account-connection" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_using_subcommand get-environment-account-connection" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand get-environment-account-connection" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -l id -d 'The id of the environment account connection' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -l role-arn -d 'The IAM role Proton provisions environment infrastructure with' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -l codebuild-role-arn -d 'The IAM role for CodeBuild-based provisioning' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -l component-role-arn -d 'The IAM role for directly defined components' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand update-environment-account-connection" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_using_subcommand delete-environment-account-connection" -l id -d 'The id of the environment account connection' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand delete-environment-account-connection" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand delete-environment-account-connection" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand delete-environment-account-connection" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_using_subcommand delete-environment-account-connection" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_using_subcommand delete-environment-account-connection" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand delete-environment-account-connection" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l requested-by -d 'Which side the caller lists from: MANAGEMENT_ACCOUNT or ENVIRONMENT_ACCOUNT' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l environment-name -d 'Only connections for this environment name' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l statuses -d 'Only connections in these statuses: PENDING, CONNECTED, REJECTED' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l max-results -d 'Return one page of at most this many connections (1-100), with a nextToken while more remain' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l next-token -d 'Continue a list from the nextToken of the previous page' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand list-environment-account-connections" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_using_subcommand serve" -l listen -d 'The host (a name such as localhost, or an IP address such as 127.0.0.1 or [::1]) and port to listen on; port 0 picks a free one' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand serve" -l default-account-id -d 'The account of requests whose access key id is not 12 digits; without it they are refused' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand serve" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand serve" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand serve" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_using_subcommand serve" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_using_subcommand serve" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_using_subcommand completions" -l account-id -d 'The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand completions" -l region -d 'The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION]' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand completions" -l db -d 'The SQLite database file, created on first use [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user\'s data folder]' -r -F
complete -c proton-local -n "__fish_proton_local_using_subcommand completions" -l output -d 'The format of the output' -r -f -a "json\t'JSON, as the AWS CLI prints it'"
complete -c proton-local -n "__fish_proton_local_using_subcommand completions" -l endpoint-url -d 'Send the command to a `proton-local serve` at this URL instead of opening a database' -r
complete -c proton-local -n "__fish_proton_local_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "create-environment-account-connection" -d 'In an environment account, ask a management account to connect (status PENDING)'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "accept-environment-account-connection" -d 'In a management account, accept a PENDING connection (status CONNECTED)'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "reject-environment-account-connection" -d 'In a management account, reject a connection; a rejected connection can\'t be used again'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "get-environment-account-connection" -d 'In either account, show a connection'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "update-environment-account-connection" -d 'In an environment account, replace a connection\'s roles'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "delete-environment-account-connection" -d 'In an environment account, delete a connection; prints it as it was'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "list-environment-account-connections" -d 'List the caller\'s connections in its region, from one side'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "serve" -d 'Serve the AWS JSON protocol, so the AWS CLI, boto3 and the SDKs can use the database'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c proton-local -n "__fish_proton_local_using_subcommand help; and not __fish_seen_subcommand_from create-environment-account-connection accept-environment-account-connection reject-environment-account-connection get-environment-account-connection update-environment-account-connection delete-environment-account-connection list-environment-account-connections serve completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
