"""Match explanations as translated sentences (pages, export and API), and cross-agency
hits: recorded once, both owners told in the app and by e-mail, hidden records named
only to their owner."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.urls import reverse

from liaison.core.sharing import SharingLevel
from liaison.core.testing.scope import assert_scoped
from liaison.registry import explanations
from liaison.registry.explanations import explanation_sentence, translated_explanation
from liaison.registry.matching.explain import MESSAGES, Explanation
from liaison.registry.models import Hit
from liaison.registry.tests.helpers import LAO_NAME, make_person

QUERY = {"ref": "q1", "names": ["Bouaphanh Inthalath"], "birth_date": "1980"}
PARAMS = {
    "query": "Bouaphanh",
    "candidate": "ບົວພັນ",
    "query_romanized": "bouaphan",
    "candidate_romanized": "bouaphan",
    "query_script": "latin",
    "candidate_script": "lao",
    "years": 7,
    "type": "passport",
    "number": "P123",
    "query_type": "passport",
    "candidate_type": "id",
    "country": "LA",
    "countries": ["LA", "VN"],
    "similarity": 0.9,
    "bits": 3.2,
}


class TestSentences:
    def test_every_engine_code_has_a_sentence_that_fills(self):
        sentences = explanations._sentences()
        assert set(sentences) == set(MESSAGES)
        for code in MESSAGES:
            text = explanation_sentence({"code": code, "params": PARAMS, "message": "x"})
            assert "%(" not in text and text != "x", code

    def test_names_stay_as_written_side_by_side(self):
        item = Explanation("word_romanized", **PARAMS).to_dict()
        text = explanation_sentence(item)
        assert "Bouaphanh" in text and "ບົວພັນ" in text

    def test_sentences_go_through_gettext(self, monkeypatch):
        # a stand-in catalog: every sentence comes back marked, so none bypasses gettext
        monkeypatch.setattr(explanations, "_", lambda text: f"«{text}»")
        [item] = translated_explanation(
            [Explanation("dob_same_year", query="1980", candidate="1980").to_dict()]
        )
        assert item["message"].startswith("«") and "1980" in item["message"]
        assert item["code"] == "dob_same_year" and item["params"]["query"] == "1980"

    def test_unknown_codes_and_missing_params_fall_back_to_the_engine_message(self):
        assert explanation_sentence({"code": "new_code", "message": "Engine text"}) == "Engine text"
        assert explanation_sentence({"code": "doc_same", "params": {}, "message": "E"}) == "E"


@pytest.mark.django_db
class TestExplanationsShown:
    def test_screening_page_and_api_show_translated_sentences(self, cast, monkeypatch):
        make_person(cast.sekong, "LA-1", birth_date="1980-05-12")
        monkeypatch.setattr(explanations, "_", lambda text: f"«{text}»")
        client = cast.client_for(cast.la_officer)
        response = client.post(
            reverse("registry_screen"), {"lines": "Bouaphanh Inthalath; 1980", "top": 5}
        )
        [result] = response.context["results"]
        messages = result["candidates"][0]["messages"]
        assert messages and all(m.startswith("«") for m in messages)
        assert any(LAO_NAME.split()[0] in m for m in messages)
        data = client.post(
            "/api/v1/registry/persons/screen/",
            json.dumps({"records": [QUERY]}),
            content_type="application/json",
        ).json()
        [item, *_rest] = data["results"][0]["candidates"][0]["explanation"]
        assert item["code"] == "names" and item["params"]["candidate"] == LAO_NAME
        assert item["message"].startswith("«")


@pytest.mark.django_db
class TestHits:
    def _emails(self, cast):
        for user in (cast.vn_officer, cast.vn_supervisor, cast.la_officer):
            user.email = f"{user.username}@example.test"
            user.save()

    def test_a_screening_on_a_partner_record_is_a_hit_for_both(
        self, cast, django_capture_on_commit_callbacks
    ):
        self._emails(cast)
        person = make_person(
            cast.sekong, "LA-1", birth_date="1980-05-12", sharing=SharingLevel.PARTNERS
        )
        client = cast.client_for(cast.vn_officer)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("registry_screen"), {"lines": "Bouaphanh Inthalath; 1980", "top": 5}
            )
        assert response.status_code == 200
        hit = Hit.objects.get()
        assert (hit.screening_agency, hit.owner_agency, hit.person) == (
            cast.quang_nam,
            cast.sekong,
            person,
        )
        assert not hit.hidden and hit.query_names == ["Bouaphanh Inthalath"]
        # the owner's user and the screening agency's other users, not the screener
        recipients = sorted(m.to[0] for m in mail.outbox)
        assert "la_officer@example.test" in recipients
        assert "vn_officer@example.test" not in recipients
        assert all(LAO_NAME not in m.body and "Bouaphanh" not in m.body for m in mail.outbox)
        # screening again counts the hit, without a new one or new e-mails
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("registry_screen"), {"lines": "Bouaphanh Inthalath; 1980", "top": 5}
            )
        hit.refresh_from_db()
        assert (Hit.objects.count(), hit.times, len(mail.outbox)) == (1, 2, 0)
        # both sides see it in the application
        owner_page = cast.client_for(cast.la_officer).get(reverse("registry_hits"))
        [row] = owner_page.context["rows"]
        assert row["our_record"] and row["person"] == person
        assert cast.quang_nam.name in owner_page.content.decode()  # who screened
        [row] = cast.client_for(cast.vn_officer).get(reverse("registry_hits")).context["rows"]
        assert row["our_screening"] and row["person"] == person
        assert cast.client_for(cast.outsider).get(reverse("registry_hits")).context["rows"] == []

    def test_a_hidden_discoverable_record_is_named_only_to_its_owner(self, cast):
        person = make_person(cast.sekong, "LA-DISC", birth_date="1980-05-12", discoverable=True)
        cast.client_for(cast.outsider).post(
            "/api/v1/registry/persons/screen/",
            json.dumps({"records": [QUERY]}),
            content_type="application/json",
        )
        hit = Hit.objects.get()
        assert hit.hidden and hit.screening_agency == cast.kh_add and hit.person == person
        outsider = cast.client_for(cast.outsider)
        [row] = outsider.get(reverse("registry_hits")).context["rows"]
        assert row["person"] is None
        page = outsider.get(reverse("registry_hits")).content.decode()
        assert LAO_NAME not in page and "LA-DISC" not in page and cast.sekong.name in page
        data = outsider.get("/api/v1/registry/hits/").json()["results"]
        assert data[0]["person"] is None and data[0]["score"] is None
        assert data[0]["owner_agency"] == cast.sekong.code
        owner = cast.client_for(cast.la_officer).get("/api/v1/registry/hits/").json()["results"]
        assert owner[0]["person"] == person.pk and owner[0]["screened_by"] == cast.outsider.username
        assert_scoped(
            cast,
            f"/api/v1/registry/hits/{hit.pk}/",
            allowed=[cast.outsider, cast.la_officer],
            denied=[cast.vn_officer],
        )

    def test_own_records_and_the_command_line_make_no_hit(self, cast):
        make_person(cast.quang_nam, "VN-1", names=["Trần Văn Hải"], birth_date="1975")
        cast.client_for(cast.vn_officer).post(
            reverse("registry_screen"), {"lines": "Tran Van Hai; 1975", "top": 5}
        )
        from liaison.registry.screening import screen_records

        screen_records(actor=None, records=[{"names": ["Tran Van Hai"]}], hits_source="screening")
        assert not Hit.objects.exists()

    def test_a_new_person_meeting_a_partner_record_is_a_hit(self, cast):
        make_person(cast.sekong, "LA-1", birth_date="1980-05-12", sharing=SharingLevel.PARTNERS)
        cast.client_for(cast.vn_officer).post(
            reverse("registry_person_create"),
            {
                "ref": "VN-9",
                "primary_name": "Bouaphanh Inthalath",
                "birth_date": "1980",
                "sharing": "agency",
                "handling_code": "H0",
            },
        )
        assert Hit.objects.get().source == Hit.Source.PERSON_CREATE

    def test_hit_list_queries_are_fixed(self, cast, django_assert_max_num_queries):
        for n in range(8):
            make_person(
                cast.sekong, f"LA-{n}", names=[f"ບົວພັນ ອິນທະລາດ{n}"], sharing=SharingLevel.PARTNERS
            )
        for n in range(8):
            Hit.objects.create(
                screening_agency=cast.quang_nam,
                person_id=Hit._meta.get_field("person").related_model.objects.get(ref=f"LA-{n}").pk,
                owner_agency=cast.sekong,
                decision="possible",
                source="screening",
                query_names=[f"Name {n}"],
            )
        client = cast.client_for(cast.vn_officer)
        client.get(reverse("registry_hits"))
        with django_assert_max_num_queries(9):
            response = client.get(reverse("registry_hits"))
        assert len(response.context["rows"]) == 8
