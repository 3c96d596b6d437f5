"""The analysis pipeline: one spaCy Doc per text, natasha's analysis on it, lemmas by POS."""
import pytest

from replylint.nlp.pipeline import analyse


@pytest.fixture(scope="module")
def doc():
    return analyse("Здравствуйте!\n\nЗаказ 4815162342 не пришёл 5 марта.  Когда доставят? см. https://shop.ru/help\nАнна Смирнова")


def test_text_and_offsets_are_the_original(doc):
    assert doc.text.startswith("Здравствуйте!\n\nЗаказ")
    token = next(t for t in doc if t.text == "4815162342")
    assert doc.text[token.idx:token.idx + len(token)] == "4815162342"


def test_lemmas_use_part_of_speech():
    lemmas = {t.text: t.lemma_ for t in analyse("Пришёл 5 марта. Ваши данные в безопасности, данный вопрос решён. Мы нашли платёж.")}
    assert lemmas["марта"] == "март"
    assert lemmas["Пришёл"] == "прийти"
    assert lemmas["данные"] == "данные"      # the noun «data»
    assert lemmas["данный"] == "данный"      # the officialese adjective
    assert lemmas["нашли"] == "найти"        # past tense, not the imperative of «наслать»


def test_greeting_and_abbreviation_lemmas():
    lemmas = {t.text: t.lemma_ for t in analyse("Здравствуйте! Пришлите ИНН.")}
    assert lemmas["Здравствуйте"] in {"здравствуйте", "здравствовать"}  # the greeting, not a guess
    assert lemmas["ИНН"] == "инн"


def test_sentences_end_at_question_marks_and_line_breaks(doc):
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert "Когда доставят?" in sents
    assert sents[-1] == "Анна Смирнова"


def test_urls_and_masked_words_stay_whole():
    words = [t.text for t in analyse("см. https://shop.ru/help?id=5, пишите на a.b@mail.ru, х*рня")]
    assert "https://shop.ru/help?id=5" in words and "a.b@mail.ru" in words and "х*рня" in words


def test_syntax_and_entities(doc):
    verb = next(t for t in doc if t.text == "пришёл")
    assert any(child.text == "не" for child in verb.children)
    assert any(e.label_ == "PER" and "Анна" in e.text for e in doc.ents)


def test_empty_and_odd_texts_do_not_break():
    assert len(analyse("")) == 0
    assert analyse("   ").text == "   "
    assert analyse("😊😊").text == "😊😊"
    assert analyse("<p>Hello <b>world</b></p>").text == "<p>Hello <b>world</b></p>"
