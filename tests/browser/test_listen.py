"""In a real browser: "Nghe" reads an article aloud with the browser's Vietnamese voice, and is absent where there is
no such voice or no JavaScript. The speech engine is replaced by a recorder (a headless browser has no voices), so
the test sees what would be spoken."""

FAKE_SPEECH = """
(() => {
  const spoken = [];
  let cancelled = 0;
  window.__speech = {spoken, cancelled: () => cancelled};
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };  // takes the fake voices below
  Object.defineProperty(window, "speechSynthesis", {value: {
    getVoices: () => [{lang: "en-US", name: "English"}, {lang: "vi-VN", name: "Tiếng Việt"}],
    speak: (utterance) => spoken.push({text: utterance.text, lang: utterance.lang, voice: utterance.voice.name}),
    cancel: () => { cancelled += 1; },
    addEventListener: () => {},
  }});
})();
"""
NO_VIETNAMESE = FAKE_SPEECH.replace('{lang: "vi-VN", name: "Tiếng Việt"}', "")


def test_listen_reads_the_article_aloud_in_vietnamese(live_server, new_page, check_accessibility, open_draft):
    article = open_draft.articles[1]
    page = new_page(javascript=True)
    page.add_init_script(FAKE_SPEECH)
    page.goto(f"{live_server}/drafts/{open_draft.slug}/articles/{article.number}")
    button = page.get_by_role("button", name="Nghe")

    assert button.count() == 1 and button.get_attribute("aria-pressed") == "false"
    check_accessibility(page, "article page with its listen button")
    button.click()
    spoken = page.evaluate("window.__speech.spoken")
    stop = page.get_by_role("button", name="Dừng nghe")
    pressed = stop.get_attribute("aria-pressed")
    stop.click()

    assert len(spoken) == 1
    assert spoken[0]["lang"] == "vi-VN" and spoken[0]["voice"] == "Tiếng Việt"
    assert spoken[0]["text"].startswith(f"Điều {article.number}.")
    assert article.clauses[0].text[:30] in spoken[0]["text"]
    assert "Góp ý" not in spoken[0]["text"] and "Nghe" not in spoken[0]["text"]
    assert pressed == "true" and page.get_by_role("button", name="Nghe").is_visible()
    assert page.evaluate("window.__speech.cancelled()") >= 2


def test_no_listen_button_without_a_vietnamese_voice_or_without_javascript(live_server, new_page, open_draft):
    url = f"{live_server}/drafts/{open_draft.slug}"
    english_only = new_page(javascript=True)
    english_only.add_init_script(NO_VIETNAMESE)
    english_only.goto(url)
    without_javascript = new_page()
    without_javascript.add_init_script(FAKE_SPEECH)
    without_javascript.goto(url)

    assert english_only.locator(".law-article").count() == 3
    assert english_only.locator("button.listen").count() == 0
    assert without_javascript.locator("button.listen").count() == 0
