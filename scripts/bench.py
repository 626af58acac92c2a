#!/usr/bin/env python3
"""The benchmark of issue 8, run by scripts/bench.sh (which installs hyperfine and builds the
release binary first): proton-local's commands against sqlite3 doing the same statements on the
same file with the same durability, at several table sizes, and filtered list pages at the
largest size against the same pages at the smallest. Prints medians with min and max, and the
ratios of medians measured in the same run. Nothing here asserts a time: the figures are read.

Environment: SIZES (default "1000 100000 1000000"), RUNS (hyperfine runs per command, default
30), FULL_RUNS (runs of the full-list commands, default 6), KEEP (a folder to keep the files in),
BASELINE (another build of proton-local, e.g. of an older commit: its figures are printed beside
this one's for a filtered page, a create and the full list, on files its own schema made).
"""

import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1]
BASELINE = os.environ.get("BASELINE")
SIZES = [int(s) for s in os.environ.get("SIZES", "1000 100000 1000000").split()]
RUNS = int(os.environ.get("RUNS", "30"))
FULL_RUNS = int(os.environ.get("FULL_RUNS", "6"))
WORK = os.environ.get("KEEP") or tempfile.mkdtemp(prefix="proton-local-bench-")

ENV_ACCOUNT, MGMT_ACCOUNT, REGION = "111122223333", "123456789012", "us-east-1"
ROLE = f"arn:aws:iam::{ENV_ACCOUNT}:role/bench"
# Every size has the same number of rows of each rare kind, spread evenly through the table, so
# that a filtered page has the same rows to print at every size: only the table around it grows.
RARE = 150
T0 = 1_600_000_000_000
COLUMNS = ("id, region, environment_account_id, management_account_id, environment_name, status, "
           "role_arn, codebuild_role_arn, component_role_arn, requested_at, last_modified_at")
# The durability and lock waiting proton-local opens a file with (src/store/mod.rs).
SQLITE_SETTINGS = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;"

os.environ.update({
    "AWS_REGION": REGION,
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "PROTON_LOCAL_QUOTA": str(max(SIZES) * 2),
    # The id of the connection each timed create makes; the other commands don't read it.
    "PROTON_LOCAL_NEXT_ID": "ffffffff-0000-4000-8000-000000000000",
})
for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_PROTON", "PROTON_LOCAL_DB",
             "PROTON_LOCAL_NOW", "AWS_DEFAULT_OUTPUT"):
    os.environ.pop(name, None)


def row_id(i):
    return f"{i:08x}-0000-4000-8000-{i:012x}"


def fill(db, n, binary=None):
    """n connections from ENV_ACCOUNT to MGMT_ACCOUNT, written with one sqlite3 statement. In
    every `step` rows: one REJECTED named `hot`, one CONNECTED, one REJECTED; the rest PENDING,
    each with a name of its own (one open connection per name)."""
    subprocess.run([binary or BIN, "--db", db, "--account-id", ENV_ACCOUNT,
                    "list-environment-account-connections", "--requested-by",
                    "ENVIRONMENT_ACCOUNT"], check=True, stdout=subprocess.DEVNULL)
    step = n // RARE
    sql = f"""
    PRAGMA synchronous = OFF;
    BEGIN;
    WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n})
    INSERT INTO environment_account_connections ({COLUMNS.replace('codebuild_role_arn, ', '')})
    SELECT printf('%08x-0000-4000-8000-%012x', i, i), '{REGION}', '{ENV_ACCOUNT}', '{MGMT_ACCOUNT}',
           CASE WHEN i % {step} = 0 THEN 'hot' ELSE 'env-' || i END,
           CASE i % {step} WHEN 0 THEN 'REJECTED' WHEN 1 THEN 'CONNECTED' WHEN 2 THEN 'REJECTED'
                           ELSE 'PENDING' END,
           '{ROLE}', CASE WHEN i % 2 = 0 THEN '{ROLE}-component' END, {T0} + i * 1000, {T0} + i * 1000
    FROM seq;
    COMMIT;
    PRAGMA wal_checkpoint(TRUNCATE);
    """
    subprocess.run(["sqlite3", db], input=sql, text=True, check=True, stdout=subprocess.DEVNULL)
    return step


def sqlite(db, sql):
    return f"sqlite3 -json {shlex.quote(db)} {shlex.quote(SQLITE_SETTINGS + ' ' + sql)}"


def pl(db, account, args, binary=None):
    return f"{shlex.quote(binary or BIN)} --db {shlex.quote(db)} --account-id {account} {args}"


def hyperfine(label, commands, runs=RUNS, prepare=None, warmup=3):
    """Times `commands` ({name: command}); returns {name: seconds list}. The runs are made in
    two hyperfine passes, the second in reverse order, so that a load on the machine that comes
    or goes during the measurement weighs on each command alike."""
    times = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    print(f"  timing {label} ...", file=sys.stderr, flush=True)
    for order in (list(commands), list(reversed(commands))):
        out = os.path.join(WORK, "hyperfine.json")
        args = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup),
                "--runs", str(max(1, runs // 2)), "--export-json", out]
        if prepare:
            args += ["--prepare", prepare]
        for name in order:
            args += ["-n", name, commands[name]]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            for result in json.load(f)["results"]:
                times[result["command"]] += result["times"]
                cpu[result["command"]].append(result["user"] + result["system"])
    # The CPU time (user and system, a mean per pass as hyperfine gives it) of each command
    # rides along under its own key: it moves less than wall time when the machine is shared.
    for name in commands:
        times[name + " cpu"] = cpu[name]
    return times


def peak_kib(command, runs=3, prepare=None):
    """The median of the peak resident memory of `runs` runs of `command`, in KiB, as GNU time
    reports it (a child of this Python would count the forked Python's pages before its exec)."""
    peaks = []
    for _ in range(runs):
        if prepare:
            subprocess.run(shlex.split(prepare), check=True, stdout=subprocess.DEVNULL)
        done = subprocess.run(["/usr/bin/time", "-f", "%M"] + shlex.split(command),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            sys.exit(f"failed: {command}\n{done.stderr}")
        peaks.append(int(done.stderr.strip().splitlines()[-1]))
    return statistics.median(peaks)


def ms(times):
    return f"{statistics.median(times) * 1000:8.2f} ms ({min(times) * 1000:.2f}-{max(times) * 1000:.2f})"


def ratio(a, b):
    return statistics.median(a) / statistics.median(b)


def cpu_ratio(times, a, b):
    return statistics.mean(times[a + " cpu"]) / statistics.mean(times[b + " cpu"])


rows_out = []


def report(line):
    rows_out.append(line)
    print(line, flush=True)


def commands_at(db, n, step):
    """The five commands and their sqlite3 equivalents, each on one mid-table connection."""
    mid = (RARE // 2) * step + 3  # a PENDING row with a name of its own, half way in
    cid = row_id(mid)
    new_id = os.environ["PROTON_LOCAL_NEXT_ID"]
    select = f"SELECT {COLUMNS} FROM environment_account_connections"
    reset = f"sqlite3 {db} \"UPDATE environment_account_connections SET status = 'PENDING', role_arn = '{ROLE}' WHERE id = '{cid}'\""
    drop_new = f"sqlite3 {db} \"DELETE FROM environment_account_connections WHERE id = '{new_id}'\""
    return [
        # name, proton-local, sqlite3, --prepare (run before each run of both, not timed)
        ("create",
         pl(db, ENV_ACCOUNT,
            f"create-environment-account-connection --environment-name bench-new "
            f"--management-account-id {MGMT_ACCOUNT} --role-arn {ROLE}"),
         sqlite(db, "BEGIN IMMEDIATE; "
                f"{select} WHERE region = '{REGION}' AND environment_account_id = '{ENV_ACCOUNT}' "
                f"AND management_account_id = '{MGMT_ACCOUNT}' AND environment_name = 'bench-new' "
                "AND status IN ('PENDING', 'CONNECTED'); "
                f"SELECT connections FROM connection_counts WHERE region = '{REGION}' "
                f"AND environment_account_id = '{ENV_ACCOUNT}'; "
                f"INSERT INTO environment_account_connections ({COLUMNS}) VALUES ('{new_id}', "
                f"'{REGION}', '{ENV_ACCOUNT}', '{MGMT_ACCOUNT}', 'bench-new', 'PENDING', '{ROLE}', "
                f"NULL, NULL, {T0}, {T0}); "
                f"{select} WHERE id = '{new_id}'; COMMIT;"),
         drop_new),
        ("get",
         pl(db, MGMT_ACCOUNT, f"get-environment-account-connection --id {cid}"),
         sqlite(db, f"{select} WHERE id = '{cid}';"),
         None),
        ("accept",
         pl(db, MGMT_ACCOUNT, f"accept-environment-account-connection --id {cid}"),
         sqlite(db, f"BEGIN IMMEDIATE; {select} WHERE id = '{cid}'; "
                "UPDATE environment_account_connections SET status = 'CONNECTED', "
                f"last_modified_at = {T0} WHERE id = '{cid}'; {select} WHERE id = '{cid}'; COMMIT;"),
         reset),
        ("update",
         pl(db, ENV_ACCOUNT, f"update-environment-account-connection --id {cid} --role-arn {ROLE}-2"),
         sqlite(db, f"BEGIN IMMEDIATE; {select} WHERE id = '{cid}'; "
                f"UPDATE environment_account_connections SET role_arn = '{ROLE}-2', "
                f"last_modified_at = {T0} WHERE id = '{cid}'; {select} WHERE id = '{cid}'; COMMIT;"),
         reset),
        ("list page",
         pl(db, MGMT_ACCOUNT, "list-environment-account-connections --requested-by "
            "MANAGEMENT_ACCOUNT --max-results 100"),
         sqlite(db, f"{select} WHERE region = '{REGION}' AND management_account_id = "
                f"'{MGMT_ACCOUNT}' ORDER BY requested_at, id LIMIT 101;"),
         None),
    ]


FILTERS = [
    ("no filter", ""),
    ("--environment-name hot", "--environment-name hot"),
    ("--environment-name env-3 (1 match)", "--environment-name env-3"),
    ("--statuses CONNECTED", "--statuses CONNECTED"),
    ("--statuses PENDING", "--statuses PENDING"),
    ("--statuses CONNECTED REJECTED", "--statuses CONNECTED REJECTED"),
    ("--environment-name hot --statuses REJECTED", "--environment-name hot --statuses REJECTED"),
    ("--environment-name hot --statuses PENDING (none)", "--environment-name hot --statuses PENDING"),
]
SIDES = [("ENVIRONMENT_ACCOUNT", ENV_ACCOUNT), ("MANAGEMENT_ACCOUNT", MGMT_ACCOUNT)]


def before_and_after(small, large):
    """The baseline build and this one on the same rows, each on files of its own schema."""
    report("")
    report(f"## Before and after: {BASELINE} against this build")
    report("")
    old = {}
    for n in (small, large):
        db = os.path.join(WORK, f"baseline-{n}.db")
        if not os.path.exists(db):
            print(f"filling {n} connections for the baseline ...", file=sys.stderr, flush=True)
            fill(db, n, binary=BASELINE)
        old[n] = db
    new = {n: os.path.join(WORK, f"bench-{n}.db") for n in (small, large)}
    report(f"| what | before | after | before, {large}/{small} rows | after, {large}/{small} rows |")
    report("|---|---|---|---:|---:|")
    for label, args in FILTERS:
        command = ("list-environment-account-connections --requested-by MANAGEMENT_ACCOUNT "
                   f"--max-results 100 {args}")
        times = hyperfine(f"before/after {label}", {
            "before small": pl(old[small], MGMT_ACCOUNT, command, binary=BASELINE),
            "before large": pl(old[large], MGMT_ACCOUNT, command, binary=BASELINE),
            "after small": pl(new[small], MGMT_ACCOUNT, command),
            "after large": pl(new[large], MGMT_ACCOUNT, command),
        })
        report(f"| page at {large}, MANAGEMENT_ACCOUNT {label} | {ms(times['before large'])} | "
               f"{ms(times['after large'])} | "
               f"{ratio(times['before large'], times['before small']):.2f}x | "
               f"{ratio(times['after large'], times['after small']):.2f}x |")
    new_id = os.environ["PROTON_LOCAL_NEXT_ID"]
    create = (f"create-environment-account-connection --environment-name bench-new "
              f"--management-account-id {MGMT_ACCOUNT} --role-arn {ROLE}")
    drop = "sqlite3 {} \"DELETE FROM environment_account_connections WHERE id = '" + new_id + "'\""
    times = {}
    for who, dbs, binary in (("before", old, BASELINE), ("after", new, None)):
        for n in (small, large):
            times[(who, n)] = hyperfine(f"create {who} at {n}", {
                "create": pl(dbs[n], ENV_ACCOUNT, create, binary=binary)}, prepare=drop.format(dbs[n]))["create"]
            subprocess.run(shlex.split(drop.format(dbs[n])), check=True)
    report(f"| create at {large} (quota raised) | {ms(times[('before', large)])} | "
           f"{ms(times[('after', large)])} | "
           f"{ratio(times[('before', large)], times[('before', small)]):.2f}x | "
           f"{ratio(times[('after', large)], times[('after', small)]):.2f}x |")
    full = [n for n in SIZES if n <= 300_000][-1]
    if full not in old:
        db = os.path.join(WORK, f"baseline-{full}.db")
        if not os.path.exists(db):
            fill(db, full, binary=BASELINE)
        old[full] = db
    command = "list-environment-account-connections --requested-by MANAGEMENT_ACCOUNT"
    before = pl(old[full], MGMT_ACCOUNT, command, binary=BASELINE)
    after = pl(os.path.join(WORK, f"bench-{full}.db"), MGMT_ACCOUNT, command)
    times = hyperfine(f"full list before/after at {full}", {"before": before, "after": after},
                      runs=FULL_RUNS, warmup=1)
    report(f"| full list at {full}: time | {ms(times['before'])} | {ms(times['after'])} | | |")
    report(f"| full list at {full}: peak RSS | {peak_kib(before, runs=1) / 1024:.1f} MiB | "
           f"{peak_kib(after, runs=1) / 1024:.1f} MiB | | |")


AWS = "/usr/bin/aws"
AWS_RUNS = int(os.environ.get("AWS_RUNS", "10"))


def start_serve(db):
    """`serve` on `db` at a free loopback port, with this run's settings (the quota and the
    pinned id of the creates are the operator's); returns (process, endpoint)."""
    log = open(os.path.join(WORK, "serve.log"), "w+")
    server = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--db", db],
                              stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(200):
        log.seek(0)
        for line in log.read().splitlines():
            if "serving" in line and "http://" in line:
                address = line[line.index("http://"):].split()[0].rstrip(".,;")
                return server, address
        time.sleep(0.05)
    server.kill()
    sys.exit("serve did not start; see " + log.name)


def through_serve(dbs, small, large):
    """The same commands as the AWS CLI v2 runs them through `serve`, beside proton-local as the
    client of the same server (--endpoint-url) and proton-local on the file: what a script gains
    by running here rather than through the AWS CLI."""
    if not os.path.exists(AWS):
        report("")
        report(f"(no AWS CLI v2 at {AWS}: the comparison with it is left out)")
        return
    report("")
    report(f"## The AWS CLI v2 through serve (median (min-max) of {AWS_RUNS} runs)")
    report("")
    report("| command | rows | AWS CLI v2 via serve | proton-local via serve | proton-local on the file "
           "| AWS CLI / proton-local via serve | AWS CLI / proton-local on the file |")
    report("|---|---:|---|---|---|---:|---:|")
    for n in sorted({small, large}):
        db, step = dbs[n]
        server, endpoint = start_serve(db)
        try:
            for name, ours, _, prepare in commands_at(db, n, step):
                account, args = ours.split(" --account-id ", 1)[1].split(" ", 1)
                aws = (f"env AWS_ACCESS_KEY_ID={account} AWS_SECRET_ACCESS_KEY=bench "
                       f"{AWS} --region {REGION} --endpoint-url {endpoint} proton {args}")
                client = (f"{shlex.quote(BIN)} --endpoint-url {endpoint} --region {REGION} "
                          f"--account-id {account} {args}")
                times = hyperfine(f"{name} at {n} through serve",
                                  {"aws": aws, "client": client, "local": ours},
                                  runs=AWS_RUNS, prepare=prepare, warmup=1)
                report(f"| {name} | {n} | {ms(times['aws'])} | {ms(times['client'])} | "
                       f"{ms(times['local'])} | {ratio(times['aws'], times['client']):.0f}x | "
                       f"{ratio(times['aws'], times['local']):.0f}x |")
        finally:
            server.terminate()
            server.wait()
        subprocess.run(shlex.split(commands_at(db, n, step)[0][3]), check=True)
    report("")
    report("serve's own throughput and latency percentiles (wrk, 1, 8 and 64 connections): "
           "scripts/bench-serve.sh, run by scripts/bench.sh after this.")


def main():
    print(f"files in {WORK}; sizes {SIZES}; {RUNS} runs a command; {os.cpu_count()} cores",
          file=sys.stderr)
    dbs = {}
    for n in SIZES:
        db = os.path.join(WORK, f"bench-{n}.db")
        if not os.path.exists(db):
            print(f"filling {n} connections ...", file=sys.stderr, flush=True)
            fill(db, n)
        dbs[n] = (db, n // RARE)

    report("")
    report("## Commands against sqlite3 on the same file (median (min-max) of "
           f"{RUNS} runs; peak RSS median of 3)")
    report("")
    report("| command | rows | proton-local | sqlite3 | ratio | CPU ratio | peak RSS proton-local | peak RSS sqlite3 |")
    report("|---|---:|---|---|---:|---:|---:|---:|")
    for n in SIZES:
        db, step = dbs[n]
        for name, ours, theirs, prepare in commands_at(db, n, step):
            times = hyperfine(f"{name} at {n}", {"proton-local": ours, "sqlite3": theirs},
                              prepare=prepare)
            a, b = times["proton-local"], times["sqlite3"]
            report(f"| {name} | {n} | {ms(a)} | {ms(b)} | {ratio(a, b):.2f}x | "
                   f"{cpu_ratio(times, 'proton-local', 'sqlite3'):.2f}x | "
                   f"{peak_kib(ours, prepare=prepare) / 1024:.1f} MiB | "
                   f"{peak_kib(theirs, prepare=prepare) / 1024:.1f} MiB |")
        # The last timed create's connection goes, so the file is as it was filled.
        subprocess.run(shlex.split(commands_at(db, n, step)[0][3]), check=True)

    small, large = min(SIZES), max(SIZES)
    report("")
    report(f"## A page of --max-results 100 at {large} rows against the same page at {small} rows")
    report("")
    report(f"| side | filter | {small} rows | {large} rows | ratio | CPU ratio |")
    report("|---|---|---|---|---:|---:|")
    for side, account in SIDES:
        for label, args in FILTERS:
            command = ("list-environment-account-connections --requested-by "
                       f"{side} --max-results 100 {args}")
            times = hyperfine(f"{side} {label}", {
                "small": pl(dbs[small][0], account, command),
                "large": pl(dbs[large][0], account, command),
            })
            report(f"| {side} | {label} | {ms(times['small'])} | {ms(times['large'])} | "
                   f"{ratio(times['large'], times['small']):.2f}x | "
                   f"{cpu_ratio(times, 'large', 'small'):.2f}x |")

    report("")
    report(f"## The full list (no --max-results) against sqlite3 -json (median (min-max) of {FULL_RUNS} runs)")
    report("")
    report("| rows | output | proton-local | sqlite3 -json | ratio | CPU ratio | peak RSS proton-local | peak RSS sqlite3 |")
    report("|---:|---|---|---|---:|---:|---:|---:|")
    for n in SIZES:
        db, _ = dbs[n]
        theirs = sqlite(db, f"SELECT {COLUMNS} FROM environment_account_connections WHERE "
                        f"region = '{REGION}' AND management_account_id = '{MGMT_ACCOUNT}' "
                        "ORDER BY requested_at, id;")
        for output in ["json", "text"] if n <= 100_000 else ["json"]:
            ours = pl(db, MGMT_ACCOUNT, "list-environment-account-connections --requested-by "
                      f"MANAGEMENT_ACCOUNT --output {output}")
            runs = FULL_RUNS if n > 1000 else RUNS
            times = hyperfine(f"full list at {n} ({output})",
                              {"proton-local": ours, "sqlite3": theirs}, runs=runs, warmup=1)
            a, b = times["proton-local"], times["sqlite3"]
            report(f"| {n} | {output} | {ms(a)} | {ms(b)} | {ratio(a, b):.2f}x | "
                   f"{cpu_ratio(times, 'proton-local', 'sqlite3'):.2f}x | "
                   f"{peak_kib(ours, runs=1) / 1024:.1f} MiB | {peak_kib(theirs, runs=1) / 1024:.1f} MiB |")

    if BASELINE:
        before_and_after(small, large)

    through_serve(dbs, small, large)
    with open(os.path.join(WORK, "report.md"), "w") as f:
        f.write("\n".join(rows_out) + "\n")
    print(f"\nreport written to {os.path.join(WORK, 'report.md')}", file=sys.stderr)


main()
