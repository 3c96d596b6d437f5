"""The encoder and the trained heads: shipped weights are what training produces, every sentence of
a thread is encoded once, and the heads tell their classes from hard negatives."""
import sys
from pathlib import Path

import numpy as np
import pytest

from replylint import check
from replylint.nlp import encoder, heads
from replylint.resources import heads_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
import train  # noqa: E402


@pytest.mark.parametrize("name", list(heads.HEADS))
def test_shipped_weights_record_the_hash_of_the_current_training_data(name):
    _, files = train.load(name)
    with np.load(heads_dir() / f"{name}.npz") as z:
        assert str(z["hash"]) == train.data_hash(files), f"retrain {name}: make train"


def test_refitting_on_the_training_data_gives_the_shipped_weights():
    assert all(train.train(name, check=True) for name in heads.HEADS)


def test_each_thread_is_encoded_in_one_batch(monkeypatch):
    calls = []
    real = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts: calls.append(list(texts)) or real(texts))
    check({"messages": [{"author": "customer", "text": "Заказ не пришёл. Когда привезут?"},
                        {"author": "agent", "text": "Проверим и напишем."},
                        {"author": "customer", "text": "Спасибо! Жду."}],
           "draft": {"text": "Здравствуйте! Извините за ожидание. Заказ привезут завтра до 14:00."}})
    assert len(calls) == 1
    assert "Извините за ожидание." in calls[0] and "Спасибо!" in calls[0]


def test_char_grams_are_those_the_heads_were_trained_with():
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    for text in ["Ну ты чё,  читать не умеешь?!", "Я", "ВАЖНО: звоните 8-800\nсегодня"]:
        assert heads.char_grams(text) == analyzer(text)


def test_vectors_are_unit_length_and_deterministic():
    a = encoder.encode(["Вернём деньги до пятницы.", "Вернём деньги до пятницы."])
    assert a.shape == (2, encoder.DIM)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.allclose(a[0], a[1], atol=1e-5)  # one text twice in a batch: the same vector
    assert encoder.encode([]).shape == (0, encoder.DIM)


def test_an_unknown_head_is_named_in_the_error():
    with pytest.raises(KeyError, match="no head named 'sarcasm'"):
        heads.probabilities("sarcasm", encoder.encode(["Ну конечно."]), ["Ну конечно."])


def _p(name, *texts):
    return heads.probabilities(name, encoder.encode(list(texts)), list(texts))


# Sentences written for these tests, each beside a hard negative of the same content.
PAIRS = {
    "rude": ("Как мы уже сто раз объясняли, кнопка оплаты находится внизу экрана.",
             "Кнопка оплаты находится внизу экрана, под списком товаров."),
    "excuse": ("Ответ задержался: у нас сейчас сезон, операторы не справляются с потоком писем.",
               "Ответ задержался, извините: вот решение по вашему вопросу."),
    "refusal": ("Перенести бронь на другую дату, к сожалению, не получится.",
                "Перенести бронь на другую дату можно в личном кабинете."),
    "justified": ("Вернуть билет не получится, он невозвратный, но его можно переоформить на другого пассажира.",
                  "Вернуть билет не получится. Мы всегда рады вашим обращениям."),
    "promise": ("Проверим начисление по вашему договору и вернёмся с ответом.",
                "После оплаты счёта чек приходит на почту автоматически."),
    "officialese": ("Осуществление возврата денежных средств производится в установленном порядке.",
                    "Деньги вернём тем же способом, каким вы платили."),
    "apology": ("Простите нас за эту путаницу с заказом.",
                "К сожалению, этого товара сейчас нет на складе."),
    "gratitude": ("Большое спасибо, что так быстро помогли!",
                  "Спасибо за испорченные выходные, ваш курьер так и не приехал."),
}


@pytest.mark.parametrize("name", list(PAIRS))
def test_a_head_scores_its_class_above_a_hard_negative_of_the_same_content(name):
    positive, negative = _p(name, *PAIRS[name])
    assert positive >= 0.5 > negative, (name, positive, negative)
