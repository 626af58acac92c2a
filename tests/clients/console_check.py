"""The console in a real browser: the seed's console workflow as the two accounts, driven in
headless Chromium through chromedriver by Selenium. Run by tests/console.rs against a fresh
`proton-local serve`; the command line's changes go to the same database.

Arguments: URL PROTON_LOCAL DB SCREENSHOT_DIR CHROMIUM CHROMEDRIVER
"""

import os
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

URL, BINARY, DB, SHOTS, CHROMIUM, CHROMEDRIVER = sys.argv[1:7]
ENV = "111122223333"
MGMT = "123456789012"
THIRD = "444455556666"
REGION = "us-east-1"
OTHER_REGION = "eu-west-1"


def step(text):
    print(f"--- {text}", flush=True)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,800", "--force-device-scale-factor=1", "--lang=en-US",
                 "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_window_size(1280, 800)
    return driver


D = browser()
WAIT = WebDriverWait(D, 10, poll_frequency=0.05)


def until(what, check, timeout=10):
    try:
        return WebDriverWait(D, timeout, poll_frequency=0.05).until(lambda _: check())
    except TimeoutException:
        raise AssertionError(f"timed out waiting for {what}\npage text:\n{D.find_element(By.TAG_NAME, 'body').text}")


def by_id(element_id):
    return D.find_element(By.ID, element_id)


def visible(element_id):
    elements = D.find_elements(By.ID, element_id)
    return bool(elements) and elements[0].is_displayed()


def rows(table):
    """(environment name, other account, status, role, id) of each row of a table, read at once:
    the page redraws a table whenever an event says something changed."""
    cells = D.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map("
        "tr => [...tr.cells].map(td => td.textContent))", f"#{table} tbody tr")
    return [(c[1], c[2], c[3], c[4], c[6]) for c in cells]


def row_named(table, name):
    for row in rows(table):
        if row[0] == name:
            return row
    return None


def refreshed():
    return int(D.find_element(By.TAG_NAME, "body").get_attribute("data-refreshed") or 0)


def switch(account, region=REGION):
    before = refreshed()
    field = by_id("switch-account")
    field.clear()
    field.send_keys(account)
    field = by_id("switch-region")
    field.clear()
    field.send_keys(region)
    by_id("switch-apply").click()
    until("the switch to " + account, lambda: refreshed() > before and by_id("heading-account").text == account)


def request(name, management, existing=None):
    by_id("open-request").click()
    until("the Request to connect page", lambda: visible("view-request"))
    assert D.find_element(By.CSS_SELECTOR, "#view-request h1").text == "Request to connect"
    by_id("environment-name").send_keys(name)
    by_id("management-account").send_keys(management)
    if existing is not None:
        by_id("role-existing").click()
        by_id("existing-role").send_keys(existing)
    else:
        preview = by_id("new-role-preview").text
        expected = f"Role to be created: arn:aws:iam::{ENV}:role/service-role/AWSProtonEnvironmentRole-{name}"
        assert preview == expected, preview
    by_id("submit-request").click()


def close_sent_modal():
    until("the request-sent modal", lambda: visible("sent-modal"))
    text = by_id("sent-modal-text").text
    assert "PENDING" in text and "choose Accept" in text, text
    by_id("sent-modal-close").click()
    until("the modal to close", lambda: not visible("sent-modal"))


def choose(table, name):
    """Clicks the row's radio button; again if the table was redrawn under the click."""
    def click():
        try:
            for tr in D.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr"):
                if tr.find_elements(By.TAG_NAME, "td")[1].text == name:
                    tr.find_element(By.CSS_SELECTOR, "input[type=radio]").click()
                    break
            return D.execute_script(
                "return [...document.querySelectorAll(arguments[0])].some("
                "r => r.checked && r.closest('tr').cells[1].textContent === arguments[1])",
                f"#{table} tbody input[type=radio]", name)
        except StaleElementReferenceException:
            return False
    until(f"{name} chosen in {table}", click)


def status_of(table, name):
    row = row_named(table, name)
    return row[2] if row else None


def cli(account, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PROTON_LOCAL_"))}
    env.update({"AWS_ACCOUNT_ID": account, "AWS_REGION": REGION, "PROTON_LOCAL_DB": DB})
    done = subprocess.run([BINARY, *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    return done.stdout


def shot(name):
    os.makedirs(SHOTS, exist_ok=True)
    D.execute_script("document.activeElement && document.activeElement.blur()")
    time.sleep(0.2)
    D.save_screenshot(os.path.join(SHOTS, name))


def js_errors():
    return [entry for entry in D.get_log("browser")
            if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]]


try:
    step("the environment account's page")
    D.get(f"{URL}?account={ENV}&region={REGION}")
    until("the first refresh", lambda: refreshed() >= 1)
    assert D.find_element(By.TAG_NAME, "h1").text == "Environment account connections"
    assert by_id("heading-account").text == ENV
    assert visible("sent-empty") and visible("requests-empty")

    step("request to connect with a new service role")
    request("env-new-role", MGMT)
    close_sent_modal()
    until("the pending request", lambda: status_of("sent-table", "env-new-role") == "PENDING")
    assert row_named("sent-table", "env-new-role")[1:4] == (
        MGMT, "PENDING", f"arn:aws:iam::{ENV}:role/service-role/AWSProtonEnvironmentRole-env-new-role")

    step("request to connect with an existing service role, by name")
    request("env-existing-role", MGMT, existing="proton-service-role")
    close_sent_modal()
    until("the second pending request", lambda: status_of("sent-table", "env-existing-role") == "PENDING")
    assert row_named("sent-table", "env-existing-role")[3] == f"arn:aws:iam::{ENV}:role/proton-service-role"

    step("request to connect with an existing service role, by ARN; the page is kept for later")
    request("env-to-delete", MGMT, existing=f"arn:aws:iam::{ENV}:role/proton-service-role")
    close_sent_modal()
    until("the third pending request", lambda: status_of("sent-table", "env-to-delete") == "PENDING")

    step("a bad management account id is shown with its code and message")
    request("env-bad", "12345")
    until("the error", lambda: visible("error"))
    error = by_id("error").text
    assert error.startswith("ValidationException: ") and "managementAccountId" in error, error
    assert visible("view-request"), "the form stays open"
    shot("request-to-connect-error.png")
    by_id("cancel-request").click()
    until("the list", lambda: visible("view-list"))
    assert row_named("sent-table", "env-bad") is None

    step("the management account accepts one and rejects another")
    switch(MGMT)
    until("three requests", lambda: len(rows("requests-table")) == 3)
    assert [r[2] for r in rows("requests-table")] == ["PENDING"] * 3
    assert rows("sent-table") == []
    assert by_id("accept").get_attribute("disabled") is not None, "nothing chosen yet"
    choose("requests-table", "env-new-role")
    by_id("accept").click()
    until("CONNECTED", lambda: status_of("requests-table", "env-new-role") == "CONNECTED")
    choose("requests-table", "env-existing-role")
    by_id("reject").click()
    until("REJECTED", lambda: status_of("requests-table", "env-existing-role") == "REJECTED")
    assert status_of("requests-table", "env-to-delete") == "PENDING"
    shot("management-account.png")

    step("the environment account sees the outcome, cancels a delete, then deletes")
    switch(ENV)
    until("the statuses", lambda: [r[2] for r in rows("sent-table")] == ["CONNECTED", "REJECTED", "PENDING"])
    shot("environment-account.png")
    choose("sent-table", "env-to-delete")
    by_id("delete").click()
    until("the delete modal", lambda: visible("delete-modal"))
    assert "env-to-delete" in by_id("delete-text").text
    assert D.switch_to.active_element == by_id("delete-cancel"), "focus moves into the modal"
    by_id("delete-cancel").click()
    until("the modal to close", lambda: not visible("delete-modal"))
    time.sleep(1)
    assert row_named("sent-table", "env-to-delete") is not None, "cancel deletes nothing"
    by_id("delete").click()
    until("the delete modal", lambda: visible("delete-modal"))
    D.switch_to.active_element.send_keys(Keys.ESCAPE)
    until("Escape to close the modal", lambda: not visible("delete-modal"))
    assert row_named("sent-table", "env-to-delete") is not None, "Escape deletes nothing"
    by_id("delete").click()
    until("the delete modal", lambda: visible("delete-modal"))
    by_id("delete-confirm").click()
    until("the row to go", lambda: row_named("sent-table", "env-to-delete") is None)
    assert "Deleted the connection for environment env-to-delete" in by_id("success").text

    step("a third account and another Region see nothing")
    switch(THIRD)
    assert rows("sent-table") == [] and rows("requests-table") == []
    assert visible("sent-empty") and visible("requests-empty")
    switch(ENV, OTHER_REGION)
    assert rows("sent-table") == [] and rows("requests-table") == []

    step("changes made with the command line appear in the open page")
    switch(ENV)
    started = time.monotonic()
    cli(ENV, "create-environment-account-connection", "--environment-name", "env-from-cli",
        "--management-account-id", MGMT, "--role-arn", f"arn:aws:iam::{ENV}:role/cli-role")
    until("the CLI's request", lambda: status_of("sent-table", "env-from-cli") == "PENDING", timeout=5)
    connection = row_named("sent-table", "env-from-cli")[4]
    cli(MGMT, "accept-environment-account-connection", "--id", connection)
    until("the CLI's accept", lambda: status_of("sent-table", "env-from-cli") == "CONNECTED", timeout=5)
    print(f"the command line's changes showed in {time.monotonic() - started:.1f} s")

    step("keyboard: Tab reaches Request to connect, Enter opens the page")
    D.get(f"{URL}?account={ENV}&region={REGION}")
    until("the first refresh", lambda: refreshed() >= 1)
    for _ in range(30):
        if D.switch_to.active_element == by_id("open-request"):
            break
        D.switch_to.active_element.send_keys(Keys.TAB)
    assert D.switch_to.active_element == by_id("open-request"), "Tab reaches Request to connect"
    D.switch_to.active_element.send_keys(Keys.ENTER)
    until("the Request to connect page", lambda: visible("view-request"))
    assert D.switch_to.active_element == by_id("environment-name"), "the first field has focus"

    step("a narrow window: nothing wider than the window but the tables' own scroll")
    D.get(f"{URL}?account={ENV}&region={REGION}")
    until("the first refresh", lambda: refreshed() >= 1)
    D.set_window_size(420, 800)
    time.sleep(0.3)
    wide = D.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"the page is {wide} px wider than a 420 px window"
    D.set_window_size(1280, 800)

    errors = js_errors()
    assert not errors, errors
    print("console check passed", flush=True)
finally:
    D.quit()
