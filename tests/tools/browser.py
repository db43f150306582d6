#!/usr/bin/python3
"""Drives Debian's Chromium (headless, through chromedriver and Debian's
python3-selenium) over the hub's web pages the way a person would: types,
taps, attaches a file, and reads back what the page says. Prints one JSON
object with what it saw; the C++ test (tests/hub/test_web_browser.cpp)
checks it against the database.

    browser.py intake BASE FILE SHOT    fill /ajukan on a phone, attach FILE, send
    browser.py refused BASE SHOT        send /ajukan half filled in
    browser.py csrf BASE SHOT           send /ajukan with a forged form token
    browser.py staf BASE USER PASSWORD CODE NOTE SHOT
                                        sign in at /staf, open CODE, complete the step
    browser.py zoom BASE PATH SHOT      open PATH with the text at 100 % and at 200 %
                                        (WCAG 1.4.4 and 1.4.10): each page's width

The window is a phone's (390 x 844 CSS pixels). SHOT is where the last page
is saved as a PNG, as tall as the page.
"""
import json
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=390,844", "--hide-scrollbars", "--lang=id",
              "--no-first-run", "--disable-extensions"):
        o.add_argument(a)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(60)
    # A desktop window is at least 500 px wide: the phone's viewport is emulated.
    phone(d, 844)
    return d


def phone(d, height):
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": 390, "height": height, "deviceScaleFactor": 1, "mobile": True})


def shot(d, path):
    width = d.execute_script("return document.documentElement.clientWidth")
    # Wider than the phone: something on the page does not fit it.
    scroll = d.execute_script("return document.documentElement.scrollWidth")
    height = d.execute_script("return document.documentElement.scrollHeight")
    phone(d, min(height, 6000))
    d.save_screenshot(path)
    phone(d, 844)
    return max(width, scroll)


def by_id(d, i):
    return d.find_element(By.ID, i)


def texts(d, css):
    return [e.text for e in d.find_elements(By.CSS_SELECTOR, css)]


def fill_intake(d, full=True):
    by_id(d, "f-name").send_keys("Andi Wijaya")
    by_id(d, "f-organization").send_keys("PT Sumber Rejeki")
    if full:
        by_id(d, "f-phone").send_keys("0812 3456 7890")
        by_id(d, "f-email").send_keys("andi@example.co.id")
        Select(by_id(d, "f-service")).select_by_value("pengujian")
        by_id(d, "f-reference").send_keys("LHU-2026-0412")
        by_id(d, "f-description").send_keys(
            "Laporan hasil uji kami belum terbit padahal sudah lewat 14 hari kerja.")
        by_id(d, "f-expectation").send_keys("Laporan terbit minggu ini.")
        by_id(d, "f-consent").click()


def click_to_next_page(d, element):
    """Taps what leads to another page and waits for that page: a form's
    submit may start its navigation after click() returns, and the old
    page would be read."""
    old = d.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(d, 30).until(expected_conditions.staleness_of(old))
    WebDriverWait(d, 30).until(lambda x: x.execute_script("return document.readyState") == "complete")


def send(d):
    click_to_next_page(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))


def main():
    what = sys.argv[1]
    base = sys.argv[2]
    d = browser()
    out = {}
    try:
        if what == "intake":
            d.get(base + "/ajukan")
            out["lang"] = d.find_element(By.TAG_NAME, "html").get_attribute("lang")
            # Every field a screen reader can name: a label for each input.
            unlabelled = d.execute_script(
                "return [...document.querySelectorAll('form input:not([type=hidden]),"
                "form select, form textarea')].filter(e => e.id !== 'f-website' &&"
                " !document.querySelector('label[for=\"' + e.id + '\"]')).map(e => e.name)")
            out["unlabelled"] = unlabelled
            fill_intake(d)
            by_id(d, "f-attachment").send_keys(sys.argv[3])
            send(d)
            out["url"] = d.current_url
            out["title"] = d.title
            out["code"] = by_id(d, "code").text
            out["qr"] = len(d.find_elements(By.CSS_SELECTOR, "svg[role=img]"))
            out["receipt"] = d.find_element(By.CSS_SELECTOR, "a.go").get_attribute("href")
            # The receipt with this browser's cookies (the page's own policy
            # lets no script fetch it, so it is fetched beside the browser).
            jar = "; ".join(c["name"] + "=" + c["value"] for c in d.get_cookies())
            req = urllib.request.Request(out["receipt"], headers={"Cookie": jar})
            with urllib.request.urlopen(req, timeout=30) as r:
                out["receipt_got"] = [r.status, r.headers["Content-Type"],
                                      r.read(4).decode("latin-1")]
            out["width"] = shot(d, sys.argv[4])
        elif what == "refused":
            d.get(base + "/ajukan")
            fill_intake(d, full=False)
            send(d)
            out["title"] = d.title
            out["alert"] = texts(d, "[role=alert] p.err")
            out["beside"] = {i: by_id(d, "e-" + i).text
                             for i in ("phone", "service", "description", "consent")
                             if d.find_elements(By.ID, "e-" + i)}
            # Each error is tied to its field for a screen reader.
            out["described"] = by_id(d, "f-description").get_attribute("aria-describedby")
            out["invalid"] = by_id(d, "f-description").get_attribute("aria-invalid")
            out["name_kept"] = by_id(d, "f-name").get_attribute("value")
            out["organization_kept"] = by_id(d, "f-organization").get_attribute("value")
            out["width"] = shot(d, sys.argv[3])
        elif what == "csrf":
            d.get(base + "/ajukan")
            fill_intake(d)
            d.execute_script(
                "document.querySelector('input[name=csrf]').value = '9999999999.' + 'ab'.repeat(32)")
            send(d)
            out["title"] = d.title
            out["alert"] = texts(d, "[role=alert] p.err")
            out["description_kept"] = by_id(d, "f-description").get_attribute("value")
            out["consent_kept"] = by_id(d, "f-consent").is_selected()
            out["width"] = shot(d, sys.argv[3])
        elif what == "zoom":
            d.get(base + sys.argv[3])
            out["title"] = d.title
            # The smallest text on the page, in CSS pixels.
            smallest = ("return Math.min(...[...document.querySelectorAll('body *')]"
                        ".filter(e => [...e.childNodes].some(n => n.nodeType === 3 &&"
                        " n.textContent.trim()) && e.getClientRects().length)"
                        ".map(e => parseFloat(getComputedStyle(e).fontSize)))")
            out["smallest"] = d.execute_script(smallest)
            out["width"] = shot(d, sys.argv[4].replace(".png", "-100.png"))
            # The browser's text size doubled, as a reader with low vision
            # sets it: every rem and em of the page grows with it.
            d.execute_script("document.documentElement.style.fontSize = '200%'")
            out["smallest_200"] = d.execute_script(smallest)
            out["width_200"] = shot(d, sys.argv[4])
            # What still sticks out past the phone's edge, to say which.
            out["wider"] = d.execute_script(
                "return [...document.querySelectorAll('body *')].filter(e =>"
                " e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)"
                ".map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"
                ".slice(0, 8)")
        elif what == "staf":
            user, password, code, note = sys.argv[3:7]
            d.get(base + "/staf")
            out["sign_in_title"] = d.title
            by_id(d, "f-name").send_keys(user)
            by_id(d, "f-password").send_keys(password)
            send(d)
            out["tasks_title"] = d.title
            out["tasks"] = texts(d, "a.task .code")
            out["when"] = texts(d, "a.task .when")
            link = [a for a in d.find_elements(By.CSS_SELECTOR, "a.task")
                    if code in a.text]
            if not link:
                raise RuntimeError("the task " + code + " is not listed: " + d.page_source[:2000])
            click_to_next_page(d, link[0])
            out["complaint_title"] = d.title
            out["step"] = by_id(d, "step").find_element(By.TAG_NAME, "h2").text
            if d.find_elements(By.ID, "f-function"):
                Select(by_id(d, "f-function")).select_by_index(1)
                out["function"] = Select(by_id(d, "f-function")).first_selected_option.text
            by_id(d, "f-note").send_keys(note)
            click_to_next_page(d, d.find_element(By.CSS_SELECTOR, "button[name=do][value=complete]"))
            out["after_title"] = d.title
            out["status"] = texts(d, "[role=status]")
            out["cookies"] = [{"name": c["name"], "httpOnly": c.get("httpOnly"),
                               "secure": c.get("secure"), "sameSite": c.get("sameSite")}
                              for c in d.get_cookies()]
            out["width"] = shot(d, sys.argv[7])
        else:
            raise SystemExit("unknown scenario " + what)
    except Exception as e:  # what the page said when it went wrong, for the test's log
        out["error"] = repr(e)
        out["page"] = d.page_source[:3000]
    finally:
        d.quit()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
