"""The service's own web page (`/`) in real headless Chromium, against the real service."""
from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
THREAD = """{"id": "T-7", "channel": "chat", "customer": {"name": "Анна Смирнова", "fields": {"order_id": "4815162342"}},
 "messages": [{"author": "customer", "text": "Здравствуйте! Заказ 4815162342 не пришёл, хотя обещали вчера. Когда доставят?"}]}"""
BAD = "Добрый день! Пришлите, пожалуйста, номер заказа."
GOOD = "Здравствуйте, Анна! Извините за задержку. Заказ 4815162342 приедет завтра до 18:00, курьер позвонит за час."


def _open(driver, service) -> None:
    driver.get(service.url + "/")
    token = driver.find_element(By.ID, "token")
    token.clear()
    token.send_keys(service.token)


def _check(driver, thread: str, draft: str) -> None:
    for field, value in (("thread", thread), ("draft", draft)):
        driver.execute_script("document.getElementById(arguments[0]).value = arguments[1]", field, value)
    before = driver.find_element(By.ID, "status").text
    driver.find_element(By.ID, "check").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "status").text.startswith("готово")
                                    and d.find_element(By.ID, "status").text != before
                                    or d.find_element(By.ID, "input-error").text)


def test_the_page_highlights_findings_on_the_draft(driver, service):
    _open(driver, service)
    _check(driver, THREAD, BAD)
    assert driver.find_element(By.ID, "input-error").text == ""
    assert "заблокирована" in driver.find_element(By.ID, "verdict").text
    marks = driver.find_elements(By.CSS_SELECTOR, "#highlighted mark.sev-error")
    marked = [m for m in marks if "re-requested-data" in m.get_attribute("data-rules")]
    assert marked and "номер заказа" in marked[0].text
    ActionChains(driver).move_to_element(marked[0]).perform()
    tip = marked[0].find_element(By.CSS_SELECTOR, ".tip")
    assert tip.is_displayed() and "не просите" in tip.text
    rows = driver.find_elements(By.CSS_SELECTOR, "#questions tbody tr")
    assert any("Когда доставят?" in r.text and "без ответа" in r.text for r in rows)
    assert driver.find_elements(By.CSS_SELECTOR, "#templates button.use")
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / "web-page.png"))


def test_a_good_draft_is_clean_and_answers_the_question(driver, service):
    _open(driver, service)
    _check(driver, THREAD, GOOD)
    assert "можно отправлять" in driver.find_element(By.ID, "verdict").text
    assert not driver.find_elements(By.CSS_SELECTOR, "#highlighted mark")
    rows = driver.find_elements(By.CSS_SELECTOR, "#questions tbody tr")
    assert any("Когда доставят?" in r.text and "отвечен" in r.text for r in rows)


def test_use_puts_the_filled_template_into_the_draft(driver, service):
    _open(driver, service)
    _check(driver, THREAD, BAD)
    first = driver.find_element(By.CSS_SELECTOR, "#templates li pre").text
    before = driver.find_element(By.ID, "status").text
    driver.find_element(By.CSS_SELECTOR, "#templates button.use").click()
    assert driver.find_element(By.ID, "draft").get_attribute("value") == first
    assert "Анна" in first and "{{" not in first  # filled from the thread
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "status").text not in ("", before, "проверяю…"))


def test_bad_input_and_a_wrong_token_are_said_not_swallowed(driver, service):
    _open(driver, service)
    _check(driver, "{not json", BAD)
    assert "не JSON" in driver.find_element(By.ID, "input-error").text
    token = driver.find_element(By.ID, "token")
    token.clear()
    token.send_keys("wrong")
    _check(driver, THREAD, BAD)
    assert "401" in driver.find_element(By.ID, "input-error").text


def test_highlights_stay_on_the_words_after_emoji(driver, service):
    _open(driver, service)
    _check(driver, THREAD, "😀😀😀 " + BAD)  # each emoji is two UTF-16 units, one Python character
    marked = [m for m in driver.find_elements(By.CSS_SELECTOR, "#highlighted mark")
              if "re-requested-data" in m.get_attribute("data-rules")]
    assert marked and marked[0].text.startswith("Пришлите")
