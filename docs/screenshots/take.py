"""Re-take the README screenshots from a running demo (``make run``), in Debian's chromium.

.venv/bin/python docs/screenshots/take.py [http://127.0.0.1:8000]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).parent
SHOTS = [
    ("manager", "/", "home.png"),
    ("security", "/stakeholders/?level=regional&ordering=-influence", "stakeholders.png"),
    ("security", "/stakeholders/{ministry}/", "stakeholder.png"),
    ("manager", "/insights/map/", "map.png"),
    ("manager", "/insights/network/", "network.png"),
    ("security", "/practices/challenges/1.1.a/", "catalogue.png"),
    ("community", "/working-groups/groups/", "working-groups.png"),
    ("security", "/my-follow-ups/?state=all", "follow-ups.png"),
    ("security", "/notifications/", "notifications.png"),
    ("manager", "{first:/agreements/items/?kind=security_mou}", "agreement.png"),
    ("manager", "/analysis/risks/?live=true", "risks.png"),
    ("manager", "{first:/analysis/situation/?latest=true}", "situation-analysis.png"),
    ("manager", "/analysis/proposals/", "findings-to-review.png"),
    ("manager", "/agreements/readiness/", "readiness.png"),
    ("external", "/agreements/advocacy/", "advocacy.png"),
    ("external", "{first:/analysis/legal/}", "legal-framework.png"),
    ("manager", "/agreements/audiences/?process=in_country", "audiences.png"),
    ("community", "/documents/", "documents.png"),
    ("security", "{import}", "import.png"),
]
# A partner's register as the import screenshot's file: a row like a demo ministry (a likely duplicate), a row
# with a level the Hub does not know (refused), and new offices.
PARTNER_REGISTER = """name,sector,level,jurisdiction,external_id
Ministry of the Interior (Varantia),ministry,national,Republic of Varantia,PARTNER-001
Calelle District Police Post,police,local,Calelle,PARTNER-002
Varantia Chamber of Mines,company,national,Republic of Varantia,PARTNER-003
Ambaross Highlands Gendarmerie,police,regional,Ambaross Highlands,PARTNER-004
Mining Cadastre Office,ministry,provincial,Republic of Varantia,PARTNER-005
"""


def checked_import(page: Page) -> str:
    """Upload the partner's register and check it; the batch's page."""
    page.goto("/imports/?kind=stakeholders.stakeholder")
    page.get_by_label("Spreadsheet").set_input_files(
        files=[{"name": "partner-register.csv", "mimeType": "text/csv", "buffer": PARTNER_REGISTER.encode()}]
    )
    page.get_by_role("button", name="Upload and match columns").click()
    page.get_by_role("button", name="Check the rows").click()
    page.wait_for_selector("#import-counts")
    return page.url


def first_link(page: Page, listing: str) -> str:
    """The page of the first row of a list."""
    page.goto(listing)
    href = page.locator("table tbody tr a").first.get_attribute("href")
    assert href, f"no row in {listing}"
    return href


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for login, path, name in SHOTS:
            page = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=BASE).new_page()
            page.goto("/accounts/login/")
            page.get_by_label("Username").fill(login)
            page.get_by_label("Password").fill("shrhub-demo-2026")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url("**/")
            if "{ministry}" in path:
                path = first_link(page, "/stakeholders/?q=ministry+interior&kind=organisation&level=national")
            elif path == "{import}":
                path = checked_import(page)
            elif path.startswith("{first:"):
                path = first_link(page, path[len("{first:") : -1])
            page.goto(path)
            page.wait_for_load_state("networkidle")  # panels that load themselves (the warnings) have arrived
            page.screenshot(path=str(OUT / name), full_page=False)
            page.context.close()
            print("wrote", OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
