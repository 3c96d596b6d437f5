"""Upsell: is the offer welcome? (RULES.md, family *upsell*).

`upsell-to-unhappy-customer`: the draft promotes something for sale (`replylint/nlp/offers.py`)
while the open turn is negative (`replylint/nlp/mood.py`). `off-topic-upsell`: the offer has
nothing to do with what the customer wrote, or the thread rules it out (a service outside the
customer's area, a product they said they do not use). Neither fires when the customer asked for
offers, options, alternatives or a recommendation; compensation that needs no purchase is not an
offer at all.
"""
from __future__ import annotations

from typing import Iterator

from ..analysis import AnalysedThread
from ..engine import Rule, register
from ..model import Finding
from ..nlp.mood import mood
from ..nlp.offers import asked_for_offers, customer_topic, offers, related, ruled_out


@register("upsell-to-unhappy-customer")
def upsell_to_unhappy_customer(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    found = ctx.memo(offers)
    if not found or asked_for_offers(ctx):
        return
    m = ctx.memo(mood)
    if m.label != "negative":
        return
    evidence = (m.failures + m.negatives)[:3]
    for offer in found[:1]:
        yield rule.finding(ctx, offer.span, related=evidence)


@register("off-topic-upsell")
def off_topic_upsell(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    found = ctx.memo(offers)
    if not found or asked_for_offers(ctx):
        return
    topic = customer_topic(ctx)
    opts = rule.options(ctx)
    for offer in found:
        against = ruled_out(ctx, offer)
        if against is not None:
            yield rule.finding(ctx, offer.span, related=[against], message=opts["ruled_out_message"])
            return
        if offer.topic and not related(offer, topic):
            yield rule.finding(ctx, offer.span)
            return
