"""The pipeline newsevents loads: its faster lemmatizer and attribute rules give spaCy's own annotations."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from newsevents import nlp, settings

TEXTS = [
    "Police ain't gonna stop the march, the protesters said; they can't and won't.",
    "On 12 March 2024, gunmen killed two villagers near Kisumu.  Residents fled.\n\nThe army didn't comment.",
    "\"We're going to fight,\" said a leader of the strikers, who'd been arrested twice.",
    "Soldiers clashed with Al Shabaab fighters near Mahaday; 5 militants were killed and 3 others were injured.",
    "KISUMU, March 12 - Hundreds of teachers wanna be paid: they're marching to the governor's office.",
    "   ",
]


@pytest.fixture(scope="module")
def stock():
    model = spacy.load(settings.get("spacy_model"))
    model.add_pipe("newsevents_paragraphs", before="parser")
    return model


def test_our_pipeline_annotates_exactly_as_spacy(stock):
    ours = nlp.load()
    assert type(ours.get_pipe("lemmatizer")) is not type(stock.get_pipe("lemmatizer"))  # the fast loop is in use
    assert type(ours.get_pipe("attribute_ruler")) is not type(stock.get_pipe("attribute_ruler"))
    for a, b in zip(ours.pipe(TEXTS), stock.pipe(TEXTS)):
        columns = [LEMMA, POS, TAG, MORPH, DEP]
        assert (a.to_array(columns) == b.to_array(columns)).all(), a.text
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]


def test_two_token_rules_match_as_spacys_matcher(stock):
    """ "ai n't" and "gon na" are rules over two tokens: their matches must be the same, not halves of two."""
    ours = nlp.load()
    docs = list(ours.pipe(TEXTS[:1] + ["I ain't sure we're gonna make it, are n't we?"],
                          disable=["attribute_ruler", "lemmatizer", "ner"]))
    for doc in docs:
        found = ours.get_pipe("attribute_ruler").match(doc)
        assert found == stock.get_pipe("attribute_ruler").match(doc)
        assert any(end - start == 2 for _, _, start, end in found)


def test_sentences_and_text_are_read_once_and_the_doc_still_serializes():
    from spacy.tokens import Doc

    doc = nlp.load()("Police arrested five people in Lagos.\n\nProtesters marched on Monday. They dispersed.")
    first = nlp.sentences(doc)
    assert [s.text for s in first] == [s.text for s in doc.sents]
    assert [(s.start, s.end) for s in nlp.sentences(doc)] == [(s.start, s.end) for s in first]
    assert nlp.text_of(doc) == doc.text and nlp.text_of(doc) is nlp.text_of(doc)
    again = Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert again.text == doc.text


def test_the_pipeline_is_loaded_once_per_process():
    # every code_text call asks for it: a reload per call made the batch's coders and the test suite 1.7x slower
    assert nlp.load() is nlp.load()
