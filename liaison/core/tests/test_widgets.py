from django import forms

from liaison.core.widgets import FastSelect


class _Form(forms.Form):
    pick = forms.ChoiceField(
        choices=[("", "All"), ("1", "Công an <Quảng Nam>"), ("2", "ເຊກອງ")],
        widget=FastSelect(attrs={"class": "form-select"}),
        required=False,
    )


def test_renders_options_escaped_and_selected():
    html = str(_Form(data={"pick": "2"})["pick"])
    assert html.startswith('<select class="form-select" id="id_pick" name="pick">')
    assert '<option value="1">Công an &lt;Quảng Nam&gt;</option>' in html
    assert '<option value="2" selected>ເຊກອງ</option>' in html


def test_unbound_form_selects_the_empty_choice_like_django():
    fast = str(_Form()["pick"])
    assert fast.count("<option") == 3
    assert fast.count(" selected") == 1 and '<option value="" selected>All</option>' in fast
