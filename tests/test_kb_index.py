import json

import numpy as np
import pytest

from replylint.kb import KBIndex, Template, suggest

KB = [
    Template(id="delivery-time", title="Сроки доставки", topic="Доставка",
             questions=["Когда привезут мой заказ?", "Сколько идёт доставка?"],
             body="Доставка по Москве занимает 1–2 дня, по России — от 3 до 7 рабочих дней."),
    Template(id="delivery-delay", title="Заказ задерживается", topic="Доставка",
             questions=["Курьер не приехал", "Посылка опаздывает, где она?"],
             body="Приносим извинения за задержку. Мы связались со службой доставки, заказ {{ order.id }} будет у вас в ближайшие дни."),
    Template(id="payment-card", title="Оплата картой", topic="Оплата",
             questions=["Можно ли оплатить банковской картой?", "Принимаете Visa и МИР?"],
             body="Да, мы принимаем карты Visa, Mastercard и МИР на сайте и при получении."),
    Template(id="payment-failed", title="Платёж не проходит", topic="Оплата",
             questions=["Не проходит оплата", "Деньги списались, а заказ не оплачен"],
             body="Если деньги списались, а статус заказа не изменился, платёж вернётся банком за 3 дня."),
    Template(id="returns", title="Возврат товара", topic="Возврат",
             questions=["Как вернуть товар?", "Хочу сдать покупку обратно"],
             body="Вернуть товар можно в течение 14 дней: оформите заявку в личном кабинете."),
    Template(id="app-login", title="Не получается войти в приложение", topic="Приложение",
             questions=["Не могу зайти в мобильное приложение"],
             body="Обновите приложение и проверьте, что вводите номер телефона, указанный при регистрации."),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return KBIndex.build(KB, cache=cache), cache


@pytest.mark.parametrize("question, expected", [
    ("Здравствуйте! Подскажите, пожалуйста, сколько дней везут заказ?", "delivery-time"),
    ("курьер так и не пришёл, посылки нет уже неделю", "delivery-delay"),
    ("можно заплатить картой мир?", "payment-card"),
    ("деньги списались, а оплата так и не прошла", "payment-failed"),
    ("хочу вернуть покупку, как это сделать", "returns"),
    ("не могу войти в приложеиии", "app-login"),            # typo
    ("как вернуть товр", "returns"),                         # typo
    ("оплата не проходит, что делать?", "payment-failed"),
])
def test_right_template_first(index, question, expected):
    hits = index[0].search(question, top=3)
    assert hits[0].template.id == expected, [(h.id, h.score) for h in hits]
    assert all(0.0 <= h.score <= 1.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].matched


def test_scores_mean_something(index):
    idx = index[0]
    good = idx.search("Когда привезут мой заказ?", top=1)[0]
    weak = idx.search("какая погода завтра в Сочи", top=1)
    assert good.score > 0.6
    assert not weak or weak[0].score < good.score - 0.2
    assert idx.search("здравствуйте, пожалуйста", top=3) == []
    assert idx.search("как вернуть товар", top=10, min_score=0.99) == []


def test_cache_reused_and_corrupt_cache_rebuilt(index, tmp_path):
    _, cache = index
    again = KBIndex.build(KB, cache=cache)
    assert again.from_cache and again.search("как вернуть товар")[0].id == "returns"
    # a different KB gets a different cache entry
    other = KBIndex.build(KB[:2], cache=cache)
    assert not other.from_cache
    # corrupt every cached file: rebuilt, no crash
    for f in cache.glob("*.npz"):
        f.write_bytes(b"garbage")
    fresh = KBIndex.build(KB, cache=cache)
    assert not fresh.from_cache and fresh.search("как вернуть товар")[0].id == "returns"
    assert KBIndex.build(KB, cache=cache).from_cache
    with np.load(cache / f"{fresh.key}.npz", allow_pickle=False) as z:  # the rebuilt one
        assert json.loads(z["meta"].tobytes())["key"] == fresh.key


def test_from_path_and_suggest(tmp_path, monkeypatch):
    from replylint.kb.store import write_markdown

    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    d = tmp_path / "kb"
    write_markdown(KB, d)
    a = KBIndex.from_path(d)
    b = KBIndex.from_path(d)
    assert not a.from_cache and b.from_cache
    hits = suggest("сколько идет доставка в Казань", d, top=2)
    assert len(hits) == 2 and hits[0].id == "delivery-time"
    (d / "returns.md").write_text((d / "returns.md").read_text(encoding="utf-8").replace("14 дней", "30 дней"), encoding="utf-8")
    assert not KBIndex.from_path(d).from_cache  # content changed → new index


def test_versions_of_one_question_listed_once_as_the_latest(tmp_path):
    old = Template(id="yt-old", title="Как перенести видео c YouTube?",  # Latin `c`
                   questions=["перенос роликов с ютуба"], body="Напишите нам, перенесём вручную.")
    new = Template(id="yt-new", title="Как перенести видео с YouTube?",
                   body="Откройте Студию → «Импорт» и вставьте ссылку на канал.")
    other = Template(id="yt-link", title="Как добавить ссылку на YouTube в описание?",
                     body="В описании видео вставьте ссылку.")
    idx = KBIndex.build([old, other, new], cache=tmp_path)
    # the old version matches the customer's words best; the newer answer is what is offered
    hits = idx.search("перенос роликов с ютуба", top=3)
    assert [h.id for h in hits] == ["yt-new", "yt-link"]
    assert hits[0].matched == "перенос роликов с ютуба"


def test_question_words_tell_sibling_templates_apart(tmp_path):
    kb = [Template(id="who", title="Кем осуществляется модерация?", body="Видео проверяют модераторы."),
          Template(id="what", title="Что проверяют при модерации?", body="Соответствие правилам."),
          Template(id="howlong", title="Сколько длится модерация?", body="До 24 часов.")]
    idx = KBIndex.build(kb, cache=tmp_path)
    assert idx.search("Кто проводит модерацию?", top=1)[0].id == "who"
    assert idx.search("сколько по времени модерация идет", top=1)[0].id == "howlong"
    # a question keeps its question word (`такой` is still a function word)
    assert [lem for _, lem, _ in idx.analyse("Что такое модерация?")] == ["что", "модерация"]


def test_latin_names_written_in_cyrillic(index):
    idx = KBIndex.build([*KB, Template(id="shorts", title="Что такое Shorts?", body="Короткие вертикальные видео.")],
                        cache=index[1])
    assert idx.analyse("как снять шортс")[-1][1] == "shorts"
    assert idx.search("как снять шортс", top=1)[0].id == "shorts"


def test_the_best_templates_vote_for_their_topic(tmp_path):
    kb = [Template(id="d-time", title="Сроки доставки", topic="Доставка", body="Доставка занимает 1–3 дня."),
          Template(id="d-late", title="Посылка задерживается", topic="Доставка", body="Курьер привезёт посылку завтра."),
          Template(id="d-track", title="Где моя посылка", topic="Доставка", body="Посылку можно отследить по трек-номеру."),
          Template(id="r-time", title="Сроки возврата денег", topic="Возврат", body="Деньги вернутся за 10 дней.")]
    hits = KBIndex.build(kb, cache=tmp_path).search("какие сроки, когда приедет посылка", top=4)
    vote = {h.id: h.features["topic"] for h in hits}
    assert hits[0].template.topic == "Доставка"
    assert vote["d-time"] > vote["r-time"] >= 0.0 and vote["d-time"] <= 0.5
    # templates without a topic get no vote
    untitled = [Template(id=t.id, title=t.title, body=t.body) for t in kb]
    assert all(h.features["topic"] == 0.0 for h in KBIndex.build(untitled, cache=tmp_path).search("сроки доставки"))


def test_asking_whether_possible_reads_as_mozhno(tmp_path):
    kb = [Template(id="can", title="Можно ли удалить канал?", body="Да, канал удаляется навсегда."),
          Template(id="how", title="Как удалить канал?", body="Откройте настройки канала и нажмите «Удалить»."),
          Template(id="when", title="Когда удаляется канал?", body="Через 30 дней после заявки.")]
    idx = KBIndex.build(kb, cache=tmp_path)
    for question in ("Могу ли я удалить свой канал?", "Смогу ли я удалить канал?",
                     "Есть ли возможность удалить канал?"):
        assert "можно" in [lem for _, lem, _ in idx.analyse(question)], question
        assert idx.search(question, top=1)[0].id == "can", question
    # negated, it reports a problem rather than asks
    assert "можно" not in [lem for _, lem, _ in idx.analyse("Не могу удалить канал")]
    # in an answer `мочь` stays a stop word, `возможность` a noun
    from replylint.kb.text import content_tokens
    assert [lem for _, lem in content_tokens("Вы можете удалить канал: такая возможность есть.")] == \
        ["удалить", "канал", "возможность", "есть"]


def test_a_title_match_outweighs_an_example_question_match(tmp_path):
    # `notif` learned the customer's words as an example question; `mail` has them as its title
    notif = Template(id="notif", title="Как отключить уведомления?",
                     questions=["Почему мне приходят письма на почту?"],
                     body="Письма на почту и уведомления отключаются в настройках профиля.")
    mail = Template(id="mail", title="Почему мне приходят письма на почту?",
                    body="Мы присылаем чеки и статусы заказов.")
    idx = KBIndex.build([notif, mail], cache=tmp_path)
    hits = idx.search("почему приходят письма на почту", top=2)
    assert [h.id for h in hits] == ["mail", "notif"]
    assert hits[0].features["soft_phr"] > hits[1].features["soft_phr"]


def test_a_latin_name_spelt_in_cyrillic_is_the_kb_name_in_questions_and_phrasings(tmp_path):
    site = Template(id="site", title="Как удалить канал на RUTUBE?",
                    body="Откройте настройки канала на сайте RUTUBE и нажмите «Удалить».")
    # a learned customer phrasing spells the name in Cyrillic: that must not make `рутуб` a rare
    # word that only this template has
    app = Template(id="app", title="Как удалить канал в приложении?",
                   questions=["как удалить канал в приложении рутуб"],
                   body="В приложении откройте профиль и выберите «Удалить канал».")
    idx = KBIndex.build([site, app], cache=tmp_path)
    assert [lem for _, lem, _ in idx.analyse("че за студия на рутубе")][-1] == "rutube"
    assert [h.id for h in idx.search("как удалить канал на рутубе", top=2)] == ["site", "app"]


# ---------------------------------------------------------------- the cache holds data, never code

class _Planted:
    """Unpickling this creates the marker file: proof that a planted pickle ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


def _key() -> str:
    return KBIndex.build(KB, use_cache=False).key


def test_a_planted_pickle_never_runs_and_the_index_is_rebuilt(tmp_path):
    import pickle

    cache, marker = tmp_path / "cache", tmp_path / "pwned"
    cache.mkdir(mode=0o700)
    key = _key()
    payload = pickle.dumps({"version": "x", "key": key, "evil": _Planted(marker)})
    (cache / f"{key}.idx").write_bytes(payload)  # the old cache's name
    (cache / f"{key}.npz").write_bytes(payload)  # the new one's
    idx = KBIndex.build(KB, cache=cache)
    assert not marker.exists()
    assert not idx.from_cache and idx.search("как вернуть товар")[0].id == "returns"
    assert KBIndex.build(KB, cache=cache).from_cache  # the planted file was replaced by data
    # an .npz member that needs pickle (an object array) is refused as well
    np.savez(cache / f"{key}.npz", meta=np.array([_Planted(marker)], dtype=object))
    assert not KBIndex.build(KB, cache=cache).from_cache
    assert not marker.exists()


def _tamper(path, **changes):
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    for name, change in changes.items():
        arrays[name] = change(arrays[name])
    np.savez(path, **arrays)


def _meta(edit):
    def change(raw):
        meta = json.loads(raw.tobytes())
        edit(meta)
        return np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    return change


@pytest.mark.parametrize("changes", [
    {"wvn": lambda a: a[:, :10]},                                   # wrong shape
    {"stem_doc.ids": lambda a: a + 1000},                           # indices out of range
    {"doc_terms.ptr": lambda a: a[::-1].copy()},                    # offsets that run backwards
    {"group": lambda a: a.astype(np.float64)},                      # wrong dtype
    {"meta": _meta(lambda m: m.update(key="t-" + "0" * 32))},       # another KB's key
    {"meta": _meta(lambda m: m["vocab"].update({"лишнее": 10**6}))},  # vocabulary that does not fit
    {"meta": _meta(lambda m: m["records"][0].update(id=[1]))},      # a record of the wrong type
    {"meta": lambda a: np.frombuffer(b"[" * 5000, dtype=np.uint8)},  # JSON nested too deep
])
def test_a_cache_file_that_does_not_fit_is_rebuilt(tmp_path, changes):
    cache = tmp_path / "cache"
    first = KBIndex.build(KB, cache=cache)
    _tamper(cache / f"{first.key}.npz", **changes)
    again = KBIndex.build(KB, cache=cache)
    assert not again.from_cache
    assert again.search("курьер не приехал")[0].id == "delivery-delay"
    assert KBIndex.build(KB, cache=cache).from_cache


def test_a_cache_dir_others_can_write_or_own_is_not_used(tmp_path, monkeypatch):
    import os

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert not KBIndex.build(KB, cache=shared).from_cache
    assert not KBIndex.build(KB, cache=shared).from_cache  # nothing read from there
    assert list(shared.iterdir()) == []                      # nor written
    mine = tmp_path / "mine"
    assert not KBIndex.build(KB, cache=mine).from_cache
    assert (mine.stat().st_mode & 0o777) == 0o700            # created private
    assert KBIndex.build(KB, cache=mine).from_cache
    monkeypatch.setattr(os, "getuid", lambda: os.stat(mine).st_uid + 1)  # now it is someone else's
    assert not KBIndex.build(KB, cache=mine).from_cache
